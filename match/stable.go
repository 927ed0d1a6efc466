package match

import (
	"context"
	"sort"
)

// solveStable runs child-proposing deferred acceptance with capacities (Gale
// & Shapley 1962; Roth 1984, the hospitals/residents form): every unlinked
// child proposes to its best remaining carer (by score, ties by carer ID);
// a carer holds the proposals it ranks best (by score, ties by child ID) up
// to its places and rejects the rest. Without sibling groups the result is
// the child-optimal stable matching: no child and carer both prefer each
// other to what they have (CheckStable verifies this).
//
// A sibling group proposes as one unit needing k places, ranked by its mean
// score; a carer keeps proposals first-fit in its rank order. Stable
// matchings need not exist once units have sizes (the "couples" problem,
// Roth 1984; Ronn 1990 shows it is NP-complete to decide), so with groups the
// result is a good-faith deferred-acceptance outcome and CheckStable may
// find blocking pairs.
func solveStable(ctx context.Context, pr *prepared) (*SolveResult, error) {
	U := len(pr.units)
	next := make([]int, U)      // next preference to propose to
	prefs := make([][]int, U)   // option positions, best first
	carerAt := make([]int32, U) // current carer, or -1
	for ui := range pr.units {
		carers, scores := pr.options(&pr.units[ui])
		k := pr.units[ui].size()
		var list []int
		for x, j := range carers {
			if pr.places[j] >= k {
				list = append(list, x)
			}
		}
		// Options are in carer-ID order, so a stable sort keeps ID ties.
		sort.SliceStable(list, func(a, b int) bool { return scores[list[a]] > scores[list[b]] })
		prefs[ui] = list
		carerAt[ui] = -1
	}
	held := make([][]int32, len(pr.p.CarerIDs))   // units held by each carer
	rankBelow := func(j int32, a, b int32) bool { // carer j ranks a above b
		sa, sb := pr.unitScoreAt(&pr.units[a], j), pr.unitScoreAt(&pr.units[b], j)
		ka, kb := int64(pr.units[a].size()), int64(pr.units[b].size())
		if sa*kb != sb*ka {
			return sa*kb > sb*ka
		}
		return a < b
	}
	queue := make([]int32, 0, U)
	for ui := range pr.units {
		queue = append(queue, int32(ui))
	}
	steps := 0
	for len(queue) > 0 {
		if steps++; steps&4095 == 0 {
			if err := ctx.Err(); err != nil {
				return nil, err
			}
		}
		ui := queue[0]
		queue = queue[1:]
		if carerAt[ui] >= 0 || next[ui] >= len(prefs[ui]) {
			continue
		}
		u := &pr.units[ui]
		carers, _ := pr.options(u)
		j := carers[prefs[ui][next[ui]]]
		next[ui]++
		pool := append(held[j], ui)
		sort.Slice(pool, func(a, b int) bool { return rankBelow(j, pool[a], pool[b]) })
		room := pr.places[j]
		keep := pool[:0]
		var rejected []int32
		for _, x := range pool {
			if k := pr.units[x].size(); k <= room {
				room -= k
				keep = append(keep, x)
				carerAt[x] = j
			} else {
				rejected = append(rejected, x)
			}
		}
		held[j] = keep
		for _, x := range rejected {
			carerAt[x] = -1
			queue = append(queue, x)
		}
	}
	res := &SolveResult{}
	for ui := range pr.units {
		if j := carerAt[ui]; j >= 0 {
			res.Assignments = pr.linkUnit(res.Assignments, &pr.units[ui], j)
		}
	}
	return res, nil
}

// unitScoreAt is the unit's scaled score (summed over members) at carer j.
func (pr *prepared) unitScoreAt(u *unit, j int32) int64 {
	if u.group >= 0 {
		return groupScore(u, j)
	}
	return pr.candScore[pr.candIndex(u.members[0], j)]
}

// CheckStable checks that res is feasible and that no child (or sibling
// group) and carer block it: the unit prefers the carer to its own link (or
// has none), and the carer, choosing first-fit in its order of preference
// from its own children plus this unit, would keep the unit. Pinned links
// are fixed and take no part. Preferences are by score, ties by ID, on both
// sides, as in solveStable.
func CheckStable(p *SolveProblem, res *SolveResult) error {
	if err := CheckFeasible(p, res); err != nil {
		return err
	}
	pr, err := prepare(p)
	if err != nil {
		return err
	}
	carerOf := make([]int32, len(p.ChildIDs))
	for i := range carerOf {
		carerOf[i] = -1
	}
	for _, a := range res.Assignments {
		carerOf[a.Child] = a.Carer
	}
	held := make([][]int32, len(p.CarerIDs))
	unitOf := make([]int32, len(pr.units))
	for ui := range pr.units {
		unitOf[ui] = carerOf[pr.units[ui].members[0]]
		if j := unitOf[ui]; j >= 0 {
			held[j] = append(held[j], int32(ui))
		}
	}
	better := func(j int32, a, b int32) bool {
		sa, sb := pr.unitScoreAt(&pr.units[a], j), pr.unitScoreAt(&pr.units[b], j)
		ka, kb := int64(pr.units[a].size()), int64(pr.units[b].size())
		if sa*kb != sb*ka {
			return sa*kb > sb*ka
		}
		return a < b
	}
	for j := range held {
		h := held[j]
		sort.Slice(h, func(a, b int) bool { return better(int32(j), h[a], h[b]) })
	}
	for ui := range pr.units {
		u := &pr.units[ui]
		k := u.size()
		carers, scores := pr.options(u)
		cur := unitOf[ui]
		var curScore int64 = -1
		if cur >= 0 {
			curScore = pr.unitScoreAt(u, cur)
		}
		for x, j := range carers {
			if j == cur || pr.places[j] < k {
				continue
			}
			if cur >= 0 && (scores[x] < curScore || (scores[x] == curScore && pr.carerRank[j] > pr.carerRank[cur])) {
				continue
			}
			// First-fit in j's order over its units ranked above u, then u.
			room := pr.places[j]
			for _, h := range held[j] {
				if better(j, h, int32(ui)) && pr.units[h].size() <= room {
					room -= pr.units[h].size()
				}
			}
			if k <= room {
				return notOpt("%s and carer %s block the matching: both prefer each other", p.ChildIDs[u.members[0]], p.CarerIDs[j])
			}
		}
	}
	return nil
}
