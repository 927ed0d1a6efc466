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
	r := &Result{}
	var err error
	finishLater := false // the stage's end is told later, not by stage
	stage := func(name string, total int, d *time.Duration, fn func(step func(int)) error) error {
		start := time.Now()
		step := func(int) {}
		if opt.Progress != nil {
			step = opt.Progress.Begin(name, total)
		}
		err := fn(step)
		if opt.Progress != nil {
			opt.Progress.End()
		}
		*d = time.Since(start)
		if err == nil && opt.Finished != nil && !finishLater {
			err = opt.Finished(name, r)
		}
		return err
	}

	if err = stage(StageScore, len(p.Scenario.Children), &r.Timings.Score, func(step func(int)) error {
		r.Scored, err = Score(ctx, p.Scorer, match.ScoreOptions{Top: opt.Top, PairsCSV: opt.PairsCSV, Progress: step})
		return err
	}); err != nil {
		return nil, err
	}

	var links []plan.PlanInput
	// explained ends the match stage: for step-down links (of up to
	// overlapArcs pairs), the comparison with the other modes and the
	// reasons for each choice are worked out while the links are planned
	// (planning needs only the links), and the stage's time runs until
	// they are done.
	explained := func(stop bool) error { return nil }
	if err = stage(StageMatch, 0, &r.Timings.Match, func(func(int)) error {
		if p.Scenario.Scheme == linkmatch.SchemeShortBreaks {
			if r.Breaks, err = MatchBreaks(ctx, p, r.Scored); err != nil {
				return err
			}
			links = breakLinks(p.Scenario, r.Breaks.Links)
			return nil
		}
		if r.Matched, err = chooseLinks(ctx, p, r.Scored); err != nil {
			return err
		}
		if sr := r.Matched.Links.Solver; sr != nil && sr.Mode == assign.Optimal {
			r.Timings.Rounds, r.Timings.Relaxations, r.Timings.RelaxationTime = sr.Rounds, sr.Nodes, sr.NodeTime
		}
		links = chosenLinks(p.Scenario, r.Matched)
		if len(r.Matched.Problem.Solver.Arcs) > overlapArcs {
			return r.Matched.explain(ctx, p.Pins)
		}
		explained, finishLater = r.explainWhilePlanning(ctx, p.Pins, opt), true
		return nil
	}); err != nil {
		return nil, err
	}
	finishLater = false

	planErr := stage(StagePlan, 0, &r.Timings.Plan, func(func(int)) error {
		carryOn(links, p.UnderWay) // a pinned link under way carries on from its stage
		if r.Planned, err = Plan(ctx, p, links, plan.Options{}); err != nil {
			return err
		}
		if r.Breaks != nil {
			if r.Agreements, err = Agreements(p, r.Planned); err != nil {
				return err
			}
			sc := p.Scenario
			r.Years = PlannedYears(r.Breaks.Links, r.Planned.Result, r.Agreements, sc.Plan.Start, r.Planned.Horizon)
		}
		return nil
	})
	if err = errors.Join(explained(planErr != nil), planErr); err != nil {
		return nil, err
	}

	if err = stage(StageCost, 0, &r.Timings.Cost, func(func(int)) error {
		r.Costs, err = Cost(ctx, p, r.Planned)
		return err
	}); err != nil {
		return nil, err
	}
	if r.Costs == nil {
		r.Timings.Cost = 0
	}
	r.Timings.Costed = r.Costs != nil
	return r, nil
}

// overlapArcs is the most eligible pairs for which Run works out the
// comparison with the other modes while planning: the greedy and stable
// solves' memory then adds to the plan's while the problem's arcs are
// still held, which took a national run (9.65 million pairs) from 985 MB
// to 1.1 GB of memory at most, against issue 15's 1 GiB. A 500-child
// scenario has about 20,000 pairs, a 7,000-child one with 3,500 carers
// about 0.9 million.
const overlapArcs = 2_000_000

// explainWhilePlanning starts the second part of the match stage
// (Matched.explain) on its own goroutine and returns the function that
// waits for it (having stopped it, with stop: planning failed and no
// output will read it), adds its time to the match stage's and then tells
// opt.Finished that the match stage is done. Run plans the links
// meanwhile: on a national scenario the comparison with greedy and stable
// links takes longer than planning and costing together, and the two
// cores share the work.
func (r *Result) explainWhilePlanning(ctx context.Context, pins Pins, opt RunOptions) func(stop bool) error {
	ctx, cancel := context.WithCancel(ctx)
	start, chosen := time.Now(), r.Timings.Match
	done := make(chan error, 1)
	go func() { done <- r.Matched.explain(ctx, pins) }()
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
