package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"path/filepath"
	"strings"

	"github.com/linkmatch/linkmatch"
	"github.com/linkmatch/linkmatch/cost"
	"github.com/linkmatch/linkmatch/internal/inputfile"
	"github.com/linkmatch/linkmatch/internal/table"
	"github.com/linkmatch/linkmatch/plan"
	"github.com/linkmatch/linkmatch/scenarios"
)

func costCommand() command {
	return command{
		name:    "cost",
		args:    "SCENARIO --timeline timeline.csv --from DATE --to DATE --out costs.csv [--summary summary.csv]",
		summary: "itemised payments to carers for a timeline",
		help: `Prices every session in a timeline (as written by "linkmatch plan") that falls
between --from and --to, both dates included, and writes one row per payment:
the weekly retainer for each linked child (part weeks pro rata by day), each
half day, full day, day and a half (paid as a full day plus a half day) and
overnight at the rate in force on the day for the carer's tier and the
child's age that day, and the carer's mileage for each round trip.

The rates come from the scenario's rates file; the retainer and the mileage
rate from scenario.toml [payments]. Every row says which rate line, age band
and rule it used. --summary adds totals per link and for all links by week
and by month.

A session with no rate (no rates in force on its date, a child older or
younger than every age band, no overnight rate) is reported with its
timeline line, and nothing is written.`,
		setup: func(fs *flag.FlagSet) runFunc {
			var o costOptions
			fs.StringVar(&o.timeline, "timeline", "", "the timeline to price (timeline.csv from \"linkmatch plan\")")
			fs.StringVar(&o.from, "from", "", "first day to price, YYYY-MM-DD")
			fs.StringVar(&o.to, "to", "", "last day to price, YYYY-MM-DD (included)")
			fs.StringVar(&o.out, "out", "", "where to write the itemised costs (costs.csv; - for standard output)")
			fs.StringVar(&o.summary, "summary", "", "also write totals by link, week and month to this file")
			return func(ctx context.Context, e *env, args []string) error { return runCost(ctx, e, args, o) }
		},
	}
}

type costOptions struct {
	timeline, from, to, out, summary string
}

// maxCostProblems caps how many unpriceable sessions are listed one by one;
// a child past every age band fails every session of the link.
const maxCostProblems = 50

func runCost(ctx context.Context, e *env, args []string, o costOptions) error {
	if err := oneScenario(args); err != nil {
		return err
	}
	switch {
	case o.timeline == "":
		return usagef("--timeline is required: the timeline.csv to price")
	case o.out == "":
		return usagef("--out is required: where to write costs.csv (- for standard output)")
	case o.from == "" || o.to == "":
		return usagef("--from and --to are required: the first and last days to price, as YYYY-MM-DD")
	}
	from, err := linkmatch.ParseDate(o.from)
	if err != nil {
		return usagef("--from: %v", err)
	}
	to, err := linkmatch.ParseDate(o.to)
	if err != nil {
		return usagef("--to: %v", err)
	}
	if to < from {
		return usagef("--to %s is before --from %s", to, from)
	}
	outs := files{}.add(o.out, "--out").add(o.summary, "--summary")
	ins := files{}.add(o.timeline, "--timeline")
	if err := checkOutputs(outs, ins); err != nil {
		return err
	}

	s, err := loadScenario(e, args[0])
	if err != nil {
		return err
	}
	if err := checkOutputs(outs, ins.withScenario(s)); err != nil {
		return err
	}
	rates, err := scenarioRates(s)
	if err != nil {
		return err
	}
	var ps table.Problems
	sessions, lines := readTimelineFile(o.timeline, e.limits, &ps)
	if err := ps.Err(); err != nil {
		return err
	}
	for _, p := range ps.Warnings() {
		logProblem(e, p)
	}
	ps.List = ps.List[:0]
	tmpl, _, err := planSetup(s, "")
	if err != nil {
		return err
	}
	links := costLinks(s, tmpl, sessions, lines, o.timeline, &ps)
	if err := ps.Err(); err != nil {
		return err
	}
	e.log.Debug().Int("sessions", len(sessions)).Int("links", len(links)).Int("rates", rates.Len()).Msg("pricing the timeline")

	res, err := cost.Price(ctx, sessions, links, rates, s.Payments, from, to)
	var ce *cost.PricingError
	if errors.As(err, &ce) {
		unpriced(&ps, o.timeline, lines, ce)
		return ps.Err()
	}
	if err != nil {
		return err
	}

	b := e.batch()
	if err := b.Write(o.out, func(w io.Writer) error { return cost.WriteCosts(w, res) }); err != nil {
		return err
	}
	if o.summary != "" {
		if err := b.Write(o.summary, func(w io.Writer) error { return cost.WriteSummary(w, res.Summary) }); err != nil {
			return err
		}
	}
	if err := b.Commit(); err != nil {
		return err
	}
	if len(res.Unpriced) > 0 {
		fmt.Fprintln(e.stdout, unpricedStayingPut(res.Unpriced))
	}
	e.log.Info().Int("links", len(res.Links)).Int("rows", len(res.Rows)).
		Str("total_gbp", res.Total.String()).Str("retainer_gbp", res.Retainer.String()).
		Str("sessions_gbp", res.Sessions.String()).Str("mileage_gbp", res.Mileage.String()).
		Str("from", from.String()).Str("to", to.String()).Msg("costs written")
	return nil
}

// scenarioRates builds the scenario's rate table. Explanations name the
// rates file as scenario.toml does.
func scenarioRates(s *scenarios.Scenario) (*cost.RateTable, error) {
	if len(s.Rates) == 0 {
		var ps table.Problems
		ps.Errorf(s.Path, 0, 0, "rates", "add rates = \"rates.csv\" to scenario.toml, with the council's rates (see INTERFACE.md)", "the scenario has no rates, so nothing can be priced")
		return nil, ps.Err()
	}
	ratesFile := s.Files.Rates
	if rel, err := filepath.Rel(s.Dir, ratesFile); err == nil && !strings.HasPrefix(rel, "..") {
		ratesFile = rel
	}
	return cost.NewRateTable(ratesFile, s.Rates)
}

// unpriced reports each session Price could not price at its timeline line
// (the first maxCostProblems of them).
func unpriced(ps *table.Problems, file string, lines []int, ce *cost.PricingError) {
	for i, se := range ce.Sessions {
		if i == maxCostProblems {
			ps.Errorf(file, 0, 0, "", "", "and %d more sessions that cannot be priced", len(ce.Sessions)-i)
			return
		}
		col := "kind"
		if errors.Is(se, cost.ErrNoLinkInfo) || errors.Is(se, cost.ErrLinkMismatch) {
			col = "link_id"
		}
		ps.Errorf(file, lines[se.Index], 0, col, costHint(se.Err), "link %s, %s on %s: %v", se.Session.LinkID, se.Session.Kind, se.Session.Date, se.Err)
	}
}

// readTimelineFile reads the timeline.csv given to --timeline, returning its
// sessions and the file line of each; problems go to ps.
func readTimelineFile(path string, lim inputfile.Limits, ps *table.Problems) ([]linkmatch.Session, []int) {
	data, err := inputfile.Read(path, inputfile.CSV, lim)
	if inputfile.Problem(ps, path, err, "check the path given to --timeline") {
		return nil, nil
	}
	return plan.ParseTimeline(data, path, ps)
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

// linkInfo is what costing needs to know of one link: the child's date of
// birth (for the age band), the carer's tier and the one-way road miles to
// the residential home (scenarios.Scenario.Trip, which knows the scenario's
// travel times) and, from the move on, to the long-term family
// (scenarios.Scenario.MoveTrip; unknown when children.csv does not locate
// it: then no mileage is counted after the move, rather than the home's).
func linkInfo(sc *scenarios.Scenario, child *linkmatch.Child, carer *linkmatch.Carer, move linkmatch.Date) cost.LinkInfo {
	info := cost.LinkInfo{
		ChildID: child.ID, CarerID: carer.ID,
		DateOfBirth: child.DateOfBirth, Tier: carer.Tier,
		MilesOneWay: sc.Trip(child, carer).RoadMiles,
		MoveDate:    move,
	}
	if trip, ok := sc.MoveTrip(child, carer); ok {
		info.MoveKnown, info.MilesAfterMove = true, trip.RoadMiles
	}
	return info
}

// costLinks gathers, for every link in the timeline, the child's date of
// birth, the carer's tier and the one-way road miles between the carer's home
// and the child's home (scenarios.Scenario.Trip: the scenario's travel
// times when they know the pair, else great-circle distance × the
// scenario's circuity, default 1.3). A child or carer missing from the
// scenario is a problem at the timeline line that names it.
func costLinks(s *scenarios.Scenario, tmpl *plan.Template, sessions []linkmatch.Session, lines []int, file string, ps *table.Problems) map[string]cost.LinkInfo {
	children, carers := s.ChildrenByID(), s.CarersByID()
	moves := plan.MoveDates(tmpl, sessions)
	links := map[string]cost.LinkInfo{}
	reported := map[string]bool{}
	for i := range sessions {
		se := &sessions[i]
		if _, done := links[se.LinkID]; done || reported[se.LinkID] {
			continue
		}
		child, okChild := children[se.ChildID]
		carer, okCarer := carers[se.CarerID]
		if !okChild {
			ps.Errorf(file, lines[i], 0, "child_id", "use a child id from the scenario's children file", "child %q is not in the scenario", se.ChildID)
		}
		if !okCarer {
			ps.Errorf(file, lines[i], 0, "carer_id", "use a carer id from the scenario's carers file", "carer %q is not in the scenario", se.CarerID)
		}
		if !okChild || !okCarer {
			reported[se.LinkID] = true
			continue
		}
		links[se.LinkID] = linkInfo(s, child, carer, moves[se.LinkID])
	}
	return links
}

// unpricedStayingPut says which weeks of Staying Put had no rate: they are
// left out of the costs, not a failure.
func unpricedStayingPut(u []*cost.SessionError) string {
	return fmt.Sprintf("staying put: %d weeks not priced (the first: %v); add staying_put_week rows to the rates file to price them", len(u), u[0])
}
