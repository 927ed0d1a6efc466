package assign

import (
	"context"
	"fmt"
)

// Optimal mode (the objective is in the package comment): an item of k
// units (a row needing several, or a group) is one super-row of the flow
// relaxation with k units, whose edges go to the columns eligible for every
// row of it with at least k places, worth k·Big + W per placement of the
// whole item. To keep per-unit weights integral every weight is multiplied
// by Scale = lcm of the item sizes. The flow relaxation lets an item's
// units split across columns or be partly unplaced; when it does, we branch
// (depth first) on the split item and the column j* holding most of its
// units: "the item goes to j*" (the item and k of j*'s places leave the
// problem) versus "the item never goes to j*" (its edge is removed). A node
// whose relaxation bound does not beat the incumbent is pruned. Incumbents
// come from re-solving a node with its split items excluded until nothing
// splits, so every incumbent is itself an optimal flow of a restricted
// problem and carries a dual certificate.

// decision is a branching decision about one item.
type decision struct {
	item int32
	col  int32 // -1 with DecisionExclude
	kind DecisionKind
}

// leaf is one solved relaxation.
type leaf struct {
	decisions []decision
	net       *flowNet
	rowItem   []int32 // item of each flow row
	fs        *flowSolver
	value     int64 // relaxation objective including fixed items
	split     []int32
}

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

// nodeProblem is the problem of one branch-and-bound node: the places left
// after fixed items, and which items and item–column edges are gone.
type nodeProblem struct {
	places []int32
	gone   []bool
	forbid map[[2]int32]bool
	fixed  int64 // objective value of the fixed items
}

func newNodeProblem(pr *prepared, wt weights, decs []decision) (*nodeProblem, error) {
	np := &nodeProblem{places: append([]int32(nil), pr.places...), gone: make([]bool, len(pr.items)), forbid: map[[2]int32]bool{}}
	for _, d := range decs {
		it := &pr.items[d.item]
		switch d.kind {
		case DecisionFix:
			np.gone[d.item] = true
			np.places[d.col] -= it.size
			if np.places[d.col] < 0 {
				return nil, fmt.Errorf("assign: internal error: item fixed to a full column")
			}
			np.fixed += wt.whole(int64(it.size), pr.itemWeightAt(it, d.col))
		case DecisionExclude:
			np.gone[d.item] = true
		case DecisionForbid:
			np.forbid[[2]int32{d.item, d.col}] = true
		}
	}
	return np, nil
}

// edges calls fn with the column and per-unit weight of each edge of item
// ii in the node, in column order.
func (np *nodeProblem) edges(pr *prepared, wt weights, ii int, fn func(col int32, w int64)) {
	it := &pr.items[ii]
	k := it.size
	cols, ws := pr.options(it)
	for x, j := range cols {
		if np.places[j] < k || (k > 1 && np.forbid[[2]int32{int32(ii), j}]) {
			continue
		}
		fn(j, wt.perUnit(int64(k), ws[x]))
	}
}

// buildNet makes the flow network of a node. When limit[ii] > 0 only the
// item's limit[ii] heaviest edges are kept (ties by column): the sparse
// "core" of the pricing loop in solveLeaf.
func buildNet(pr *prepared, wt weights, np *nodeProblem, limit []int32) (*flowNet, []int32) {
	m := len(pr.places)
	net := &flowNet{colCap: append([]int32(nil), np.places...), colDeg: make([]int32, m)}
	// Reserve the edges up front (an upper bound: each item's options, or
	// its core), so building does not grow and copy the arrays.
	nE, most := 0, 0
	for ii := range pr.items {
		if np.gone[ii] {
			continue
		}
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
	net.edgeCol = make([]int32, 0, nE+most)
	net.edgeW = make([]int64, 0, nE+most)
	net.rowStart = make([]int32, 1, len(pr.items)+1)
	rowItem := make([]int32, 0, len(pr.items))
	net.rowCap = make([]int32, 0, len(pr.items))
	var ws []int64
	for ii := range pr.items {
		if np.gone[ii] {
			continue
		}
		a := len(net.edgeCol)
		np.edges(pr, wt, ii, func(col int32, w int64) {
			net.edgeCol = append(net.edgeCol, col)
			net.edgeW = append(net.edgeW, w)
		})
		if K := int(limit[ii]); K > 0 && len(net.edgeCol)-a > K {
			ws = append(ws[:0], net.edgeW[a:]...)
			thr := kthLargest(ws, K)
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
		net.rowCap = append(net.rowCap, pr.items[ii].size)
		net.rowStart = append(net.rowStart, int32(len(net.edgeCol)))
		rowItem = append(rowItem, int32(ii))
	}
	return net, rowItem
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

// coreEdges is how many of each item's heaviest edges the first solve of a
// node uses. The optimal placements almost always lie among a row's best
// few dozen columns; the pricing loop below adds the rest wherever the
// duals show they could matter, so the value changes speed, never the
// answer.
const coreEdges = 24

// coreMinDegree is the degree above which an item starts from its core. On
// dense, contested instances (every row wanting the same few columns) the
// core misses edges the optimum needs and each pricing round re-solves from
// scratch; measured on the benchmark instances, starting from the core pays
// off at about a thousand edges per row (instance A) and costs 3× at 143
// (instance B), so the core is used only well above 16·coreEdges.
const coreMinDegree = 16 * coreEdges

// solveLeaf solves the relaxation of a node by pricing (the "sparse core"
// method of LP column generation; for assignment see Carpaneto & Toth 1987
// and Jonker & Volgenant 1987 §4): solve on each item's coreEdges heaviest
// edges, then check every edge of the node against the duals; when an edge
// has negative reduced cost its item gets four times as many edges and the
// node is solved again. When no edge violates, the duals are feasible for
// the whole node, so the flow is optimal for it.
func solveLeaf(ctx context.Context, pr *prepared, wt weights, decs []decision) (*leaf, error) {
	np, err := newNodeProblem(pr, wt, decs)
	if err != nil {
		return nil, err
	}
	limit := make([]int32, len(pr.items))
	for i := range limit {
		if c, _ := pr.options(&pr.items[i]); len(c) > coreMinDegree {
			limit[i] = coreEdges
		}
	}
	var lf *leaf
	for {
		net, rowItem := buildNet(pr, wt, np, limit)
		fs := newFlowSolver(net)
		if err := fs.solve(ctx); err != nil {
			return nil, err
		}
		lf = &leaf{decisions: decs, net: net, rowItem: rowItem, fs: fs, value: np.fixed}
		again := false
		for r, ii := range rowItem {
			if limit[ii] == 0 {
				continue
			}
			ur := fs.u[r]
			bad := false
			np.edges(pr, wt, int(ii), func(col int32, w int64) {
				bad = bad || -w-ur-fs.v[col] < 0
			})
			if bad {
				again = true
				if limit[ii] *= 4; limit[ii] > 1<<20 {
					limit[ii] = 0
				}
			}
		}
		if !again {
			break
		}
	}
	net, fs := lf.net, lf.fs
	for e, f := range fs.flow {
		lf.value += int64(f) * net.edgeW[e]
	}
	for r, k := range net.rowCap {
		if k == 1 || fs.rowDummy[r] == k {
			continue
		}
		whole := false
		for e := net.rowStart[r]; e < net.rowStart[r+1]; e++ {
			whole = whole || fs.flow[e] == k
		}
		if !whole {
			lf.split = append(lf.split, int32(r))
		}
	}
	return lf, nil
}

// heaviestCol returns the column holding most units of flow row r (ties by
// column).
func (lf *leaf) heaviestCol(r int32) int32 {
	best, bestF := int32(-1), int32(0)
	for e := lf.net.rowStart[r]; e < lf.net.rowStart[r+1]; e++ {
		if f := lf.fs.flow[e]; f > bestF {
			best, bestF = lf.net.edgeCol[e], f
		}
	}
	return best
}

// repair turns a node's relaxation into a feasible incumbent by excluding
// split items and re-solving until nothing splits.
func repair(ctx context.Context, pr *prepared, wt weights, lf *leaf) (*leaf, int, error) {
	solves := 0
	for len(lf.split) > 0 {
		decs := append([]decision(nil), lf.decisions...)
		for _, r := range lf.split {
			decs = append(decs, decision{item: lf.rowItem[r], col: -1, kind: DecisionExclude})
		}
		var err error
		if lf, err = solveLeaf(ctx, pr, wt, decs); err != nil {
			return nil, solves, err
		}
		solves++
	}
	return lf, solves, nil
}

func solveOptimal(ctx context.Context, pr *prepared, nodeLimit int) (*Result, error) {
	wt := newWeights(pr)
	type node struct {
		decs  []decision
		bound int64 // parent's relaxation value
	}
	var best *leaf
	stack := []node{{bound: 1<<63 - 1}}
	nodes := 0
	for len(stack) > 0 && nodes < nodeLimit {
		nd := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		if best != nil && nd.bound <= best.value {
			continue
		}
		lf, err := solveLeaf(ctx, pr, wt, nd.decs)
		if err != nil {
			return nil, err
		}
		nodes++
		if best != nil && lf.value <= best.value {
			continue
		}
		if len(lf.split) == 0 {
			best = lf
			continue
		}
		inc, extra, err := repair(ctx, pr, wt, lf)
		if err != nil {
			return nil, err
		}
		nodes += extra
		if best == nil || inc.value > best.value {
			best = inc
		}
		r := lf.split[0]
		ii := lf.rowItem[r]
		j := lf.heaviestCol(r)
		// Pushed in reverse: "fix" is explored first.
		right := append(append([]decision(nil), nd.decs...), decision{item: ii, col: j, kind: DecisionForbid})
		stack = append(stack, node{decs: right, bound: lf.value})
		if j >= 0 && pr.remainingPlaces(nd.decs, j) >= pr.items[ii].size {
			left := append(append([]decision(nil), nd.decs...), decision{item: ii, col: j, kind: DecisionFix})
			stack = append(stack, node{decs: left, bound: lf.value})
		}
	}
	res := leafResult(pr, wt, best)
	res.Nodes = nodes
	bound := best.value
	for _, nd := range stack {
		if nd.bound > bound {
			bound = nd.bound
		}
	}
	res.Proven = bound == best.value
	res.BoundUnits, res.BoundWeight = wt.split(bound)
	return res, nil
}

// remainingPlaces is column j's places after the fixed items in decs.
func (pr *prepared) remainingPlaces(decs []decision, j int32) int32 {
	p := pr.places[j]
	for _, d := range decs {
		if d.kind == DecisionFix && d.col == j {
			p -= pr.items[d.item].size
		}
	}
	return p
}

// leafResult turns a solved, unsplit leaf into placements and its
// certificate.
func leafResult(pr *prepared, wt weights, lf *leaf) *Result {
	res := &Result{}
	cert := &Certificate{
		Big: wt.big, Scale: wt.scale,
		RowDual:    make([]int64, pr.p.Rows),
		GroupDual:  make([]int64, len(pr.p.Groups)),
		ColumnDual: make([]int64, len(pr.p.Places)),
	}
	for _, d := range lf.decisions {
		it := &pr.items[d.item]
		if d.kind == DecisionFix {
			res.Assignments = pr.placeItem(res.Assignments, it, d.col)
		}
		cert.Decisions = append(cert.Decisions, Decision{Group: it.group, Row: it.rows[0], Col: d.col, Kind: d.kind})
	}
	net, fs := lf.net, lf.fs
	for r := range net.rowCap {
		it := &pr.items[lf.rowItem[r]]
		if it.group >= 0 {
			cert.GroupDual[it.group] = -fs.u[r]
		} else {
			cert.RowDual[it.rows[0]] = -fs.u[r]
		}
		for e := net.rowStart[r]; e < net.rowStart[r+1]; e++ {
			if fs.flow[e] > 0 {
				res.Assignments = pr.placeItem(res.Assignments, it, net.edgeCol[e])
			}
		}
	}
	for c := range cert.ColumnDual {
		cert.ColumnDual[c] = -fs.v[c]
	}
	res.Certificate = cert
	return res
}

// placeItem appends the assignments of every row of it to column j.
func (pr *prepared) placeItem(as []Assignment, it *item, j int32) []Assignment {
	for _, r := range it.rows {
		k := pr.candIndex(r, j)
		as = append(as, Assignment{Row: r, Col: j, Arc: pr.candArc[k], Group: it.group})
	}
	return as
}
