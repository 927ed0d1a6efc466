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
