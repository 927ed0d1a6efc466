package plan

import (
	"bytes"
	"errors"
	"fmt"
	"reflect"
	"strings"
	"time"

	"github.com/BurntSushi/toml"

	"github.com/linkmatch/linkmatch"
	"github.com/linkmatch/linkmatch/input"
	"github.com/linkmatch/linkmatch/internal/inputfile"
	"github.com/linkmatch/linkmatch/internal/spelling"
)

// Working hours for professional meetings (stage-gate reviews, looked-after
// reviews, placement support meetings): the common local-authority working
// day (issue 12: meetings on working days, in working hours).
const (
	workStarts linkmatch.Clock = 9 * 60
	workEnds   linkmatch.Clock = 17 * 60
)

// schoolEnds is when children are free on a school day: English schools
// finish between 15:00 and 15:30, and 16:00 leaves time to travel. After-school
// sessions may not start before it.
const schoolEnds linkmatch.Clock = 16 * 60

// defaultMaxGapDays: issue 12 — before the move a child should not go more
// than a fortnight without seeing the link carer; a practice judgement
// (the scheme's rhythm is weekly, seed 000: "dinner once per week").
const defaultMaxGapDays = 14

// defaultLinkWorker is the link-worker session assumed when neither the
// child's row nor the template says: Wednesday 17:30–18:30, after tea, when
// residential staff commonly hold key-work sessions (seed 003 §4 asks for
// one a week but sets no time).
func defaultLinkWorker() linkmatch.WeeklySlot {
	return linkmatch.WeeklySlot{Day: time.Wednesday, Start: 17*60 + 30, End: 18*60 + 30}
}

// maxFactor bounds pacing factors: quadrupling a stage is already far beyond
// practice; anything larger is a typing slip.
const maxFactor = 4.0

// maxStageWeeks bounds a stage at two years, the longest a link plan is
// expected to look ahead.
const maxStageWeeks = 104

// ParseTemplate reads a template from TOML text; display names it in
// problems. Errors are an *input.InvalidError listing every problem at its
// file:line:column, each with its kind.
func ParseTemplate(data []byte, display string) (*Template, error) {
	var ps input.Problems
	// A template can come from anyone: nesting deep enough to exhaust the
	// TOML parser's memory is refused before it parses.
	if line, col, ok := inputfile.CheckTOMLDepth(data); !ok {
		ps.Fail(input.ErrMalformed, display, line, col, "", "a template nests tables at most a few levels deep: check the braces { } and brackets [ ]",
			"tables or arrays are nested more than %d deep", inputfile.MaxTOMLDepth)
		return nil, ps.Err()
	}
	var raw rawTemplate
	md, err := toml.NewDecoder(bytes.NewReader(data)).Decode(&raw)
	if err != nil {
		var pe toml.ParseError
		if errors.As(err, &pe) {
			ps.Fail(input.ErrMalformed, display, pe.Position.Line, pe.Position.Col, pe.LastKey, "check the TOML syntax and value types on this line", "%s", pe.Message)
		} else {
			ps.Fail(input.ErrMalformed, display, 0, 0, "", "check the TOML syntax", "%v", err)
		}
		return nil, ps.Err()
	}
	loc := locateKeys(data)
	for _, k := range md.Undecoded() {
		path := k.String()
		line, col := loc.find(path)
		if near := spelling.Near(k[len(k)-1], templateKeys(k[:len(k)-1])); near != "" {
			// A misspelt setting would silently keep its default.
			ps.Fail(input.ErrUnknownName, display, line, col, path, "rename it "+near+" (a key linkmatch does not know is ignored, so the setting would keep its default)",
				"unknown key %q: did you mean %s?", path, near)
			continue
		}
		ps.Warn(input.ErrUnknownName, display, line, col, path, "it is ignored; see the default template for the keys", "unknown key %q", path)
	}
	v := &validator{ps: &ps, file: display, loc: loc}
	t := v.template(&raw)
	if err := ps.Err(); err != nil {
		return nil, err
	}
	return t, nil
}

// validator checks a decoded template, recording every problem at the
// place of its key.
type validator struct {
	ps   *input.Problems
	file string
	loc  keyLocations
}

// fail records a problem of kind at the TOML key path (for example
// "stage[2].session[1].kind"); the column name shown is the path without
// indexes.
func (v *validator) fail(kind input.Kind, path, hint, format string, args ...any) {
	line, col := v.loc.find(path)
	v.ps.Fail(kind, v.file, line, col, stripIndexes(path), hint, format, args...)
}

// template checks the whole template: pacing, then the stages, then the
// contact defaults that depend on where the move is.
func (v *validator) template(raw *rawTemplate) *Template {
	t := &Template{Name: raw.Name, Pacing: v.pacing(raw)}
	if len(raw.Stage) == 0 {
		v.fail(input.ErrMissingValue, "", "add [[stage]] tables, as in the default template", "the template has no stages")
		return t
	}
	moves := 0
	for i := range raw.Stage {
		s := v.stage(&raw.Stage[i], i, i == len(raw.Stage)-1, t)
		if s.Move {
			moves++
		}
		t.Stages = append(t.Stages, s)
	}
	v.scheme(raw, t, moves)
	v.contactDefaults(raw, t)
	return t
}

// pacing checks the complexity factors and the age bands.
func (v *validator) pacing(raw *rawTemplate) Pacing {
	p := Pacing{Complexity: [3]float64{1, 1, 1}}
	for name, f := range raw.Pacing.Complexity {
		c, ok := linkmatch.ParseComplexity(name)
		path := "pacing.complexity." + name
		switch {
		case !ok:
			v.fail(input.ErrUnknownName, path, "use low, medium and high", "%q is not a complexity level", name)
		case !(f > 0 && f <= maxFactor):
			v.fail(input.ErrOutOfRange, path, fmt.Sprintf("use a factor above 0 and at most %g", maxFactor), "the factor %g is out of range", f)
		default:
			p.Complexity[c] = f
		}
	}
	for i, a := range raw.Pacing.Age {
		path := fmt.Sprintf("pacing.age[%d]", i)
		if a.Min == nil || a.Max == nil || a.Factor == nil {
			v.fail(input.ErrMissingValue, path, "give min, max and factor", "an age band needs min, max and factor")
			continue
		}
		switch {
		case *a.Min < 0 || *a.Max < *a.Min || *a.Max > 25:
			v.fail(input.ErrOutOfRange, path+".max", "ages are whole years from 0 to 25, min ≤ max", "the age band %d–%d is not valid", *a.Min, *a.Max)
			continue
		case !(*a.Factor > 0 && *a.Factor <= maxFactor):
			v.fail(input.ErrOutOfRange, path+".factor", fmt.Sprintf("use a factor above 0 and at most %g", maxFactor), "the factor %g is out of range", *a.Factor)
			continue
		}
		for _, b := range p.Age {
			if *a.Min <= b.Max && b.Min <= *a.Max {
				v.fail(input.ErrConflict, path+".min", "age bands must not overlap", "the age band %d–%d overlaps %d–%d", *a.Min, *a.Max, b.Min, b.Max)
			}
		}
		p.Age = append(p.Age, AgeFactor{Min: *a.Min, Max: *a.Max, Factor: *a.Factor, Reason: a.Reason})
	}
	return p
}

// stage checks the i'th stage; t holds the stages before it (for names
// used twice).
func (v *validator) stage(rs *rawStage, i int, last bool, t *Template) Stage {
	path := fmt.Sprintf("stage[%d]", i)
	s := Stage{Name: strings.TrimSpace(rs.Name), Paced: rs.Paced == nil || *rs.Paced, Move: rs.Move, Purpose: rs.Purpose, Agreed: rs.Agreed}
	if s.Name == "" {
		v.fail(input.ErrMissingValue, path, "give every stage a name", "stage %d has no name", i+1)
	} else if t.Stage(s.Name) >= 0 {
		v.fail(input.ErrDuplicate, path+".name", "stage names must differ", "the stage name %q is used twice", s.Name)
	}
	v.until(&s, rs.Until, path, last)
	switch {
	case s.Until != UntilWeeks && rs.Weeks == nil:
		s.Weeks, s.Paced = 1, false // unused: the stage ends by Until
	case rs.Weeks == nil || *rs.Weeks < 1 || *rs.Weeks > maxStageWeeks:
		v.fail(input.ErrOutOfRange, path+".weeks", fmt.Sprintf("give the base length in whole weeks, 1 to %d", maxStageWeeks), "stage %q needs weeks between 1 and %d", s.Name, maxStageWeeks)
	default:
		s.Weeks = *rs.Weeks
	}
	s.MaxGapDays = -1 // the template's default, set by contactDefaults
	if g := rs.MaxGapDays; g != nil {
		if *g < 0 || *g > 7*maxStageWeeks {
			v.fail(input.ErrOutOfRange, path+".max_gap_days", "give whole days, 0 to turn the check off", "%d days is out of range", *g)
		} else {
			s.MaxGapDays = *g
		}
	}
	if s.Move && i == 0 {
		v.fail(input.ErrConflict, path+".move", "put at least one stage before the move", "the move cannot be the first stage: a review must come before it (reg 32)")
	}
	for j := range rs.Session {
		if p, ok := v.pattern(&rs.Session[j], fmt.Sprintf("%s.session[%d]", path, j), false); ok {
			s.Sessions = append(s.Sessions, p)
		}
	}
	if rs.Gate != nil {
		s.Gate = v.gate(*rs.Gate, path+".gate")
	}
	return s
}

// gate checks a stage-gate review: a meeting, by default in the meeting
// window, with no fallback (it already moves to any day of the stage it
// fits). nil when it has a problem.
func (v *validator) gate(g rawPattern, path string) *Pattern {
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
		v.fail(input.ErrConflict, path+".fallback", "remove it: a stage-gate review already moves to any day of the stage it fits", "a stage-gate review has no fallback")
		g.Fallback = nil
	}
	p, ok := v.pattern(&g, path, false)
	if !ok {
		return nil
	}
	if p.Kind != linkmatch.KindMeeting {
		v.fail(input.ErrBadValue, path+".kind", "a stage-gate review is a meeting", "the gate's kind must be meeting")
	}
	return &p
}

// contactDefaults reads the template's max_gap_days and link_worker_slot
// and gives each stage without a gap limit of its own the default: the
// template's before the move; from the move on, the next later stage's
// limit (none when no later stage has one).
func (v *validator) contactDefaults(raw *rawTemplate, t *Template) {
	t.MaxGapDays = defaultMaxGapDays
	if g := raw.MaxGapDays; g != nil {
		if *g < 0 || *g > 7*maxStageWeeks {
			v.fail(input.ErrOutOfRange, "max_gap_days", "give whole days, 0 to turn the check off", "%d days is out of range", *g)
		} else {
			t.MaxGapDays = *g
		}
	}
	// From the move on, a stage without a limit of its own takes the limit
	// of the next stage that has one (Sustain's 28 days in the default
	// template), so the weeks just after the move — the most fragile — do
	// not fall between the limit before the move and the one after it
	// (tryout: a 34-day silence from the move into Sustain went unwarned).
	next := 0
	for i := len(t.Stages) - 1; i >= 0; i-- {
		s := &t.Stages[i]
		if s.MaxGapDays >= 0 {
			next = s.MaxGapDays
			continue
		}
		if !t.beforeMove(i) {
			s.MaxGapDays = next
		}
	}
	for i := range t.Stages {
		s := &t.Stages[i]
		if s.MaxGapDays < 0 {
			s.MaxGapDays = 0
			// The agreed stage of short breaks is checked month by month
			// against the written agreement instead.
			if !s.Agreed {
				s.MaxGapDays = t.MaxGapDays
			}
		}
	}
	t.LinkWorker = defaultLinkWorker()
	if raw.LinkWorkerSlot != "" {
		slot, err := linkmatch.ParseWeeklySlot(raw.LinkWorkerSlot)
		if err != nil {
			v.fail(input.ErrBadValue, "link_worker_slot", "write the day and times, for example wed 17:30-18:30", "%v", err)
		} else {
			t.LinkWorker = slot
		}
	}
}

// until reads a stage's `until` key: "horizon", "18th_birthday" or a date.
func (v *validator) until(s *Stage, text, path string, last bool) {
	text = strings.ToLower(strings.TrimSpace(text))
	if text == "" {
		return
	}
	hint := `use "horizon" (to the end of the plan), "18th_birthday" or a date YYYY-MM-DD`
	switch text {
	case "horizon":
		s.Until = UntilHorizon
	case "18th_birthday":
		s.Until = UntilEighteen
	default:
		d, err := linkmatch.ParseDate(text)
		if err != nil {
			v.fail(input.ErrBadValue, path+".until", hint, "%q is not a way for a stage to end", text)
			return
		}
		s.Until, s.UntilDate = UntilDate, d
	}
	if !last {
		v.fail(input.ErrConflict, path+".until", "only the last stage can be open-ended; give the others weeks", "stage %q is open-ended but is not the last stage", s.Name)
	}
}

// beforeMove reports whether stage i comes before the move stage (every
// stage does when the template has none).
func (t *Template) beforeMove(i int) bool {
	for j := 0; j <= i; j++ {
		if t.Stages[j].Move {
			return false
		}
	}
	return true
}

// templateKeys lists the keys the template table at path (keys without
// indexes, "stage", "session") may hold, read from rawTemplate's fields
// as the TOML decoder matches them: the toml tag, else the field's name
// in lower case. It is nil when path leads to no table of fields.
func templateKeys(path []string) []string {
	t := reflect.TypeOf(rawTemplate{})
	for _, seg := range path {
		f, ok := templateField(t, seg)
		if !ok {
			return nil
		}
		t = elemType(f.Type)
	}
	var keys []string
	eachKey(t, func(name string, _ reflect.StructField) { keys = append(keys, name) })
	return keys
}

// templateField finds the field of struct type t that key decodes into.
func templateField(t reflect.Type, key string) (f reflect.StructField, ok bool) {
	eachKey(t, func(name string, sf reflect.StructField) {
		if !ok && strings.EqualFold(name, key) {
			f, ok = sf, true
		}
	})
	return f, ok
}

// eachKey calls fn with each key of struct type t and its field, the
// fields of embedded structs included.
func eachKey(t reflect.Type, fn func(string, reflect.StructField)) {
	if t.Kind() != reflect.Struct {
		return
	}
	for i := 0; i < t.NumField(); i++ {
		f := t.Field(i)
		switch name, _, _ := strings.Cut(f.Tag.Get("toml"), ","); {
		case f.Anonymous:
			eachKey(elemType(f.Type), fn)
		case name != "":
			fn(name, f)
		default:
			fn(strings.ToLower(f.Name), f)
		}
	}
}

// elemType is t without pointers and slices: the table an array of tables
// or an optional table holds.
func elemType(t reflect.Type) reflect.Type {
	for t.Kind() == reflect.Pointer || t.Kind() == reflect.Slice {
		t = t.Elem()
	}
	return t
}
