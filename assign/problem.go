package assign

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"time"
)

// Problem is the input to Solve. Rows are numbered 0..Rows-1 and columns
// 0..len(Places)-1; every tie is broken by these indices, so a caller who
// numbers rows and columns in the order of its own ids gets results that
// are deterministic by id, whatever order it read its data in.
type Problem struct {
	// Rows is how many rows there are.
	Rows int
	// Units is how many places each row needs, all at one column (a row is
	// placed whole or not at all). Nil, or an entry of 0, means 1.
	Units []int32
	// Places is how many places each column has; its length is the number
	// of columns.
	Places []int32
	// Arcs are the allowed placements. At most one arc per row and column.
	Arcs []Arc
	// Groups are sets of rows that must be placed at one column together or
	// not at all (the column needs the sum of their units). A row is in at
	// most one group.
	Groups [][]int32
	// Pins are placements kept as they are; they use their column's places
	// before anything else is placed. A pinned row in a group requires every
	// row of the group to be pinned to the same column.
	Pins []Pin
	// Slots, when not nil, is how many items (a row outside every group,
	// or a whole group) each column may take besides its places; Solve
	// lowers the places of a column given more (slots.go). Nil means no
	// limit but the places.
	Slots []int32
	// MaxWeight is the most one unit can weigh: every arc's weight is at
	// most MaxWeight × its row's units. It sets Big (see the package
	// comment). Zero means the largest weight per unit among the arcs
	// (rounded up).
	MaxWeight int64
	// Memory, when not nil, allocates the solver's largest arrays (those
	// with an entry per arc); nil means Go's make. A caller that reads one
	// large problem and solves it once may back them with huge pages.
	Memory Memory
}

// Memory allocates a zeroed slice of length n and capacity c (c ≥ n).
// Solve asks it only for arrays that live as long as the solve; what it
// returns must not be shared with anything else.
type Memory interface {
	Int32s(n, c int) []int32
	Int64s(n, c int) []int64
}

// int32s is make([]int32, n, c) through mem when it is not nil.
func int32s(mem Memory, n, c int) []int32 {
	if mem == nil {
		return make([]int32, n, c)
	}
	return mem.Int32s(n, c)
}

// int64s is make([]int64, n, c) through mem when it is not nil.
func int64s(mem Memory, n, c int) []int64 {
	if mem == nil {
		return make([]int64, n, c)
	}
	return mem.Int64s(n, c)
}

// Arc allows row Row at column Col, worth Weight (≥ 0) for the whole row.
type Arc struct {
	Row, Col int32
	Weight   int64
}

// Pin keeps row Row at column Col. There must be an arc for the pair.
type Pin struct {
	Row, Col int32
}

// Mode chooses how rows are placed.
type Mode uint8

// The modes, spelled as String and ParseMode spell them.
const (
	Optimal Mode = iota // most units placed, then the highest total weight, proven
	Stable              // row-proposing deferred acceptance
	Greedy              // fewest options first, each takes its heaviest column
)

var modeNames = [...]string{"optimal", "stable", "greedy"}

// String returns "optimal", "stable" or "greedy".
func (m Mode) String() string {
	if int(m) < len(modeNames) {
		return modeNames[m]
	}
	return "unknown"
}

// ParseMode reads "optimal", "stable" or "greedy".
func ParseMode(s string) (Mode, bool) {
	for i, n := range modeNames {
		if n == s {
			return Mode(i), true
		}
	}
	return 0, false
}

// Options tunes Solve. The zero value solves in optimal mode with the
// default branch-and-bound node limit.
type Options struct {
	Mode Mode
	// NodeLimit caps the relaxations the branch and bound solves for rows
	// that need several units (optimal mode): the first, the probes of
	// split items, the nodes and the dives. 0 means DefaultNodeLimit.
	NodeLimit int
}

// DefaultNodeLimit is the branch-and-bound budget, in relaxations. Each is
// warm-started from its parent (about a millisecond at 7,000 rows and
// 45,000 columns), so the limit bounds the extra work by some tens of
// seconds at worst; the generated national scenario (129 groups, 30 split
// at first) is proven optimal in about 400, the scarce one (120 groups,
// 25 split) in about 1,700.
const DefaultNodeLimit = 10000

// Assignment is one placed row.
type Assignment struct {
	Row, Col int32
	// Arc is the index in Problem.Arcs of the arc used.
	Arc    int32
	Pinned bool
	// Group is the index of the row's group, or -1.
	Group int32
}

// Unplaced describes a row left without a column, for callers to explain:
// Units is how many places the row (with its group) needed at one column;
// Eligible counts the columns it (and every row of its group) has an arc
// to; of those, Full have no place left at the end and Room have at least
// Units places left.
type Unplaced struct {
	Row                  int32
	Units                int32
	Eligible, Full, Room int
}

// Result is the outcome of Solve.
type Result struct {
	Mode Mode
	// Assignments are in row order; pinned rows are included.
	Assignments []Assignment
	// Unplaced lists every row without a column, in row order.
	Unplaced []Unplaced
	// Units and Weight total the placed rows (pins included).
	Units  int64
	Weight int64

	// Optimal mode only. Proven is true when branch and bound finished, so
	// the result is optimal. BoundUnits and BoundWeight are the best bound
	// found on the optimum (lexicographically: units, then weight; pins
	// included); they equal Units and Weight when Proven. Nodes counts the
	// relaxations solved (the first included) and NodeTime is the wall
	// time they took in all, so NodeTime / Nodes is the time per node (for
	// logs: it varies from run to run).
	Proven                  bool
	BoundUnits, BoundWeight int64
	Nodes                   int
	NodeTime                time.Duration
	Certificate             *Certificate

	// Rounds counts the solves that Problem.Slots took (1 without slots,
	// or when no column went over them); Nodes and NodeTime add up every
	// round's. Lowered lists, in column order, the columns whose places
	// were lowered to meet their slots, with the places each was given.
	Rounds  int
	Lowered []ColumnPlaces
}

// Gap returns how many units and how much weight an optimal result could
// have beyond this one: zero when Proven. The gap is lexicographic — when
// units differ, the weight part may be negative.
func (r *Result) Gap() (units, weight int64) {
	return r.BoundUnits - r.Units, r.BoundWeight - r.Weight
}

// ErrBadProblem is matched (errors.Is) by every error about an
// inconsistent Problem: an index out of range, a negative weight or count,
// a duplicate arc, a row in two groups or an invalid pin.
var ErrBadProblem = errors.New("assign: invalid problem")

func badf(format string, args ...any) error {
	return fmt.Errorf("%w: "+format, append([]any{ErrBadProblem}, args...)...)
}

// Solve places rows in the requested mode. It honours ctx cancellation.
func Solve(ctx context.Context, p *Problem, opt Options) (*Result, error) {
	pr, err := prepare(p)
	if err != nil {
		return nil, err
	}
	return solvePrepared(ctx, pr, opt)
}

// Prepared is a Problem checked and organised for the solvers once (its
// arcs grouped by row, each row's in column order), to be solved again
// with other pins (SolvePinned) without checking and sorting the arcs
// each time: match's "why this carer" solves one problem once for each
// child not at their first choice, pinned there (a 500-child run, about
// 230 solves), and preparing the arcs was a fifth of each solve.
type Prepared struct {
	pr  *prepared
	mem recyclers // the per-edge arrays of SolvePinned's solves, reused
}

// Prepare checks p and organises it for solving, as Solve does first. p
// must not change while the Prepared is in use.
func Prepare(p *Problem) (*Prepared, error) {
	pr, err := prepare(p)
	if err != nil {
		return nil, err
	}
	return &Prepared{pr: pr}, nil
}

// SolvePinned solves the prepared problem with pins in place of its
// Problem.Pins: the result is Solve's for a copy of the problem with those
// pins. Bad pins are an error matching ErrBadProblem, as Solve's. Several
// solves may run at once; unless the problem has a Memory of its own, the
// solves reuse each other's per-edge arrays once they have ended.
func (pp *Prepared) SolvePinned(ctx context.Context, pins []Pin, opt Options) (*Result, error) {
	base := pp.pr
	q := *base.p
	q.Pins = pins
	if q.Memory == nil {
		r := pp.mem.get()
		defer pp.mem.put(r)
		q.Memory = r
	}
	pr, err := base.derive(&q)
	if err != nil {
		return nil, err
	}
	return solvePrepared(ctx, pr, opt)
}

// Solve solves q, which is the problem pp was prepared from or a copy of
// it with other Places (the places another mode's solve lowered, say), in
// opt's mode: the result is Solve(ctx, q, opt)'s, but the arcs are not
// checked and grouped again (on a national problem, 0.3–0.5 s of a core
// for each of the greedy and stable solves that every run compares with;
// issue 15). A q that differs from the prepared problem in more than its
// places (its arcs, units, groups, pins or slots are not the very same
// slices, or its rows or MaxWeight differ) is solved as Solve solves it.
// Several solves may run at once.
func (pp *Prepared) Solve(ctx context.Context, q *Problem, opt Options) (*Result, error) {
	base := pp.pr
	if !base.onlyPlacesDiffer(q) {
		return Solve(ctx, q, opt)
	}
	pr, err := base.derive(q)
	if err != nil {
		return nil, err
	}
	return solvePrepared(ctx, pr, opt)
}

// derive prepares q, which is base's problem but for its pins or places,
// from base: the arcs, units and groups do not depend on them, so they are
// shared, and read only by the solvers; the places (checked), the pins and
// the items are q's own.
func (base *prepared) derive(q *Problem) (*prepared, error) {
	pr := &prepared{p: q, units: base.units, group: base.group, start: base.start,
		candCol: base.candCol, candW: base.candW, candArc: base.candArc, maxW: base.maxW, totalUnits: base.totalUnits}
	pr.places = slices.Clone(q.Places)
	for j, pl := range pr.places {
		if pl < 0 {
			return nil, badf("column %d has %d places", j, pl)
		}
	}
	if err := pr.pins(); err != nil {
		return nil, err
	}
	if err := pr.buildItemsFrom(base); err != nil {
		return nil, err
	}
	if err := pr.constants(); err != nil {
		return nil, err
	}
	return pr, nil
}

// onlyPlacesDiffer reports whether q is pr's problem but for its places:
// the same slices (by identity) for what prepare reads besides them.
func (pr *prepared) onlyPlacesDiffer(q *Problem) bool {
	p := pr.p
	return q.Rows == p.Rows && len(q.Places) == len(p.Places) && q.MaxWeight == p.MaxWeight &&
		same(q.Arcs, p.Arcs) && same(q.Units, p.Units) && same(q.Groups, p.Groups) && same(q.Pins, p.Pins) && same(q.Slots, p.Slots)
}

// same reports whether a and b are the same slice: the same length, and
// the same first element if any.
func same[T any](a, b []T) bool {
	return len(a) == len(b) && (len(a) == 0 || &a[0] == &b[0]) && (a == nil) == (b == nil)
}

// solvePrepared solves pr in opt's mode (round after round, for slots)
// and completes the result.
func solvePrepared(ctx context.Context, pr *prepared, opt Options) (*Result, error) {
	res, err := solveRounds(ctx, pr, opt)
	if err != nil {
		return nil, err
	}
	res.Mode = opt.Mode
	finishResult(pr, res)
	return res, nil
}

// solveMode solves pr once in the mode opt asks for.
func solveMode(ctx context.Context, pr *prepared, opt Options) (*Result, error) {
	switch opt.Mode {
	case Optimal:
		limit := opt.NodeLimit
		if limit <= 0 {
			limit = DefaultNodeLimit
		}
		return solveOptimal(ctx, pr, limit)
	case Stable:
		return solveStable(ctx, pr)
	case Greedy:
		return solveGreedy(ctx, pr)
	}
	return nil, fmt.Errorf("assign: unknown mode %d", opt.Mode)
}
