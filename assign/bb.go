package assign

import (
	"context"
	"slices"
	"time"
)

// Optimal mode (the objective is in the package comment): an item of k
// units (a row needing several, or a group) is one super-row of the flow
// relaxation with k units, whose edges go to the columns eligible for every
// row of it with at least k places, worth k·Big + W per placement of the
// whole item. To keep per-unit weights integral every weight is multiplied
// by Scale = lcm of the item sizes. The flow relaxation lets an item's
// units split across columns or be partly unplaced; a branch and bound
// (Land & Doig 1960) then resolves the split items, depth first.
//
// Every node is re-solved from its parent's flow and potentials
// (relax.go), so a node costs a few shortest-path searches. At a node
// whose relaxation splits items, every resolution of every split item is
// probed (probe.go): the losses bound the node additively where the items
// are independent, which prunes most of the tree; the first node also
// dives, applying each item's best resolution at once, for an incumbent.
// The search then branches on one item — one that is not independent of
// the others if there is one, else the one whose two best resolutions
// differ most — with a child per resolution, cheapest first. Every
// incumbent is an optimal flow of the problem its decisions leave, so it
// carries a dual certificate.

// search is the state of one branch and bound.
type search struct {
	rx    *relaxation
	pr    *prepared
	nodes int // relaxations solved
	limit int
	inc   *snapshot // the incumbent
	open  int64     // the best bound left unexplored, or -1
	dived bool
	owner []int32     // scratch for conflicts: the split item a row or column belongs to
	spare []*snapshot // snapshots no longer needed, to take again (take, drop)
}

// take snapshots the node the relaxation holds, over a spare snapshot
// when there is one.
func (b *search) take(value int64) *snapshot {
	var sn *snapshot
	if n := len(b.spare); n > 0 {
		sn, b.spare = b.spare[n-1], b.spare[:n-1]
	}
	return b.rx.snapshotInto(sn, value)
}

// drop gives back a snapshot nothing needs any more (never the
// incumbent) for take to reuse.
func (b *search) drop(sn *snapshot) {
	if sn != nil && sn != b.inc {
		b.spare = append(b.spare, sn)
	}
}

func solveOptimal(ctx context.Context, pr *prepared, nodeLimit int) (*Result, error) {
	start := time.Now()
	wt := newWeights(pr)
	rx := newRelaxation(pr, wt)
	if err := rx.solveRoot(ctx); err != nil {
		return nil, err
	}
	b := &search{rx: rx, pr: pr, nodes: 1, limit: nodeLimit, open: -1, spare: pr.spare}
	if err := b.visit(ctx, nil); err != nil {
		return nil, err
	}
	if b.inc == nil {
		// Cut short before any placement: dive from the root, where the
		// relaxation is back.
		if err := b.plainDive(ctx); err != nil {
			return nil, err
		}
	}
	res := leafResult(pr, wt, b.inc)
	res.Nodes = b.nodes
	res.NodeTime = time.Since(start)
	bound := max(b.inc.value, b.open)
	res.Proven = bound == b.inc.value
	res.BoundUnits, res.BoundWeight = wt.split(bound)
	// The next round of the time rule (solveRounds) takes its snapshots
	// over these: the result holds none of them.
	pr.spare = append(b.spare, b.inc)
	return res, nil
}

// leave records the bound of a node left unexplored.
func (b *search) leave(bound int64) {
	if b.inc == nil || bound > b.inc.value {
		b.open = max(b.open, bound)
	}
}

// prunes reports whether a node bounded by bound cannot beat the incumbent.
func (b *search) prunes(bound int64) bool { return b.inc != nil && bound <= b.inc.value }

// visit explores the node the relaxation holds (solved) and leaves the
// relaxation there. Split items in inherited were probed at the parent
// and are independent of the branching decision: their probes still hold
// (the node differs from the parent only where that decision's probes
// changed prices, away from theirs).
func (b *search) visit(ctx context.Context, inherited []splitItem) error {
	rx := b.rx
	value := rx.value()
	if b.prunes(value) {
		return nil
	}
	split := rx.splits()
	if len(split) == 0 {
		b.offer(b.take(value)) // better than the incumbent: not pruned
		return nil
	}
	if b.nodes >= b.limit {
		b.leave(value)
		return nil
	}
	sn := b.take(value)
	defer b.drop(sn) // nothing keeps a node's snapshot once it is explored
	nb, err := b.bound(ctx, sn, split, inherited)
	if err != nil {
		return err
	}
	if !b.dived {
		b.dived = true
		m := rx.mark()
		if err := b.dive(ctx, nb.sis); err != nil {
			return err
		}
		if err := b.back(ctx, m, sn); err != nil {
			return err
		}
	}
	if b.prunes(sn.value - nb.sum) {
		return nil
	}
	g, rest := nb.branchItem()
	probes := slices.Clone(nb.sis[g].probes)
	slices.SortStableFunc(probes, func(p, q probe) int {
		switch {
		case p.loss < q.loss:
			return -1
		case p.loss > q.loss:
			return 1
		}
		return 0
	})
	var keep []splitItem
	for x := range nb.sis {
		if x != g && !nb.conflict[g][x] {
			keep = append(keep, nb.sis[x])
		}
	}
	for k, pb := range probes {
		bound := sn.value - pb.loss - rest
		if b.prunes(bound) {
			continue
		}
		if b.nodes >= b.limit {
			for _, q := range probes[k:] {
				b.leave(sn.value - q.loss - rest)
			}
			return nil
		}
		m := rx.mark()
		if err := b.solveWith(ctx, pb.decs); err != nil {
			return err
		}
		if err := b.visit(ctx, keep); err != nil {
			return err
		}
		if err := b.back(ctx, m, sn); err != nil {
			return err
		}
	}
	return nil
}

// nodeBound is what probing a node found: its split items, which pairs of
// them conflict, an independent set of them and the sum of their least
// losses (by which the node's value overstates every placement).
type nodeBound struct {
	sis      []splitItem
	conflict [][]bool
	indep    []int
	inIndep  []bool
	sum      int64
}

// bound probes the split items of the node sn that inherited does not
// cover and bounds the node.
func (b *search) bound(ctx context.Context, sn *snapshot, split []int32, inherited []splitItem) (*nodeBound, error) {
	nb := &nodeBound{}
	var fresh []int32
	for _, ii := range split {
		k := slices.IndexFunc(inherited, func(si splitItem) bool { return si.item == ii })
		if k >= 0 {
			nb.sis = append(nb.sis, inherited[k])
		} else {
			fresh = append(fresh, ii)
		}
	}
	probed, err := b.probeAll(ctx, sn, fresh)
	if err != nil {
		return nil, err
	}
	nb.sis = append(nb.sis, probed...)
	nb.conflict = b.conflicts(nb.sis)
	nb.indep = independent(nb.sis, nb.conflict)
	nb.inIndep = make([]bool, len(nb.sis))
	for _, x := range nb.indep {
		nb.sum += nb.sis[x].best
		nb.inIndep[x] = true
	}
	return nb, nil
}

// branchItem chooses the split item to branch on: one not independent of
// the others, the one that could lose most; else the independent item
// whose two best resolutions differ most. rest is what the other
// independent items still take off every child's bound.
func (nb *nodeBound) branchItem() (g int, rest int64) {
	g = -1
	for x := range nb.sis {
		if !nb.inIndep[x] && (g < 0 || nb.sis[x].best > nb.sis[g].best) {
			g = x
		}
	}
	if g >= 0 {
		return g, 0
	}
	for _, x := range nb.indep {
		if g < 0 || regret(&nb.sis[x]) > regret(&nb.sis[g]) {
			g = x
		}
	}
	return g, nb.sum - nb.sis[g].best
}

// back returns the relaxation to mark m of the node sn: by the journal,
// or from the snapshot when the network was rebuilt since.
func (b *search) back(ctx context.Context, m mark, sn *snapshot) error {
	if b.rx.undo(m) {
		return nil
	}
	return b.rx.restore(ctx, sn)
}

// regret is how much more a split item loses by its second-best
// resolution than by its best.
func regret(si *splitItem) int64 {
	first, second := int64(inf64), int64(inf64)
	for _, pb := range si.probes {
		switch {
		case pb.loss < first:
			first, second = pb.loss, first
		case pb.loss < second:
			second = pb.loss
		}
	}
	if second == inf64 {
		return 0
	}
	return second - first
}

// solveWith adds decisions to the node the relaxation holds and solves it.
func (b *search) solveWith(ctx context.Context, decs []decision) error {
	if err := ctx.Err(); err != nil {
		return err // a node may need too few searches to look
	}
	rx := b.rx
	for _, d := range decs {
		if err := rx.apply(d); err != nil {
			return err
		}
	}
	b.nodes++
	return rx.resolve(ctx)
}

// dive looks for an incumbent from the node the relaxation holds: every
// split item takes its best resolution at once (where the column still
// has room), the node is solved again, and what still splits is probed
// and resolved the same way. After a few rounds, or when nothing can be
// applied, it finishes with plainDive.
func (b *search) dive(ctx context.Context, sis []splitItem) error {
	rx := b.rx
	for round := 0; round < 8 && len(sis) > 0; round++ {
		applied := false
		for _, si := range sis {
			best := &si.probes[0]
			for k := range si.probes {
				if si.probes[k].loss < best.loss {
					best = &si.probes[k]
				}
			}
			d0 := best.decs[0]
			if rx.gone[si.item] || (d0.kind == DecisionFix && rx.places[d0.col] < rx.pr.items[si.item].size) {
				continue
			}
			for _, d := range best.decs {
				if err := rx.apply(d); err != nil {
					return err
				}
			}
			applied = true
		}
		if !applied {
			break
		}
		if err := rx.resolve(ctx); err != nil {
			return err
		}
		b.nodes++
		split := rx.splits()
		if len(split) == 0 {
			b.offer(b.take(rx.value()))
			return nil
		}
		sn := b.take(rx.value())
		var err error
		sis, err = b.probeAll(ctx, sn, split)
		b.drop(sn)
		if err != nil {
			return err
		}
	}
	return b.plainDive(ctx)
}

// plainDive fixes each split item where most of it is, or leaves it out
// if it cannot go there whole, until nothing splits, and offers the
// result as an incumbent.
func (b *search) plainDive(ctx context.Context) error {
	rx := b.rx
	for split := rx.splits(); len(split) > 0; split = rx.splits() {
		d := decision{item: split[0], col: rx.heaviestCol(split[0]), kind: DecisionFix}
		if rx.places[d.col] < b.pr.items[d.item].size {
			d = decision{item: d.item, col: -1, kind: DecisionExclude}
		}
		if err := rx.apply(d); err != nil {
			return err
		}
		if err := rx.resolve(ctx); err != nil {
			return err
		}
		b.nodes++
	}
	b.offer(b.take(rx.value()))
	return nil
}

// offer keeps sn as the incumbent if it is better, and drops the
// snapshot it does not keep.
func (b *search) offer(sn *snapshot) {
	if b.inc == nil || sn.value > b.inc.value {
		sn, b.inc = b.inc, sn
	}
	b.drop(sn)
}

// leafResult turns a solved, unsplit node into placements and its
// certificate.
func leafResult(pr *prepared, wt weights, sn *snapshot) *Result {
	res := &Result{}
	cert := &Certificate{
		Big: wt.big, Scale: wt.scale,
		RowDual:    make([]int64, pr.p.Rows),
		GroupDual:  make([]int64, len(pr.p.Groups)),
		ColumnDual: make([]int64, len(pr.p.Places)),
	}
	for _, d := range sn.decs {
		it := &pr.items[d.item]
		if d.kind == DecisionFix {
			res.Assignments = pr.placeItem(res.Assignments, it, d.col)
		}
		cert.Decisions = append(cert.Decisions, Decision{Group: it.group, Row: it.rows[0], Col: d.col, Kind: d.kind})
	}
	for ii := range pr.items {
		if sn.rowCap[ii] == 0 {
			continue // taken out by a decision
		}
		// A row with every unit unlinked may have u > 0 and a column with
		// no used place v > 0 (flowSolver); the clamped price still covers
		// each of their edges, whose reduced cost is non-negative.
		it := &pr.items[ii]
		if it.group >= 0 {
			cert.GroupDual[it.group] = max(0, -sn.u[ii])
		} else {
			cert.RowDual[it.rows[0]] = max(0, -sn.u[ii])
		}
	}
	for _, f := range sn.flows {
		res.Assignments = pr.placeItem(res.Assignments, &pr.items[f.row], f.col)
	}
	for c := range cert.ColumnDual {
		cert.ColumnDual[c] = max(0, -sn.v[c])
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
