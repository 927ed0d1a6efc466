package match

import (
	"context"
	"fmt"
)

// Optimal mode: the objective is lexicographic — first link as many
// children as possible, then maximise the total score. Scores are scaled to
// integer hundredths s ∈ [0, 10000] and each link is worth Big + s, where
// Big = 10000·n + 1 for n children. Any two sets of links differ in total
// scaled score by at most 10000·n < Big, so one more link always outweighs
// any score difference and maximising Σ (Big + s) is exactly the
// lexicographic objective, in exact int64 arithmetic (n·(Big + 10000)·12
// stays below 2^63 for n up to 2·10^7).
//
// Sibling groups: a group of k children is one super-child (a row with k
// units) whose edges go to carers eligible for every member with at least k
// places, worth k·Big + S per placement of the whole group, where S sums the
// members' scaled scores. To keep per-unit weights integral every weight is
// multiplied by Unit = lcm of the group sizes. The flow relaxation lets a
// group's units split across carers or be partly unlinked; when it does, we
// branch (depth first) on the split group g and the carer j* holding most of
// its units: "g is linked to j*" (the group and k of j*'s places leave the
// problem) versus "g is never linked to j*" (its edge is removed). A node
// whose relaxation bound does not beat the incumbent is pruned. Incumbents
// come from re-solving a node with its split groups excluded until no group
// splits, so every incumbent is itself an optimal flow of a restricted
// problem and carries a dual certificate.

// groupDecision is a branching decision about one unit (a sibling group).
type groupDecision struct {
	unit  int32
	carer int32 // carer index; -1 with kind decExclude
	kind  decisionKind
}

type decisionKind uint8

const (
	decFix     decisionKind = iota // the group is linked to carer
	decForbid                      // the group is never linked to carer
	decExclude                     // the group is not linked at all
)

// leaf is one solved relaxation.
type leaf struct {
	decisions []groupDecision
	net       *flowNet
	rowUnit   []int32 // unit of each row
	colCarer  []int32 // carer of each column
	fs        *flowSolver
	value     int64 // relaxation objective including fixed groups
	split     []int32
}

type weights struct {
	big, unit int64
}

func newWeights(pr *prepared) weights {
	w := weights{big: int64(maxScaled)*int64(len(pr.p.ChildIDs)) + 1, unit: 1}
	for i := range pr.units {
		if k := int64(pr.units[i].size()); k > 1 {
			w.unit = lcm(w.unit, k)
		}
	}
	return w
}

func gcd(a, b int64) int64 {
	for b != 0 {
		a, b = b, a%b
	}
	return a
}

func lcm(a, b int64) int64 { return a / gcd(a, b) * b }

// perUnit is the weight of one unit of a unit of size k with scaled score
// sum s, and whole is the weight of placing the whole unit.
func (w weights) perUnit(k, s int64) int64 { return w.unit*w.big + w.unit/k*s }
func (w weights) whole(k, s int64) int64   { return k*w.unit*w.big + w.unit*s }

// split returns the number of links and the scaled score of an objective
// value (the score is rounded down when a relaxation splits a group).
func (w weights) split(v int64) (links int, scaled int64) {
	per := w.unit * w.big
	return int(v / per), (v % per) / w.unit
}

// node is the problem of one branch-and-bound node: the places left after
// fixed groups, and which units and group–carer edges are gone.
type nodeProblem struct {
	places []int32
	gone   []bool
	forbid map[[2]int32]bool
	fixed  int64 // objective value of the fixed groups
}

func newNodeProblem(pr *prepared, wt weights, decs []groupDecision) (*nodeProblem, error) {
	np := &nodeProblem{places: append([]int32(nil), pr.places...), gone: make([]bool, len(pr.units)), forbid: map[[2]int32]bool{}}
	for _, d := range decs {
		u := &pr.units[d.unit]
		switch d.kind {
		case decFix:
			np.gone[d.unit] = true
			np.places[d.carer] -= u.size()
			if np.places[d.carer] < 0 {
				return nil, fmt.Errorf("match: internal error: group fixed to a full carer")
			}
			np.fixed += wt.whole(int64(u.size()), groupScore(u, d.carer))
		case decExclude:
			np.gone[d.unit] = true
		case decForbid:
			np.forbid[[2]int32{d.unit, d.carer}] = true
		}
	}
	return np, nil
}

// edges calls fn with the column and per-unit weight of each edge of unit ui
// in the node, in carer-ID order.
func (np *nodeProblem) edges(pr *prepared, wt weights, ui int, fn func(col int32, w int64)) {
	u := &pr.units[ui]
	k := u.size()
	carers, scores := pr.options(u)
	for x, j := range carers {
		if np.places[j] < k || (k > 1 && np.forbid[[2]int32{int32(ui), j}]) {
			continue
		}
		fn(pr.carerRank[j], wt.perUnit(int64(k), scores[x]))
	}
}

// buildNet makes the flow network of a node. When limit[ui] > 0 only the
// unit's limit[ui] heaviest edges are kept (ties by carer ID): the sparse
// "core" of the pricing loop in solveLeaf.
func buildNet(pr *prepared, wt weights, np *nodeProblem, limit []int32) (*flowNet, []int32, []int32) {
	m := len(pr.p.CarerIDs)
	net := &flowNet{colCap: make([]int32, m), colDeg: make([]int32, m), rowStart: []int32{0}}
	colCarer := pr.carerByID
	for c, j := range colCarer {
		net.colCap[c] = np.places[j]
	}
	// Reserve the edges up front (an upper bound: each unit's options, or
	// its core), so building does not grow and copy the arrays.
	nE, most := 0, 0
	for ui := range pr.units {
		if np.gone[ui] {
			continue
		}
		c, _ := pr.options(&pr.units[ui])
		most = max(most, len(c))
		if K := int(limit[ui]); K > 0 && K < len(c) {
			nE += K
		} else {
			nE += len(c)
		}
	}
	// A unit's edges are all appended before its core is cut out: room
	// for the longest option list on top.
	net.edgeCol = make([]int32, 0, nE+most)
	net.edgeW = make([]int64, 0, nE+most)
	net.rowStart = make([]int32, 1, len(pr.units)+1)
	rowUnit := make([]int32, 0, len(pr.units))
	net.rowCap = make([]int32, 0, len(pr.units))
	var ws []int64
	for ui := range pr.units {
		if np.gone[ui] {
			continue
		}
		a := len(net.edgeCol)
		np.edges(pr, wt, ui, func(col int32, w int64) {
			net.edgeCol = append(net.edgeCol, col)
			net.edgeW = append(net.edgeW, w)
		})
		if K := int(limit[ui]); K > 0 && len(net.edgeCol)-a > K {
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
		net.rowCap = append(net.rowCap, pr.units[ui].size())
		net.rowStart = append(net.rowStart, int32(len(net.edgeCol)))
		rowUnit = append(rowUnit, int32(ui))
	}
	return net, rowUnit, colCarer
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

func groupScore(u *unit, carer int32) int64 {
	for x, j := range u.gCarer {
		if j == carer {
			return u.gScore[x]
		}
	}
	return 0
}

// coreEdges is how many of each unit's heaviest edges the first solve of a
// node uses. The optimal links almost always lie among a child's best few
// dozen carers; the pricing loop below adds the rest wherever the duals
// show they could matter, so the value changes speed, never the answer.
const coreEdges = 24

// coreMinDegree is the degree above which a unit starts from its core. On
// dense, contested instances (every child wanting the same few carers) the
// core misses edges the optimum needs and each pricing round re-solves from
// scratch; measured on the benchmark instances, starting from the core pays
// off at about a thousand edges per child (instance A) and costs 3× at 143
// (instance B), so the core is used only well above 16·coreEdges.
const coreMinDegree = 16 * coreEdges

// solveLeaf solves the relaxation of a node by pricing (the "sparse core"
// method of LP column generation; for assignment see Carpaneto & Toth 1987
// and Jonker & Volgenant 1987 §4): solve on each unit's coreEdges heaviest
// edges, then check every edge of the node against the duals; when an edge
// has negative reduced cost its unit gets four times as many edges and the
// node is solved again. When no edge violates, the duals are feasible for
// the whole node, so the flow is optimal for it.
func solveLeaf(ctx context.Context, pr *prepared, wt weights, decs []groupDecision) (*leaf, error) {
	np, err := newNodeProblem(pr, wt, decs)
	if err != nil {
		return nil, err
	}
	limit := make([]int32, len(pr.units))
	for i := range limit {
		if c, _ := pr.options(&pr.units[i]); len(c) > coreMinDegree {
			limit[i] = coreEdges
		}
	}
	var lf *leaf
	for {
		net, rowUnit, colCarer := buildNet(pr, wt, np, limit)
		fs := newFlowSolver(net)
		if err := fs.solve(ctx); err != nil {
			return nil, err
		}
		lf = &leaf{decisions: decs, net: net, rowUnit: rowUnit, colCarer: colCarer, fs: fs, value: np.fixed}
		again := false
		for r, ui := range rowUnit {
			if limit[ui] == 0 {
				continue
			}
			ur := fs.u[r]
			bad := false
			np.edges(pr, wt, int(ui), func(col int32, w int64) {
				bad = bad || -w-ur-fs.v[col] < 0
			})
			if bad {
				again = true
				if limit[ui] *= 4; limit[ui] > 1<<20 {
					limit[ui] = 0
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

// heaviestCarer returns the carer holding most units of row r (ties by ID).
func (lf *leaf) heaviestCarer(r int32) int32 {
	best, bestF := int32(-1), int32(0)
	for e := lf.net.rowStart[r]; e < lf.net.rowStart[r+1]; e++ {
		if f := lf.fs.flow[e]; f > bestF {
			best, bestF = lf.colCarer[lf.net.edgeCol[e]], f
		}
	}
	return best
}

// repair turns a node's relaxation into a feasible incumbent by excluding
// split groups and re-solving until nothing splits.
func repair(ctx context.Context, pr *prepared, wt weights, lf *leaf) (*leaf, int, error) {
	solves := 0
	for len(lf.split) > 0 {
		decs := append([]groupDecision(nil), lf.decisions...)
		for _, r := range lf.split {
			decs = append(decs, groupDecision{unit: lf.rowUnit[r], carer: -1, kind: decExclude})
		}
		var err error
		if lf, err = solveLeaf(ctx, pr, wt, decs); err != nil {
			return nil, solves, err
		}
		solves++
	}
	return lf, solves, nil
}

func solveOptimal(ctx context.Context, pr *prepared, nodeLimit int) (*SolveResult, error) {
	wt := newWeights(pr)
	type node struct {
		decs  []groupDecision
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
		ui := lf.rowUnit[r]
		j := lf.heaviestCarer(r)
		// Pushed in reverse: "fix" is explored first.
		right := append(append([]groupDecision(nil), nd.decs...), groupDecision{unit: ui, carer: j, kind: decForbid})
		stack = append(stack, node{decs: right, bound: lf.value})
		if j >= 0 && pr.remainingPlaces(nd.decs, j) >= pr.units[ui].size() {
			left := append(append([]groupDecision(nil), nd.decs...), groupDecision{unit: ui, carer: j, kind: decFix})
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
	res.BoundLinked, res.BoundScaled = wt.split(bound)
	if res.Proven {
		res.BoundLinked, res.BoundScaled = -1, -1
	}
	return res, nil
}

// remainingPlaces is carer j's places after the fixed groups in decs.
func (pr *prepared) remainingPlaces(decs []groupDecision, j int32) int32 {
	p := pr.places[j]
	for _, d := range decs {
		if d.kind == decFix && d.carer == j {
			p -= pr.units[d.unit].size()
		}
	}
	return p
}

// leafResult turns a solved, unsplit leaf into links and its certificate.
func leafResult(pr *prepared, wt weights, lf *leaf) *SolveResult {
	res := &SolveResult{}
	add := func(u *unit, j int32) {
		for _, c := range u.members {
			k := pr.candIndex(c, j)
			res.Assignments = append(res.Assignments, Assignment{Child: c, Carer: j, Score: pr.candRaw[k], Group: u.group})
		}
	}
	cert := &Certificate{
		Big: wt.big, Unit: wt.unit,
		ChildDual: make([]int64, len(pr.p.ChildIDs)),
		GroupDual: make([]int64, len(pr.p.SiblingGroups)),
		CarerDual: make([]int64, len(pr.p.CarerIDs)),
	}
	for _, d := range lf.decisions {
		u := &pr.units[d.unit]
		if d.kind == decFix {
			add(u, d.carer)
		}
		cert.Decisions = append(cert.Decisions, GroupDecision{Group: u.group, Carer: d.carer, Kind: d.kind.String()})
	}
	net, fs := lf.net, lf.fs
	for r := range net.rowCap {
		u := &pr.units[lf.rowUnit[r]]
		if u.group >= 0 {
			cert.GroupDual[u.group] = -fs.u[r]
		} else {
			cert.ChildDual[u.members[0]] = -fs.u[r]
		}
		for e := net.rowStart[r]; e < net.rowStart[r+1]; e++ {
			if fs.flow[e] > 0 {
				add(u, lf.colCarer[net.edgeCol[e]])
			}
		}
	}
	for c, j := range lf.colCarer {
		cert.CarerDual[j] = -fs.v[c]
	}
	res.Certificate = cert
	return res
}

func (k decisionKind) String() string {
	switch k {
	case decFix:
		return "fix"
	case decForbid:
		return "forbid"
	}
	return "exclude"
}
