package plan

import (
	"cmp"
	"fmt"
	"slices"
	"strings"

	"github.com/linkmatch/linkmatch"
)

// Problem is what a plan warning is about.
type Problem uint8

// Problems a plan can have (issue 12: a plan is never silently thinner
// than its template).
const (
	// ProblemShortSessions: a stage got fewer sessions of a pattern than
	// its template asks for.
	ProblemShortSessions Problem = iota
	// ProblemGap: the child goes longer without seeing the carer than the
	// stage allows (the template's max_gap_days).
	ProblemGap
	// ProblemNoGate: a stage has no stage-gate review.
	ProblemNoGate
	// ProblemEndsAt18: the young person turns 18, leaving care, before the
	// planned move.
	ProblemEndsAt18
	// ProblemDistanceUnknown: the long-term placement's location is not
	// given, so travel after the move is unknown.
	ProblemDistanceUnknown
	// ProblemAgreementShort: a month of short breaks has fewer sessions of
	// a kind than the written agreement sets (seed 002).
	ProblemAgreementShort
	// ProblemOver75Days: a child's short breaks with one carer add up to
	// more than 75 days in some 12 months, beyond regulation 48 of the 2010
	// Regulations (they would no longer be short breaks).
	ProblemOver75Days
	// ProblemNoIntroductions: the child does not meet the carer in
	// Introductions, so no overnight stay is planned.
	ProblemNoIntroductions
	// ProblemProvisional: the carer is still being assessed; the link is
	// provisional and nothing is planned before the expected approval.
	ProblemProvisional
	// ProblemShortNotice: a link ends (--end) less than 28 days after the
	// notice can be given (seed 001 §6: "The notice period is 28 days.").
	ProblemShortNotice
	// ProblemExtendedAgain: --extend extended a stage that an earlier
	// re-plan's --extend (read back from the timeline) had extended
	// already: likely the same --extend given twice.
	ProblemExtendedAgain
	// ProblemNoReview: a looked-after review (CPPCR 2010 reg 33), or the
	// review before the move (reg 32(2)), could not be planned by its due
	// day: held late, or not at all.
	ProblemNoReview
	// ProblemMoveNear18: the young person moves to the long-term family
	// within moveNear18Days of their 18th birthday and is not staying put.
	ProblemMoveNear18
	// ProblemBedrooms: siblings who stay over with one carer outnumber
	// the carer's spare bedrooms, so their stays are not planned (siblings
	// are not split up; matching refuses such a link, a hand-made one
	// gets this warning).
	ProblemBedrooms
	// ProblemNotReady: a step-down stage before the move held too few
	// sessions with the carer (Introductions: no introductory meeting), so
	// the plan stops after its review: no later stage, overnight or move
	// (gateUnit).
	ProblemNotReady
	// ProblemIntroductionsBeyondOffer: a short-breaks link's Introductions
	// hold more sessions than the carer offers in that time (they come on
	// top of the carer's agreed breaks).
	ProblemIntroductionsBeyondOffer
	// ProblemStaysClose: two of a child's stays are closer than the
	// template's min_stay_gap_days.
	ProblemStaysClose
	// ProblemVisitMissed: a statutory visit (regulation 48's visit at a
	// break) was recorded missed or cancelled and is not held again.
	ProblemVisitMissed
	// ProblemVisitLate: regulation 48's visit could not be held at a
	// break in time, as the child has none then: it is at the first
	// break after its due day.
	ProblemVisitLate
)

var problemNames = [...]string{"short_sessions", "gap_in_contact", "no_stage_review", "ends_at_18", "distance_unknown",
	"agreement_short", "over_75_days", "no_introductions", "provisional", "short_notice", "extended_again", "review_missing", "move_near_18", "bedrooms", "not_ready_to_move",
	"introductions_beyond_offer", "stays_close", "visit_missed", "visit_late"}

// moveNear18Days: a move this close to the 18th birthday is warned. 90
// days is the 3 months within which a new placement's second review falls
// (CPPCR 2010 reg 33(2)(a)–(b): the first within 20 working days of the
// move, the second within 3 months of it): a young person moving later
// than that leaves care before the placement has been reviewed twice, and
// the Staying Put decision (Children Act 1989 s.23CZA, inserted by the
// Children and Families Act 2014 s.98) and the pathway plan (Care Leavers
// (England) Regulations 2010) are due before then.
const moveNear18Days = 90

func (p Problem) String() string {
	if int(p) < len(problemNames) {
		return problemNames[p]
	}
	return "unknown"
}

// Warning is one way a link's plan falls short of its template, in words a
// social worker can act on (plan_warnings.csv).
type Warning struct {
	LinkID, ChildID, CarerID string
	Stage                    string
	Problem                  Problem
	// What is short, in plain words ("tea at the carer's home").
	What string
	// Short is by how much, in Unit ("sessions" or "days").
	Short int
	Unit  string
	// From and To bound the period concerned (inclusive).
	From, To linkmatch.Date
	// Why says what stopped the planner, in plain words.
	Why string
}

// maxFills bounds the extra sessions one link gets to close gaps; far more
// than a two-year plan needs, so it only stops a runaway.
const maxFills = 200

// fillGaps closes long gaps in contact: a run of days without a session
// with the carer longer than the stage's max_gap_days gets an extra session
// of one of the stage's patterns (its own window, then its fallback) on the
// latest day that closes the gap. Gaps it cannot close stay for check to
// report.
func (p *Planner) fillGaps(lp *linkPlan, d *diary) {
	var buf []slot
	fills := 0
	for _, g := range p.gaps(lp) {
		cursor := max(g.from, lp.lower)
		for g.to-cursor > linkmatch.Date(g.limit) && fills < maxFills {
			placed := false
			for day := cursor.AddDays(g.limit - 1); day >= cursor && !placed; day-- {
				var end linkmatch.Date
				buf, end, placed = p.fillOn(lp, d, day, g, buf)
				if placed {
					cursor = end.AddDays(1)
					fills++
				}
			}
			if !placed {
				break
			}
		}
	}
}

// fillOn tries to place an extra session on day for gap g; it returns the
// last day the session covers.
func (p *Planner) fillOn(lp *linkPlan, d *diary, day linkmatch.Date, g gap, buf []slot) ([]slot, linkmatch.Date, bool) {
	k := lp.segAt(day)
	si := lp.seg.stage[k]
	st := &p.tmpl.Stages[si]
	stageEnd := lp.seg.end(k)
	for pi := range st.Sessions {
		eff := lp.effective(&st.Sessions[pi])
		if eff == nil || !eff.Kind.Paid() {
			continue
		}
		// Siblings with the carer for whom the session is the same take it
		// together when it is joint (as planPattern does), else alone.
		pts := []party{{lp}}
		if joint := append(party{lp}, siblingsWith(lp, &st.Sessions[pi], eff)...); len(joint) > 1 && eff.Joint {
			pts = []party{joint, {lp}}
		}
		for _, pat := range []*Pattern{eff, eff.Fallback} {
			if pat == nil {
				continue
			}
			n := needsOf(pat)
			buf = p.candidates(pat, day, day.AddDays(1), buf)
			for _, pt := range pts {
				gate := p.gateOfParty(pt, k)
				spec := specFor(st, si, k, pi, pat, 1)
				floor, ceil, ordered := p.introOrder(pt, spec)
				for _, s := range buf {
					if s.endDate >= stageEnd || gate.after(s) || outOfOrder(s, floor, ceil, ordered) || !p.fits(pt, d, s, n) {
						continue
					}
					spec.fill = true
					spec.note = joinNote(fmt.Sprintf("%s %d days without seeing the carer", fillNote, g.limit), pat.Note)
					pt.add(d, s, n, spec)
					for _, o := range pt {
						o.count[o.patIndex(k, pi)]++
					}
					return buf, s.endDate, true
				}
			}
		}
	}
	return buf, 0, false
}

// siblingsWith returns lp's siblings (with the same carer and stages) for
// whom pattern pat of the stage is eff too.
func siblingsWith(lp *linkPlan, pat, eff *Pattern) []*linkPlan {
	var out []*linkPlan
	for _, o := range lp.siblings {
		if o.replan && o.redo == nil && o.effective(pat) == eff {
			out = append(out, o)
		}
	}
	return out
}

// gap is a run of days [from, to) without contact, checked against limit days.
type gap struct {
	from, to linkmatch.Date
	limit    int
}

// gaps returns the runs of days in the plan when the child does not see
// the carer that are longer than the stage's max_gap_days allows, from the
// first day whose contact is known, and reaching past the as-of date. Days
// in stages without a limit split runs; a run spanning stages takes the
// smaller limit. A session covers every day from its start to its end (an
// overnight covers the morning after); a cancelled one covers none.
func (p *Planner) gaps(lp *linkPlan) []gap {
	from, to := lp.history, lp.horizon
	if to <= from {
		return nil
	}
	seen := make([]bool, to-from)
	mark := func(kept *row) {
		r, ok := kept.Occurs()
		if !ok || !r.Kind.WithChild() {
			return
		}
		for day := max(r.Date, from); day <= r.EndDate && day < to; day++ {
			seen[day-from] = true
		}
	}
	for i := range lp.kept {
		mark(&lp.kept[i])
	}
	for i := range lp.rows {
		mark(&lp.rows[i])
	}
	var out []gap
	cur := gap{}
	flush := func(end linkmatch.Date) {
		if cur.from != 0 && cur.limit > 0 && int(end-cur.from) > cur.limit && end > lp.asOf {
			cur.to = end
			out = append(out, cur)
		}
		cur = gap{}
	}
	for day := from; day < to; day++ {
		limit := p.tmpl.Stages[lp.stageAt(day)].MaxGapDays
		if seen[day-from] || limit == 0 {
			flush(day)
			continue
		}
		if cur.from == 0 {
			cur = gap{from: day, limit: limit}
		}
		cur.limit = min(cur.limit, limit)
	}
	flush(to)
	return out
}

// check lists the ways lp's plan falls short of its template: patterns
// with fewer sessions than asked, missing stage-gate reviews, long gaps in
// contact, a plan ending at 18 before the move, and an unknown long-term
// placement. all indexes every link of the run, to name other children in
// reasons.
func (p *Planner) check(lp *linkPlan, d *diary, all []*linkPlan) []Warning {
	var out []Warning
	var warn warnFunc = func(stage string, pr Problem, what string, short int, unit string, from, to linkmatch.Date, why string) {
		out = append(out, Warning{LinkID: lp.in.Link.ID, ChildID: lp.in.Child.ID, CarerID: lp.in.Carer.ID,
			Stage: stage, Problem: pr, What: what, Short: short, Unit: unit, From: from, To: to, Why: why})
	}
	p.checkStages(lp, d, all, warn)
	for _, g := range p.gaps(lp) {
		si := lp.stageAt(g.from)
		var pats []*Pattern
		for pi := range p.tmpl.Stages[si].Sessions {
			if eff := lp.effective(&p.tmpl.Stages[si].Sessions[pi]); eff != nil && eff.Kind.Paid() {
				pats = append(pats, eff, eff.Fallback)
			}
		}
		warn(p.tmpl.Stages[si].Name, ProblemGap, "time with the carer", int(g.to-g.from)-g.limit, "days", g.from, g.to.AddDays(-1),
			fmt.Sprintf("%d days without seeing the carer, %d more than the %d the stage allows: %s", g.to-g.from, int(g.to-g.from)-g.limit, g.limit,
				p.why(lp, d, all, pats, max(g.from, lp.lower), g.to)))
	}
	if !lp.atHome && lp.cutAt18 && lp.eighteen <= lp.move && lp.eighteen >= lp.lower {
		si := lp.stageAt(lp.eighteen.AddDays(-1))
		warn(p.tmpl.Stages[si].Name, ProblemEndsAt18, "the move to a long-term family", 0, "", lp.eighteen, lp.move,
			fmt.Sprintf("the young person turns 18 on %s, before the planned move on %s: they leave care and the plan ends; decide on Staying Put (children.csv staying_put = yes) or leaving-care support", lp.eighteen, lp.move))
	}
	if w, ok := p.moveNear18(lp); ok {
		warn(p.tmpl.Stages[p.tmpl.MoveStage()].Name, ProblemMoveNear18, "the move to a long-term family", lp.move.DaysUntil(lp.eighteen), "days", lp.move, lp.eighteen.AddDays(-1), w)
	}
	if n := lp.staying(nil); n > lp.in.Carer.Bedrooms && lp.horizon > lp.lower {
		warn(p.tmpl.Stages[lp.seg.stage[0]].Name, ProblemBedrooms, "overnight stays together with their siblings", n-lp.in.Carer.Bedrooms, "bedrooms",
			max(lp.seg.start[0], lp.lower), lp.horizon.AddDays(-1), bedroomsWhy(lp, n))
	}
	if lp.notReady != nil {
		out = append(out, p.notReadyWarning(lp))
	}
	if !lp.in.Child.HasMove && lp.move < lp.horizon && lp.move >= lp.lower {
		warn(p.tmpl.Stages[p.tmpl.MoveStage()].Name, ProblemDistanceUnknown, "the carer's travel after the move", 0, "", lp.move, lp.horizon.AddDays(-1),
			"the long-term family's address is not given (children.csv move_lat and move_lon, or move_postcode): the distance after the move is unknown, so no mileage is counted for it")
	}
	if lp.ends {
		out = append(out, p.checkNotice(lp)...)
	}
	for _, m := range lp.missedReviews {
		si := lp.stageAt(min(m.due, lp.horizon.AddDays(-1)))
		warn(p.tmpl.Stages[si].Name, ProblemNoReview, "looked-after review", 1, "meetings", m.due, m.due, m.why(lp.move))
	}
	for _, m := range lp.seg.marks {
		if m.why != reasonExtend || !m.given || m.date >= lp.horizon {
			continue
		}
		if j := slices.IndexFunc(lp.seg.marks, func(o mark) bool { return o.why == reasonExtend && !o.given && o.stage == m.stage }); j >= 0 {
			o := lp.seg.marks[j]
			warn(p.tmpl.Stages[m.stage].Name, ProblemExtendedAgain, "the stage's length", 0, "", min(o.date, m.date), max(o.date, m.date),
				fmt.Sprintf("the timeline re-planned already has %q (on %s), and --extend extended the stage again (%s): an --extend is written into the timeline and read back by every later re-plan, so give it once",
					strings.TrimPrefix(o.activity, markPrefix), o.date, strings.TrimPrefix(m.activity, markPrefix)))
		}
	}
	return append(out, p.checkProvisional(lp, d, all)...)
}

// warnFunc adds a warning about the link being checked.
type warnFunc func(stage string, pr Problem, what string, short int, unit string, from, to linkmatch.Date, why string)

// checkStages warns of each stage's patterns with fewer sessions than
// asked and of stage-gate reviews not held.
func (p *Planner) checkStages(lp *linkPlan, d *diary, all []*linkPlan, warn warnFunc) {
	// The dates of each pattern's sessions, sorted, and the stages whose
	// stage-gate review is held, from one pass over the rows.
	dates := make([][]linkmatch.Date, len(lp.count))
	gates := make([]bool, lp.seg.n())
	for _, rows := range [][]row{lp.kept, lp.rows} {
		for i := range rows {
			r := &rows[i]
			switch {
			case r.pat >= 0:
				ci := lp.patIndex(int(r.seg), r.pat)
				dates[ci] = append(dates[ci], r.Date)
			case r.pat == patGate:
				gates[r.seg] = true
			}
		}
	}
	for _, ds := range dates {
		slices.Sort(ds)
	}
	for k, si := range lp.seg.stage {
		st := &p.tmpl.Stages[si]
		first, end := lp.seg.start[k], min(lp.seg.end(k), lp.horizon)
		if first >= end {
			continue
		}
		for pi := range st.Sessions {
			pat := &st.Sessions[pi]
			eff := lp.effective(pat)
			if eff == nil || eff.Window == WindowStageStart {
				continue
			}
			want, got, firstShort := p.expected(lp, k, pi, dates[lp.patIndex(k, pi)])
			if got < want {
				ws := firstShort
				reason := p.why(lp, d, all, []*Pattern{eff, eff.Fallback}, ws, min(ws.AddDays(7), end))
				if h := p.holidayWhy(lp, eff, ws, min(ws.AddDays(7), end)); h != "" {
					reason = h + reason
				}
				if n := lp.staying(eff); n > lp.in.Carer.Bedrooms {
					reason = bedroomsWhy(lp, n)
				}
				repl, replActivity := lp.replacements(k, pi, eff, first)
				warn(st.Name, ProblemShortSessions, eff.Activity, want-got, "sessions", first, end.AddDays(-1),
					fmt.Sprintf("%s; in the week of %s: %s", plannedWords(got, want, repl, replActivity, eff), ws, reason))
			}
		}
		if st.Gate != nil && !lp.seg.cut[k] {
			last := lp.seg.end(k).AddDays(-1)
			if !gates[k] && last < lp.horizon && last >= lp.lower {
				warn(st.Name, ProblemNoGate, st.Gate.Activity, 1, "meetings", first, last,
					p.why(lp, d, all, []*Pattern{st.Gate}, first, last.AddDays(1)))
			}
		}
	}
}

// checkNotice warns when a link that ends (--end) gives less than the 28
// days' notice seed 001 §6 sets ("The notice period is 28 days."): the
// ending was decided too late for full notice.
func (p *Planner) checkNotice(lp *linkPlan) []Warning {
	end := lp.horizon.AddDays(-1)
	for _, rows := range [][]row{lp.kept, lp.rows} {
		for i := range rows {
			r := &rows[i]
			if r.Kind != linkmatch.KindMilestone || r.Activity != linkmatch.ActivityNotice {
				continue
			}
			days := r.Date.DaysUntil(end)
			if days >= noticeDays {
				return nil
			}
			return []Warning{{LinkID: lp.in.Link.ID, ChildID: lp.in.Child.ID, CarerID: lp.in.Carer.ID, Stage: r.Stage,
				Problem: ProblemShortNotice, What: "notice that the link will end", Short: noticeDays - days, Unit: "days", From: r.Date, To: end,
				Why: fmt.Sprintf("notice is given on %s and the link ends on %s: %s, short of the usual 28; end the link on %s or later for full notice",
					r.Date, end, fmt.Sprintf("%d %s", days, plural(days, "day", "days")), r.Date.AddDays(noticeDays))}}
		}
	}
	return nil
}

// expected returns how many sessions pattern pi of segment k should have
// in lp's plan — PerWeek in each week it runs that ends by the plan's end,
// begins once the link's contact is known and is not over by the as-of
// date, at most Max — how many it has from the first of those weeks on,
// and the first of those weeks without a session of the pattern (dates
// are the pattern's session dates, sorted, cancelled ones included: a
// cancelled session's week was decided).
func (p *Planner) expected(lp *linkPlan, k, pi int, dates []linkmatch.Date) (want, got int, firstShort linkmatch.Date) {
	return p.expectedFrom(lp, k, pi, dates, lp.asOf)
}

// expectedFrom is expected with the weeks over by asOf left out.
func (p *Planner) expectedFrom(lp *linkPlan, k, pi int, dates []linkmatch.Date, asOf linkmatch.Date) (want, got int, firstShort linkmatch.Date) {
	pat := &p.tmpl.Stages[lp.seg.stage[k]].Sessions[pi]
	first, end := lp.seg.start[k], lp.seg.end(k)
	weeks := int(end-first) / 7
	from := linkmatch.Date(0)
	for w := pat.FromWeek - 1; w < weeks; w += pat.EveryWeeks {
		ws := first.AddDays(7 * w)
		if ws.AddDays(7) > lp.horizon {
			break
		}
		if ws < lp.history || ws.AddDays(7) <= asOf {
			continue // before what is known, or over: the past is not planned
		}
		if from == 0 {
			from = ws
		}
		want += pat.PerWeek
		if firstShort == 0 {
			lo, _ := slices.BinarySearch(dates, ws)
			hi, _ := slices.BinarySearch(dates, ws.AddDays(7))
			if hi-lo < pat.PerWeek {
				firstShort = ws
			}
		}
	}
	if pat.Max > 0 {
		want = min(want, pat.Max)
	}
	if firstShort == 0 {
		firstShort = first
	}
	switch {
	case pat.Max > 0:
		got = len(dates) // at most Max in the whole stage, however long ago
	case from != 0:
		lo, _ := slices.BinarySearch(dates, from)
		got = len(dates) - lo
	}
	return want, got, firstShort
}

// holidayWhy says why an after-school session found no day in [from, to)
// when school did not stop it: no school day in them (the holidays) while
// the carer offers the session's time on some weekday, so the session
// would have been after school in term time (as insteadWhy says for short
// breaks); "" otherwise.
func (p *Planner) holidayWhy(lp *linkPlan, pat *Pattern, from, to linkmatch.Date) string {
	if pat.Window != WindowAfterSchool {
		return ""
	}
	h := p.cal.NoSchoolIn(from, to)
	if h == "" {
		return ""
	}
	for d := from; d < to; d++ {
		if !p.cal.Weekend(d) && availableAt(lp.avail, slot{d, d, pat.Start, pat.End}) {
			return "no school in " + h + ", so no time after school; "
		}
	}
	return ""
}

// why says in plain words what stopped the patterns pats (nil entries are
// skipped) from being placed in days [from, to): it tries every candidate
// slot and names the first rule each one breaks, most frequent first.
func (p *Planner) why(lp *linkPlan, d *diary, all []*linkPlan, pats []*Pattern, from, to linkmatch.Date) string {
	counts := map[string]int{}
	var order []string
	note := func(r string) {
		if counts[r] == 0 {
			order = append(order, r)
		}
		counts[r]++
	}
	var buf []slot
	candidates := 0
	offers := offersOnly + availabilityWords(lp.avail)
	for _, pat := range pats {
		if pat == nil {
			continue
		}
		n := needsOf(pat)
		buf = p.candidates(pat, from, to, buf)
		for _, s := range buf {
			candidates++
			p.blockers(lp, d, all, s, n, offers, note)
		}
	}
	if candidates == 0 {
		return "no day in this period suits the session (no day without school for a day-long session, or no Saturday for a weekend stay)"
	}
	slices.SortStableFunc(order, func(a, b string) int { return cmp.Compare(counts[b], counts[a]) })
	avail := ""
	rest := order[:0:0]
	for _, r := range order {
		if strings.HasPrefix(r, offersOnly) {
			avail = r
		} else {
			rest = append(rest, r)
		}
	}
	if len(rest) > 3 {
		rest = rest[:3]
	}
	switch {
	case avail == "":
		return strings.Join(rest, "; ")
	case len(rest) == 0:
		return avail
	}
	return avail + ", and on the days they offer " + strings.Join(rest, "; ")
}

// offersOnly starts the reason that a slot is outside the carer's availability.
const offersOnly = "the carer offers only "

// blockers names, in plain words, every rule slot s breaks for lp (the
// end of the plan or stage alone when it is past them); offers is the
// reason a slot is outside the carer's availability. It calls note with
// each.
func (p *Planner) blockers(lp *linkPlan, d *diary, all []*linkPlan, s slot, n needs, offers string, note func(string)) {
	switch {
	case s.endDate >= lp.horizon && lp.cutAt18:
		note("the young person turns 18 on " + lp.eighteen.String())
		return
	case s.endDate >= lp.horizon:
		note("the plan ends")
		return
	case s.endDate >= lp.seg.end(lp.segAt(s.date)):
		note("the stage ends")
		return
	case p.gateOfParty(party{lp}, lp.segAt(s.date)).after(s):
		day, at, _ := lp.gateOf(lp.segAt(s.date))
		note(fmt.Sprintf("that comes after the stage-gate review on %s at %s (a stage's sessions end before its review)", day, at))
		return
	case s.date < lp.lower:
		note("it is in the past")
		return
	}
	if p.closedFor(s, n) {
		note("the day is closed to sessions and meetings (scenario.toml [plan] closed_days: by default Christmas Day, Boxing Day, New Year's Day and, for meetings, Christmas Eve afternoon)")
		return
	}
	noted := false
	add := func(r string) { note(r); noted = true }
	own := false // the carer's time is taken by this child's own session
	if n.carer {
		if !n.work && !p.carerAvailable(lp.avail, s) {
			note(offers) // the rest does not matter on a day they do not offer
			return
		}
		if b, busy := d.conflict(d.carer[lp.carer], s); busy {
			// A joint session booked in a sibling's name is the child's
			// own too: the child has a row at that time (siblings share
			// the carer's time; other children never do).
			what := lp.activityAt(d, b)
			own = all[b.owner] == lp || what != ""
			if own && what != "" {
				add("the child is already with the carer then (" + what + ")")
			} else {
				add("the carer " + busyWith(b, lp, all))
			}
		}
		if s.endDate > s.date && !d.bedsFree(lp.carer, s, 1, lp.in.Carer.Bedrooms) {
			add("the carer's spare bedrooms are taken by other children's stays")
		}
		if n.paid && lp.atHome {
			if r := p.offerUsed(lp, d, s); r != "" {
				add(r)
			}
		}
	}
	if n.child {
		if b, busy := d.conflict(d.child[lp.child], s); busy {
			switch b.kind {
			case linkmatch.KindLinkWorker:
				add(fmt.Sprintf("the child's link-worker session (%s) takes that time", lp.lw))
			case linkmatch.KindReview:
				add("the child has a looked-after review then")
			case linkmatch.KindVisit:
				add("the social worker visits the child then")
			default:
				if !own {
					add("the child already has a session then")
				}
			}
		}
		if n.paid && d.paidOn(lp.child, s.date) {
			add("the child already sees the carer that day")
		}
		if n.paid && p.atSchool(s) {
			add("the child is at school")
		}
	}
	if !noted {
		note("every slot was taken by sessions planned earlier")
	}
}

// activityAt returns the activity of lp's row booked as b, if any.
func (lp *linkPlan) activityAt(d *diary, b booking) string {
	for _, rows := range [][]row{lp.rows, lp.kept} {
		for i := range rows {
			if r := &rows[i]; d.at(r.Date, r.Start) == b.from && r.Kind == b.kind {
				return r.Activity
			}
		}
	}
	return ""
}

// busyWith says what the carer is doing during booking b.
func busyWith(b booking, lp *linkPlan, all []*linkPlan) string {
	other := all[b.owner]
	if other == lp {
		return "already has the child for another session then"
	}
	who := other.in.Child.ID
	switch b.kind {
	case linkmatch.KindMeeting, linkmatch.KindReview:
		return "has a meeting about " + who + " then"
	}
	return "is with " + who + " then"
}

// availabilityWords describes a carer's availability in plain words:
// "Saturdays", "weekends and weekday evenings".
func availabilityWords(a linkmatch.Availability) string {
	plain := map[string]string{
		"any": "any time", "weekdays": "weekdays", "weekends": "weekends",
		"mon": "Mondays", "tue": "Tuesdays", "wed": "Wednesdays", "thu": "Thursdays",
		"fri": "Fridays", "sat": "Saturdays", "sun": "Sundays",
		"evenings": "weekday evenings", "daytime": "weekday daytimes",
	}
	words := a.Words()
	for i, w := range words {
		words[i] = plain[w]
	}
	switch len(words) {
	case 0:
		return ""
	case 1:
		return words[0]
	}
	return strings.Join(words[:len(words)-1], ", ") + " and " + words[len(words)-1]
}

// moveNear18 says why a move within moveNear18Days of the 18th birthday of
// a young person who is not staying put needs a decision, and whether a
// social worker's visit after the move could be planned; ok is false when
// the move is not that close.
func (p *Planner) moveNear18(lp *linkPlan) (string, bool) {
	if lp.atHome || lp.in.Child.StayingPut || lp.move < lp.lower || lp.move >= lp.eighteen || lp.move >= lp.horizon ||
		lp.move.DaysUntil(lp.eighteen) > moveNear18Days {
		return "", false
	}
	visit := linkmatch.Date(0)
	for _, rows := range [][]row{lp.kept, lp.rows} {
		for i := range rows {
			if r := &rows[i]; r.Kind == linkmatch.KindVisit && r.Date >= lp.move && (visit == 0 || r.Date < visit) {
				visit = r.Date
			}
		}
	}
	seen := "no social worker's visit can be planned between the move and the birthday"
	if visit != 0 {
		seen = "the social worker visits on " + visit.String()
	}
	days := lp.move.DaysUntil(lp.eighteen)
	return fmt.Sprintf("the young person moves on %s, %d %s before their 18th birthday on %s, when they leave care; %s. "+
		"Decide whether the move is still right, or whether they should stay put with the long-term family (children.csv staying_put = yes), and plan leaving-care support",
		lp.move, days, plural(days, "day", "days"), lp.eighteen, seen), true
}

// staying counts the siblings with lp's carer (lp included) whose plans
// have overnight stays: with eff, those for whom eff is a stay (nil: any
// stay agreed); 0 for a child without siblings at the carer.
func (lp *linkPlan) staying(eff *Pattern) int {
	if len(lp.siblings) == 0 || !lp.overnights {
		return 0
	}
	if eff != nil && eff.Window != WindowOvernight && eff.Window != WindowWeekendStay {
		return 0
	}
	n := 1
	for _, o := range lp.siblings {
		if o.overnights {
			n++
		}
	}
	if n < 2 {
		return 0
	}
	return n
}

// bedroomsWhy says why siblings' stays are not planned: too few spare
// bedrooms for all of them at once.
func bedroomsWhy(lp *linkPlan, n int) string {
	beds := lp.in.Carer.Bedrooms
	return fmt.Sprintf("the carer has %d spare %s and the %d children of sibling group %s who stay over need %d: siblings stay together, so no stay is planned for them (link the group with a carer with %d spare bedrooms)",
		beds, plural(beds, "bedroom", "bedrooms"), n, lp.in.Child.SiblingGroup, n, n)
}

// replacements counts lp's sessions of pattern pi of segment k from first
// on that took another activity than eff's (its fallback: a day instead
// of an overnight), so a warning does not count them as eff.
func (lp *linkPlan) replacements(k, pi int, eff *Pattern, first linkmatch.Date) (n int, activity string) {
	for _, rows := range [][]row{lp.kept, lp.rows} {
		for i := range rows {
			r := &rows[i]
			if int(r.seg) == k && r.pat == pi && r.Date >= max(first, lp.asOf) && r.Activity != eff.Activity && !r.fill {
				n++
				activity = r.Activity
			}
		}
	}
	return n, activity
}

// plannedWords says how many of want sessions of eff are planned: "3 of
// 8 planned", or, when some are its fallback, "0 of 14 planned as an
// overnight stay, and 2 as a day with the link carer instead".
func plannedWords(got, want int, repl int, replActivity string, eff *Pattern) string {
	if repl == 0 || repl > got {
		return fmt.Sprintf("%d of %d planned", got, want)
	}
	return fmt.Sprintf("%d of %d planned as %s, and %d as %s instead", got-repl, want, eff.Activity, repl, replActivity)
}
