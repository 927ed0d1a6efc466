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
	// Lowered gives the places (before pins) of the columns whose places
	// were lowered to meet their slots; the other columns keep theirs.
	Lowered []ColumnPlaces
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
	if err := checkSlots(p, res); err != nil {
		return nil, nil, err
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

// checkSlots checks that no column holds more items (a row outside
// groups, or a whole group) than its slots, or than the units pinned
// there when those are more (pins are kept whatever the slots).
func checkSlots(p *Problem, res *Result) error {
	if p.Slots == nil {
		return nil
	}
	if len(p.Slots) != len(p.Places) {
		return checkf("%d columns but %d slot counts", len(p.Places), len(p.Slots))
	}
	group := make(map[int32]int32) // row → group
	for g, rows := range p.Groups {
		for _, r := range rows {
			group[r] = int32(g)
		}
	}
	items := make([]int64, len(p.Places))
	pinned := make([]int64, len(p.Places))
	for _, pin := range p.Pins {
		pinned[pin.Col] += unitsOf(p, pin.Row)
	}
	seen := map[int32]bool{}
	for _, a := range res.Assignments {
		if g, ok := group[a.Row]; ok {
			if seen[g] {
				continue
			}
			seen[g] = true
		}
		items[a.Col]++
	}
	for j, n := range items {
		if n > max(int64(p.Slots[j]), pinned[j]) {
			return checkf("column %d holds %d items but has %d slots", j, n, p.Slots[j])
		}
	}
	return nil
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
func CheckOptimal(p *Problem, res *Result) error {
	cert := res.Certificate
	if cert == nil {
		return checkf("no certificate")
	}
	colOf, arcOf, err := checkFeasible(p, res)
	if err != nil {
		return err
	}
	if len(cert.RowDual) != p.Rows || len(cert.ColumnDual) != len(p.Places) || len(cert.GroupDual) != len(p.Groups) {
		return checkf("certificate sizes do not match the problem")
	}
	k := &certCheck{p: p, cert: cert, colOf: colOf, arcOf: arcOf}
	for _, step := range []func() error{k.constants, k.decisions, k.columns, k.rowArcs, k.rows, k.groups} {
		if err := step(); err != nil {
			return err
		}
	}
	if k.c.over {
		return checkf("the objectives overflow int64")
	}
	if k.primal != k.dual {
		return checkf("primal objective %d differs from dual objective %d", k.primal, k.dual)
	}
	return nil
}

// certCheck is the state of one CheckOptimal, built up step by step.
type certCheck struct {
	p            *Problem
	cert         *Certificate
	colOf, arcOf []int32
	c            checked

	group  []int32         // group of each row, or -1
	size   map[int64]int64 // units of each item (itemKey)
	pinned []bool
	places []int64 // places left after pins and fixed items
	big    int64
	scale  int64
	gone   map[int64]bool    // items fixed or excluded by a decision
	forbid map[[2]int64]bool // item–column arcs forbidden by a decision
	gW     []map[int32]int64 // each group's weight at each column …
	gCount []map[int32]int   // … summed over this many of its rows

	primal, dual int64
}

// constants derives Big from the weight bound and the total units, and
// Scale from the sizes of the items left to place, and compares them with
// the certificate's.
func (k *certCheck) constants() error {
	p := k.p
	n := p.Rows
	k.group = make([]int32, n)
	for i := range k.group {
		k.group[i] = -1
	}
	for g, rows := range p.Groups {
		for _, r := range rows {
			k.group[r] = int32(g)
		}
	}
	k.size = map[int64]int64{}
	var N int64
	for r := int32(0); int(r) < n; r++ {
		N += unitsOf(p, r)
		k.size[itemKey(k.group, r)] += unitsOf(p, r)
	}
	maxW := p.MaxWeight
	if maxW == 0 {
		for _, a := range p.Arcs {
			u := unitsOf(p, a.Row)
			maxW = max(maxW, (a.Weight+u-1)/u)
		}
	}
	k.pinned = make([]bool, n)
	k.places = make([]int64, len(p.Places))
	for j, pl := range p.Places {
		k.places[j] = int64(pl)
	}
	for x, c := range k.cert.Lowered {
		switch {
		case c.Col < 0 || int(c.Col) >= len(p.Places) || (x > 0 && c.Col <= k.cert.Lowered[x-1].Col):
			return checkf("lowered places: column %d out of range or out of order", c.Col)
		case c.Places < 0 || c.Places > p.Places[c.Col]:
			return checkf("lowered places: column %d given %d places, it has %d", c.Col, c.Places, p.Places[c.Col])
		}
		k.places[c.Col] = int64(c.Places)
	}
	for _, pin := range p.Pins {
		k.pinned[pin.Row] = true
		k.places[pin.Col] -= unitsOf(p, pin.Row)
	}
	k.big = k.c.add(k.c.mul(maxW, N), 1)
	k.scale = 1
	for key, size := range k.size {
		r := int32(-1 - key) // a row outside groups …
		if key >= 0 {
			r = p.Groups[key][0] // … or a group's first row tells whether it is pinned
		}
		if !k.pinned[r] && size > 1 {
			k.scale = k.c.mul(k.scale/gcd(k.scale, size), size)
		}
	}
	if k.c.over {
		return checkf("the problem's constants overflow int64")
	}
	if k.cert.Big != k.big || k.cert.Scale != k.scale {
		return checkf("certificate Big/Scale %d/%d, want %d/%d", k.cert.Big, k.cert.Scale, k.big, k.scale)
	}
	return nil
}

// decisions applies the branch-and-bound decisions: fixed items leave with
// their column's places, excluded items leave, forbidden arcs go.
func (k *certCheck) decisions() error {
	p := k.p
	k.gone = map[int64]bool{}
	k.forbid = map[[2]int64]bool{}
	for _, d := range k.cert.Decisions {
		var key int64
		var first int32
		switch {
		case d.Group >= 0 && int(d.Group) < len(p.Groups):
			key, first = int64(d.Group), p.Groups[d.Group][0]
		case d.Group == -1 && d.Row >= 0 && int(d.Row) < p.Rows && k.group[d.Row] < 0:
			key, first = -1-int64(d.Row), d.Row
		default:
			return checkf("decision about an unknown item (group %d, row %d)", d.Group, d.Row)
		}
		if d.Kind != DecisionExclude && (d.Col < 0 || int(d.Col) >= len(p.Places)) {
			return checkf("decision about an unknown column %d", d.Col)
		}
		switch d.Kind {
		case DecisionFix:
			if k.colOf[first] != d.Col {
				return checkf("item (group %d, row %d) is fixed to column %d but not placed there", d.Group, d.Row, d.Col)
			}
			k.gone[key] = true
			k.places[d.Col] -= k.size[key]
		case DecisionExclude:
			if k.colOf[first] >= 0 {
				return checkf("item (group %d, row %d) is excluded but placed", d.Group, d.Row)
			}
			k.gone[key] = true
		case DecisionForbid:
			k.forbid[[2]int64{key, int64(d.Col)}] = true
		default:
			return checkf("unknown decision %d", d.Kind)
		}
	}
	return nil
}

// columns checks the columns' duals and adds their places to the dual
// objective.
func (k *certCheck) columns() error {
	for j, v := range k.cert.ColumnDual {
		if v < 0 {
			return checkf("column %d has a negative dual", j)
		}
		k.dual = k.c.add(k.dual, k.c.mul(k.places[j], v))
	}
	return nil
}

// perUnit is the weight of one unit of an item of k units and weight w.
func (k *certCheck) perUnit(size, w int64) int64 {
	return k.c.add(k.c.mul(k.scale, k.big), k.c.mul(k.scale/size, w))
}

// rowArcs checks dual feasibility on the arcs of rows outside groups and
// sums groups' arcs per column for the groups step.
func (k *certCheck) rowArcs() error {
	p := k.p
	k.gW = make([]map[int32]int64, len(p.Groups))
	k.gCount = make([]map[int32]int, len(p.Groups))
	for _, a := range p.Arcs {
		if k.pinned[a.Row] {
			continue
		}
		if g := k.group[a.Row]; g >= 0 {
			if k.gW[g] == nil {
				k.gW[g], k.gCount[g] = map[int32]int64{}, map[int32]int{}
			}
			k.gW[g][a.Col] += a.Weight
			k.gCount[g][a.Col]++
			continue
		}
		key, size := itemKey(k.group, a.Row), unitsOf(p, a.Row)
		if k.gone[key] || k.places[a.Col] < size || (size > 1 && k.forbid[[2]int64{key, int64(a.Col)}]) {
			continue // the arc is not in the problem left (x ≤ 0)
		}
		if w := k.perUnit(size, a.Weight); k.c.add(k.cert.RowDual[a.Row], k.cert.ColumnDual[a.Col]) < w {
			return checkf("arc (%d, %d): duals %d + %d < weight %d", a.Row, a.Col, k.cert.RowDual[a.Row], k.cert.ColumnDual[a.Col], w)
		}
	}
	return nil
}

// rows adds the duals of rows outside groups, and the primal of those
// placed.
func (k *certCheck) rows() error {
	p := k.p
	for r := int32(0); int(r) < p.Rows; r++ {
		if k.pinned[r] || k.group[r] >= 0 || k.gone[itemKey(k.group, r)] {
			continue
		}
		if k.cert.RowDual[r] < 0 {
			return checkf("row %d has a negative dual", r)
		}
		size := unitsOf(p, r)
		k.dual = k.c.add(k.dual, k.c.mul(size, k.cert.RowDual[r]))
		if x := k.arcOf[r]; x >= 0 {
			k.primal = k.c.add(k.primal, k.c.mul(size, k.perUnit(size, p.Arcs[x].Weight)))
		}
	}
	return nil
}

// groups adds the groups' duals, checks dual feasibility on the columns
// every row of a group has an arc to, and adds the primal of groups placed.
func (k *certCheck) groups() error {
	for g, rows := range k.p.Groups {
		key := int64(g)
		if k.pinned[rows[0]] || k.gone[key] {
			continue
		}
		size := k.size[key]
		U := k.cert.GroupDual[g]
		if U < 0 {
			return checkf("group %d has a negative dual", g)
		}
		k.dual = k.c.add(k.dual, k.c.mul(size, U))
		for j, w := range k.gW[g] {
			if k.gCount[g][j] != len(rows) || k.places[j] < size || k.forbid[[2]int64{key, int64(j)}] {
				continue
			}
			if pw := k.perUnit(size, w); k.c.add(U, k.cert.ColumnDual[j]) < pw {
				return checkf("group %d at column %d: duals %d + %d < weight %d", g, j, U, k.cert.ColumnDual[j], pw)
			}
			if k.colOf[rows[0]] == j {
				k.primal = k.c.add(k.primal, k.c.mul(size, k.perUnit(size, w)))
			}
		}
	}
	return nil
}
