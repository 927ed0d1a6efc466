package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"time"

	"github.com/linkmatch/linkmatch/internal/output"
	"github.com/linkmatch/linkmatch/internal/pipeline"
	"github.com/linkmatch/linkmatch/internal/runout"
	"github.com/linkmatch/linkmatch/match"
	"github.com/linkmatch/linkmatch/scenarios"
)

func scoreCommand() command {
	return command{
		Name:    "score",
		Args:    "SCENARIO --out pairs.csv",
		Summary: "every eligible child–carer pair with its score and its parts",
		Help:    helpText("score"),
		Setup: func(fs *flag.FlagSet) runFunc {
			out := fs.String("out", "", "the pairs.csv file to write (required; - for standard output)")
			force := forceFlag(fs)
			return func(ctx context.Context, e *env, args []string) error {
				e.Force = *force
				if err := oneScenario(args); err != nil {
					return err
				}
				if *out == "" {
					return usagef("give --out, the pairs.csv file to write (- for standard output)")
				}
				s, err := loadScorer(e, args[0], output.Paths{}.Add(*out, "--out"))
				if err != nil {
					return err
				}
				start := time.Now()
				var n int
				err = e.WriteFile(*out, func(w io.Writer) error {
					var err error
					n, err = match.WritePairsCSV(ctx, w, s)
					return err
				})
				if err != nil {
					return fmt.Errorf("score: %w", err)
				}
				e.Log.Info().Int("pairs", n).Dur("took_ms", time.Since(start)).Str("out", *out).Msg("pairs written")
				return nil
			}
		},
	}
}

// loadScorer loads and validates the scenario at path and builds its
// scorer, refusing first, and again once the scenario's files are known,
// outputs that would lose data.
func loadScorer(e *env, path string, outs output.Paths) (*match.Scorer, error) {
	if err := output.Check(outs, nil); err != nil {
		return nil, err
	}
	sc, err := loadScenario(e, path)
	if err != nil {
		return nil, err
	}
	if err := output.Check(outs, runout.ScenarioPaths(sc)); err != nil {
		return nil, err
	}
	return newScorer(e, sc)
}

// newScorer builds the scorer of a loaded scenario (pipeline.NewScorer);
// settings it refuses are invalid input.
func newScorer(e *env, sc *scenarios.Scenario) (*match.Scorer, error) {
	start := time.Now()
	s, err := pipeline.NewScorer(sc, today())
	if err != nil {
		return nil, inputErr(err)
	}
	e.Log.Debug().Float64("max_distance_km", s.MaxDistanceKm()).Dur("took_ms", time.Since(start)).Msg("scorer ready")
	return s, nil
}
