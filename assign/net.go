package assign

import "sync"

// weights are the constants that make the objective one integer.
type weights struct {
	big, scale int64
}

func newWeights(pr *prepared) weights { return weights{big: pr.big, scale: pr.scale} }

// perUnit is the weight of one unit of an item of size k and weight w, and
// whole is the weight of placing the whole item.
func (w weights) perUnit(k, s int64) int64 { return w.scale*w.big + w.scale/k*s }
func (w weights) whole(k, s int64) int64   { return k*w.scale*w.big + w.scale*s }

// split returns the units and the weight of an objective value (the weight
// is rounded down when a relaxation splits an item).
func (w weights) split(v int64) (units, weight int64) {
	per := w.scale * w.big
	return v / per, (v % per) / w.scale
}

// coreEdges is how many of each item's heaviest edges the first solve
// uses. The optimal placements almost always lie among a row's best few
// dozen columns; the pricing (relax.go) adds the rest wherever the duals
// show they could matter, so the value changes speed, never the answer.
const coreEdges = 24

// coreMinDegree is the degree above which an item starts from its core. On
// dense, contested instances (every row wanting the same few columns) the
// core misses edges the optimum needs; measured on the benchmark
// instances, starting from the core pays off at about a thousand edges per
// row (instance A) and costs 3× at 143 (instance B), so the core is used
// only well above 16·coreEdges.
const coreMinDegree = 16 * coreEdges

// coreMinEdges is the size of network below which no item starts from its
// core: every pricing round that finds violations rebuilds the network,
// which on a scarce instance (735,000 edges, prices high, three rounds)
// cost more than solving on every edge from the start, while on A and the
// national instance (7.5 and 9.6 million edges) the core saves seconds.
const coreMinEdges = 2_000_000

// coreLimits returns each item's core size (0: all its edges).
func coreLimits(pr *prepared) []int32 {
	limit := make([]int32, len(pr.items))
	total := 0
	for i := range pr.items {
		c, _ := pr.options(&pr.items[i])
		total += len(c)
	}
	if total < coreMinEdges {
		return limit
	}
	for i := range limit {
		if c, _ := pr.options(&pr.items[i]); len(c) > coreMinDegree {
			limit[i] = coreEdges
		}
	}
	return limit
}

// buildNet makes the flow network of the problem: one row per item, in
// item order, with an edge to each eligible column that has room for the
// whole item. When limit[ii] > 0 only the item's limit[ii] heaviest edges
// are kept (ties by column): the sparse "core" of the pricing loop.
// maxOut[ii] bounds the per-unit weight of the item's edges left out (-1
// when none are). Row ii of the network is item ii. The items are built
// in parts, one per core (netParts).
func buildNet(pr *prepared, wt weights, limit []int32) (net *flowNet, maxOut []int64) {
	return buildNetOn(pr, wt, limit, 0)
}

// buildNetOn is buildNet on w workers (0: one per core, as their options
// allow); the network is the same for every w (TestBuildNetWorkersAgree).
// Each worker looks at every option of its items, contiguous in item
// order, and keeps its cores' edges apart; part 0 writes straight into the
// network's arrays and the others' edges are appended in order. Building a
// national network looks at 8.6 million options to keep 170,000 edges,
// and was 40% of the optimal solve, on one core while the other sat idle
// (issue 15).
func buildNetOn(pr *prepared, wt weights, limit []int32, w int) (net *flowNet, maxOut []int64) {
	m := len(pr.places)
	net = &flowNet{colCap: append([]int32(nil), pr.places...), colDeg: make([]int32, m)}
	maxOut = make([]int64, len(pr.items))
	// Reserve the edges up front (an upper bound: each item's options, or
	// its core), so building does not grow and copy the arrays.
	nE, most, options := 0, 0, 0
	for ii := range pr.items {
		c, _ := pr.options(&pr.items[ii])
		most = max(most, len(c))
		options += len(c)
		if K := int(limit[ii]); K > 0 && K < len(c) {
			nE += K
		} else {
			nE += len(c)
		}
	}
	// An item's edges are all appended before its core is cut out: room
	// for the longest option list on top.
	net.edgeCol = int32s(pr.p.Memory, 0, nE+most)
	net.edgeW = int64s(pr.p.Memory, 0, nE+most)
	net.mem = pr.p.Memory
	net.rowStart = make([]int32, 1, len(pr.items)+1)
	net.rowCap = make([]int32, 0, len(pr.items))
	if w <= 0 {
		w = arcWorkers(options)
	}
	parts := netParts(pr, limit, w, options)
	parts[0].edgeCol, parts[0].edgeW, parts[0].colDeg = net.edgeCol, net.edgeW, net.colDeg
	var wg sync.WaitGroup
	for i := range parts {
		wg.Go(func() { parts[i].build(pr, wt, limit, maxOut) })
	}
	wg.Wait()
	net.edgeCol, net.edgeW = parts[0].edgeCol, parts[0].edgeW
	for i := range parts {
		np := &parts[i]
		base := int32(len(net.edgeCol))
		if i > 0 {
			net.edgeCol = append(net.edgeCol, np.edgeCol...)
			net.edgeW = append(net.edgeW, np.edgeW...)
			for j, d := range np.colDeg {
				net.colDeg[j] += d
			}
		} else {
			base = 0
		}
		for ii := np.lo; ii < np.hi; ii++ {
			net.rowCap = append(net.rowCap, pr.items[ii].size)
			net.rowStart = append(net.rowStart, base+np.ends[ii-np.lo])
		}
	}
	return net, maxOut
}

// netPart is one worker's part of a network: items lo..hi-1, their kept
// edges, the end of each item's edges (from the part's first), and each
// column's count of them.
type netPart struct {
	lo, hi  int
	edgeCol []int32
	edgeW   []int64
	ends    []int32
	colDeg  []int32
}

// netParts splits the items into w contiguous parts of about as many
// options each; part 0 is given its arrays by the caller, the others room
// for their edges as buildNetOn reserves it.
func netParts(pr *prepared, limit []int32, w, options int) []netPart {
	parts := make([]netPart, w)
	ii, seen := 0, 0
	for i := range parts {
		np := &parts[i]
		np.lo = ii
		upTo := int(int64(options) * int64(i+1) / int64(w))
		nE, most := 0, 0
		for ii < len(pr.items) && (seen < upTo || i == w-1) {
			c, _ := pr.options(&pr.items[ii])
			seen += len(c)
			most = max(most, len(c))
			if K := int(limit[ii]); K > 0 && K < len(c) {
				nE += K
			} else {
				nE += len(c)
			}
			ii++
		}
		np.hi = ii
		if i > 0 {
			np.edgeCol, np.edgeW = make([]int32, 0, nE+most), make([]int64, 0, nE+most)
			np.colDeg = make([]int32, len(pr.places))
		}
	}
	return parts
}

// build makes the part's edges, and each of its items' maxOut, as
// buildNet describes.
func (np *netPart) build(pr *prepared, wt weights, limit []int32, maxOut []int64) {
	var ws []int64
	np.ends = make([]int32, 0, np.hi-np.lo)
	for ii := np.lo; ii < np.hi; ii++ {
		it := &pr.items[ii]
		k := it.size
		a := len(np.edgeCol)
		cols, cw := pr.options(it)
		for x, j := range cols {
			if pr.places[j] >= k {
				np.edgeCol = append(np.edgeCol, j)
				np.edgeW = append(np.edgeW, wt.perUnit(int64(k), cw[x]))
			}
		}
		maxOut[ii] = -1
		if K := int(limit[ii]); K > 0 && len(np.edgeCol)-a > K {
			ws = append(ws[:0], np.edgeW[a:]...)
			thr := kthLargest(ws, K)
			maxOut[ii] = thr
			// Keep every edge above the threshold and the first ties.
			n, tiesKeep := a, K
			for _, w := range np.edgeW[a:] {
				if w > thr {
					tiesKeep--
				}
			}
			for e := a; e < len(np.edgeCol); e++ {
				w := np.edgeW[e]
				if w > thr || (w == thr && tiesKeep > 0) {
					if w == thr {
						tiesKeep--
					}
					np.edgeCol[n], np.edgeW[n] = np.edgeCol[e], w
					n++
				}
			}
			np.edgeCol, np.edgeW = np.edgeCol[:n], np.edgeW[:n]
		}
		for _, c := range np.edgeCol[a:] {
			np.colDeg[c]++
		}
		np.ends = append(np.ends, int32(len(np.edgeCol)))
	}
}

// findEdge returns the edge of row i to column j, or -1.
func (n *flowNet) findEdge(i, j int32) int32 {
	lo, hi := n.rowStart[i], n.rowStart[i+1]
	for lo < hi {
		mid := int32(uint32(lo+hi) >> 1)
		if n.edgeCol[mid] < j {
			lo = mid + 1
		} else {
			hi = mid
		}
	}
	if lo < n.rowStart[i+1] && n.edgeCol[lo] == j {
		return lo
	}
	return -1
}

// kthLargest returns the k-th largest value of a (1-based), reordering a
// (Hoare's quickselect, CACM 1961, with a middle pivot).
func kthLargest(a []int64, k int) int64 {
	lo, hi, target := 0, len(a)-1, k-1
	for lo < hi {
		pivot := a[(lo+hi)/2]
		i, j := lo, hi
		for i <= j {
			for a[i] > pivot {
				i++
			}
			for a[j] < pivot {
				j--
			}
			if i <= j {
				a[i], a[j] = a[j], a[i]
				i++
				j--
			}
		}
		switch {
		case target <= j:
			hi = j
		case target >= i:
			lo = i
		default:
			return a[target]
		}
	}
	return a[target]
}

// itemWeightAt is the item's weight at column j (the sum over its rows).
func (pr *prepared) itemWeightAt(it *item, j int32) int64 {
	if it.group >= 0 {
		for x, c := range it.gCol {
			if c == j {
				return it.gW[x]
			}
		}
		return 0
	}
	return pr.candW[pr.candIndex(it.rows[0], j)]
}
