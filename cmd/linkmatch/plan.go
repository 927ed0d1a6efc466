package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"path/filepath"
	"strconv"
	"strings"
	"time"
	_ "time/tzdata" // Europe/London for --ics on machines without a zone database

	"github.com/linkmatch/linkmatch"
	"github.com/linkmatch/linkmatch/input"
	"github.com/linkmatch/linkmatch/internal/inputfile"
	"github.com/linkmatch/linkmatch/internal/output"
	"github.com/linkmatch/linkmatch/internal/pipeline"
	"github.com/linkmatch/linkmatch/plan"
	"github.com/linkmatch/linkmatch/scenarios"
)

func planCommand() command {
	return command{
		name:    "plan",
		args:    "SCENARIO --matches matches.csv --out timeline.csv [--ics timeline.ics] [--extend STAGE=WEEKS]... [--as-of DATE] [--end LINK_ID=DATE]...",
		summary: "a dated schedule for each link (step-down, or short breaks with written agreements)",
		help: `Turns each link in matches.csv (child_id, carer_id; as written by
"linkmatch match") into a dated plan in stages: Introductions, Building,
Developing, Preparing, the Move to the long-term foster carer, and Sustain.
Each stage's sessions fall on days and times the carer is free, after school
in term time, never in the child's weekly link-worker session, and never
double-booking a carer with several linked children or using more bedrooms
than the carer has. Looked-after reviews, a review before the move and the
social worker's visits follow the Care Planning, Placement and Case Review
(England) Regulations 2010. The plan starts on scenario.toml's [plan] start.

Stage lengths depend on the child's complexity and age, as set in the stage
template; the built-in template is used unless scenario.toml names one
(template = "template.toml") or --template does. School terms and bank
holidays come from scenario.toml's terms and bank_holidays files, else
built-in approximate English terms and the England and Wales bank holidays.

After a review, re-plan from a date: --as-of DATE keeps every row before
DATE exactly as it was, --extend STAGE=WEEKS lengthens a stage, and
--end LINK_ID=DATE ends a link (a placement support meeting, 28 days'
notice, nothing after DATE). Link ids are L-<child id>-<carer id>.

Professional meetings (stage-gate reviews, looked-after reviews, support
meetings) are on working days in working hours. Siblings linked to the same
carer share their Introductions, move on the same day and share sessions.
A child who turns 18 during the plan leaves care on the 18th birthday and the
plan ends there, unless children.csv says staying_put = yes.

Writes timeline.csv, plan_warnings.csv beside it (every stage left short of
sessions and every long gap in contact, with the reason; --warnings moves it)
and, with --ics, the same rows as an iCalendar file; all or none. Prints a
one-line summary of the warnings.

For a short-breaks scenario (scheme = "short_breaks", Family Link) each
link is planned as Introductions (meeting the child and family at home, a
first short visit, then longer ones; never an overnight) and then its
written agreement month by month: the breaks in matches.csv's breaks
column (or all of the child's), within what the carer offers a week and a
month, reviewed and visited as regulation 48 of the 2010 Regulations sets,
and warned of when breaks with one carer pass 75 days in 12 months. It also
writes agreements.csv and one printable agreement-LINK.html per link into
--agreements (default: beside the warnings).`,
		setup: func(fs *flag.FlagSet) runFunc {
			o := planOptions{extend: map[string]int{}, ends: map[string]linkmatch.Date{}}
			fs.StringVar(&o.matches, "matches", "", "the links to plan (matches.csv: child_id, carer_id)")
			fs.StringVar(&o.out, "out", "", "where to write the timeline (timeline.csv; - for standard output, with --warnings)")
			fs.StringVar(&o.ics, "ics", "", "also write the timeline as an iCalendar file")
			fs.StringVar(&o.warnings, "warnings", "", "where to write the plan's warnings (default: plan_warnings.csv beside the timeline)")
			fs.StringVar(&o.template, "template", "", "a stage template (TOML) instead of the scenario's or the built-in one")
			fs.StringVar(&o.asOf, "as-of", "", "re-plan from this date, keeping every row before it (YYYY-MM-DD)")
			fs.StringVar(&o.agreements, "agreements", "", "short breaks: the folder for agreements.csv and each link's agreement-LINK.html (default: beside the warnings)")
			fs.Func("extend", "add weeks to a stage, as STAGE=WEEKS (repeatable)", func(v string) error {
				name, weeks, ok := strings.Cut(v, "=")
				n, err := strconv.Atoi(strings.TrimSpace(weeks))
				if !ok || err != nil || n < 0 || strings.TrimSpace(name) == "" {
					return fmt.Errorf("%q: write STAGE=WEEKS, for example Developing=3", v)
				}
				o.extend[strings.TrimSpace(name)] += n
				return nil
			})
			fs.Func("end", "end a link on a date, as LINK_ID=YYYY-MM-DD (repeatable)", func(v string) error {
				id, date, ok := strings.Cut(v, "=")
				d, err := linkmatch.ParseDate(strings.TrimSpace(date))
				if !ok || err != nil || strings.TrimSpace(id) == "" {
					return fmt.Errorf("%q: write LINK_ID=YYYY-MM-DD, for example L-C001-K004=2027-06-30", v)
				}
				o.ends[strings.TrimSpace(id)] = d
				return nil
			})
			return func(ctx context.Context, e *env, args []string) error { return runPlan(ctx, e, args, o) }
		},
	}
}

type planOptions struct {
	matches, out, ics, template, asOf, warnings, agreements string
	extend                                                  map[string]int
	ends                                                    map[string]linkmatch.Date
}

func runPlan(ctx context.Context, e *env, args []string, o planOptions) error {
	if err := oneScenario(args); err != nil {
		return err
	}
	switch {
	case o.matches == "":
		return usagef("--matches is required: the links to plan (matches.csv)")
	case o.out == "":
		return usagef("--out is required: where to write timeline.csv (- for standard output)")
	}
	if o.warnings == "" {
		if o.out == output.Stdout {
			return usagef("with --out -, say where the plan's warnings go with --warnings FILE")
		}
		o.warnings = filepath.Join(filepath.Dir(o.out), "plan_warnings.csv")
	}
	outs := files{}.add(o.out, "--out").add(o.ics, "--ics").add(o.warnings, "--warnings")
	ins := files{}.add(o.matches, "--matches").add(o.template, "--template")
	if err := checkOutputs(outs, ins); err != nil {
		return err
	}
	var asOf linkmatch.Date
	if o.asOf != "" {
		d, err := linkmatch.ParseDate(o.asOf)
		if err != nil {
			return usagef("--as-of: %v", err)
		}
		asOf = d
	}
	started := time.Now()
	s, err := loadScenario(e, args[0])
	if err != nil {
		return err
	}
	if err := checkOutputs(outs, ins.withScenario(s)); err != nil {
		return err
	}
	prep, links, err := planInputs(e, s, o)
	if err != nil {
		return err
	}
	planned, err := pipeline.Plan(ctx, prep, links, plan.Options{AsOf: asOf, Extend: o.extend, Ends: o.ends})
	if err != nil {
		return inputErr(err)
	}
	var agreements []plan.Agreement
	if prep.Template.Scheme == linkmatch.SchemeShortBreaks {
		if agreements, err = pipeline.Agreements(prep, planned); err != nil {
			return err
		}
	}
	if err := writePlan(e, o, s, planned.Result, agreements); err != nil {
		return err
	}
	summary := plan.SummariseWarnings(planned.Result.Warnings)
	if o.out == output.Stdout || o.ics == output.Stdout || o.warnings == output.Stdout {
		// Standard output holds a file: the summary goes to the log.
		e.log.Info().Msg("plan warnings: " + summary)
	} else {
		fmt.Fprintf(e.stdout, "plan warnings: %s\n", summary)
	}
	e.log.Info().Int("links", len(links)).Int("rows", len(planned.Result.Sessions)).Str("template", prep.Template.Name).
		Str("start", s.Plan.Start.String()).Dur("took", time.Since(started)).Msg("timeline written")
	return nil
}

// planInputs reads what planning needs beyond the scenario: the links of
// --matches, and the stage template of --template (else the scenario's)
// with the calendar; every problem in any of them is reported together.
func planInputs(e *env, s *scenarios.Scenario, o planOptions) (*pipeline.Prepared, []plan.PlanInput, error) {
	var ps input.Problems
	matches, _ := readFlagFile(e, o.matches, "matches", inputfile.CSV, &ps)
	var template *pipeline.Source
	if o.template != "" {
		data, _ := readFlagFile(e, o.template, "template", inputfile.TOML, &ps)
		template = &pipeline.Source{Name: o.template, Data: data}
	}
	if err := ps.Err(); err != nil {
		return nil, nil, err
	}
	prep, links, warnings, err := pipeline.PreparePlan(s, template, pipeline.Source{Name: o.matches, Data: matches})
	if err != nil {
		return nil, nil, err
	}
	for _, p := range warnings {
		logProblem(e, p)
	}
	return prep, links, nil
}

// writePlan writes the timeline, the warnings, with --ics the iCalendar
// file and, for short breaks, the written agreements: all or none.
func writePlan(e *env, o planOptions, s *scenarios.Scenario, res *plan.Result, agreements []plan.Agreement) error {
	b := e.batch()
	defer b.Abort()
	if err := b.Write(o.out, func(w io.Writer) error { return plan.WriteTimeline(w, res.Sessions) }); err != nil {
		return err
	}
	if err := b.Write(o.warnings, func(w io.Writer) error { return plan.WriteWarnings(w, res.Warnings) }); err != nil {
		return err
	}
	if o.ics != "" {
		london, err := londonZone()
		if err != nil {
			return err
		}
		if err := b.Write(o.ics, func(w io.Writer) error { return plan.WriteICS(w, res.Sessions, london, s.Plan.Start) }); err != nil {
			return err
		}
	}
	if s.Scheme == linkmatch.SchemeShortBreaks {
		dir := o.agreements
		if dir == "" {
			dir = filepath.Dir(o.warnings) // --out may be standard output
		}
		for _, out := range agreementWriters(agreements, s.Name) {
			if err := b.Write(filepath.Join(dir, out.name), out.write); err != nil {
				return err
			}
		}
	}
	return b.Commit()
}
