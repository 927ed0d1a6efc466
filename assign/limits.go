package assign

import (
	"errors"
	"fmt"
	"math"
	"math/bits"
)

// ErrTooLarge is matched (errors.Is) by a *LimitError: a problem whose
// numbers could overflow the solver's exact int64 arithmetic, refused
// before any work rather than wrapped silently.
var ErrTooLarge = errors.New("assign: problem too large for exact int64 arithmetic")

// LimitError says which limit a problem exceeds (see the package comment,
// "Limits"). The numbers are those known when the limit was hit; zero when
// not yet computed.
type LimitError struct {
	What string
	// TotalUnits is N, the units of all rows; MaxWeight the weight bound of
	// one unit; Scale the least common multiple of the sizes of items
	// needing more than one unit; LargestItem the most units one row or
	// group needs.
	TotalUnits, MaxWeight, Scale, LargestItem int64
}

func (e *LimitError) Error() string {
	s := "assign: problem too large for exact int64 arithmetic: " + e.What
	if e.TotalUnits > 0 {
		s += fmt.Sprintf(" (total units %d, weight per unit up to %d", e.TotalUnits, e.MaxWeight)
		if e.Scale > 0 {
			s += fmt.Sprintf(", scale %d", e.Scale)
		}
		if e.LargestItem > 0 {
			s += fmt.Sprintf(", largest row or group %d units", e.LargestItem)
		}
		s += ")"
	}
	return s
}

// Is reports whether target is ErrTooLarge.
func (e *LimitError) Is(target error) bool { return target == ErrTooLarge }

// headroom is how many times the largest objective value must fit in an
// int64. The flow solver's path lengths reach at most 3 × the weight of one
// unit and the objective at most N × that weight (package comment,
// "Limits"), so N × unit weight × 4 below 2^63 covers every intermediate.
const headroom = 4

// mulOK returns a·b and whether it fits in an int64 (a, b ≥ 0).
func mulOK(a, b int64) (int64, bool) {
	hi, lo := bits.Mul64(uint64(a), uint64(b))
	if hi != 0 || lo > math.MaxInt64 {
		return 0, false
	}
	return int64(lo), true
}

func gcd(a, b int64) int64 {
	for b != 0 {
		a, b = b, a%b
	}
	return a
}

// constants sets big and scale and refuses a problem whose objective could
// overflow int64.
func (pr *prepared) constants() error {
	N, W := pr.totalUnits, pr.maxW
	lim := &LimitError{TotalUnits: N, MaxWeight: W}
	nw, ok := mulOK(W, N)
	if !ok || nw == math.MaxInt64 {
		lim.What = "the weight per unit × the total units does not fit"
		return lim
	}
	pr.big = nw + 1
	pr.scale = 1
	for i := range pr.items {
		k := int64(pr.items[i].size)
		lim.LargestItem = max(lim.LargestItem, k)
		if k <= 1 {
			continue
		}
		s, ok := mulOK(pr.scale/gcd(pr.scale, k), k)
		if !ok {
			lim.What = "rows and groups needing several units have sizes whose least common multiple does not fit; use fewer different sizes"
			return lim
		}
		pr.scale = s
	}
	lim.Scale = pr.scale
	// The weight of one unit, scale·(big + maxW), times N, times headroom.
	ok = pr.big <= math.MaxInt64-W
	var perUnit int64
	if ok {
		perUnit, ok = mulOK(pr.scale, pr.big+W)
	}
	if ok {
		perUnit, ok = mulOK(perUnit, max(N, 1))
	}
	if ok {
		_, ok = mulOK(perUnit, headroom)
	}
	if !ok {
		lim.What = "the largest objective value (total units × scale × (big + weight per unit) × 4) does not fit"
		return lim
	}
	return nil
}
