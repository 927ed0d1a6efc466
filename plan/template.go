package plan

import (
	"bytes"
	_ "embed" // the default template and bank holidays are embedded data
	"errors"
	"fmt"
	"math"
	"strings"
	"time"

	"github.com/BurntSushi/toml"

	"github.com/linkmatch/linkmatch"
	"github.com/linkmatch/linkmatch/internal/inputfile"
	"github.com/linkmatch/linkmatch/internal/table"
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
	// WindowAfterSchool is a weekday that is not a bank holiday, after school.
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
)

var windowNames = [...]string{"after_school", "day", "weekend_stay", "overnight", "meeting", "stage_start"}

func (w Window) String() string {
	if int(w) < len(windowNames) {
		return windowNames[w]
	}
	return "unknown"
}

// Template is a stage template: the stages of a link's plan in order, and
// how their lengths are paced for each child. Build one with
// DefaultTemplate, LoadTemplate or ParseTemplate.
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
	// Fallback is the pattern in another window (its Window, Start, End
	// and Days differ, and it may be another kind with its own activity),
	// tried in a week where this one finds no free slot: a carer free only
	// at weekends still meets the child for the after-school sessions. It
	// has no Fallback or Instead of its own.
	Fallback *Pattern
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

// DefaultTemplateTOML returns the text of the default template, to copy and edit.
func DefaultTemplateTOML() []byte { return bytes.Clone(defaultTemplateTOML) }

// LoadTemplate reads a template file; display names it in problems. Errors
// are *table.InvalidError (errors.Is table.ErrInvalid) with file:line:column
// positions.
func LoadTemplate(path, display string) (*Template, error) {
	// inputfile refuses devices, FIFOs and folders, files over 1 MB, and
	// nesting deep enough to exhaust the TOML parser's memory.
	data, err := inputfile.Read(path, inputfile.TOML, inputfile.Limits{})
	var ps table.Problems
	if inputfile.Problem(&ps, display, err, "check the template path in scenario.toml or on the command line") {
		return nil, ps.Err()
	}
	return ParseTemplate(data, display)
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
	MaxGapDays     *int   `toml:"max_gap_days"`
	LinkWorkerSlot string `toml:"link_worker_slot"`
	Pacing         struct {
		Complexity map[string]float64
		Age        []struct {
			Min, Max *int
			Factor   *float64
			Reason   string
		}
	}
	Stage []struct {
		Name       string
		Weeks      *int
		Paced      *bool
		Move       bool
		Purpose    string
		Session    []rawPattern
		Gate       *rawPattern
		MaxGapDays *int `toml:"max_gap_days"`
		Until      string
	}
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

// ParseTemplate reads a template from TOML text; display names it in problems.
func ParseTemplate(data []byte, display string) (*Template, error) {
	var ps table.Problems
	var raw rawTemplate
	md, err := toml.NewDecoder(bytes.NewReader(data)).Decode(&raw)
	if err != nil {
		var pe toml.ParseError
		if errors.As(err, &pe) {
			ps.Errorf(display, pe.Position.Line, pe.Position.Col, pe.LastKey, "check the TOML syntax and value types on this line", "%s", pe.Message)
		} else {
			ps.Errorf(display, 0, 0, "", "check the TOML syntax", "%v", err)
		}
		return nil, ps.Err()
	}
	loc := locateKeys(data)
	for _, k := range md.Undecoded() {
		path := k.String()
		line, col := loc.find(path)
		ps.Warnf(display, line, col, path, "it is ignored; see the default template for the keys", "unknown key %q", path)
	}
	v := &validator{ps: &ps, file: display, loc: loc}
	t := v.template(&raw)
	if err := ps.Err(); err != nil {
		return nil, err
	}
	return t, nil
}

type validator struct {
	ps   *table.Problems
	file string
	loc  keyLocations
}

// errorf records a problem at the TOML key path (for example
// "stage[2].session[1].kind"); the column name shown is the path without
// indexes.
func (v *validator) errorf(path, hint, format string, args ...any) {
	line, col := v.loc.find(path)
	v.ps.Errorf(v.file, line, col, stripIndexes(path), hint, format, args...)
}

func (v *validator) template(raw *rawTemplate) *Template {
	t := &Template{Name: raw.Name, Pacing: Pacing{Complexity: [3]float64{1, 1, 1}}}
	for name, f := range raw.Pacing.Complexity {
		c, ok := linkmatch.ParseComplexity(name)
		path := "pacing.complexity." + name
		switch {
		case !ok:
			v.errorf(path, "use low, medium and high", "%q is not a complexity level", name)
		case !(f > 0 && f <= maxFactor):
			v.errorf(path, fmt.Sprintf("use a factor above 0 and at most %g", maxFactor), "the factor %g is out of range", f)
		default:
			t.Pacing.Complexity[c] = f
		}
	}
	for i, a := range raw.Pacing.Age {
		path := fmt.Sprintf("pacing.age[%d]", i)
		if a.Min == nil || a.Max == nil || a.Factor == nil {
			v.errorf(path, "give min, max and factor", "an age band needs min, max and factor")
			continue
		}
		switch {
		case *a.Min < 0 || *a.Max < *a.Min || *a.Max > 25:
			v.errorf(path+".max", "ages are whole years from 0 to 25, min ≤ max", "the age band %d–%d is not valid", *a.Min, *a.Max)
			continue
		case !(*a.Factor > 0 && *a.Factor <= maxFactor):
			v.errorf(path+".factor", fmt.Sprintf("use a factor above 0 and at most %g", maxFactor), "the factor %g is out of range", *a.Factor)
			continue
		}
		for _, b := range t.Pacing.Age {
			if *a.Min <= b.Max && b.Min <= *a.Max {
				v.errorf(path+".min", "age bands must not overlap", "the age band %d–%d overlaps %d–%d", *a.Min, *a.Max, b.Min, b.Max)
			}
		}
		t.Pacing.Age = append(t.Pacing.Age, AgeFactor{Min: *a.Min, Max: *a.Max, Factor: *a.Factor, Reason: a.Reason})
	}
	if len(raw.Stage) == 0 {
		v.errorf("", "add [[stage]] tables, as in the default template", "the template has no stages")
		return t
	}
	moves := 0
	for i, rs := range raw.Stage {
		path := fmt.Sprintf("stage[%d]", i)
		s := Stage{Name: strings.TrimSpace(rs.Name), Paced: rs.Paced == nil || *rs.Paced, Move: rs.Move, Purpose: rs.Purpose}
		if s.Name == "" {
			v.errorf(path, "give every stage a name", "stage %d has no name", i+1)
		} else if t.Stage(s.Name) >= 0 {
			v.errorf(path+".name", "stage names must differ", "the stage name %q is used twice", s.Name)
		}
		v.until(&s, rs.Until, path, i == len(raw.Stage)-1)
		switch {
		case s.Until != UntilWeeks && rs.Weeks == nil:
			s.Weeks, s.Paced = 1, false // unused: the stage ends by Until
		case rs.Weeks == nil || *rs.Weeks < 1 || *rs.Weeks > maxStageWeeks:
			v.errorf(path+".weeks", fmt.Sprintf("give the base length in whole weeks, 1 to %d", maxStageWeeks), "stage %q needs weeks between 1 and %d", s.Name, maxStageWeeks)
		default:
			s.Weeks = *rs.Weeks
		}
		s.MaxGapDays = -1 // the template's default, set below
		if g := rs.MaxGapDays; g != nil {
			if *g < 0 || *g > 7*maxStageWeeks {
				v.errorf(path+".max_gap_days", "give whole days, 0 to turn the check off", "%d days is out of range", *g)
			} else {
				s.MaxGapDays = *g
			}
		}
		if s.Move {
			moves++
			if i == 0 {
				v.errorf(path+".move", "put at least one stage before the move", "the move cannot be the first stage: a review must come before it (reg 32)")
			}
		}
		for j := range rs.Session {
			if p, ok := v.pattern(&rs.Session[j], fmt.Sprintf("%s.session[%d]", path, j), false); ok {
				s.Sessions = append(s.Sessions, p)
			}
		}
		if rs.Gate != nil {
			g := *rs.Gate
			if g.Kind == "" {
				g.Kind = "meeting"
			}
			if g.Window == "" {
				g.Window = "meeting"
			}
			if g.Activity == "" {
				g.Activity = "stage-gate review"
			}
			if g.Fallback != nil {
				v.errorf(path+".gate.fallback", "remove it: a stage-gate review already moves to any day of the stage it fits", "a stage-gate review has no fallback")
				g.Fallback = nil
			}
			if p, ok := v.pattern(&g, path+".gate", false); ok {
				if p.Kind != linkmatch.KindMeeting {
					v.errorf(path+".gate.kind", "a stage-gate review is a meeting", "the gate's kind must be meeting")
				}
				s.Gate = &p
			}
		}
		t.Stages = append(t.Stages, s)
	}
	if moves != 1 {
		v.errorf("stage", "mark exactly one stage with move = true", "the template has %d move stages", moves)
	}
	v.contactDefaults(raw, t)
	return t
}

// contactDefaults reads the template's max_gap_days and link_worker_slot
// and gives each stage without a gap limit of its own the default: the
// template's before the move, none from the move on.
func (v *validator) contactDefaults(raw *rawTemplate, t *Template) {
	t.MaxGapDays = defaultMaxGapDays
	if g := raw.MaxGapDays; g != nil {
		if *g < 0 || *g > 7*maxStageWeeks {
			v.errorf("max_gap_days", "give whole days, 0 to turn the check off", "%d days is out of range", *g)
		} else {
			t.MaxGapDays = *g
		}
	}
	beforeMove := true
	for i := range t.Stages {
		s := &t.Stages[i]
		if s.Move {
			beforeMove = false
		}
		if s.MaxGapDays < 0 {
			s.MaxGapDays = 0
			if beforeMove {
				s.MaxGapDays = t.MaxGapDays
			}
		}
	}
	t.LinkWorker = defaultLinkWorker
	if raw.LinkWorkerSlot != "" {
		slot, err := linkmatch.ParseWeeklySlot(raw.LinkWorkerSlot)
		if err != nil {
			v.errorf("link_worker_slot", "write the day and times, for example wed 17:30-18:30", "%v", err)
		} else {
			t.LinkWorker = slot
		}
	}
}

// maxFactor bounds pacing factors: quadrupling a stage is already far beyond
// practice; anything larger is a typing slip.
const maxFactor = 4.0

// maxStageWeeks bounds a stage at two years, the longest a link plan is
// expected to look ahead.
const maxStageWeeks = 104
