package assign

import (
	"cmp"
	"context"
	"math"
	"slices"
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
	next := make([]int, U)     // next preference to propose to
	prefs := make([]ranked, U) // option positions, ranked as proposals need them
	colAt := make([]int32, U)  // current column, or -1
	n := 0
	for ii := range pr.items {
		cols, _ := pr.options(&pr.items[ii])
		n += len(cols)
	}
	// Every item's list in one allocation, of 32-bit positions: a national
	// problem has 9.7 million options (issue 15).
	all := make([]int32, 0, n)
	var keys []uint64 // ranked's scratch, shared by the items' lists
	for ii := range pr.items {
		cols, ws := pr.options(&pr.items[ii])
		k := pr.items[ii].size
		from := len(all)
		for x, j := range cols {
			if pr.places[j] >= k {
				all = append(all, int32(x))
			}
		}
		prefs[ii] = ranked{list: all[from:len(all):len(all)], ws: ws, keys: &keys}
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
		if colAt[ii] >= 0 || next[ii] >= len(prefs[ii].list) {
			continue
		}
		it := &pr.items[ii]
		cols, _ := pr.options(it)
		j := cols[prefs[ii].at(next[ii])]
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

// ranked is one item's options (positions in its option list) ranked
// best first — by weight, ties by position, which is column order — as
// far as the item has proposed: the first `sorted` are in rank order and
// rank above the rest. Most rows are held by one of their first few
// choices, so ranking each list in full (9.7 million options on a
// national problem, ranked again in each round of the carers' time rule)
// was most of a stable solve (issue 15). Ties are broken by position, so
// the order is a total one and the ranking the one a stable sort by
// weight gives.
type ranked struct {
	list   []int32
	ws     []int64 // the weights, by position
	sorted int     // list[:sorted] are ranked
	// keys, when not nil, is scratch room for ranking by keys (rankKeys).
	keys *[]uint64
}

// firstRanked is how many options ranked is asked to rank first; each
// later time, as many again as are ranked already.
const firstRanked = 16

// at returns the option of rank i, ranking more of the list if needed.
func (r *ranked) at(i int) int32 {
	if i >= r.sorted {
		k := min(len(r.list), max(r.sorted+firstRanked, 2*r.sorted))
		rest := r.list[r.sorted:]
		if !r.rankKeys(rest, k-r.sorted) {
			selectBest(rest, k-r.sorted, r.better)
			slices.SortFunc(rest[:k-r.sorted], r.compare)
		}
		r.sorted = k
	}
	return r.list[i]
}

// rankKeys moves the k best of rest to its front, ranked, as at does with
// compare, but on one integer key per option that orders them as compare
// does (the weight's complement above the position), compared directly
// rather than through a function: the quickselect with compare was 0.75 s
// of a national run's 0.9 s stable solve (issue 15). It reports false,
// changing nothing, when it has no scratch room or some weight is outside
// 0..2³²−1.
func (r *ranked) rankKeys(rest []int32, k int) bool {
	if r.keys == nil {
		return false
	}
	keys := (*r.keys)[:0]
	for _, x := range rest {
		w := r.ws[x]
		if w < 0 || w > math.MaxUint32 {
			return false
		}
		keys = append(keys, uint64(math.MaxUint32-w)<<32|uint64(uint32(x)))
	}
	*r.keys = keys
	selectSmallest(keys, k)
	slices.Sort(keys[:k])
	for y, key := range keys {
		rest[y] = int32(uint32(key))
	}
	return true
}

// selectSmallest is selectBest for keys, the smallest first.
func selectSmallest(a []uint64, k int) {
	lo, hi := 0, len(a)
	for hi-lo > 12 && lo < k && k < hi {
		m := lo + (hi-lo)/2
		if a[m] < a[lo] {
			a[m], a[lo] = a[lo], a[m]
		}
		if a[hi-1] < a[lo] {
			a[hi-1], a[lo] = a[lo], a[hi-1]
		}
		if a[m] < a[hi-1] {
			a[m], a[hi-1] = a[hi-1], a[m]
		}
		p := a[hi-1]
		i := lo
		for j := lo; j < hi-1; j++ {
			if a[j] < p {
				a[i], a[j] = a[j], a[i]
				i++
			}
		}
		a[i], a[hi-1] = a[hi-1], a[i]
		switch {
		case i == k || i+1 == k:
			return
		case i < k:
			lo = i + 1
		default:
			hi = i
		}
	}
	if lo < k && k < hi {
		slices.Sort(a[lo:hi])
	}
}

// compare orders positions by weight, best first, ties by position.
func (r *ranked) compare(a, b int32) int {
	if c := cmp.Compare(r.ws[b], r.ws[a]); c != 0 {
		return c
	}
	return cmp.Compare(a, b)
}

func (r *ranked) better(a, b int32) bool { return r.compare(a, b) < 0 }

// selectBest moves the k best elements of a (by better, a strict total
// order) to a[:k], in no particular order: quickselect (Hoare 1961),
// median-of-three pivots, in time linear in len(a) on average.
func selectBest(a []int32, k int, better func(x, y int32) bool) {
	lo, hi := 0, len(a)
	for hi-lo > 12 && lo < k && k < hi {
		m := lo + (hi-lo)/2
		// The median of a[lo], a[m], a[hi-1] as pivot, at a[hi-1].
		if better(a[m], a[lo]) {
			a[m], a[lo] = a[lo], a[m]
		}
		if better(a[hi-1], a[lo]) {
			a[hi-1], a[lo] = a[lo], a[hi-1]
		}
		if better(a[m], a[hi-1]) {
			a[m], a[hi-1] = a[hi-1], a[m]
		}
		p := a[hi-1]
		i := lo
		for j := lo; j < hi-1; j++ {
			if better(a[j], p) {
				a[i], a[j] = a[j], a[i]
				i++
			}
		}
		a[i], a[hi-1] = a[hi-1], a[i]
		// a[lo:i] rank above the pivot at a[i], a[i+1:hi] below it.
		switch {
		case i == k || i+1 == k:
			return
		case i < k:
			lo = i + 1
		default:
			hi = i
		}
	}
	if lo < k && k < hi {
		slices.SortFunc(a[lo:hi], func(x, y int32) int {
			if better(x, y) {
				return -1
			}
			if better(y, x) {
				return 1
			}
			return 0
		})
	}
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
