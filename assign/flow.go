package assign

import (
	"context"
	"math"
)

// flowNet is the transportation problem the optimal mode solves: rows
// (items: a row of the Problem, or a group as one super-row needing several
// units) with a supply of rowCap units, columns with colCap places, and
// edges with an integer weight per unit. Rows keep the order of their
// items and columns are the Problem's, so breaking ties by index breaks
// them as the package promises. Edges of a row are stored contiguously
// (compressed sparse rows, int32 indices) in column order.
//
// The problem is
//
//	maximise Σ w_e x_e  subject to  Σ_{e∈row i} x_e ≤ rowCap_i,
//	                                Σ_{e∈col j} x_e ≤ colCap_j,  x ≥ 0,
//
// whose LP dual is: minimise Σ rowCap_i U_i + Σ colCap_j V_j subject to
// U_i + V_j ≥ w_e on every edge e = (i, j), U, V ≥ 0.
type flowNet struct {
	rowCap   []int32
	rowStart []int32 // edges of row i are rowStart[i]:rowStart[i+1]
	edgeCol  []int32
	edgeW    []int64
	colCap   []int32
	colDeg   []int32
	mem      Memory // the problem's, for the arrays built from edges
}

func (n *flowNet) nRows() int { return len(n.rowCap) }
func (n *flowNet) nCols() int { return len(n.colCap) }

// flowSolver holds a flow and the dual potentials of the successive shortest
// path method (Edmonds & Karp 1972; Tomizawa 1971; Ahuja, Magnanti & Orlin,
// Network Flows, 1993, §9.7), in the minimisation form with costs c_e = −w_e.
//
// The network has a sink t. Each row sends its units along edges to
// columns or straight to t ("stay unlinked", rowDummy); each column passes
// colOut units on to t, at most colCap (its used places). Normally colOut
// equals colLoad, the units arriving; a column with colOut > colLoad has a
// deficit (places counted as used that no row fills yet) and one with
// colOut < colLoad an excess. Deficits and excesses arise when a
// branch-and-bound node changes a solved network (warm start), or on
// purpose at the start of a scarce instance (start.go); a solved network
// has none, and no row with units left over.
//
// With row potentials u and column potentials v the reduced cost of edge
// e = (i, j) is c_e − u_i − v_j; that of the sink arcs is v_j for j → t,
// −v_j for t → j, −u_i for i → t and u_i for t → i, with t's potential
// fixed at 0. Every arc that can carry more flow (forward arcs below their
// capacity, backward arcs of positive flow) has a non-negative reduced
// cost. In particular v_j = 0 on a column with a free place that passes
// some units on, −u_i ≥ 0 is the cost of leaving a unit of row i unlinked,
// and u_i = 0 once one is. These are the complementary slackness
// conditions of the LP above with U = −u, V = −v, so when every row has
// placed its units (at columns or unlinked) and no column has a deficit or
// an excess, the flow is optimal and (U, V) — each clamped at 0, which
// keeps every edge covered (certificate.go) — is its certificate.
//
// Each search moves one unit along a shortest path in reduced costs, from
// a row with units left (or a column with an excess) to t or to a column
// with a deficit (augmentThen, below), or from t or such a row to a column
// with a deficit (reverse, reverse.go). The potentials of the nodes the
// search settled are updated (π += d − d*, AMO §9.7), which keeps every
// reduced cost non-negative without touching the rest of the graph. The
// forward search is the bipartite Hungarian form of Jonker & Volgenant
// (1987): it stops at the first column with a free place or at the
// cheapest "stay unlinked" once no column is closer.
type flowSolver struct {
	net      *flowNet
	flow     []int32 // per edge
	off      []bool  // edges a branch-and-bound decision removed
	rowLoad  []int32 // units placed at columns
	rowDummy []int32 // units declared unlinked
	colLoad  []int32
	colOut   []int32 // units passed on to the sink (used places)
	// The edges carrying flow into column j: slot[slotStart[j] : slotStart[j]+slotN[j]].
	slotStart []int32
	slotN     []int32
	slotRow   []int32
	slotEdge  []int32
	u, v      []int64
	obj       int64    // Σ flow × weight
	jr        *journal // records changes when not nil (journal.go)

	// Search scratch, reset after each search through the touched lists.
	// A forward search labels columns (dist, colPred*) and settles rows
	// (rowDist, rowPred*); a reverse search labels rows and settles
	// columns, and uses the same arrays for its "next" pointers.
	dist      []int64 // per column
	colPredR  []int32 // row an unsettled/settled column was reached from
	colPredE  []int32
	colDone   []bool
	rowSeen   []bool
	rowDist   []int64
	rowPredC  []int32 // column a row was entered from (-1 for the source)
	rowPredE  []int32
	touchCols []int32
	seenRows  []int32
	bound     int64 // no search path ends beyond this distance
	heap      idxHeap
	rheap     idxHeap // rows, for reverse searches
	touchRows []int32 // rows labelled by a reverse search

	// Edges by column, for reverse searches (built on first use): the
	// edge, its row and its weight at colEdgeStart[j]:colEdgeStart[j+1],
	// in row order.
	colEdgeStart []int32
	colEdge      []int32
	colRow       []int32
	colW         []int64
}

const inf64 = math.MaxInt64

func newFlowSolver(net *flowNet) *flowSolver {
	R, C, E := net.nRows(), net.nCols(), len(net.edgeCol)
	m := net.mem
	s := &flowSolver{
		net: net, flow: scratch32(m, E), off: make([]bool, E),
		rowLoad: scratch32(m, R), rowDummy: scratch32(m, R), colLoad: scratch32(m, C), colOut: scratch32(m, C),
		slotStart: scratch32(m, C+1), slotN: scratch32(m, C),
		u: scratch64(m, R), v: scratch64(m, C),
		dist: scratch64(m, C), colPredR: scratch32(m, C), colPredE: scratch32(m, C),
		colDone: make([]bool, C), rowSeen: make([]bool, R), rowDist: scratch64(m, R),
		rowPredC: scratch32(m, R), rowPredE: scratch32(m, R),
	}
	// A column never holds more distinct edges than its places or its degree.
	for j := 0; j < C; j++ {
		k := net.colCap[j]
		if net.colDeg[j] < k {
			k = net.colDeg[j]
		}
		s.slotStart[j+1] = s.slotStart[j] + k
	}
	s.slotRow = scratch32(m, int(s.slotStart[C]))
	s.slotEdge = scratch32(m, int(s.slotStart[C]))
	for j := range s.dist {
		s.dist[j] = inf64
	}
	for i := range s.rowDist {
		s.rowDist[i] = inf64
	}
	s.heap = newIdxHeap(s.dist)
	return s
}

// spare is how many units row i has not yet placed or declared unlinked.
func (s *flowSolver) spare(i int32) int32 {
	return s.net.rowCap[i] - s.rowLoad[i] - s.rowDummy[i]
}

// solve places every unit, from an empty flow. Single-unit rows first bid
// in an auction (auction.go), which keeps the invariants above; each
// remaining unit is placed by a shortest-path search. Without multi-unit
// rows, the potentials of every search go back into the auction, whose
// cheap bids then place the rows the search's price rises set free of ties.
// When not every unit can be placed, the two-level start (start.go) runs
// first.
func (s *flowSolver) solve(ctx context.Context) error {
	net := s.net
	for i, k := range net.rowCap {
		if net.rowStart[i] == net.rowStart[i+1] {
			s.rowDummy[i] = k
		}
	}
	scarce, err := s.twoLevelStart(ctx)
	if err != nil {
		return err
	}
	a := s.newAuction()
	if scarce {
		a.fromPotentials()
	}
	var free []int32
	single := true
	for i, k := range net.rowCap {
		switch {
		case s.spare(int32(i)) == 0:
		case k == 1:
			free = append(free, int32(i))
		default:
			single = false
		}
	}
	if err := a.run(ctx, free); err != nil {
		return err
	}
	free = s.freeRows(free[:0])
	a.sync(free)
	for n := 0; len(free) > 0; n++ {
		// A search takes well under a millisecond, even at 7,000 rows.
		if n&15 == 15 {
			if err := ctx.Err(); err != nil {
				return err
			}
		}
		i := free[0]
		if single {
			s.augmentThen(i, -1, a.absorb)
		} else {
			s.augmentThen(i, -1, nil)
		}
		if s.spare(i) == 0 {
			free = free[1:]
		}
		if single && len(free) > 0 {
			if err := a.run(ctx, free); err != nil {
				return err
			}
			// Rows the auction displaced are free too: collect them all.
			free = s.freeRows(free[:0])
			a.sync(free)
		}
	}
	return nil
}

// freeRows appends the rows with units left to place to free.
func (s *flowSolver) freeRows(free []int32) []int32 {
	for r := range s.net.rowCap {
		if s.spare(int32(r)) > 0 {
			free = append(free, int32(r))
		}
	}
	return free
}

// push adds k units of flow on edge e of row i.
func (s *flowSolver) push(i, e, k int32) {
	j := s.net.edgeCol[e]
	if s.flow[e] == 0 {
		s.slotRow[s.slotStart[j]+s.slotN[j]] = i
		s.slotEdge[s.slotStart[j]+s.slotN[j]] = e
		s.slotN[j]++
	}
	s.flow[e] += k
	s.rowLoad[i] += k
	s.colLoad[j] += k
	s.obj += int64(k) * s.net.edgeW[e]
	s.jr.log(jFlow, i, e, int64(k))
}

// pull removes one unit of flow from edge e of row i.
func (s *flowSolver) pull(i, e int32) { s.pullN(i, e, 1) }

// pullN removes k units of flow from edge e of row i.
func (s *flowSolver) pullN(i, e, k int32) {
	j := s.net.edgeCol[e]
	s.flow[e] -= k
	s.rowLoad[i] -= k
	s.colLoad[j] -= k
	s.obj -= int64(k) * s.net.edgeW[e]
	s.jr.log(jFlow, i, e, -int64(k))
	if s.flow[e] == 0 {
		a := s.slotStart[j]
		last := a + s.slotN[j] - 1
		for k := a; k <= last; k++ {
			if s.slotEdge[k] == e {
				s.slotRow[k], s.slotEdge[k] = s.slotRow[last], s.slotEdge[last]
				break
			}
		}
		s.slotN[j]--
	}
}

// place pushes one unit of row i on edge e into a free place or a
// deficit of the edge's column, passing it on to the sink.
func (s *flowSolver) place(i, e int32) {
	j := s.net.edgeCol[e]
	s.push(i, e, 1)
	if s.colLoad[j] > s.colOut[j] {
		s.setOut(j, s.colLoad[j])
	}
}

// setU, setV, setDummy and setOut change the state, recording the change
// in the journal if there is one.
func (s *flowSolver) setU(i int32, x int64) {
	s.jr.log(jU, i, 0, s.u[i])
	s.u[i] = x
}

func (s *flowSolver) setV(j int32, x int64) {
	s.jr.log(jV, j, 0, s.v[j])
	s.v[j] = x
}

func (s *flowSolver) setDummy(i, x int32) {
	s.jr.log(jDummy, i, 0, int64(s.rowDummy[i]))
	s.rowDummy[i] = x
}

func (s *flowSolver) setOut(j, x int32) {
	s.jr.log(jOut, j, 0, int64(s.colOut[j]))
	s.colOut[j] = x
}

// endsAt reports whether a forward search reaching column j can end
// there at no further cost: j has a deficit, or a free place and v_j = 0.
func (s *flowSolver) endsAt(j int32) bool {
	return s.colOut[j] > s.colLoad[j] || (s.colOut[j] < s.net.colCap[j] && s.v[j] == 0)
}

// settleRow records row i at distance d and relaxes its residual edges.
func (s *flowSolver) settleRow(i int32, d int64) {
	s.rowSeen[i] = true
	s.rowDist[i] = d
	s.seenRows = append(s.seenRows, i)
	net := s.net
	ui := s.u[i]
	// The search ends at distance ≤ bound (a free place or "stay unlinked"
	// already reached), so a column further than that would never be
	// settled: it is not labelled at all, which saves the heap work.
	bound := min(s.bound, d-ui)
	capI := net.rowCap[i]
	cols, ws := net.edgeCol, net.edgeW
	for e := net.rowStart[i]; e < net.rowStart[i+1]; e++ {
		if s.flow[e] >= capI || s.off[e] {
			continue
		}
		j := cols[e]
		if s.colDone[j] {
			continue
		}
		nd := d + (-ws[e] - ui - s.v[j])
		if nd < s.dist[j] && nd <= bound {
			if s.dist[j] == inf64 {
				s.touchCols = append(s.touchCols, j)
			}
			s.dist[j] = nd
			s.colPredR[j] = i
			s.colPredE[j] = e
			s.heap.update(j)
			switch {
			case s.colOut[j] > s.colLoad[j]:
				bound = nd
			case s.colOut[j] < net.colCap[j]:
				bound = min(bound, nd+s.v[j])
			}
		}
	}
	s.bound = bound
}

// settleCol records column j at distance d in a forward search and
// settles the rows it holds (reached backwards along their flow at no
// cost). It returns the cheapest way found to end at t through one of
// them ("stay unlinked") or through j itself (a free place while v_j > 0).
func (s *flowSolver) settleCol(j int32, d int64, best int64, endRow, endCol *int32) int64 {
	s.colDone[j] = true
	if s.colOut[j] < s.net.colCap[j] && s.colOut[j] <= s.colLoad[j] {
		if c := d + s.v[j]; c < best {
			best, *endRow, *endCol = c, -1, j
		}
	}
	for k := s.slotStart[j]; k < s.slotStart[j]+s.slotN[j]; k++ {
		r := s.slotRow[k]
		if s.rowSeen[r] {
			continue
		}
		s.rowPredC[r] = j
		s.rowPredE[r] = s.slotEdge[k]
		s.settleRow(r, d)
		if c := d - s.u[r]; c < best {
			best, *endRow, *endCol = c, r, -1
		}
	}
	return best
}

// augmentThen moves one unit along a shortest path from row i0 (with a
// unit left), or from column j0 (with an excess) when i0 is -1, to a free
// place, a deficit or "stay unlinked", calling after (if not nil) once the
// flow and potentials are updated, before the search's scratch state is
// reset.
func (s *flowSolver) augmentThen(i0, j0 int32, after func()) {
	best, endRow, endCol := int64(inf64), int32(-1), int32(-1)
	s.bound = inf64
	if i0 >= 0 {
		s.rowPredC[i0] = -1
		s.settleRow(i0, 0)
		best, endRow = -s.u[i0], i0
	} else {
		s.dist[j0] = 0
		s.touchCols = append(s.touchCols, j0)
		best = s.settleCol(j0, 0, best, &endRow, &endCol)
	}
	sink := int32(-1)
	var dStar int64
	for s.heap.len() > 0 {
		j := s.heap.min()
		dj := s.dist[j]
		if dj > best {
			break
		}
		s.heap.pop()
		if s.endsAt(j) {
			s.colDone[j] = true
			sink, dStar = j, dj
			break
		}
		best = s.settleCol(j, dj, best, &endRow, &endCol)
	}
	if sink < 0 {
		dStar = best
	}
	// Potential update on settled nodes only (AMO §9.7): π += d − d*.
	for _, r := range s.seenRows {
		if d := dStar - s.rowDist[r]; d != 0 {
			s.setU(r, s.u[r]+d)
		}
	}
	for _, j := range s.touchCols {
		if d := dStar - s.dist[j]; s.colDone[j] && d != 0 {
			s.setV(j, s.v[j]-d)
		}
	}
	// Augment one unit along the predecessor path, pulling before pushing
	// at each column so that its slots never overflow.
	var r int32
	switch {
	case sink >= 0:
		r = s.colPredR[sink]
		s.place(r, s.colPredE[sink])
	case endCol >= 0 && endCol == j0:
		s.setOut(j0, s.colOut[j0]+1) // the excess unit passes on to the sink
		r = -1
	case endCol >= 0:
		r = s.colPredR[endCol]
		s.place(r, s.colPredE[endCol])
	default:
		r = endRow
		s.setDummy(r, s.rowDummy[r]+1)
	}
	for r >= 0 && s.rowPredC[r] >= 0 {
		jp := s.rowPredC[r]
		s.pull(r, s.rowPredE[r])
		if jp == j0 {
			break
		}
		r = s.colPredR[jp]
		s.push(r, s.colPredE[jp], 1)
	}
	if after != nil {
		after()
	}
	s.resetScratch()
}

// resetScratch clears what a search labelled.
func (s *flowSolver) resetScratch() {
	for _, j := range s.touchCols {
		s.dist[j] = inf64
		s.colDone[j] = false
	}
	for _, r := range s.seenRows {
		s.rowSeen[r] = false
		s.rowDist[r] = inf64
	}
	for _, r := range s.touchRows {
		s.rowDist[r] = inf64
	}
	s.touchCols = s.touchCols[:0]
	s.seenRows = s.seenRows[:0]
	s.touchRows = s.touchRows[:0]
	s.heap.clear()
	s.rheap.clear()
}
