package pipeline

import (
	"context"
	"time"

	"github.com/linkmatch/linkmatch"

	"github.com/linkmatch/linkmatch/cost"
	"github.com/linkmatch/linkmatch/plan"
)

// Result is every stage's result of one run.
type Result struct {
	Scored *Scored
	// Matched is the step-down match; Breaks, the short-breaks match (only
	// one is set, by the scenario's scheme).
	Matched *Matched
	Breaks  *BreaksMatched
	Planned *Planned
	// Agreements are the written agreements of short-breaks links.
	Agreements []plan.Agreement
	// Costs is nil when there was nothing to price (Cost).
	Costs   *cost.Result
	Timings Timings
}

// Timings are how long each stage of a run took; Costed says whether the
// run reached the cost stage (it does not when there is nothing to price).
type Timings struct {
	Score, Match, Plan, Cost time.Duration
	Costed                   bool
	// Report is how long the command took to make the report (and
	// workbook) of the run; zero when it made none.
	Report time.Duration
}

// Run runs every stage on a prepared scenario: score (with shortlists of
// top carers), match (optimal, compared with greedy and stable), plan
// every chosen link, and cost the whole plan. It stops at the first stage
// that fails.
func Run(ctx context.Context, p *Prepared, top int) (*Result, error) {
	r := &Result{}
	lap := func(d *time.Duration, start time.Time) { *d = time.Since(start) }
	var err error

	start := time.Now()
	if r.Scored, err = Score(ctx, p.Scorer, top); err != nil {
		return nil, err
	}
	lap(&r.Timings.Score, start)

	start = time.Now()
	var links []plan.PlanInput
	if p.Scenario.Scheme == linkmatch.SchemeShortBreaks {
		if r.Breaks, err = MatchBreaks(ctx, p, r.Scored); err != nil {
			return nil, err
		}
		links = breakLinks(p.Scenario, r.Breaks.Links)
	} else {
		if r.Matched, err = Match(ctx, p, r.Scored); err != nil {
			return nil, err
		}
		links = chosenLinks(p.Scenario, r.Matched)
	}
	lap(&r.Timings.Match, start)

	start = time.Now()
	carryOn(links, p.UnderWay) // a pinned link under way carries on from its stage
	if r.Planned, err = Plan(ctx, p, links, plan.Options{}); err != nil {
		return nil, err
	}
	if r.Breaks != nil {
		if r.Agreements, err = Agreements(p, r.Planned); err != nil {
			return nil, err
		}
	}
	lap(&r.Timings.Plan, start)

	start = time.Now()
	if r.Costs, err = Cost(ctx, p, r.Planned); err != nil {
		return nil, err
	}
	if r.Costs != nil {
		lap(&r.Timings.Cost, start)
		r.Timings.Costed = true
	}
	return r, nil
}
