package match

import (
	"context"
	"sync"
	"testing"

	"github.com/linkmatch/linkmatch/assign"
	"github.com/linkmatch/linkmatch/match/generate"
)

// regional is the 500-child scenario of the README's performance recipe
// ("linkmatch generate --children 500 --carers 1500 --seed 3"), scored
// within 40 km and solved in optimal mode.
var regional = sync.OnceValues(func() (*Problem, error) {
	sc, err := generate.Generate(context.Background(), generate.Options{Children: 500, Carers: 1500, Seed: 3})
	if err != nil {
		return nil, err
	}
	s, err := NewScorer(sc.Children, sc.Carers, nil, Options{MaxDistanceKm: 40, On: sc.Start})
	if err != nil {
		return nil, err
	}
	scored, err := s.ScoreAll(context.Background())
	if err != nil {
		return nil, err
	}
	return BuildProblem(sc.Children, sc.Carers, scored.Pairs), nil
})

// BenchmarkChoices500 explains every link of the 500-child run (issue 15's
// regional target): the ranks and, for each child not at their first
// choice, the optimal matching with that child pinned there (an optimal
// re-solve each), on GOMAXPROCS workers as "linkmatch run" does.
func BenchmarkChoices500(b *testing.B) {
	p, err := regional()
	if err != nil {
		b.Fatal(err)
	}
	res, err := Solve(b.Context(), p, assign.Options{Mode: assign.Optimal})
	if err != nil {
		b.Fatal(err)
	}
	var alts int
	for b.Loop() {
		cs, err := Choices(b.Context(), p, res, ChoiceOptions{})
		if err != nil {
			b.Fatal(err)
		}
		alts = 0
		for i := range cs {
			if cs[i].Alternative != nil && cs[i].Alternative.Possible {
				alts++
			}
		}
	}
	b.ReportMetric(float64(alts), "re-solves")
}
