package runout

// This file logs what "linkmatch match" chose.

import (
	"time"

	"github.com/linkmatch/linkmatch/assign"
	"github.com/linkmatch/linkmatch/match"
	"github.com/rs/zerolog"
)

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
