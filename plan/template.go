package plan

import (
	_ "embed" // the default template and bank holidays are embedded data
	"fmt"
	"math"
	"strings"
	"time"

	"github.com/linkmatch/linkmatch"
)

//go:embed defaults/template.toml
var defaultTemplateTOML []byte

// Window is when a session of a pattern may happen. The windows encode the
// school day: children are at school on school days until 16:00, so sessions
// with the child on those days start after school (PRODUCT.md; seed 002:
// "daytime - including after school/evening; Saturday/Sunday and school
// holidays").
type Window uint8

// Windows, as spelled in the template's `window` key.
const (
	// WindowAfterSchool is a school day (a weekday in term, not a bank holiday), after school.
	WindowAfterSchool Window = iota
	// WindowDay is a day without school: weekend, bank holiday or school holiday.
	WindowDay
	// WindowWeekendStay runs from Saturday to Sunday (seed 000).
	WindowWeekendStay
	// WindowOvernight starts in the evening of a day whose next day has no school.
	WindowOvernight
	// WindowMeeting is a weekday meeting of the adults.
	WindowMeeting
	// WindowStageStart is the first day of the stage (milestones).
	WindowStageStart
	// WindowStay is a stay of several nights (Pattern.Nights) starting in
	// the evening of a day whose following days have no school: seed 002's
	// overnight stays "for one night, a weekend or a few days".
	WindowStay
)

var windowNames = [...]string{"after_school", "day", "weekend_stay", "overnight", "meeting", "stage_start", "stay"}

func (w Window) String() string {
	if int(w) < len(windowNames) {
		return windowNames[w]
	}
	return "unknown"
}

// Template is a stage template: the stages of a link's plan in order, and
// how their lengths are paced for each child. Build one with
// DefaultTemplate or ParseTemplate.
type Template struct {
	Name   string
	Pacing Pacing
	Stages []Stage
	// MaxGapDays is the longest run of days a child may go without seeing
	// the carer in a stage before the move, unless the stage sets its own
	// (default 14; 0 turns the check off).
	MaxGapDays int
	// LinkWorker is the weekly link-worker session assumed for a child whose
	// row gives none (seed 003 §4: at least one individual session a week).
	LinkWorker linkmatch.WeeklySlot

	// Scheme is the kind of link the template plans: step-down (stages to a
	// move) or short breaks (Introductions, then the written agreement's
	// breaks, with no move). See template_breaks.go.
	Scheme linkmatch.Scheme
	// Breaks are the kinds of short break a short-breaks template offers,
	// in the order written; none in a step-down template.
	Breaks []BreakKind
	// MaxStayNights is the longest single stay a break may be, in nights
	// (seed 002: "one night, a weekend or a few days"); 0 outside short
	// breaks.
	MaxStayNights int
	// MinStayGapDays is the fewest days between the end of one of a
	// child's stays and the start of the next (issue 17: stays fell on
	// consecutive weekends); 0 outside short breaks.
	MinStayGapDays int
}

// Until says how an open-ended stage ends.
type Until uint8

// Ends of a stage.
const (
	// UntilWeeks: the stage lasts its (paced) weeks.
	UntilWeeks Until = iota
	// UntilHorizon: the stage runs to the end of the planning horizon.
	UntilHorizon
	// UntilEighteen: the stage runs to the child's 18th birthday.
	UntilEighteen
	// UntilDate: the stage runs to a fixed date (Stage.UntilDate, inclusive).
	UntilDate
)

// Pacing scales the stages' base weeks for a child.
type Pacing struct {
	// Complexity is the factor for each linkmatch.Complexity (low, medium, high).
	Complexity [3]float64
	// Age factors by the child's age at the plan start; an age in no band has factor 1.
	Age []AgeFactor
}

// AgeFactor is the pacing factor for children aged Min to Max (whole years, inclusive).
type AgeFactor struct {
	Min, Max int
	Factor   float64
	Reason   string
}

// Stage is one stage of a plan.
type Stage struct {
	Name  string
	Weeks int // base length in weeks, before pacing
	// Paced is false for stages whose length does not depend on the child
	// (the default Sustain stage is a fixed planning horizon).
	Paced bool
	// Move marks the stage that begins with the child's move to the
	// long-term carer; exactly one stage has it.
	Move     bool
	Purpose  string
	Sessions []Pattern
	// Gate is the stage-gate review held in the stage's last week; nil for none.
	Gate *Pattern
	// MaxGapDays is the longest run of days without contact allowed in the
	// stage (0: not checked).
	MaxGapDays int
	// Until ends the stage other than by its weeks: only the last stage may
	// be open-ended (seed 001 §3: "as long as this is needed").
	Until     Until
	UntilDate linkmatch.Date
	// Agreed marks the stage of a short-breaks template whose sessions are
	// the written agreement's breaks, month by month, rather than weekly
	// patterns (template_breaks.go).
	Agreed bool
}

// Pattern is a kind of session a stage holds, and how often.
type Pattern struct {
	Kind       linkmatch.SessionKind
	Window     Window
	Start, End linkmatch.Clock
	// PerWeek sessions in each week the pattern runs; it runs in week
	// FromWeek of the stage (1-based) and every EveryWeeks weeks after, at
	// most Max times in the stage (0: no limit).
	PerWeek, EveryWeeks, FromWeek, Max int
	// Days are preferred days, tried first in this order.
	Days     []time.Weekday
	Location string
	// Activity says in plain words what happens, for the timeline.
	Activity  string
	Note      string
	FirstNote string // the note of the link's first session of this pattern
	// Joint sessions are shared by siblings linked to the same carer (one
	// slot, a row for each child); a carer never has children who are not
	// siblings at the same time. Overnights still need a bedroom each.
	Joint bool
	// Instead replaces an overnight pattern when overnights are not agreed.
	Instead *Pattern
	// Nights is how many nights a stay in WindowStay spans (1 or more);
	// 0 for every other window (see StayNights).
	Nights int
	// Fallback is the pattern in another window (its Window, Start, End
	// and Days differ, and it may be another kind with its own activity),
	// tried in a week where this one finds no free slot: a carer free only
	// at weekends still meets the child for the after-school sessions. It
	// has no Fallback or Instead of its own.
	Fallback *Pattern
	// Holidays moves an after_school pattern to the weekdays without
	// school (half term, the holidays) at its own times: the planner's
	// last resort for a step-down session (holidayEvening), never read
	// from a template.
	Holidays bool
}

// NeedsOvernight reports whether the pattern keeps the child overnight.
func (p *Pattern) NeedsOvernight() bool {
	return p.Kind == linkmatch.KindOvernight || p.Kind == linkmatch.KindDayAndHalf
}

// DefaultTemplate returns the embedded default template
// (defaults/template.toml, documented in that file).
func DefaultTemplate() *Template {
	t, err := ParseTemplate(defaultTemplateTOML, "default template")
	if err != nil {
		panic(fmt.Sprintf("plan: the embedded default template is invalid: %v", err)) // a build defect, caught by tests
	}
	return t
}

// Stage returns the index of the stage named name (case-insensitive), or -1.
func (t *Template) Stage(name string) int {
	for i := range t.Stages {
		if strings.EqualFold(t.Stages[i].Name, name) {
			return i
		}
	}
	return -1
}

// StageNames returns the stage names in order.
func (t *Template) StageNames() []string {
	out := make([]string, len(t.Stages))
	for i := range t.Stages {
		out[i] = t.Stages[i].Name
	}
	return out
}

// MoveStage returns the index of the stage that begins with the move.
func (t *Template) MoveStage() int {
	for i := range t.Stages {
		if t.Stages[i].Move {
			return i
		}
	}
	return -1 // unreachable for a parsed template
}

// Factor returns the pacing factor for a child of complexity c aged age.
func (t *Template) Factor(c linkmatch.Complexity, age int) float64 {
	f := 1.0
	if int(c) < len(t.Pacing.Complexity) {
		f = t.Pacing.Complexity[c]
	}
	for _, a := range t.Pacing.Age {
		if age >= a.Min && age <= a.Max {
			return f * a.Factor
		}
	}
	return f
}

// PacedWeeks returns the length of stage i in weeks for pacing factor f:
// base × f rounded half up, and never less than one week.
func (t *Template) PacedWeeks(i int, f float64) int {
	s := &t.Stages[i]
	if !s.Paced {
		return s.Weeks
	}
	w := int(math.Floor(float64(s.Weeks)*f + 0.5))
	if w < 1 {
		w = 1
	}
	return w
}

// The raw shapes of the TOML file. Pointers tell "absent" from zero.
type rawTemplate struct {
	Name           string
	MaxGapDays     *int       `toml:"max_gap_days"`
	LinkWorkerSlot string     `toml:"link_worker_slot"`
	Scheme         string     `toml:"scheme"`
	MaxStayNights  *int       `toml:"max_stay_nights"`
	MinStayGapDays *int       `toml:"min_stay_gap_days"`
	Break          []rawBreak `toml:"break"`
	Pacing         struct {
		Complexity map[string]float64
		Age        []struct {
			Min, Max *int
			Factor   *float64
			Reason   string
		}
	}
	Stage []rawStage
}

// rawStage is one [[stage]] table.
type rawStage struct {
	Name       string
	Weeks      *int
	Paced      *bool
	Move       bool
	Purpose    string
	Session    []rawPattern
	Gate       *rawPattern
	MaxGapDays *int `toml:"max_gap_days"`
	Until      string
	Agreed     bool
}

type rawPattern struct {
	Kind       string
	Window     string
	Start, End string
	PerWeek    *int `toml:"per_week"`
	EveryWeeks *int `toml:"every_weeks"`
	FromWeek   *int `toml:"from_week"`
	Max        *int
	Days       []string
	Location   string
	Activity   string
	Note       string
	FirstNote  string `toml:"first_note"`
	Joint      *bool
	Nights     *int
	Instead    *rawPattern
	Fallback   *rawFallback
}

// rawFallback is a pattern's [stage.session.fallback] table: only the keys
// that differ from the pattern it belongs to.
type rawFallback struct {
	Kind       string
	Window     string
	Start, End string
	Days       []string
	Activity   string
	Note       string
}
