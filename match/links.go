package match

import (
	"context"
	"errors"
	"fmt"
	"slices"

	"github.com/linkmatch/linkmatch/assign"
)

// Assignment is one chosen link: Child and Carer are a row and a column
// of the Problem (ids in Problem.ChildIDs and CarerIDs).
type Assignment struct {
	Child, Carer int32
	Score        float64
	Pinned       bool
	// Group is the index of the child's sibling group, or -1.
	Group int32
}

// Unmatched explains why a child has no link. Reason is a sentence for
// people; Code, Eligible and Full are for programs: Code is
// "no_eligible_carer", "carers_full" or "no_room_for_group"; Eligible
// counts the carers the child (or its whole sibling group) could have gone
// to, Full how many of them have no place left at the end.
type Unmatched struct {
	Child    int32
	Code     string
	Reason   string
	Eligible int
	Full     int
}

// The Unmatched codes.
const (
	codeNoEligible = "no_eligible_carer"
	codeFull       = "carers_full"
	codeNoRoom     = "no_room_for_group"
)

// SolveResult is the outcome of Solve.
type SolveResult struct {
	Mode assign.Mode
	// Assignments are sorted by child id; pinned links are included.
	Assignments []Assignment
	// Unmatched lists every child without a link, sorted by child id.
	Unmatched []Unmatched
	// Linked is len(Assignments); TotalScore sums their scores.
	Linked     int
	TotalScore float64
	// ScaledTotal is the total in hundredths of a point (each score rounded
	// to hundredths first), the exact integer objective of optimal mode.
	ScaledTotal int64
	// Proven is true when an optimal-mode result is proven optimal.
	Proven bool
	// Solver is the solver's own result, with the bound and the
	// certificate of optimal mode.
	Solver *assign.Result
}

// Points returns the total score in points, each link's score rounded to
// hundredths: ScaledTotal / 100, the total optimal mode maximises.
func (r *SolveResult) Points() float64 { return float64(r.ScaledTotal) / scoreScale }

// Gap returns how many children and how much score (in points) an optimal
// result could have beyond this one: zero when Proven.
func (r *SolveResult) Gap() (links int, score float64) {
	u, w := r.Solver.Gap()
	return int(u), float64(w) / scoreScale
}

// Solve chooses links in the mode opt asks for and explains every child
// left unlinked. A sibling group pinned in part is a *PinError; a problem
// too large for exact arithmetic (many sibling groups of different sizes)
// is an error matching assign.ErrTooLarge.
func Solve(ctx context.Context, p *Problem, opt assign.Options) (*SolveResult, error) {
	if err := p.checkPinnedGroups(); err != nil {
		return nil, err
	}
	sr, err := assign.Solve(ctx, &p.Solver, opt)
	// A carer whose extra places for a sibling group (BuildProblem) went to
	// unrelated children has more of them than their time holds: take the
	// extra places back and solve again. Places only go down, so this
	// ends; in practice it is rare.
	for err == nil && p.overTime(sr) {
		sr, err = assign.Solve(ctx, &p.Solver, opt)
	}
	if errors.Is(err, assign.ErrTooLarge) {
		sizes, largest := map[int]bool{}, 0
		for _, g := range p.Solver.Groups {
			sizes[len(g)], largest = true, max(largest, len(g))
		}
		return nil, fmt.Errorf("the sibling groups are too large, or of too many different sizes, for links to be chosen exactly "+
			"(the largest has %d children; there are %d different sizes): split the largest groups, or ask for help. Detail: %w",
			largest, len(sizes), err)
	}
	if err != nil {
		return nil, err
	}
	return fromSolver(p, sr)
}

// overTime reports whether some carer has more children or sibling groups
// than their time holds (Problem.TimeLeft), and lowers such carers' places
// to what their time holds, in new slices (p's Places and Lowered are
// replaced, never written to).
func (p *Problem) overTime(sr *assign.Result) bool {
	if p.TimeLeft == nil {
		return false
	}
	parties := make([]int32, len(p.Solver.Places))
	seen := map[[2]int32]bool{} // a group at a column counts once
	for _, a := range sr.Assignments {
		if a.Group >= 0 {
			if key := [2]int32{a.Group, a.Col}; seen[key] {
				continue
			} else {
				seen[key] = true
			}
		}
		parties[a.Col]++
	}
	pinned := make([]int32, len(p.Solver.Places)) // agreed links keep their places
	for _, pin := range p.Solver.Pins {
		pinned[pin.Col]++
	}
	over := false
	for j, n := range parties {
		if left := max(p.TimeLeft[j], pinned[j]); n > p.TimeLeft[j] && p.Solver.Places[j] > left {
			if !over {
				// Copied before changing: a copy of a Problem (alternative,
				// Compare) shares its slices with the original.
				p.Solver.Places = slices.Clone(p.Solver.Places)
				p.Lowered = slices.Clone(p.Lowered)
			}
			p.Solver.Places[j] = left
			over = true
			if !slices.Contains(p.Lowered, int32(j)) {
				p.Lowered = append(p.Lowered, int32(j))
			}
		}
	}
	slices.Sort(p.Lowered)
	return over
}

// fromSolver turns the solver's answer to p into links by id, checked
// feasible, with a reason for every child left unlinked.
func fromSolver(p *Problem, sr *assign.Result) (*SolveResult, error) {
	// Cheap (linear in the links), and the solver's answer is what families
	// will be told: a link that breaks a rule must never be written.
	if err := assign.CheckFeasible(&p.Solver, sr); err != nil {
		return nil, fmt.Errorf("match: internal error, the %s links break a rule: %w", sr.Mode, err)
	}
	res := &SolveResult{Mode: sr.Mode, Linked: len(sr.Assignments), ScaledTotal: sr.Weight, Proven: sr.Proven, Solver: sr,
		Assignments: make([]Assignment, len(sr.Assignments))}
	for i, a := range sr.Assignments {
		s := p.score(a.Arc)
		res.Assignments[i] = Assignment{Child: a.Row, Carer: a.Col, Score: s, Pinned: a.Pinned, Group: a.Group}
		res.TotalScore += s
	}
	closed := p.closedCarers(sr.Unplaced)
	for _, u := range sr.Unplaced {
		res.Unmatched = append(res.Unmatched, explain(u, closed[u.Row], sr.Mode))
	}
	return res, nil
}

// closedCarers counts, for each unplaced child, the carers it (with its
// whole sibling group) is eligible for that had no place before any link
// was chosen — every place taken by current links or by pinned links — so
// that no one is told those carers were needed by other children. Links
// read from a pairs file can name such carers; a scenario's scorer rules
// them out (RuleCapacity).
func (p *Problem) closedCarers(unplaced []assign.Unplaced) map[int32]int {
	if len(unplaced) == 0 {
		return nil
	}
	left := append([]int32(nil), p.Solver.Places...)
	for _, pin := range p.Solver.Pins {
		left[pin.Col]--
	}
	groupOf := map[int32]int{}
	for g, rows := range p.Solver.Groups {
		for _, r := range rows {
			groupOf[r] = g
		}
	}
	want := map[int32]bool{} // rows whose eligible carers are needed
	for _, u := range unplaced {
		want[u.Row] = true
		if g, ok := groupOf[u.Row]; ok {
			for _, r := range p.Solver.Groups[g] {
				want[r] = true
			}
		}
	}
	cols := map[int32][]int32{}
	for _, a := range p.Solver.Arcs {
		if want[a.Row] {
			cols[a.Row] = append(cols[a.Row], a.Col)
		}
	}
	out := make(map[int32]int, len(unplaced))
	for _, u := range unplaced {
		rows := []int32{u.Row}
		if g, ok := groupOf[u.Row]; ok {
			rows = p.Solver.Groups[g]
		}
		seen := map[int32]int{} // column → siblings eligible for it
		for _, r := range rows {
			for _, c := range cols[r] {
				seen[c]++
			}
		}
		for c, n := range seen {
			if n == len(rows) && left[c] <= 0 {
				out[u.Row]++
			}
		}
	}
	return out
}

// explain says why a child is unlinked, from the solver's counts of its
// eligible carers at the end and the number of them (closed) that had no
// place from the start.
func explain(u assign.Unplaced, closed int, mode assign.Mode) Unmatched {
	k := u.Units // the child's sibling group, or 1
	um := Unmatched{Child: u.Row, Eligible: u.Eligible, Full: u.Full}
	who := "children with fewer options"
	switch mode {
	case assign.Optimal:
		who = "other children (linking this child would leave another unlinked or lower the total score)"
	case assign.Stable:
		who = "children those carers ranked higher"
	}
	switch {
	case u.Eligible == 0 && k > 1:
		um.Code = codeNoEligible
		um.Reason = fmt.Sprintf("no carer is eligible for all %d siblings", k)
	case u.Eligible == 0:
		um.Code = codeNoEligible
		um.Reason = "no eligible carer"
	case closed == u.Eligible:
		um.Code = codeFull
		um.Reason = fmt.Sprintf("no place left: %s", noPlace(u.Eligible))
	case u.Full == u.Eligible && closed > 0:
		um.Code = codeFull
		um.Reason = fmt.Sprintf("all %d eligible carers are full: %d had no place left (capacity less current links), and %d were needed by %s",
			u.Eligible, closed, u.Eligible-closed, who)
	case u.Full == u.Eligible:
		um.Code = codeFull
		um.Reason = fmt.Sprintf("all %d eligible carers were needed by %s", u.Eligible, who)
	case k > 1 && u.Room == 0:
		um.Code = codeNoRoom
		um.Reason = fmt.Sprintf("none of the %d carers eligible for all %d siblings has %d places left (%d full)", u.Eligible, k, k, u.Full)
	default:
		// Possible only in stable mode, where a carer may prefer to keep a
		// place empty rather than take a sibling group that would displace
		// children it ranks higher.
		um.Code = codeNoRoom
		um.Reason = fmt.Sprintf("%d of %d eligible carers are full; the others were kept for %s", u.Full, u.Eligible, who)
	}
	return um
}

// noPlace says that the eligible carers, n of them, have no place left.
func noPlace(n int) string {
	if n == 1 {
		return "the one eligible carer has every place taken (capacity less current links)"
	}
	return fmt.Sprintf("all %d eligible carers have every place taken (capacity less current links)", n)
}

// ModeComparison says what one mode's result gains over another's.
type ModeComparison struct {
	Base, Other assign.Mode
	// ExtraLinked is how many more children Base links than Other.
	ExtraLinked int
	// ScoreDiff is Base's total score minus Other's; MeanScoreDiff the
	// difference of the mean score per link (0 when either links nobody).
	ScoreDiff     float64
	MeanScoreDiff float64
}

// Compare compares two results, usually optimal (base) against greedy or
// stable.
func Compare(base, other *SolveResult) ModeComparison {
	c := ModeComparison{Base: base.Mode, Other: other.Mode,
		ExtraLinked: base.Linked - other.Linked,
		ScoreDiff:   float64(base.ScaledTotal-other.ScaledTotal) / scoreScale,
	}
	if base.Linked > 0 && other.Linked > 0 {
		c.MeanScoreDiff = base.TotalScore/float64(base.Linked) - other.TotalScore/float64(other.Linked)
	}
	return c
}

// String describes the comparison in one sentence.
func (c ModeComparison) String() string {
	return fmt.Sprintf("%s links %d more children than %s, total score %+.2f, mean score per link %+.2f",
		c.Base, c.ExtraLinked, c.Other, c.ScoreDiff, c.MeanScoreDiff)
}
