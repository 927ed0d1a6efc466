package assign

import (
	"context"
	"math"
	"math/rand/v2"
	"testing"

	"gonum.org/v1/gonum/mat"
	"gonum.org/v1/gonum/optimize/convex/lp"
)

// TestOptimalAgainstLP checks the optimal mode against an independent
// solver: gonum's simplex on the linear program of the same problem
// (without groups, multi-unit rows or pins). The constraint matrix of a
// bipartite transportation problem is totally unimodular, so the LP optimum
// is the integer optimum (Schrijver, Combinatorial Optimization, 2003,
// §21), and instances can be larger than brute force allows.
func TestOptimalAgainstLP(t *testing.T) {
	rng := rand.New(rand.NewPCG(11, 12))
	for k := 0; k < 400; k++ {
		p := randomProblem(rng, 12, 7, false, false, false)
		res, err := Solve(context.Background(), p, Options{Mode: Optimal})
		if err != nil {
			t.Fatalf("instance %d: %v", k, err)
		}
		n, m, e := p.Rows, len(p.Places), len(p.Arcs)
		if e == 0 {
			if res.Units != 0 {
				t.Fatalf("instance %d: placed %d without arcs", k, res.Units)
			}
			continue
		}
		// Each placement is worth big + w, the same lexicographic weighting
		// as the solver's, derived independently.
		big := maxW*float64(n) + 1
		cols := e + n + m // arcs, then one slack per row and per column
		c := make([]float64, cols)
		A := mat.NewDense(n+m, cols, nil)
		b := make([]float64, n+m)
		for i, a := range p.Arcs {
			c[i] = -(big + float64(a.Weight))
			A.Set(int(a.Row), i, 1)
			A.Set(n+int(a.Col), i, 1)
		}
		for i := 0; i < n; i++ {
			A.Set(i, e+i, 1)
			b[i] = 1
		}
		for j := 0; j < m; j++ {
			A.Set(n+j, e+n+j, 1)
			b[n+j] = float64(p.Places[j])
		}
		optF, _, err := lp.Simplex(c, A, b, 1e-9, nil)
		if err != nil {
			t.Fatalf("instance %d: simplex: %v", k, err)
		}
		want := math.Round(-optF)
		got := float64(res.Units)*big + float64(res.Weight)
		if got != want {
			t.Fatalf("instance %d: solver %d units, weight %d (objective %.0f); LP optimum %.0f", k, res.Units, res.Weight, got, want)
		}
	}
}
