package assign

import (
	"context"
	"slices"
)

// Probing: every way to resolve each split item, solved from the node.
//
// An item the relaxation splits ends, in any placement, at one of the
// columns holding its units, or elsewhere (or nowhere): the "resolutions"
// fix-at-each-such-column and forbid-all-of-them cover every placement.
// Solving the node with each resolution (a probe, warm-started like any
// node) gives its loss against the node's value, and the change of the
// duals, which on instances like linkmatch's is confined to a few rows and
// columns near the item (its support).
//
// Additive bound. Let y be the node's optimal duals (value L) and, for
// items g₁…g_n with resolutions r₁…r_n, δ_{g,r} the change of the duals in
// probe (g, r). If the supports of different items are disjoint (each
// support also holding the item's own row and columns), the dual
// objective of y + Σ δ_{gₖ,rₖ} for the problem with all n resolutions
// applied is L − Σ loss(gₖ, rₖ) exactly (the cross terms vanish); and it
// is dual feasible if every edge between two supports keeps a
// non-negative reduced cost under the worst changes each side can make —
// checked edge by edge. By weak LP duality every placement then scores at
// most L − Σ_g min_r loss(g, r): an upper bound that adds the losses of
// independent items, where the plain relaxation bound (Land & Doig 1960)
// counts none until each is branched on. Dual bounds of this kind are
// the "penalties" of Driebeek (1966, Management Science 12) and of
// Tomlin (1971, Operations Research 19), made additive by the disjointness check.

// probe is one resolution of a split item, solved.
type probe struct {
	decs  []decision
	loss  int64           // node value − value with the resolution
	delta map[int32]int64 // price changes: row i at i, column j at R+j
}

// splitItem is a split item with all its resolutions probed.
type splitItem struct {
	item     int32
	probes   []probe
	best     int64           // least loss
	support  []int32         // rows (i) and columns (R+j) any probe changes
	minDelta map[int32]int64 // the most a probe lowers each price in the support
}

// resolutions lists the ways to resolve split item ii at the current node.
func (rx *relaxation) resolutions(ii int32) [][]decision {
	var cols []int32
	for e := rx.net.rowStart[ii]; e < rx.net.rowStart[ii+1]; e++ {
		if rx.fs.flow[e] > 0 {
			cols = append(cols, rx.net.edgeCol[e])
		}
	}
	var out [][]decision
	all := make([]decision, 0, len(cols))
	for _, j := range cols {
		if rx.places[j] >= rx.pr.items[ii].size {
			out = append(out, []decision{{ii, j, DecisionFix}})
		}
		all = append(all, decision{ii, j, DecisionForbid})
	}
	return append(out, all)
}

// clampedU and clampedV are the prices of a snapshot's row i and column j
// as the certificate gives them (clamped at 0, see leafResult).
func clampedU(sn *snapshot, i int) int64 { return max(0, -sn.u[i]) }
func clampedV(sn *snapshot, j int) int64 { return max(0, -sn.v[j]) }

// probeAll probes every split item of the node the relaxation holds
// (snapshot sn), counting each relaxation solved, and leaves the
// relaxation at the node.
func (b *search) probeAll(ctx context.Context, sn *snapshot, split []int32) ([]splitItem, error) {
	rx := b.rx
	R := int32(rx.net.nRows())
	out := make([]splitItem, 0, len(split))
	for _, ii := range split {
		si := splitItem{item: ii, minDelta: map[int32]int64{}, best: -1}
		// The support holds the item's row and columns whatever changes.
		seen := map[int32]bool{ii: true}
		res := rx.resolutions(ii)
		for _, decs := range res {
			for _, d := range decs {
				seen[R+d.col] = true
			}
		}
		for _, decs := range res {
			m := rx.mark()
			if err := b.solveWith(ctx, decs); err != nil {
				return nil, err
			}
			pb := probe{decs: decs, loss: sn.value - rx.value(), delta: b.delta(m, sn)}
			if err := b.back(ctx, m, sn); err != nil {
				return nil, err
			}
			for k := range pb.delta {
				seen[k] = true
			}
			if si.best < 0 || pb.loss < si.best {
				si.best = pb.loss
			}
			si.probes = append(si.probes, pb)
		}
		for k := range seen {
			si.support = append(si.support, k)
		}
		slices.Sort(si.support)
		for _, k := range si.support {
			m := int64(0)
			for _, pb := range si.probes {
				m = min(m, pb.delta[k])
			}
			si.minDelta[k] = m
		}
		out = append(out, si)
	}
	return out, nil
}

// delta returns how the clamped prices changed since mark m, taken at
// the node of snapshot sn: rows at their index, columns at R + index.
// Rows taken out since are left out.
func (b *search) delta(m mark, sn *snapshot) map[int32]int64 {
	rx := b.rx
	s := rx.fs
	R := int32(rx.net.nRows())
	out := map[int32]int64{}
	row := func(i int32) {
		if rx.net.rowCap[i] == 0 && sn.rowCap[i] != 0 {
			return
		}
		if d := max(0, -s.u[i]) - clampedU(sn, int(i)); d != 0 {
			out[i] = d
		}
	}
	col := func(j int32) {
		if d := max(0, -s.v[j]) - clampedV(sn, int(j)); d != 0 {
			out[R+j] = d
		}
	}
	if m.gen != rx.jr.gen {
		for i := range s.u {
			row(int32(i))
		}
		for j := range s.v {
			col(int32(j))
		}
		return out
	}
	for _, e := range rx.jr.ents[m.n:] {
		switch e.kind {
		case jU:
			row(e.idx)
		case jV:
			col(e.idx)
		}
	}
	return out
}

// conflicts returns, for each pair of split items, whether their dual
// changes cannot be combined (see "Additive bound"): their supports meet,
// or an edge from one support to the other could get a negative reduced
// cost. It looks at every edge of every support row, outside the core
// too, once.
func (b *search) conflicts(sis []splitItem) [][]bool {
	rx := b.rx
	R := int32(rx.net.nRows())
	n := len(sis)
	c := make([][]bool, n)
	for i := range c {
		c[i] = make([]bool, n)
	}
	if b.owner == nil {
		b.owner = make([]int32, rx.net.nRows()+rx.net.nCols())
		for k := range b.owner {
			b.owner[k] = -1
		}
	}
	own := b.owner
	for x := range sis {
		for _, k := range sis[x].support {
			if h := own[k]; h >= 0 {
				c[x][h], c[h][x] = true, true
			}
			own[k] = int32(x)
		}
	}
	for x := range sis {
		for _, r := range sis[x].support {
			if r >= R || rx.net.rowCap[r] == 0 {
				continue
			}
			it := &rx.pr.items[r]
			k := it.size
			cols, ws := rx.pr.options(it)
			U := max(0, -rx.fs.u[r]) + sis[x].minDelta[r]
			for y, col := range cols {
				h := own[R+col]
				if h < 0 || int(h) == x || c[x][h] || rx.places[col] < k || rx.forbid[[2]int32{r, col}] {
					continue
				}
				V := max(0, -rx.fs.v[col]) + sis[h].minDelta[R+col]
				if U+V < rx.wt.perUnit(int64(k), ws[y]) {
					c[x][h], c[h][x] = true, true
				}
			}
		}
	}
	for x := range sis {
		for _, k := range sis[x].support {
			own[k] = -1
		}
	}
	return c
}

// independent chooses split items no two of which conflict, those with
// the largest least loss first, and returns their indices in sis.
func independent(sis []splitItem, conflict [][]bool) []int {
	order := make([]int, len(sis))
	for i := range order {
		order[i] = i
	}
	slices.SortStableFunc(order, func(a, c int) int {
		switch {
		case sis[a].best > sis[c].best:
			return -1
		case sis[a].best < sis[c].best:
			return 1
		}
		return 0
	})
	var chosen []int
	for _, x := range order {
		ok := true
		for _, y := range chosen {
			ok = ok && !conflict[x][y]
		}
		if ok {
			chosen = append(chosen, x)
		}
	}
	return chosen
}
