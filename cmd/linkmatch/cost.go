package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"

	"github.com/linkmatch/linkmatch"
	"github.com/linkmatch/linkmatch/cost"
	"github.com/linkmatch/linkmatch/input"
	"github.com/linkmatch/linkmatch/internal/inputfile"
	"github.com/linkmatch/linkmatch/internal/pipeline"
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
	in, err := costInput(e, s, o.timeline)
	if err != nil {
		return err
	}
	e.log.Debug().Int("sessions", len(in.Sessions)).Int("links", len(in.Links)).Int("rates", in.Rates.Len()).Msg("pricing the timeline")
	res, err := cost.Price(ctx, in.Sessions, in.Links, in.Rates, s.Payments, from, to)
	var ce *cost.PricingError
	if errors.As(err, &ce) {
		return pipeline.PricingProblems(o.timeline, in.Lines, ce)
	}
	if err != nil {
		return err
	}
	if err := writeCosts(e, o, res); err != nil {
		return err
	}
	if note := pipeline.UnpricedNote(res.Unpriced); note != "" {
		fmt.Fprintln(e.stdout, note)
	}
	e.log.Info().Int("links", len(res.Links)).Int("rows", len(res.Rows)).
		Str("total_gbp", res.Total.String()).Str("retainer_gbp", res.Retainer.String()).
		Str("sessions_gbp", res.Sessions.String()).Str("mileage_gbp", res.Mileage.String()).
		Str("from", from.String()).Str("to", to.String()).Msg("costs written")
	return nil
}

// costInput reads --timeline and prepares pricing it with the scenario.
func costInput(e *env, s *scenarios.Scenario, path string) (*pipeline.CostInput, error) {
	var ps input.Problems
	data, ok := readFlagFile(e, path, "timeline", inputfile.CSV, &ps)
	if !ok {
		return nil, ps.Err()
	}
	in, warnings, err := pipeline.PrepareCost(s, pipeline.Source{Name: path, Data: data})
	if err != nil {
		return nil, err
	}
	for _, p := range warnings {
		logProblem(e, p)
	}
	return in, nil
}

// writeCosts writes costs.csv and, with --summary, the summary: all or
// none.
func writeCosts(e *env, o costOptions, res *cost.Result) error {
	b := e.batch()
	defer b.Abort()
	if err := b.Write(o.out, func(w io.Writer) error { return cost.WriteCosts(w, res) }); err != nil {
		return err
	}
	if o.summary != "" {
		if err := b.Write(o.summary, func(w io.Writer) error { return cost.WriteSummary(w, res.Summary) }); err != nil {
			return err
		}
	}
	return b.Commit()
}
