package plan

import (
	"bufio"
	"bytes"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/linkmatch/linkmatch"
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

// pattern checks one session pattern at path; nested marks an `instead`.
// It is long because every key of a pattern (and of its fallback, which
// shares the window and time checks through the when closure) is checked
// in one place, in the order the template documents them.
func (v *validator) pattern(r *rawPattern, path string, nested bool) (Pattern, bool) {
	ok := true
	bad := func(key, hint, format string, args ...any) {
		v.errorf(path+"."+key, hint, format, args...)
		ok = false
	}
	var p Pattern
	kinds := "use one of: half_day, full_day, day_and_half, overnight, meeting, milestone"
	k, known := linkmatch.ParseSessionKind(strings.ToLower(strings.TrimSpace(r.Kind)))
	allowed := windowsFor(k)
	switch {
	case r.Kind == "":
		bad("kind", kinds, "the session has no kind")
	case !known:
		bad("kind", kinds, "%q is not a kind of session", r.Kind)
	case allowed == nil:
		bad("kind", kinds, "%s rows are statutory and planned by linkmatch, not by the template", k)
	}
	p.Kind = k
	// when checks a window and its times; prefix is "" for the pattern's own
	// keys and "fallback." for its fallback's.
	when := func(prefix string, k linkmatch.SessionKind, rw, rs, re string) (w Window, start, end linkmatch.Clock) {
		allowed := windowsFor(k)
		fail := func(key, hint, format string, args ...any) { bad(prefix+key, hint, format, args...) }
		i := slices.Index(windowNames[:], strings.ToLower(strings.TrimSpace(rw)))
		switch {
		case rw == "" && prefix != "":
			fail("window", "give the fallback's window, for example \"day\"", "the fallback has no window")
		case rw == "" && len(allowed) > 0:
			w = allowed[0]
		case i < 0:
			fail("window", "use one of: "+strings.Join(windowNames[:], ", "), "%q is not a window", rw)
		case allowed != nil && !slices.Contains(allowed, Window(i)):
			names := make([]string, len(allowed))
			for j, a := range allowed {
				names[j] = a.String()
			}
			fail("window", "a "+k.String()+" session uses window "+strings.Join(names, " or "), "a %s session cannot use the %s window", k, windowNames[i])
		default:
			w = Window(i)
		}
		clock := func(key, s string) linkmatch.Clock {
			c, ok := linkmatch.ParseClock(strings.TrimSpace(s))
			if !ok {
				if s == "" {
					fail(key, "write the time as HH:MM, for example 16:30", "the %s time is missing", key)
				} else {
					fail(key, "write the time as HH:MM, for example 16:30", "%q is not a time of day", s)
				}
			}
			return c
		}
		start = clock("start", rs)
		if k == linkmatch.KindMilestone {
			end = start
			if re != "" {
				end = clock("end", re)
			}
		} else {
			end = clock("end", re)
		}
		if !ok {
			return w, start, end // the checks below need a known window and both times
		}
		switch w {
		case WindowAfterSchool, WindowDay, WindowMeeting:
			if end <= start {
				fail("end", "the end must be after the start on the same day", "the session ends at %s, not after its start at %s", end, start)
			}
		case WindowStageStart:
			if end < start {
				fail("end", "the end must not be before the start", "the milestone ends at %s, before its start at %s", end, start)
			}
		}
		if w == WindowAfterSchool && start < schoolEnds {
			fail("start", "after-school sessions start at 16:00 or later (children are at school until then)", "%s is during the school day", start)
		}
		if w == WindowMeeting && (start < workStarts || end > workEnds) {
			fail("start", fmt.Sprintf("professional meetings are held in working hours, %s to %s", workStarts, workEnds), "%s–%s is outside working hours", start, end)
		}
		return w, start, end
	}
	p.Window, p.Start, p.End = when("", k, r.Window, r.Start, r.End)
	num := func(key string, ptr *int, def, lo, hi int) int {
		if ptr == nil {
			return def
		}
		if *ptr < lo || *ptr > hi {
			bad(key, fmt.Sprintf("use a whole number from %d to %d", lo, hi), "%d is out of range", *ptr)
			return def
		}
		return *ptr
	}
	p.PerWeek = num("per_week", r.PerWeek, 1, 1, 7)
	p.EveryWeeks = num("every_weeks", r.EveryWeeks, 1, 1, maxStageWeeks)
	p.FromWeek = num("from_week", r.FromWeek, 1, 1, maxStageWeeks)
	p.Max = num("max", r.Max, 0, 0, 7*maxStageWeeks)
	days := func(key string, ds []string) []time.Weekday {
		var out []time.Weekday
		for _, d := range ds {
			wd, good := parseWeekday(d)
			if !good {
				bad(key, "use mon, tue, wed, thu, fri, sat or sun", "%q is not a day of the week", d)
				continue
			}
			out = append(out, wd)
		}
		return out
	}
	p.Days = days("days", r.Days)
	if n, good := v.stayNights(r.Nights, p.Window, path); good {
		p.Nights = n
	} else {
		ok = false
	}
	p.Location = strings.TrimSpace(r.Location)
	if p.Location == "" {
		bad("location", "say where it happens, for example \"carer's home\"", "the session has no location")
	}
	p.Note, p.FirstNote = strings.TrimSpace(r.Note), strings.TrimSpace(r.FirstNote)
	p.Joint = r.Joint == nil || *r.Joint
	p.Activity = strings.TrimSpace(r.Activity)
	if p.Activity == "" {
		p.Activity = defaultActivity(k, p.Note)
	}
	if r.Instead != nil {
		switch {
		case nested:
			bad("instead", "an `instead` cannot have its own `instead`", "nested instead")
		case !p.NeedsOvernight():
			bad("instead", "only overnight and day_and_half sessions have an `instead`", "a %s session is never replaced", p.Kind)
		default:
			in := *r.Instead
			in.PerWeek, in.EveryWeeks, in.FromWeek, in.Max = r.PerWeek, r.EveryWeeks, r.FromWeek, r.Max
			if ip, good := v.pattern(&in, path+".instead", true); good {
				if ip.NeedsOvernight() {
					bad("instead.kind", "what replaces an overnight cannot be overnight", "the instead session is %s", ip.Kind)
				}
				p.Instead = &ip
			} else {
				ok = false
			}
		}
	}
	if f := r.Fallback; f != nil {
		if p.Kind == linkmatch.KindMilestone {
			bad("fallback", "remove it: a milestone marks the stage start", "a milestone has no fallback")
		} else {
			fb := p
			fb.Instead = nil
			if f.Kind != "" {
				fk, known := linkmatch.ParseSessionKind(strings.ToLower(strings.TrimSpace(f.Kind)))
				switch {
				case !known || windowsFor(fk) == nil || fk == linkmatch.KindMilestone:
					bad("fallback.kind", "use one of: half_day, full_day, day_and_half, overnight, meeting", "%q cannot be a fallback's kind", f.Kind)
				case fk.Paid() != p.Kind.Paid():
					bad("fallback.kind", "a session with the child falls back to another session with the child", "a %s cannot fall back to a %s", p.Kind, fk)
				default:
					fb.Kind = fk
				}
			}
			fb.Window, fb.Start, fb.End = when("fallback.", fb.Kind, f.Window, f.Start, f.End)
			switch {
			case fb.Window != WindowStay:
				fb.Nights = 0
			case p.Window != WindowStay:
				bad("fallback.window", "only a stay falls back to a stay: it takes the session's nights", "a %s session cannot fall back to a stay", p.Window)
			}
			if f.Days != nil {
				fb.Days = days("fallback.days", f.Days)
			}
			if a := strings.TrimSpace(f.Activity); a != "" {
				fb.Activity = a
			}
			if n := strings.TrimSpace(f.Note); n != "" {
				fb.Note, fb.FirstNote = n, ""
			}
			if ok {
				p.Fallback = &fb
			}
		}
	}
	return p, ok
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

func parseWeekday(s string) (time.Weekday, bool) {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "sun", "sunday":
		return time.Sunday, true
	case "mon", "monday":
		return time.Monday, true
	case "tue", "tuesday":
		return time.Tuesday, true
	case "wed", "wednesday":
		return time.Wednesday, true
	case "thu", "thursday":
		return time.Thursday, true
	case "fri", "friday":
		return time.Friday, true
	case "sat", "saturday":
		return time.Saturday, true
	}
	return 0, false
}

// keyLocations maps a TOML key path with array indexes, such as
// "stage[2].session[0].kind", to its line and column. The TOML decoder
// reports one position per key name (the last one seen), which points at the
// wrong stage for arrays of tables; this scan of the text follows each
// [[table]] header instead. It understands the template's plain layout —
// one `key = value` per line under [table] and [[array]] headers — and
// falls back to the nearest table header for anything else.
type keyLocations map[string][2]int

func locateKeys(data []byte) keyLocations {
	loc := keyLocations{}
	counts := map[string]int{} // array header name → elements seen, scoped by parent
	prefix := ""
	sc := bufio.NewScanner(bytes.NewReader(data))
	for line := 1; sc.Scan(); line++ {
		raw := sc.Text()
		s := strings.TrimSpace(raw)
		col := len(raw) - len(strings.TrimLeft(raw, " \t")) + 1
		switch {
		case s == "" || s[0] == '#':
		case strings.HasPrefix(s, "[["):
			name := strings.TrimSpace(strings.Trim(strings.SplitN(s, "#", 2)[0], "[] \t"))
			parent := parentPath(prefix, name)
			key := parent + "|" + name
			i := counts[key]
			counts[key] = i + 1
			prefix = joinPath(parent, lastPart(name)) + fmt.Sprintf("[%d]", i)
			loc[prefix] = [2]int{line, col}
			loc[stripIndexes(prefix)] = [2]int{line, col}
		case s[0] == '[':
			name := strings.TrimSpace(strings.Trim(strings.SplitN(s, "#", 2)[0], "[] \t"))
			prefix = joinPath(parentPath(prefix, name), lastPart(name))
			loc[prefix] = [2]int{line, col}
		default:
			k, _, found := strings.Cut(s, "=")
			if !found {
				continue
			}
			k = strings.Trim(strings.TrimSpace(k), `"`)
			loc[joinPath(prefix, k)] = [2]int{line, col}
		}
	}
	return loc
}

// parentPath resolves the parent of a header name "a.b.c" against the
// current indexed prefix: "stage.session" under "stage[2].gate" is
// "stage[2]".
func parentPath(prefix, name string) string {
	parts := strings.Split(name, ".")
	if len(parts) == 1 {
		return ""
	}
	want := parts[:len(parts)-1]
	cur := strings.Split(prefix, ".")
	var out []string
	for i, w := range want {
		if i < len(cur) && stripIndexes(cur[i]) == w {
			out = append(out, cur[i])
		} else {
			out = append(out, w)
		}
	}
	return strings.Join(out, ".")
}

func lastPart(name string) string {
	i := strings.LastIndexByte(name, '.')
	return name[i+1:]
}

func joinPath(a, b string) string {
	if a == "" {
		return b
	}
	return a + "." + b
}

// find returns the position of path, or of its nearest located ancestor.
func (l keyLocations) find(path string) (line, col int) {
	for p := path; p != ""; {
		if pos, ok := l[p]; ok {
			return pos[0], pos[1]
		}
		i := strings.LastIndexAny(p, ".[")
		if i < 0 {
			break
		}
		p = p[:i]
	}
	return 0, 0
}

// stripIndexes turns "stage[2].session[0].kind" into "stage.session.kind".
func stripIndexes(path string) string {
	var b strings.Builder
	skip := false
	for _, r := range path {
		switch {
		case r == '[':
			skip = true
		case r == ']':
			skip = false
		case !skip:
			b.WriteRune(r)
		}
	}
	return b.String()
}

// defaultMaxGapDays: issue 12 — before the move a child should not go more
// than a fortnight without seeing the link carer; a practice judgement
// (the scheme's rhythm is weekly, seed 000: "dinner once per week").
const defaultMaxGapDays = 14

// defaultLinkWorker is the link-worker session assumed when neither the
// child's row nor the template says: Wednesday 17:30–18:30, after tea, when
// residential staff commonly hold key-work sessions (seed 003 §4 asks for
// one a week but sets no time).
var defaultLinkWorker = linkmatch.WeeklySlot{Day: time.Wednesday, Start: 17*60 + 30, End: 18*60 + 30}

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
			v.errorf(path+".until", hint, "%q is not a way for a stage to end", text)
			return
		}
		s.Until, s.UntilDate = UntilDate, d
	}
	if !last {
		v.errorf(path+".until", "only the last stage can be open-ended; give the others weeks", "stage %q is open-ended but is not the last stage", s.Name)
	}
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
