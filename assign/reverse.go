package assign

// Reverse searches: successive shortest paths run backwards (Ahuja,
// Magnanti & Orlin, Network Flows, 1993, §9.7, with the roles of source
// and sink exchanged). A search starts at a column with a deficit and
// labels rows, Dijkstra-style, by their reduced-cost distance to it; it
// ends at the nearest row with a unit left, or at the sink t — a column
// giving up one of its used places, or a row taking back a unit it had
// left unlinked. Where places are scarce this is the cheap direction:
// every place must be filled and rows to fill it with are close by,
// whereas a forward search from a row that will stay unlinked must first
// rule out every place it could take.

// ensureCSC builds the edges by column (in row order) on first use.
func (s *flowSolver) ensureCSC() {
	if s.colEdgeStart != nil {
		return
	}
	net := s.net
	C, E := net.nCols(), len(net.edgeCol)
	s.colEdgeStart = make([]int32, C+1)
	s.colEdge = int32s(net.mem, E, E)
	s.colRow = int32s(net.mem, E, E)
	s.colW = int64s(net.mem, E, E)
	for _, j := range net.edgeCol {
		s.colEdgeStart[j+1]++
	}
	for j := 0; j < C; j++ {
		s.colEdgeStart[j+1] += s.colEdgeStart[j]
	}
	fill := append([]int32(nil), s.colEdgeStart[:C]...)
	for i := 0; i < net.nRows(); i++ {
		for e := net.rowStart[i]; e < net.rowStart[i+1]; e++ {
			j := net.edgeCol[e]
			x := fill[j]
			s.colEdge[x], s.colRow[x], s.colW[x] = e, int32(i), net.edgeW[e]
			fill[j]++
		}
	}
	s.rheap = newIdxHeap(s.rowDist)
}

// The ways a reverse search can end.
const (
	endNone      = iota
	endRowSpare  // a row with a unit left
	endRowDummy  // t → row: a row takes back a unit it had left unlinked
	endColGiveUp // t → column: a column gives up one of its used places
	endColExcess // a column with an excess
)

// revEnd is the best end a reverse search has found so far.
type revEnd struct {
	cost int64
	kind int
	node int32
}

func (b *revEnd) offer(cost int64, kind int, node int32) {
	if cost < b.cost {
		b.cost, b.kind, b.node = cost, kind, node
	}
}

// settleColRev settles column j at distance d in a reverse search: it
// offers j's own ends and labels the rows that could send it a unit.
func (s *flowSolver) settleColRev(j int32, d int64, best *revEnd) {
	s.colDone[j] = true
	s.dist[j] = d
	s.touchCols = append(s.touchCols, j)
	if s.colLoad[j] > s.colOut[j] {
		best.offer(d, endColExcess, j)
	}
	if s.colOut[j] > 0 {
		best.offer(d-s.v[j], endColGiveUp, j)
	}
	net := s.net
	vj := s.v[j]
	for x := s.colEdgeStart[j]; x < s.colEdgeStart[j+1]; x++ {
		r := s.colRow[x]
		// An edge carrying all of its row's units is no path into j,
		// but its row must still be settled with j: the LP has no edge
		// capacities, so the edge must stay tight (reduced cost 0) as j's
		// potential moves. Labelling it as if it had room does that, and
		// the row (whose only way on is back to j) goes nowhere else.
		if s.rowSeen[r] || net.rowCap[r] == 0 {
			continue
		}
		nd := d + (-s.colW[x] - s.u[r] - vj)
		if nd >= s.rowDist[r] || nd > best.cost {
			continue
		}
		e := s.colEdge[x]
		if s.off[e] {
			continue
		}
		if s.rowDist[r] == inf64 {
			s.touchRows = append(s.touchRows, r)
		}
		s.rowDist[r] = nd
		s.rowPredC[r] = j // the column r would send its unit to
		s.rowPredE[r] = e
		s.rheap.update(r)
	}
}

// reverse moves one unit into column l, which has a deficit, along a
// shortest path from a row with a unit left or from t.
func (s *flowSolver) reverse(l int32) {
	s.ensureCSC()
	net := s.net
	best := revEnd{cost: inf64}
	s.settleColRev(l, 0, &best)
	for s.rheap.len() > 0 {
		r := s.rheap.min()
		dr := s.rowDist[r]
		if dr > best.cost {
			break
		}
		s.rheap.pop()
		s.rowSeen[r] = true
		s.seenRows = append(s.seenRows, r)
		if s.spare(r) > 0 {
			best = revEnd{cost: dr, kind: endRowSpare, node: r}
			break
		}
		if s.rowDummy[r] > 0 {
			best.offer(dr+s.u[r], endRowDummy, r)
		}
		for e := net.rowStart[r]; e < net.rowStart[r+1]; e++ {
			if s.flow[e] > 0 {
				if j := net.edgeCol[e]; !s.colDone[j] {
					s.colPredR[j] = r // the row j would give a unit up from
					s.colPredE[j] = e
					s.settleColRev(j, dr, &best)
				}
			}
		}
	}
	eStar := best.cost
	// Potential update on settled nodes (the reverse of AMO §9.7's): the
	// arcs of every shortest path to l become tight.
	for _, r := range s.seenRows {
		if d := eStar - s.rowDist[r]; d != 0 {
			s.setU(r, s.u[r]-d)
		}
	}
	for _, j := range s.touchCols {
		if d := eStar - s.dist[j]; d != 0 {
			s.setV(j, s.v[j]+d)
		}
	}
	// Move the unit, pulling before pushing at each column so that its
	// slots never overflow.
	r := int32(-1)
	switch best.kind {
	case endRowSpare:
		r = best.node
	case endRowDummy:
		r = best.node
		s.setDummy(r, s.rowDummy[r]-1)
	case endColGiveUp, endColExcess:
		j := best.node
		if best.kind == endColGiveUp {
			s.setOut(j, s.colOut[j]-1)
		}
		if j != l {
			r = s.colPredR[j]
			s.pull(r, s.colPredE[j])
		}
	}
	for r >= 0 {
		j := s.rowPredC[r]
		var next int32 = -1
		if j != l {
			next = s.colPredR[j]
			s.pull(next, s.colPredE[j])
		}
		s.push(r, s.rowPredE[r], 1)
		r = next
	}
	s.resetScratch()
}
