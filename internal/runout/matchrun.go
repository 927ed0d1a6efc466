package runout

// This file runs "linkmatch match" once its problem is read: it chooses,
// logs and explains the links and writes them.

import (
	"context"
	"time"

	"github.com/linkmatch/linkmatch/assign"
	"github.com/linkmatch/linkmatch/internal/cli"
	"github.com/linkmatch/linkmatch/internal/output"
	"github.com/linkmatch/linkmatch/internal/pipeline"
	"github.com/linkmatch/linkmatch/match"
	"github.com/rs/zerolog"
)

// MatchRun is how "linkmatch match" chooses a job's links: in Mode, into
// Files, with Compare the other modes compared; the choice is logged to
// Log and the comparisons told to a person through Say.
type MatchRun struct {
	Mode    assign.Mode
	Files   MatchFiles
	Compare bool
	Log     zerolog.Logger
	Say     func(string)
}

// Match chooses job's links, logs the choice, says what optimal links gain
// over the other modes when asked, explains each choice and writes r.Files
// through b: all or none. A refusal the input causes (pipeline.InputCaused)
// in solving or comparing is a usage error: exit 2.
func (r MatchRun) Match(ctx context.Context, b *output.Batch, job *pipeline.MatchJob) error {
	if job.ShortBreaks() {
		return r.matchBreaks(ctx, b, job)
	}
	p := job.Problem
	t1 := time.Now()
	res, err := job.Solve(ctx, r.Mode)
	if err != nil {
		return InputErr(err)
	}
	LogChoice(r.Log, res, len(p.ChildIDs), time.Since(t1))
	if r.Compare {
		compared, err := pipeline.Compare(ctx, p, job.Pins, res)
		if err != nil {
			return InputErr(err)
		}
		for _, c := range compared {
			r.Say(c.String())
		}
	}
	t2 := time.Now()
	choices, err := match.Choices(ctx, p, res, match.ChoiceOptions{})
	if err != nil {
		return err
	}
	r.Log.Debug().Int("links", len(choices)).Dur("took_ms", time.Since(t2)).Msg("explained each choice")
	return WriteMatch(b, r.Files, p, res, choices)
}

// matchBreaks is Match for a short-breaks scenario: it fills children's
// breaks from carers' sessions and writes matches.csv (with each link's
// breaks), unmatched.csv, entitlement.csv beside it, and with a
// certificate the first phase's certificate (and the second's beside it,
// as certificate-parts.csv). Pinned links are refused (exit 2) by
// job.SolveBreaks, as run refuses them.
func (r MatchRun) matchBreaks(ctx context.Context, b *output.Batch, job *pipeline.MatchJob) error {
	t := time.Now()
	res, err := job.SolveBreaks(ctx, r.Mode)
	if err != nil {
		return err
	}
	LogBreaksChoice(r.Log, res, r.Mode, time.Since(t))
	if r.Compare && r.Mode == assign.Optimal {
		compared, err := pipeline.CompareBreaks(ctx, job.Scenario, job.Scored, res)
		if err != nil {
			return err
		}
		for _, c := range compared {
			r.Say(c.String())
		}
	}
	return WriteBreakMatch(b, r.Files, job.Scenario, res)
}

// InputErr turns a refusal that the input causes (pipeline.InputCaused)
// into bad input: exit 2.
func InputErr(err error) error {
	if pipeline.InputCaused(err) {
		return cli.Usagef("%v", err)
	}
	return err
}

// LogChoice logs the links chosen for children children: how many, their
// total score and, in optimal mode, whether they are proven optimal or how
// far they may be from it.
func LogChoice(log zerolog.Logger, res *match.SolveResult, children int, took time.Duration) {
	ev := log.Info().Str("mode", res.Mode.String()).Int("linked", res.Linked).Int("children", children).
		Float64("total_score", res.Points()).Dur("took_ms", took)
	if res.Mode == assign.Optimal {
		ev = ev.Bool("proven_optimal", res.Proven)
		// The solves (rounds of the carers' time rule) and the branch and
		// bound's relaxations, with their time each.
		if sr := res.Solver; sr != nil && sr.Nodes > 0 {
			ev = ev.Int("solver_rounds", sr.Rounds).Int("relaxations", sr.Nodes).
				Float64("ms_per_relaxation", float64(sr.NodeTime.Microseconds())/float64(sr.Nodes)/1000)
		}
		if !res.Proven {
			links, score := res.Gap()
			ev = ev.Int("gap_links", links).Float64("gap_score", score)
		}
	}
	ev.Msg("chose the links")
}

// LogBreaksChoice logs the short-breaks links chosen in mode: how many,
// the sessions met against those entitled, the children reached and the
// proof; links not proven optimal are warned with the reason, and with
// what the search found when another mode's links are used.
func LogBreaksChoice(log zerolog.Logger, res *match.BreaksResult, mode assign.Mode, took time.Duration) {
	log.Info().Str("mode", mode.String()).Int("links", len(res.Links)).Int("sessions_met", res.Met).
		Int("sessions_entitled", res.Entitled).Int("children_reached", res.Reached()).Bool("proven_optimal", res.Proven).Dur("took_ms", took).Msg("chose the links")
	if why := res.WhyNotProven(); why != "" {
		ev := log.Warn().Str("links_from", res.Mode.String())
		if res.FellBack {
			ev = log.Warn().Str("links_from", res.From.String()).Int("search_sessions_met", res.SearchMet).Int("search_children_reached", res.SearchReached)
		}
		ev.Msg("not proven optimal: " + why)
	}
}
