package match

import (
	"context"
	"testing"
)

// The two benchmark instances of issue 5: (a) 7,000 children, 45,000 carers
// (1–4 places), about 7.5 million pairs; (b) 7,000 children, 3,500 carers with
// 1–3 places (about 7,000 in all), about a million pairs.
func benchInstanceA() *SolveProblem { return SyntheticSolveProblem(7000, 45000, 4, 1070, 1) }
func benchInstanceB() *SolveProblem { return SyntheticSolveProblem(7000, 3500, 3, 143, 2) }

func benchSolve(b *testing.B, p *SolveProblem) {
	b.ReportAllocs()
	for b.Loop() {
		res, err := Solve(context.Background(), p, SolveOptions{})
		if err != nil {
			b.Fatal(err)
		}
		b.ReportMetric(float64(res.Linked), "linked")
	}
}

func BenchmarkSolveA(b *testing.B) { benchSolve(b, benchInstanceA()) }
func BenchmarkSolveB(b *testing.B) { benchSolve(b, benchInstanceB()) }

func TestBenchInstancesCertified(t *testing.T) {
	if testing.Short() {
		t.Skip("large instances")
	}
	for name, p := range map[string]*SolveProblem{"B": benchInstanceB()} {
		res, err := Solve(context.Background(), p, SolveOptions{})
		if err != nil {
			t.Fatal(err)
		}
		if err := CheckOptimal(p, res); err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		t.Logf("%s: %d linked, total %.2f", name, res.Linked, res.TotalScore)
	}
}
