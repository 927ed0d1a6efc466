package match

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
// (without sibling groups or pins). The constraint matrix of a bipartite
// transportation problem is totally unimodular, so the LP optimum is the
// integer optimum (Schrijver, Combinatorial Optimization, 2003, §21), and
// instances can be larger than brute force allows.
func TestOptimalAgainstLP(t *testing.T) {
	rng := rand.New(rand.NewPCG(11, 12))
	for k := 0; k < 400; k++ {
		p := randomProblem(rng, 12, 7, false, false)
		res, err := Solve(context.Background(), p, SolveOptions{Mode: ModeOptimal})
		if err != nil {
			t.Fatalf("instance %d: %v", k, err)
		}
		n, m, e := len(p.ChildIDs), len(p.CarerIDs), len(p.Candidates)
		if e == 0 {
			if res.Linked != 0 {
				t.Fatalf("instance %d: linked %d without pairs", k, res.Linked)
			}
			continue
		}
		// Each link is worth big + s (s the score in hundredths), the same
		// lexicographic weighting as the solver's, derived independently.
		big := 10000*float64(n) + 1
		cols := e + n + m // pairs, then one slack per child and per carer
		c := make([]float64, cols)
		A := mat.NewDense(n+m, cols, nil)
		b := make([]float64, n+m)
		for i, cd := range p.Candidates {
			c[i] = -(big + math.Round(cd.Score*100))
			A.Set(int(cd.Child), i, 1)
			A.Set(n+int(cd.Carer), i, 1)
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
		got := float64(res.Linked)*big + float64(res.ScaledTotal)
		if got != want {
			t.Fatalf("instance %d: solver %d links, %d hundredths (weight %.0f); LP optimum %.0f", k, res.Linked, res.ScaledTotal, got, want)
		}
	}
}
