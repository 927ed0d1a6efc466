package assign

import (
	"errors"
	"fmt"
	"math"
	"math/bits"
)

// Certificate proves an optimal-mode result optimal by LP duality (see the
// package comment, "Certificate").
//
// Every placement of an item of k units (a row, or a whole group) with
// weight W at a column is worth k·Scale·Big + Scale·W, that is k units of
// Scale·Big + (Scale/k)·W each. The result is an optimal solution of
//
//	maximise Σ w·x  s.t. each item ≤ k units, each column ≤ its places,
//	                     x ≥ 0 (x per arc and unit),
//
// and the certificate is a feasible solution of its dual — a price U ≥ 0 per
// unit of each item and V ≥ 0 per place of each column, with U + V ≥ w on
// every arc — whose objective (Σ k·U + Σ places·V) equals the result's.
// Everything is integer, so the check is exact.
//
// When items need several units the certificate covers the problem left
// after the branch-and-bound decisions listed in Decisions (an item fixed
// to a column leaves the problem with that column's places; an excluded
// item leaves it; a forbidden arc is removed). Optimality over all
// decisions rests on the branch and bound, reported by Result.Proven.
type Certificate struct {
	// Big and Scale are the objective's constants (package comment).
	Big, Scale int64
	// RowDual is U per row outside groups (0 for pinned and grouped rows).
	RowDual []int64
	// GroupDual is U per group.
	GroupDual []int64
	// ColumnDual is V per column.
	ColumnDual []int64
	Decisions  []Decision
}

// DecisionKind is what a branch-and-bound decision says about an item.
type DecisionKind uint8

// The decisions, spelled "fix", "forbid" and "exclude" by String.
const (
	DecisionFix     DecisionKind = iota // the item is placed at Col
	DecisionForbid                      // the item is never placed at Col
	DecisionExclude                     // the item is not placed at all
)

func (k DecisionKind) String() string {
	switch k {
	case DecisionFix:
		return "fix"
	case DecisionForbid:
		return "forbid"
	}
	return "exclude"
}

// Decision is a branch-and-bound decision about an item: group Group, or
// (when Group is -1) the multi-unit row Row. For a group, Row is its first
// row. Col is -1 for DecisionExclude.
type Decision struct {
	Group, Row, Col int32
	Kind            DecisionKind
}

// ErrCheckFailed is matched by every error of CheckOptimal, CheckFeasible
// and CheckStable.
var ErrCheckFailed = errors.New("assign: check failed")

func checkf(format string, args ...any) error {
	return fmt.Errorf("%w: "+format, append([]any{ErrCheckFailed}, args...)...)
}

// CheckFeasible checks that res's placements are allowed: every assignment
// uses an arc of its row and column, no row is placed twice, no column
// beyond its places, pins are kept, groups are placed whole at one column
// or not at all, and Units and Weight are the totals. It shares no code
// with the solvers.
func CheckFeasible(p *Problem, res *Result) error {
	_, _, err := checkFeasible(p, res)
	return err
}

// checkFeasible also returns the column and the arc of each row (-1 when
// unplaced).
func checkFeasible(p *Problem, res *Result) (colOf, arcOf []int32, err error) {
	n, m := p.Rows, len(p.Places)
	if n < 0 || (p.Units != nil && len(p.Units) != n) {
		return nil, nil, checkf("the problem's rows and units do not agree")
	}
	colOf, arcOf = make([]int32, n), make([]int32, n)
	for i := range colOf {
		colOf[i], arcOf[i] = -1, -1
	}
	load := make([]int64, m)
	var units, weight int64
	for _, a := range res.Assignments {
		if a.Row < 0 || int(a.Row) >= n || a.Col < 0 || int(a.Col) >= m || a.Arc < 0 || int(a.Arc) >= len(p.Arcs) {
			return nil, nil, checkf("assignment (%d, %d, arc %d) out of range", a.Row, a.Col, a.Arc)
		}
		if arc := p.Arcs[a.Arc]; arc.Row != a.Row || arc.Col != a.Col {
			return nil, nil, checkf("assignment (%d, %d) names arc %d, which is (%d, %d)", a.Row, a.Col, a.Arc, arc.Row, arc.Col)
		}
		if colOf[a.Row] >= 0 {
			return nil, nil, checkf("row %d placed twice", a.Row)
		}
		colOf[a.Row], arcOf[a.Row] = a.Col, a.Arc
		u := unitsOf(p, a.Row)
		load[a.Col] += u
		units += u
		weight += p.Arcs[a.Arc].Weight
	}
	for j := range load {
		if load[j] > int64(p.Places[j]) {
			return nil, nil, checkf("column %d holds %d units but has %d places", j, load[j], p.Places[j])
		}
	}
	for _, pin := range p.Pins {
		if pin.Row < 0 || int(pin.Row) >= n || colOf[pin.Row] != pin.Col {
			return nil, nil, checkf("pin (%d, %d) was not kept", pin.Row, pin.Col)
		}
	}
	for g, rows := range p.Groups {
		if len(rows) == 0 {
			return nil, nil, checkf("group %d is empty", g)
		}
		for _, r := range rows {
			if r < 0 || int(r) >= n || colOf[r] != colOf[rows[0]] {
				return nil, nil, checkf("group %d is split", g)
			}
		}
	}
	if res.Units != units || res.Weight != weight {
		return nil, nil, checkf("the result says %d units and weight %d, its assignments total %d and %d", res.Units, res.Weight, units, weight)
	}
	return colOf, arcOf, nil
}

// unitsOf is row r's units (1 when Problem.Units says 0 or is nil).
func unitsOf(p *Problem, r int32) int64 {
	if p.Units == nil || p.Units[r] <= 0 {
		return 1
	}
	return int64(p.Units[r])
}

// checked accumulates int64 arithmetic, remembering any overflow.
type checked struct{ over bool }

func (c *checked) mul(a, b int64) int64 {
	if a < 0 || b < 0 {
		c.over = true
		return 0
	}
	hi, lo := bits.Mul64(uint64(a), uint64(b))
	if hi != 0 || lo > math.MaxInt64 {
		c.over = true
	}
	return int64(lo)
}

func (c *checked) add(a, b int64) int64 {
	s := a + b
	if (b > 0 && s < a) || (b < 0 && s > a) {
		c.over = true
	}
	return s
}

// itemKey names an item in the checker: a group by its index, a row
// outside groups by -1-row.
func itemKey(group []int32, r int32) int64 {
	if g := group[r]; g >= 0 {
		return int64(g)
	}
	return -1 - int64(r)
}

// CheckOptimal checks res (an optimal-mode result) against its
// certificate: the placements are feasible, the constants Big and Scale
// are those the problem defines, the duals are non-negative and feasible
// on every arc of the problem left after pins and branch-and-bound
// decisions, and the primal and dual objectives are equal. A nil error
// proves the placements optimal for that problem. It re-derives everything
// from p and shares no code with the solvers. Every error matches
// ErrCheckFailed.
//
// It is one pass per part of the proof (constants, decisions, arcs, rows,
// groups), so it runs longer than 80 lines; the steps are labelled.
func CheckOptimal(p *Problem, res *Result) error {
	cert := res.Certificate
	if cert == nil {
		return checkf("no certificate")
	}
	colOf, arcOf, err := checkFeasible(p, res)
	if err != nil {
		return err
	}
	n, m := p.Rows, len(p.Places)
	if len(cert.RowDual) != n || len(cert.ColumnDual) != m || len(cert.GroupDual) != len(p.Groups) {
		return checkf("certificate sizes do not match the problem")
	}
	var c checked

	// The constants: Big from the weight bound and the total units, Scale
	// from the sizes of the items left to place.
	group := make([]int32, n)
	for i := range group {
		group[i] = -1
	}
	size := map[int64]int64{} // units of each item
	var N, maxW int64
	for r := int32(0); int(r) < n; r++ {
		N += unitsOf(p, r)
	}
	for g, rows := range p.Groups {
		for _, r := range rows {
			group[r] = int32(g)
		}
	}
	for r := int32(0); int(r) < n; r++ {
		size[itemKey(group, r)] += unitsOf(p, r)
	}
	maxW = p.MaxWeight
	if maxW == 0 {
		for _, a := range p.Arcs {
			u := unitsOf(p, a.Row)
			maxW = max(maxW, (a.Weight+u-1)/u)
		}
	}
	pinned := make([]bool, n)
	places := make([]int64, m)
	for j, pl := range p.Places {
		places[j] = int64(pl)
	}
	for _, pin := range p.Pins {
		pinned[pin.Row] = true
		places[pin.Col] -= unitsOf(p, pin.Row)
	}
	big := c.add(c.mul(maxW, N), 1)
	scale := int64(1)
	for key, k := range size {
		first := key // any row of the item tells whether it is pinned
		var r int32
		if first >= 0 {
			r = p.Groups[first][0]
		} else {
			r = int32(-1 - first)
		}
		if !pinned[r] && k > 1 {
			scale = c.mul(scale/gcd(scale, k), k)
		}
	}
	if c.over {
		return checkf("the problem's constants overflow int64")
	}
	if cert.Big != big || cert.Scale != scale {
		return checkf("certificate Big/Scale %d/%d, want %d/%d", cert.Big, cert.Scale, big, scale)
	}

	// The decisions: fixed items leave with their column's places,
	// excluded items leave, forbidden arcs go.
	gone := map[int64]bool{}
	forbid := map[[2]int64]bool{}
	for _, d := range cert.Decisions {
		var key int64
		var first int32
		switch {
		case d.Group >= 0 && int(d.Group) < len(p.Groups):
			key, first = int64(d.Group), p.Groups[d.Group][0]
		case d.Group == -1 && d.Row >= 0 && int(d.Row) < n && group[d.Row] < 0:
			key, first = -1-int64(d.Row), d.Row
		default:
			return checkf("decision about an unknown item (group %d, row %d)", d.Group, d.Row)
		}
		if d.Kind != DecisionExclude && (d.Col < 0 || int(d.Col) >= m) {
			return checkf("decision about an unknown column %d", d.Col)
		}
		switch d.Kind {
		case DecisionFix:
			if colOf[first] != d.Col {
				return checkf("item (group %d, row %d) is fixed to column %d but not placed there", d.Group, d.Row, d.Col)
			}
			gone[key] = true
			places[d.Col] -= size[key]
		case DecisionExclude:
			if colOf[first] >= 0 {
				return checkf("item (group %d, row %d) is excluded but placed", d.Group, d.Row)
			}
			gone[key] = true
		case DecisionForbid:
			forbid[[2]int64{key, int64(d.Col)}] = true
		default:
			return checkf("unknown decision %d", d.Kind)
		}
	}

	// The dual objective starts with the columns' places.
	var primal, dual int64
	for j, v := range cert.ColumnDual {
		if v < 0 {
			return checkf("column %d has a negative dual", j)
		}
		dual = c.add(dual, c.mul(places[j], v))
	}
	perUnit := func(k, w int64) int64 { return c.add(c.mul(scale, big), c.mul(scale/k, w)) }

	// Dual feasibility on the arcs of rows outside groups; groups' arcs are
	// summed per column for the next step.
	gW := make([]map[int32]int64, len(p.Groups))
	gCount := make([]map[int32]int, len(p.Groups))
	for _, a := range p.Arcs {
		if pinned[a.Row] {
			continue
		}
		if g := group[a.Row]; g >= 0 {
			if gW[g] == nil {
				gW[g], gCount[g] = map[int32]int64{}, map[int32]int{}
			}
			gW[g][a.Col] += a.Weight
			gCount[g][a.Col]++
			continue
		}
		key, k := itemKey(group, a.Row), unitsOf(p, a.Row)
		if gone[key] || places[a.Col] < k || (k > 1 && forbid[[2]int64{key, int64(a.Col)}]) {
			continue // the arc is not in the problem left (x ≤ 0)
		}
		if w := perUnit(k, a.Weight); c.add(cert.RowDual[a.Row], cert.ColumnDual[a.Col]) < w {
			return checkf("arc (%d, %d): duals %d + %d < weight %d", a.Row, a.Col, cert.RowDual[a.Row], cert.ColumnDual[a.Col], w)
		}
	}

	// Rows outside groups: their duals, and the primal of those placed.
	for r := int32(0); int(r) < n; r++ {
		key := itemKey(group, r)
		if pinned[r] || group[r] >= 0 || gone[key] {
			continue
		}
		if cert.RowDual[r] < 0 {
			return checkf("row %d has a negative dual", r)
		}
		k := unitsOf(p, r)
		dual = c.add(dual, c.mul(k, cert.RowDual[r]))
		if x := arcOf[r]; x >= 0 {
			primal = c.add(primal, c.mul(k, perUnit(k, p.Arcs[x].Weight)))
		}
	}

	// Groups: their duals, dual feasibility on the columns eligible for
	// every row, and the primal of those placed.
	for g, rows := range p.Groups {
		key := int64(g)
		if pinned[rows[0]] || gone[key] {
			continue
		}
		k := size[key]
		U := cert.GroupDual[g]
		if U < 0 {
			return checkf("group %d has a negative dual", g)
		}
		dual = c.add(dual, c.mul(k, U))
		for j, w := range gW[g] {
			if gCount[g][j] != len(rows) || places[j] < k || forbid[[2]int64{key, int64(j)}] {
				continue
			}
			if pw := perUnit(k, w); c.add(U, cert.ColumnDual[j]) < pw {
				return checkf("group %d at column %d: duals %d + %d < weight %d", g, j, U, cert.ColumnDual[j], pw)
			}
			if colOf[rows[0]] == j {
				primal = c.add(primal, c.mul(k, perUnit(k, w)))
			}
		}
	}
	if c.over {
		return checkf("the objectives overflow int64")
	}
	if primal != dual {
		return checkf("primal objective %d differs from dual objective %d", primal, dual)
	}
	return nil
}
