package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"path/filepath"
	"strconv"
	"strings"
	"time"
	_ "time/tzdata" // Europe/London for --ics on machines without a zone database

	"github.com/linkmatch/linkmatch"
	"github.com/linkmatch/linkmatch/internal/output"
	"github.com/linkmatch/linkmatch/internal/table"
	"github.com/linkmatch/linkmatch/plan"
	"github.com/linkmatch/linkmatch/scenarios"
)

func planCommand() command {
	return command{
		name:    "plan",
		args:    "SCENARIO --matches matches.csv --out timeline.csv [--ics timeline.ics] [--extend STAGE=WEEKS]... [--as-of DATE] [--end LINK_ID=DATE]...",
		summary: "a dated step-down schedule for each link",
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
one-line summary of the warnings.`,
		setup: func(fs *flag.FlagSet) runFunc {
			o := planOptions{extend: map[string]int{}, ends: map[string]linkmatch.Date{}}
			fs.StringVar(&o.matches, "matches", "", "the links to plan (matches.csv: child_id, carer_id)")
			fs.StringVar(&o.out, "out", "", "where to write the timeline (timeline.csv; - for standard output, with --warnings)")
			fs.StringVar(&o.ics, "ics", "", "also write the timeline as an iCalendar file")
			fs.StringVar(&o.warnings, "warnings", "", "where to write the plan's warnings (default: plan_warnings.csv beside the timeline)")
			fs.StringVar(&o.template, "template", "", "a stage template (TOML) instead of the scenario's or the built-in one")
			fs.StringVar(&o.asOf, "as-of", "", "re-plan from this date, keeping every row before it (YYYY-MM-DD)")
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
	matches, out, ics, template, asOf, warnings string
	extend                                      map[string]int
	ends                                        map[string]linkmatch.Date
}

// calendarYears is how many years past the plan start the default calendar
// covers: the slowest default plan (high complexity, a teenager: factor
// 1.875) runs about 21 months, and extensions add more.
const calendarYears = 6

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
	if s.Plan.Start == 0 {
		var ps table.Problems
		ps.Errorf(s.Path, 0, 0, "plan.start", "add [plan] start = YYYY-MM-DD to scenario.toml", "the scenario has no plan start date")
		return ps.Err()
	}
	tmpl, cal, err := planSetup(s, o.template)
	if err != nil {
		return err
	}
	var ps table.Problems
	links := readMatches(o.matches, s, &ps)
	if err := ps.Err(); err != nil {
		return err
	}
	for _, p := range ps.Warnings() {
		logProblem(e, p)
	}
	planner, err := plan.NewPlanner(tmpl, cal, plan.Options{Start: s.Plan.Start, AsOf: asOf, Extend: o.extend, Ends: o.ends, Horizon: s.Plan.Horizon})
	if err != nil {
		return planUsage(err)
	}
	planned, err := planner.PlanAll(ctx, links)
	if err != nil {
		return planUsage(err)
	}
	sessions := planned.Sessions

	b := e.batch()
	if err := b.Write(o.out, func(w io.Writer) error { return plan.WriteTimeline(w, sessions) }); err != nil {
		return err
	}
	if err := b.Write(o.warnings, func(w io.Writer) error { return plan.WriteWarnings(w, planned.Warnings) }); err != nil {
		return err
	}
	if o.ics != "" {
		london, err := time.LoadLocation(plan.LondonTZID)
		if err != nil {
			b.Abort()
			return fmt.Errorf("load the Europe/London time zone: %w", err)
		}
		if err := b.Write(o.ics, func(w io.Writer) error { return plan.WriteICS(w, sessions, london, s.Plan.Start) }); err != nil {
			return err
		}
	}
	if err := b.Commit(); err != nil {
		return err
	}
	if o.out == output.Stdout || o.ics == output.Stdout || o.warnings == output.Stdout {
		// Standard output holds a file: the summary goes to the log.
		e.log.Info().Msg("plan warnings: " + plan.SummariseWarnings(planned.Warnings))
	} else {
		fmt.Fprintf(e.stdout, "plan warnings: %s\n", plan.SummariseWarnings(planned.Warnings))
	}
	e.log.Info().Int("links", len(links)).Int("rows", len(sessions)).Str("template", tmpl.Name).
		Str("start", s.Plan.Start.String()).Dur("took", time.Since(started)).Msg("timeline written")
	return nil
}

// planUsage turns a planning option the template or matches cannot honour
// (an unknown stage or link, a date before the start) into bad usage: exit 2.
func planUsage(err error) error {
	if errors.Is(err, plan.ErrUnknownStage) || errors.Is(err, plan.ErrUnknownLink) || errors.Is(err, plan.ErrBadOption) {
		return usagef("%v", err)
	}
	return err
}

// planSetup loads the stage template and the school calendar named by the
// flag or the scenario, falling back to the built-in defaults.
func planSetup(s *scenarios.Scenario, templateFlag string) (*plan.Template, *plan.Calendar, error) {
	tmpl := plan.DefaultTemplate()
	if path := cmpOr(templateFlag, s.Files.Template); path != "" {
		t, err := plan.LoadTemplate(path, path)
		if err != nil {
			return nil, nil, err
		}
		tmpl = t
	}
	y := s.Plan.Start.Year()
	terms := plan.DefaultTerms(y, y+calendarYears)
	holidays := plan.DefaultBankHolidays(y, y+calendarYears)
	var ps table.Problems
	if s.Files.Terms != "" {
		terms = plan.ReadTerms(s.Files.Terms, s.Files.Terms, &ps)
	}
	if s.Files.BankHolidays != "" {
		holidays = plan.ReadBankHolidays(s.Files.BankHolidays, s.Files.BankHolidays, &ps)
	}
	if err := ps.Err(); err != nil {
		return nil, nil, err
	}
	cal, err := plan.NewCalendar(terms, holidays)
	if err != nil {
		return nil, nil, err
	}
	return tmpl, cal, nil
}

func cmpOr(a, b string) string {
	if a != "" {
		return a
	}
	return b
}

// readMatches reads matches.csv into links to plan: a child or carer not in
// the scenario, or a link listed twice, is a problem at its place.
func readMatches(path string, s *scenarios.Scenario, ps *table.Problems) []plan.PlanInput {
	spec := table.Spec{Required: []string{"child_id", "carer_id"}, Optional: []string{"score", "link_id"}}
	r := table.Open(path, path, spec, ps)
	if r == nil {
		return nil
	}
	children, carers := s.ChildrenByID(), s.CarersByID()
	var out []plan.PlanInput
	seen := map[string]int{}
	for r.Next() {
		childID, ok1 := r.Required("child_id", "give the child's id from children.csv")
		carerID, ok2 := r.Required("carer_id", "give the carer's id from carers.csv")
		score, ok3 := r.Float("score", 0, 0, 100, "the score is a number from 0 to 100")
		if !ok1 || !ok2 || !ok3 {
			continue
		}
		ch, okc := children[childID]
		if !okc {
			r.Errorf("child_id", "use an id from the scenario's children file", "there is no child %q in the scenario", childID)
		}
		ca, okk := carers[carerID]
		if !okk {
			r.Errorf("carer_id", "use an id from the scenario's carers file", "there is no carer %q in the scenario", carerID)
		}
		if !okc || !okk {
			continue
		}
		id := cmpOr(r.Get("link_id"), plan.LinkID(childID, carerID))
		if line, dup := seen[id]; dup {
			r.Errorf("child_id", "list each link once", "the link %s is already on line %d", id, line)
			continue
		}
		seen[id] = r.Line()
		out = append(out, plan.PlanInput{
			Link:  linkmatch.Link{ID: id, ChildID: childID, CarerID: carerID, Score: score},
			Child: *ch, Carer: *ca,
		})
	}
	return out
}
