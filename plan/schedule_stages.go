package plan

import (
	"fmt"
	"slices"

	"github.com/linkmatch/linkmatch"
)

// planUnit plans the new rows of one link, or of siblings linked to the
// same carer together (their stage dates are already shared), most
// constrained first: the child's weekly link-worker session (seed 003), the
// ending (seed 001 §6) and the statutory reviews (regs 32–33) take their
// time before anything optional; then the stage gates, the social worker's
// visits (reg 28) and finally the template's sessions, stage by stage.
func (p *Planner) planUnit(members party, d *diary) {
	// Short breaks: the child lives at home, so there is no residential
	// link worker, and the reviews and visits of regulation 48 follow the
	// agreed breaks (planned after them in run).
	stepDown := p.tmpl.Scheme == linkmatch.SchemeStepDown
	for _, lp := range members {
		if stepDown {
			p.planLinkWorker(lp, d)
		}
		p.planEnding(lp, d)
		if stepDown {
			p.planReviews(lp, d)
		}
		p.planProvisional(lp)
	}
	seg := &members[0].seg
	for k := range seg.stage {
		p.planGate(members, d, k)
	}
	for _, lp := range members {
		if stepDown {
			p.planVisits(lp, d)
		}
		p.planMarks(lp)
	}
	var buf []slot
	for k, si := range seg.stage {
		for pi := range p.tmpl.Stages[si].Sessions {
			pat := &p.tmpl.Stages[si].Sessions[pi]
			if len(members) == 1 {
				if members[0].effective(pat) != nil {
					buf = p.planPattern(members, d, k, pi, buf)
				}
				continue
			}
			for _, pt := range parties(members, pat) {
				buf = p.planPattern(pt, d, k, pi, buf)
			}
		}
	}
	for _, lp := range members {
		p.planLastDay(lp)
	}
}

// parties splits siblings into the parties that hold a pattern together:
// those for whom the same pattern applies (overnights agreed or not) share
// it when it is joint; everyone else holds it alone.
func parties(members party, pat *Pattern) []party {
	var out []party
	shared := map[*Pattern]int{}
	for _, lp := range members {
		eff := lp.effective(pat)
		switch {
		case eff == nil:
		case !eff.Joint:
			out = append(out, party{lp})
		default:
			if i, ok := shared[eff]; ok {
				out[i] = append(out[i], lp)
			} else {
				shared[eff] = len(out)
				out = append(out, party{lp})
			}
		}
	}
	return out
}

// planFallbacks places the sessions that found no slot in their own window
// in their pattern's fallback window, in the same weeks. PlanAll calls it
// once every link has planned its own-window sessions, so a fallback never
// takes a day or a carer's time that a session in its own window (of this
// link or of the carer's other links) could have had. Siblings short in the
// same week try the fallback together first.
func (p *Planner) planFallbacks(members party, d *diary) {
	var buf []slot
	if !slices.ContainsFunc(members, func(lp *linkPlan) bool { return lp.short != nil }) {
		return // nothing was short
	}
	for k, si := range members[0].seg.stage {
		for _, pi := range p.fallbackOrder[si] {
			pat := &p.tmpl.Stages[si].Sessions[pi]
			if len(members) == 1 {
				if members[0].effective(pat) != nil {
					buf = p.planFallback(members, d, k, pi, buf)
				}
				continue
			}
			for _, pt := range parties(members, pat) {
				buf = p.planFallback(pt, d, k, pi, buf)
			}
		}
	}
}

// longestFirst returns stage si's pattern indexes, the longest sessions
// first (stable): in the fallback phase a weekend stay or a day is harder to
// place than a tea, so it chooses its day first.
func longestFirst(st *Stage) []int {
	out := make([]int, len(st.Sessions))
	for i := range out {
		out[i] = i
	}
	length := func(pat *Pattern) int {
		days := 0
		if pat.Window == WindowWeekendStay || pat.Window == WindowOvernight {
			days = 1
		}
		return days*int(minutesPerDay) + int(pat.End) - int(pat.Start)
	}
	slices.SortStableFunc(out, func(a, b int) int { return length(&st.Sessions[b]) - length(&st.Sessions[a]) })
	return out
}

// effective returns the pattern planned for pat in this link: pat, or what
// replaces it when overnights are not agreed; nil when it is left out.
func (lp *linkPlan) effective(pat *Pattern) *Pattern {
	if pat.NeedsOvernight() && !lp.overnights {
		return pat.Instead
	}
	return pat
}

// planGate places segment k's stage-gate review in its last week, as late as
// possible (the review looks back on the whole stage), else earlier in the
// stage; one review for siblings where they can share it. A segment cut
// short by a review's decision had its review; a kept gate stands.
//
// Siblings share a review only while all of them are in the plan at the
// stage's end, as with their looked-after reviews (joinSiblingReview). A
// sibling whose plan ends within the stage (at 18 the young person leaves
// care, adultAge: Children Act 1989 s.22, s.105; or an ending) has its own
// review by its last day, and the others' stage runs on to their review at
// its end (template: "a stage-gate review at its end"): the siblings share
// their stage dates (issue 12), not the elder's last day. A joint review on
// the elder's last day ended the younger's stage there, every later session
// of it dropped (gateOfParty) while the retainer ran on.
func (p *Planner) planGate(members party, d *diary, k int) {
	seg := &members[0].seg
	si := seg.stage[k]
	st := &p.tmpl.Stages[si]
	if st.Gate == nil || seg.cut[k] {
		return
	}
	members = slices.DeleteFunc(slices.Clone(members), func(lp *linkPlan) bool { return lp.keptGate(k) })
	if len(members) == 0 {
		return
	}
	g := st.Gate
	n := needs{carer: true, work: true}
	spec := rowSpec{kind: linkmatch.KindMeeting, stage: si, seg: k, pat: patGate, stageName: st.Name, location: g.Location, activity: g.Activity, note: g.Note}
	first, end := seg.start[k], seg.end(k)
	ownEnd := func(lp *linkPlan) linkmatch.Date { return min(end, lp.horizon) }
	try := func(pt party) bool {
		last := ownEnd(pt[0]).AddDays(-1)
		for _, gt := range p.gateTimes(pt[0], g) {
			for day := last; day >= first; day-- {
				s, ok := meetingSlot(p.cal, day, gt.start, gt.end)
				if ok && (!gt.carerTime || p.carerAvailable(pt[0].avail, s)) && p.fits(pt, d, s, n) {
					sp := spec
					sp.note = joinNote(sp.note, gt.note)
					pt.add(d, s, n, sp)
					return true
				}
			}
		}
		return false
	}
	// The members whose plans are in the stage until the same day, in turn.
	for len(members) > 0 {
		stop := ownEnd(members[0])
		together := slices.DeleteFunc(slices.Clone(members), func(lp *linkPlan) bool { return ownEnd(lp) != stop })
		members = slices.DeleteFunc(members, func(lp *linkPlan) bool { return ownEnd(lp) == stop })
		if len(together) > 1 && try(together) {
			continue
		}
		for _, lp := range together {
			try(party{lp})
		}
	}
}

// planPattern places pattern pi of segment k for a party week by week in
// its own window: in week FromWeek of the stage and every EveryWeeks weeks
// after, PerWeek times (less the member's kept sessions of the pattern that
// week), up to Max. Siblings take one slot together where
// one fits them all, else a slot each. A week with no free slot is skipped
// for now (the check afterwards reports what stays short), except that a
// pattern with Max keeps trying later weeks. When the pattern has a
// fallback window, it records in short the first day of the week of each
// session it could not place (a week short of two sessions is listed
// twice), for planFallbacks.
func (p *Planner) planPattern(pt party, d *diary, k, pi int, buf []slot) []slot {
	lead := pt[0]
	si := lead.seg.stage[k]
	st := &p.tmpl.Stages[si]
	pat := &st.Sessions[pi]
	eff := lead.effective(pat)
	ci := lead.patIndex(k, pi)
	first, end := lead.seg.start[k], lead.seg.end(k)
	n := needsOf(eff)
	if eff.Window == WindowStageStart {
		for _, lp := range pt {
			if lp.count[ci] == 0 && first >= lp.lower && first < lp.horizon {
				party{lp}.add(d, slot{first, first, eff.Start, eff.End}, n, specFor(st, si, k, pi, eff, 0))
				lp.count[ci]++
			}
		}
		return buf
	}
	horizon, lower := lead.horizon, lead.lower
	for _, lp := range pt[1:] {
		horizon, lower = max(horizon, lp.horizon), min(lower, lp.lower)
	}
	weeks := int(end-first) / 7
	var todoBuf party
	for w := pat.FromWeek - 1; w < weeks; w += pat.EveryWeeks {
		ws := first.AddDays(7 * w)
		we := ws.AddDays(7)
		if ws >= horizon {
			break
		}
		if we <= lower {
			continue
		}
		placedAny := false
		for j := range pat.PerWeek {
			todo := todoBuf[:0]
			for _, lp := range pt {
				if (pat.Max == 0 || lp.count[ci] < pat.Max) && ws < lp.horizon && j < pat.PerWeek-lp.keptInWeek(ci, ws) && lp.redoes(ci, ws) {
					todo = append(todo, lp)
				}
			}
			todoBuf = todo
			if len(todo) == 0 {
				break
			}
			var placed uint64
			buf, placed = p.placeOne(todo, d, eff, ws, we, end, n, specFor(st, si, k, pi, eff, todo[0].seenBefore(k, ci)), ci, buf)
			for k, lp := range todo {
				if placed&(1<<k) != 0 {
					placedAny = true
				} else if eff.Fallback != nil {
					if lp.short == nil {
						lp.short = make([][]linkmatch.Date, len(lp.count))
					}
					lp.short[ci] = append(lp.short[ci], ws)
				}
			}
		}
		// A pattern limited by Max that found nothing tries the next week.
		if !placedAny && pat.Max > 0 && pat.EveryWeeks > 1 {
			w -= pat.EveryWeeks - 1
		}
	}
	return buf
}

// placeOne places one session of pattern eff in days [from, to) before the
// stage end: one slot for the whole party if one fits, else a slot for
// each member that can have one. It reports which members got a session,
// as bits by position (a party is at most a carer's capacity, 4).
func (p *Planner) placeOne(pt party, d *diary, eff *Pattern, from, to, end linkmatch.Date, n needs, spec rowSpec, ci int, buf []slot) ([]slot, uint64) {
	var placed uint64
	buf = p.candidates(eff, from, to, buf)
	try := func(q party) bool {
		gate := p.gateOfParty(q, spec.seg)
		floor, ceil, ordered := p.introOrder(q, spec)
		for _, s := range buf {
			if s.endDate >= end || gate.after(s) || outOfOrder(s, floor, ceil, ordered) || !p.fits(q, d, s, n) {
				continue
			}
			q.add(d, s, n, spec)
			for _, lp := range q {
				lp.count[ci]++
			}
			return true
		}
		return false
	}
	if try(pt) {
		return buf, 1<<len(pt) - 1
	}
	if p.withSocialWorker(eff) {
		// The social worker meets on working days: outside the times the
		// carer offers, saying so, rather than at a weekend (issue 17, as
		// the agreement meeting: gateTimes).
		n.work, spec.note = true, joinNote(spec.note, offTimesNote(pt[0]))
		if try(pt) {
			return buf, 1<<len(pt) - 1
		}
	}
	// Siblings stay over together (the Children Act 1989 s22C(8)(c):
	// siblings accommodated together): a stay with more siblings than the
	// carer has spare bedrooms is not split between them (check warns of
	// the bedrooms).
	if len(pt) > 1 && pt.splitStay(eff) {
		for k, lp := range pt {
			if try(party{lp}) {
				placed |= 1 << k
			}
		}
	}
	return buf, placed
}

// splitStay reports whether siblings may take a stay of pattern eff one
// by one: not when there are more of them than the carer's spare
// bedrooms, as a stay one by one would keep them apart.
func (pt party) splitStay(eff *Pattern) bool {
	stay := eff.Window == WindowOvernight || eff.Window == WindowWeekendStay
	return !stay || len(pt) <= pt[0].in.Carer.Bedrooms
}

// seenBefore is how many sessions of pattern ci the link has had: its
// count, or at least one when segment k began before what the timeline
// knows (a link under way), so no session is called the first.
func (lp *linkPlan) seenBefore(k, ci int) int {
	if lp.seg.start[k] < lp.history {
		return max(lp.count[ci], 1)
	}
	return lp.count[ci]
}

// planFallback places pattern pi of segment k in its fallback window, once
// for each week its own window left short, up to Max: siblings short in
// the same week together where they can be. The link's first session of
// the pattern keeps the pattern's first note, whichever window it ended up
// in.
func (p *Planner) planFallback(pt party, d *diary, k, pi int, buf []slot) []slot {
	lead := pt[0]
	si := lead.seg.stage[k]
	st := &p.tmpl.Stages[si]
	pat := &st.Sessions[pi]
	fb := lead.effective(pat).Fallback
	if fb == nil {
		return buf
	}
	ci := lead.patIndex(k, pi)
	end := lead.seg.end(k)
	n := needsOf(fb)
	// Each short week, with the members short in it (once per missing session).
	type want struct {
		week linkmatch.Date
		lp   *linkPlan
	}
	var wants []want
	for _, lp := range pt {
		if lp.short != nil {
			for _, ws := range lp.short[ci] {
				wants = append(wants, want{ws, lp})
			}
			lp.short[ci] = nil
		}
	}
	slices.SortStableFunc(wants, func(a, b want) int { return int(a.week - b.week) })
	placedAny := map[*linkPlan]bool{}
	// Week by week; a member short twice in a week (PerWeek 2) gets a
	// second round.
	for i := 0; i < len(wants); {
		j := i
		for j < len(wants) && wants[j].week == wants[i].week {
			j++
		}
		week := wants[i:j]
		for len(week) > 0 {
			var todo party
			rest := week[:0]
			for _, w := range week {
				if slices.Contains(todo, w.lp) {
					rest = append(rest, w)
				} else if pat.Max == 0 || w.lp.count[ci] < pat.Max {
					todo = append(todo, w.lp)
				}
			}
			week = rest
			if len(todo) == 0 {
				break
			}
			var placed uint64
			ws := wants[i].week
			buf, placed = p.placeOne(todo, d, fb, ws, ws.AddDays(7), end, n, specFor(st, si, k, pi, fb, todo[0].seenBefore(k, ci)), ci, buf)
			var late party
			for k, lp := range todo {
				placedAny[lp] = placedAny[lp] || placed&(1<<k) != 0
				if placed&(1<<k) == 0 {
					late = append(late, lp)
				}
			}
			buf, late = p.placeHolidayEvening(late, d, k, pi, ws, placedAny, buf)
			if len(late) > 0 {
				var got party
				buf, got = p.catchUp(late, d, k, pi, ws, buf)
				for _, lp := range got {
					placedAny[lp] = true
				}
			}
		}
		i = j
	}
	if fb.FirstNote != "" {
		for _, lp := range pt {
			if placedAny[lp] {
				lp.moveFirstNote(k, pi, fb)
			}
		}
	}
	return buf
}

// placeHolidayEvening places, for the members of late, pattern pi of
// segment k at its holidayEvening in the week of ws, marking placedAny; it
// returns the members still without the session.
func (p *Planner) placeHolidayEvening(late party, d *diary, k, pi int, ws linkmatch.Date, placedAny map[*linkPlan]bool, buf []slot) ([]slot, party) {
	if len(late) == 0 {
		return buf, late
	}
	lead := late[0]
	si := lead.seg.stage[k]
	st := &p.tmpl.Stages[si]
	ev := p.holidayEvening(lead.effective(&st.Sessions[pi]))
	if ev == nil {
		return buf, late
	}
	ci := lead.patIndex(k, pi)
	var placed uint64
	buf, placed = p.placeOne(late, d, ev, ws, ws.AddDays(7), lead.seg.end(k), needsOf(ev), specFor(st, si, k, pi, ev, lead.seenBefore(k, ci)), ci, buf)
	still := late[:0:0]
	for i, lp := range late {
		placedAny[lp] = placedAny[lp] || placed&(1<<i) != 0
		if placed&(1<<i) == 0 {
			still = append(still, lp)
		}
	}
	return buf, still
}

// holidayEvening is the last resort of a step-down after-school session in
// a week without school (half term, the holidays) whose daytime fallback
// found no slot either: the same session at its own evening time on a day
// without school, said to be in the holidays. A carer who offers only
// weekday evenings would otherwise not see the child for the whole summer
// holidays (six weeks; the template's max_gap_days is 14). nil for other
// patterns and for short breaks, where after school means collecting the
// child from school (seed 002).
func (p *Planner) holidayEvening(eff *Pattern) *Pattern {
	if eff == nil || eff.Window != WindowAfterSchool || p.tmpl.Scheme == linkmatch.SchemeShortBreaks {
		return nil
	}
	ev := *eff
	ev.Holidays, ev.Days, ev.Fallback = true, nil, nil
	ev.Note = joinNote(holidayEveningNote, eff.Note)
	ev.FirstNote = ""
	return &ev
}

// holidayEveningNote is said on an after-school session held on an evening
// in the school holidays.
const holidayEveningNote = "an evening in the school holidays (no school that week)"

// catchUpNote is said on a session planned in an earlier week of its
// stage, in place of one the stage's last week could not hold.
const catchUpNote = "planned earlier in the stage: in its last week this would come after the stage-gate review"

// catchUp places, in an earlier week of segment k, a session of pattern pi
// that the week of ws could hold neither in its own window nor in its
// fallback because the stage-gate review falls in that week (a stage's
// sessions end before its review): the last weekend of each stage for a
// carer who offers only weekends. It tries the weeks before, latest first
// (and in each the latest day), in the pattern's own window and then its
// fallback, each member on its own when the party has no slot together,
// and returns who got one. The
// stage then has as many sessions as its template asks; what it cannot
// place stays short and check warns of it.
func (p *Planner) catchUp(pt party, d *diary, k, pi int, ws linkmatch.Date, buf []slot) ([]slot, party) {
	lead := pt[0]
	if p.tmpl.Scheme != linkmatch.SchemeStepDown {
		return buf, nil
	}
	gate := p.gateOfParty(pt, k)
	if gate.none || gate.day >= ws.AddDays(7) || gate.day < ws {
		return buf, nil // the review does not cut this week short
	}
	si := lead.seg.stage[k]
	st := &p.tmpl.Stages[si]
	pat := &st.Sessions[pi]
	eff := lead.effective(pat)
	ci := lead.patIndex(k, pi)
	first, end := lead.seg.start[k], lead.seg.end(k)
	lower := lead.lower
	for _, lp := range pt[1:] {
		lower = max(lower, lp.lower)
	}
	// Not before the pattern's first week (from_week: the first overnight
	// stay waits until the child is ready for it).
	first = max(first, first.AddDays(7*(pat.FromWeek-1)))
	var got party
	todo := slices.Clone(pt)
	for w := ws.AddDays(-7); w >= first && w >= lower && len(todo) > 0; w = w.AddDays(-7) {
		for _, pat := range []*Pattern{eff, eff.Fallback} {
			if pat == nil || len(todo) == 0 {
				continue
			}
			var q party
			for _, lp := range todo {
				// A week the timeline re-planned holds a session of the
				// pattern in (a cancelled one too: it is not replaced that
				// week) is left as it is.
				if lp.redoes(ci, w) && lp.keptInWeek(ci, w) == 0 && (pat.Max == 0 || lp.count[ci] < pat.Max) {
					q = append(q, lp)
				}
			}
			if len(q) == 0 {
				continue
			}
			spec := specFor(st, si, k, pi, pat, q[0].seenBefore(k, ci))
			spec.note = joinNote(spec.note, catchUpNote)
			// The latest day of the week first: nearest the week it
			// replaces, so the child's time without the carer before the
			// next stage is no longer than it need be.
			var placed uint64
			for day := w.AddDays(6); day >= w && placed == 0; day-- {
				buf, placed = p.placeOne(q, d, pat, day, day.AddDays(1), end, needsOf(pat), spec, ci, buf)
			}
			for j, lp := range q {
				if placed&(1<<j) != 0 {
					got = append(got, lp)
					todo = slices.DeleteFunc(todo, func(o *linkPlan) bool { return o == lp })
				}
			}
		}
	}
	return buf, got
}

// moveFirstNote gives the first note of pattern pi of segment k to the
// link's earliest session of it: a fallback placed after the pattern's own
// window may come before the session that took the first note.
func (lp *linkPlan) moveFirstNote(k, pi int, pat *Pattern) {
	for _, r := range lp.kept {
		if int(r.seg) == k && r.pat == pi {
			return // the first session is in the past, kept as it was
		}
	}
	first := -1
	for i := range lp.rows {
		r := &lp.rows[i]
		if int(r.seg) != k || r.pat != pi || r.fill {
			continue
		}
		r.Notes = replaceNote(r.Notes, pat.FirstNote, pat.Note)
		if first < 0 || r.Date < lp.rows[first].Date || (r.Date == lp.rows[first].Date && r.Start < lp.rows[first].Start) {
			first = i
		}
	}
	if first >= 0 {
		lp.rows[first].Notes = replaceNote(lp.rows[first].Notes, pat.Note, pat.FirstNote)
	}
}

// replaceNote swaps the pattern's note at the start of notes (which may go
// on with "together with …") for another.
func replaceNote(notes, from, to string) string {
	if rest, ok := cutPrefix(notes, from); ok {
		return to + rest
	}
	return notes
}

func cutPrefix(s, prefix string) (string, bool) {
	if len(s) >= len(prefix) && s[:len(prefix)] == prefix {
		return s[len(prefix):], true
	}
	return s, false
}

// needsOf says whose time a template session takes: meetings are for the
// adults, in working hours; every other session is with the child and paid
// (seed 001 §6: a carer is paid for time with the child, in or away from
// their home).
func needsOf(pat *Pattern) needs {
	switch pat.Kind {
	case linkmatch.KindMilestone:
		return needs{}
	case linkmatch.KindMeeting:
		return needs{carer: true, work: true}
	}
	return needs{carer: true, child: true, paid: true}
}

// specFor is the row a session of pattern eff (pattern pi of stage si in
// segment k, or its instead or fallback) writes; count is the link's
// sessions of it so far.
func specFor(st *Stage, si, k, pi int, eff *Pattern, count int) rowSpec {
	note := eff.Note
	if count == 0 && eff.FirstNote != "" {
		note = eff.FirstNote
	}
	return rowSpec{kind: eff.Kind, stage: si, seg: k, pat: pi, stageName: st.Name, location: eff.Location, activity: eff.Activity, note: note}
}

// linkWorkerActivity is the activity of the weekly link-worker rows.
const linkWorkerActivity = "the child's weekly session with their link worker at the home"

// planLinkWorker shows the child's weekly link-worker session (seed 003 §4:
// at least one individual session a week) while the child lives in the
// home, before the move: a timeline row a reader can see, and time no
// session with the carer may take. Unpaid, no mileage.
func (p *Planner) planLinkWorker(lp *linkPlan, d *diary) {
	start := max(lp.seg.start[0], lp.lower)
	day := start.AddDays((int(lp.lw.Day) - int(start.Weekday()) + 7) % 7)
	n := needs{child: true}
	for ; day < lp.move && day < lp.horizon; day = day.AddDays(7) {
		if !lp.redoes(-1, day) {
			continue
		}
		s, ok := slot{day, day, lp.lw.Start, lp.lw.End}, false
		note := "the carer is not booked at this time"
		for _, alt := range lp.linkWorkerDays(day) {
			if s.date, s.endDate = alt, alt; d.free(d.child[lp.child], s) {
				ok = true
				if alt != day {
					note = fmt.Sprintf("moved from %s %s, the usual time, which a session moved there takes", day.Weekday(), day)
				}
				break
			}
		}
		if !ok {
			continue
		}
		k := lp.segAt(s.date)
		si := lp.seg.stage[k]
		party{lp}.add(d, s, n, rowSpec{kind: linkmatch.KindLinkWorker, stage: si, seg: k, pat: patStatutory,
			stageName: p.tmpl.Stages[si].Name, location: locHome, activity: linkWorkerActivity, note: note})
	}
}

// linkWorkerDays are the days the link-worker session of the week of day
// may be on: day, its usual day, then the other days of its week (Monday
// to Sunday), nearest first, that the plan may still use. A session moved
// into the usual time moves the link-worker session within its week rather
// than cancelling it (seed 003 §4: at least one individual session a week).
func (lp *linkPlan) linkWorkerDays(day linkmatch.Date) []linkmatch.Date {
	out := []linkmatch.Date{day}
	monday := day.AddDays(-((int(day.Weekday()) + 6) % 7))
	for off := 1; off < 7; off++ {
		for _, alt := range []linkmatch.Date{day.AddDays(off), day.AddDays(-off)} {
			if alt >= monday && alt < monday.AddDays(7) && alt >= lp.lower && alt < lp.move && alt < lp.horizon {
				out = append(out, alt)
			}
		}
	}
	return out
}

// planLastDay marks how the plan ends when it does not simply run its
// stages out: at the 18th birthday (leaving care, or the start of Staying
// Put), at 21 for Staying Put, or at the end of the planning horizon (the
// link carries on; plan its next period). An ending by notice has its own
// rows (planEnding).
func (p *Planner) planLastDay(lp *linkPlan) {
	add := func(day linkmatch.Date, start linkmatch.Clock, activity, note string) {
		if lp.keptHas(day, linkmatch.KindMilestone, activity) {
			return
		}
		k := lp.segAt(day)
		si := lp.seg.stage[k]
		lp.rows = append(lp.rows, row{Session: linkmatch.Session{
			Date: day, Start: start, EndDate: day, End: start, Kind: linkmatch.KindMilestone,
			Stage: p.tmpl.Stages[si].Name, Location: lp.where(day), Activity: activity, Notes: note,
		}, stage: si, seg: int32(k), pat: patStatutory})
	}
	switch {
	case lp.ends:
	case lp.cutAt18 && lp.atHome:
		// The last day of children's short breaks is the day before the
		// 18th birthday (README: the plan ends the day before).
		if last := lp.eighteen.AddDays(-1); last >= lp.lower {
			add(last, 9*60, linkmatch.ActivityShortBreaksEnd,
				"the last day of children's short breaks: the young person turns 18 tomorrow; the transition to adult services should be planned well before now")
		}
	case lp.cutAt18:
		if lp.eighteen >= lp.lower {
			add(lp.eighteen, 9*60, linkmatch.ActivityLeavingCare,
				"the young person leaves care and this link plan ends, unless a Staying Put arrangement with the link carer is agreed")
		}
	case lp.in.Child.StayingPut && lp.eighteen >= lp.lower && lp.eighteen < lp.horizon:
		add(lp.eighteen, 9*60, linkmatch.ActivityStayingPutStarts,
			"from today sessions with the young person are Staying Put time, paid by the week, not at the child rate")
		fallthrough
	default:
		last := lp.horizon.AddDays(-1)
		if last < lp.lower || last < lp.seg.start[0] {
			return
		}
		if lp.in.Child.StayingPut && lp.horizon == linkmatch.Birthday(lp.in.Child.DateOfBirth, stayingPutEnds) {
			add(last, 17*60, linkmatch.ActivityStayingPutEnds, "")
			return
		}
		if lp.atHome {
			add(last, 17*60, linkmatch.ActivityAgreementCarriesOn,
				"the written agreement continues until its review; plan the next period then")
			return
		}
		add(last, 17*60, linkmatch.ActivityPlanEnds,
			"the link carer stays a significant adult; plan the next period at the link review")
	}
}
