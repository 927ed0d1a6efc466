package match

import (
	"cmp"
	"context"
	"slices"

	"github.com/linkmatch/linkmatch/assign"
)

// Children and carers that share no eligible pair, directly or through
// others, cannot affect each other: every limit of short-breaks matching
// is a carer's (sessions, children, nights) or a child's (carers), and a
// sibling group goes to one carer. The phase's problem therefore splits
// into its connected components (rows and columns joined by arcs, a
// group's rows joined together), each solved, and searched, on its own
// (issue 17: 300 children and 600 carers took 23.5 s as one search, whose
// every relaxation re-solved the whole scheme). The optimum of the whole is
// the union of the components' optima, objective and side limits being
// sums over components.

// component is one connected part of a problem: its rows and columns in
// index order, and the problem restricted to them (rows and columns
// renumbered in the same order, so ties fall as in the whole), with the
// base arc of each of its arcs.
type component struct {
	rows, cols []int32
	prob       assign.Problem
	arcOf      []int32
}

// components splits p into its connected components with at least one
// arc, in order of their first row; rows of one child (rowChild: the parts
// of the second phase, limited together to max_carers_per_child) are
// joined. p must have no pins.
func components(p *assign.Problem, rowChild []int32) []component {
	joined := joinRowsAndCols(p, rowChild)
	placeable := rowsWithArcs(p)
	out, index := gatherComponents(p, joined, placeable)
	restrictToComponents(p, out, func(r int32) *component { return &out[index[joined.find(r)]] }, placeable)
	return out
}

// unionFind is a disjoint-set forest of rows and columns (a column col is
// element Rows+col), each set's root its smallest element, with path
// halving (Tarjan and van Leeuwen 1984, "Worst-case analysis of set union
// algorithms").
type unionFind []int32

func newUnionFind(n int) unionFind {
	parent := make(unionFind, n)
	for i := range parent {
		parent[i] = int32(i)
	}
	return parent
}

func (parent unionFind) find(x int32) int32 {
	for parent[x] != x {
		parent[x] = parent[parent[x]]
		x = parent[x]
	}
	return x
}

func (parent unionFind) union(a, b int32) {
	if ra, rb := parent.find(a), parent.find(b); ra != rb {
		parent[max(ra, rb)] = min(ra, rb)
	}
}

// joinRowsAndCols joins each arc's row and column, the rows of each
// sibling group, and the rows of each child (rowChild).
func joinRowsAndCols(p *assign.Problem, rowChild []int32) unionFind {
	nr := p.Rows
	joined := newUnionFind(nr + len(p.Places))
	for _, a := range p.Arcs {
		joined.union(a.Row, int32(nr)+a.Col)
	}
	for _, g := range p.Groups {
		for _, r := range g[1:] {
			joined.union(g[0], r)
		}
	}
	firstRow := map[int32]int32{}
	for r, ch := range rowChild {
		if f, ok := firstRow[ch]; ok {
			joined.union(f, int32(r))
		} else {
			firstRow[ch] = int32(r)
		}
	}
	return joined
}

// rowsWithArcs says which rows belong in a component: a row is in one
// when it has an arc, or a row of its group does (the group then stays
// whole, and unplaceable, in the component); a child's other rows without
// arcs stay out (nothing can place them).
func rowsWithArcs(p *assign.Problem) []bool {
	hasArc := make([]bool, p.Rows)
	for _, a := range p.Arcs {
		hasArc[a.Row] = true
	}
	for _, g := range p.Groups {
		if slices.ContainsFunc(g, func(r int32) bool { return hasArc[r] }) {
			for _, r := range g {
				hasArc[r] = true
			}
		}
	}
	return hasArc
}

// gatherComponents lists the components, in order of their first row,
// with their rows (those with hasArc) and their columns with an arc, each
// in index order; index gives each component's place in the list by its
// root in joined.
func gatherComponents(p *assign.Problem, joined unionFind, hasArc []bool) (out []component, index map[int32]int) {
	nr := p.Rows
	index = map[int32]int{}
	at := func(x int32) *component {
		root := joined.find(x)
		k, ok := index[root]
		if !ok {
			k = len(out)
			index[root] = k
			out = append(out, component{})
		}
		return &out[k]
	}
	for r := range nr {
		if hasArc[r] {
			c := at(int32(r))
			c.rows = append(c.rows, int32(r))
		}
	}
	for col := range p.Places {
		if joined.find(int32(nr+col)) < int32(nr) { // a column with an arc
			c := at(int32(nr + col))
			c.cols = append(c.cols, int32(col))
		}
	}
	return out, index
}

// restrictToComponents poses each component's problem: p restricted to
// its rows and columns (renumbered in index order), its arcs (with the
// base arc of each) and its sibling groups. compOf is the component of a
// row.
func restrictToComponents(p *assign.Problem, out []component, compOf func(row int32) *component, hasArc []bool) {
	rowAt := make([]int32, p.Rows)
	colAt := make([]int32, len(p.Places))
	for k := range out {
		c := &out[k]
		c.prob = assign.Problem{Rows: len(c.rows), Places: make([]int32, len(c.cols)), MaxWeight: p.MaxWeight}
		if p.Units != nil {
			c.prob.Units = make([]int32, len(c.rows))
		}
		for i, r := range c.rows {
			rowAt[r] = int32(i)
			if p.Units != nil {
				c.prob.Units[i] = p.Units[r]
			}
		}
		for i, col := range c.cols {
			colAt[col] = int32(i)
			c.prob.Places[i] = p.Places[col]
		}
	}
	for k, a := range p.Arcs {
		c := compOf(a.Row)
		c.prob.Arcs = append(c.prob.Arcs, assign.Arc{Row: rowAt[a.Row], Col: colAt[a.Col], Weight: a.Weight})
		c.arcOf = append(c.arcOf, int32(k))
	}
	for _, g := range p.Groups {
		if !hasArc[g[0]] {
			continue
		}
		c := compOf(g[0])
		sub := make([]int32, len(g))
		for i, r := range g {
			sub[i] = rowAt[r]
		}
		c.prob.Groups = append(c.prob.Groups, sub)
	}
}

// pick returns xs at the indexes given.
func pick[T any](xs []T, at []int32) []T {
	out := make([]T, len(at))
	for i, k := range at {
		out[i] = xs[k]
	}
	return out
}

// sameAssignments reports whether r places exactly the (row, column) pairs
// of want (sorted by row).
func sameAssignments(r *assign.Result, want []assign.Pin) bool {
	if len(r.Assignments) != len(want) {
		return false
	}
	got := make([]assign.Pin, len(r.Assignments))
	for i, a := range r.Assignments {
		got[i] = assign.Pin{Row: a.Row, Col: a.Col}
	}
	slices.SortFunc(got, func(a, b assign.Pin) int { return int(a.Row - b.Row) })
	return slices.Equal(got, want)
}

// splitSolve solves phase problem p (no pins) under the side limits,
// component by component (each searched by sideSolve with its own node
// limit), and then poses the whole once more — the base less every arc the
// components' searches removed, with their pins and their tightened places
// — so that the answer has one certificate for the whole phase. That
// problem's optimum is the union of the components' answers; should the
// solver pick another as good (a tie across components), the union is
// pinned instead and the phase is not called proven.
func splitSolve(ctx context.Context, p *Problem, parts []part, room []carerRoom, opt BreaksOptions, wholeRows bool) (*sideResult, error) {
	aopt := assign.Options{Mode: opt.Mode, NodeLimit: innerNodes}
	solveOne := func(sp *assign.Problem, parts []part, rowChild, carerIndex []int32) (*sideResult, error) {
		violations := func(q *assign.Problem, r *assign.Result) ([][][]int32, bool) {
			return sideViolations(q, r, parts, carerIndex, room, opt.MaxCarersPerChild, wholeRows)
		}
		tighten := func(q *assign.Problem) { tightenPlaces(q, rowChild, carerIndex, room) }
		return sideSolve(ctx, sp, violations, tighten, aopt, opt.NodeLimit)
	}
	var comps []component
	if !opt.whole {
		comps = components(&p.Solver, p.ChildIndex)
	}
	if len(comps) <= 1 {
		return solveOne(&p.Solver, parts, p.ChildIndex, p.CarerIndex)
	}
	out := &sideResult{Proven: true}
	var removed []int32
	var pins, chosen []assign.Pin
	places := slices.Clone(p.Solver.Places)
	inner := 0
	for _, c := range comps {
		sr, err := solveOne(&c.prob, pick(parts, c.rows), pick(p.ChildIndex, c.rows), pick(p.CarerIndex, c.cols))
		if err != nil {
			return nil, err
		}
		out.Nodes += sr.Nodes
		if out.Proven && !sr.Proven {
			out.Why = sr.Why
		}
		out.Proven = out.Proven && sr.Proven
		inner += sr.Result.Nodes
		for _, r := range sr.Removed {
			removed = append(removed, c.arcOf[r])
		}
		for _, pin := range sr.Problem.Pins {
			pins = append(pins, assign.Pin{Row: c.rows[pin.Row], Col: c.cols[pin.Col]})
		}
		for _, a := range sr.Result.Assignments {
			chosen = append(chosen, assign.Pin{Row: c.rows[a.Row], Col: c.cols[a.Col]})
		}
		if sr.Problem.Places != nil {
			for i, col := range c.cols {
				places[col] = sr.Problem.Places[i]
			}
		}
	}
	byRow := func(a, b assign.Pin) int { return cmp.Compare(a.Row, b.Row) }
	slices.Sort(removed)
	slices.SortFunc(pins, byRow)
	slices.SortFunc(chosen, byRow)
	whole := p.Solver
	whole.Places = places
	whole.Arcs = without(p.Solver.Arcs, removed)
	whole.Pins = pins
	wopt := aopt
	wopt.NodeLimit = max(innerNodes, 2*inner)
	r, err := assign.Solve(ctx, &whole, wopt)
	if err != nil {
		return nil, err
	}
	if !sameAssignments(r, chosen) {
		whole.Pins = chosen
		if r, err = assign.Solve(ctx, &whole, wopt); err != nil {
			return nil, err
		}
		if out.Proven {
			out.Why = "the whole phase, posed once more, ties with another answer as good, so the components' answers are pinned"
		}
		out.Proven = false
	}
	out.Problem, out.Result, out.Removed = &whole, r, removed
	return out, nil
}

// without returns arcs less those at the sorted indexes removed.
func without(arcs []assign.Arc, removed []int32) []assign.Arc {
	out := make([]assign.Arc, 0, len(arcs)-len(removed))
	k := 0
	for i, a := range arcs {
		if k < len(removed) && removed[k] == int32(i) {
			k++
			continue
		}
		out = append(out, a)
	}
	return out
}
