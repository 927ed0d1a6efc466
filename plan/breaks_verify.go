package plan

import (
	"cmp"
	"fmt"
	"slices"
	"strings"

	"github.com/linkmatch/linkmatch"
)

// VerifyBreaks checks a short-breaks plan against every rule of issue 17,
// from its sessions and warnings alone (none of the planner's bookkeeping),
// and returns one error per breach; nil for a plan that keeps them all:
//
//   - no single stay longer than the template's max_stay_nights;
//   - no overnight before the child has met the carer in Introductions, and
//     a warning for every link without Introductions;
//   - nothing with the child, and no meeting, before a carer's expected
//     approval;
//   - no carer over their offer: most a week, sessions (agreed breaks) and
//     nights a month;
//   - each month of the agreed stage holds what the link's agreement sets,
//     or a warning names that month;
//   - any 12 months with more than 75 days of breaks with one carer is
//     warned of (regulation 48);
//   - reviews within 3 months of the first break and then at most 6 months
//     apart, and visits on days of a break, first within 3 months and then
//     at most 6 months apart, unless marked late or without the carer;
//   - nothing planned from the as-of date on a closed day
//     (Calendar.ClosedBetween: the [plan] closed_days);
//   - the agreement meeting in time the carer offers, and a visit on a
//     working day, or a note on the row that says why not;
//   - a session at the family home (with the social worker) only on a
//     working day;
//   - an after-school session only on a school day (the carer collects
//     the child from school);
//   - a child's stays, with any carer, min_stay_gap_days apart, or a
//     stays_close warning;
//   - nobody in two places at once.
//
// It is the test suite's check, exported so that whole-pipeline tests (and
// anyone planning with their own template) can run it. It checks each
// link in turn (verifier.link, which walks the link's sessions once for
// the per-session rules), then the rules across links: overlaps and the
// gap between a child's stays.
func (p *Planner) VerifyBreaks(links []PlanInput, res *Result) []error {
	tm := p.tmpl
	if tm.Scheme != linkmatch.SchemeShortBreaks {
		return []error{fmt.Errorf("the template %q is not a short-breaks template", tm.Name)}
	}
	v := &verifier{p: p, agreed: tm.Stages[tm.AgreedStage()].Name, warned: map[string][]Warning{}, byLink: map[string][]linkmatch.Session{},
		afterSchool: afterSchoolKeys(tm)}
	for _, w := range res.Warnings {
		v.warned[w.LinkID] = append(v.warned[w.LinkID], w)
	}
	for _, s := range res.Sessions {
		v.byLink[s.LinkID] = append(v.byLink[s.LinkID], s)
	}
	oc := offerCount{week: map[string]int{}, month: map[string]int{}, nights: map[string]int{}, joint: map[jointKey]bool{}}
	order := make([]int, len(links))
	for i := range order {
		order[i] = i
	}
	slices.SortFunc(order, func(a, b int) int { return strings.Compare(links[a].Link.ID, links[b].Link.ID) })
	firsts := p.firstDays(links, order)
	stays := map[string][]linkmatch.Session{}
	for i := range links {
		v.link(&links[i], firsts[i], res, &oc, stays)
	}
	group := map[string]string{}
	for i := range links {
		group[links[i].Link.ID] = links[i].Child.SiblingGroup
	}
	v.overlaps(res.Sessions, group)
	v.staysApart(stays)
	return v.errs
}

// link checks one link of the plan, whose first day is first: each of its
// sessions (sessions), that no stay comes before the child has met the
// carer, that a link without Introductions is warned of, and its months,
// 75 days and rhythm of reviews and visits. It counts the link's sessions
// against the carer's offer in oc, and adds the child's stays of the
// agreed stage to stays.
func (v *verifier) link(in *PlanInput, first linkmatch.Date, res *Result, oc *offerCount, stays map[string][]linkmatch.Session) {
	p := v.p
	id := in.Link.ID
	ss := v.byLink[id]
	lastIntro, firstStay := v.sessions(in, ss, oc, stays)
	if firstStay != 0 && (lastIntro == 0 || firstStay <= lastIntro) {
		v.failf("%s: the first stay on %s comes before the child has met the carer (last introduction %s)", id, firstStay, lastIntro)
	}
	// The plan ends at the horizon, or at 18, when children's short
	// breaks end.
	end := min(p.horizon.AddDays(1), linkmatch.Birthday(in.Child.DateOfBirth, adultAge))
	if e, ok := p.ends[id]; ok {
		end = min(end, e.AddDays(1))
	}
	start := v.agreedStart(in, first, res)
	// A re-plan warns only from its as-of date on: Introductions that
	// ended before it were warned of when they were planned.
	if lastIntro == 0 && !v.hasWarning(id, ProblemNoIntroductions, 0) && start < end && first < end && start > p.asOf {
		v.failf("%s: no Introductions and no warning", id)
	}
	v.months(in, ss, start, end)
	v.reg48Days(id, ss)
	v.reg48Rhythm(id, ss)
}

// sessions checks each of a link's sessions, ss: none before the carer's
// expected approval, none planned on a closed day, time kept (timeKept),
// no stay over max_stay_nights nor before the agreed breaks. It counts
// them against the carer's offer in oc, adds the child's stays of the
// agreed stage to stays, and returns the end of the last introduction and
// the first stay's day (0 when none).
func (v *verifier) sessions(in *PlanInput, ss []linkmatch.Session, oc *offerCount, stays map[string][]linkmatch.Session) (lastIntro, firstStay linkmatch.Date) {
	p, id := v.p, in.Link.ID
	approved := in.Carer.FirstDay(p.start)
	for _, s := range ss {
		if (s.Kind.WithChild() || s.Kind == linkmatch.KindMeeting) && s.Date < approved {
			v.failf("%s: %s on %s, before the carer's expected approval on %s", id, s.Activity, s.Date, approved)
		}
		if (s.Kind.WithChild() || s.Kind == linkmatch.KindMeeting || s.Kind == linkmatch.KindReview) && s.Date >= p.asOf &&
			s.Status == linkmatch.StatusPlanned && p.cal.ClosedBetween(s.Date, s.EndDate) {
			v.failf("%s: %s on %s, a day the plan keeps free (Christmas, New Year)", id, s.Activity, s.Date)
		}
		if s.Date >= p.asOf && s.Status == linkmatch.StatusPlanned {
			v.timeKept(in, s)
		}
		if !s.Kind.WithChild() {
			continue
		}
		nights := int(s.EndDate - s.Date)
		if nights > 0 && s.Stage == v.agreed {
			if o, ok := s.Occurs(); ok {
				stays[in.Child.ID] = append(stays[in.Child.ID], o)
			}
		}
		if nights > p.tmpl.MaxStayNights {
			v.failf("%s: a stay of %d nights from %s; the template allows %d", id, nights, s.Date, p.tmpl.MaxStayNights)
		}
		switch {
		case s.Stage != v.agreed && nights > 0:
			v.failf("%s: a stay on %s in %s, before the agreed breaks", id, s.Date, s.Stage)
		case s.Stage != v.agreed:
			lastIntro = max(lastIntro, s.EndDate)
		case nights > 0 && (firstStay == 0 || s.Date < firstStay):
			firstStay = s.Date
		}
		if o, ok := s.Occurs(); ok {
			v.countOffer(oc, in, o, int(o.EndDate-o.Date))
		}
	}
	return lastIntro, firstStay
}

// timeKept checks that an agreement meeting is in time the carer offers
// and a visit on a working day, or that the row's note says why not
// (gateTimes, planVisits48).
func (v *verifier) timeKept(in *PlanInput, s linkmatch.Session) {
	switch {
	case s.Kind == linkmatch.KindMeeting && !availableAt(in.Carer.Availability, slot{s.Date, s.EndDate, s.Start, s.End}) &&
		!strings.Contains(s.Notes, "outside the times the carer offers"):
		v.failf("%s: the agreement meeting on %s %s is outside the carer's times (%s), and the row does not say so", s.LinkID, s.Date, s.Start, in.Carer.Availability)
	case s.Kind == linkmatch.KindVisit && !v.p.workingDay(s.Date) && !strings.Contains(s.Notes, "no break on a working day"):
		v.failf("%s: the visit on %s %s is not on a working day, and the row does not say why", s.LinkID, s.Date.Weekday(), s.Date)
	case s.Kind.WithChild() && s.Location == locFamily && !v.p.workingDay(s.Date):
		v.failf("%s: %s on %s %s, with the social worker, who meets on working days", s.LinkID, s.Activity, s.Date.Weekday(), s.Date)
	case s.Kind.WithChild() && v.afterSchool[afterSchoolKey{s.Activity, s.Start, s.End}] && !v.p.cal.SchoolDay(s.Date):
		v.failf("%s: %s on %s %s, a day without school", s.LinkID, s.Activity, s.Date.Weekday(), s.Date)
	}
}

// staysApart checks each child's stays, with all their carers: one that
// starts fewer than min_stay_gap_days after the end of the one before, from
// the as-of date on, needs its link's stays_close warning.
//
// Stays with no night at home between them (one beginning on the day the
// one before ends) are one stay to the child: together they are at most
// max_stay_nights, whatever min_stay_gap_days.
func (v *verifier) staysApart(stays map[string][]linkmatch.Session) {
	gap := v.p.tmpl.MinStayGapDays
	for _, ss := range stays {
		slices.SortFunc(ss, func(a, b linkmatch.Session) int { return cmp.Compare(a.Date, b.Date) })
		run := 0
		if len(ss) > 0 {
			run = int(ss[0].EndDate - ss[0].Date)
		}
		for i := 1; i < len(ss); i++ {
			a, b := &ss[i-1], &ss[i]
			if b.Date == a.EndDate {
				run += int(b.EndDate - b.Date)
			} else {
				run = int(b.EndDate - b.Date)
			}
			if b.Date >= v.p.asOf && run > v.p.tmpl.MaxStayNights {
				v.failf("%s: the stay on %s follows the child's stay ending that day: %d nights in a row away, more than max_stay_nights (%d)", b.LinkID, b.Date, run, v.p.tmpl.MaxStayNights)
			}
			if b.Date >= v.p.asOf && int(b.Date-a.EndDate) < gap && !v.hasWarning(b.LinkID, ProblemStaysClose, 0) {
				v.failf("%s: the stay on %s starts %d days after the child's stay ending %s, fewer than min_stay_gap_days (%d), with no warning", b.LinkID, b.Date, int(b.Date-a.EndDate), a.EndDate, gap)
			}
		}
	}
}

// agreedStart is the first day of a link's agreed stage as planned
// (reviews' decisions included), else as its template lays it out.
func (v *verifier) agreedStart(in *PlanInput, first linkmatch.Date, res *Result) linkmatch.Date {
	for _, sp := range res.Stages[in.Link.ID].Spans {
		if sp.Stage == v.agreed {
			return sp.From
		}
	}
	return v.p.baseSegments(in, first).start[v.p.tmpl.AgreedStage()]
}

// offerCount counts each carer's sessions by week and agreed sessions and
// nights by month (keys carer id + the week's Monday or the month's first
// day), and the sibling groups' joint sessions already counted.
type offerCount struct {
	week, month, nights map[string]int
	joint               map[jointKey]bool
}

// countOffer counts a session with the child of nights nights against its
// carer's offer, and fails when the offer is exceeded.
func (v *verifier) countOffer(oc *offerCount, in *PlanInput, s linkmatch.Session, nights int) {
	// Siblings' joint session (the same carer and times, children of
	// one sibling group: issue 12) is one session of the carer's
	// offer, as the planner's diary books it once.
	if g := in.Child.SiblingGroup; g != "" {
		key := jointKey{s.CarerID, g, s.Date, s.Start, s.EndDate, s.End}
		if oc.joint[key] {
			return
		}
		oc.joint[key] = true
	}
	ws := s.Date.AddDays(-((int(s.Date.Weekday()) + 6) % 7))
	month := monthStart(s.Date).String()
	oc.week[s.CarerID+ws.String()]++
	if s.Stage == v.agreed { // Introductions are extra to the monthly offer
		oc.month[s.CarerID+month]++
	}
	oc.nights[s.CarerID+month] += nights
	if o := in.Carer.Offer; o.SessionsPerMonth+o.MostPerWeek+o.OvernightsPerMonth > 0 &&
		(oc.week[s.CarerID+ws.String()] > o.MostPerWeek || oc.month[s.CarerID+month] > o.SessionsPerMonth || oc.nights[s.CarerID+month] > o.OvernightsPerMonth) {
		v.failf("%s: carer %s's offer (%d a week, %d a month, %d nights) exceeded by the session on %s", in.Link.ID, s.CarerID, o.MostPerWeek, o.SessionsPerMonth, o.OvernightsPerMonth, s.Date)
	}
}

// jointKey identifies a siblings' joint session: carer, sibling group and
// times.
type jointKey struct {
	carer, group string
	from         linkmatch.Date
	start        linkmatch.Clock
	to           linkmatch.Date
	end          linkmatch.Clock
}

type verifier struct {
	p      *Planner
	agreed string
	warned map[string][]Warning
	byLink map[string][]linkmatch.Session
	// afterSchool holds the activity and times of every after-school
	// pattern of the template (afterSchoolKeys).
	afterSchool map[afterSchoolKey]bool
	errs        []error
}

type afterSchoolKey struct {
	activity   string
	start, end linkmatch.Clock
}

// afterSchoolKeys lists the template's after-school patterns, fallbacks
// included, by what a session of one shows: activity and times.
func afterSchoolKeys(tm *Template) map[afterSchoolKey]bool {
	out := map[afterSchoolKey]bool{}
	add := func(pat *Pattern) {
		for ; pat != nil; pat = pat.Fallback {
			if pat.Window == WindowAfterSchool {
				out[afterSchoolKey{pat.Activity, pat.Start, pat.End}] = true
			}
		}
	}
	for i := range tm.Breaks {
		add(&tm.Breaks[i].Pattern)
	}
	for i := range tm.Stages {
		for j := range tm.Stages[i].Sessions {
			add(&tm.Stages[i].Sessions[j])
		}
	}
	return out
}

func (v *verifier) failf(format string, args ...any) {
	v.errs = append(v.errs, fmt.Errorf(format, args...))
}

// hasWarning reports whether link id has a warning of problem pr whose
// period holds within (any period when within is zero).
func (v *verifier) hasWarning(id string, pr Problem, within linkmatch.Date) bool {
	for _, w := range v.warned[id] {
		if w.Problem == pr && (within == 0 || within >= w.From && within <= w.To) {
			return true
		}
	}
	return false
}

// months counts each kind's breaks month by month in the agreed stage,
// fallbacks ("instead of …") included.
func (v *verifier) months(in *PlanInput, ss []linkmatch.Session, start, end linkmatch.Date) {
	bs := in.Breaks
	if bs == nil {
		bs = in.Child.Breaks
	}
	for month := monthStart(start); month < end; month = month.AddMonths(1) {
		lo, hi := max(month, start), min(month.AddMonths(1), end)
		if hi <= v.p.asOf {
			continue
		}
		for _, b := range bs {
			k := v.p.tmpl.Break(b.Kind)
			if k == nil {
				v.failf("%s: the template offers no %s breaks", in.Link.ID, b.Kind)
				continue
			}
			got := 0
			for _, s := range ss {
				if s.Stage == v.agreed && s.Date >= lo && s.Date < hi && (s.Activity == k.Activity || strings.HasPrefix(s.Notes, "instead of "+k.Activity)) {
					got++
				}
			}
			if got < monthWant(b.PerMonth, month, lo, hi) && !v.hasWarning(in.Link.ID, ProblemAgreementShort, lo) {
				v.failf("%s: %d of %d %s breaks in the month of %s and no warning", in.Link.ID, got, b.PerMonth, b.Kind, month)
			}
		}
	}
}

// reg48Days counts, by brute force, the days away with the carer in every
// 12 months from a day of a break.
func (v *verifier) reg48Days(id string, ss []linkmatch.Session) {
	days := map[linkmatch.Date]bool{}
	for _, s := range ss {
		if s.Kind.WithChild() && s.Location != locFamily {
			for d := s.Date; d <= s.EndDate; d++ {
				days[d] = true
			}
		}
	}
	for d := range days {
		n := 0
		for e := range days {
			if e >= d && e < d.AddMonths(12) {
				n++
			}
		}
		if n > reg48MaxDays && !v.hasWarning(id, ProblemOver75Days, 0) {
			v.failf("%s: %d days of breaks in the 12 months from %s and no warning", id, n, d)
			return
		}
	}
}

// reg48Rhythm: the first review within 3 months of the first break and
// then at most 6 months apart; visits only on days of a break, the first
// within 3 months and then at most 6 months apart (or marked late).
func (v *verifier) reg48Rhythm(id string, ss []linkmatch.Session) {
	var first linkmatch.Date
	breakDays := map[linkmatch.Date]bool{}
	var reviews, visits []linkmatch.Session
	for _, s := range ss {
		switch {
		case s.Kind.WithChild() && s.Stage == v.agreed:
			if first == 0 {
				first = s.Date
			}
			breakDays[s.Date] = true
		case s.Kind == linkmatch.KindReview:
			reviews = append(reviews, s)
		case s.Kind == linkmatch.KindVisit:
			visits = append(visits, s)
		}
	}
	prev, months := first, reg48FirstMonths
	for _, r := range reviews {
		if r.Date > prev.AddMonths(months) && !strings.Contains(r.Notes, "written report") {
			v.failf("%s: review on %s, more than %d months after %s", id, r.Date, months, prev)
		}
		prev, months = r.Date, reg48IntervalMonths
	}
	prev, months = first, reg48FirstMonths
	for k, s := range visits {
		if !breakDays[s.Date] {
			v.failf("%s: visit on %s, not a day of a break", id, s.Date)
		}
		if due := prev.AddMonths(months); s.Date > due {
			// Late only when no break would have served: from two weeks
			// after the first break (to settle), or the day after the
			// last visit, to the due day.
			from := prev.AddDays(1)
			if k == 0 {
				from = first.AddDays(reg48SettleDays)
			}
			from = max(from, v.p.asOf)
			switch {
			case !strings.Contains(s.Notes, "late"):
				v.failf("%s: visit on %s, more than %d months after %s and not marked late", id, s.Date, months, prev)
			case !v.hasWarning(id, ProblemVisitLate, s.Date):
				v.failf("%s: visit on %s, late (due by %s), and no visit_late warning", id, s.Date, due)
			}
			for d := from; d <= due; d++ {
				if breakDays[d] {
					v.failf("%s: visit on %s, late (due by %s), though the child has a break on %s", id, s.Date, due, d)
					break
				}
			}
		}
		prev, months = s.Date, reg48IntervalMonths
	}
}

// overlaps: a carer never has two children at once, unless siblings share
// one session (the same times, children of one sibling group), and a child
// is never in two sessions at once (visits happen during a break and take
// nobody's time; milestones take none; a review the carer misses is not
// theirs). group gives each link's sibling group.
func (v *verifier) overlaps(ss []linkmatch.Session, group map[string]string) {
	type iv struct {
		from, to int64
		link     string
	}
	joint := func(a, b iv) bool {
		g := group[a.link]
		return g != "" && g == group[b.link] && a.from == b.from && a.to == b.to
	}
	at := func(d linkmatch.Date, c linkmatch.Clock) int64 { return int64(d)*1440 + int64(c) }
	who := map[string][]iv{}
	for _, s := range ss {
		if s.Kind == linkmatch.KindVisit || s.Kind == linkmatch.KindMilestone {
			continue
		}
		// A cancelled session takes nobody's time (a re-plan may plan a
		// break in its place); a moved one takes its new time.
		s, ok := s.Occurs()
		if !ok {
			continue
		}
		x := iv{at(s.Date, s.Start), at(s.EndDate, s.End), s.LinkID}
		withCarer := s.Kind.WithChild() || s.Kind == linkmatch.KindMeeting || s.Kind == linkmatch.KindReview && !strings.Contains(s.Notes, "written report")
		if withCarer {
			who["carer "+s.CarerID] = append(who["carer "+s.CarerID], x)
		}
		if s.Kind.WithChild() {
			who["child "+s.ChildID] = append(who["child "+s.ChildID], x)
		}
	}
	keys := make([]string, 0, len(who))
	for k := range who {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	for _, k := range keys {
		ivs := who[k]
		slices.SortFunc(ivs, func(a, b iv) int { return int(a.from - b.from) })
		for i := 1; i < len(ivs); i++ {
			if ivs[i].from < ivs[i-1].to && !(strings.HasPrefix(k, "carer ") && joint(ivs[i-1], ivs[i])) {
				v.failf("%s double-booked: %s and %s at minute %d", k, ivs[i-1].link, ivs[i].link, ivs[i].from)
			}
		}
	}
}
