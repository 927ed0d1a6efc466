package pipeline

import (
	"context"
	"fmt"
	"sync"

	"github.com/linkmatch/linkmatch"
	"github.com/linkmatch/linkmatch/assign"
	"github.com/linkmatch/linkmatch/cost"
	"github.com/linkmatch/linkmatch/input"
	"github.com/linkmatch/linkmatch/match"
	"github.com/linkmatch/linkmatch/plan"
	"github.com/linkmatch/linkmatch/scenarios"
)

// Scored is the score stage's result: every eligible pair with its score,
// and each child's shortlist.
type Scored struct {
	Scorer *match.Scorer
	Pairs  *match.Result
	// Eligible counts the eligible pairs (Pairs.Pairs may be let go once
	// the solver's problem holds them: see Run).
	Eligible int
	// Shortlist is each child's best carers (Score's top), or for a child
	// with none, why not.
	Shortlist []match.ShortlistEntry
}

// Score scores every eligible pair of the scorer's scenario once and makes
// from that scoring what opt asks for: when opt.Top is at least 1, each
// child's shortlist of their best opt.Top carers; with opt.PairsCSV,
// pairs.csv.
func Score(ctx context.Context, s *match.Scorer, opt match.ScoreOptions) (*Scored, error) {
	pairs, short, err := s.ScoreWith(ctx, opt)
	if err != nil {
		return nil, fmt.Errorf("score: %w", err)
	}
	return &Scored{Scorer: s, Pairs: pairs, Eligible: len(pairs.Pairs), Shortlist: short}, nil
}

// Matched is the match stage's result: the links chosen (optimal links
// are proven by their certificate, stable links by the absence of a
// blocking pair), and what optimal links gain over the greedy (manual)
// and stable ways of choosing.
type Matched struct {
	Problem *match.Problem
	Links   *match.SolveResult
	// Compared says what the optimal links gain over greedy and over
	// stable, in that order.
	Compared []match.ModeComparison
	// Choices say why each child got their carer (match.Choices), one per
	// link in Links.Assignments' order: matches.csv's rank and why.
	Choices []match.Choice
	// prepared is Problem's arcs prepared for the solver (match.Prepare)
	// by the solve that chose the links, for the comparison's solves
	// (explain), which let it go.
	prepared *assign.Prepared
	// unchecked is true when Links are not proven yet (Check): for a
	// problem above overlapArcs, explain proves them beside its other
	// parts (0.1–0.2 s of a national run, which had the second core idle).
	unchecked bool
}

// BuildProblem builds the solver's problem of a scored scenario (match
// decides the id order, the two-decimal scores and the sibling groups)
// and pins the pinned links; bad pins are an *input.InvalidError naming
// their rows.
func BuildProblem(sc *scenarios.Scenario, scored *Scored, pins Pins) (*match.Problem, error) {
	// The checks Prepare makes, so that "match" names the hard rules a
	// pinned link breaks as "validate" does.
	var ps input.Problems
	checkPins(sc, scored.Scorer, pins, &ps)
	if err := ps.Err(); err != nil {
		return nil, err
	}
	p := match.BuildProblem(sc.Children, sc.Carers, scored.Pairs.Pairs)
	if err := Pin(p, pins); err != nil {
		return nil, err
	}
	return p, nil
}

// Pin pins the links of pins in p; links that cannot be pinned are an
// *input.InvalidError naming their rows.
func Pin(p *match.Problem, pins Pins) error {
	if len(pins.Rows) == 0 {
		return nil
	}
	var ps input.Problems
	p.PinRows(pins.Rows, pins.File, &ps)
	return ps.Err()
}

// Solve chooses the links of p in mode. A refusal the input causes (a
// sibling group pinned in part, sibling groups too large to solve exactly)
// matches match.ErrBadPin or assign.ErrTooLarge, naming the pinned file.
func Solve(ctx context.Context, p *match.Problem, pins Pins, mode assign.Mode) (*match.SolveResult, error) {
	return solveOn(ctx, p, nil, pins, mode)
}

// solveOn is Solve on pp, p's arcs prepared for the solver already
// (match.Prepare), or with pp nil, prepared afresh.
func solveOn(ctx context.Context, p *match.Problem, pp *assign.Prepared, pins Pins, mode assign.Mode) (*match.SolveResult, error) {
	var res *match.SolveResult
	var err error
	if pp == nil {
		res, err = match.Solve(ctx, p, assign.Options{Mode: mode})
	} else {
		res, err = match.SolvePrepared(ctx, p, pp, assign.Options{Mode: mode})
	}
	if err != nil {
		return nil, pins.pinErr(err)
	}
	return res, nil
}

// Check proves that a result is what its mode promises, before anyone is
// told it: optimal links by their certificate (assign.CheckOptimal), stable
// links by the absence of a child and carer who would both rather have each
// other (assign.CheckStable). Greedy links promise only the hard rules,
// which match.Solve checks in every mode.
func Check(p *match.Problem, res *match.SolveResult) error {
	switch res.Mode {
	case assign.Optimal:
		return assign.CheckOptimal(&p.Solver, res.Solver)
	case assign.Stable:
		return assign.CheckStable(&p.Solver, res.Solver)
	}
	return nil
}

// Compare says what optimal links gain over greedy links and over stable
// links, in that order, solving p in each of those modes that res (the
// links chosen, in any mode) was not. The two solves run at once, each on
// its own copy of p (a mode may lower places, match.Solve, in its copy
// only): on a national run they took 1.5 s one after the other, on the
// critical path of the run (issue 15).
func Compare(ctx context.Context, p *match.Problem, pins Pins, res *match.SolveResult) ([]match.ModeComparison, error) {
	return compare(ctx, p, nil, pins, res)
}

// compare is Compare solving on pp, p's arcs prepared for the solver
// already (match.Prepare: a copy of p with other places is solved on the
// same preparation), or with pp nil, preparing them for each solve.
func compare(ctx context.Context, p *match.Problem, pp *assign.Prepared, pins Pins, res *match.SolveResult) ([]match.ModeComparison, error) {
	modes := []assign.Mode{assign.Optimal, assign.Greedy, assign.Stable}
	solved := make([]*match.SolveResult, len(modes))
	errs := make([]error, len(modes))
	var wg sync.WaitGroup
	for i, m := range modes {
		if m == res.Mode {
			solved[i] = res
			continue
		}
		wg.Go(func() {
			q := *p
			solved[i], errs[i] = solveOn(ctx, &q, pp, pins, m)
		})
	}
	wg.Wait()
	// The first error in the modes' order, as when they were solved in turn.
	for _, err := range errs {
		if err != nil {
			return nil, err
		}
	}
	return []match.ModeComparison{match.Compare(solved[0], solved[1]), match.Compare(solved[0], solved[2])}, nil
}

// chooseLinks chooses the links of a scored scenario in the prepared mode
// (the scenario's [match] mode, optimal by default), keeping its pinned
// links, and proves them as the mode promises (Check): what planning
// needs. The comparison with the other modes and the reasons for each
// choice (Matched.explain), which only the outputs read, come after; for
// a problem above overlapArcs, whose links are planned only after that,
// explain makes the proof too, beside them (Matched.unchecked).
func chooseLinks(ctx context.Context, p *Prepared, scored *Scored) (*Matched, error) {
	prob, err := BuildProblem(p.Scenario, scored, p.Pins)
	if err != nil {
		return nil, err
	}
	// The problem holds every eligible pair now, as an arc: let the scored
	// pairs go before the solve (190 MB of a national scenario, held beside
	// the solver's arrays; issue 15).
	scored.Pairs.Pairs = nil
	pp, err := match.Prepare(prob)
	if err != nil {
		return nil, p.Pins.pinErr(err)
	}
	res, err := solveOn(ctx, prob, pp, p.Pins, p.Mode)
	if err != nil {
		return nil, err
	}
	m := &Matched{Problem: prob, Links: res, prepared: pp, unchecked: len(prob.Solver.Arcs) > overlapArcs}
	if !m.unchecked {
		if err := Check(prob, res); err != nil {
			return nil, err
		}
	}
	// unmatched.csv says why a child has no eligible carer as the shortlist
	// and the report do: which rules exclude how many carers.
	match.UseDiagnoses(prob, res, scored.Shortlist)
	return m, nil
}

// explain is the second part of Match: what the chosen links gain over
// the other modes (Compare) and why each child got their carer
// (match.Choices), and, with proven, whatever else reads the proven links
// (RunOptions.Proven). It reads the problem and the links and writes only
// m.Compared and m.Choices, so it may run while the links are planned; its
// parts run at once, as the two cores can share them. Links not proven yet
// (m.unchecked) are proven among those parts, before proven is called; a
// failed proof is its error, as if it had come first.
func (m *Matched) explain(ctx context.Context, pins Pins, proven func(*Matched) error) error {
	var (
		compared []match.ModeComparison
		choices  []match.Choice
		errs     [4]error // the proof's first: it came before the rest
		wg       sync.WaitGroup
	)
	checked := make(chan struct{})
	if m.unchecked {
		wg.Go(func() { errs[0] = Check(m.Problem, m.Links); close(checked) })
	} else {
		close(checked)
	}
	wg.Go(func() { compared, errs[1] = compare(ctx, m.Problem, m.prepared, pins, m.Links) })
	wg.Go(func() { choices, errs[2] = match.Choices(ctx, m.Problem, m.Links, match.ChoiceOptions{}) })
	if proven != nil {
		wg.Go(func() {
			if <-checked; errs[0] == nil { // proven reads proven links only
				errs[3] = proven(m)
			}
		})
	}
	wg.Wait()
	m.unchecked = m.unchecked && errs[0] != nil
	m.prepared = nil // nothing else solves: its per-arc arrays are 140 MB of a national run
	for _, err := range errs {
		if err != nil {
			return err
		}
	}
	m.Compared, m.Choices = compared, choices
	return nil
}

// Planned is the plan stage's result: the links planned, their sessions
// and warnings, and the last day any plan may use.
type Planned struct {
	Links   []plan.PlanInput
	Result  *plan.Result
	Horizon linkmatch.Date
	// Planner is the planner the links were planned with, which can check
	// a short-breaks plan (plan.Planner.VerifyBreaks).
	Planner *plan.Planner
}

// Plan plans links from the scenario's plan start to its horizon with the
// prepared template and calendar; opt carries a re-plan's as-of date,
// extensions and endings (its Start and Horizon are the scenario's). An
// option the template or links cannot honour matches plan.ErrUnknownStage,
// plan.ErrUnknownLink or plan.ErrBadOption.
func Plan(ctx context.Context, p *Prepared, links []plan.PlanInput, opt plan.Options) (*Planned, error) {
	opt.Start, opt.Horizon = p.Scenario.Plan.Start, p.Scenario.Plan.Horizon
	planner, err := plan.NewPlanner(p.Template, p.Calendar, opt)
	if err != nil {
		return nil, err
	}
	res, err := planner.PlanAll(ctx, links)
	if err != nil {
		return nil, err
	}
	return &Planned{Links: links, Result: res, Horizon: planner.Horizon(), Planner: planner}, nil
}

// Cost prices a plan over the whole period it covers (period), with the
// scenario's payments and 4-weekly pay periods from its first day. It
// returns nil, and no error, when there is nothing to price: no rates, or
// no sessions.
func Cost(ctx context.Context, p *Prepared, planned *Planned) (*cost.Result, error) {
	sessions := planned.Result.Sessions
	if len(sessions) == 0 || p.Rates == nil {
		return nil, nil
	}
	moves := plan.MoveDates(p.Template, sessions)
	links := make(map[string]cost.LinkInfo, len(planned.Links))
	for i := range planned.Links {
		in := &planned.Links[i]
		links[in.Link.ID] = linkInfo(p.Scenario, &in.Child, &in.Carer, moves[in.Link.ID])
	}
	from, to := period(sessions, planned.Horizon)
	// A run writes the summary as it is made (cost.WriteSummaryOf): held,
	// it was the largest part of a national run's memory.
	return cost.Price(ctx, sessions, links, p.Rates, cost.Options{Payments: p.Scenario.Payments, From: from, To: to, SummaryLater: true})
}
