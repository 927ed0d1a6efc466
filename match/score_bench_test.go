package match

import (
	"context"
	"io"
	"sync"
	"testing"

	"github.com/linkmatch/linkmatch"
	"github.com/linkmatch/linkmatch/match/generate"
)

// national is the benchmark scenario: 7,000 children and 45,000 carers
// spread over England like its population (about the size of England's
// children's homes population against every approved foster carer).
var national = sync.OnceValues(func() (*generate.Scenario, error) {
	return generate.Generate(context.Background(), generate.Options{Children: 7000, Carers: 45000, Seed: 1})
})

func nationalScorer(b *testing.B) *Scorer {
	sc, err := national()
	if err != nil {
		b.Fatal(err)
	}
	needs := []linkmatch.Need{ // a slice of the default vocabulary's shape
		{Name: "complex_behaviour", Skill: "complex_behaviour", Weight: 3},
		{Name: "attachment_trauma", Skill: "attachment_trauma", Weight: 3},
		{Name: "physical_disability", Skill: "accessible_home", Weight: 3, Hard: true},
		{Name: "pet_allergy", Weight: 0, Hard: true, Conflicts: []string{"pets"}},
		{Name: "smoke_free", Weight: 0, Hard: true, Conflicts: []string{"smoker"}},
	}
	s, err := NewScorer(sc.Children, sc.Carers, needs, Options{MaxDistanceKm: 40, On: sc.Start})
	if err != nil {
		b.Fatal(err)
	}
	return s
}

// BenchmarkScoreNational scores every eligible pair of the national
// scenario in memory, 40 km maximum distance.
func BenchmarkScoreNational(b *testing.B) {
	s := nationalScorer(b)
	b.ResetTimer()
	var n int
	for b.Loop() {
		res, err := s.ScoreAll(b.Context())
		if err != nil {
			b.Fatal(err)
		}
		n = len(res.Pairs)
	}
	b.ReportMetric(float64(n), "pairs")
}

// BenchmarkWritePairs writes the national scenario's pairs.csv (to
// io.Discard), scoring and formatting in parallel as the score command does.
func BenchmarkWritePairs(b *testing.B) {
	s := nationalScorer(b)
	b.ResetTimer()
	for b.Loop() {
		cw := &countWriter{}
		if _, err := WritePairsCSV(b.Context(), cw, s); err != nil {
			b.Fatal(err)
		}
		b.SetBytes(cw.n)
	}
}

type countWriter struct{ n int64 }

func (c *countWriter) Write(p []byte) (int, error) { c.n += int64(len(p)); return io.Discard.Write(p) }

// BenchmarkScoreNationalTop scores the national scenario as run does:
// every pair kept, with each child's shortlist of five.
func BenchmarkScoreNationalTop(b *testing.B) {
	s := nationalScorer(b)
	b.ResetTimer()
	for b.Loop() {
		if _, _, err := s.ScoreWith(b.Context(), ScoreOptions{Top: 5}); err != nil {
			b.Fatal(err)
		}
	}
}
