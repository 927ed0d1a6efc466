package match

import (
	"cmp"
	"container/heap"
	"context"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/linkmatch/linkmatch/assign"
)

// The solver (package assign) places rows needing k places at one column
// with a single capacity per column. Short breaks (issue 17) have more
// limits per carer that one capacity cannot hold together: how many
// children the carer links with (carers.csv capacity), the nights a month
// they offer, and, in the second phase, how many carers one child may have.
// sideSolve keeps them exactly with a branch and bound around the solver
// (Land and Doig 1960): it solves the relaxation without them, and when a
// carer (or child) breaks one, the items that break it cannot all stay
// where they are.
//
// Where every item is whole (a child's row, or a sibling group's rows at
// one carer) the branching partitions the answers (Balas 1965's cover
// inequalities, branched on in order): branch k keeps items 1..k-1 where
// they are (solver pins) and forbids item k there (its arcs removed), so
// every feasible answer falls in exactly one branch. Otherwise (the parts of
// one child's breaks at one carer) branch k only forbids item k, and the
// branches cover every feasible answer, some more than once. Either way
// each branch's relaxed optimum bounds everything below it; the search is
// best-first by bound, prunes branches no better than the best feasible
// answer found, starts from a quick feasible answer (a dive that forbids
// the lightest item until every limit holds), and stops after a node limit.
// The answer is proven optimal when the search finishes with every
// relaxation itself proven.

// violationFunc inspects a placement of problem p (assignments refer to p's
// arcs) and returns nil when every side limit holds; otherwise, for each
// limit broken, the items (each a set of arcs of p at one column) that
// cannot all stay, and whether each item is whole, so that pinning it
// partitions the answers.
type violationFunc func(p *assign.Problem, r *assign.Result) (broken [][][]int32, whole bool)

// sideResult is the outcome of sideSolve.
type sideResult struct {
	// Problem is the relaxation whose solution is the answer: the base
	// problem less the arcs the search removed, with its pins. Result is
	// that solution, with its certificate in optimal mode.
	Problem *assign.Problem
	Result  *assign.Result
	// Removed are the base problem's arcs the answer's node forbids.
	Removed []int32
	// Proven is true when the search finished with every relaxation proven;
	// otherwise Why says, in plain words, what stopped the proof.
	Proven bool
	Why    string
	Nodes  int
}

// bbNode is a node of the search: what it removes and pins, and its
// relaxation.
type bbNode struct {
	removed []int32      // sorted indexes of base arcs
	pins    []assign.Pin // sorted by row
	prob    *assign.Problem
	res     *assign.Result
	arcIdx  []int32 // base arc of each of prob's arcs
}

// nodeHeap orders nodes best bound first (units, then weight), ties by
// the fewest decisions, then by the decisions, for determinism.
type nodeHeap []*bbNode

func (h nodeHeap) Len() int { return len(h) }
func (h nodeHeap) Less(i, j int) bool {
	a, b := h[i], h[j]
	if c := cmp.Compare(b.res.BoundUnits, a.res.BoundUnits); c != 0 {
		return c < 0
	}
	if c := cmp.Compare(b.res.BoundWeight, a.res.BoundWeight); c != 0 {
		return c < 0
	}
	if da, db := len(a.removed)+len(a.pins), len(b.removed)+len(b.pins); da != db {
		return da < db
	}
	return nodeKey(a.removed, a.pins) < nodeKey(b.removed, b.pins)
}
func (h nodeHeap) Swap(i, j int) { h[i], h[j] = h[j], h[i] }
func (h *nodeHeap) Push(x any)   { *h = append(*h, x.(*bbNode)) }
func (h *nodeHeap) Pop() any {
	old := *h
	n := old[len(old)-1]
	*h = old[:len(old)-1]
	return n
}

// defaultSideNodes bounds the relaxations sideSolve solves per phase: each
// is one solve of a problem the size of a scheme's children and carers (a
// few milliseconds for a hundred), so the search stays within seconds.
const defaultSideNodes = 400

// sideWork caps the solver's relaxations (assign.Result.Nodes, each a
// warm-started re-solve or probe inside one Solve) summed over one
// search: the search's nodes each solve a problem whose rows of several
// sessions split, and on a large scheme a few hundred of them, each with
// the solver's own search, took minutes (issue 17). Past it the search
// stops, not proven, with the best answer found.
const sideWork = 50000

// diveNodes is the solver's branch-and-bound budget for each relaxation of
// a dive (assign.Options.NodeLimit): enough for a good answer on the rows
// the relaxation splits, without the proof the search's nodes need.
const diveNodes = 8

// better reports whether (u1, w1) beats (u2, w2) lexicographically.
func lexBetter(u1, w1, u2, w2 int64) bool { return u1 > u2 || u1 == u2 && w1 > w2 }

func nodeKey(removed []int32, pins []assign.Pin) string {
	var b strings.Builder
	for _, r := range removed {
		b.WriteString(strconv.Itoa(int(r)))
		b.WriteByte(',')
	}
	b.WriteByte('|')
	for _, p := range pins {
		b.WriteString(strconv.Itoa(int(p.Row)))
		b.WriteByte(':')
		b.WriteString(strconv.Itoa(int(p.Col)))
		b.WriteByte(',')
	}
	return b.String()
}

// searcher holds one sideSolve's state.
type searcher struct {
	// work counts the solver's relaxations (assign.Result.Nodes) over every
	// solve of the search; budget caps it (0: none), lowering each solve's
	// own limit to what is left.
	work, budget int
	ctx          context.Context
	base         *assign.Problem
	violations   violationFunc
	opt          assign.Options
	// tighten, when set, lowers a node's places to what its arcs and pins
	// can use under the side limits (a valid bound: no feasible answer
	// changes), before it is solved.
	tighten func(p *assign.Problem)
}

// solve solves base less removed, with pins.
func (s *searcher) solve(removed []int32, pins []assign.Pin) (*bbNode, error) {
	p := *s.base
	p.Arcs = make([]assign.Arc, 0, len(s.base.Arcs)-len(removed))
	idx := make([]int32, 0, cap(p.Arcs))
	k := 0
	for i, a := range s.base.Arcs {
		if k < len(removed) && removed[k] == int32(i) {
			k++
			continue
		}
		p.Arcs = append(p.Arcs, a)
		idx = append(idx, int32(i))
	}
	p.Pins = append(slices.Clone(s.base.Pins), pins...)
	if s.tighten != nil {
		p.Places = slices.Clone(s.base.Places)
		s.tighten(&p)
	}
	opt := s.opt
	if s.budget > 0 && opt.Mode == assign.Optimal {
		opt.NodeLimit = max(1, min(cmp.Or(opt.NodeLimit, assign.DefaultNodeLimit), s.budget-s.work))
	}
	r, err := assign.Solve(s.ctx, &p, opt)
	if err != nil {
		return nil, err
	}
	s.work += r.Nodes
	return &bbNode{removed: removed, pins: pins, prob: &p, res: r, arcIdx: idx}, nil
}

// branch returns node n's k-th child: item k forbidden, and, when the
// items are whole, items before it pinned where they are.
func (s *searcher) branch(n *bbNode, items [][]int32, k int, whole bool) (removed []int32, pins []assign.Pin) {
	removed = slices.Clone(n.removed)
	for _, a := range items[k] {
		removed = append(removed, n.arcIdx[a])
	}
	slices.Sort(removed)
	removed = slices.Compact(removed)
	pins = slices.Clone(n.pins)
	if whole {
		for _, it := range items[:k] {
			for _, a := range it {
				arc := n.prob.Arcs[a]
				pins = append(pins, assign.Pin{Row: arc.Row, Col: arc.Col})
			}
		}
		slices.SortFunc(pins, func(a, b assign.Pin) int { return cmp.Compare(a.Row, b.Row) })
		pins = slices.Compact(pins)
	}
	return removed, pins
}

// movable returns the items a node may still move: those with no pinned
// arc. None left means the node has no feasible answer.
func movable(n *bbNode, items [][]int32) [][]int32 {
	if len(n.pins) == 0 {
		return items
	}
	out := items[:0:0]
	for _, it := range items {
		pinned := false
		for _, a := range it {
			arc := n.prob.Arcs[a]
			_, found := slices.BinarySearchFunc(n.pins, assign.Pin{Row: arc.Row, Col: arc.Col}, func(p, q assign.Pin) int {
				return cmp.Or(cmp.Compare(p.Row, q.Row), cmp.Compare(p.Col, q.Col))
			})
			pinned = pinned || found
		}
		if !pinned {
			out = append(out, it)
		}
	}
	return out
}

// dive repairs a node until every limit holds, each round forbidding the
// lightest item of every limit broken (one relaxation a round, however many
// carers are over): a quick feasible answer. Its relaxations use the
// solver's small diveNodes budget: the dive wants an answer, not a proof.
// Greedy and stable modes repair the same way, every carer over a limit at
// once (repairing one limit a round took 18 s of CPU at 1,500 children);
// their links can differ slightly from before (issue 17's speed work).
func (s *searcher) dive(n *bbNode) (*bbNode, int, error) {
	nodes := 0
	opt := s.opt
	if s.opt.Mode == assign.Optimal {
		s.opt.NodeLimit = diveNodes
		defer func() { s.opt = opt }()
	}
	for {
		broken, _ := s.violations(n.prob, n.res)
		if broken == nil {
			return n, nodes, nil
		}
		removed := slices.Clone(n.removed)
		for _, items := range broken {
			if items = movable(n, items); len(items) == 0 {
				return nil, nodes, nil // every item is pinned: no answer here
			}
			lightest, lw := 0, int64(-1)
			for k, it := range items {
				var w int64
				for _, a := range it {
					w += n.prob.Arcs[a].Weight
				}
				if lw < 0 || w < lw {
					lightest, lw = k, w
				}
			}
			for _, a := range items[lightest] {
				removed = append(removed, n.arcIdx[a])
			}
		}
		slices.Sort(removed)
		removed = slices.Compact(removed)
		var err error
		if n, err = s.solve(removed, n.pins); err != nil {
			return nil, nodes, err
		}
		nodes++
	}
}

// baselines returns the best of best and the greedy and stable answers,
// each repaired by a dive, and how many relaxations that took. The
// baselines may start the search from a better answer than the optimal
// dive's; such an answer has no certificate of its own, and is kept only
// if the search finds nothing better.
func (s *searcher) baselines(best *bbNode) (*bbNode, int, error) {
	nodes := 0
	for _, m := range []assign.Mode{assign.Greedy, assign.Stable} {
		b := *s
		b.opt = assign.Options{Mode: m}
		r, err := b.solve(nil, nil)
		if err != nil {
			return nil, 0, err
		}
		fb, n, err := b.dive(r)
		if err != nil {
			return nil, 0, err
		}
		nodes += n + 1
		if lexBetter(fb.res.Units, fb.res.Weight, best.res.Units, best.res.Weight) {
			best = fb
		}
	}
	return best, nodes, nil
}

// sideSolve solves base in mode opt.Mode subject to the side limits that
// violations checks. In optimal mode it runs the branch and bound; in the
// other modes (the baselines) it only dives.
func sideSolve(ctx context.Context, base *assign.Problem, violations violationFunc, tighten func(*assign.Problem), opt assign.Options, nodeLimit int) (*sideResult, error) {
	if nodeLimit <= 0 {
		nodeLimit = defaultSideNodes
	}
	s := &searcher{ctx: ctx, base: base, violations: violations, opt: opt, tighten: tighten, budget: sideWork}
	root, err := s.solve(nil, nil)
	if err != nil {
		return nil, err
	}
	best, nodes, err := s.dive(root) // the root has no pins: never nil
	if err != nil {
		return nil, err
	}
	nodes++
	why := ""
	result := func(n *bbNode, proven bool) *sideResult {
		return &sideResult{Problem: n.prob, Result: n.res, Removed: n.removed, Proven: proven, Why: why, Nodes: nodes}
	}
	if opt.Mode != assign.Optimal {
		return result(best, false), nil
	}
	best, n, err := s.baselines(best)
	if err != nil {
		return nil, err
	}
	nodes += n
	proven := true
	// worth says whether a bound (or a feasible answer) is worth having: it
	// beats the best answer, or equals one without a certificate of its own
	// (a baseline's, or a dive's whose relaxation was not proven): an
	// answer as good from a proven relaxation replaces it, so a search that
	// finishes leaves a certified answer.
	worth := func(u, w int64) bool {
		return lexBetter(u, w, best.res.Units, best.res.Weight) ||
			!best.res.Proven && u == best.res.Units && w == best.res.Weight
	}
	seen := map[string]bool{nodeKey(nil, nil): true}
	h := &nodeHeap{root}
	for h.Len() > 0 {
		if err := ctx.Err(); err != nil {
			return nil, fmt.Errorf("matching stopped: %w", err)
		}
		n := heap.Pop(h).(*bbNode)
		if !worth(n.res.BoundUnits, n.res.BoundWeight) {
			break // best-first: nothing left can do better
		}
		if !n.res.Proven && proven {
			proven, why = false, "a relaxation was not proven (the solver stopped at its own node limit)"
		}
		broken, whole := violations(n.prob, n.res)
		if broken == nil {
			if worth(n.res.Units, n.res.Weight) {
				best = n // feasible, and better than the best so far (or as good, and certified)
			}
			continue
		}
		items := movable(n, broken[0])
		for k := range items {
			removed, pins := s.branch(n, items, k, whole)
			key := nodeKey(removed, pins)
			if seen[key] {
				continue
			}
			seen[key] = true
			if nodes >= nodeLimit || s.work >= s.budget {
				if proven {
					why = fmt.Sprintf("the search stopped at its limit of %d relaxations", nodeLimit)
					if s.work >= s.budget {
						why = fmt.Sprintf("the search stopped at its limit of %d solver re-solves", s.budget)
					}
				}
				proven = false
				break
			}
			child, err := s.solve(removed, pins)
			if err != nil {
				return nil, err
			}
			nodes++
			if worth(child.res.BoundUnits, child.res.BoundWeight) {
				heap.Push(h, child)
			}
		}
	}
	return result(best, proven), nil
}
