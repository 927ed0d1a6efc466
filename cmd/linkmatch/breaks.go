package main

import (
	"context"
	"time"

	"github.com/linkmatch/linkmatch/assign"
	"github.com/linkmatch/linkmatch/internal/output"
	"github.com/linkmatch/linkmatch/internal/pipeline"
	"github.com/linkmatch/linkmatch/internal/runout"
)

// runMatchBreaks is "match SCENARIO" for a short-breaks scenario: it fills
// children's breaks from carers' sessions and writes matches.csv (with each
// link's breaks), unmatched.csv, entitlement.csv beside it, and with
// --certificate the first phase's certificate (and the second's beside it,
// as certificate-parts.csv).
func runMatchBreaks(ctx context.Context, e *env, job *pipeline.MatchJob, mode assign.Mode, o matchOptions) error {
	if len(job.Pins.Rows) > 0 {
		return usagef("pinned links are not supported for short breaks yet: remove --pinned (or pinned in scenario.toml)")
	}
	t := time.Now()
	res, err := job.SolveBreaks(ctx, mode)
	if err != nil {
		return err
	}
	e.Log.Info().Str("mode", mode.String()).Int("links", len(res.Links)).Int("sessions_met", res.Met).
		Int("sessions_entitled", res.Entitled).Int("children_reached", res.Reached()).Bool("proven_optimal", res.Proven).Dur("took_ms", time.Since(t)).Msg("chose the links")
	if why := res.WhyNotProven(); why != "" {
		ev := e.Log.Warn().Str("links_from", res.Mode.String())
		if res.FellBack {
			ev = e.Log.Warn().Str("links_from", res.From.String()).Int("search_sessions_met", res.SearchMet).Int("search_children_reached", res.SearchReached)
		}
		ev.Msg("not proven optimal: " + why)
	}
	if o.compare && mode == assign.Optimal {
		compared, err := pipeline.CompareBreaks(ctx, job.Scenario, job.Scored, res)
		if err != nil {
			return err
		}
		for _, c := range compared {
			e.Say(o.out == output.Stdout, c.String())
		}
	}
	return runout.WriteBreakMatch(e.Batch(), runout.MatchFiles{Matches: o.out, Unmatched: o.unmatched, Certificate: o.certificate}, job.Scenario, res)
}
