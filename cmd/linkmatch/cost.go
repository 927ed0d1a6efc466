package main

import (
	"bytes"
	"context"
	"errors"
	"flag"
	"io"
	"strings"

	"github.com/linkmatch/linkmatch"
	"github.com/linkmatch/linkmatch/cost"
	"github.com/linkmatch/linkmatch/input"
	"github.com/linkmatch/linkmatch/internal/inputfile"
	"github.com/linkmatch/linkmatch/internal/output"
	"github.com/linkmatch/linkmatch/internal/pipeline"
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
	s, err := loadScenarioFor(e, args[0], bordersOnly)
	if err != nil {
		return err
	}
	if err := checkOutputs(outs, ins.withScenario(s)); err != nil {
		return err
	}
	in, err := costInput(e, s, o)
	if err != nil {
		return err
	}
	opts.Payments = s.Payments
	e.log.Debug().Int("sessions", len(in.Sessions)).Int("links", len(in.Links)).Int("rates", in.Rates.Len()).Msg("pricing the timeline")
	res, err := cost.Price(ctx, in.Sessions, in.Links, in.Rates, opts)
	var ce *cost.PricingError
	if errors.As(err, &ce) {
		return pipeline.PricingProblems(o.timeline, in.Lines, ce)
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

// costInput reads --timeline and prepares pricing it with the scenario:
// only the links of --link when given, and the carers' current links with
// --include-current-links.
func costInput(e *env, s *scenarios.Scenario, o costOptions) (*pipeline.CostInput, error) {
	var ps input.Problems
	data, ok := readFlagFile(e, o.timeline, "timeline", inputfile.CSV, &ps)
	if !ok {
		return nil, ps.Err()
	}
	in, warnings, err := pipeline.PrepareCost(s, pipeline.Source{Name: o.timeline, Data: data},
		pipeline.CostOptions{Only: o.links, CurrentLinks: o.current})
	var nr *pipeline.NoRowsError
	if errors.As(err, &nr) {
		return nil, usagef("--link %v", nr)
	}
	if err != nil {
		return nil, err
	}
	for _, p := range warnings {
		logProblem(e, p)
	}
	return in, nil
}

// bordersOnly picks the scenario warnings about councils (a carer with no
// authority, a home authority not in the boundaries): they matter to
// matching's border score, not to what links cost, so cost does not log
// them.
func bordersOnly(p input.Problem) bool {
	return p.ColumnName == "authority" || p.ColumnName == "home_authority"
}
