package plan

import (
	_ "embed" // the default short-breaks template is embedded data
	"fmt"
	"strings"
	"time"

	"github.com/linkmatch/linkmatch"
	"github.com/linkmatch/linkmatch/input"
)

// A short-breaks template (scheme = "short_breaks") plans Family Link
// short breaks (seed 002): a disabled child living with their family has
// regular breaks with an approved carer under a written agreement that sets
// "the number of sessions, types of activities and other practical
// details". It differs from a step-down template in three ways:
//
//   - It has no move: the child returns home after every break. A move
//     stage is an error.
//   - It lists the kinds of break it offers ([[break]] tables: a name such
//     as after_school or overnight, and a session pattern). Children's rows
//     say how many of each kind they are assessed for a month
//     (linkmatch.Breaks); carers' rows which kinds they offer.
//   - Its last stage is the agreed stage (agreed = true): its sessions are
//     the link's written agreement, placed month by month, not weekly
//     patterns. The stages before it are Introductions, which may not hold
//     an overnight stay: a child always meets the carer first.

//go:embed defaults/short_breaks.toml
var defaultShortBreaksTOML []byte

// BreakKind is one kind of short break a short-breaks template offers: its
// name, as children's and carers' rows write it, and the session pattern
// that places it (window, times, location, activity, fallback). Pattern's
// weekly fields (PerWeek, EveryWeeks, FromWeek, Max) are not used: the
// written agreement says how many a month.
type BreakKind struct {
	Name string
	Pattern
}

// rawBreak is a [[break]] table.
type rawBreak struct {
	Name string
	rawPattern
}

// defaultMaxStayNights: seed 002 — overnight stays "for one night, a
// weekend or a few days"; three nights is "a few days". Regulation 48 of the
// 2010 Regulations, as amended, no longer limits a single stay (its
// original 17-day limit was removed), so the limit is the scheme's, set
// here or by the template's max_stay_nights.
const defaultMaxStayNights = 3

// defaultMinStayGapDays: a week between the end of one of a child's stays
// and the start of the next, so a child with two stays a month is not away
// on consecutive weekends or nights back to back (issue 17). A practice
// judgement: seed 002's breaks are regular and "designed to benefit the
// whole family", which includes time at home between stays; the template's
// min_stay_gap_days changes it (0: no gap).
const defaultMinStayGapDays = 7

// maxStayNightsLimit bounds max_stay_nights: four weeks is a holiday
// placement, not a short break in seed 002's sense.
const maxStayNightsLimit = 28

// DefaultShortBreaksTemplate returns the embedded short-breaks template
// (defaults/short_breaks.toml, documented in that file).
func DefaultShortBreaksTemplate() *Template {
	t, err := ParseTemplate(defaultShortBreaksTOML, "default short-breaks template")
	if err != nil {
		panic(fmt.Sprintf("plan: the embedded short-breaks template is invalid: %v", err)) // a build defect, caught by tests
	}
	return t
}

// DefaultTemplateFor returns the built-in template of a scheme.
func DefaultTemplateFor(s linkmatch.Scheme) *Template {
	if s == linkmatch.SchemeShortBreaks {
		return DefaultShortBreaksTemplate()
	}
	return DefaultTemplate()
}

// Break returns the kind of break named name, or nil.
func (t *Template) Break(name string) *BreakKind {
	for i := range t.Breaks {
		if t.Breaks[i].Name == name {
			return &t.Breaks[i]
		}
	}
	return nil
}

// BreakNames returns the names of the kinds of break, in order.
func (t *Template) BreakNames() []string {
	out := make([]string, len(t.Breaks))
	for i := range t.Breaks {
		out[i] = t.Breaks[i].Name
	}
	return out
}

// FitsAvailability reports whether a carer available at a (carers.csv
// availability) could ever hold a break of this kind, in its own window or
// its fallback's: some day of the week on which the window can fall, wholly
// in time the carer offers. Every day is taken as free of school (the
// holidays), so a weekday day out fits a carer who offers weekday daytimes.
func (k *BreakKind) FitsAvailability(a linkmatch.Availability) bool {
	return patternFits(&k.Pattern, a) || k.Fallback != nil && patternFits(k.Fallback, a)
}

func patternFits(p *Pattern, a linkmatch.Availability) bool {
	monday := linkmatch.DateOf(2027, time.January, 4) // only its weekday matters
	for i := range 7 {
		d := monday.AddDays(i)
		wd := d.Weekday()
		var s slot
		switch p.Window {
		case WindowAfterSchool:
			if wd == time.Saturday || wd == time.Sunday {
				continue
			}
			s = slot{d, d, p.Start, p.End}
		case WindowDay:
			s = slot{d, d, p.Start, p.End}
		case WindowWeekendStay:
			if wd != time.Saturday {
				continue
			}
			s = slot{d, d.AddDays(1), p.Start, p.End}
		case WindowOvernight, WindowStay:
			s = slot{d, d.AddDays(max(p.Nights, 1)), p.Start, p.End}
		default:
			continue
		}
		if availableAt(a, s) {
			return true
		}
	}
	return false
}

// AgreedStage returns the index of the agreed stage of a short-breaks
// template, or -1.
func (t *Template) AgreedStage() int {
	for i := range t.Stages {
		if t.Stages[i].Agreed {
			return i
		}
	}
	return -1
}

// StayNights returns how many nights a session of the pattern keeps the
// child away from home: one for an overnight or a weekend stay, Nights for a
// stay, none otherwise.
func (p *Pattern) StayNights() int {
	switch p.Window {
	case WindowOvernight, WindowWeekendStay:
		return 1
	case WindowStay:
		return p.Nights
	}
	return 0
}

// stayNights reads a pattern's nights key: required for the stay window
// (1 to maxStayNightsLimit), absent for every other.
func (v *validator) stayNights(n *int, w Window, path string) (int, bool) {
	switch {
	case w != WindowStay && n != nil:
		v.fail(input.ErrConflict, path+".nights", `only a stay (window = "stay") has nights; an overnight is one night`, "nights is given for a session in the %s window", w)
		return 0, false
	case w != WindowStay:
		return 0, true
	case n == nil:
		v.fail(input.ErrMissingValue, path+".nights", "give how many nights the stay lasts, for example nights = 3", "a stay needs nights")
		return 0, false
	case *n < 1 || *n > maxStayNightsLimit:
		v.fail(input.ErrOutOfRange, path+".nights", fmt.Sprintf("give 1 to %d nights", maxStayNightsLimit), "%d nights is out of range", *n)
		return 0, false
	}
	return *n, true
}

// scheme reads the template's scheme and checks the stages against it:
// exactly one move stage for step-down; for short breaks no move, an agreed
// last stage with Introductions before it and no overnight in them, and
// the kinds of break.
func (v *validator) scheme(raw *rawTemplate, t *Template, moves int) {
	if raw.Scheme != "" {
		s, ok := linkmatch.ParseScheme(strings.TrimSpace(raw.Scheme))
		if !ok {
			v.fail(input.ErrBadValue, "scheme", "use step_down or short_breaks", "%q is not a scheme", raw.Scheme)
		}
		t.Scheme = s
	}
	if t.Scheme == linkmatch.SchemeStepDown {
		if moves != 1 {
			v.fail(input.ErrConflict, "stage", "mark exactly one stage with move = true", "the template has %d move stages", moves)
		}
		if len(raw.Break) > 0 {
			v.fail(input.ErrConflict, "break", `kinds of break belong to a short-breaks template: add scheme = "short_breaks", or remove them`, "a step-down template lists kinds of break")
		}
		for i := range t.Stages {
			if t.Stages[i].Agreed {
				v.fail(input.ErrConflict, fmt.Sprintf("stage[%d].agreed", i), `only a short-breaks template has an agreed stage: add scheme = "short_breaks", or remove agreed`, "stage %q is agreed in a step-down template", t.Stages[i].Name)
			}
		}
		if raw.MaxStayNights != nil {
			v.fail(input.ErrConflict, "max_stay_nights", `max_stay_nights belongs to a short-breaks template: remove it`, "a step-down template sets max_stay_nights")
		}
		if raw.MinStayGapDays != nil {
			v.fail(input.ErrConflict, "min_stay_gap_days", `min_stay_gap_days belongs to a short-breaks template: remove it`, "a step-down template sets min_stay_gap_days")
		}
		return
	}
	v.shortBreakStages(t)
	t.MaxStayNights = defaultMaxStayNights
	if n := raw.MaxStayNights; n != nil {
		if *n < 1 || *n > maxStayNightsLimit {
			v.fail(input.ErrOutOfRange, "max_stay_nights", fmt.Sprintf("give 1 to %d nights (seed 002: one night, a weekend or a few days)", maxStayNightsLimit), "%d nights is out of range", *n)
		} else {
			t.MaxStayNights = *n
		}
	}
	t.MinStayGapDays = defaultMinStayGapDays
	if n := raw.MinStayGapDays; n != nil {
		if *n < 0 || *n > linkmatch.MaxStayGapDays {
			v.fail(input.ErrOutOfRange, "min_stay_gap_days", fmt.Sprintf("give 0 (no gap) to %d days", linkmatch.MaxStayGapDays), "%d days is out of range", *n)
		} else {
			t.MinStayGapDays = *n
		}
	}
	v.breakKinds(raw, t)
}

// shortBreakStages checks the stages of a short-breaks template.
func (v *validator) shortBreakStages(t *Template) {
	agreed := -1
	for i := range t.Stages {
		st := &t.Stages[i]
		path := fmt.Sprintf("stage[%d]", i)
		if st.Move {
			v.fail(input.ErrConflict, path+".move", "remove move = true: in short breaks the child lives at home with their family and goes home after every break",
				"stage %q is a move stage, but a short-breaks template has no move", st.Name)
		}
		if st.Agreed {
			if agreed >= 0 {
				v.fail(input.ErrConflict, path+".agreed", "mark exactly one stage, the last, with agreed = true", "stages %q and %q are both agreed", t.Stages[agreed].Name, st.Name)
			}
			agreed = i
		}
	}
	switch {
	case agreed < 0:
		v.fail(input.ErrMissingValue, "stage", "mark the last stage with agreed = true: its sessions are the written agreement's breaks", "the template has no agreed stage")
		return
	case agreed != len(t.Stages)-1:
		v.fail(input.ErrConflict, fmt.Sprintf("stage[%d].agreed", agreed), "make the agreed stage the last one", "stage %q is agreed but is not the last stage", t.Stages[agreed].Name)
	case agreed == 0:
		v.fail(input.ErrConflict, "stage[0].agreed", "put an Introductions stage first: the child meets the carer before the agreed breaks begin", "the agreed stage is the first stage")
	}
	st := &t.Stages[agreed]
	if len(st.Sessions) > 0 {
		v.fail(input.ErrConflict, fmt.Sprintf("stage[%d].session", agreed), "remove the sessions: the agreed stage holds the written agreement's breaks, set by each child's row", "the agreed stage %q lists sessions", st.Name)
	}
	// Introductions before any overnight: a child never stays the night
	// with a carer they have not met (issue 17).
	for i := range agreed {
		for j := range t.Stages[i].Sessions {
			pat := &t.Stages[i].Sessions[j]
			for _, q := range []*Pattern{pat, pat.Fallback, pat.Instead} {
				if q != nil && q.NeedsOvernight() {
					v.fail(input.ErrConflict, fmt.Sprintf("stage[%d].session[%d].kind", i, j), "the child meets the carer in the daytime first: move overnight stays to the agreed breaks",
						"stage %q, before the agreed breaks, holds an overnight stay", t.Stages[i].Name)
				}
			}
		}
	}
}

// breakKinds reads the [[break]] tables of a short-breaks template.
func (v *validator) breakKinds(raw *rawTemplate, t *Template) {
	if len(raw.Break) == 0 {
		v.fail(input.ErrMissingValue, "break", "add [[break]] tables, as in the default short-breaks template", "the template offers no kinds of break")
		return
	}
	for i := range raw.Break {
		rb := &raw.Break[i]
		path := fmt.Sprintf("break[%d]", i)
		name := strings.TrimSpace(rb.Name)
		if _, err := linkmatch.ParseBreaks("1 " + name + " per month"); err != nil || name == "" {
			v.fail(input.ErrBadValue, path+".name", "name the kind with lower-case letters and underscores, for example after_school", "%q is not a name for a kind of break", rb.Name)
			continue
		}
		if t.Break(name) != nil {
			v.fail(input.ErrDuplicate, path+".name", "give each kind of break a different name", "the kind %q is given twice", name)
			continue
		}
		if rb.Instead != nil {
			v.fail(input.ErrConflict, path+".instead", "remove it: a child assessed for overnight breaks is matched with a carer who offers them", "a kind of break has no instead")
			continue
		}
		pat, ok := v.pattern(&rb.rawPattern, path, false)
		if !ok {
			continue
		}
		if !pat.Kind.Paid() {
			v.fail(input.ErrConflict, path+".kind", "a break is time with the child: half_day, full_day, day_and_half or overnight", "a break cannot be a %s", pat.Kind)
			continue
		}
		if n := pat.StayNights(); n > t.MaxStayNights {
			v.fail(input.ErrOutOfRange, path+".window", fmt.Sprintf("keep single stays to %d nights (max_stay_nights), or raise max_stay_nights", t.MaxStayNights),
				"a break of kind %q lasts %d nights, longer than the template allows", name, n)
			continue
		}
		t.Breaks = append(t.Breaks, BreakKind{Name: name, Pattern: pat})
	}
}

// TemplateInfo is a template as a scenario loader checks rows against it:
// its name and scheme and its kinds of break. It has the methods of
// scenarios.TemplateInfo, so that package scenarios can check children's
// and carers' rows against a template without importing plan.
type TemplateInfo struct{ t *Template }

// Name is the template's name.
func (i TemplateInfo) Name() string { return i.t.Name }

// Scheme is the scheme the template plans.
func (i TemplateInfo) Scheme() linkmatch.Scheme { return i.t.Scheme }

// BreakNames are the kinds of break the template offers, in order.
func (i TemplateInfo) BreakNames() []string { return i.t.BreakNames() }

// BreakNights returns how many nights a break of kind keeps the child
// away; ok is false when the template does not offer kind.
func (i TemplateInfo) BreakNights(kind string) (nights int, ok bool) {
	k := i.t.Break(kind)
	if k == nil {
		return 0, false
	}
	return k.StayNights(), true
}

// BreakFits reports whether a carer available at a could ever hold a break
// of kind (BreakKind.FitsAvailability); false for a kind not offered.
func (i TemplateInfo) BreakFits(kind string, a linkmatch.Availability) bool {
	k := i.t.Break(kind)
	return k != nil && k.FitsAvailability(a)
}

// ReadTemplateInfo parses a template for a scenario loader: data, named
// display in problems, or, when data is nil, the built-in template of
// scheme. Problems are an *input.InvalidError.
func ReadTemplateInfo(data []byte, display string, scheme linkmatch.Scheme) (TemplateInfo, error) {
	if data == nil {
		return TemplateInfo{DefaultTemplateFor(scheme)}, nil
	}
	t, err := ParseTemplate(data, display)
	if err != nil {
		return TemplateInfo{}, err
	}
	return TemplateInfo{t}, nil
}

// BreaksNeedUntil is the day a child whose link starts on start must still
// be under 18 for the link to be worth making: after Introductions, paced
// for the child (the template's stages before the agreed one), and the
// three months of breaks to the first review of regulation 48 (CPPCR 2010
// reg 48(3), in place of reg 33: within 3 months of the first break).
// Children's short breaks end at 18 (seed 002: Family Link is for disabled
// children and young people; from 18 the Care Act 2014's adult services
// take over), so a link ending sooner is Introductions and a few breaks
// before a second change for the young person; matching leaves such a
// child out, with this day in the reason.
func (i TemplateInfo) BreaksNeedUntil(c *linkmatch.Child, start linkmatch.Date) linkmatch.Date {
	t := i.t
	f := t.Factor(c.Complexity, linkmatch.AgeOn(c.DateOfBirth, start))
	d := start
	for s := range max(t.AgreedStage(), 0) {
		d = d.AddDays(7 * t.PacedWeeks(s, f))
	}
	return d.AddMonths(reg48FirstMonths)
}
