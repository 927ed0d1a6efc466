package assign

import (
	"context"
	"sort"
)

// solveStable runs row-proposing deferred acceptance with capacities (Gale
// & Shapley 1962; Roth 1984, the hospitals/residents form): every unplaced
// row proposes to its best remaining column (by weight, ties by column); a
// column holds the proposals it ranks best (by weight, ties by row) up to
// its places and rejects the rest. When every item needs one unit the
// result is the row-optimal stable matching: no row and column both prefer
// each other to what they have (CheckStable verifies this).
//
// An item needing k units (a multi-unit row or a group) proposes as one,
// needing k places, and is ranked by its weight per unit; a column keeps
// proposals first-fit in its rank order. Stable matchings need not exist
// once items have sizes (the "couples" problem, Roth 1984; Ronn 1990 shows
// it is NP-complete to decide), so then the result is a good-faith
// deferred-acceptance outcome and CheckStable may find blocking pairs.
func solveStable(ctx context.Context, pr *prepared) (*Result, error) {
	U := len(pr.items)
	next := make([]int, U)    // next preference to propose to
	prefs := make([][]int, U) // option positions, best first
	colAt := make([]int32, U) // current column, or -1
	for ii := range pr.items {
		cols, ws := pr.options(&pr.items[ii])
		k := pr.items[ii].size
		var list []int
		for x, j := range cols {
			if pr.places[j] >= k {
				list = append(list, x)
			}
		}
		// Options are in column order, so a stable sort keeps column ties.
		sort.SliceStable(list, func(a, b int) bool { return ws[list[a]] > ws[list[b]] })
		prefs[ii] = list
		colAt[ii] = -1
	}
	held := make([][]int32, len(pr.places)) // items held by each column
	queue := make([]int32, 0, U)
	for ii := range pr.items {
		queue = append(queue, int32(ii))
	}
	steps := 0
	for len(queue) > 0 {
		if steps++; steps&4095 == 0 {
			if err := ctx.Err(); err != nil {
				return nil, err
			}
		}
		ii := queue[0]
		queue = queue[1:]
		if colAt[ii] >= 0 || next[ii] >= len(prefs[ii]) {
			continue
		}
		it := &pr.items[ii]
		cols, _ := pr.options(it)
		j := cols[prefs[ii][next[ii]]]
		next[ii]++
		pool := append(held[j], ii)
		sort.Slice(pool, func(a, b int) bool { return pr.colPrefers(j, pool[a], pool[b]) })
		room := pr.places[j]
		keep := pool[:0]
		var rejected []int32
		for _, x := range pool {
			if k := pr.items[x].size; k <= room {
				room -= k
				keep = append(keep, x)
				colAt[x] = j
			} else {
				rejected = append(rejected, x)
			}
		}
		held[j] = keep
		for _, x := range rejected {
			colAt[x] = -1
			queue = append(queue, x)
		}
	}
	res := &Result{}
	for ii := range pr.items {
		if j := colAt[ii]; j >= 0 {
			res.Assignments = pr.placeItem(res.Assignments, &pr.items[ii], j)
		}
	}
	return res, nil
}

// colPrefers reports whether column j ranks item a above item b: by weight
// per unit (compared exactly, as wa·kb against wb·ka), ties by row.
func (pr *prepared) colPrefers(j int32, a, b int32) bool {
	wa, wb := pr.itemWeightAt(&pr.items[a], j), pr.itemWeightAt(&pr.items[b], j)
	ka, kb := int64(pr.items[a].size), int64(pr.items[b].size)
	if wa*kb != wb*ka {
		return wa*kb > wb*ka
	}
	return a < b
}

// CheckStable checks that res is feasible and that no item (a row, or a
// group) and column block it: the item prefers the column to its own (or
// has none), and the column, choosing first-fit in its order of preference
// from the items it holds plus this one, would keep it. Pins are fixed and
// take no part. Preferences are by weight, ties by index, on both sides,
// as in stable mode. Every error matches ErrCheckFailed.
func CheckStable(p *Problem, res *Result) error {
	if err := CheckFeasible(p, res); err != nil {
		return err
	}
	pr, err := prepare(p)
	if err != nil {
		return err
	}
	colOf := make([]int32, p.Rows)
	for i := range colOf {
		colOf[i] = -1
	}
	for _, a := range res.Assignments {
		colOf[a.Row] = a.Col
	}
	held := make([][]int32, len(p.Places))
	itemCol := make([]int32, len(pr.items))
	for ii := range pr.items {
		itemCol[ii] = colOf[pr.items[ii].rows[0]]
		if j := itemCol[ii]; j >= 0 {
			held[j] = append(held[j], int32(ii))
		}
	}
	for j := range held {
		h := held[j]
		sort.Slice(h, func(a, b int) bool { return pr.colPrefers(int32(j), h[a], h[b]) })
	}
	for ii := range pr.items {
		it := &pr.items[ii]
		k := it.size
		cols, ws := pr.options(it)
		cur := itemCol[ii]
		var curW int64 = -1
		if cur >= 0 {
			curW = pr.itemWeightAt(it, cur)
		}
		for x, j := range cols {
			if j == cur || pr.places[j] < k {
				continue
			}
			if cur >= 0 && (ws[x] < curW || (ws[x] == curW && j > cur)) {
				continue
			}
			// First-fit in j's order over its items ranked above it, then it.
			room := pr.places[j]
			for _, h := range held[j] {
				if pr.colPrefers(j, h, int32(ii)) && pr.items[h].size <= room {
					room -= pr.items[h].size
				}
			}
			if k <= room {
				return checkf("row %d and column %d block the matching: both prefer each other", it.rows[0], j)
			}
		}
	}
	return nil
}
