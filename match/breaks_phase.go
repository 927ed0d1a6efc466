package match

import (
	"cmp"
	"context"
	"fmt"
	"math"
	"slices"
	"sort"
	"strings"

	"github.com/linkmatch/linkmatch"
	"github.com/linkmatch/linkmatch/assign"
)

// This file poses one phase of short-breaks matching to the solver (the
// rows, columns and arcs described in breaks.go), with the side limits its
// branch and bound keeps (breaks_bb.go).

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
	p := phaseProblem(children, carers, parts, room, scores, wholeRows)
	step := childTier(p)
	sr, err := splitSolve(ctx, p, parts, room, opt, wholeRows)
	if err != nil {
		return nil, nil, fmt.Errorf("short-breaks matching (%s): %w", name, err)
	}
	final := *p
	final.Solver = *sr.Problem
	final.Scores = nil
	if p.Scores != nil {
		removed := map[int32]bool{}
		for _, r := range sr.Removed {
			removed[r] = true
		}
		for k, s := range p.Scores {
			if !removed[int32(k)] {
				final.Scores = append(final.Scores, s)
			}
		}
	}
	solved, err := fromSolver(&final, sr.Result)
	if err != nil {
		return nil, nil, err
	}
	ph := &BreaksPhase{Name: name, Problem: &final, Result: solved, Proven: opt.Mode == assign.Optimal && sr.Proven && solved.Proven, Nodes: sr.Nodes, ScoreStep: step}
	if opt.Mode == assign.Optimal && !ph.Proven {
		ph.Why = sr.Why
		if sr.Proven {
			ph.Why = "the chosen relaxation's solve was not proven (the solver stopped at its own node limit)"
		}
	}
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
	pinnedRow := make([]bool, sp.Rows)
	for _, pin := range sp.Pins {
		pinnedRow[pin.Row] = true
	}
	// What each child could bring to each carer: its rows' units there,
	// and whether one of them is pinned there. Collected per column, then
	// sorted by child so a child's rows (second phase) add up.
	type bring struct {
		child  int32
		units  int32
		pinned bool
	}
	at := make([][]bring, len(sp.Places))
	for _, pin := range sp.Pins {
		at[pin.Col] = append(at[pin.Col], bring{rowChild[pin.Row], sp.Units[pin.Row], true})
	}
	for _, a := range sp.Arcs {
		if !pinnedRow[a.Row] {
			at[a.Col] = append(at[a.Col], bring{rowChild[a.Row], sp.Units[a.Row], false})
		}
	}
	var us []int32
	for col, bs := range at {
		slices.SortFunc(bs, func(a, b bring) int { return cmp.Compare(a.child, b.child) })
		var most int32
		pinnedChildren := 0
		us = us[:0]
		for i := 0; i < len(bs); {
			k := i
			var u int32
			pinned := false
			for ; k < len(bs) && bs[k].child == bs[i].child; k++ {
				u += bs[k].units
				pinned = pinned || bs[k].pinned
			}
			if pinned {
				most += u // pinned there, with any more parts of the child
				pinnedChildren++
			} else {
				us = append(us, u)
			}
			i = k
		}
		slices.SortFunc(us, func(a, b int32) int { return cmp.Compare(b, a) })
		left := max(room[carerIndex[col]].children-pinnedChildren, 0)
		for _, u := range us[:min(len(us), left)] {
			most += u
		}
		sp.Places[col] = min(sp.Places[col], most)
	}
}

// sideViolations finds the side limits a placement breaks, carers in id
// order then children: a carer with more children than places left, a
// carer with more nights than offered, or (second phase) a child with more
// carers than allowed. For each limit broken it returns the items that
// cannot all stay — each the arcs of sp of one child (or one sibling group)
// at the carer — and whether each item is whole (first phase), which lets
// the search pin them. The search branches on the first; a dive repairs
// them all at once.
func sideViolations(sp *assign.Problem, r *assign.Result, parts []part, carerIndex []int32, room []carerRoom, maxCarers int, wholeRows bool) ([][][]int32, bool) {
	cols, carers := placedAt(sp, r, parts)
	broken := carerViolations(cols, carerIndex, room)
	if wholeRows {
		return broken, wholeRows
	}
	return append(broken, carers.violations(maxCarers)...), false
}

// carerPlaced is what a placement puts at one carer (a column of the
// solver's problem).
type carerPlaced struct {
	items    [][]int32 // arcs of each child (or group) at the carer
	itemOf   map[int64]int
	children map[int32]bool
	nights   int
	stays    []int // items with a stay
}

// childCarers are the carers a placement gives each child: for each child
// (in order of first placement), each column's arcs.
type childCarers struct {
	order []int32
	arcs  map[int32]map[int32][]int32 // child → column → arcs
}

// placedAt gathers a placement by carer (each column's items, children,
// nights and stays; a sibling group's arcs are one item) and by child.
func placedAt(sp *assign.Problem, r *assign.Result, parts []part) ([]carerPlaced, childCarers) {
	group := map[int32]int{}
	for g, rows := range sp.Groups {
		for _, row := range rows {
			group[row] = g
		}
	}
	cols := make([]carerPlaced, len(sp.Places))
	carers := childCarers{arcs: map[int32]map[int32][]int32{}}
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
		if carers.arcs[pt.child] == nil {
			carers.arcs[pt.child] = map[int32][]int32{}
			carers.order = append(carers.order, pt.child)
		}
		carers.arcs[pt.child][a.Col] = append(carers.arcs[pt.child][a.Col], a.Arc)
	}
	return cols, carers
}

// carerViolations are the carers' limits a placement breaks, in column
// order: all of a carer's items when it has more children than places
// left, its items with a stay when it has more nights than offered.
func carerViolations(cols []carerPlaced, carerIndex []int32, room []carerRoom) [][][]int32 {
	var broken [][][]int32
	for col := range cols {
		c := &cols[col]
		j := carerIndex[col]
		if len(c.children) > room[j].children {
			broken = append(broken, c.items)
			continue
		}
		if c.nights > room[j].nights {
			var items [][]int32
			for _, k := range c.stays {
				items = append(items, c.items[k])
			}
			broken = append(broken, items)
		}
	}
	return broken
}

// violations are the children with more than maxCarers carers, each as
// its arcs at each carer in column order.
func (cc childCarers) violations(maxCarers int) [][][]int32 {
	var broken [][][]int32
	for _, ch := range cc.order {
		m := cc.arcs[ch]
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
		broken = append(broken, items)
	}
	return broken
}

// phaseProblem poses a phase's parts (sorted by child id) to the solver:
// a row per part needing its sessions, a column per carer (id order) with
// the sessions they have left, an arc per eligible pair the short-breaks
// rules allow weighing the part's share of the pair's score, and, in the
// first phase, sibling groups.
func phaseProblem(children []linkmatch.Child, carers []linkmatch.Carer, parts []part, room []carerRoom, scores map[[2]int32]float64, wholeRows bool) *Problem {
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
	// Each child's eligible carers in column order (one pass over the
	// pairs, not a look-up per child and carer: 4.5 M of them at 1,500
	// children and 3,000 carers).
	colOf := make([]int32, len(carers))
	for col, j := range p.CarerIndex {
		colOf[j] = int32(col)
	}
	eligible := map[int32][]int32{}
	for k := range scores {
		eligible[k[0]] = append(eligible[k[0]], colOf[k[1]])
	}
	for _, cols := range eligible {
		slices.Sort(cols)
	}
	// Arcs in row, then column order, so the solver's ties follow ids.
	for row := range parts {
		pt := &parts[row]
		for _, col := range eligible[pt.child] {
			j := p.CarerIndex[col]
			s := scores[[2]int32{pt.child, j}]
			if !arcAllowed(pt, &carers[j]) || room[j].children <= 0 {
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
	return p
}
