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
	return p
}
