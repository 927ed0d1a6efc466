package match

import (
	"context"
	"sort"
)

// solveGreedy is the manual baseline: a placement officer takes the children
// (or sibling groups) with the fewest eligible carers first, ties by ID, and
// gives each its best-scoring carer that still has room (ties by carer ID).
// It is the common "most constrained first" heuristic for assignment
// (Brélaz 1979's rule, as in Russell & Norvig, AIMA, §6.3.1), and never
// links more children than optimal mode; the gap shows what optimisation
// adds.
func solveGreedy(ctx context.Context, pr *prepared) (*SolveResult, error) {
	order := make([]int, len(pr.units))
	opts := make([]int, len(pr.units))
	for ui := range pr.units {
		order[ui] = ui
		carers, _ := pr.options(&pr.units[ui])
		k := pr.units[ui].size()
		for _, j := range carers {
			if pr.places[j] >= k {
				opts[ui]++
			}
		}
	}
	// Units are already in ID order, so a stable sort keeps ID ties.
	sort.SliceStable(order, func(a, b int) bool { return opts[order[a]] < opts[order[b]] })
	left := append([]int32(nil), pr.places...)
	res := &SolveResult{}
	for n, ui := range order {
		if n&1023 == 0 {
			if err := ctx.Err(); err != nil {
				return nil, err
			}
		}
		u := &pr.units[ui]
		k := u.size()
		carers, scores := pr.options(u)
		best := -1
		for x, j := range carers {
			if left[j] >= k && (best < 0 || scores[x] > scores[best]) {
				best = x
			}
		}
		if best < 0 {
			continue
		}
		j := carers[best]
		left[j] -= k
		res.Assignments = pr.linkUnit(res.Assignments, u, j)
	}
	return res, nil
}

// linkUnit appends the links of every member of u to carer j.
func (pr *prepared) linkUnit(as []Assignment, u *unit, j int32) []Assignment {
	for _, c := range u.members {
		k := pr.candIndex(c, j)
		as = append(as, Assignment{Child: c, Carer: j, Score: pr.candRaw[k], Group: u.group})
	}
	return as
}
