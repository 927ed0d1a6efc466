package match

import (
	"context"
	"fmt"
	"math"
	"slices"
	"sort"
	"strings"

	"github.com/linkmatch/linkmatch"
	"github.com/linkmatch/linkmatch/assign"
)

// Family Link short breaks (seed 002, issue 17): each child is assessed
// for so many breaks a month (linkmatch.Breaks) and each carer offers so
// many sessions a month (linkmatch.Offer). Matching fills children's breaks
// from carers' offered sessions, posed to the solver (package assign) as:
//
//   - a row per child needing k places, k being the child's sessions a
//     month, all at one carer (Problem.Units): one carer per child, for
//     continuity;
//   - a column per carer whose places are the sessions a month they offer,
//     never more than four weeks of their most a week;
//   - an arc for each pair the scorer finds eligible whose carer offers
//     every kind of break the child needs, enough nights a month for the
//     child's stays (and a spare bedroom), and enough in a week to spread
//     the child's sessions over four weeks; its weight is the pair's score
//     in hundredths;
//   - sibling groups as groups, as in step-down matching.
//
// The solver then places as many sessions as possible, then the best total
// score, with its certificate. Two more limits per carer — the children
// they link with (carers.csv capacity, less current links) and the nights a
// month they offer, shared by their children's stays — are kept by the
// branch and bound of sideSolve.
//
// When the scenario allows a second carer (max_carers_per_child = 2) a
// second phase follows for the children the first left without a carer:
// each child's breaks are split into parts (by kind, or a single kind in
// halves), each part a row with its share of the child's score, on what
// the carers have left; the branch and bound also keeps each child to at
// most two carers. With max_carers_per_child = 1 the second phase still
// runs, keeping each child to one carer: a child no carer can give
// everything to gets part of their breaks from one carer rather than none.
//
// Both phases are optimal in turn (the most sessions with one carer per
// child first, then the most of what is left), each proven by its own
// certificate and branch and bound.

// BreaksOptions configure SolveBreaks.
type BreaksOptions struct {
	// Nights are the nights away from home a break of each kind spans (0
	// for a daytime break), by kind (plan.Template.Nights).
	Nights map[string]int
	// MaxCarersPerChild is 1 (the default) or 2.
	MaxCarersPerChild int
	// Mode is the solver's mode; optimal mode keeps the side limits exactly
	// with a branch and bound, the baselines repair greedily.
	Mode assign.Mode
	// NodeLimit bounds the branch and bound's relaxations per phase (0: a
	// few hundred).
	NodeLimit int
	// NoCarer, when set, says why a child (an index in the children given)
	// has no eligible carer at all, for BreakShare.Reason: the scorer's
	// Diagnose(child).Explain. Without it the reason is general.
	NoCarer func(child int32) string
}

// BreakLink is one chosen link: a child, a carer and the child's breaks
// the carer gives (all of them, or a part when a second carer shares them).
type BreakLink struct {
	// Child and Carer index the slices given to SolveBreaks.
	Child, Carer     int32
	ChildID, CarerID string
	Breaks           linkmatch.Breaks
	Score            float64
	// Phase is 1 for a child's one carer, 2 for a link made in the second
	// phase (part of the breaks, or a second carer).
	Phase int
}

// BreakShare says how much of one child's assessed breaks the links meet.
type BreakShare struct {
	Child            int32
	ChildID          string
	Entitled, Met    int // sessions a month
	Carers           []string
	Unmet            linkmatch.Breaks // what no carer gives
	Reason           string           // plain words; "" when all is met
	EligibleCarers   int              // carers the hard rules allow
	SiblingGroupNote string
}

// Share returns the share of the child's breaks met, 0–1.
func (s *BreakShare) Share() float64 {
	if s.Entitled == 0 {
		return 1
	}
	return float64(s.Met) / float64(s.Entitled)
}

// BreaksPhase is one solve: the solver's problem as finally posed (with the
// arcs the branch and bound removed left out), its result with its
// certificate, and the search.
type BreaksPhase struct {
	Name    string
	Problem *Problem
	Result  *SolveResult
	Proven  bool
	Nodes   int
}

// BreaksResult is the outcome of SolveBreaks.
type BreaksResult struct {
	Mode assign.Mode
	// Links are sorted by child id, then carer id.
	Links []BreakLink
	// Shares has every child with breaks, in id order.
	Shares []BreakShare
	Phases []BreaksPhase
	// Proven is true when every phase is proven optimal.
	Proven bool
	// Entitled and Met total the sessions a month.
	Entitled, Met int
}

// part is a row of a phase: some or all of one child's breaks.
type part struct {
	child    int32
	breaks   linkmatch.Breaks
	sessions int
	nights   int
}

// carerRoom is what a carer has left to offer.
type carerRoom struct {
	sessions, nights, children int
}

// effectiveSessions is the sessions a month a carer can give: their offer,
// never more than four weeks of their most a week.
func effectiveSessions(o linkmatch.Offer) int {
	if o.MostPerWeek > 0 {
		return min(o.SessionsPerMonth, 4*o.MostPerWeek)
	}
	return o.SessionsPerMonth
}

// nightsOf is the nights a month breaks take.
func nightsOf(b linkmatch.Breaks, nights map[string]int) int {
	n := 0
	for _, x := range b {
		n += x.PerMonth * nights[x.Kind]
	}
	return n
}

// SolveBreaks chooses short-breaks links (see the comment at the top of
// this file). pairs are the scorer's eligible pairs, indexing children and
// carers. Children without breaks are left out.
func SolveBreaks(ctx context.Context, children []linkmatch.Child, carers []linkmatch.Carer, pairs []ScoredPair, opt BreaksOptions) (*BreaksResult, error) {
	if opt.MaxCarersPerChild < 1 {
		opt.MaxCarersPerChild = 1
	}
	room := make([]carerRoom, len(carers))
	for j := range carers {
		room[j] = carerRoom{effectiveSessions(carers[j].Offer), carers[j].Offer.OvernightsPerMonth, carers[j].Places()}
	}
	scores := map[[2]int32]float64{}
	for _, pr := range pairs {
		scores[[2]int32{pr.Child, pr.Carer}] = math.Round(float64(pr.Score)*100) / 100
	}
	res := &BreaksResult{Mode: opt.Mode, Proven: true}

	var whole []part
	for i := range children {
		if b := children[i].Breaks; b.Total() > 0 {
			whole = append(whole, part{child: int32(i), breaks: b, sessions: b.Total(), nights: nightsOf(b, opt.Nights)})
		}
	}
	ph1, links, err := solvePhase(ctx, "one carer per child", children, carers, whole, room, scores, opt, true)
	if err != nil {
		return nil, err
	}
	res.Phases = append(res.Phases, *ph1)
	res.Links = append(res.Links, links...)
	placed := map[int32]bool{}
	for _, l := range links {
		placed[l.Child] = true
		room[l.Carer].sessions -= l.Breaks.Total()
		room[l.Carer].nights -= nightsOf(l.Breaks, opt.Nights)
		room[l.Carer].children--
	}

	// Second phase: parts of the breaks of children left without a carer.
	// Siblings stay together, so children of sibling groups are not split.
	var parts []part
	for _, w := range whole {
		if placed[w.child] || children[w.child].SiblingGroup != "" {
			continue
		}
		for _, b := range splitBreaks(w.breaks) {
			parts = append(parts, part{child: w.child, breaks: b, sessions: b.Total(), nights: nightsOf(b, opt.Nights)})
		}
	}
	if len(parts) > 0 {
		ph2, links2, err := solvePhase(ctx, "parts of children's breaks", children, carers, parts, room, scores, opt, false)
		if err != nil {
			return nil, err
		}
		res.Phases = append(res.Phases, *ph2)
		res.Links = append(res.Links, mergeLinks(links2)...)
	}
	for _, ph := range res.Phases {
		res.Proven = res.Proven && ph.Proven
	}
	slices.SortFunc(res.Links, func(a, b BreakLink) int {
		if c := strings.Compare(a.ChildID, b.ChildID); c != 0 {
			return c
		}
		return strings.Compare(a.CarerID, b.CarerID)
	})
	res.Shares = shares(children, carers, pairs, res.Links, whole, opt)
	for _, s := range res.Shares {
		res.Entitled += s.Entitled
		res.Met += s.Met
	}
	return res, nil
}

// splitBreaks splits breaks into the parts a second phase places: one part
// per kind, or, for a single kind of two or more a month, two halves.
func splitBreaks(b linkmatch.Breaks) []linkmatch.Breaks {
	if len(b) > 1 {
		out := make([]linkmatch.Breaks, len(b))
		for i, x := range b {
			out[i] = linkmatch.Breaks{x}
		}
		return out
	}
	if len(b) == 1 && b[0].PerMonth >= 2 {
		half := b[0].PerMonth / 2
		return []linkmatch.Breaks{{{Kind: b[0].Kind, PerMonth: b[0].PerMonth - half}}, {{Kind: b[0].Kind, PerMonth: half}}}
	}
	return []linkmatch.Breaks{b}
}

// mergeLinks joins the parts of one child placed with one carer into one
// link.
func mergeLinks(ls []BreakLink) []BreakLink {
	var out []BreakLink
	at := map[[2]int32]int{}
	for _, l := range ls {
		k := [2]int32{l.Child, l.Carer}
		i, ok := at[k]
		if !ok {
			at[k] = len(out)
			out = append(out, l)
			continue
		}
		m := &out[i]
		for _, b := range l.Breaks {
			if j := slices.IndexFunc(m.Breaks, func(x linkmatch.Break) bool { return x.Kind == b.Kind }); j >= 0 {
				m.Breaks[j].PerMonth += b.PerMonth
			} else {
				m.Breaks = append(m.Breaks, b)
			}
		}
		m.Score = max(m.Score, l.Score)
	}
	return out
}

// arcAllowed applies the short-breaks pair rules to a part at a carer: the
// carer offers every kind, enough nights (and a bedroom) for its stays, and
// enough a week to spread its sessions over four weeks.
func arcAllowed(pt *part, c *linkmatch.Carer) bool {
	for _, b := range pt.breaks {
		if !c.Offer.Offers(b.Kind) {
			return false
		}
	}
	if pt.nights > 0 && (pt.nights > c.Offer.OvernightsPerMonth || c.Bedrooms < 1) {
		return false
	}
	return c.Offer.MostPerWeek == 0 || (pt.sessions+3)/4 <= c.Offer.MostPerWeek
}

// solvePhase poses one phase to the solver and keeps the side limits.
func solvePhase(ctx context.Context, name string, children []linkmatch.Child, carers []linkmatch.Carer, parts []part,
	room []carerRoom, scores map[[2]int32]float64, opt BreaksOptions, wholeRows bool) (*BreaksPhase, []BreakLink, error) {
	slices.SortStableFunc(parts, func(a, b part) int { return strings.Compare(children[a.child].ID, children[b.child].ID) })
	p := &Problem{Solver: assign.Problem{Rows: len(parts), Units: make([]int32, len(parts)), MaxWeight: maxWeight}}
	p.CarerIDs, p.CarerIndex, _ = byID(len(carers), func(i int) string { return carers[i].ID })
	p.Solver.Places = make([]int32, len(carers))
	for col, j := range p.CarerIndex {
		p.Solver.Places[col] = int32(max(room[j].sessions, 0))
	}
	total := map[int32]int{}
	for _, pt := range parts {
		total[pt.child] += pt.sessions
	}
	groups := map[string][]int32{}
	for row := range parts {
		pt := &parts[row]
		p.ChildIDs = append(p.ChildIDs, children[pt.child].ID)
		p.ChildIndex = append(p.ChildIndex, pt.child)
		p.Solver.Units[row] = int32(pt.sessions)
		if g := children[pt.child].SiblingGroup; g != "" && wholeRows {
			groups[g] = append(groups[g], int32(row))
		}
	}
	// Arcs in row, then column order, so the solver's ties follow ids.
	for row := range parts {
		pt := &parts[row]
		for col, j := range p.CarerIndex {
			s, ok := scores[[2]int32{pt.child, j}]
			if !ok || !arcAllowed(pt, &carers[j]) || room[j].children <= 0 {
				continue
			}
			// A part weighs its share of the child's score, so a child's
			// breaks weigh the pair's score however they are split.
			share := s * float64(pt.sessions) / float64(total[pt.child])
			p.addArc(int32(row), int32(col), math.Round(share*100)/100)
		}
	}
	var names []string
	for g, rows := range groups {
		if len(rows) > 1 {
			names = append(names, g)
		}
	}
	sort.Strings(names)
	for _, g := range names {
		p.Solver.Groups = append(p.Solver.Groups, groups[g])
		p.GroupIDs = append(p.GroupIDs, g)
	}

	violations := func(sp *assign.Problem, r *assign.Result) ([][]int32, bool) {
		return sideViolations(sp, r, parts, p.CarerIndex, room, opt.MaxCarersPerChild, wholeRows)
	}
	tighten := func(sp *assign.Problem) { tightenPlaces(sp, p.ChildIndex, p.CarerIndex, room) }
	sr, err := sideSolve(ctx, &p.Solver, violations, tighten, assign.Options{Mode: opt.Mode, NodeLimit: innerNodes}, opt.NodeLimit)
	if err != nil {
		return nil, nil, fmt.Errorf("short-breaks matching (%s): %w", name, err)
	}
	final := *p
	final.Solver = *sr.Problem
	final.Scores = nil
	if p.Scores != nil {
		keep := map[int32]bool{}
		for _, r := range sr.Removed {
			keep[r] = true
		}
		for k, s := range p.Scores {
			if !keep[int32(k)] {
				final.Scores = append(final.Scores, s)
			}
		}
	}
	solved, err := fromSolver(&final, sr.Result)
	if err != nil {
		return nil, nil, err
	}
	ph := &BreaksPhase{Name: name, Problem: &final, Result: solved, Proven: opt.Mode == assign.Optimal && sr.Proven && solved.Proven, Nodes: sr.Nodes}
	var links []BreakLink
	phase := 1
	if !wholeRows {
		phase = 2
	}
	for _, a := range solved.Assignments {
		pt := &parts[a.Child]
		j := p.CarerIndex[a.Carer]
		links = append(links, BreakLink{Child: pt.child, Carer: j, ChildID: children[pt.child].ID, CarerID: carers[j].ID,
			Breaks: slices.Clone(pt.breaks), Score: scores[[2]int32{pt.child, j}], Phase: phase})
	}
	return ph, links, nil
}

// tightenPlaces lowers each carer's places to the most sessions the
// children (rows) they may take could use at once: the rows pinned there,
// and the largest units of as many other rows with an arc there as the
// carer has children's places left. No feasible answer uses more, so the
// answers are the same, and the relaxation's bound is closer to them
// (fewer branches for sideSolve). A child's rows (the parts of the second
// phase) count together, as one child. Only pins made by the search are
// counted as pinned; the first phase's rows are each a child.
func tightenPlaces(sp *assign.Problem, rowChild, carerIndex []int32, room []carerRoom) {
	type key struct{ col, child int32 }
	pinned := map[key]bool{}
	pinnedUnits := make([]int32, len(sp.Places))
	pinnedChildren := make([]int, len(sp.Places))
	for _, pin := range sp.Pins {
		k := key{pin.Col, rowChild[pin.Row]}
		if !pinned[k] {
			pinned[k] = true
			pinnedChildren[pin.Col]++
		}
		pinnedUnits[pin.Col] += sp.Units[pin.Row]
	}
	pinnedRow := map[int32]bool{}
	for _, pin := range sp.Pins {
		pinnedRow[pin.Row] = true
	}
	// Units each child (not yet pinned there) could bring to each carer.
	could := map[key]int32{}
	for _, a := range sp.Arcs {
		k := key{a.Col, rowChild[a.Row]}
		if !pinnedRow[a.Row] {
			could[k] += sp.Units[a.Row]
		}
	}
	units := make([][]int32, len(sp.Places))
	for k, u := range could {
		if pinned[k] {
			pinnedUnits[k.col] += u // more parts of a child already there
			continue
		}
		units[k.col] = append(units[k.col], u)
	}
	for col, us := range units {
		slices.SortFunc(us, func(a, b int32) int { return int(b - a) })
		most := pinnedUnits[col]
		left := max(room[carerIndex[col]].children-pinnedChildren[col], 0)
		for _, u := range us[:min(len(us), left)] {
			most += u
		}
		sp.Places[col] = min(sp.Places[col], most)
	}
}

// sideViolations finds the first side limit a placement breaks, carers in
// id order then children: a carer with more children than places left, a
// carer with more nights than offered, or (second phase) a child with more
// carers than allowed. It returns the items that cannot all stay — each the
// arcs of sp of one child (or one sibling group) at the carer — and whether
// each item is whole (first phase), which lets the search pin them.
func sideViolations(sp *assign.Problem, r *assign.Result, parts []part, carerIndex []int32, room []carerRoom, maxCarers int, wholeRows bool) ([][]int32, bool) {
	group := map[int32]int{}
	for g, rows := range sp.Groups {
		for _, row := range rows {
			group[row] = g
		}
	}
	type at struct {
		items    [][]int32 // arcs of each child (or group) at the carer
		itemOf   map[int64]int
		children map[int32]bool
		nights   int
		stays    []int // items with a stay
	}
	cols := make([]at, len(sp.Places))
	carersOf := map[int32]map[int32][]int32{} // child → column → arcs
	var childOrder []int32
	for _, a := range r.Assignments {
		pt := &parts[a.Row]
		c := &cols[a.Col]
		if c.itemOf == nil {
			c.itemOf, c.children = map[int64]int{}, map[int32]bool{}
		}
		key := int64(pt.child)
		if g, ok := group[a.Row]; ok {
			key = -1 - int64(g)
		}
		k, ok := c.itemOf[key]
		if !ok {
			k = len(c.items)
			c.itemOf[key] = k
			c.items = append(c.items, nil)
		}
		c.items[k] = append(c.items[k], a.Arc)
		c.children[pt.child] = true
		c.nights += pt.nights
		if pt.nights > 0 && (len(c.stays) == 0 || c.stays[len(c.stays)-1] != k) {
			c.stays = append(c.stays, k)
		}
		if carersOf[pt.child] == nil {
			carersOf[pt.child] = map[int32][]int32{}
			childOrder = append(childOrder, pt.child)
		}
		carersOf[pt.child][a.Col] = append(carersOf[pt.child][a.Col], a.Arc)
	}
	for col := range cols {
		c := &cols[col]
		j := carerIndex[col]
		if len(c.children) > room[j].children {
			return c.items, wholeRows
		}
		if c.nights > room[j].nights {
			var items [][]int32
			for _, k := range c.stays {
				items = append(items, c.items[k])
			}
			return items, wholeRows
		}
	}
	if wholeRows {
		return nil, false
	}
	for _, ch := range childOrder {
		m := carersOf[ch]
		if len(m) <= maxCarers {
			continue
		}
		colsOf := make([]int32, 0, len(m))
		for col := range m {
			colsOf = append(colsOf, col)
		}
		slices.Sort(colsOf)
		var items [][]int32
		for _, col := range colsOf {
			items = append(items, m[col])
		}
		return items, false
	}
	return nil, false
}

// innerNodes is the solver's own branch-and-bound budget per relaxation of
// a phase (assign.Options.NodeLimit): rows of several sessions often split
// in its flow relaxation, and a proof per relaxation is what lets the outer
// search prove the phase.
const innerNodes = 2000
