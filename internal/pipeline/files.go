package pipeline

import (
	"cmp"
	"context"
	"errors"

	"github.com/linkmatch/linkmatch"
	"github.com/linkmatch/linkmatch/cost"
	"github.com/linkmatch/linkmatch/input"
	"github.com/linkmatch/linkmatch/match"
	"github.com/linkmatch/linkmatch/plan"
	"github.com/linkmatch/linkmatch/scenarios"
)

// The commands that run one stage on files a person gives them (plan on a
// matches.csv, cost on a timeline.csv) start here: each parses its file and
// what the stage needs from the scenario, reporting every problem together
// and returning the warnings for the command to log.

// PreparePlan prepares planning the links of a link file (matches.csv,
// match.ReadLinks) for a scenario: the stage template (template when given,
// else the scenario's), the calendar, and the links, each checked against
// the scenario as the matching would have chosen it — ids in the
// scenario, the hard rules, one link per child, no carer over their
// places (checkPlanRows) — since a link file may have been edited by
// hand. A link under way (started, stage, stage_since, stage_until, in the
// link file or the scenario's pinned.csv) must be at a stage of the
// template and have begun by from, the day the plan starts from (its
// as-of date, else its start). Problems are an *input.InvalidError naming
// the rows.
func PreparePlan(sc *scenarios.Scenario, template *Source, matches Source, from linkmatch.Date) (*Prepared, []plan.PlanInput, []input.Problem, error) {
	var ps input.Problems
	p := &Prepared{Scenario: sc}
	p.Template, p.Calendar = planSetup(sc, template, &ps)
	p.Pins = readPins(sc, nil, &ps)
	if from == 0 {
		from = sc.Plan.Start
	}
	rows := match.ReadLinks(matches.Data, matches.Name, &ps)
	var links []plan.PlanInput
	if p.Template != nil {
		links = linksToPlan(sc, rows, matches.Name, p.Template, from, &ps)
		p.UnderWay = pinnedUnderWay(p.Pins, p.Template, from, &ps)
		carryOn(links, p.UnderWay)
	}
	scorer, err := NewScorer(sc, 0)
	if addProblems(&ps, err) != nil {
		return nil, nil, nil, err
	}
	if scorer != nil {
		checkPlanRows(sc, scorer, rows, matches.Name, &ps)
	}
	if err := ps.Err(); err != nil {
		return nil, nil, nil, err
	}
	return p, links, ps.Warnings(), nil
}

// CostInput is what pricing a timeline file needs.
type CostInput struct {
	Rates    *cost.RateTable
	Sessions []linkmatch.Session
	// Lines are the timeline line of each session, for problems.
	Lines []int
	// Links are what costing needs of each link (costLinks).
	Links map[string]cost.LinkInfo
	// file is the timeline's name and payments the scenario's, for Price.
	file     string
	payments linkmatch.Payments
}

// Price prices the timeline with the scenario's payments over opt's
// period (cost.Price); sessions the rates cannot price are problems at
// their lines of the timeline (pricingProblems).
func (in *CostInput) Price(ctx context.Context, opt cost.Options) (*cost.Result, error) {
	opt.Payments = in.payments
	res, err := cost.Price(ctx, in.Sessions, in.Links, in.Rates, opt)
	var ce *cost.PricingError
	if errors.As(err, &ce) {
		return nil, pricingProblems(in.file, in.Lines, ce)
	}
	return res, err
}

// CostOptions choose what of a timeline PrepareCost prices.
type CostOptions struct {
	// Only, when given, keeps the links of these ids: what they add.
	Only []string
	// CurrentLinks adds each carer's current_links (children linked
	// outside the scenario's plans), costed at the retainer alone.
	CurrentLinks bool
}

// PrepareCost prepares pricing a timeline file (plan.ParseTimeline) with a
// scenario's rates, payments and people. Problems are an
// *input.InvalidError: the scenario has no rates, the timeline is
// malformed, or it names a child or carer the scenario does not have; a
// link of opt.Only without rows is a *NoRowsError.
func PrepareCost(sc *scenarios.Scenario, timeline Source, opt CostOptions) (*CostInput, []input.Problem, error) {
	rates, err := rateTable(sc)
	if err != nil {
		return nil, nil, err
	}
	var ps input.Problems
	sessions, lines := plan.ParseTimeline(timeline.Data, timeline.Name, &ps)
	if err := ps.Err(); err != nil {
		return nil, nil, err
	}
	warnings := ps.Warnings()
	ps.List = ps.List[:0]
	if len(opt.Only) > 0 {
		var err error
		if sessions, lines, err = onlyLinks(sessions, lines, opt.Only, timeline.Name); err != nil {
			return nil, nil, err
		}
	}
	// The template tells the move day, from which trips go to the
	// long-term family (plan.MoveDates).
	tmpl := template(sc, nil, &ps)
	if err := ps.Err(); err != nil {
		return nil, nil, err
	}
	links := costLinks(sc, tmpl, sessions, lines, timeline.Name, timeline.Data, &ps)
	if err := ps.Err(); err != nil {
		return nil, nil, err
	}
	if opt.CurrentLinks {
		addCurrentLinks(links, sc)
	}
	return &CostInput{Rates: rates, Sessions: sessions, Lines: lines, Links: links, file: timeline.Name, payments: sc.Payments}, warnings, nil
}

// maxCostProblems caps how many unpriceable sessions are listed one by one;
// a child past every age band fails every session of the link.
const maxCostProblems = 50

// pricingProblems turns the sessions cost.Price could not price into input
// problems at their lines of the timeline file (the first maxCostProblems
// of them), each saying what would let it be priced: an
// *input.InvalidError.
func pricingProblems(file string, lines []int, ce *cost.PricingError) error {
	var ps input.Problems
	for i, se := range ce.Sessions {
		if i == maxCostProblems {
			ps.Fail(costKind(ce.Sessions[i].Err), file, 0, 0, "", "", "and %d more sessions that cannot be priced", len(ce.Sessions)-i)
			break
		}
		col := "kind"
		if errors.Is(se, cost.ErrNoLinkInfo) || errors.Is(se, cost.ErrLinkMismatch) {
			col = "link_id"
		}
		ps.Fail(costKind(se.Err), file, lines[se.Index], 0, col, costHint(se.Err), "link %s, %s on %s: %v", se.Session.LinkID, se.Session.Kind, se.Session.Date, se.Err)
	}
	return ps.Err()
}

// costKind is the kind of input problem a session that cannot be priced
// is: a link the scenario does not know, or rates that do not cover it.
func costKind(err error) input.Kind {
	if errors.Is(err, cost.ErrNoLinkInfo) || errors.Is(err, cost.ErrLinkMismatch) {
		return input.ErrUnknownName
	}
	return input.ErrConflict
}

func costHint(err error) string {
	switch {
	case errors.Is(err, cost.ErrNoRatesInForce):
		return "add the rates table in force on that date to the rates file, or price a later period"
	case errors.Is(err, cost.ErrAgeOutsideBands):
		return "add an age band for this age to the rates file, or check the child's date of birth"
	case errors.Is(err, cost.ErrNoRateForUnit):
		return "add a rate for this kind of session and tier to the rates file"
	case errors.Is(err, cost.ErrNoLinkInfo), errors.Is(err, cost.ErrLinkMismatch):
		return "use the ids from children.csv and carers.csv"
	}
	return ""
}

// readActuals reads the timeline as lived (plan --actuals) into ps,
// checked against the scenario's children and carers, the links being
// planned and from, the day the plan starts from.
func readActuals(sc *scenarios.Scenario, links []plan.PlanInput, actuals Source, from linkmatch.Date, ps *input.Problems) *plan.Recorded {
	children, carers := map[string]bool{}, map[string]bool{}
	for i := range sc.Children {
		children[sc.Children[i].ID] = true
	}
	for i := range sc.Carers {
		carers[sc.Carers[i].ID] = true
	}
	chk := plan.ActualsCheck{AsOf: from, Child: func(id string) bool { return children[id] }, Carer: func(id string) bool { return carers[id] }}
	for i := range links {
		chk.Links = append(chk.Links, links[i].Link)
	}
	return plan.ReadActuals(actuals.Data, actuals.Name, chk, ps)
}

// readProgress reads the reviews' decisions (plan --progress) into ps,
// checked against the template, from and the links being planned; each
// decision's place in the file comes with it.
func readProgress(prep *Prepared, links []plan.PlanInput, progress Source, from linkmatch.Date, ps *input.Problems) ([]plan.Decision, []plan.Place) {
	known := map[string]bool{}
	for _, l := range links {
		known[l.Link.ID] = true
	}
	chk := plan.ProgressCheck{Template: prep.Template, AsOf: from, Known: func(id string) bool { return known[id] }}
	return plan.ParseProgress(progress.Data, progress.Name, chk, ps)
}

// PlanDays are the days a plan of sc runs from: start, the plan's first
// day (the scenario's [plan] start, or linkStart, the first day of new
// links, when that is earlier), and from, the day it is planned from (asOf
// when re-planning, else start). Zero linkStart and asOf are not given.
func PlanDays(sc *scenarios.Scenario, linkStart, asOf linkmatch.Date) (start, from linkmatch.Date) {
	start = min(sc.Plan.Start, cmp.Or(linkStart, sc.Plan.Start))
	return start, cmp.Or(asOf, start)
}

// PlanSources are the files a plan of a link file reads besides the
// scenario: Template (nil: the scenario's), the links, and for a re-plan
// the timeline as lived and the reviews' decisions (nil when not given).
type PlanSources struct {
	Template          *Source
	Matches           Source
	Actuals, Progress *Source
}

// PlanJob is a link file's plan made ready: what PreparePlan prepares,
// with the timeline as lived and the reviews' decisions read.
type PlanJob struct {
	Prep      *Prepared
	Links     []plan.PlanInput
	Recorded  *plan.Recorded // nil without a timeline as lived
	Decisions []plan.Decision
	progress  string       // progress.csv's name, for its problems
	places    []plan.Place // where each decision is in progress.csv
}

// PreparePlanJob reads src for planning from from, the day the plan starts
// from (PreparePlan), then the timeline as lived and the reviews'
// decisions, checked against the links; every problem of the last two is
// reported together. The warnings are the command's to log.
func PreparePlanJob(sc *scenarios.Scenario, src PlanSources, from linkmatch.Date) (*PlanJob, []input.Problem, error) {
	prep, links, warnings, err := PreparePlan(sc, src.Template, src.Matches, from)
	if err != nil {
		return nil, nil, err
	}
	j := &PlanJob{Prep: prep, Links: links}
	var ps input.Problems
	if src.Actuals != nil {
		j.Recorded = readActuals(sc, links, *src.Actuals, from, &ps)
	}
	if src.Progress != nil {
		j.progress = src.Progress.Name
		j.Decisions, j.places = readProgress(prep, links, *src.Progress, from, &ps)
	}
	if err := ps.Err(); err != nil {
		return nil, nil, err
	}
	return j, append(warnings, ps.Warnings()...), nil
}

// Plan plans the job's links (Plan) with opt's dates, extensions and
// endings, and the job's decisions and sessions as lived; a short-breaks
// plan comes with its written agreements (Agreements). A decision that
// cannot apply is a problem at its place in progress.csv.
func (j *PlanJob) Plan(ctx context.Context, opt plan.Options) (*Planned, []plan.Agreement, error) {
	opt.Decisions = j.Decisions
	if j.Recorded != nil {
		opt.Actuals = j.Recorded.Sessions
	}
	planned, err := Plan(ctx, j.Prep, j.Links, opt)
	var de *plan.DecisionError
	if errors.As(err, &de) && de.Index < len(j.places) {
		var ps input.Problems
		pl := j.places[de.Index]
		ps.Fail(input.ErrConflict, j.progress, pl.Line, pl.Columns[de.Column], de.Column, de.Hint, "%s", de.Problem)
		return nil, nil, ps.Err()
	}
	if err != nil || j.Prep.Template.Scheme != linkmatch.SchemeShortBreaks {
		return planned, nil, err
	}
	agreements, err := Agreements(j.Prep, planned)
	return planned, agreements, err
}

// PairsProblem builds the problem of pairs a person scored ("match --pairs
// pairs.csv --carers carers.csv": match.ReadPairsProblem) into ps, and
// pins the links of pinned (nil: none). When ps already holds an error
// (a file could not be read), nothing is parsed.
func PairsProblem(pairs, carers Source, pinned *Source, ps *input.Problems) (*match.Problem, Pins, error) {
	var p *match.Problem
	if ps.ErrorCount() == 0 {
		p = match.ReadPairsProblem(pairs.Data, pairs.Name, carers.Data, carers.Name, ps)
	}
	if err := ps.Err(); err != nil {
		return nil, Pins{}, err
	}
	pins, err := ReadPins(nil, pinned)
	if err != nil {
		return nil, Pins{}, err
	}
	return p, pins, Pin(p, pins)
}

// BordersOnly picks the scenario warnings about councils (a carer with no
// authority, a home authority not in the boundaries): they matter to
// matching's border score, not to what links cost, so costing a timeline
// need not show them.
func BordersOnly(p input.Problem) bool {
	return p.ColumnName == "authority" || p.ColumnName == "home_authority"
}
