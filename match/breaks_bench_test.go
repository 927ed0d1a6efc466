package match

import (
	"context"
	"fmt"
	"sync"
	"testing"

	"github.com/linkmatch/linkmatch"
	"github.com/linkmatch/linkmatch/match/generate"
	"github.com/linkmatch/linkmatch/scenarios"
)

// breaksNights are the nights each kind of break spans in the built-in
// short-breaks template (plan/defaults/short_breaks.toml): a weekend is
// Saturday morning to Sunday tea-time, one night.
var breaksNights = map[string]int{"after_school": 0, "day": 0, "overnight": 1, "weekend": 1, "few_days": 3}

// breaksScheme is a generated short-breaks scheme (generate --scheme
// short_breaks), scored as `linkmatch match` scores it (the default needs,
// 30 km as the generated scenario.toml says).
type breaksScheme struct {
	sc    *generate.Scenario
	pairs []ScoredPair
}

var breaksSchemes sync.Map // "children/carers/seed" → func() (*breaksScheme, error)

func loadBreaksScheme(b *testing.B, children, carers int, seed uint64) *breaksScheme {
	key := fmt.Sprintf("%d/%d/%d", children, carers, seed)
	f, _ := breaksSchemes.LoadOrStore(key, sync.OnceValues(func() (*breaksScheme, error) {
		sc, err := generate.Generate(context.Background(), generate.Options{Children: children, Carers: carers, Seed: seed, Scheme: linkmatch.SchemeShortBreaks})
		if err != nil {
			return nil, err
		}
		s, err := NewScorer(sc.Children, sc.Carers, scenarios.DefaultNeeds(), Options{MaxDistanceKm: 30, On: sc.Start})
		if err != nil {
			return nil, err
		}
		res, err := s.ScoreAll(context.Background())
		if err != nil {
			return nil, err
		}
		return &breaksScheme{sc: sc, pairs: res.Pairs}, nil
	}))
	bs, err := f.(func() (*breaksScheme, error))()
	if err != nil {
		b.Fatal(err)
	}
	return bs
}

// BenchmarkSolveBreaks matches generated short-breaks schemes in optimal
// mode (with its greedy and stable guard), two carers a child allowed, as
// `linkmatch match` does; issue 17 measured 300/600 seed 7 at 23.5 s and
// 1,500/3,000 at minutes. Reported: sessions met, children reached.
func BenchmarkSolveBreaks(b *testing.B) {
	for _, size := range []struct{ children, carers int }{{300, 600}, {1500, 3000}} {
		b.Run(fmt.Sprintf("%d-%d-seed7", size.children, size.carers), func(b *testing.B) {
			bs := loadBreaksScheme(b, size.children, size.carers, 7)
			var res *BreaksResult
			for b.Loop() {
				var err error
				res, err = SolveBreaks(b.Context(), bs.sc.Children, bs.sc.Carers, bs.pairs,
					BreaksOptions{Nights: breaksNights, MaxCarersPerChild: 2})
				if err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(res.Met), "sessions")
			b.ReportMetric(float64(res.Reached()), "children")
		})
	}
}
