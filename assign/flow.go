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
}

func (n *flowNet) nRows() int { return len(n.rowCap) }
func (n *flowNet) nCols() int { return len(n.colCap) }

// flowSolver holds a flow and the dual potentials of the successive shortest
// path method. It keeps, in the minimisation form with costs c_e = −w_e,
// row potentials u ≤ 0 and column potentials v ≤ 0 such that the reduced
// cost c_e − u_i − v_j is ≥ 0 on every edge and 0 on every edge carrying
// flow, v_j = 0 on every column with a free place, and −u_i ≥ 0 (the reduced
// cost of a row's "stay unlinked" option) with equality when a unit of the
// row is unlinked. These are exactly the complementary slackness conditions
// of the LP above with U = −u, V = −v, so when every unit is placed (linked
// or declared unlinked) the flow is optimal and (U, V) is its certificate.
//
// Method: successive shortest augmenting paths with Dijkstra on reduced costs
// (Edmonds & Karp 1972; Tomizawa 1971), as in Ahuja, Magnanti & Orlin,
// Network Flows (1993), §9.7, specialised to the bipartite case like the
// Hungarian method of Jonker & Volgenant (1987): each search starts from one
// row with an unplaced unit, stops at the first column with a free place (or
// at the cheapest "stay unlinked" option once no column is closer), and
// updates the potentials of settled nodes only (π += d − d*), which keeps all
// reduced costs non-negative without touching the rest of the graph.
type flowSolver struct {
	net      *flowNet
	flow     []int32 // per edge
	rowLoad  []int32 // units placed at columns
	rowDummy []int32 // units declared unlinked
	colLoad  []int32
	// The edges carrying flow into column j: slot[slotStart[j] : slotStart[j]+slotN[j]].
	slotStart []int32
	slotN     []int32
	slotRow   []int32
	slotEdge  []int32
	u, v      []int64

	// Search scratch, reset after each search through the touched lists.
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
	heap      colHeap
}

const inf64 = math.MaxInt64

func newFlowSolver(net *flowNet) *flowSolver {
	R, C, E := net.nRows(), net.nCols(), len(net.edgeCol)
	s := &flowSolver{
		net: net, flow: make([]int32, E),
		rowLoad: make([]int32, R), rowDummy: make([]int32, R), colLoad: make([]int32, C),
		slotStart: make([]int32, C+1), slotN: make([]int32, C),
		u: make([]int64, R), v: make([]int64, C),
		dist: make([]int64, C), colPredR: make([]int32, C), colPredE: make([]int32, C),
		colDone: make([]bool, C), rowSeen: make([]bool, R), rowDist: make([]int64, R),
		rowPredC: make([]int32, R), rowPredE: make([]int32, R),
	}
	// A column never holds more distinct edges than its places or its degree.
	for j := 0; j < C; j++ {
		k := net.colCap[j]
		if net.colDeg[j] < k {
			k = net.colDeg[j]
		}
		s.slotStart[j+1] = s.slotStart[j] + k
	}
	s.slotRow = make([]int32, s.slotStart[C])
	s.slotEdge = make([]int32, s.slotStart[C])
	for j := range s.dist {
		s.dist[j] = inf64
	}
	s.heap.pos = make([]int32, C)
	for j := range s.heap.pos {
		s.heap.pos[j] = -1
	}
	s.heap.dist = s.dist
	return s
}

// solve places every unit. Single-unit rows first bid in an auction
// (auction.go), which keeps the invariants above; each remaining unit
// is placed by a shortest-path search. Without multi-unit rows, the
// potentials of every search go back into the auction, whose cheap bids then
// place the rows the search's price rises set free of ties.
func (s *flowSolver) solve(ctx context.Context) error {
	net := s.net
	a := s.newAuction()
	var free []int32
	single := true
	for i, k := range net.rowCap {
		switch {
		case net.rowStart[i] == net.rowStart[i+1]:
			s.rowDummy[i] = k
		case k == 1:
			free = append(free, int32(i))
		default:
			single = false
		}
	}
	if err := a.run(ctx, free); err != nil {
		return err
	}
	free = free[:0]
	for i, k := range net.rowCap {
		if s.rowLoad[i]+s.rowDummy[i] < k {
			free = append(free, int32(i))
		}
	}
	a.sync(free)
	for n := 0; len(free) > 0; n++ {
		if n&255 == 255 {
			if err := ctx.Err(); err != nil {
				return err
			}
		}
		i := free[0]
		if single {
			s.augmentThen(i, a.absorb)
		} else {
			s.augment(i)
		}
		if s.rowLoad[i]+s.rowDummy[i] == net.rowCap[i] {
			free = free[1:]
		}
		if single && len(free) > 0 {
			if err := a.run(ctx, free); err != nil {
				return err
			}
			// Rows the auction displaced are free too: collect them all.
			free = free[:0]
			for r, k := range net.rowCap {
				if s.rowLoad[r]+s.rowDummy[r] < k {
					free = append(free, int32(r))
				}
			}
			a.sync(free)
		}
	}
	return nil
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
}

// pull removes one unit of flow from edge e of row i.
func (s *flowSolver) pull(i, e int32) {
	j := s.net.edgeCol[e]
	s.flow[e]--
	s.rowLoad[i]--
	s.colLoad[j]--
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
		if s.flow[e] >= capI {
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
			if s.colLoad[j] < net.colCap[j] {
				bound = nd
			}
		}
	}
	s.bound = bound
}

// augment places one unit of row i0 along a shortest path.
func (s *flowSolver) augment(i0 int32) { s.augmentThen(i0, nil) }

// augmentThen is augment, calling after (if not nil) once the flow and
// potentials are updated, before the search's scratch state is reset.
func (s *flowSolver) augmentThen(i0 int32, after func()) {
	net := s.net
	bestDummy, dummyRow := int64(inf64), int32(-1)
	s.bound = inf64
	s.rowPredC[i0] = -1
	s.settleRow(i0, 0)
	if c := -s.u[i0]; c < bestDummy {
		bestDummy, dummyRow = c, i0
	}
	sink := int32(-1)
	var dStar int64
	for s.heap.len() > 0 {
		j := s.heap.min()
		dj := s.dist[j]
		if dj > bestDummy {
			break
		}
		s.heap.pop()
		s.colDone[j] = true
		if s.colLoad[j] < net.colCap[j] {
			sink, dStar = j, dj
			break
		}
		for k := s.slotStart[j]; k < s.slotStart[j]+s.slotN[j]; k++ {
			r := s.slotRow[k]
			if s.rowSeen[r] {
				continue
			}
			s.rowPredC[r] = j
			s.rowPredE[r] = s.slotEdge[k]
			s.settleRow(r, dj)
			if c := dj - s.u[r]; c < bestDummy {
				bestDummy, dummyRow = c, r
			}
		}
	}
	if sink < 0 {
		dStar = bestDummy
	}
	// Potential update on settled nodes only (AMO §9.7): π += d − d*.
	for _, r := range s.seenRows {
		s.u[r] += dStar - s.rowDist[r]
	}
	for _, j := range s.touchCols {
		if s.colDone[j] {
			s.v[j] -= dStar - s.dist[j]
		}
	}
	// Augment one unit along the predecessor path.
	var r int32
	if sink >= 0 {
		r = s.colPredR[sink]
		s.push(r, s.colPredE[sink], 1)
	} else {
		r = dummyRow
		s.rowDummy[r]++
	}
	for r != i0 {
		jp, ep := s.rowPredC[r], s.rowPredE[r]
		s.pull(r, ep)
		r = s.colPredR[jp]
		s.push(r, s.colPredE[jp], 1)
	}
	if after != nil {
		after()
	}
	// Reset scratch.
	for _, j := range s.touchCols {
		s.dist[j] = inf64
		s.colDone[j] = false
	}
	for _, r := range s.seenRows {
		s.rowSeen[r] = false
	}
	s.touchCols = s.touchCols[:0]
	s.seenRows = s.seenRows[:0]
	s.heap.clear()
}

// colHeap is a binary min-heap of columns keyed by (dist, column index), with
// positions for decrease-key; the index tie-break makes searches
// deterministic.
type colHeap struct {
	items []int32
	pos   []int32
	dist  []int64
}

func (h *colHeap) len() int   { return len(h.items) }
func (h *colHeap) min() int32 { return h.items[0] }
func (h *colHeap) less(a, b int32) bool {
	da, db := h.dist[a], h.dist[b]
	return da < db || (da == db && a < b)
}

func (h *colHeap) clear() {
	for _, j := range h.items {
		h.pos[j] = -1
	}
	h.items = h.items[:0]
}

func (h *colHeap) update(j int32) {
	p := h.pos[j]
	if p < 0 {
		p = int32(len(h.items))
		h.items = append(h.items, j)
		h.pos[j] = p
	}
	h.up(p)
}

func (h *colHeap) up(p int32) {
	it := h.items
	j := it[p]
	for p > 0 {
		q := (p - 1) / 2
		if !h.less(j, it[q]) {
			break
		}
		it[p] = it[q]
		h.pos[it[p]] = p
		p = q
	}
	it[p] = j
	h.pos[j] = p
}

func (h *colHeap) pop() {
	it := h.items
	top := it[0]
	h.pos[top] = -1
	last := it[len(it)-1]
	it = it[:len(it)-1]
	h.items = it
	if len(it) == 0 {
		return
	}
	n := int32(len(it))
	p := int32(0)
	for {
		c := 2*p + 1
		if c >= n {
			break
		}
		if c+1 < n && h.less(it[c+1], it[c]) {
			c++
		}
		if !h.less(it[c], last) {
			break
		}
		it[p] = it[c]
		h.pos[it[p]] = p
		p = c
	}
	it[p] = last
	h.pos[last] = p
}
