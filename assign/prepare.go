package assign

import (
	"math"
	"slices"
)

// prepared is a Problem checked and reorganised for the solvers: pins
// applied, arcs grouped by row in column order, and the items that are
// placed (rows outside groups, and whole groups) in row order.
type prepared struct {
	p     *Problem
	units []int32 // units of each row (1 where Problem.Units says 0 or is nil)
	// places left after pins.
	places []int32
	pinned []int32 // column of each pinned row, or -1
	group  []int32 // group of each row, or -1
	// Arcs by row: arc k of row r is start[r] <= k < start[r+1], in column
	// order, with its weight and its index in Problem.Arcs.
	start   []int32
	candCol []int32
	candW   []int64
	candArc []int32
	// items in order of their first row: rows outside groups and groups,
	// not pinned.
	items []item
	// The objective's constants (see the package comment): maxW bounds the
	// weight of one unit, totalUnits is N, big = maxW·N + 1, and scale is
	// the least common multiple of the sizes of items needing more than one
	// unit.
	maxW, totalUnits, big, scale int64
	// spare are the snapshots an optimal solve of this preparation no
	// longer needs, for the next round's solve to write over (bb.go).
	spare []*snapshot
}

// item is what the solvers place: one row, or a group of rows, needing size
// places at one column.
type item struct {
	rows  []int32 // in index order
	group int32   // -1 for a row outside groups
	size  int32   // units of all its rows
	// For a group: the columns every row has an arc to, in column order,
	// with the group's weight there (the sum of its rows' weights).
	gCol []int32
	gW   []int64
}

// options returns the item's eligible columns and its weights there.
func (pr *prepared) options(it *item) ([]int32, []int64) {
	if it.group < 0 {
		r := it.rows[0]
		return pr.candCol[pr.start[r]:pr.start[r+1]], pr.candW[pr.start[r]:pr.start[r+1]]
	}
	return it.gCol, it.gW
}

// maxCount bounds rows and columns so that index arithmetic (and a row and
// column count added together) stays within int32.
const maxCount = math.MaxInt32 / 2

// prepare checks p and builds the solvers' view of it, its arcs on as many
// workers as there are cores for them (arcWorkers).
func prepare(p *Problem) (*prepared, error) {
	return prepareOn(p, arcWorkers(len(p.Arcs)))
}

// prepareOn is prepare with the arcs checked and filled on w workers; the
// result is the same for every w (TestPrepareWorkersAgree). It is long
// because it is one pass per part of the problem (rows, arcs, groups,
// pins, items), each a few lines; splitting it would scatter the checks.
func prepareOn(p *Problem, w int) (*prepared, error) {
	n, m := p.Rows, len(p.Places)
	switch {
	case n < 0:
		return nil, badf("%d rows", n)
	case p.Units != nil && len(p.Units) != n:
		return nil, badf("%d rows but %d unit counts", n, len(p.Units))
	case n > maxCount || m > maxCount || len(p.Arcs) > math.MaxInt32-1:
		return nil, &LimitError{What: "more than 1,073,741,823 rows or columns, or more than 2,147,483,646 arcs"}
	case p.MaxWeight < 0:
		return nil, badf("MaxWeight %d is negative", p.MaxWeight)
	case p.Slots != nil && len(p.Slots) != m:
		return nil, badf("%d columns but %d slot counts", m, len(p.Slots))
	}
	for j, s := range p.Slots {
		if s < 0 {
			return nil, badf("column %d has %d slots", j, s)
		}
	}
	pr := &prepared{p: p, units: make([]int32, n), places: make([]int32, m)}
	for r := range pr.units {
		pr.units[r] = 1
		if p.Units != nil {
			switch u := p.Units[r]; {
			case u < 0:
				return nil, badf("row %d needs %d units", r, u)
			case u > 0:
				pr.units[r] = u
			}
		}
		pr.totalUnits += int64(pr.units[r])
	}
	for j, pl := range p.Places {
		if pl < 0 {
			return nil, badf("column %d has %d places", j, pl)
		}
		pr.places[j] = pl
	}
	if p.MaxWeight > 0 && pr.totalUnits > 0 && p.MaxWeight > (math.MaxInt64-1)/pr.totalUnits {
		return nil, &LimitError{What: "MaxWeight × total units does not fit in int64", MaxWeight: p.MaxWeight, TotalUnits: pr.totalUnits}
	}
	if err := pr.arcs(w); err != nil {
		return nil, err
	}
	if err := pr.groupsAndPins(); err != nil {
		return nil, err
	}
	if err := pr.buildItems(); err != nil {
		return nil, err
	}
	if err := pr.constants(); err != nil {
		return nil, err
	}
	return pr, nil
}

// arcs checks the arcs and groups them by row, each row's in column order,
// on w workers (prepare_arcs.go) — when the input already lists each row's
// arcs together (as a pairs file and BuildProblem do), a sort of each
// row's run, which reads and writes memory in order; otherwise a two-pass
// radix sort (by column, then stably by row), linear in the number of arcs.
func (pr *prepared) arcs(w int) error {
	p := pr.p
	E := len(p.Arcs)
	ordered, err := pr.checkArcs(w)
	if err != nil {
		return err
	}
	pr.candCol = int32s(p.Memory, E, E)
	pr.candW = int64s(p.Memory, E, E)
	pr.candArc = int32s(p.Memory, E, E)
	if ordered {
		return pr.fillGroupedParts(w)
	}
	pr.fillRadix()
	n := p.Rows
	for i := 0; i < n; i++ {
		for k := pr.start[i] + 1; k < pr.start[i+1]; k++ {
			if pr.candCol[k] == pr.candCol[k-1] {
				return badf("two arcs for row %d and column %d", i, pr.candCol[k])
			}
		}
	}
	return nil
}

// fillRadix fills the arc arrays from arcs in any order: a counting sort
// by column, then stably by row.
func (pr *prepared) fillRadix() {
	p := pr.p
	n, m := p.Rows, len(p.Places)
	byCol := make([]int32, m+1)
	for _, a := range p.Arcs {
		byCol[a.Col+1]++
	}
	for j := 0; j < m; j++ {
		byCol[j+1] += byCol[j]
	}
	order := int32s(p.Memory, len(p.Arcs), len(p.Arcs))
	for x, a := range p.Arcs {
		order[byCol[a.Col]] = int32(x)
		byCol[a.Col]++
	}
	fill := append([]int32(nil), pr.start[:n]...)
	for _, x := range order {
		a := p.Arcs[x]
		k := fill[a.Row]
		fill[a.Row]++
		pr.candCol[k], pr.candW[k], pr.candArc[k] = a.Col, a.Weight, x
	}
}

// groupsAndPins records each row's group and applies the pins.
func (pr *prepared) groupsAndPins() error {
	if err := pr.groups(); err != nil {
		return err
	}
	return pr.pins()
}

// groups records each row's group.
func (pr *prepared) groups() error {
	p := pr.p
	n := p.Rows
	pr.group = make([]int32, n)
	for i := range pr.group {
		pr.group[i] = -1
	}
	for g, rows := range p.Groups {
		if len(rows) == 0 {
			return badf("group %d is empty", g)
		}
		for _, r := range rows {
			if r < 0 || int(r) >= n {
				return badf("group %d: row %d out of range", g, r)
			}
			if pr.group[r] >= 0 {
				return badf("row %d is in two groups", r)
			}
			pr.group[r] = int32(g)
		}
	}
	return nil
}

// pins applies the pins to the places and checks that a group is pinned
// whole or not at all.
func (pr *prepared) pins() error {
	p := pr.p
	n := p.Rows
	pr.pinned = make([]int32, n)
	for i := range pr.pinned {
		pr.pinned[i] = -1
	}
	for _, pin := range p.Pins {
		if pin.Row < 0 || int(pin.Row) >= n || pin.Col < 0 || int(pin.Col) >= len(p.Places) {
			return badf("pin (%d, %d) out of range", pin.Row, pin.Col)
		}
		if pr.pinned[pin.Row] >= 0 {
			return badf("row %d is pinned twice", pin.Row)
		}
		if pr.candIndex(pin.Row, pin.Col) < 0 {
			return badf("pin (%d, %d) is not an arc", pin.Row, pin.Col)
		}
		if u := pr.units[pin.Row]; pr.places[pin.Col] < u {
			return badf("pin (%d, %d): column %d has %d places left, the row needs %d", pin.Row, pin.Col, pin.Col, pr.places[pin.Col], u)
		}
		pr.places[pin.Col] -= pr.units[pin.Row]
		pr.pinned[pin.Row] = pin.Col
	}
	for g, rows := range p.Groups {
		first := pr.pinned[rows[0]]
		for _, r := range rows {
			if pr.pinned[r] != first {
				return badf("group %d: its rows must all be pinned to the same column or none", g)
			}
		}
	}
	return nil
}

// buildItems lists what the solvers place, in order of each item's first
// row.
func (pr *prepared) buildItems() error { return pr.buildItemsFrom(nil) }

// buildItemsFrom is buildItems taking each item from base (a preparation
// of the same arcs and groups) when base has it — for a group, its columns
// and weights, rather than intersecting its rows' arcs again. The items
// share their slices with base's, which no solver changes.
func (pr *prepared) buildItemsFrom(base *prepared) error {
	p := pr.p
	var known []int32 // base's item of each first row, plus one; 0 for none
	if base != nil {
		known = make([]int32, p.Rows)
		for i := range base.items {
			known[base.items[i].rows[0]] = int32(i + 1)
		}
		pr.items = make([]item, 0, len(base.items))
	}
	done := make([]bool, len(p.Groups))
	for r := int32(0); int(r) < p.Rows; r++ {
		if pr.pinned[r] >= 0 {
			continue
		}
		g := pr.group[r]
		if g >= 0 && done[g] {
			continue
		}
		if known != nil && known[r] > 0 {
			pr.items = append(pr.items, base.items[known[r]-1])
			if g >= 0 {
				done[g] = true
			}
			continue
		}
		if g < 0 {
			pr.items = append(pr.items, item{rows: []int32{r}, group: -1, size: pr.units[r]})
			continue
		}
		done[g] = true
		it := item{group: g, rows: slices.Clone(p.Groups[g])}
		slices.Sort(it.rows)
		var size int64
		for _, x := range it.rows {
			size += int64(pr.units[x])
		}
		if size > math.MaxInt32 {
			return &LimitError{What: "a group needs more than 2,147,483,647 units", TotalUnits: pr.totalUnits, LargestItem: size}
		}
		it.size = int32(size)
		it.gCol, it.gW = pr.intersect(it.rows)
		pr.items = append(pr.items, it)
	}
	return nil
}

// candIndex returns the position of arc (r, c) in the arc arrays, or -1.
func (pr *prepared) candIndex(r, c int32) int32 {
	a, b := pr.start[r], pr.start[r+1]
	if k, ok := slices.BinarySearch(pr.candCol[a:b], c); ok {
		return a + int32(k)
	}
	return -1
}

// intersect returns the columns every row has an arc to, with the sum of
// the rows' weights there.
func (pr *prepared) intersect(rows []int32) ([]int32, []int64) {
	r0 := rows[0]
	var cols []int32
	var ws []int64
outer:
	for k := pr.start[r0]; k < pr.start[r0+1]; k++ {
		c := pr.candCol[k]
		sum := pr.candW[k]
		for _, r := range rows[1:] {
			x := pr.candIndex(r, c)
			if x < 0 {
				continue outer
			}
			sum += pr.candW[x]
		}
		cols = append(cols, c)
		ws = append(ws, sum)
	}
	return cols, ws
}
