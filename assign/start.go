package assign

import "context"

// The two-level start, for instances where not every unit can be placed.
//
// There the auction alone is slow: a row that will stay unlinked keeps
// bidding, in steps of a score difference, until prices reach the Big part
// of the weights (the package comment's objective), and a forward search
// from it must rule out every place it could take. The start uses the
// objective's two levels instead.
//
// First level: a maximum flow ignoring weights (most units placed) by
// blocking flows on a layered graph (Dinic 1970; for bipartite matching
// Hopcroft & Karp 1973). By the Dulmage–Mendelsohn decomposition (Dulmage
// & Mendelsohn 1958; Lovász & Plummer, Matching Theory, 1986, §3.2) the
// columns from which no free place can be reached backwards, along edges
// with room and on along flow, are full in every maximum flow — so in
// every optimal placement, since the objective places most units first.
// They are the columns that the rows which cannot all be placed compete
// for, and the perfectly matched part around them.
//
// Second level: those columns start as deficits (colOut = places, see
// flowSolver) priced at the heaviest edge into them, so that every edge is
// covered and the rows competing for them start at price 0, free to stay
// unlinked. A reverse auction (revauction.go) and reverse searches
// (reverse.go) fill them from the rows' side, where the rows to fill them
// with abound. Rows still free at price 0 are then left unlinked at once —
// their "stay unlinked" is a shortest path, of length 0 — and the auction
// and forward searches place the rest as usual. Every step keeps the
// invariants of flowSolver, so the result is exact whichever columns are
// chosen; the first level only makes the choice a good one.

// twoLevelStart runs the start when some unit cannot be placed and
// reports whether it did; otherwise it leaves the flow empty.
func (s *flowSolver) twoLevelStart(ctx context.Context) (bool, error) {
	net := s.net
	colZ, err := s.maxCardinality(ctx)
	if err != nil {
		return false, err
	}
	s.clearFlow()
	if colZ == nil {
		return false, nil
	}
	for j := range colZ {
		if !colZ[j] {
			continue
		}
		var most int64
		for x := s.colEdgeStart[j]; x < s.colEdgeStart[j+1]; x++ {
			most = max(most, net.edgeW[s.colEdge[x]])
		}
		s.v[j] = -most
		s.colOut[j] = net.colCap[j]
	}
	for i := range net.rowCap {
		var best int64
		for e := net.rowStart[i]; e < net.rowStart[i+1]; e++ {
			best = max(best, net.edgeW[e]+s.v[net.edgeCol[e]])
		}
		s.u[i] = -best
	}
	var cols []int32
	for j, z := range colZ {
		if z {
			cols = append(cols, int32(j))
		}
	}
	if err := s.reverseAuction(ctx, cols); err != nil {
		return false, err
	}
	n := 0
	for j := range colZ {
		for colZ[j] && s.colOut[j] > s.colLoad[j] {
			if n++; n&15 == 0 {
				if err := ctx.Err(); err != nil {
					return false, err
				}
			}
			s.reverse(int32(j))
		}
	}
	for i := range net.rowCap {
		if s.u[i] == 0 {
			s.rowDummy[i] += s.spare(int32(i))
		}
	}
	return true, nil
}

// clearFlow empties the flow (not the rows' unlinked units).
func (s *flowSolver) clearFlow() {
	clear(s.flow)
	clear(s.rowLoad)
	clear(s.colLoad)
	clear(s.slotN)
	s.obj = 0
}

// cardinality is the state of maxCardinality's layered searches.
type cardinality struct {
	s                *flowSolver
	rowLevel, colLvl []int32 // -1 unreached
	rowIt            []int32 // next edge to try (current-arc pointers)
	colIt            []int32 // next slot to try
	queue            []int32 // rows as i, columns as -1-j
}

// maxCardinality fills the flow with a maximum flow ignoring weights and
// returns the columns it fills in every maximum flow (alwaysFull), or nil
// when every unit is placed.
func (s *flowSolver) maxCardinality(ctx context.Context) ([]bool, error) {
	net := s.net
	R, C := net.nRows(), net.nCols()
	// Greedy: each row takes what it can, in edge order.
	for i := int32(0); int(i) < R; i++ {
		for e := net.rowStart[i]; e < net.rowStart[i+1] && s.spare(i) > 0; e++ {
			j := net.edgeCol[e]
			if k := min(s.spare(i), net.colCap[j]-s.colLoad[j], net.rowCap[i]-s.flow[e]); k > 0 {
				s.push(i, e, k)
			}
		}
	}
	mc := &cardinality{s: s, rowLevel: make([]int32, R), colLvl: make([]int32, C),
		rowIt: make([]int32, R), colIt: make([]int32, C)}
	for {
		// One look per phase: a phase is a pass over the edges.
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		if !mc.layer() {
			break
		}
		copy(mc.rowIt, net.rowStart[:R])
		clear(mc.colIt)
		for i := int32(0); int(i) < R; i++ {
			for mc.rowLevel[i] == 0 && s.spare(i) > 0 && mc.augment(i) {
			}
		}
	}
	for i := int32(0); int(i) < R; i++ {
		if s.spare(i) > 0 {
			s.ensureCSC() // only now: most instances place every unit
			return s.alwaysFull(), nil
		}
	}
	return nil, nil
}

// alwaysFull returns, for a maximum flow, the columns that every maximum
// flow fills: those from which no free place can be reached backwards —
// from a column to a row with an edge into it that has room, and on to
// the columns where that row has flow (Dulmage–Mendelsohn: the columns
// outside the part reachable from the free places).
func (s *flowSolver) alwaysFull() []bool {
	net := s.net
	C := net.nCols()
	free := make([]bool, C) // can be left with a free place
	var queue []int32
	for j := int32(0); int(j) < C; j++ {
		if s.colLoad[j] < net.colCap[j] {
			free[j] = true
			queue = append(queue, j)
		}
	}
	rowSeen := make([]bool, net.nRows())
	for q := 0; q < len(queue); q++ {
		j := queue[q]
		for x := s.colEdgeStart[j]; x < s.colEdgeStart[j+1]; x++ {
			r, e := s.colRow[x], s.colEdge[x]
			if rowSeen[r] || s.flow[e] >= net.rowCap[r] {
				continue
			}
			rowSeen[r] = true
			for f := net.rowStart[r]; f < net.rowStart[r+1]; f++ {
				if j2 := net.edgeCol[f]; s.flow[f] > 0 && !free[j2] {
					free[j2] = true
					queue = append(queue, j2)
				}
			}
		}
	}
	full := make([]bool, C)
	for j := range full {
		full[j] = !free[j] && net.colCap[j] > 0
	}
	return full
}

// layer labels rows and columns by breadth-first distance from the rows
// with units left, stopping after the first level with a free place, and
// reports whether one was found. When none is, the labelled nodes are
// everything reachable.
func (mc *cardinality) layer() bool {
	s := mc.s
	net := s.net
	for i := range mc.rowLevel {
		mc.rowLevel[i] = -1
	}
	for j := range mc.colLvl {
		mc.colLvl[j] = -1
	}
	mc.queue = mc.queue[:0]
	for i := int32(0); int(i) < net.nRows(); i++ {
		if s.spare(i) > 0 {
			mc.rowLevel[i] = 0
			mc.queue = append(mc.queue, i)
		}
	}
	found := int32(-1)
	for q := 0; q < len(mc.queue); q++ {
		x := mc.queue[q]
		if x >= 0 {
			if found >= 0 && mc.rowLevel[x] >= found {
				break
			}
			for e := net.rowStart[x]; e < net.rowStart[x+1]; e++ {
				j := net.edgeCol[e]
				if s.flow[e] >= net.rowCap[x] || mc.colLvl[j] >= 0 {
					continue
				}
				mc.colLvl[j] = mc.rowLevel[x] + 1
				if s.colLoad[j] < net.colCap[j] {
					found = mc.colLvl[j]
				} else {
					mc.queue = append(mc.queue, -1-j)
				}
			}
			continue
		}
		j := -1 - x
		for k := s.slotStart[j]; k < s.slotStart[j]+s.slotN[j]; k++ {
			if r := s.slotRow[k]; mc.rowLevel[r] < 0 {
				mc.rowLevel[r] = mc.colLvl[j] + 1
				mc.queue = append(mc.queue, r)
			}
		}
	}
	return found >= 0
}

// augment looks for a path of the layered graph from row i to a free
// place and moves one unit along it (depth first, with current-arc
// pointers; nodes found to be dead ends are unlabelled).
func (mc *cardinality) augment(i int32) bool {
	s := mc.s
	net := s.net
	for ; mc.rowIt[i] < net.rowStart[i+1]; mc.rowIt[i]++ {
		e := mc.rowIt[i]
		j := net.edgeCol[e]
		if s.flow[e] >= net.rowCap[i] || mc.colLvl[j] != mc.rowLevel[i]+1 {
			continue
		}
		if s.colLoad[j] < net.colCap[j] {
			s.push(i, e, 1)
			return true
		}
		for ; mc.colIt[j] < s.slotN[j]; mc.colIt[j]++ {
			k := s.slotStart[j] + mc.colIt[j]
			r, he := s.slotRow[k], s.slotEdge[k]
			if mc.rowLevel[r] != mc.colLvl[j]+1 || !mc.augment(r) {
				continue
			}
			// r's unit went elsewhere: i takes its place at j.
			s.pull(r, he)
			s.push(i, e, 1)
			return true
		}
		mc.colLvl[j] = -2
	}
	mc.rowLevel[i] = -2
	return false
}
