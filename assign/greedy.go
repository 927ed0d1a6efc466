package assign

import (
	"context"
	"sort"
)

// solveGreedy is the manual baseline: the items with the fewest eligible
// columns go first, ties by row, and each takes its heaviest column that
// still has room (ties by column). It is the common "most constrained
// first" heuristic for assignment (Brélaz 1979's rule, as in Russell &
// Norvig, AIMA, §6.3.1), and never places more units than optimal mode; the
// gap shows what optimisation adds.
func solveGreedy(ctx context.Context, pr *prepared) (*Result, error) {
	order := make([]int, len(pr.items))
	opts := make([]int, len(pr.items))
	for ii := range pr.items {
		order[ii] = ii
		cols, _ := pr.options(&pr.items[ii])
		k := pr.items[ii].size
		for _, j := range cols {
			if pr.places[j] >= k {
				opts[ii]++
			}
		}
	}
	// Items are already in row order, so a stable sort keeps row ties.
	sort.SliceStable(order, func(a, b int) bool { return opts[order[a]] < opts[order[b]] })
	left := append([]int32(nil), pr.places...)
	res := &Result{}
	for n, ii := range order {
		if n&1023 == 0 {
			if err := ctx.Err(); err != nil {
				return nil, err
			}
		}
		it := &pr.items[ii]
		k := it.size
		cols, ws := pr.options(it)
		best := -1
		for x, j := range cols {
			if left[j] >= k && (best < 0 || ws[x] > ws[best]) {
				best = x
			}
		}
		if best < 0 {
			continue
		}
		j := cols[best]
		left[j] -= k
		res.Assignments = pr.placeItem(res.Assignments, it, j)
	}
	return res, nil
}
