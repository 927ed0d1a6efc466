package main

import (
	"bytes"
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
	"github.com/linkmatch/linkmatch/internal/output"
	"github.com/linkmatch/linkmatch/internal/table"
	"github.com/linkmatch/linkmatch/plan"
	"github.com/linkmatch/linkmatch/scenarios"
)

func costCommand() command {
	return command{
		name:    "cost",
		args:    "SCENARIO --timeline timeline.csv --from DATE --to DATE --out costs.csv [--summary F] [--statements F] [--pay-periods-from DATE] [--include-current-links] [--link ID]",
		summary: "itemised payments to carers for a timeline, with totals by week, month, pay period and financial year",
		help: `Prices every session in a timeline (as written by "linkmatch plan", or by
hand) that falls between --from and --to, both dates included, and writes one
row per payment: the weekly retainer for each linked child, each half day,
full day, day and a half (paid as a full day plus a half day) and overnight
at the rate in force on the day for the carer's tier and the child's age
that day, and the carer's mileage for each round trip.

The retainer is paid for every day a link is active: from its first row in
the timeline until it ends. A link ends on a milestone whose activity is
"the link ends", 28 days after one whose activity is "notice that the link
will end", or the day before the child's 18th birthday ("18th birthday:
leaving care / Staying Put decision") unless children.csv says staying_put
= yes. These are the words "linkmatch plan" writes; a hand-written timeline
uses the same words, in the activity column or, without it, in the notes.
A link nothing ends is ongoing ("end of the planned period: the link carries
on"): its retainer runs to --to, and the summary says so.

Nothing is paid for a child aged 18 or over unless they are Staying Put.
The retainer is paid per child, so it stops at 18; a young person's
Staying Put time (kind staying_put) is paid one staying_put_week for each
week with any, when the rates file gives that rate, and is listed as not
costed (not an error) when it does not.

The rates come from the scenario's rates file; the retainer, the mileage
rate and how overnights are paid from scenario.toml [payments]. Every row
says which rate line, age band and rule it used.

--summary writes totals for all links, each carer and each link by ISO week,
calendar month, 4-weekly pay period and financial year (1 April to 31
March), with the links active, the cost per link-week, the running total and
notes (links starting and ending, weeks without sessions, periods after every
link has ended). A retainer week spanning two months or years is split by
day. --statements writes each carer's payments per pay period. Pay periods
run 28 days from --pay-periods-from (default --from).

--include-current-links adds each carer's current_links (children already
linked outside this scenario's plans) at the retainer for the whole period.
--link costs only the named link (repeat it, or separate ids with commas):
what one more link adds.

A session with no rate (no rates in force on its date, a child older or
younger than every age band, no overnight rate) is reported with its
timeline line, and nothing is written.`,
		setup: func(fs *flag.FlagSet) runFunc {
			var o costOptions
			fs.StringVar(&o.timeline, "timeline", "", "the timeline to price (timeline.csv from \"linkmatch plan\")")
			fs.StringVar(&o.from, "from", "", "first day to price, YYYY-MM-DD")
			fs.StringVar(&o.to, "to", "", "last day to price, YYYY-MM-DD (included)")
			fs.StringVar(&o.out, "out", "", "where to write the itemised costs (costs.csv; - for standard output)")
			fs.StringVar(&o.summary, "summary", "", "also write totals for all links, each carer and each link by week, month, pay period and financial year to this file")
			fs.StringVar(&o.statements, "statements", "", "also write each carer's payments per 4-weekly pay period to this file (carer_statements.csv)")
			fs.StringVar(&o.payFrom, "pay-periods-from", "", "the first day of any 4-weekly pay period, YYYY-MM-DD (default --from)")
			fs.BoolVar(&o.current, "include-current-links", false, "also cost carers' current_links (links outside this scenario's plans) at the retainer")
			fs.Func("link", "cost only this link id (repeat, or separate with commas)", func(v string) error {
				for _, id := range strings.Split(v, ",") {
					if id = strings.TrimSpace(id); id != "" {
						o.links = append(o.links, id)
					}
				}
				return nil
			})
			return func(ctx context.Context, e *env, args []string) error { return runCost(ctx, e, args, o) }
		},
	}
}

type costOptions struct {
	timeline, from, to, out, summary, statements, payFrom string
	current                                               bool
	links                                                 []string
}

// maxCostProblems caps how many unpriceable sessions are listed one by one;
// a child past every age band fails every session of the link.
const maxCostProblems = 50

// costPeriod reads --from, --to and --pay-periods-from.
func costPeriod(o costOptions) (opts cost.Options, err error) {
	if o.from == "" || o.to == "" {
		return opts, usagef("--from and --to are required: the first and last days to price, as YYYY-MM-DD")
	}
	if opts.From, err = linkmatch.ParseDate(o.from); err != nil {
		return opts, usagef("--from: %v", err)
	}
	if opts.To, err = linkmatch.ParseDate(o.to); err != nil {
		return opts, usagef("--to: %v", err)
	}
	if opts.To < opts.From {
		return opts, usagef("--to %s is before --from %s", opts.To, opts.From)
	}
	if o.payFrom != "" {
		if opts.PayPeriodsFrom, err = linkmatch.ParseDate(o.payFrom); err != nil {
			return opts, usagef("--pay-periods-from: %v", err)
		}
	}
	return opts, nil
}

func runCost(ctx context.Context, e *env, args []string, o costOptions) error {
	if err := oneScenario(args); err != nil {
		return err
	}
	switch {
	case o.timeline == "":
		return usagef("--timeline is required: the timeline.csv to price")
	case o.out == "":
		return usagef("--out is required: where to write costs.csv (- for standard output)")
	}
	opts, err := costPeriod(o)
	if err != nil {
		return err
	}
	outs := files{}.add(o.out, "--out").add(o.summary, "--summary").add(o.statements, "--statements")
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
	opts.Payments = s.Payments
	sessions, links, lines, err := costInputs(e, s, o)
	if err != nil {
		return err
	}
	e.log.Debug().Int("sessions", len(sessions)).Int("links", len(links)).Int("rates", rates.Len()).Msg("pricing the timeline")

	res, err := cost.Price(ctx, sessions, links, rates, opts)
	var ce *cost.PricingError
	if errors.As(err, &ce) {
		var ps table.Problems
		unpriced(&ps, o.timeline, lines, ce)
		return ps.Err()
	}
	if err != nil {
		return err
	}

	written, err := writeCosts(e, o, res)
	if err != nil {
		return err
	}
	e.log.Info().Int("links", len(res.Links)).Int("rows", len(res.Rows)).Int("findings", len(res.Findings)).
		Int("staying_put_weeks_unpriced", len(res.Unpriced)).
		Str("total_gbp", res.Total.String()).Str("retainer_gbp", res.Retainer.String()).
		Str("sessions_gbp", res.Sessions.String()).Str("mileage_gbp", res.Mileage.String()).
		Str("from", opts.From.String()).Str("to", opts.To.String()).Msg("costs written")
	if o.out == output.Stdout || o.summary == output.Stdout || o.statements == output.Stdout {
		// Standard output holds a file: the totals and findings go to the log.
		var buf bytes.Buffer
		printCosts(&buf, res, o.links, written)
		for _, line := range strings.Split(strings.TrimRight(buf.String(), "\n"), "\n") {
			e.log.Info().Msg(strings.TrimSpace(line))
		}
		return nil
	}
	printCosts(e.stdout, res, o.links, written)
	return nil
}

// writeCosts writes costs.csv and, when asked, the summary and the carers'
// statements, all or none; it returns the paths written.
func writeCosts(e *env, o costOptions, res *cost.Result) ([]string, error) {
	b := e.batch()
	outputs := []struct {
		path string
		fn   func(io.Writer) error
	}{
		{o.out, func(w io.Writer) error { return cost.WriteCosts(w, res) }},
		{o.summary, func(w io.Writer) error { return cost.WriteSummary(w, res.Summary) }},
		{o.statements, func(w io.Writer) error { return cost.WriteStatements(w, res) }},
	}
	var written []string
	for _, f := range outputs {
		if f.path == "" {
			continue
		}
		if err := b.Write(f.path, f.fn); err != nil {
			b.Abort()
			return nil, err
		}
		written = append(written, f.path)
	}
	return written, b.Commit()
}

// costInputs reads the timeline and gathers what costing needs of each
// link: only the links of --link when given, and the carers' current links
// with --include-current-links. lines are the timeline lines of sessions.
func costInputs(e *env, s *scenarios.Scenario, o costOptions) ([]linkmatch.Session, map[string]cost.LinkInfo, []int, error) {
	var ps table.Problems
	sessions, lines := readTimelineFile(o.timeline, e.limits, &ps)
	if err := ps.Err(); err != nil {
		return nil, nil, nil, err
	}
	for _, p := range ps.Warnings() {
		logProblem(e, p)
	}
	ps.List = ps.List[:0]
	if len(o.links) > 0 {
		var err error
		if sessions, lines, err = onlyLinks(sessions, lines, o.links, o.timeline); err != nil {
			return nil, nil, nil, err
		}
	}
	// The template tells the move day, from which trips go to the
	// long-term family (plan.MoveDates).
	tmpl, _, err := planSetup(s, "")
	if err != nil {
		return nil, nil, nil, err
	}
	links := costLinks(s, tmpl, sessions, lines, o.timeline, &ps)
	if err := ps.Err(); err != nil {
		return nil, nil, nil, err
	}
	if o.current {
		addCurrentLinks(links, s)
	}
	return sessions, links, lines, nil
}

// onlyLinks keeps the sessions of the links named by --link; a name with no
// session in the timeline is a usage error.
func onlyLinks(sessions []linkmatch.Session, lines []int, ids []string, file string) ([]linkmatch.Session, []int, error) {
	want := map[string]bool{}
	for _, id := range ids {
		want[id] = false
	}
	var keep []linkmatch.Session
	var keepLines []int
	for i := range sessions {
		if _, ok := want[sessions[i].LinkID]; ok {
			want[sessions[i].LinkID] = true
			keep = append(keep, sessions[i])
			keepLines = append(keepLines, lines[i])
		}
	}
	for _, id := range ids {
		if !want[id] {
			return nil, nil, usagef("--link %s: %s has no rows for that link; use a link_id from the timeline", id, file)
		}
	}
	return keep, keepLines, nil
}

// addCurrentLinks adds each carer's current_links, the children they are
// already linked with outside this scenario's plans, as existing links
// ("K003-existing-1"), costed at the retainer alone.
func addCurrentLinks(links map[string]cost.LinkInfo, s *scenarios.Scenario) {
	for i := range s.Carers {
		k := &s.Carers[i]
		for n := 1; n <= k.CurrentLinks; n++ {
			links[fmt.Sprintf("%s-existing-%d", k.ID, n)] = cost.LinkInfo{CarerID: k.ID, Tier: k.Tier, Existing: true}
		}
	}
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
// birth (for the age band and the 18th birthday), whether the young
// person is Staying Put after 18 (children.csv staying_put: the link then
// continues, its Staying Put time paid by the week), the carer's tier, and
// the one-way road miles to the residential home (scenarios.Scenario.Trip,
// which knows the scenario's travel times) and, from the move on, to the
// long-term family (scenarios.Scenario.MoveTrip; unknown when children.csv
// does not locate it: then no mileage is counted after the move, rather
// than the home's).
func linkInfo(sc *scenarios.Scenario, child *linkmatch.Child, carer *linkmatch.Carer, move linkmatch.Date) cost.LinkInfo {
	info := cost.LinkInfo{
		ChildID: child.ID, CarerID: carer.ID,
		DateOfBirth: child.DateOfBirth, Tier: carer.Tier,
		StayingPut:  child.StayingPut,
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
