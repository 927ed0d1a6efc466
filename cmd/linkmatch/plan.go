package main

import (
	"context"
	"errors"
	"flag"
	"io/fs"
	"os"
	"path/filepath"
	"time"
	_ "time/tzdata" // Europe/London for --ics on machines without a zone database

	"github.com/linkmatch/linkmatch"
	"github.com/linkmatch/linkmatch/input"
	"github.com/linkmatch/linkmatch/internal/inputfile"
	"github.com/linkmatch/linkmatch/internal/output"
	"github.com/linkmatch/linkmatch/internal/pipeline"
	"github.com/linkmatch/linkmatch/internal/runout"
	"github.com/linkmatch/linkmatch/plan"
	"github.com/linkmatch/linkmatch/scenarios"
)

func planCommand() command {
	return command{
		Name: "plan",
		Args: "SCENARIO --matches matches.csv --out timeline.csv [--ics timeline.ics] [--ics-dir DIR] [--start DATE]\n" +
			"       [--as-of DATE --actuals timeline.csv] [--progress progress.csv] [--extend [LINK:]STAGE=WEEKS]... [--end LINK_ID=DATE]...",
		Summary: "a dated schedule for each link (step-down, or short breaks with written agreements)",
		Help:    helpText("plan"),
		Setup: func(fs *flag.FlagSet) runFunc {
			o := planOptions{extend: map[string]int{}, ends: map[string]linkmatch.Date{}}
			fs.StringVar(&o.matches, "matches", "", "the links to plan (matches.csv: child_id, carer_id; optionally started, stage, stage_since)")
			fs.StringVar(&o.out, "out", "", "where to write the timeline (timeline.csv; - for standard output, with --warnings)")
			fs.StringVar(&o.ics, "ics", "", "also write the timeline as an iCalendar file (updating it if it exists)")
			fs.StringVar(&o.icsDir, "ics-dir", "", "also write one calendar per link and one per carer into this folder (updating those there)")
			fs.StringVar(&o.warnings, "warnings", "", "where to write the plan's warnings (default: plan_warnings.csv beside the timeline)")
			fs.StringVar(&o.changes, "changes", "", "where to write what a re-plan changed (default: changes.csv beside the timeline)")
			fs.StringVar(&o.template, "template", "", "a stage template (TOML) instead of the scenario's or the built-in one")
			fs.StringVar(&o.start, "start", "", "the first day of new links (YYYY-MM-DD; default the scenario's [plan] start)")
			fs.StringVar(&o.asOf, "as-of", "", "re-plan from this date, keeping every row before it (YYYY-MM-DD)")
			fs.StringVar(&o.actuals, "actuals", "", "the timeline as it was lived, with its status column (needs --as-of)")
			fs.StringVar(&o.progress, "progress", "", "reviews' decisions (progress.csv: link_id, date, stage, outcome, notes)")
			fs.StringVar(&o.carry, "carry-over", "", "also write the links still going on --carry-over-on as pinned.csv (started, stage, stage_since, stage_until), for next year's plan")
			fs.StringVar(&o.carryOn, "carry-over-on", "", "the day --carry-over describes (YYYY-MM-DD; default the day after the planning horizon)")
			fs.StringVar(&o.agreements, "agreements", "", "short breaks: the folder for agreements.csv and each link's agreement-LINK.html (default: beside the warnings)")
			fs.Func("extend", "add weeks to a stage: STAGE=WEEKS for every link, LINK:STAGE=WEEKS for one (repeatable)", func(v string) error {
				x, err := plan.ParseExtension(v)
				if x.LinkID == "" && err == nil {
					o.extend[x.Stage] += x.Weeks
				} else if err == nil {
					o.extendLink = append(o.extendLink, x)
				}
				return err
			})
			fs.Func("end", "end a link on a date, as LINK_ID=YYYY-MM-DD (repeatable)", func(v string) error {
				id, d, err := plan.ParseEnd(v)
				if err == nil {
					o.ends[id] = d
				}
				return err
			})
			return forced(fs, func(ctx context.Context, e *env, args []string) error { return runPlan(ctx, e, args, o) })
		},
	}
}

type planOptions struct {
	matches, out, ics, icsDir, template, start, asOf, warnings, changes, actuals, progress, carry, carryOn, agreements string
	carryDay                                                                                                           linkmatch.Date
	extend                                                                                                             map[string]int
	extendLink                                                                                                         []plan.Extension
	ends                                                                                                               map[string]linkmatch.Date
}

// dates reads --start and --as-of.
func (o *planOptions) dates() (start, asOf linkmatch.Date, err error) {
	for _, f := range []struct {
		flag, v string
		to      *linkmatch.Date
	}{{"--start", o.start, &start}, {"--as-of", o.asOf, &asOf}, {"--carry-over-on", o.carryOn, &o.carryDay}} {
		if f.v == "" {
			continue
		}
		d, err := linkmatch.ParseDate(f.v)
		if err != nil {
			return 0, 0, usagef("%s: %v", f.flag, err)
		}
		*f.to = d
	}
	if o.actuals != "" && asOf == 0 {
		return 0, 0, usagef("--actuals needs --as-of DATE: the day from which the plan is re-planned")
	}
	if o.carryOn != "" && o.carry == "" {
		return 0, 0, usagef("--carry-over-on needs --carry-over FILE: the file to write the links still going on that day into")
	}
	return start, asOf, nil
}

// replanning reports whether the run re-plans an earlier timeline, and so
// writes changes.csv.
func (o *planOptions) replanning() bool { return o.asOf != "" || o.actuals != "" }

func runPlan(ctx context.Context, e *env, args []string, o planOptions) error {
	if err := oneScenario(args); err != nil {
		return err
	}
	outs, ins, err := o.paths()
	if err != nil {
		return err
	}
	start, asOf, err := o.dates()
	if err != nil {
		return err
	}
	started := time.Now()
	s, err := loadPlanScenario(e, args[0], &o, outs, ins)
	if err != nil {
		return err
	}
	planStart, from := pipeline.PlanDays(s, start, asOf)
	job, err := readPlanInputs(e, s, &o, from)
	if err != nil {
		return err
	}
	planned, agreements, err := job.Plan(ctx, plan.Options{Start: planStart, LinkStart: start, AsOf: asOf,
		Extend: o.extend, Extensions: o.extendLink, Ends: o.ends})
	if err != nil {
		return runout.InputErr(err)
	}
	if o.carryDay == 0 {
		o.carryDay = planned.Horizon.AddDays(1)
	}
	pf := runout.PlanFiles{Timeline: o.out, Warnings: o.warnings, Changes: o.changes, Carry: o.carry,
		ICS: o.ics, ICSDir: o.icsDir, Agreements: o.agreements, CarryDay: o.carryDay}
	var entitled string
	if s.Scheme == linkmatch.SchemeShortBreaks {
		if entitled, err = planEntitlement(e, &o, &pf, planned, agreements, planStart); err != nil {
			return err
		}
	}
	removed, err := runout.WritePlan(e.Batch(), pf, s, planned.Result, job.Recorded, from, agreements)
	if err != nil {
		return err
	}
	// Standard output may hold a file: the summary then goes to the log.
	toLog := o.out == output.Stdout || o.ics == output.Stdout || o.warnings == output.Stdout || o.changes == output.Stdout
	for _, line := range runout.SayPlan(planned.Result, entitled, o.changes != "", removed) {
		e.Say(toLog, line)
	}
	e.Log.Info().Int("links", len(job.Links)).Int("rows", len(planned.Result.Sessions)).Int("changes", len(planned.Result.Changes)).
		Str("template", job.Prep.Template.Name).Str("start", planStart.String()).Str("as_of", from.String()).
		Dur("took_ms", time.Since(started)).Msg("timeline written")
	return nil
}

// paths checks the required flags, puts the warnings (and, re-planning,
// the changes) beside the timeline unless given, and refuses outputs that
// would lose data; it returns the outputs and inputs for checking again
// once the scenario's files are known.
func (o *planOptions) paths() (outs, ins output.Paths, err error) {
	switch {
	case o.matches == "":
		return nil, nil, usagef("--matches is required: the links to plan (matches.csv)")
	case o.out == "":
		return nil, nil, usagef("--out is required: where to write timeline.csv (- for standard output)")
	}
	if o.warnings == "" {
		if o.out == output.Stdout {
			return nil, nil, usagef("with --out -, say where the plan's warnings go with --warnings FILE")
		}
		o.warnings = filepath.Join(filepath.Dir(o.out), "plan_warnings.csv")
	}
	if o.changes == "" && o.replanning() {
		if o.out == output.Stdout {
			return nil, nil, usagef("with --out -, say where the changes go with --changes FILE")
		}
		o.changes = filepath.Join(filepath.Dir(o.out), "changes.csv")
	}
	outs = output.Paths{}.Add(o.out, "--out").Add(o.ics, "--ics").Add(o.warnings, "--warnings").Add(o.changes, "--changes").Add(o.carry, "--carry-over")
	ins = output.Paths{}.Add(o.matches, "--matches").Add(o.template, "--template").Add(o.actuals, "--actuals").Add(o.progress, "--progress")
	return outs, ins, output.Check(outs, ins)
}

// loadPlanScenario loads the scenario at path and refuses outputs that
// would replace its files, and calendars or agreements written into its
// folder.
func loadPlanScenario(e *env, path string, o *planOptions, outs, ins output.Paths) (*scenarios.Scenario, error) {
	s, err := loadScenario(e, path)
	if err != nil {
		return nil, err
	}
	if err := output.Check(outs, append(ins, runout.ScenarioPaths(s)...)); err != nil {
		return nil, err
	}
	if err := o.notScenarioFolder(s); err != nil {
		return nil, err
	}
	return s, nil
}

// notScenarioFolder refuses the scenario's own folder for the calendars
// (--ics-dir) and the written agreements: named with --agreements, or by
// default beside the warnings, which --out or --warnings put there.
func (o *planOptions) notScenarioFolder(s *scenarios.Scenario) error {
	if err := runout.NotScenarioFolder(o.icsDir, "--ics-dir", "the calendars", "calendars", s); err != nil {
		return err
	}
	if err := runout.NotScenarioFolder(o.agreements, "--agreements", "the written agreements", "agreements", s); err != nil {
		return err
	}
	flag, path := "--warnings", o.warnings
	if o.out != output.Stdout && filepath.Dir(o.out) == filepath.Dir(o.warnings) {
		flag, path = "--out", o.out
	}
	return runout.AgreementsNotInScenario(o.agreements, o.warnings, flag, path, s)
}

// readPlanInputs reads --matches (with the under-way columns, and those of
// the scenario's pinned.csv), --template, --actuals and --progress,
// checked against the template and from, the day the plan starts from;
// every problem in every file is reported together (exit 2).
func readPlanInputs(e *env, s *scenarios.Scenario, o *planOptions, from linkmatch.Date) (*pipeline.PlanJob, error) {
	var ps input.Problems
	src := pipeline.PlanSources{Matches: *flagSource(e, o.matches, "matches", inputfile.CSV, &ps),
		Template: flagSource(e, o.template, "template", inputfile.TOML, &ps),
		Actuals:  flagSource(e, o.actuals, "actuals", inputfile.CSV, &ps),
		Progress: flagSource(e, o.progress, "progress", inputfile.CSV, &ps)}
	if err := ps.Err(); err != nil {
		return nil, err
	}
	job, warnings, err := pipeline.PreparePlanJob(s, src, from)
	if err != nil {
		return nil, err
	}
	for _, p := range warnings {
		logProblem(e, p)
	}
	return job, nil
}

// planEntitlement adds a short-breaks plan's year to entitlement.csv
// (runout.AddPlannedYear): it reads the entitlement.csv match wrote beside
// --matches. It returns the line to tell the user: what the year holds, or
// why entitlement.csv is not written (no entitlement.csv beside --matches).
func planEntitlement(e *env, o *planOptions, pf *runout.PlanFiles, planned *pipeline.Planned, agreements []plan.Agreement, start linkmatch.Date) (string, error) {
	in := filepath.Join(filepath.Dir(o.matches), "entitlement.csv")
	if _, err := os.Stat(in); errors.Is(err, fs.ErrNotExist) {
		return runout.NoEntitlement(in), nil
	}
	var ps input.Problems
	data, ok := readFlagFile(e, in, "matches", inputfile.CSV, &ps)
	if !ok {
		return "", ps.Err()
	}
	return runout.AddPlannedYear(pf, in, data, planned, agreements, start)
}
