package match

import (
	"context"
	"errors"
	"fmt"
	"runtime"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/linkmatch/linkmatch"
	"github.com/linkmatch/linkmatch/assign"
)

// Choice says why a child got the carer they did (issue 16, "why this
// carer"): the carer's rank among the child's eligible carers and, when it
// is not the first, who took the first choice and what the whole matching
// would lose if the child had it instead.
type Choice struct {
	// Assignment indexes SolveResult.Assignments.
	Assignment int
	// Rank is the carer's place among the child's eligible carers, by
	// score as the solver weighs it (hundredths), ties by carer id: the
	// rank of shortlist.csv. Eligible counts those carers.
	Rank, Eligible int
	// First is the column of the child's first choice when Rank > 1, else
	// -1; FirstScore the child's score there.
	First      int32
	FirstScore float64
	// Holders index the assignments at First (the children who took it).
	Holders []int
	// Alternative is the matching with the child (and its sibling group)
	// pinned to its first choice; nil when not worked out (first choice,
	// a pinned link, a mode other than optimal, or past the budget).
	Alternative *Alternative
	// Why is all of the above in one or two sentences for a panel.
	Why string
}

// Alternative is the best matching when a child is given their first
// choice: Possible is false when that pin breaks a rule (Reason says which,
// in words); otherwise Linked and ScaledTotal are its children linked and
// total score in hundredths, to compare with the chosen matching's.
type Alternative struct {
	Possible bool
	Reason   string
	// NoRoom is true when the pin fails for want of places: the carer has
	// fewer places left, after links already agreed, than the child's
	// sibling group needs.
	NoRoom      bool
	Linked      int
	ScaledTotal int64
}

// ChoiceOptions bound the work of Choices.
type ChoiceOptions struct {
	// MaxResolveArcs caps the total size, in arcs, of the problems re-solved
	// to work out alternatives: each alternative is one optimal solve of the
	// whole problem with one more pin. Children beyond the cap (in id order)
	// get no alternative, and their sentence says so. 0 means
	// DefaultMaxResolveArcs.
	MaxResolveArcs int64
	// MaxProblemArcs is the largest problem, in arcs, whose alternatives
	// are worked out at all; 0 means DefaultMaxProblemArcs.
	MaxProblemArcs int
	// Workers re-solve in parallel; 0 means GOMAXPROCS. The result does not
	// depend on it.
	Workers int
}

// DefaultMaxProblemArcs is a county-sized problem (a few thousand
// children's eligible pairs): a re-solve takes milliseconds. A regional or
// national problem (a million pairs and more, a second or more a solve)
// gets no alternatives, so "match" there takes no longer than its solve.
const DefaultMaxProblemArcs = 200_000

// DefaultMaxResolveArcs allows every alternative of a county-sized run
// (500 children with 23,000 eligible pairs: about 200 alternatives, 0.3 s
// on two cores) and bounds the work on larger problems within
// DefaultMaxProblemArcs.
const DefaultMaxResolveArcs = 5_000_000

// Choices explains every link of res, in the order of res.Assignments.
// Ranks and first choices come from p's arcs in one pass; alternatives
// (optimal mode only) re-solve p with the child pinned to its first choice.
func Choices(ctx context.Context, p *Problem, res *SolveResult, opt ChoiceOptions) ([]Choice, error) {
	out := rankChoices(p, res)
	var todo []int // choices needing an alternative
	largest := opt.MaxProblemArcs
	if largest <= 0 {
		largest = DefaultMaxProblemArcs
	}
	if res.Mode == assign.Optimal && len(p.Solver.Arcs) <= largest {
		budget := opt.MaxResolveArcs
		if budget <= 0 {
			budget = DefaultMaxResolveArcs
		}
		per := max(int64(len(p.Solver.Arcs)), 1)
		for i := range out {
			if out[i].First < 0 || res.Assignments[out[i].Assignment].Pinned {
				continue
			}
			if int64(len(todo)+1)*per > budget {
				break
			}
			todo = append(todo, i)
		}
	}
	if err := alternatives(ctx, p, res, out, todo, opt.Workers); err != nil {
		return nil, err
	}
	for i := range out {
		out[i].Why = choiceSentence(p, res, &out[i], res.Mode == assign.Optimal)
	}
	return out, nil
}

// rankChoices finds each link's rank and the child's first choice.
func rankChoices(p *Problem, res *SolveResult) []Choice {
	n := len(p.ChildIDs)
	chosen := make([]int32, n) // assignment of each row, or -1
	for i := range chosen {
		chosen[i] = -1
	}
	weight := make([]int64, n)
	for i, a := range res.Assignments {
		chosen[a.Child] = int32(i)
		weight[a.Child] = scoreWeight(a.Score)
	}
	out := make([]Choice, len(res.Assignments))
	best := make([]int32, n) // arc of each row's first choice, or -1
	for i := range best {
		best[i] = -1
	}
	for i := range out {
		out[i] = Choice{Assignment: i, Rank: 1, First: -1}
	}
	for k, arc := range p.Solver.Arcs {
		r := arc.Row
		if b := best[r]; b < 0 || better(arc, p.Solver.Arcs[b]) {
			best[r] = int32(k)
		}
		if a := chosen[r]; a >= 0 {
			c := &out[a]
			c.Eligible++
			mine := assign.Arc{Row: r, Col: res.Assignments[a].Carer, Weight: weight[r]}
			if arc.Col != mine.Col && better(arc, mine) {
				c.Rank++
			}
		}
	}
	holders := map[int32][]int{}
	for i, a := range res.Assignments {
		holders[a.Carer] = append(holders[a.Carer], i)
	}
	for i := range out {
		c := &out[i]
		a := res.Assignments[i]
		if b := best[a.Child]; b >= 0 && p.Solver.Arcs[b].Col != a.Carer {
			c.First = p.Solver.Arcs[b].Col
			c.FirstScore = p.score(b)
			c.Holders = holders[c.First]
		}
	}
	return out
}

// better orders a child's carers: higher weight first, then lower column
// (carer id).
func better(x, y assign.Arc) bool {
	return x.Weight > y.Weight || (x.Weight == y.Weight && x.Col < y.Col)
}

// alternatives re-solves p once per choice in todo, with the child (and
// its sibling group) pinned to its first choice, on several workers.
func alternatives(ctx context.Context, p *Problem, res *SolveResult, out []Choice, todo []int, workers int) error {
	if len(todo) == 0 {
		return nil
	}
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	// Every alternative is p with one more pin: its arcs are checked and
	// sorted for the solver once, not once per alternative.
	pp, err := assign.Prepare(&p.Solver)
	if err != nil {
		return err
	}
	ctx, cancel := context.WithCancelCause(ctx)
	defer cancel(nil)
	jobs := make(chan int)
	var wg sync.WaitGroup
	for range min(workers, len(todo)) {
		wg.Go(func() {
			for i := range jobs {
				alt, err := alternative(ctx, p, pp, res.Assignments[out[i].Assignment], out[i].First)
				if err != nil {
					cancel(err)
					continue
				}
				out[i].Alternative = alt
			}
		})
	}
	for _, i := range todo {
		if ctx.Err() != nil {
			break
		}
		jobs <- i
	}
	close(jobs)
	wg.Wait()
	return context.Cause(ctx)
}

// alternative solves p (prepared as pp) with a's child, and every sibling
// of its group, pinned to column first. p is not changed, so several
// alternatives may be solved at once. Only the alternative's counts are
// kept: they are those match.Solve gives for p with the pin.
func alternative(ctx context.Context, p *Problem, pp *assign.Prepared, a Assignment, first int32) (*Alternative, error) {
	q := *p
	q.Solver.Pins = slices.Clone(p.Solver.Pins)
	rows := []int32{a.Child}
	if a.Group >= 0 {
		rows = p.Solver.Groups[a.Group]
	}
	cols := make([]int32, len(rows))
	for i := range cols {
		cols[i] = first
	}
	left := int(p.Solver.Places[first])
	for _, pin := range p.Solver.Pins {
		if pin.Col == first {
			left -= p.units(pin.Row)
		}
	}
	need := 0
	for _, r := range rows {
		need += p.units(r)
	}
	errs := make([]error, len(rows))
	q.pinAt(rows, cols, errs)
	for _, err := range errs {
		var pe *PinError
		if errors.As(err, &pe) {
			return &Alternative{Reason: pe.Problem, NoRoom: left < need}, nil
		}
	}
	sr, err := solvePinned(ctx, &q, pp)
	if err != nil {
		return nil, fmt.Errorf("match: working out the alternative for %s: %w", p.ChildIDs[a.Child], err)
	}
	return &Alternative{Possible: true, Linked: len(sr.Assignments), ScaledTotal: sr.Weight}, nil
}

// choiceSentence writes Choice.Why. Every count it states is counted from
// the matching itself: the first choice's places, the places its holders
// took (a child one place each, a sibling group one per child), the places
// left free and the places the child's sibling group needs together, so
// that the sentence cannot contradict the links beside it (a stable
// matching can leave a place free that a sibling group cannot use).
func choiceSentence(p *Problem, res *SolveResult, c *Choice, optimal bool) string {
	a := res.Assignments[c.Assignment]
	child, carer := p.ChildIDs[a.Child], p.CarerIDs[a.Carer]
	var b strings.Builder
	switch {
	case c.Eligible == 1:
		fmt.Fprintf(&b, "%s is %s's only eligible carer.", carer, child)
	case c.Rank == 1:
		fmt.Fprintf(&b, "%s is %s's first choice, the best score of %d eligible %s.", carer, child, c.Eligible, plural(c.Eligible, "carer", "carers"))
	default:
		fmt.Fprintf(&b, "%s is %s's %s choice of %d eligible carers.", carer, child, ordinal(c.Rank), c.Eligible)
	}
	if d, ok := p.approval(a.Carer); ok {
		fmt.Fprintf(&b, " %s", provisionalSentence(carer, d))
	}
	if a.Pinned {
		b.WriteString(" The link was already agreed (pinned), so it was kept.")
		return b.String()
	}
	if c.First < 0 {
		return b.String()
	}
	first := p.CarerIDs[c.First]
	fmt.Fprintf(&b, " The first choice, %s (%.2f), ", first, c.FirstScore)
	places := int(p.Solver.Places[c.First])
	taken := 0
	for _, h := range c.Holders {
		taken += p.units(res.Assignments[h].Child)
	}
	free := max(places-taken, 0)
	need := p.needs(a)
	switch {
	case taken == 0:
		fmt.Fprintf(&b, "still has %s free", countWords(places, "place", "places"))
	case free == 0:
		fmt.Fprintf(&b, "had %s, which went to %s", countWords(places, "place", "places"), describeHolders(p, res, c.Holders))
	default:
		fmt.Fprintf(&b, "has %s: %s went to %s, and %s free", countWords(places, "place", "places"),
			countWords(taken, "place", "places"), describeHolders(p, res, c.Holders), countWords(free, "place is", "places are"))
	}
	short := free < need && (free > 0 || taken == 0)
	if short {
		fmt.Fprintf(&b, ", but %s needs %s together", subject(p, a), countWords(need, "place", "places"))
	}
	b.WriteString(".")
	alt := c.Alternative
	switch {
	case !optimal:
	case alt == nil:
		fmt.Fprintf(&b, " What giving %s %s instead would change was not worked out, to keep a problem this large quick.", child, first)
	case !alt.Possible && alt.NoRoom && (short || free < need):
		// The places said it all: the carer has too few for the group.
	case !alt.Possible:
		who := subject(p, a)
		fmt.Fprintf(&b, " %s cannot have %s instead: %s.", strings.ToUpper(who[:1])+who[1:], first, alt.Reason)
	default:
		b.WriteString(" " + compareAlternative(p, res, a, first, alt))
	}
	return b.String()
}

// provisionalSentence flags a link with a carer still in assessment, which
// is provisional until the fostering panel approves the carer (seed 002).
func provisionalSentence(carer string, approval linkmatch.Date) string {
	return fmt.Sprintf("Provisional: %s is still being assessed (approval expected %s), so nothing is planned with the child before then.",
		carer, approval.Time(time.UTC).Format("2 Jan 2006"))
}

// units is how many places row r needs (assign.Problem.Units: 1 unless set).
func (p *Problem) units(r int32) int {
	if int(r) < len(p.Solver.Units) && p.Solver.Units[r] > 0 {
		return int(p.Solver.Units[r])
	}
	return 1
}

// needs is how many places a's child needs at one carer: its own, or its
// whole sibling group's.
func (p *Problem) needs(a Assignment) int {
	if a.Group < 0 {
		return p.units(a.Child)
	}
	n := 0
	for _, r := range p.Solver.Groups[a.Group] {
		n += p.units(r)
	}
	return n
}

// subject names the child, or the sibling group the child goes with.
func subject(p *Problem, a Assignment) string {
	if a.Group >= 0 {
		return "the sibling group " + groupName(p, a.Group)
	}
	return p.ChildIDs[a.Child]
}

// compareAlternative says what the matching as chosen gains over the
// alternative, in children first, then total score.
func compareAlternative(p *Problem, res *SolveResult, a Assignment, first string, alt *Alternative) string {
	lead := fmt.Sprintf("Giving %s %s instead", subject(p, a), first)
	total := func(x int64) string { return fmt.Sprintf("%.2f", float64(x)/scoreScale) }
	switch {
	case alt.Linked < res.Linked:
		return fmt.Sprintf("%s would link %d %s rather than %d.", lead, alt.Linked, plural(alt.Linked, "child", "children"), res.Linked)
	case alt.Linked > res.Linked:
		return fmt.Sprintf("%s would link %d children rather than %d (the matching was not proven optimal).", lead, alt.Linked, res.Linked)
	case alt.ScaledTotal < res.ScaledTotal:
		return fmt.Sprintf("%s would link as many children with a total score %s lower (%s rather than %s).",
			lead, total(res.ScaledTotal-alt.ScaledTotal), total(alt.ScaledTotal), total(res.ScaledTotal))
	case alt.ScaledTotal > res.ScaledTotal:
		return fmt.Sprintf("%s would raise the total score to %s from %s (the matching was not proven optimal).", lead, total(alt.ScaledTotal), total(res.ScaledTotal))
	}
	return fmt.Sprintf("%s would link as many children with the same total score (%s): a tie, settled by carer id.", lead, total(res.ScaledTotal))
}

// describeHolders names who took a carer's places: a sibling group with
// its score together there, or children with their scores.
func describeHolders(p *Problem, res *SolveResult, holders []int) string {
	var parts []string
	seen := map[int32]bool{}
	for _, h := range holders {
		a := res.Assignments[h]
		agreed := ""
		if a.Pinned {
			agreed = ", an agreed link"
		}
		if a.Group < 0 {
			parts = append(parts, fmt.Sprintf("%s (%.2f there%s)", p.ChildIDs[a.Child], a.Score, agreed))
			continue
		}
		if seen[a.Group] {
			continue
		}
		seen[a.Group] = true
		var sum float64
		for _, o := range holders {
			if res.Assignments[o].Group == a.Group {
				sum += res.Assignments[o].Score
			}
		}
		parts = append(parts, fmt.Sprintf("the sibling group %s (%.2f together there%s)", groupName(p, a.Group), sum, agreed))
	}
	switch len(parts) {
	case 1:
		return parts[0]
	case 2:
		return parts[0] + " and " + parts[1]
	}
	return strings.Join(parts[:len(parts)-1], ", ") + " and " + parts[len(parts)-1]
}

// countWords writes small counts as words: "one place", "two places", "5 places".
func countWords(n int, one, many string) string {
	names := [...]string{"no", "one", "two", "three", "four"}
	if n >= 0 && n < len(names) {
		return names[n] + " " + plural(n, one, many)
	}
	return fmt.Sprintf("%d %s", n, many)
}
