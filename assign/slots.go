package assign

import (
	"context"
	"slices"
	"time"
)

// Slots (Problem.Slots) limit how many items a column takes, an item being
// a row outside every group or a whole group, whatever its units: for
// instance a carer's time, which a sibling group shares (match.TimePlaces).
// The callers that need slots give a column places for its largest group
// on top of its slots, so a column is over its slots only when rows
// outside groups took those extra places. Solve meets slots within one
// call: after each solve of the mode asked for, every column holding more
// items than its slots, and with more places than its slots (or than the
// units pinned there, if more), has its places lowered to that many, and
// the problem is solved again on the same prepared problem (no new
// preparation of the arcs). Places only go down, so this ends; Result.Lowered
// lists the columns lowered, and an optimal certificate covers the problem
// with those places (Certificate.Lowered). Each round is a full solve, so
// its answer is exactly what solving the lowered problem from scratch
// gives.

// ColumnPlaces gives column Col Places places (before pins).
type ColumnPlaces struct {
	Col, Places int32
}

// slotRounds holds what the rounds of one Solve need: the units and items
// pinned at each column, and the columns lowered so far.
type slotRounds struct {
	pinUnits []int32
	pinItems []int32
	lowered  []ColumnPlaces // in column order
}

func newSlotRounds(pr *prepared) *slotRounds {
	p := pr.p
	if p.Slots == nil {
		return nil
	}
	sr := &slotRounds{pinUnits: make([]int32, len(p.Places)), pinItems: make([]int32, len(p.Places))}
	seen := map[int32]bool{} // pinned groups counted
	for r, j := range pr.pinned {
		if j < 0 {
			continue
		}
		sr.pinUnits[j] += pr.units[r]
		if g := pr.group[r]; g < 0 || !seen[g] {
			sr.pinItems[j]++
			if g >= 0 {
				seen[g] = true
			}
		}
	}
	return sr
}

// lower lowers the places of every column res puts more items at than its
// slots allow, where places are left to lower, and reports whether it
// lowered any. res holds the unpinned placements of one round.
func (sr *slotRounds) lower(pr *prepared, res *Result) bool {
	slots := pr.p.Slots
	items := slices.Clone(sr.pinItems)
	seen := map[[2]int32]bool{} // a group at a column counts once
	for _, a := range res.Assignments {
		if a.Group >= 0 {
			if key := [2]int32{a.Group, a.Col}; seen[key] {
				continue
			} else {
				seen[key] = true
			}
		}
		items[a.Col]++
	}
	over := false
	for j, n := range items {
		left := max(slots[j], sr.pinUnits[j])
		if n <= slots[j] || pr.places[j]+sr.pinUnits[j] <= left {
			continue
		}
		pr.places[j] = left - sr.pinUnits[j]
		over = true
		k, found := slices.BinarySearchFunc(sr.lowered, int32(j), func(c ColumnPlaces, j int32) int { return int(c.Col - j) })
		if found {
			sr.lowered[k].Places = left
		} else {
			sr.lowered = slices.Insert(sr.lowered, k, ColumnPlaces{Col: int32(j), Places: left})
		}
	}
	return over
}

// solveRounds solves pr in the mode opt asks for, round after round until
// no column is over its slots (see above). Nodes and NodeTime add up the
// rounds'.
func solveRounds(ctx context.Context, pr *prepared, opt Options) (*Result, error) {
	rounds := newSlotRounds(pr)
	var res *Result
	var took time.Duration
	nodes, n := 0, 0
	for {
		var err error
		if res, err = solveMode(ctx, pr, opt); err != nil {
			return nil, err
		}
		n++
		nodes, took = nodes+res.Nodes, took+res.NodeTime
		if rounds == nil || !rounds.lower(pr, res) {
			break
		}
	}
	res.Rounds, res.Nodes, res.NodeTime = n, nodes, took
	if rounds != nil {
		res.Lowered = rounds.lowered
		if res.Certificate != nil {
			res.Certificate.Lowered = rounds.lowered
		}
	}
	return res, nil
}
