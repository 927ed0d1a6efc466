package assign

import (
	"context"
	"fmt"
)

// relaxation is the flow relaxation of a branch-and-bound node (bb.go),
// kept from node to node and re-solved from its last flow and potentials
// ("warm start"). A decision changes a few arcs: fixing an item to a
// column takes the item out, with its flow, and shrinks the column's
// places; forbidding an item at a column removes one edge; excluding an
// item takes it out. Removing flow leaves deficits at columns and units
// to place at rows (flowSolver), which settle moves along shortest paths;
// nothing else needs to change, so a node costs a few searches rather
// than a new network and a solve from scratch.
//
// Row ii of the network is item ii; an item taken out keeps its row with
// no capacity. Items with many options start from their heaviest edges
// (the core, net.go) and price the rest against the duals after every
// solve (price).
type relaxation struct {
	pr     *prepared
	wt     weights
	limit  []int32 // core size of each item, 0 for all its edges
	maxOut []int64 // bound on the per-unit weight of edges left out, -1 if none
	net    *flowNet
	fs     *flowSolver
	jr     *journal

	// The node: its decisions, the places left after fixed items, the
	// items taken out, the forbidden item–column pairs and the objective
	// value of the fixed items.
	decs   []decision
	places []int32
	gone   []bool
	forbid map[[2]int32]bool
	fixed  int64
}

// decision is a branching decision about one item.
type decision struct {
	item int32
	col  int32 // -1 with DecisionExclude
	kind DecisionKind
}

func newRelaxation(pr *prepared, wt weights) *relaxation {
	rx := &relaxation{pr: pr, wt: wt, limit: coreLimits(pr),
		places: append([]int32(nil), pr.places...), gone: make([]bool, len(pr.items)), forbid: map[[2]int32]bool{}}
	rx.net, rx.maxOut = buildNet(pr, wt, rx.limit)
	rx.fs = newFlowSolver(rx.net)
	rx.jr = &journal{}
	return rx
}

// solveRoot solves the problem without decisions from scratch; from then
// on every change is journaled.
func (rx *relaxation) solveRoot(ctx context.Context) error {
	if err := rx.fs.solve(ctx); err != nil {
		return err
	}
	rx.fs.jr = rx.jr
	return rx.price(ctx)
}

// settle re-solves after a change: it places every unit left and moves
// every excess on (forward searches), then fills every deficit (reverse
// searches). No search creates a new excess or deficit, so one pass does.
func (rx *relaxation) settle(ctx context.Context) error {
	s := rx.fs
	n := 0
	tick := func() error {
		if n++; n&15 == 0 {
			return ctx.Err()
		}
		return nil
	}
	for j := int32(0); int(j) < rx.net.nCols(); j++ {
		for s.colLoad[j] > s.colOut[j] {
			if err := tick(); err != nil {
				return err
			}
			s.augmentThen(-1, j, nil)
		}
	}
	for i := int32(0); int(i) < rx.net.nRows(); i++ {
		for s.spare(i) > 0 {
			if err := tick(); err != nil {
				return err
			}
			s.augmentThen(i, -1, nil)
		}
	}
	for j := int32(0); int(j) < rx.net.nCols(); j++ {
		for s.colOut[j] > s.colLoad[j] {
			if err := tick(); err != nil {
				return err
			}
			s.reverse(j)
		}
	}
	return nil
}

// resolve settles and prices: the node's relaxation is then solved.
func (rx *relaxation) resolve(ctx context.Context) error {
	if err := rx.settle(ctx); err != nil {
		return err
	}
	return rx.price(ctx)
}

// price checks every edge left out of the core against the duals (the
// pricing step of column generation; for assignment Carpaneto & Toth
// 1987, Jonker & Volgenant 1987 §4). An item with an edge of negative
// reduced cost gets four times as many edges; its row is released (its
// flow taken back, its price reset to cover every new edge) and the node
// settled again. When no edge violates, the duals are feasible for the
// whole node, so the flow is optimal for it.
func (rx *relaxation) price(ctx context.Context) error {
	for {
		bad := rx.violations()
		if len(bad) == 0 {
			return nil
		}
		for _, ii := range bad {
			if rx.limit[ii] *= 4; rx.limit[ii] > 1<<20 {
				rx.limit[ii] = 0
			}
		}
		rx.rebuild()
		for _, ii := range bad {
			rx.fs.release(ii)
		}
		if err := rx.settle(ctx); err != nil {
			return err
		}
	}
}

// violations lists the items with an edge outside the core whose reduced
// cost is negative. An item whose price covers the heaviest edge left out
// against the cheapest column is skipped without looking at its edges.
func (rx *relaxation) violations() []int32 {
	pr, s := rx.pr, rx.fs
	minV := int64(inf64)
	for _, v := range s.v {
		minV = min(minV, -v)
	}
	var bad []int32
	for ii := range pr.items {
		if rx.maxOut[ii] < 0 || rx.gone[ii] {
			continue
		}
		U := -s.u[ii]
		if rx.maxOut[ii] <= U+minV {
			continue
		}
		it := &pr.items[ii]
		k := it.size
		cols, ws := pr.options(it)
		for x, j := range cols {
			if rx.places[j] < k || (k > 1 && rx.forbid[[2]int32{int32(ii), j}]) {
				continue
			}
			if rx.wt.perUnit(int64(k), ws[x]) > U-s.v[j] {
				bad = append(bad, int32(ii))
				break
			}
		}
	}
	return bad
}

// rebuild makes the network again from the current core sizes and moves
// the flow, potentials and node onto it. Cores only grow, so every edge
// carrying flow is still there.
func (rx *relaxation) rebuild() {
	old := rx.fs
	rx.net, rx.maxOut = buildNet(rx.pr, rx.wt, rx.limit)
	s := newFlowSolver(rx.net)
	copy(s.u, old.u)
	copy(s.v, old.v)
	copy(s.rowDummy, old.rowDummy)
	copy(s.colOut, old.colOut)
	s.jr = old.jr
	rx.fs = s
	rx.jr.broken()
	rx.jr.off = true
	defer func() { rx.jr.off = false }()
	rx.applyMasks()
	onet := old.net
	for i := int32(0); int(i) < onet.nRows(); i++ {
		for e := onet.rowStart[i]; e < onet.rowStart[i+1]; e++ {
			if f := old.flow[e]; f > 0 {
				s.push(i, rx.net.findEdge(i, onet.edgeCol[e]), f)
			}
		}
	}
}

// applyMasks sets the capacities and removed edges of the network from
// the node: items taken out have no capacity, columns have the places
// left, and an edge is off when forbidden or when its column has too few
// places left for its item.
func (rx *relaxation) applyMasks() {
	net, s := rx.net, rx.fs
	for ii := range rx.pr.items {
		net.rowCap[ii] = rx.pr.items[ii].size
		if rx.gone[ii] {
			net.rowCap[ii] = 0
		}
	}
	copy(net.colCap, rx.places)
	clear(s.off)
	for k := range rx.forbid {
		if e := net.findEdge(k[0], k[1]); e >= 0 {
			s.off[e] = true
		}
	}
	s.ensureCSC()
	for j := range rx.places {
		if rx.places[j] == rx.pr.places[j] {
			continue
		}
		for x := s.colEdgeStart[j]; x < s.colEdgeStart[j+1]; x++ {
			if rx.pr.items[s.colRow[x]].size > rx.places[j] {
				s.off[s.colEdge[x]] = true
			}
		}
	}
}

// apply adds decision d to the node, leaving the relaxation to settle.
func (rx *relaxation) apply(d decision) error {
	s := rx.fs
	it := &rx.pr.items[d.item]
	rx.jr.log(jDecs, 0, 0, int64(len(rx.decs)))
	rx.decs = append(rx.decs, d)
	switch d.kind {
	case DecisionFix:
		if rx.places[d.col] < it.size {
			return fmt.Errorf("assign: internal error: item fixed to a column without room")
		}
		rx.takeOut(d.item)
		rx.jr.log(jPlaces, d.col, 0, int64(rx.places[d.col]))
		rx.places[d.col] -= it.size
		rx.jr.log(jFixed, 0, 0, rx.fixed)
		rx.fixed += rx.wt.whole(int64(it.size), rx.pr.itemWeightAt(it, d.col))
		rx.shrink(d.col)
	case DecisionExclude:
		rx.takeOut(d.item)
	case DecisionForbid:
		if k := [2]int32{d.item, d.col}; !rx.forbid[k] {
			rx.forbid[k] = true
			rx.jr.log(jForbid, d.item, d.col, 0)
		}
		if e := rx.net.findEdge(d.item, d.col); e >= 0 {
			if f := s.flow[e]; f > 0 {
				s.pullN(d.item, e, f)
			}
			rx.setOff(e)
		}
	}
	return nil
}

// setOff removes edge e from the network.
func (rx *relaxation) setOff(e int32) {
	rx.jr.log(jOff, e, 0, b2i(rx.fs.off[e]))
	rx.fs.off[e] = true
}

// takeOut removes item ii with its flow, leaving deficits where it was.
func (rx *relaxation) takeOut(ii int32) {
	s := rx.fs
	for e := rx.net.rowStart[ii]; e < rx.net.rowStart[ii+1]; e++ {
		if f := s.flow[e]; f > 0 {
			s.pullN(ii, e, f)
		}
	}
	s.setDummy(ii, 0)
	rx.jr.log(jRowCap, ii, 0, int64(rx.net.rowCap[ii]))
	rx.net.rowCap[ii] = 0
	rx.jr.log(jGone, ii, 0, b2i(rx.gone[ii]))
	rx.gone[ii] = true
}

// shrink gives column j its places left after a fix: it passes on at
// most that many units, and edges of items too large for it go, with
// their flow.
func (rx *relaxation) shrink(j int32) {
	s, net := rx.fs, rx.net
	c := rx.places[j]
	rx.jr.log(jColCap, j, 0, int64(net.colCap[j]))
	net.colCap[j] = c
	if s.colOut[j] > c {
		s.setOut(j, c)
	}
	s.ensureCSC()
	for x := s.colEdgeStart[j]; x < s.colEdgeStart[j+1]; x++ {
		r, e := s.colRow[x], s.colEdge[x]
		if rx.pr.items[r].size > c && !s.off[e] {
			if f := s.flow[e]; f > 0 {
				s.pullN(r, e, f)
			}
			rx.setOff(e)
		}
	}
}

// release takes row i's flow and unlinked units back and resets its
// potential to cover every edge it has: the row then has all its units
// to place again, and its columns have deficits.
func (s *flowSolver) release(i int32) {
	net := s.net
	var best int64
	for e := net.rowStart[i]; e < net.rowStart[i+1]; e++ {
		if f := s.flow[e]; f > 0 {
			s.pullN(i, e, f)
		}
		if !s.off[e] {
			best = max(best, net.edgeW[e]+s.v[net.edgeCol[e]])
		}
	}
	s.setDummy(i, 0)
	s.setU(i, -best)
}

// value is the relaxation's objective, the fixed items included.
func (rx *relaxation) value() int64 { return rx.fixed + rx.fs.obj }

// splits lists the items of several units the relaxation splits: neither
// wholly at one column nor wholly unlinked.
func (rx *relaxation) splits() []int32 {
	var out []int32
	net, s := rx.net, rx.fs
	for i, k := range net.rowCap {
		if k <= 1 || s.rowDummy[i] == k {
			continue
		}
		whole := false
		for e := net.rowStart[i]; e < net.rowStart[i+1]; e++ {
			whole = whole || s.flow[e] == k
		}
		if !whole {
			out = append(out, int32(i))
		}
	}
	return out
}

// heaviestCol returns the column holding most units of item ii (ties by
// column), or -1.
func (rx *relaxation) heaviestCol(ii int32) int32 {
	best, bestF := int32(-1), int32(0)
	for e := rx.net.rowStart[ii]; e < rx.net.rowStart[ii+1]; e++ {
		if f := rx.fs.flow[e]; f > bestF {
			best, bestF = rx.net.edgeCol[e], f
		}
	}
	return best
}

// snapshot is a solved node: its decisions, flow and potentials.
type snapshot struct {
	decs     []decision
	flows    []flowEntry
	u, v     []int64
	rowDummy []int32
	colOut   []int32
	value    int64
	rowCap   []int32 // 0 for items a decision took out
}

type flowEntry struct{ row, col, n int32 }

func (rx *relaxation) snapshot(value int64) *snapshot { return rx.snapshotInto(nil, value) }

// snapshotInto is snapshot written over sn, a snapshot of the same
// relaxation no longer needed (or nil for a new one): a national run's
// search takes about 3,000 snapshots of 0.7 MB each, and fresh memory
// for each cost a page fault per 4 KB and the collector's work (issue 15).
func (rx *relaxation) snapshotInto(sn *snapshot, value int64) *snapshot {
	s, net := rx.fs, rx.net
	if sn == nil || len(sn.u) != len(s.u) || len(sn.v) != len(s.v) {
		m := net.mem
		sn = &snapshot{u: copy64(m, s.u), v: copy64(m, s.v),
			rowDummy: copy32(m, s.rowDummy), colOut: copy32(m, s.colOut),
			rowCap: copy32(m, net.rowCap)}
	} else {
		copy(sn.u, s.u)
		copy(sn.v, s.v)
		copy(sn.rowDummy, s.rowDummy)
		copy(sn.colOut, s.colOut)
		copy(sn.rowCap, net.rowCap)
	}
	sn.decs = append(sn.decs[:0], rx.decs...)
	sn.value = value
	sn.flows = sn.flows[:0]
	for i := int32(0); int(i) < net.nRows(); i++ {
		for e := net.rowStart[i]; e < net.rowStart[i+1]; e++ {
			if f := s.flow[e]; f > 0 {
				sn.flows = append(sn.flows, flowEntry{i, net.edgeCol[e], f})
			}
		}
	}
	return sn
}

// restore returns the relaxation to a snapshot's node and solution. Edges
// the core gained since then may have a negative reduced cost under the
// snapshot's potentials: their rows are released and the node settled.
func (rx *relaxation) restore(ctx context.Context, sn *snapshot) error {
	pr := rx.pr
	rx.jr.broken()
	rx.jr.off = true
	defer func() { rx.jr.off = false }()
	rx.decs = append(rx.decs[:0], sn.decs...)
	copy(rx.places, pr.places)
	clear(rx.gone)
	clear(rx.forbid)
	rx.fixed = 0
	for _, d := range sn.decs {
		it := &pr.items[d.item]
		switch d.kind {
		case DecisionFix:
			rx.gone[d.item] = true
			rx.places[d.col] -= it.size
			rx.fixed += rx.wt.whole(int64(it.size), pr.itemWeightAt(it, d.col))
		case DecisionExclude:
			rx.gone[d.item] = true
		case DecisionForbid:
			rx.forbid[[2]int32{d.item, d.col}] = true
		}
	}
	s, net := rx.fs, rx.net
	s.clearFlow()
	copy(s.u, sn.u)
	copy(s.v, sn.v)
	copy(s.rowDummy, sn.rowDummy)
	copy(s.colOut, sn.colOut)
	rx.applyMasks()
	for _, f := range sn.flows {
		s.push(f.row, net.findEdge(f.row, f.col), f.n)
	}
	released := false
	for i := int32(0); int(i) < net.nRows(); i++ {
		if net.rowCap[i] == 0 {
			continue
		}
		for e := net.rowStart[i]; e < net.rowStart[i+1]; e++ {
			if !s.off[e] && -net.edgeW[e]-s.u[i]-s.v[net.edgeCol[e]] < 0 {
				s.release(i)
				released = true
				break
			}
		}
	}
	if released {
		return rx.settle(ctx)
	}
	return nil
}
