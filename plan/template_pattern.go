package plan

import (
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/linkmatch/linkmatch"
	"github.com/linkmatch/linkmatch/input"
)

// patternCheck checks one session pattern of a template: each key of the
// pattern (and of its instead and fallback) has its own method, in the order
// the template documents them, and every problem is recorded at its key.
type patternCheck struct {
	v    *validator
	path string // the pattern's key path, such as "stage[1].session[0]"
	ok   bool   // false once any problem was recorded
}

// bad records a problem at key (relative to the pattern) and marks the
// pattern as not usable.
func (c *patternCheck) bad(kind input.Kind, key, hint, format string, args ...any) {
	c.v.fail(kind, c.path+"."+key, hint, format, args...)
	c.ok = false
}

// kindNames is the hint for a pattern's kind.
const kindNames = "use one of: half_day, full_day, day_and_half, overnight, meeting, milestone"

// pattern checks one session pattern at path; nested marks an `instead`.
func (v *validator) pattern(r *rawPattern, path string, nested bool) (Pattern, bool) {
	c := &patternCheck{v: v, path: path, ok: true}
	var p Pattern
	p.Kind = c.kind(r.Kind)
	p.Window, p.Start, p.End = c.when("", p.Kind, r.Window, r.Start, r.End)
	p.PerWeek = c.count("per_week", r.PerWeek, 1, 1, 7)
	p.EveryWeeks = c.count("every_weeks", r.EveryWeeks, 1, 1, maxStageWeeks)
	p.FromWeek = c.count("from_week", r.FromWeek, 1, 1, maxStageWeeks)
	p.Max = c.count("max", r.Max, 0, 0, 7*maxStageWeeks)
	p.Days = c.days("days", r.Days)
	if n, good := c.v.stayNights(r.Nights, p.Window, path); good {
		p.Nights = n
	} else {
		c.ok = false
	}
	p.Location = strings.TrimSpace(r.Location)
	if p.Location == "" {
		c.bad(input.ErrMissingValue, "location", "say where it happens, for example \"carer's home\"", "the session has no location")
	}
	p.Note, p.FirstNote = strings.TrimSpace(r.Note), strings.TrimSpace(r.FirstNote)
	p.Joint = r.Joint == nil || *r.Joint
	p.Activity = strings.TrimSpace(r.Activity)
	if p.Activity == "" {
		p.Activity = defaultActivity(p.Kind, p.Note)
	}
	if r.Instead != nil {
		p.Instead = c.instead(r, &p, nested)
	}
	if r.Fallback != nil {
		p.Fallback = c.fallback(r.Fallback, &p)
	}
	return p, c.ok
}

// kind reads the pattern's kind: one a template may plan (reviews and
// visits are statutory rows planned by linkmatch).
func (c *patternCheck) kind(text string) linkmatch.SessionKind {
	k, known := linkmatch.ParseSessionKind(strings.ToLower(strings.TrimSpace(text)))
	switch {
	case text == "":
		c.bad(input.ErrMissingValue, "kind", kindNames, "the session has no kind")
	case !known:
		c.bad(input.ErrBadValue, "kind", kindNames, "%q is not a kind of session", text)
	case windowsFor(k) == nil:
		c.bad(input.ErrBadValue, "kind", kindNames, "%s rows are statutory and planned by linkmatch, not by the template", k)
	}
	return k
}

// when checks a window and its times for a session of kind k; prefix is ""
// for the pattern's own keys and "fallback." for its fallback's.
func (c *patternCheck) when(prefix string, k linkmatch.SessionKind, rw, rs, re string) (w Window, start, end linkmatch.Clock) {
	w = c.window(prefix, k, rw)
	start = c.clock(prefix+"start", rs)
	if k == linkmatch.KindMilestone && re == "" {
		end = start
	} else {
		end = c.clock(prefix+"end", re)
	}
	if !c.ok {
		return w, start, end // the checks below need a known window and both times
	}
	switch w {
	case WindowAfterSchool, WindowDay, WindowMeeting:
		if end <= start {
			c.bad(input.ErrConflict, prefix+"end", "the end must be after the start on the same day", "the session ends at %s, not after its start at %s", end, start)
		}
	case WindowStageStart:
		if end < start {
			c.bad(input.ErrConflict, prefix+"end", "the end must not be before the start", "the milestone ends at %s, before its start at %s", end, start)
		}
	}
	if w == WindowAfterSchool && start < schoolEnds {
		c.bad(input.ErrOutOfRange, prefix+"start", "after-school sessions start at 16:00 or later (children are at school until then)", "%s is during the school day", start)
	}
	if w == WindowMeeting && (start < workStarts || end > workEnds) {
		c.bad(input.ErrOutOfRange, prefix+"start", fmt.Sprintf("professional meetings are held in working hours, %s to %s", workStarts, workEnds), "%s–%s is outside working hours", start, end)
	}
	return w, start, end
}

// window reads a window name, defaulting to the kind's first window (a
// fallback must name its own).
func (c *patternCheck) window(prefix string, k linkmatch.SessionKind, text string) Window {
	allowed := windowsFor(k)
	i := slices.Index(windowNames[:], strings.ToLower(strings.TrimSpace(text)))
	switch {
	case text == "" && prefix != "":
		c.bad(input.ErrMissingValue, prefix+"window", "give the fallback's window, for example \"day\"", "the fallback has no window")
	case text == "" && len(allowed) > 0:
		return allowed[0]
	case i < 0:
		c.bad(input.ErrBadValue, prefix+"window", "use one of: "+strings.Join(windowNames[:], ", "), "%q is not a window", text)
	case allowed != nil && !slices.Contains(allowed, Window(i)):
		names := make([]string, len(allowed))
		for j, a := range allowed {
			names[j] = a.String()
		}
		c.bad(input.ErrConflict, prefix+"window", "a "+k.String()+" session uses window "+strings.Join(names, " or "), "a %s session cannot use the %s window", k, windowNames[i])
	default:
		return Window(i)
	}
	return 0
}

// clock reads a time of day at key.
func (c *patternCheck) clock(key, text string) linkmatch.Clock {
	t, ok := linkmatch.ParseClock(strings.TrimSpace(text))
	switch {
	case ok:
	case text == "":
		c.bad(input.ErrMissingValue, key, "write the time as HH:MM, for example 16:30", "the %s time is missing", key[strings.LastIndexByte(key, '.')+1:])
	default:
		c.bad(input.ErrBadValue, key, "write the time as HH:MM, for example 16:30", "%q is not a time of day", text)
	}
	return t
}

// count reads a whole number from lo to hi, def when absent.
func (c *patternCheck) count(key string, ptr *int, def, lo, hi int) int {
	if ptr == nil {
		return def
	}
	if *ptr < lo || *ptr > hi {
		c.bad(input.ErrOutOfRange, key, fmt.Sprintf("use a whole number from %d to %d", lo, hi), "%d is out of range", *ptr)
		return def
	}
	return *ptr
}

// days reads preferred days of the week, in the words carers' availability
// and link-worker slots use (linkmatch.ParseWeekday: mon … sun).
func (c *patternCheck) days(key string, words []string) []time.Weekday {
	var out []time.Weekday
	for _, d := range words {
		wd, ok := linkmatch.ParseWeekday(strings.TrimSpace(d))
		if !ok {
			c.bad(input.ErrBadValue, key, "use mon, tue, wed, thu, fri, sat or sun", "%q is not a day of the week", d)
			continue
		}
		out = append(out, wd)
	}
	return out
}

// instead checks what replaces an overnight pattern p when overnights are
// not agreed: a session without a night away, run as often as p.
func (c *patternCheck) instead(r *rawPattern, p *Pattern, nested bool) *Pattern {
	switch {
	case nested:
		c.bad(input.ErrConflict, "instead", "an `instead` cannot have its own `instead`", "nested instead")
		return nil
	case !p.NeedsOvernight():
		c.bad(input.ErrConflict, "instead", "only overnight and day_and_half sessions have an `instead`", "a %s session is never replaced", p.Kind)
		return nil
	}
	in := *r.Instead
	in.PerWeek, in.EveryWeeks, in.FromWeek, in.Max = r.PerWeek, r.EveryWeeks, r.FromWeek, r.Max
	ip, ok := c.v.pattern(&in, c.path+".instead", true)
	if !ok {
		c.ok = false
		return nil
	}
	if ip.NeedsOvernight() {
		c.bad(input.ErrConflict, "instead.kind", "what replaces an overnight cannot be overnight", "the instead session is %s", ip.Kind)
	}
	return &ip
}

// fallback checks a pattern's fallback: p in another window, perhaps of
// another kind with the child (paid for paid), with its own days, activity
// and note. nil when anything in the pattern is wrong.
func (c *patternCheck) fallback(f *rawFallback, p *Pattern) *Pattern {
	if p.Kind == linkmatch.KindMilestone {
		c.bad(input.ErrConflict, "fallback", "remove it: a milestone marks the stage start", "a milestone has no fallback")
		return nil
	}
	fb := *p
	fb.Instead = nil
	if f.Kind != "" {
		fk, known := linkmatch.ParseSessionKind(strings.ToLower(strings.TrimSpace(f.Kind)))
		switch {
		case !known || windowsFor(fk) == nil || fk == linkmatch.KindMilestone:
			c.bad(input.ErrBadValue, "fallback.kind", "use one of: half_day, full_day, day_and_half, overnight, meeting", "%q cannot be a fallback's kind", f.Kind)
		case fk.Paid() != p.Kind.Paid():
			c.bad(input.ErrConflict, "fallback.kind", "a session with the child falls back to another session with the child", "a %s cannot fall back to a %s", p.Kind, fk)
		default:
			fb.Kind = fk
		}
	}
	fb.Window, fb.Start, fb.End = c.when("fallback.", fb.Kind, f.Window, f.Start, f.End)
	switch {
	case fb.Window != WindowStay:
		fb.Nights = 0
	case p.Window != WindowStay:
		c.bad(input.ErrConflict, "fallback.window", "only a stay falls back to a stay: it takes the session's nights", "a %s session cannot fall back to a stay", p.Window)
	}
	if f.Days != nil {
		fb.Days = c.days("fallback.days", f.Days)
	}
	if a := strings.TrimSpace(f.Activity); a != "" {
		fb.Activity = a
	}
	if n := strings.TrimSpace(f.Note); n != "" {
		fb.Note, fb.FirstNote = n, ""
	}
	if !c.ok {
		return nil
	}
	return &fb
}

// defaultActivity is the activity of a template session that names none
// (templates written before the activity key): its note, else its kind in
// words.
func defaultActivity(k linkmatch.SessionKind, note string) string {
	if note != "" {
		return note
	}
	switch k {
	case linkmatch.KindHalfDay:
		return "a half day with the carer"
	case linkmatch.KindFullDay:
		return "a day with the carer"
	case linkmatch.KindDayAndHalf:
		return "a weekend stay with the carer"
	case linkmatch.KindOvernight:
		return "an overnight stay with the carer"
	case linkmatch.KindMeeting:
		return "a meeting"
	}
	return k.String()
}

// windowsFor lists the windows a kind may use: a full day needs a day
// without school, a weekend stay is Saturday to Sunday (seed 000), and
// milestones mark the stage start.
func windowsFor(k linkmatch.SessionKind) []Window {
	switch k {
	case linkmatch.KindHalfDay:
		return []Window{WindowAfterSchool, WindowDay}
	case linkmatch.KindFullDay:
		return []Window{WindowDay}
	case linkmatch.KindDayAndHalf:
		return []Window{WindowWeekendStay}
	case linkmatch.KindOvernight:
		return []Window{WindowOvernight, WindowStay}
	case linkmatch.KindMeeting:
		return []Window{WindowMeeting}
	case linkmatch.KindMilestone:
		return []Window{WindowStageStart}
	}
	return nil // reviews and visits are statutory, never template sessions
}
