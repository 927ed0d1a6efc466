package main

import (
	"bytes"
	"context"
	"errors"
	"flag"
	"strings"

	"github.com/linkmatch/linkmatch"
	"github.com/linkmatch/linkmatch/cost"
	"github.com/linkmatch/linkmatch/input"
	"github.com/linkmatch/linkmatch/internal/inputfile"
	"github.com/linkmatch/linkmatch/internal/output"
	"github.com/linkmatch/linkmatch/internal/pipeline"
	"github.com/linkmatch/linkmatch/internal/runout"
	"github.com/linkmatch/linkmatch/scenarios"
)

func costCommand() command {
	return command{
		Name:    "cost",
		Args:    "SCENARIO --timeline timeline.csv --from DATE --to DATE --out costs.csv [--summary F] [--statements F] [--pay-periods-from DATE] [--include-current-links] [--link ID]",
		Summary: "itemised payments to carers for a timeline, with totals by week, month, pay period and financial year",
		Help:    helpText("cost"),
		Setup: func(fs *flag.FlagSet) runFunc {
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
			force := forceFlag(fs)
			return func(ctx context.Context, e *env, args []string) error {
				e.Force = *force
				return runCost(ctx, e, args, o)
			}
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
	outs := output.Paths{}.Add(o.out, "--out").Add(o.summary, "--summary").Add(o.statements, "--statements")
	ins := output.Paths{}.Add(o.timeline, "--timeline")
	if err := output.Check(outs, ins); err != nil {
		return err
	}
	s, err := loadScenarioFor(e, args[0], pipeline.BordersOnly)
	if err != nil {
		return err
	}
	if err := output.Check(outs, append(ins, runout.ScenarioPaths(s)...)); err != nil {
		return err
	}
	in, err := costInput(e, s, o)
	if err != nil {
		return err
	}
	e.Log.Debug().Int("sessions", len(in.Sessions)).Int("links", len(in.Links)).Int("rates", in.Rates.Len()).Msg("pricing the timeline")
	res, err := in.Price(ctx, opts)
	if err != nil {
		return err
	}
	written, err := runout.WriteCosts(e.Batch(), runout.CostFiles{Costs: o.out, Summary: o.summary, Statements: o.statements}, res)
	if err != nil {
		return err
	}
	e.Log.Info().Int("links", len(res.Links)).Int("rows", len(res.Rows)).Int("findings", len(res.Findings)).
		Int("staying_put_weeks_unpriced", len(res.Unpriced)).
		Str("total_gbp", res.Total.String()).Str("retainer_gbp", res.Retainer.String()).
		Str("sessions_gbp", res.Sessions.String()).Str("mileage_gbp", res.Mileage.String()).
		Str("from", opts.From.String()).Str("to", opts.To.String()).Msg("costs written")
	// Standard output may hold a file: the totals and findings then go to the log.
	var buf bytes.Buffer
	cost.PrintTotals(&buf, res, o.links, written)
	e.Say(o.out == output.Stdout || o.summary == output.Stdout || o.statements == output.Stdout, buf.String())
	return nil
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
