package assign

import (
	"context"
	"math/rand/v2"
	"testing"
)

// lexLess reports whether (u1, w1) is lexicographically below (u2, w2).
func lexLess(u1, w1, u2, w2 int64) bool { return u1 < u2 || (u1 == u2 && w1 < w2) }

// splitProblem is an instance whose flow relaxation splits its group: the
// group {0, 1} fits at column 0 or 1 (two places each), but rows 2 and 3
// each want one of those places, so the relaxation puts one unit of the
// group at each column. pins more rows (4, 5, …) are pinned to column 2.
func splitProblem(pins int) *Problem {
	p := &Problem{
		Rows:   4 + pins,
		Places: []int32{2, 2, int32(pins)},
		Arcs: []Arc{
			{0, 0, 5000}, {0, 1, 6000}, {1, 0, 7000}, {1, 1, 4000},
			{2, 0, 8000}, {3, 1, 9000},
		},
		Groups:    [][]int32{{0, 1}},
		MaxWeight: maxW,
	}
	for r := int32(4); int(r) < p.Rows; r++ {
		p.Arcs = append(p.Arcs, Arc{r, 2, 2500})
		p.Pins = append(p.Pins, Pin{r, 2})
	}
	return p
}

// TestNodeLimitReportsBestFoundAndGap: stopped by the node limit, the
// solver reports the best placements found, not proven, with a bound at or
// above the optimum (pinned rows included) and Gap equal to bound minus
// result; with the default limit it proves the optimum.
func TestNodeLimitReportsBestFoundAndGap(t *testing.T) {
	for _, pins := range []int{0, 1, 2} {
		p := splitProblem(pins)
		optU, optW := bruteForce(t, p)
		res, err := Solve(context.Background(), p, Options{NodeLimit: 1})
		if err != nil {
			t.Fatal(err)
		}
		if err := CheckFeasible(p, res); err != nil {
			t.Fatal(err)
		}
		if res.Proven {
			t.Fatalf("%d pins: proven within one node; the instance no longer splits", pins)
		}
		if res.Nodes < 1 {
			t.Fatalf("%d pins: %d nodes", pins, res.Nodes)
		}
		if lexLess(optU, optW, res.Units, res.Weight) {
			t.Fatalf("%d pins: result %d/%d beats the optimum %d/%d", pins, res.Units, res.Weight, optU, optW)
		}
		if lexLess(res.BoundUnits, res.BoundWeight, optU, optW) {
			t.Fatalf("%d pins: bound %d/%d is below the optimum %d/%d", pins, res.BoundUnits, res.BoundWeight, optU, optW)
		}
		if gu, gw := res.Gap(); gu != res.BoundUnits-res.Units || gw != res.BoundWeight-res.Weight || gu <= 0 {
			t.Fatalf("%d pins: gap %d/%d for bound %d/%d and result %d/%d", pins, gu, gw, res.BoundUnits, res.BoundWeight, res.Units, res.Weight)
		}
		full, err := Solve(context.Background(), p, Options{})
		if err != nil {
			t.Fatal(err)
		}
		if !full.Proven || full.Units != optU || full.Weight != optW {
			t.Fatalf("%d pins: default limit gives %d/%d (proven %v), optimum %d/%d", pins, full.Units, full.Weight, full.Proven, optU, optW)
		}
	}
}

// TestBoundNeverBelowOptimum: on random instances with groups, multi-unit
// rows and pins, a search cut short after one node still reports a bound
// at or above the brute-force optimum.
func TestBoundNeverBelowOptimum(t *testing.T) {
	rng := rand.New(rand.NewPCG(21, 22))
	unproven := 0
	for it := 0; it < 3000; it++ {
		p := randomProblem(rng, 7, 4, true, it%2 == 0, it%3 == 0)
		if _, err := prepare(p); err != nil {
			continue
		}
		res, err := Solve(context.Background(), p, Options{NodeLimit: 1})
		if err != nil {
			t.Fatal(err)
		}
		optU, optW := bruteForce(t, p)
		if lexLess(res.BoundUnits, res.BoundWeight, optU, optW) || lexLess(optU, optW, res.Units, res.Weight) {
			t.Fatalf("case %d: result %d/%d, bound %d/%d, optimum %d/%d\n%+v", it, res.Units, res.Weight, res.BoundUnits, res.BoundWeight, optU, optW, p)
		}
		if !res.Proven {
			unproven++
		}
	}
	if unproven == 0 {
		t.Fatal("no instance was cut short by the node limit; the test checks nothing")
	}
	t.Logf("%d instances cut short", unproven)
}

// groupsByEnumeration is the optimum of a problem with groups (and
// single-unit rows only) found without the branch and bound: every way of
// placing the groups (each at a column all its rows may use, with room,
// or not at all) is tried by pinning them there, and the rest, a plain
// transportation problem, is solved exactly.
func groupsByEnumeration(t *testing.T, p *Problem) (units, weight int64) {
	t.Helper()
	pr, err := prepare(p)
	if err != nil {
		t.Fatal(err)
	}
	var groups []*item
	for ii := range pr.items {
		if pr.items[ii].group >= 0 {
			groups = append(groups, &pr.items[ii])
		}
	}
	inGroup := make([]bool, p.Rows)
	for _, g := range p.Groups {
		for _, r := range g {
			inGroup[r] = true
		}
	}
	units, weight = -1, -1
	choice := make([]int32, len(groups)) // a column, or -1 for none
	left := append([]int32(nil), pr.places...)
	var rec func(k int)
	rec = func(k int) {
		if k < len(groups) {
			cols, _ := pr.options(groups[k])
			choice[k] = -1
			rec(k + 1)
			for _, j := range cols {
				if left[j] >= groups[k].size {
					left[j] -= groups[k].size
					choice[k] = j
					rec(k + 1)
					left[j] += groups[k].size
				}
			}
			return
		}
		q := &Problem{Rows: p.Rows, Places: p.Places, MaxWeight: p.MaxWeight, Pins: append([]Pin(nil), p.Pins...)}
		placed := map[int32]int32{}
		for g, j := range choice {
			for _, r := range groups[g].rows {
				placed[r] = j
				if j >= 0 {
					q.Pins = append(q.Pins, Pin{r, j})
				}
			}
		}
		for _, a := range p.Arcs {
			if j, ok := placed[a.Row]; !inGroup[a.Row] || (ok && j == a.Col) {
				q.Arcs = append(q.Arcs, a)
			}
		}
		res, err := Solve(context.Background(), q, Options{})
		if err != nil {
			t.Fatal(err)
		}
		if lexLess(units, weight, res.Units, res.Weight) {
			units, weight = res.Units, res.Weight
		}
	}
	rec(0)
	return units, weight
}

// TestBranchAndBoundAgainstEnumeration: medium instances with several
// groups, some scarce, too large for brute force over every row, against
// enumerating the groups' placements. The branch and bound must prove the
// same optimum, its incumbent certified.
func TestBranchAndBoundAgainstEnumeration(t *testing.T) {
	rng := rand.New(rand.NewPCG(51, 52))
	iters := 1500
	if testing.Short() {
		iters = 200
	}
	probed := 0
	for it := 0; it < iters; it++ {
		n, m := 12+rng.IntN(20), 3+rng.IntN(5)
		p := &Problem{Rows: n, Places: make([]int32, m), MaxWeight: maxW}
		for j := range p.Places {
			p.Places[j] = int32(1 + rng.IntN(4))
			if it%2 == 0 {
				p.Places[j] = int32(rng.IntN(3)) // scarce
			}
		}
		for i := 0; i < n; i++ {
			for j := 0; j < m; j++ {
				if rng.IntN(2) == 0 {
					p.Arcs = append(p.Arcs, Arc{int32(i), int32(j), 1000*rng.Int64N(9) + rng.Int64N(3)})
				}
			}
		}
		perm := rng.Perm(n)
		for g, k := 0, 0; g < 2+rng.IntN(2) && k+3 <= n; g++ {
			size := 2 + rng.IntN(2)
			var rows []int32
			for _, r := range perm[k : k+size] {
				rows = append(rows, int32(r))
			}
			p.Groups = append(p.Groups, rows)
			k += size
		}
		res, err := Solve(context.Background(), p, Options{})
		if err != nil {
			t.Fatal(err)
		}
		if err := CheckOptimal(p, res); err != nil {
			t.Fatalf("case %d: %v", it, err)
		}
		u, w := groupsByEnumeration(t, p)
		if !res.Proven || res.Units != u || res.Weight != w {
			t.Fatalf("case %d: branch and bound %d/%d (proven %v), enumeration %d/%d\n%+v", it, res.Units, res.Weight, res.Proven, u, w, p)
		}
		if res.Nodes > 1 {
			probed++
		}
	}
	if probed < iters/10 {
		t.Fatalf("only %d instances needed more than the first relaxation", probed)
	}
	t.Logf("%d of %d instances branched", probed, iters)
}

// TestIndependentSplitsAddUp: k copies of a gadget whose relaxation
// splits a group, on disjoint rows and columns. Each copy loses the same
// amount when its group is made whole; the additive bound sees the
// copies are independent and proves the optimum (k times one copy's)
// after probing each once, where the plain relaxation bound would need
// the 2^k combinations of their resolutions.
func TestIndependentSplitsAddUp(t *testing.T) {
	one := splitProblem(0)
	single, err := Solve(context.Background(), one, Options{})
	if err != nil {
		t.Fatal(err)
	}
	for _, k := range []int{1, 4, 12} {
		p := &Problem{MaxWeight: maxW}
		for c := 0; c < k; c++ {
			r0, c0 := int32(p.Rows), int32(len(p.Places))
			p.Rows += one.Rows
			p.Places = append(p.Places, one.Places...)
			for _, a := range one.Arcs {
				p.Arcs = append(p.Arcs, Arc{a.Row + r0, a.Col + c0, a.Weight})
			}
			for _, g := range one.Groups {
				var rows []int32
				for _, r := range g {
					rows = append(rows, r+r0)
				}
				p.Groups = append(p.Groups, rows)
			}
		}
		res, err := Solve(context.Background(), p, Options{})
		if err != nil {
			t.Fatal(err)
		}
		if err := CheckOptimal(p, res); err != nil {
			t.Fatal(err)
		}
		if !res.Proven || res.Units != int64(k)*single.Units || res.Weight != int64(k)*single.Weight {
			t.Fatalf("%d copies: %d/%d (proven %v), want %d/%d", k, res.Units, res.Weight, res.Proven, int64(k)*single.Units, int64(k)*single.Weight)
		}
		t.Logf("%d copies: %d relaxations", k, res.Nodes)
		// The first relaxation, three probes per copy, and a dive of a
		// few relaxations.
		if limit := 1 + 3*k + 8; res.Nodes > limit {
			t.Fatalf("%d copies: %d relaxations, more than %d", k, res.Nodes, limit)
		}
	}
}
