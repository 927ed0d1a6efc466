package pipeline

import (
	"context"
	"errors"
	"io"
	"time"

	"github.com/linkmatch/linkmatch"

	"github.com/linkmatch/linkmatch/assign"
	"github.com/linkmatch/linkmatch/cost"
	"github.com/linkmatch/linkmatch/match"
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
	// Years are each short-breaks child's breaks planned in the plan's
	// first year against what is due (PlannedYears).
	Years []PlannedYear
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
	// Solver is what the optimal solve of a step-down run took: its
	// rounds (solves, one more for each time the carers' time rule
	// lowered places), the relaxations of its branch and bound, and their
	// time (assign.Result); zero otherwise.
	Rounds, Relaxations int
	RelaxationTime      time.Duration
}

// RunOptions are what Run makes beside the stages' results, and who hears
// how it goes.
type RunOptions struct {
	// Top is how many carers each child's shortlist lists; 0 for none.
	Top int
	// PairsCSV, when set, receives pairs.csv (every eligible pair) as the
	// pairs are scored.
	PairsCSV io.Writer
	// Progress, when set, hears each stage begin, advance and end.
	Progress Progress
	// Proven, when set, is called once step-down links are chosen and
	// proven, while the comparison with the other modes and the reasons
	// for each choice are worked out beside it (Matched.explain): it may
	// read the Matched's Problem and Links, which nothing changes then,
	// but not its Compared or Choices. An error stops the run.
	Proven func(m *Matched) error
	// Finished, when set, is called after each stage (StageScore,
	// StageMatch, StagePlan, StageCost) with the result so far, before the
	// next stage begins: a command can start writing that stage's outputs
	// while the next computes. An error stops the run.
	Finished func(stage string, r *Result) error
}

// The stages of a run, as Progress and RunOptions.Finished name them.
const (
	StageScore = "scoring"
	StageMatch = "choosing links"
	StagePlan  = "planning"
	StageCost  = "costing"
)

// Progress hears how far a run has got, for a progress bar that the
// command draws: the pipeline draws nothing itself.
type Progress interface {
	// Begin says a stage has begun, with total steps (0 when the stage
	// cannot count them), and returns the function told how many steps
	// are done.
	Begin(stage string, total int) (step func(done int))
	// End says the stage begun last has ended.
	End()
}

// Run runs every stage on a prepared scenario: score (with shortlists of
// opt.Top carers), match (optimal, compared with greedy and stable), plan
// every chosen link, and cost the whole plan. It stops at the first stage
// that fails.
func Run(ctx context.Context, p *Prepared, opt RunOptions) (*Result, error) {
	run := &runner{p: p, opt: opt, r: &Result{}}
	if err := run.score(ctx); err != nil {
		return nil, err
	}
	links, explained, err := run.match(ctx)
	if err != nil {
		return nil, err
	}
	if err := run.plan(ctx, links); err != nil {
		return nil, errors.Join(explained(true), err)
	}
	// Costing needs only the plan: it goes on while the comparison and
	// the reasons are still being worked out.
	costErr := run.cost(ctx)
	if err := errors.Join(explained(costErr != nil), costErr); err != nil {
		return nil, err
	}
	return run.r, nil
}

// runner is one Run: the prepared scenario, the options and the result
// its stages fill in turn.
type runner struct {
	p   *Prepared
	opt RunOptions
	r   *Result
	// finishLater says the stage running now tells opt.Finished of its
	// end itself, later (the match stage, when its second part runs while
	// the links are planned).
	finishLater bool
}

// stage runs one stage, fn, named name with total steps (0 when it cannot
// count them): it tells opt.Progress, stores the stage's time in d and,
// unless the stage finishes later, tells opt.Finished of its end.
func (run *runner) stage(name string, total int, d *time.Duration, fn func(step func(int)) error) error {
	start := time.Now()
	step := func(int) {}
	if run.opt.Progress != nil {
		step = run.opt.Progress.Begin(name, total)
	}
	err := fn(step)
	if run.opt.Progress != nil {
		run.opt.Progress.End()
	}
	*d = time.Since(start)
	if err == nil && run.opt.Finished != nil && !run.finishLater {
		err = run.opt.Finished(name, run.r)
	}
	return err
}

// score is the score stage: every eligible pair, with shortlists of
// opt.Top carers.
func (run *runner) score(ctx context.Context) error {
	return run.stage(StageScore, len(run.p.Scenario.Children), &run.r.Timings.Score, func(step func(int)) error {
		var err error
		run.r.Scored, err = Score(ctx, run.p.Scorer, match.ScoreOptions{Top: run.opt.Top, PairsCSV: run.opt.PairsCSV, Progress: step})
		return err
	})
}

// match is the match stage: it returns the chosen links as the planner
// takes them, and explained, the function that ends the stage. For
// step-down links (of up to overlapArcs pairs), the comparison with the
// other modes and the reasons for each choice are worked out while the
// links are planned and costed (planning needs only the links, costing only
// the plan), and the stage's time
// runs until they are done; explained waits for them (or, with stop,
// stops them).
func (run *runner) match(ctx context.Context) (links []plan.PlanInput, explained func(stop bool) error, err error) {
	explained = func(stop bool) error { return nil }
	err = run.stage(StageMatch, 0, &run.r.Timings.Match, func(func(int)) error {
		var err error
		if run.p.Scenario.Scheme == linkmatch.SchemeShortBreaks {
			links, err = run.matchBreaks(ctx)
			return err
		}
		links, err = run.matchStepDown(ctx)
		if err != nil {
			return err
		}
		if len(run.r.Matched.Problem.Solver.Arcs) > overlapArcs {
			return run.r.Matched.explain(ctx, run.p.Pins, run.opt.Proven)
		}
		explained, run.finishLater = run.r.explainWhilePlanning(ctx, run.p.Pins, run.opt), true
		return nil
	})
	run.finishLater = false
	return links, explained, err
}

// matchBreaks chooses the short-breaks links (MatchBreaks).
func (run *runner) matchBreaks(ctx context.Context) ([]plan.PlanInput, error) {
	var err error
	if run.r.Breaks, err = MatchBreaks(ctx, run.p, run.r.Scored); err != nil {
		return nil, err
	}
	return breakLinks(run.p.Scenario, run.r.Breaks.Links), nil
}

// matchStepDown chooses the step-down links, keeps the optimal solve's
// figures for the run's timings, and lets the scored pairs go.
func (run *runner) matchStepDown(ctx context.Context) ([]plan.PlanInput, error) {
	r := run.r
	var err error
	if r.Matched, err = chooseLinks(ctx, run.p, r.Scored); err != nil {
		return nil, err
	}
	if sr := r.Matched.Links.Solver; sr != nil && sr.Mode == assign.Optimal {
		r.Timings.Rounds, r.Timings.Relaxations, r.Timings.RelaxationTime = sr.Rounds, sr.Nodes, sr.NodeTime
	}
	return chosenLinks(run.p.Scenario, r.Matched), nil
}

// plan is the plan stage: every chosen link planned (a pinned link under
// way carries on from its stage) and, for short breaks, each link's
// written agreement and each child's breaks planned in the first year.
func (run *runner) plan(ctx context.Context, links []plan.PlanInput) error {
	p, r := run.p, run.r
	return run.stage(StagePlan, 0, &r.Timings.Plan, func(func(int)) error {
		carryOn(links, p.UnderWay)
		var err error
		if r.Planned, err = Plan(ctx, p, links, plan.Options{}); err != nil {
			return err
		}
		if r.Breaks != nil {
			if r.Agreements, err = Agreements(p, r.Planned); err != nil {
				return err
			}
			sc := p.Scenario
			r.Years = PlannedYears(r.Breaks.Links.Shares, r.Planned.Result, r.Agreements, sc.Plan.Start, r.Planned.Horizon)
		}
		return nil
	})
}

// cost is the cost stage: the whole plan priced; its time is zero, and
// the run not costed, when there was nothing to price.
func (run *runner) cost(ctx context.Context) error {
	r := run.r
	if err := run.stage(StageCost, 0, &r.Timings.Cost, func(func(int)) error {
		var err error
		r.Costs, err = Cost(ctx, run.p, r.Planned)
		return err
	}); err != nil {
		return err
	}
	if r.Costs == nil {
		r.Timings.Cost = 0
	}
	r.Timings.Costed = r.Costs != nil
	return nil
}

// overlapArcs is the most eligible pairs for which Run works out the
// comparison with the other modes while planning: the greedy and stable
// solves' memory then adds to the plan's while the problem's arcs are
// still held, which took a national run (9.65 million pairs) from 985 MB
// to 1.1 GB of memory at most, against issue 15's 1 GiB. Above it the
// comparison comes before planning, its parts on both cores at once
// (Matched.explain), when only the problem is held beside them. A
// 500-child scenario has about 20,000 pairs, a 7,000-child one with 3,500
// carers about 0.9 million.
const overlapArcs = 2_000_000

// explainWhilePlanning starts the second part of the match stage
// (Matched.explain) on its own goroutine and returns the function that
// waits for it (having stopped it, with stop: planning or costing failed
// and no output will read it), adds its time to the match stage's and then
// tells opt.Finished that the match stage is done. Run plans and costs the
// links meanwhile: on a 500-child scenario the comparison with greedy and
// stable links and the reasons take longer than planning, and the two
// cores share the work.
func (r *Result) explainWhilePlanning(ctx context.Context, pins Pins, opt RunOptions) func(stop bool) error {
	ctx, cancel := context.WithCancel(ctx)
	start, chosen := time.Now(), r.Timings.Match
	done := make(chan error, 1)
	go func() { done <- r.Matched.explain(ctx, pins, opt.Proven) }()
	return func(stop bool) error {
		if stop {
			cancel()
			<-done
			return nil
		}
		err := <-done
		cancel()
		r.Timings.Match = chosen + time.Since(start)
		if err == nil && opt.Finished != nil {
			err = opt.Finished(StageMatch, r)
		}
		return err
	}
}
