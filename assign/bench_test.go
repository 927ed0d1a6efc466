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

func benchSolve(b *testing.B, p *Problem) {
	b.ReportAllocs()
	for b.Loop() {
		res, err := Solve(context.Background(), p, Options{})
		if err != nil {
			b.Fatal(err)
		}
		b.ReportMetric(float64(res.Units), "placed")
	}
}

func BenchmarkSolveA(b *testing.B) { benchSolve(b, benchInstanceA()) }
func BenchmarkSolveB(b *testing.B) { benchSolve(b, benchInstanceB()) }

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
