package pipeline

import (
	"context"

	"github.com/linkmatch/linkmatch"
	"github.com/linkmatch/linkmatch/assign"
	"github.com/linkmatch/linkmatch/match"
	"github.com/linkmatch/linkmatch/scenarios"
)

// MatchJob is the match stage on its own, as "linkmatch match" runs it
// without planning: the problem to solve with its pinned links and, from
// a scenario, the scenario's scoring. A short-breaks scenario has no one
// problem: its children's breaks are filled (SolveBreaks).
type MatchJob struct {
	// Scenario and Scored are nil for a problem read from pairs.csv
	// (PairsProblem).
	Scenario *scenarios.Scenario
	Scored   *Scored
	Pins     Pins
	// Problem is the step-down problem; nil for short breaks.
	Problem *match.Problem
}

// ScoreForMatch scores a scenario for the match stage on its own and, for
// a step-down scenario, builds its problem with its pinned links
// (BuildProblem). A shortlist of one is scored: enough for the diagnoses
// of children with no eligible carer (match.UseDiagnoses), which run
// gives too.
func ScoreForMatch(ctx context.Context, sc *scenarios.Scenario, scorer *match.Scorer, pins Pins) (*MatchJob, error) {
	scored, err := Score(ctx, scorer, match.ScoreOptions{Top: 1})
	if err != nil {
		return nil, err
	}
	j := &MatchJob{Scenario: sc, Scored: scored, Pins: pins}
	if !j.ShortBreaks() {
		if j.Problem, err = BuildProblem(sc, scored, pins); err != nil {
			return nil, err
		}
	}
	return j, nil
}

// ShortBreaks reports whether the job is a short-breaks scenario's.
func (j *MatchJob) ShortBreaks() bool {
	return j.Scenario != nil && j.Scenario.Scheme == linkmatch.SchemeShortBreaks
}

// Mode is the scenario's [match] mode; ok is false when it gives none, or
// the job has no scenario.
func (j *MatchJob) Mode() (m assign.Mode, ok bool) {
	if j.Scenario == nil {
		return 0, false
	}
	return assign.ParseMode(j.Scenario.Match.Mode)
}

// Solve chooses the step-down links in mode (Solve). From a scenario, a
// child with no eligible carer is then given the diagnosis of their
// shortlist as the reason (match.UseDiagnoses: which rules exclude how many
// carers, and what would help most), as run gives it; pairs.csv alone does
// not say.
func (j *MatchJob) Solve(ctx context.Context, mode assign.Mode) (*match.SolveResult, error) {
	res, err := Solve(ctx, j.Problem, j.Pins, mode)
	if err != nil {
		return nil, err
	}
	if j.Scored != nil {
		match.UseDiagnoses(j.Problem, res, j.Scored.Shortlist)
	}
	return res, nil
}

// SolveBreaks chooses a short-breaks job's links in mode (SolveBreaks)
// and checks the certificate of every proven phase (CheckBreaks). Pinned
// links are refused as run refuses them (noPins: one refusal, one
// message): an *input.InvalidError at the pinned file.
func (j *MatchJob) SolveBreaks(ctx context.Context, mode assign.Mode) (*match.BreaksResult, error) {
	if err := noPins(j.Pins); err != nil {
		return nil, err
	}
	res, err := SolveBreaks(ctx, j.Scenario, j.Scored, mode)
	if err != nil {
		return nil, err
	}
	if err := CheckBreaks(res); err != nil {
		return nil, err
	}
	return res, nil
}
