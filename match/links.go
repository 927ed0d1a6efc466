package match

import (
	"context"
	"errors"
	"fmt"
	"github.com/linkmatch/linkmatch/internal/hugepage"
	"slices"
	"strings"

	"github.com/linkmatch/linkmatch/internal/english"

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
	// Short breaks' own (WriteBreakUnmatched).
	codeNoRoomBreaks = "no_room"
	codeTooSoon18    = "turns_18_too_soon"
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
	pp, err := Prepare(p)
	if err != nil {
		return nil, err
	}
	return SolvePrepared(ctx, p, pp, opt)
}

// Prepare checks p and organises its arcs for the solver once
// (assign.Prepare), for SolvePrepared to solve p, and copies of p with
// other places, in any mode: a run compares the optimal links with
// greedy and stable ones, solved on the places the optimal solve lowered,
// and preparing a national problem's arcs took 0.3–0.5 s of a core each
// time (issue 15). Its errors are Solve's.
func Prepare(p *Problem) (*assign.Prepared, error) {
	if err := p.checkPinnedGroups(); err != nil {
		return nil, err
	}
	pp, err := assign.Prepare(&p.Solver)
	if err != nil {
		return nil, p.solveErr(err)
	}
	return pp, nil
}

// SolvePrepared is Solve for p, which is the problem pp was prepared from
// (Prepare) or a copy of it with other places; a copy that differs in more
// is solved from scratch (assign.Prepared.Solve). Solves of copies of one
// problem may run at once.
func SolvePrepared(ctx context.Context, p *Problem, pp *assign.Prepared, opt assign.Options) (*SolveResult, error) {
	if err := p.checkPinnedGroups(); err != nil {
		return nil, err
	}
	// A carer's time (Problem.TimeLeft) is the solver's slots: it lowers,
	// within the one call, the places of a carer whose extra places for a
	// sibling group (BuildProblem) went to unrelated children.
	sr, err := pp.Solve(ctx, &p.Solver, opt)
	if err != nil {
		return nil, p.solveErr(err)
	}
	p.lower(sr.Lowered)
	return fromSolver(p, sr)
}

// solveErr says, of a problem too large for exact arithmetic, what the
// sibling groups are that make it so.
func (p *Problem) solveErr(err error) error {
	if !errors.Is(err, assign.ErrTooLarge) {
		return err
	}
	sizes, largest := map[int]bool{}, 0
	for _, g := range p.Solver.Groups {
		sizes[len(g)], largest = true, max(largest, len(g))
	}
	return fmt.Errorf("the sibling groups are too large, or of too many different sizes, for links to be chosen exactly "+
		"(the largest has %d children; there are %d different sizes): split the largest groups, or ask for help. Detail: %w",
		largest, len(sizes), err)
}

// solvePinned solves q, which is the problem pp was prepared from with
// other pins, optimally as Solve would, and checks the links against the
// rules as Solve does; it leaves out what only a written result needs
// (the scores, the reasons of the children left unlinked, the lowered
// places).
func solvePinned(ctx context.Context, q *Problem, pp *assign.Prepared) (*assign.Result, error) {
	if err := q.checkPinnedGroups(); err != nil {
		return nil, err
	}
	sr, err := pp.SolvePinned(ctx, q.Solver.Pins, assign.Options{Mode: assign.Optimal})
	if err != nil {
		return nil, err
	}
	if err := assign.CheckFeasible(&q.Solver, sr); err != nil {
		return nil, fmt.Errorf("match: internal error, the %s links break a rule: %w", sr.Mode, err)
	}
	return sr, nil
}

// lower gives the carers the solver lowered (assign.Result.Lowered) their
// lowered places, in new slices (p's Places and Lowered are replaced,
// never written to: a copy of a Problem, as alternative and Compare make,
// shares its slices with the original), so that what is written and
// explained is the problem the certificate proves.
func (p *Problem) lower(cols []assign.ColumnPlaces) {
	if len(cols) == 0 {
		return
	}
	p.Solver.Places = slices.Clone(p.Solver.Places)
	p.Lowered = slices.Clone(p.Lowered)
	for _, c := range cols {
		p.Solver.Places[c.Col] = c.Places
		if !slices.Contains(p.Lowered, c.Col) {
			p.Lowered = append(p.Lowered, c.Col)
		}
	}
	slices.Sort(p.Lowered)
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
	closed, eligible := p.closedCarers(sr.Unplaced)
	holders := map[int32][]string{}
	for _, a := range res.Assignments {
		holders[a.Carer] = append(holders[a.Carer], p.ChildIDs[a.Child])
	}
	for k, u := range sr.Unplaced {
		um := explain(u, closed[k], sr.Mode)
		switch cols := eligible[k]; {
		case len(cols) > 0 && closed[k] == len(cols):
			um.Reason = "No place left: " + p.nameCarers(cols) + " " + plural(len(cols), "has", "have") +
				" every place taken (capacity less current links)"
		case len(cols) > 0:
			um.Reason += ". " + p.whoTook(cols, holders)
		}
		um.Reason += "."
		res.Unmatched = append(res.Unmatched, um)
	}
	return res, nil
}

// closedCarers counts, for each unplaced child (closed[k] for
// unplaced[k]), the carers it (with its whole sibling group) is eligible
// for that had no place before any link was chosen — every place taken by
// current links or by pinned links — so that no one is told those carers
// were needed by other children. Links read from a pairs file can name
// such carers; a scenario's scorer rules them out (RuleCapacity).
// eligible[k] lists the child's eligible carers with the best maxNamed
// first, by the child's score there (ties by column), which is all its
// reason names; the rest follow in no set order. They are read in one pass
// over the arcs into arrays by row and column (a pass per child took 1.5 s
// of a 1.9 s scarce match; maps and a full sort per child, 0.14 s of a
// 0.7 s one).
func (p *Problem) closedCarers(unplaced []assign.Unplaced) (closed []int, eligible [][]int32) {
	if len(unplaced) == 0 {
		return nil, nil
	}
	left := append([]int32(nil), p.Solver.Places...)
	for _, pin := range p.Solver.Pins {
		left[pin.Col]--
	}
	groupOf := make([]int32, p.Solver.Rows) // group+1 of each row, 0 for none
	for g, members := range p.Solver.Groups {
		for _, r := range members {
			groupOf[r] = int32(g + 1)
		}
	}
	start, arcs := p.unplacedArcs(unplaced, groupOf)
	closed = make([]int, len(unplaced))
	eligible = make([][]int32, len(unplaced))
	stamp := make([]int32, len(p.Solver.Places)) // k+1 of the child counting the column
	count := make([]int32, len(p.Solver.Places)) // siblings eligible for the column
	weight := make([]int64, len(p.Solver.Places))
	for k, u := range unplaced {
		members := []int32{u.Row}
		if g := groupOf[u.Row]; g > 0 {
			members = p.Solver.Groups[g-1]
		}
		for _, r := range members {
			for _, a := range arcs[start[r]:start[r+1]] {
				if stamp[a.Col] != int32(k+1) {
					stamp[a.Col], count[a.Col] = int32(k+1), 0
				}
				count[a.Col]++
				if r == u.Row {
					weight[a.Col] = a.Weight
				}
			}
		}
		var cols []int32
		for _, a := range arcs[start[u.Row]:start[u.Row+1]] {
			if c := a.Col; stamp[c] == int32(k+1) && count[c] == int32(len(members)) {
				cols = append(cols, c)
				count[c] = 0 // listed once, should a pair be given twice
				if left[c] <= 0 {
					closed[k]++
				}
			}
		}
		namedFirst(cols, weight)
		eligible[k] = cols
	}
	return closed, eligible
}

// unplacedArcs returns the arcs of the rows whose eligible carers
// closedCarers needs (each unplaced child and its siblings; groupOf holds
// each row's group+1, 0 for none) bucketed by row: row r's are
// arcs[start[r]:start[r+1]], empty for other rows.
func (p *Problem) unplacedArcs(unplaced []assign.Unplaced, groupOf []int32) (start []int32, arcs []assign.Arc) {
	rows := p.Solver.Rows
	want := make([]bool, rows)
	for _, u := range unplaced {
		want[u.Row] = true
		if g := groupOf[u.Row]; g > 0 {
			for _, r := range p.Solver.Groups[g-1] {
				want[r] = true
			}
		}
	}
	start = make([]int32, rows+1)
	for _, a := range p.Solver.Arcs {
		if want[a.Row] {
			start[a.Row+1]++
		}
	}
	for r := range rows {
		start[r+1] += start[r]
	}
	arcs = hugepage.Make[assign.Arc](int(start[rows]))
	fill := append([]int32(nil), start[:rows]...)
	for _, a := range p.Solver.Arcs {
		if want[a.Row] {
			arcs[fill[a.Row]] = a
			fill[a.Row]++
		}
	}
	return start, arcs
}

// namedFirst moves the best maxNamed of cols to the front, best first, by
// weight (the child's own score at each column); ties by column.
func namedFirst(cols []int32, weight []int64) {
	for i := 0; i < min(maxNamed, len(cols)); i++ {
		best := i
		for j := i + 1; j < len(cols); j++ {
			if x, y := cols[j], cols[best]; weight[x] > weight[y] || weight[x] == weight[y] && x < y {
				best = j
			}
		}
		cols[i], cols[best] = cols[best], cols[i]
	}
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
		um.Reason = fmt.Sprintf("No carer is eligible for all %d siblings", k)
	case u.Eligible == 0:
		um.Code = codeNoEligible
		um.Reason = "No eligible carer"
	case closed == u.Eligible:
		um.Code = codeFull
		um.Reason = fmt.Sprintf("No place left: %s", noPlace(u.Eligible))
	case u.Full == u.Eligible && closed > 0:
		um.Code = codeFull
		um.Reason = fmt.Sprintf("All %d eligible carers are full: %d had no place left (capacity less current links), and %d %s needed by %s",
			u.Eligible, closed, u.Eligible-closed, english.Plural(u.Eligible-closed, "was", "were"), who)
	case u.Full == u.Eligible && u.Eligible == 1:
		um.Code = codeFull
		um.Reason = fmt.Sprintf("The one eligible carer was needed by %s", who)
	case u.Full == u.Eligible:
		um.Code = codeFull
		um.Reason = fmt.Sprintf("All %d eligible carers were needed by %s", u.Eligible, who)
	case k > 1 && u.Room == 0:
		um.Code = codeNoRoom
		um.Reason = fmt.Sprintf("None of the %d carers eligible for all %d siblings has %d places left (%d full)", u.Eligible, k, k, u.Full)
	default:
		// Possible only in stable mode, where a carer may prefer to keep a
		// place empty rather than take a sibling group that would displace
		// children it ranks higher.
		um.Code = codeNoRoom
		um.Reason = fmt.Sprintf("%d of %d eligible carers are full; the others were kept for %s", u.Full, u.Eligible, who)
	}
	return um
}

// maxNamed is how many of an unlinked child's eligible carers its reason
// names, best first: enough for the usual one to three, short for a child
// with many.
const maxNamed = 3

// whoTook says, for an unlinked child, where its best eligible carers'
// places went: "K00154 went to C00030; K00160 went to C00031 and C00040
// and had one more place (a current link)". cols are the carers eligible
// for the child (for every sibling of its group), best first as
// closedCarers sorts them; holders the children
// linked at each carer, by id.
func (p *Problem) whoTook(cols []int32, holders map[int32][]string) string {
	var parts []string
	for i, c := range cols {
		if i == maxNamed {
			parts = append(parts, fmt.Sprintf("%d more eligible %s", len(cols)-maxNamed, plural(len(cols)-maxNamed, "carer", "carers")))
			break
		}
		got := holders[c]
		places := int(p.Solver.Places[c])
		var b strings.Builder
		b.WriteString(p.CarerIDs[c])
		switch {
		case places <= 0:
			b.WriteString(" was already full (capacity less current links)")
		case len(got) == 0:
			fmt.Fprintf(&b, " has %s free, not enough for the group", countWords(places, "place", "places"))
		default:
			b.WriteString(" went to " + joinAnd(got))
			if free := places - len(got); free > 0 {
				fmt.Fprintf(&b, ", with %s left", countWords(free, "place", "places"))
			}
		}
		parts = append(parts, b.String())
	}
	return strings.Join(parts, "; ")
}

// nameCarers names a child's eligible carers, best first: up to maxNamed
// of them by id, then how many more.
func (p *Problem) nameCarers(cols []int32) string {
	var names []string
	for i, c := range cols {
		if i == maxNamed {
			names = append(names, fmt.Sprintf("%d more", len(cols)-maxNamed))
			break
		}
		names = append(names, p.CarerIDs[c])
	}
	return joinAnd(names)
}

// joinAnd joins words as "a", "a and b", "a, b and c".
func joinAnd(s []string) string {
	switch len(s) {
	case 0:
		return ""
	case 1:
		return s[0]
	}
	return strings.Join(s[:len(s)-1], ", ") + " and " + s[len(s)-1]
}

// UseDiagnoses gives each child left unlinked for want of any eligible
// carer the diagnosis of its shortlist (short: which rules excluded how
// many carers and what would help most) as its reason, in place of the
// bare "No eligible carer". Children of a problem read from pairs.csv, and
// sibling groups, keep their reason.
func UseDiagnoses(p *Problem, res *SolveResult, short []ShortlistEntry) {
	if p.ChildIndex == nil {
		return
	}
	diag := map[int32]string{}
	for _, e := range short {
		if e.Rank == 0 && e.Explanation != "" {
			diag[e.Child] = e.Explanation
		}
	}
	for i := range res.Unmatched {
		u := &res.Unmatched[i]
		if u.Code != codeNoEligible || u.Eligible != 0 || strings.HasPrefix(u.Reason, "No carer is eligible for all") {
			continue
		}
		if d, ok := diag[p.ChildIndex[u.Child]]; ok {
			u.Reason = d
		}
	}
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
	more := english.Count(c.ExtraLinked, "more child", "more children")
	if c.ExtraLinked < 0 {
		more = english.Count(-c.ExtraLinked, "fewer child", "fewer children")
	}
	return fmt.Sprintf("%s links %s than %s, total score %+.2f, mean score per link %+.2f",
		c.Base, more, c.Other, c.ScoreDiff, c.MeanScoreDiff)
}
