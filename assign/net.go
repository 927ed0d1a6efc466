package assign

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
// when none are). Row ii of the network is item ii.
func buildNet(pr *prepared, wt weights, limit []int32) (net *flowNet, maxOut []int64) {
	m := len(pr.places)
	net = &flowNet{colCap: append([]int32(nil), pr.places...), colDeg: make([]int32, m)}
	maxOut = make([]int64, len(pr.items))
	// Reserve the edges up front (an upper bound: each item's options, or
	// its core), so building does not grow and copy the arrays.
	nE, most := 0, 0
	for ii := range pr.items {
		c, _ := pr.options(&pr.items[ii])
		most = max(most, len(c))
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
	var ws []int64
	for ii := range pr.items {
		it := &pr.items[ii]
		k := it.size
		a := len(net.edgeCol)
		cols, cw := pr.options(it)
		for x, j := range cols {
			if pr.places[j] >= k {
				net.edgeCol = append(net.edgeCol, j)
				net.edgeW = append(net.edgeW, wt.perUnit(int64(k), cw[x]))
			}
		}
		maxOut[ii] = -1
		if K := int(limit[ii]); K > 0 && len(net.edgeCol)-a > K {
			ws = append(ws[:0], net.edgeW[a:]...)
			thr := kthLargest(ws, K)
			maxOut[ii] = thr
			// Keep every edge above the threshold and the first ties.
			n, tiesKeep := a, K
			for _, w := range net.edgeW[a:] {
				if w > thr {
					tiesKeep--
				}
			}
			for e := a; e < len(net.edgeCol); e++ {
				w := net.edgeW[e]
				if w > thr || (w == thr && tiesKeep > 0) {
					if w == thr {
						tiesKeep--
					}
					net.edgeCol[n], net.edgeW[n] = net.edgeCol[e], w
					n++
				}
			}
			net.edgeCol, net.edgeW = net.edgeCol[:n], net.edgeW[:n]
		}
		for _, c := range net.edgeCol[a:] {
			net.colDeg[c]++
		}
		net.rowCap = append(net.rowCap, k)
		net.rowStart = append(net.rowStart, int32(len(net.edgeCol)))
	}
	return net, maxOut
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
