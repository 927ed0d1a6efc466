// Package pipeline runs linkmatch's stages in memory on a loaded scenario —
// score, match, plan, cost — and returns each stage's result as a plain
// value that later stages, reports and the run record read (PRODUCT.md:
// "keep every stage's result a plain value … and keep timings and counts
// at hand").
//
// The data flows one way (STYLE.md): files → scenarios → match (with geo
// and assign) → plan → cost → outputs. Package scenarios reads and checks
// the files a scenario names; Prepare parses the rest of what the stages
// need (stage template, school terms, bank holidays, pinned links, rate
// table), builds the scorer and checks what only the stages together
// would find (pinned links against the hard rules, rates for every age
// plans reach), reporting every problem at once — "validate" runs it as
// "run" does, so the two accept the same scenarios; Score,
// Match, Plan and Cost are the stages, and Run runs them all, timing each,
// and sums them up in a typed Record. Commands (cmd/linkmatch) keep flags,
// files, logging and printing: nothing here opens a file, reads the clock
// or writes an output.
//
// The domain rules that join the stages live here rather than in the
// command: which links a plan covers, what costing needs to know of each
// link (the child's date of birth, the carer's tier, the miles to the home
// and, after the move, to the long-term family), and which period a run
// costs (from the first planned session to the end of the last).
package pipeline

import (
	"cmp"
	"errors"
	"fmt"
	"path/filepath"
	"strings"

	"github.com/linkmatch/linkmatch"
	"github.com/linkmatch/linkmatch/assign"
	"github.com/linkmatch/linkmatch/cost"
	"github.com/linkmatch/linkmatch/input"
	"github.com/linkmatch/linkmatch/match"
	"github.com/linkmatch/linkmatch/plan"
	"github.com/linkmatch/linkmatch/scenarios"
)

// Source is one input file's contents and the name problems give it.
type Source struct {
	Name string
	Data []byte
}

// Pins are the links already agreed (pinned.csv), which every matching mode
// keeps, and the file they came from ("" when there are none).
type Pins struct {
	File string
	Rows []match.LinkRow
}

// Options adjust Prepare.
type Options struct {
	// Today is the date eligibility is judged on when the scenario has no
	// plan start and was loaded without a date (commands read the clock;
	// this package never does).
	Today linkmatch.Date
	// Template and Pinned, when set, replace the scenario's own files
	// (the plan command's --template and the match command's --pinned).
	Template, Pinned *Source
}

// Prepared is everything the stages need from a loaded scenario, parsed and
// checked: the scorer, the stage template and school calendar, the rate
// table and the pinned links.
type Prepared struct {
	Scenario *scenarios.Scenario
	Scorer   *match.Scorer
	Template *plan.Template
	Calendar *plan.Calendar
	// Rates is the scenario's rate table; nil when it has no rates (a run
	// then plans but does not cost).
	Rates *cost.RateTable
	Pins  Pins
	// UnderWay are the pinned links already under way, by child and carer
	// id: planned from their stage (issue 13).
	UnderWay map[[2]string]linkmatch.Link
	// Mode is how the links are chosen: the scenario's [match] mode, or
	// optimal when it gives none.
	Mode assign.Mode
	// Warnings are the problems found that do not stop a run, such as
	// unknown columns in the terms or pinned files.
	Warnings []input.Problem
}

// Prepare parses and checks everything a full run of sc needs, beyond what
// loading the scenario checked, so that a scenario it accepts runs to the
// end: the stage template, the school terms and bank holidays, the
// scorer's settings (weights that are all zero, say), the pinned links
// (each must still pass the hard rules and fit its carer's places), the
// rate table, and that the rates price every session plans could hold.
// "validate" calls it as "run" does. Every problem found is in the
// returned *input.InvalidError at once (errors.Is(err, input.ErrInvalid)),
// placed at the file, line and column that causes it.
func Prepare(sc *scenarios.Scenario, opt Options) (*Prepared, error) {
	var ps input.Problems
	p := &Prepared{Scenario: sc, Mode: matchMode(sc)}
	p.Template, p.Calendar = planSetup(sc, opt.Template, &ps)
	p.Pins = readPins(sc, opt.Pinned, &ps)
	if p.Template != nil {
		p.UnderWay = pinnedUnderWay(p.Pins, p.Template, sc.Plan.Start, &ps)
	}
	if len(sc.Rates) > 0 {
		rates, err := newRateTable(sc)
		if addProblems(&ps, err) != nil {
			return nil, err
		}
		p.Rates = rates
	}
	scorer, err := NewScorer(sc, opt.Today)
	if addProblems(&ps, err) != nil {
		return nil, err
	}
	p.Scorer = scorer
	switch {
	case sc.Scheme == linkmatch.SchemeShortBreaks:
		addProblems(&ps, noPins(p.Pins)) // as MatchBreaks refuses them
	case scorer != nil:
		checkPins(sc, scorer, p.Pins, &ps)
	}
	checkRateCoverage(p, &ps)
	if err := ps.Err(); err != nil {
		return nil, err
	}
	p.Warnings = ps.Warnings()
	return p, nil
}

// matchMode is the scenario's [match] mode, or optimal when it gives none
// (scenarios checks the value when it loads).
func matchMode(sc *scenarios.Scenario) assign.Mode {
	if m, ok := assign.ParseMode(sc.Match.Mode); ok {
		return m
	}
	return assign.Optimal
}

// settingProblem turns scorer options that cannot be used (a
// *match.OptionsError, such as weights that are all zero) into an
// *input.InvalidError at the setting in scenario.toml; any other error is
// returned as it is.
func settingProblem(sc *scenarios.Scenario, err error) error {
	var oe *match.OptionsError
	if !errors.As(err, &oe) {
		return err
	}
	var ps input.Problems
	line, col := sc.SettingPos(oe.Setting)
	if line == 0 {
		line, col = sc.SettingPos(strings.SplitN(oe.Setting, ".", 2)[0])
	}
	hint := "check the setting in scenario.toml"
	if oe.Setting == "match.weights" {
		hint = "give at least one score component a weight above 0 under [match.weights], or remove the table to use the default weights"
	}
	ps.Fail(input.ErrBadValue, sc.Path, line, col, oe.Setting, hint, "%s", oe.Problem)
	return ps.Err()
}

// addProblems moves the problems of an *input.InvalidError into ps and
// returns nil; any other error is returned as it is.
func addProblems(ps *input.Problems, err error) error {
	var inv *input.InvalidError
	if errors.As(err, &inv) {
		ps.List = append(ps.List, inv.Problems...)
		return nil
	}
	return err
}

// NewScorer builds the scorer of a loaded scenario: its [match] settings,
// its travel model and travel times, and the border relations of its
// boundaries. Eligibility (ages, for one) is judged on the plan start, else
// on the date the scenario was loaded for, else on today. Settings the
// scorer cannot use (weights that are all zero) are an
// *input.InvalidError at their place in scenario.toml.
func NewScorer(sc *scenarios.Scenario, today linkmatch.Date) (*match.Scorer, error) {
	on := sc.Plan.Start
	if on == 0 {
		on = sc.Today
	}
	if on == 0 {
		on = today
	}
	s, err := match.NewScorer(sc.Children, sc.Carers, sc.Needs, match.Options{
		MaxDistanceKm:      sc.Match.MaxDistanceKm,
		DistantAuthorities: sc.Match.DistantAuthorities,
		Weights:            sc.Match.Weights,
		Travel:             sc.Geo.TravelModel(),
		TravelTimes:        sc.TravelTimes,
		On:                 on,
		Borders:            match.GeoBorders(sc.Boundaries, sc.Neighbours),
		Scheme:             sc.Scheme,
	})
	if err != nil {
		return nil, settingProblem(sc, err)
	}
	return s, nil
}

// calendarYears is how many years past the plan start the default calendar
// covers: the slowest default plan (high complexity, a teenager: factor
// 1.875) runs about 21 months, and extensions add more.
const calendarYears = 6

func planSetup(sc *scenarios.Scenario, override *Source, ps *input.Problems) (*plan.Template, *plan.Calendar) {
	if sc.Plan.Start == 0 {
		ps.Fail(input.ErrMissingValue, sc.Path, 0, 0, "plan.start", "add [plan] start = YYYY-MM-DD to scenario.toml", "the scenario has no plan start date, which planning needs")
		return nil, nil
	}
	tmpl := template(sc, override, ps)
	if n := sc.Plan.MinStayGapDays; n != nil && tmpl != nil {
		tmpl.MinStayGapDays = *n // scenario.toml's [plan] before the template's
	}
	y := sc.Plan.Start.Year()
	terms := plan.DefaultTerms(y, y+calendarYears)
	holidays := plan.DefaultBankHolidays(y, y+calendarYears)
	if sc.Files.Terms != "" {
		terms = plan.ParseTerms(sc.Texts.Terms, sc.Files.Terms, ps)
	}
	if sc.Files.BankHolidays != "" {
		holidays = plan.ParseBankHolidays(sc.Texts.BankHolidays, sc.Files.BankHolidays, ps)
	}
	if ps.ErrorCount() > 0 {
		return nil, nil
	}
	cal, err := plan.NewCalendar(terms, holidays)
	if err != nil {
		ps.Fail(input.ErrConflict, cmp.Or(sc.Files.Terms, sc.Path), 0, 0, "", "check the dates of the terms", "%v", err)
		return nil, nil
	}
	return tmpl, cal.WithClosed(sc.Plan.ClosedDays, sc.Plan.ClosedAfternoons)
}

// template parses the stage template: override when given, else the
// scenario's template file, else plan's default.
func template(sc *scenarios.Scenario, override *Source, ps *input.Problems) *plan.Template {
	src := override
	if src == nil && sc.Files.Template != "" {
		src = &Source{Name: sc.Files.Template, Data: sc.Texts.Template}
	}
	if src == nil {
		return plan.DefaultTemplateFor(sc.Scheme)
	}
	t, err := plan.ParseTemplate(src.Data, src.Name)
	if err := addProblems(ps, err); err != nil {
		ps.Fail(input.ErrMalformed, src.Name, 0, 0, "", "check the template", "%v", err)
	}
	if t != nil && t.Scheme != sc.Scheme {
		ps.Fail(input.ErrConflict, src.Name, 0, 0, "scheme", "use a template of the scenario's scheme (scenario.toml scheme)",
			"the template plans %s, but the scenario is %s", t.Scheme, sc.Scheme)
	}
	return t
}

// rateTable builds the scenario's rate table; a scenario without rates is
// a problem at scenario.toml, since nothing can be priced.
func rateTable(sc *scenarios.Scenario) (*cost.RateTable, error) {
	if len(sc.Rates) == 0 {
		var ps input.Problems
		ps.Fail(input.ErrMissingValue, sc.Path, 0, 0, "rates", "add rates = \"rates.csv\" to scenario.toml, with the council's rates (see INTERFACE.md)", "the scenario has no rates, so nothing can be priced")
		return nil, ps.Err()
	}
	return newRateTable(sc)
}

// newRateTable indexes the scenario's rates. Explanations name the rates
// file as scenario.toml does: relative to its folder when inside it.
func newRateTable(sc *scenarios.Scenario) (*cost.RateTable, error) {
	name := sc.Files.Rates
	if rel, err := filepath.Rel(sc.Dir, name); err == nil && !strings.HasPrefix(rel, "..") {
		name = rel
	}
	return cost.NewRateTable(name, sc.Rates)
}

// ReadPins reads the pinned links: override when given (the match
// command's --pinned), else the pinned file of sc (which may be nil, for
// "match --pairs"); none when neither. Problems are an
// *input.InvalidError.
func ReadPins(sc *scenarios.Scenario, override *Source) (Pins, error) {
	var ps input.Problems
	pins := readPins(sc, override, &ps)
	return pins, ps.Err()
}

func readPins(sc *scenarios.Scenario, override *Source, ps *input.Problems) Pins {
	src := override
	if src == nil && sc != nil && sc.Files.Pinned != "" {
		src = &Source{Name: sc.Files.Pinned, Data: sc.Texts.Pinned}
	}
	if src == nil {
		return Pins{}
	}
	return Pins{File: src.Name, Rows: match.ReadLinks(src.Data, src.Name, ps)}
}

// pinErr names the pinned file in an error about pins (match.ErrBadPin)
// that Solve found, such as a sibling group pinned in part.
func (p Pins) pinErr(err error) error {
	if p.File != "" && errors.Is(err, match.ErrBadPin) {
		return fmt.Errorf("%s: %w", p.File, err)
	}
	return err
}
