package assign

import (
	"context"
	"testing"
)

// The two benchmark instances of issue 5: (a) 7,000 rows, 45,000 columns
// (1–4 places), about 7.5 million arcs; (b) 7,000 rows, 3,500 columns with
// 1–3 places (about 7,000 in all), about a million arcs. tools/benchpairs
// writes them as files: "go run ./tools/benchpairs -out DIR".
func benchInstanceA() *Problem { return syntheticProblem(7000, 45000, 4, 1070, 1) }
func benchInstanceB() *Problem { return syntheticProblem(7000, 3500, 3, 143, 2) }

// benchInstanceScarce is B with places scarce: 3,500 columns of one or
// two places (about 5,250 in all) for 7,000 rows, so about 1,750 rows
// cannot be placed — the shape of a generated scenario where carers are
// few (issue 15).
func benchInstanceScarce() *Problem { return syntheticProblem(7000, 3500, 2, 105, 3) }

// benchInstanceGroups is a smaller A with 150 sibling groups of two or
// three rows, for the branch and bound.
func benchInstanceGroups() *Problem {
	return withGroups(syntheticProblem(2000, 6000, 3, 300, 4), 150, 4)
}

func benchSolve(b *testing.B, p *Problem) { benchSolveMode(b, p, Optimal) }

func benchSolveMode(b *testing.B, p *Problem, mode Mode) {
	b.ReportAllocs()
	for b.Loop() {
		res, err := Solve(context.Background(), p, Options{Mode: mode})
		if err != nil {
			b.Fatal(err)
		}
		b.ReportMetric(float64(res.Units), "placed")
		b.ReportMetric(float64(res.Nodes), "relaxations")
	}
}

func BenchmarkSolveA(b *testing.B)      { benchSolve(b, benchInstanceA()) }
func BenchmarkSolveB(b *testing.B)      { benchSolve(b, benchInstanceB()) }
func BenchmarkSolveScarce(b *testing.B) { benchSolve(b, benchInstanceScarce()) }
func BenchmarkSolveGroups(b *testing.B) { benchSolve(b, benchInstanceGroups()) }

// BenchmarkSolveStableA is stable mode on A, which every optimal run
// solves to compare with (a national scenario's stable solve took 9 s).
func BenchmarkSolveStableA(b *testing.B) { benchSolveMode(b, benchInstanceA(), Stable) }

func TestBenchInstanceCertified(t *testing.T) {
	if testing.Short() {
		t.Skip("large instance")
	}
	p := benchInstanceB()
	res, err := Solve(context.Background(), p, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if err := CheckOptimal(p, res); err != nil {
		t.Fatalf("B: %v", err)
	}
	t.Logf("B: %d placed, total weight %d", res.Units, res.Weight)
}

// BenchmarkPrepareA is the preparation of A's 7.5 million arcs alone
// (checked, grouped by row and filled into the solvers' arrays), which
// every Solve does first.
func BenchmarkPrepareA(b *testing.B) {
	p := benchInstanceA()
	b.ReportAllocs()
	for b.Loop() {
		if _, err := prepare(p); err != nil {
			b.Fatal(err)
		}
	}
}
