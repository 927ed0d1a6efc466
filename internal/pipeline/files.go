package pipeline

import (
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
// the scenario. Problems are an *input.InvalidError.
func PreparePlan(sc *scenarios.Scenario, template *Source, matches Source) (*Prepared, []plan.PlanInput, []input.Problem, error) {
	var ps input.Problems
	p := &Prepared{Scenario: sc}
	p.Template, p.Calendar = planSetup(sc, template, &ps)
	rows := match.ReadLinks(matches.Data, matches.Name, &ps)
	links := LinksToPlan(sc, rows, matches.Name, &ps)
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
	// Links are what costing needs of each link (CostLinks).
	Links map[string]cost.LinkInfo
}

// PrepareCost prepares pricing a timeline file (plan.ParseTimeline) with a
// scenario's rates, payments and people. Problems are an
// *input.InvalidError: the scenario has no rates, the timeline is
// malformed, or it names a child or carer the scenario does not have.
func PrepareCost(sc *scenarios.Scenario, timeline Source) (*CostInput, []input.Problem, error) {
	rates, err := RateTable(sc)
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
	tmpl := template(sc, nil, &ps)
	if err := ps.Err(); err != nil {
		return nil, nil, err
	}
	links := CostLinks(sc, tmpl, sessions, lines, timeline.Name, &ps)
	if err := ps.Err(); err != nil {
		return nil, nil, err
	}
	return &CostInput{Rates: rates, Sessions: sessions, Lines: lines, Links: links}, warnings, nil
}
