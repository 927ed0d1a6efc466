package match

import (
	"context"
	"io"
	"os"
	"path/filepath"
	"testing"

	"github.com/linkmatch/linkmatch/internal/output"
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

// TestWriteBenchFiles writes the two benchmark instances as pairs.csv and
// carers.csv for whole-process comparisons (tools/lemon/README.md) when
// LINKMATCH_BENCH_DIR is set.
func TestWriteBenchFiles(t *testing.T) {
	dir := os.Getenv("LINKMATCH_BENCH_DIR")
	if dir == "" {
		t.Skip("set LINKMATCH_BENCH_DIR to write the benchmark files")
	}
	for name, p := range map[string]*SolveProblem{"a": benchInstanceA(), "b": benchInstanceB()} {
		d := filepath.Join(dir, name)
		if err := output.WriteFile(filepath.Join(d, "pairs.csv"), func(w io.Writer) error { return WritePairs(w, p) }); err != nil {
			t.Fatal(err)
		}
		if err := output.WriteFile(filepath.Join(d, "carers.csv"), func(w io.Writer) error { return WriteCarerPlaces(w, p) }); err != nil {
			t.Fatal(err)
		}
	}
}
