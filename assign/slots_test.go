package assign

import (
	"context"
	"errors"
	"math/rand/v2"
	"slices"
	"testing"
)

// slotProblem is a random problem with groups and slots shaped as
// linkmatch's time rule makes them: a column has slots (0–2) and places
// for its slots plus the extra places of the largest group eligible there,
// within a capacity of up to 4.
func slotProblem(rng *rand.Rand, pins bool) *Problem {
	p := randomProblem(rng, 8, 4, true, pins, false)
	p.Slots = make([]int32, len(p.Places))
	largest := make([]int32, len(p.Places))
	pr, err := prepare(p)
	if err != nil {
		return p
	}
	for ii := range pr.items {
		cols, _ := pr.options(&pr.items[ii])
		for _, j := range cols {
			largest[j] = max(largest[j], pr.items[ii].size)
		}
	}
	pinned := make([]int32, len(p.Places))
	for _, pin := range p.Pins {
		pinned[pin.Col]++
	}
	for j := range p.Slots {
		s := int32(rng.IntN(3))
		p.Slots[j] = s
		places := s
		if s > 0 && largest[j] > 1 {
			places += largest[j] - 1
		}
		p.Places[j] = max(min(int32(1+rng.IntN(4)), places), pinned[j])
	}
	return p
}

// roundsLoop is the loop linkmatch ran before slots were the solver's: solve
// without slots, lower the places of every column over its slots (where
// places are left to lower) and solve again from scratch, until none is.
func roundsLoop(t *testing.T, p *Problem, opt Options) (*Result, *Problem, int) {
	q := *p
	q.Slots = nil
	q.Places = slices.Clone(p.Places)
	pinned := make([]int32, len(q.Places))
	for _, pin := range q.Pins {
		pinned[pin.Col]++
	}
	group := map[int32]int32{}
	for g, rows := range q.Groups {
		for _, r := range rows {
			group[r] = int32(g)
		}
	}
	for rounds := 1; ; rounds++ {
		res, err := Solve(context.Background(), &q, opt)
		if err != nil {
			t.Fatal(err)
		}
		items := make([]int32, len(q.Places))
		seen := map[[2]int32]bool{}
		for _, a := range res.Assignments {
			if g, ok := group[a.Row]; ok {
				if seen[[2]int32{g, a.Col}] {
					continue
				}
				seen[[2]int32{g, a.Col}] = true
			}
			items[a.Col]++
		}
		over := false
		for j, n := range items {
			if left := max(p.Slots[j], pinned[j]); n > p.Slots[j] && q.Places[j] > left {
				q.Places[j], over = left, true
			}
		}
		if !over {
			return res, &q, rounds
		}
	}
}

// exactSlots is the best (units, weight) when every column takes at most
// max(slots, units pinned there) items and at most its places, by
// enumeration: the time rule itself, which the rounds only approach.
func exactSlots(t *testing.T, p *Problem) (int64, int64) {
	pr, err := prepare(p)
	if err != nil {
		t.Fatal(err)
	}
	items := make([]int32, len(p.Places))
	limit := slices.Clone(p.Slots)
	pinUnits := make([]int32, len(p.Places))
	seen := map[int32]bool{}
	for r, j := range pr.pinned {
		if j < 0 {
			continue
		}
		pinUnits[j] += pr.units[r]
		if g := pr.group[r]; g < 0 || !seen[g] {
			items[j]++
			if g >= 0 {
				seen[g] = true
			}
		}
	}
	for j := range limit {
		limit[j] = max(limit[j], pinUnits[j])
	}
	return enumerate(t, p, limit, items)
}

// TestSlotsAgainstRoundsLoop holds Solve with slots to the loop it replaced
// (the same placements, lowered places and rounds, in every mode), checks
// its certificate and that no column is over its slots, and compares the
// optimum with enumeration: of the lowered problem (equal), and of the
// time rule itself (never beaten, since every answer keeps the rule).
func TestSlotsAgainstRoundsLoop(t *testing.T) {
	rng := rand.New(rand.NewPCG(15, 10))
	ctx := context.Background()
	iters := 3000
	if testing.Short() {
		iters = 400
	}
	lowered, below := 0, 0
	for it := 0; it < iters; it++ {
		p := slotProblem(rng, it%3 == 0)
		if _, err := prepare(p); err != nil {
			continue
		}
		for _, mode := range []Mode{Optimal, Stable, Greedy} {
			res, err := Solve(ctx, p, Options{Mode: mode})
			if err != nil {
				t.Fatalf("case %d %v: %v", it, mode, err)
			}
			want, q, rounds := roundsLoop(t, p, Options{Mode: mode})
			if !slices.Equal(res.Assignments, want.Assignments) || res.Units != want.Units || res.Weight != want.Weight || res.Rounds != rounds {
				t.Fatalf("case %d %v: got %+v (%d rounds), the loop %+v (%d rounds)\n%+v", it, mode, res.Assignments, res.Rounds, want.Assignments, rounds, p)
			}
			for j := range q.Places {
				k := slices.IndexFunc(res.Lowered, func(c ColumnPlaces) bool { return int(c.Col) == j })
				got := p.Places[j]
				if k >= 0 {
					got = res.Lowered[k].Places
				}
				if got != q.Places[j] {
					t.Fatalf("case %d %v: column %d has %d places, the loop lowered it to %d", it, mode, j, got, q.Places[j])
				}
			}
			if err := CheckFeasible(p, res); err != nil {
				t.Fatalf("case %d %v: %v", it, mode, err)
			}
			if mode != Optimal {
				continue
			}
			if err := CheckOptimal(p, res); err != nil {
				t.Fatalf("case %d: %v\n%+v", it, err, p)
			}
			if !res.Proven {
				t.Fatalf("case %d: not proven", it)
			}
			lu, lw := bruteForce(t, q)
			if res.Units != lu || res.Weight != lw {
				t.Fatalf("case %d: got %d/%d, enumeration of the lowered problem %d/%d", it, res.Units, res.Weight, lu, lw)
			}
			eu, ew := exactSlots(t, p)
			if res.Units > eu || (res.Units == eu && res.Weight > ew) {
				t.Fatalf("case %d: got %d/%d beyond the time rule's optimum %d/%d", it, res.Units, res.Weight, eu, ew)
			}
			if len(res.Lowered) > 0 {
				lowered++
			}
			if res.Units != eu || res.Weight != ew {
				below++
			}
		}
	}
	if lowered == 0 {
		t.Fatal("no case lowered any places: the test does not exercise slots")
	}
	t.Logf("%d cases lowered places; %d ended below the time rule's own optimum", lowered, below)
}

// TestSlotsChecked: the checkers refuse a placement over a column's slots
// and a certificate whose lowered places are not the problem's to lower.
func TestSlotsChecked(t *testing.T) {
	// Two rows and a group of two, one column with 3 places and 1 slot.
	p := &Problem{Rows: 4, Places: []int32{3}, Slots: []int32{1}, MaxWeight: 100,
		Arcs:   []Arc{{0, 0, 90}, {1, 0, 10}, {2, 0, 10}, {3, 0, 80}},
		Groups: [][]int32{{1, 2}}}
	res, err := Solve(context.Background(), p, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if err := CheckOptimal(p, res); err != nil {
		t.Fatal(err)
	}
	// Row 0 with the group's extra places, then row 0 alone.
	if res.Rounds != 2 || len(res.Lowered) != 1 || res.Lowered[0] != (ColumnPlaces{0, 1}) || res.Units != 1 || res.Weight != 90 {
		t.Fatalf("got %d rounds, lowered %+v, %d units weight %d", res.Rounds, res.Lowered, res.Units, res.Weight)
	}
	over := &Result{Mode: Optimal, Units: 2, Weight: 170,
		Assignments: []Assignment{{Row: 0, Col: 0, Arc: 0, Group: -1}, {Row: 3, Col: 0, Arc: 3, Group: -1}}}
	if err := CheckFeasible(p, over); !errors.Is(err, ErrCheckFailed) {
		t.Fatalf("two items in one slot: %v", err)
	}
	for _, bad := range [][]ColumnPlaces{{{0, 4}}, {{1, 1}}, {{0, -1}}} {
		cert := *res.Certificate
		cert.Lowered = bad
		r := *res
		r.Certificate = &cert
		if err := CheckOptimal(p, &r); !errors.Is(err, ErrCheckFailed) {
			t.Fatalf("lowered %+v: %v", bad, err)
		}
	}
	q := *p
	q.Slots = []int32{1, 1}
	if _, err := Solve(context.Background(), &q, Options{}); !errors.Is(err, ErrBadProblem) {
		t.Fatalf("slots for two columns of one: %v", err)
	}
}
