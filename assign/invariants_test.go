package assign

import "fmt"

// invariantError checks every invariant flowSolver documents: loads and
// slots agree with the flow, and every arc that can carry more flow has a
// non-negative reduced cost. With solved it also checks that nothing is
// left to place and no column has a deficit or an excess.
func invariantError(s *flowSolver, solved bool) error {
	net := s.net
	rowLoad := make([]int32, net.nRows())
	colLoad := make([]int32, net.nCols())
	slots := 0
	for i := range net.rowCap {
		gone := net.rowCap[i] == 0
		for e := net.rowStart[i]; e < net.rowStart[i+1]; e++ {
			f := s.flow[e]
			if f < 0 || f > net.rowCap[i] {
				return fmt.Errorf("edge %d of row %d has flow %d", e, i, f)
			}
			if f > 0 {
				slots++
				if s.off[e] {
					return fmt.Errorf("removed edge %d carries flow", e)
				}
			}
			rowLoad[i] += f
			colLoad[net.edgeCol[e]] += f
			rc := -net.edgeW[e] - s.u[i] - s.v[net.edgeCol[e]]
			if !s.off[e] && !gone && rc < 0 {
				return fmt.Errorf("edge %d (%d, %d) has reduced cost %d", e, i, net.edgeCol[e], rc)
			}
			if f > 0 && rc != 0 {
				return fmt.Errorf("edge %d (%d, %d) has flow and reduced cost %d", e, i, net.edgeCol[e], rc)
			}
		}
		if rowLoad[i] != s.rowLoad[i] {
			return fmt.Errorf("row %d: load %d, flow says %d", i, s.rowLoad[i], rowLoad[i])
		}
		if s.rowDummy[i] < 0 || s.rowLoad[i]+s.rowDummy[i] > net.rowCap[i] {
			return fmt.Errorf("row %d: load %d and %d unlinked, of %d", i, s.rowLoad[i], s.rowDummy[i], net.rowCap[i])
		}
		if !gone && s.rowDummy[i] < net.rowCap[i] && s.u[i] > 0 {
			return fmt.Errorf("row %d can leave a unit unlinked at cost %d", i, -s.u[i])
		}
		if s.rowDummy[i] > 0 && s.u[i] < 0 {
			return fmt.Errorf("row %d has an unlinked unit and u %d", i, s.u[i])
		}
		if solved && s.spare(int32(i)) != 0 {
			return fmt.Errorf("row %d has %d units left", i, s.spare(int32(i)))
		}
	}
	for j := range net.colCap {
		if colLoad[j] != s.colLoad[j] {
			return fmt.Errorf("column %d: load %d, flow says %d", j, s.colLoad[j], colLoad[j])
		}
		if s.colOut[j] < 0 || s.colOut[j] > net.colCap[j] {
			return fmt.Errorf("column %d passes %d of %d places", j, s.colOut[j], net.colCap[j])
		}
		if s.colOut[j] < net.colCap[j] && s.v[j] < 0 {
			return fmt.Errorf("column %d has a free place and v %d", j, s.v[j])
		}
		if s.colOut[j] > 0 && s.v[j] > 0 {
			return fmt.Errorf("column %d passes units on and has v %d", j, s.v[j])
		}
		if solved && s.colOut[j] != s.colLoad[j] {
			return fmt.Errorf("column %d: %d units in, %d passed on", j, s.colLoad[j], s.colOut[j])
		}
		slots -= int(s.slotN[j])
		for k := s.slotStart[j]; k < s.slotStart[j]+s.slotN[j]; k++ {
			if e := s.slotEdge[k]; s.flow[e] == 0 || net.edgeCol[e] != int32(j) {
				return fmt.Errorf("column %d: slot %d names edge %d", j, k, e)
			}
		}
	}
	if slots != 0 {
		return fmt.Errorf("slots and flow edges differ by %d", slots)
	}
	return nil
}
