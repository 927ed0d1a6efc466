package plan

import (
	"context"
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/linkmatch/linkmatch"
)

var testStart = linkmatch.MustParseDate("2027-01-04")

// genLinks makes n synthetic links between random children and carers,
// deterministically from seed: carers with random availability, bedrooms
// (0–3) and capacity (1–4, seed 001 §3), so carers with several links share
// their evenings, weekends and bedrooms.
func genLinks(seed uint64, n int) []PlanInput {
	rng := rand.New(rand.NewPCG(seed, 0x11c4))
	sets := availabilitySets()
	var carers []linkmatch.Carer
	var places []int
	for len(places) < n {
		id := fmt.Sprintf("K%05d", len(carers)+1)
		a := sets[len(carers)%len(sets)]
		c := linkmatch.Carer{ID: id, Capacity: 1 + rng.IntN(4), Bedrooms: rng.IntN(4), Overnight: rng.IntN(5) > 0, Availability: a}
		for range c.Capacity {
			places = append(places, len(carers))
		}
		carers = append(carers, c)
	}
	rng.Shuffle(len(places), func(i, j int) { places[i], places[j] = places[j], places[i] })
	out := make([]PlanInput, n)
	byCarer := map[int][]int{}
	for i := range out {
		age := 3 + rng.IntN(15) // 3 to 17: the oldest turn 18 during the plan
		ch := linkmatch.Child{
			ID:          fmt.Sprintf("C%05d", i+1),
			DateOfBirth: testStart.AddDays(-365*age - rng.IntN(365)),
			Complexity:  linkmatch.Complexity(rng.IntN(3)),
			Overnight:   rng.IntN(4) > 0,
			StayingPut:  age >= 15 && rng.IntN(3) == 0,
		}
		if rng.IntN(3) > 0 {
			ch.LastReview = testStart.AddDays(-rng.IntN(240))
		}
		if rng.IntN(3) == 0 {
			day := time.Weekday(rng.IntN(7))
			start := linkmatch.Clock(14*60 + 30*rng.IntN(10))
			ch.LinkWorker = linkmatch.WeeklySlot{Day: day, Start: start, End: start + 60}
		}
		c := carers[places[i]]
		byCarer[places[i]] = append(byCarer[places[i]], i)
		out[i] = PlanInput{Link: linkmatch.Link{ID: LinkID(ch.ID, c.ID), ChildID: ch.ID, CarerID: c.ID}, Child: ch, Carer: c}
	}
	// Sibling groups: a third of the carers with several links have
	// siblings among them, of different ages and needs.
	for k := range carers {
		if ids := byCarer[k]; len(ids) >= 2 && rng.IntN(3) == 0 {
			for _, i := range ids[:2+rng.IntN(len(ids)-1)] {
				out[i].Child.SiblingGroup = fmt.Sprintf("S%05d", k)
			}
		}
	}
	return out
}

// availabilitySets are every set of one or two availability words, and a
// few of three: the carers of genLinks cycle through them.
func availabilitySets() []linkmatch.Availability {
	words := linkmatch.AvailabilityNames()
	var out []linkmatch.Availability
	for i, a := range words {
		fa, _ := linkmatch.ParseAvailabilityWord(a)
		out = append(out, fa)
		for j, b := range words[i+1:] {
			fb, _ := linkmatch.ParseAvailabilityWord(b)
			out = append(out, fa|fb)
			if j%3 == 0 && i+j+2 < len(words) {
				fc, _ := linkmatch.ParseAvailabilityWord(words[i+j+2])
				out = append(out, fa|fb|fc)
			}
		}
	}
	return out
}

func newTestPlanner(t testing.TB, opt Options) *Planner {
	t.Helper()
	if opt.Start == 0 {
		opt.Start = testStart
	}
	p, err := NewPlanner(DefaultTemplate(), defaultCalendar(2026, 2029), opt)
	if err != nil {
		t.Fatal(err)
	}
	return p
}

func TestPlanInvariants(t *testing.T) {
	for seed := uint64(1); seed <= 6; seed++ {
		t.Run(fmt.Sprint("seed", seed), func(t *testing.T) {
			links := genLinks(seed, 150)
			p := newTestPlanner(t, Options{})
			res, err := p.PlanAll(context.Background(), links)
			if err != nil {
				t.Fatal(err)
			}
			checkInvariants(t, p, links, res.Sessions)
			checkGapsReported(t, p, links, res)
			checkSiblingReviews(t, links, res)
		})
	}
}

// checkGapsReported: every run of more than the template's max_gap_days
// without seeing the carer before the move (or before 18, when the plan
// ends first) is listed in the warnings, found here from the sessions
// alone.
func checkGapsReported(t *testing.T, p *Planner, links []PlanInput, res *Result) {
	t.Helper()
	limit := p.tmpl.MaxGapDays
	contact := map[string]map[linkmatch.Date]bool{}
	moves := map[string]linkmatch.Date{}
	stopped := map[string]bool{} // the plan stops: nothing after it to check
	for _, s := range res.Sessions {
		if s.Kind.WithChild() {
			if contact[s.LinkID] == nil {
				contact[s.LinkID] = map[linkmatch.Date]bool{}
			}
			for d := s.Date; d <= s.EndDate; d++ {
				contact[s.LinkID][d] = true
			}
		}
		if s.Kind == linkmatch.KindMilestone && (strings.Contains(s.Activity, "moves") || s.Activity == linkmatch.ActivityNotReady) {
			moves[s.LinkID] = s.Date // the plan stops, or changes its rule
			stopped[s.LinkID] = s.Activity == linkmatch.ActivityNotReady
		}
	}
	reported := func(id string, from, to linkmatch.Date) bool {
		for _, w := range res.Warnings {
			if w.LinkID == id && w.Problem == ProblemGap && w.From <= from && w.To >= to {
				return true
			}
		}
		return false
	}
	// After the move: the limit of the last stage that sets one (Sustain's
	// 28 days), from the move day itself, whatever the stage in between.
	after, moveStage := 0, false
	for _, st := range p.tmpl.Stages {
		moveStage = moveStage || st.Move
		if moveStage && st.MaxGapDays > 0 {
			after = st.MaxGapDays
		}
	}
	check := func(id string, from, end linkmatch.Date, limit int) {
		run := linkmatch.Date(0)
		for d := from; d <= end; d++ {
			if d < end && !contact[id][d] {
				if run == 0 {
					run = d
				}
				continue
			}
			if run != 0 && int(d-run) > limit && !reported(id, run, d.AddDays(-1)) {
				t.Errorf("%s: %d days without contact from %s to %s, not in the warnings", id, d-run, run, d.AddDays(-1))
			}
			run = 0
		}
	}
	for _, in := range links {
		id := in.Link.ID
		end := min(linkmatch.Birthday(in.Child.DateOfBirth, 18), p.horizon.AddDays(1))
		if in.Child.StayingPut {
			end = p.horizon.AddDays(1)
		}
		m, moved := moves[id]
		if moved {
			check(id, p.start, min(end, m), limit)
		} else {
			check(id, p.start, end, limit)
		}
		if moved && !stopped[id] && after > 0 && m < end {
			check(id, m, end, after)
		}
	}
}

// minutes is an absolute time in minutes, for overlaps across midnight.
func minutes(d linkmatch.Date, c linkmatch.Clock) int64 { return int64(d)*1440 + int64(c) }

// takesCarer reports whether the carer is there: sessions, meetings and
// reviews, unless the review notes say the carer sends a report instead.
func takesCarer(s *linkmatch.Session) bool {
	switch {
	case s.Kind.WithChild(), s.Kind == linkmatch.KindMeeting:
		return true
	case s.Kind == linkmatch.KindReview:
		return !strings.Contains(s.Notes, "written report")
	}
	return false
}

// takesChild reports whether the row takes the child's time.
func takesChild(s *linkmatch.Session) bool {
	switch s.Kind {
	case linkmatch.KindReview, linkmatch.KindVisit, linkmatch.KindLinkWorker:
		return true
	}
	return s.Kind.WithChild()
}

// checkInvariants checks, independently of the planner's own bookkeeping,
// what every plan must satisfy (issue 12): the carer's availability as the
// union of their words; professional meetings on working days in working
// hours; no carer or child ever in two places at once (siblings' joint
// sessions are the same slot); bedrooms; siblings moving on one day; no
// child-rate session on or after the 18th birthday and nothing after it
// unless staying put; and the statutory rhythm.
func checkInvariants(t *testing.T, p *Planner, links []PlanInput, got []linkmatch.Session) {
	t.Helper()
	tmpl, cal := p.tmpl, p.cal
	byLink := map[string]*PlanInput{}
	for i := range links {
		byLink[links[i].Link.ID] = &links[i]
	}
	errs := 0
	fail := func(s *linkmatch.Session, format string, args ...any) {
		t.Helper()
		errs++
		if errs <= 20 {
			t.Errorf("%s %s %s–%s %s %s: %s", s.LinkID, s.Date, s.Start, s.End, s.Kind, s.Stage, fmt.Sprintf(format, args...))
		}
	}
	type iv struct {
		from, to int64
		s        *linkmatch.Session
	}
	carerTime := map[string][]iv{}
	childTime := map[string][]iv{}
	beds := map[string]int{}
	lastStage := map[string]int{}
	moves := map[string]linkmatch.Date{}
	stopped := map[string]linkmatch.Date{} // links not ready to move on
	met := map[string]linkmatch.Date{}     // end of the first session with the child
	reviews := map[string][]linkmatch.Date{}
	visits := map[string][]linkmatch.Date{}
	// The last stage-gate review of each link's stage: the stage's
	// sessions with the child end before it (plan-leftovers b).
	type when struct {
		date  linkmatch.Date
		start linkmatch.Clock
	}
	gates := map[[2]string]when{}
	for i := range got {
		s := &got[i]
		if si := tmpl.Stage(s.Stage); si >= 0 && s.Kind == linkmatch.KindMeeting && tmpl.Stages[si].Gate != nil && s.Activity == tmpl.Stages[si].Gate.Activity {
			key := [2]string{s.LinkID, s.Stage}
			if g, ok := gates[key]; !ok || s.Date > g.date || s.Date == g.date && s.Start > g.start {
				gates[key] = when{s.Date, s.Start}
			}
		}
	}
	for i := range got {
		s := &got[i]
		if g, ok := gates[[2]string{s.LinkID, s.Stage}]; ok && s.Kind.WithChild() && s.Date >= p.asOf && (s.EndDate > g.date || s.EndDate == g.date && s.End > g.start) {
			fail(s, "a session of the stage ending after its stage-gate review on %s at %s", g.date, g.start)
		}
	}
	for i := range got {
		s := &got[i]
		in := byLink[s.LinkID]
		if in == nil {
			fail(s, "unknown link")
			continue
		}
		if i > 0 {
			a := &got[i-1]
			if a.Date > s.Date || (a.Date == s.Date && (a.Start > s.Start || (a.Start == s.Start && a.LinkID > s.LinkID))) {
				fail(s, "not sorted by date, start, link id")
			}
		}
		if s.Date < p.start || s.Date > p.horizon {
			fail(s, "outside the plan %s to %s", p.start, p.horizon)
		}
		if s.EndDate < s.Date || (s.EndDate == s.Date && s.End < s.Start) {
			fail(s, "ends before it starts")
		}
		if s.Kind > linkmatch.KindStayingPut || s.Location == "" || s.Stage == "" || s.Activity == "" {
			fail(s, "kind, location, stage and activity must be set")
		}
		if strings.Contains(s.Notes, "seed 0") || strings.Contains(s.Activity, "seed 0") {
			fail(s, "a source citation in user-facing text: %q", s.Notes)
		}
		si := tmpl.Stage(s.Stage)
		if si < 0 {
			fail(s, "unknown stage")
		} else if si < lastStage[s.LinkID] {
			fail(s, "stage out of order")
		} else {
			lastStage[s.LinkID] = si
		}
		if s.Kind == linkmatch.KindMilestone && tmpl.Stages[max(si, 0)].Move && strings.Contains(s.Activity, "moves") {
			moves[s.LinkID] = s.Date
		}
		// Readiness (family-finder tryout, item 1): the first session with
		// the child is an introductory meeting, no overnight stay comes
		// before one, and a link stopped as not ready has nothing after.
		if s.Activity == linkmatch.ActivityNotReady {
			stopped[s.LinkID] = s.Date
		}
		if st, ok := stopped[s.LinkID]; ok && s.Date > st {
			fail(s, "after the plan stopped on %s (not ready to move on)", st)
		}
		if s.Kind.WithChild() && !in.Link.UnderWay() {
			if _, ok := met[s.LinkID]; !ok {
				if si != 0 && s.Date >= p.asOf { // what was recorded before the as-of date happened
					fail(s, "the link's first session with the child is not an introductory meeting")
				}
				met[s.LinkID] = s.EndDate
			} else if s.EndDate > s.Date && s.Date < met[s.LinkID] {
				fail(s, "an overnight stay before the introductory meeting ends")
			}
		}
		// Eighteen: no child-rate session on or after the birthday; nothing
		// after it but the birthday's milestone unless staying put.
		b18 := linkmatch.Birthday(in.Child.DateOfBirth, 18)
		switch {
		case s.Kind.Paid() && s.EndDate >= b18:
			fail(s, "a child-rate session on or after the 18th birthday %s", b18)
		case s.Kind == linkmatch.KindStayingPut && (!in.Child.StayingPut || s.EndDate < b18):
			fail(s, "Staying Put time for a child who is not staying put, or before 18")
		case !in.Child.StayingPut && s.Date > b18:
			fail(s, "after the 18th birthday %s without Staying Put", b18)
		case (s.Kind == linkmatch.KindReview || s.Kind == linkmatch.KindVisit) && s.Date >= b18:
			fail(s, "a looked-after review or visit at 18 or over")
		}
		switch s.Kind {
		case linkmatch.KindReview:
			reviews[s.LinkID] = append(reviews[s.LinkID], s.Date)
		case linkmatch.KindVisit:
			visits[s.LinkID] = append(visits[s.LinkID], s.Date)
		}
		switch s.Kind {
		case linkmatch.KindMeeting, linkmatch.KindReview, linkmatch.KindVisit:
			_, bh := cal.holidays[s.Date]
			if wd := s.Date.Weekday(); wd == time.Saturday || wd == time.Sunday || bh {
				fail(s, "a professional meeting on a weekend or bank holiday")
			}
			if s.Kind != linkmatch.KindVisit && (s.Start < 9*60 || s.End > 17*60 || s.EndDate != s.Date) {
				fail(s, "a professional meeting outside working hours")
			}
		}
		checkClosed(cal, s, fail)
		if takesCarer(s) {
			carerTime[s.CarerID] = append(carerTime[s.CarerID], iv{minutes(s.Date, s.Start), minutes(s.EndDate, s.End), s})
		}
		if takesChild(s) {
			childTime[s.ChildID] = append(childTime[s.ChildID], iv{minutes(s.Date, s.Start), minutes(s.EndDate, s.End), s})
		}
		if s.Kind.WithChild() {
			if !availableTo(in.Carer.Availability, s) {
				fail(s, "outside the carer's availability %v", in.Carer.Availability.Words())
			}
			checkChildFree(cal, s, fail)
			if s.EndDate > s.Date {
				if !(in.Child.Overnight && in.Carer.Overnight && in.Carer.Bedrooms >= 1) {
					fail(s, "an overnight stay that is not agreed")
				}
				for n := s.Date; n < s.EndDate; n++ {
					k := s.CarerID + n.String()
					beds[k]++
					if beds[k] > in.Carer.Bedrooms {
						fail(s, "%d children stay on the night of %s, in %d bedrooms", beds[k], n, in.Carer.Bedrooms)
					}
				}
			}
		}
	}
	siblings := func(a, b *linkmatch.Session) bool {
		x, y := byLink[a.LinkID], byLink[b.LinkID]
		return x.Child.SiblingGroup != "" && x.Child.SiblingGroup == y.Child.SiblingGroup && a.LinkID != b.LinkID &&
			a.Date == b.Date && a.Start == b.Start && a.EndDate == b.EndDate && a.End == b.End &&
			(a.Kind == b.Kind || a.Kind.WithChild() && b.Kind.WithChild())
	}
	for who, m := range map[string]map[string][]iv{"carer": carerTime, "child": childTime} {
		for id, ivs := range m {
			for i := range ivs {
				for j := i + 1; j < len(ivs); j++ {
					a, b := ivs[i], ivs[j]
					if b.from >= a.to && a.to > a.from && b.from >= a.from+int64(7*1440) {
						break // sorted by start; no booking lasts a week
					}
					if a.from < b.to && b.from < a.to && !(who == "carer" && siblings(a.s, b.s)) {
						fail(b.s, "%s %s double-booked with %s %s %s", who, id, a.s.LinkID, a.s.Kind, a.s.Start)
					}
				}
			}
		}
	}
	groupMove := map[string]linkmatch.Date{}
	for id, in := range byLink {
		m, ok := moves[id]
		if g := in.Child.SiblingGroup; g != "" && ok {
			key := in.Carer.ID + "/" + g
			if gm, seen := groupMove[key]; seen && gm != m {
				t.Errorf("%s: siblings in group %s move on %s and %s", id, g, gm, m)
			}
			groupMove[key] = m
		}
		b18 := linkmatch.Birthday(in.Child.DateOfBirth, 18)
		if _, ends := p.ends[id]; !ok && ends {
			continue // the link ended before the move
		}
		if _, stop := stopped[id]; stop {
			if ok {
				t.Errorf("%s: a move after the plan stopped as not ready", id)
			}
			continue
		}
		if !ok {
			movedBefore := in.Link.UnderWay() && tmpl.Stage(in.Link.Stage) > tmpl.MoveStage()
			if b18 > p.horizon && !movedBefore {
				t.Errorf("%s: no move milestone", id)
			}
			continue
		}
		before := false
		for _, r := range reviews[id] {
			before = before || (r < m && r >= p.start)
		}
		if !before && m > p.start.AddDays(preMoveReviewDays) && m < b18 {
			t.Errorf("%s: no review before the move on %s (reg 32)", id, m)
		}
		v := visits[id]
		careEnds := min(b18, p.horizon)
		if e, ok := p.ends[id]; ok {
			careEnds = min(careEnds, e)
		}
		if m.AddDays(firstVisitDays) < careEnds && (len(v) == 0 || v[0] > m.AddDays(firstVisitDays)) {
			t.Errorf("%s: no visit within a week of the move on %s: %v", id, m, v)
		}
		for i := 1; i < len(v); i++ {
			if v[i-1].DaysUntil(v[i]) > visitDays {
				t.Errorf("%s: visits %s and %s more than 6 weeks apart", id, v[i-1], v[i])
			}
		}
	}
}

// availableTo is the carers.csv availability rule written out again: a day
// word offers the whole day; on Monday to Friday (bank holidays included)
// "evenings" offers time from 16:00 and "daytime" time before it.
func availableTo(a linkmatch.Availability, s *linkmatch.Session) bool {
	if a == 0 {
		return true
	}
	flags := map[time.Weekday]linkmatch.Availability{
		time.Monday: linkmatch.AvailMon, time.Tuesday: linkmatch.AvailTue, time.Wednesday: linkmatch.AvailWed,
		time.Thursday: linkmatch.AvailThu, time.Friday: linkmatch.AvailFri, time.Saturday: linkmatch.AvailSat, time.Sunday: linkmatch.AvailSun,
	}
	for d := s.Date; d <= s.EndDate; d++ {
		from, to := 0, 1440
		if d == s.Date {
			from = int(s.Start)
		}
		if d == s.EndDate {
			to = int(s.End)
		}
		if d > s.Date && to == 0 {
			continue
		}
		if a&flags[d.Weekday()] != 0 {
			continue
		}
		if d.Weekday() == time.Saturday || d.Weekday() == time.Sunday {
			return false
		}
		if (from < 960 && a&linkmatch.AvailDaytime == 0) || (to > 960 && a&linkmatch.AvailEvenings == 0) {
			return false
		}
	}
	return true
}

// checkChildFree: a session with the child is never in school hours on a
// school day (08:30–16:00); link-worker sessions are checked as the child's
// time with everything else.
func checkChildFree(cal *Calendar, s *linkmatch.Session, fail func(*linkmatch.Session, string, ...any)) {
	for d := s.Date; d <= s.EndDate; d++ {
		from, to := linkmatch.Clock(0), linkmatch.Clock(1440)
		if d == s.Date {
			from = s.Start
		}
		if d == s.EndDate {
			to = s.End
		}
		if cal.SchoolDay(d) && from < 16*60 && to > 8*60+30 {
			fail(s, "during school hours on a school day")
		}
	}
}

// BenchmarkPlan plans 7,000 generated links (the target: under 2 s).
func BenchmarkPlan(b *testing.B) {
	links := genLinks(42, 7000)
	p := newTestPlanner(b, Options{})
	b.ResetTimer()
	for b.Loop() {
		got, err := sessionsOf(p.PlanAll(context.Background(), links))
		if err != nil {
			b.Fatal(err)
		}
		b.ReportMetric(float64(len(got)), "sessions")
	}
}

// checkClosed: with the default closed days (the scenario default), no
// session with the carer touches Christmas Day, Boxing Day or New Year's
// Day (an overnight ending on one touches it), and no meeting, review or
// visit is held on them or on Christmas Eve afternoon. The days are
// written out here rather than read from the calendar.
func checkClosed(cal *Calendar, s *linkmatch.Session, fail func(*linkmatch.Session, string, ...any)) {
	if !cal.anyClosed {
		return
	}
	closed := func(d linkmatch.Date) bool {
		_, m, dd := d.Civil()
		return m == time.December && (dd == 25 || dd == 26) || m == time.January && dd == 1
	}
	switch s.Kind {
	case linkmatch.KindMeeting, linkmatch.KindReview, linkmatch.KindVisit:
		_, m, dd := s.Date.Civil()
		if closed(s.Date) || m == time.December && dd == 24 && s.End > 12*60 {
			fail(s, "a professional meeting or visit on a closed day or Christmas Eve afternoon")
		}
	}
	if s.Kind.WithChild() {
		for d := s.Date; d <= s.EndDate; d++ {
			if closed(d) && !(d == s.EndDate && d > s.Date && s.End == 0) {
				fail(s, "a session with the carer on %s, a closed day", d)
			}
		}
	}
}

// checkSiblingReviews: siblings with one carer hold their looked-after
// reviews on the same days from the review before the move (five weeks
// before it) until the elder turns 18, so their stage tables agree.
func checkSiblingReviews(t *testing.T, links []PlanInput, res *Result) {
	t.Helper()
	reviews := map[string][]linkmatch.Date{}
	moves := map[string]linkmatch.Date{}
	for _, s := range res.Sessions {
		switch {
		case s.Kind == linkmatch.KindReview:
			reviews[s.LinkID] = append(reviews[s.LinkID], s.Date)
		case s.Kind == linkmatch.KindMilestone && strings.Contains(s.Activity, "moves"):
			moves[s.LinkID] = s.Date
		}
	}
	pairs := 0
	for i := range links {
		for j := i + 1; j < len(links); j++ {
			a, b := &links[i], &links[j]
			if a.Child.SiblingGroup == "" || a.Child.SiblingGroup != b.Child.SiblingGroup || a.Carer.ID != b.Carer.ID {
				continue
			}
			move, ok := moves[a.Link.ID]
			if !ok {
				continue
			}
			end := min(linkmatch.Birthday(a.Child.DateOfBirth, 18), linkmatch.Birthday(b.Child.DateOfBirth, 18))
			if end <= move {
				continue // the elder leaves care before the move
			}
			within := func(ds []linkmatch.Date) []linkmatch.Date {
				var out []linkmatch.Date
				for _, d := range ds {
					if d >= move.AddDays(-35) && d < end {
						out = append(out, d)
					}
				}
				return out
			}
			pairs++
			if x, y := within(reviews[a.Link.ID]), within(reviews[b.Link.ID]); !slices.Equal(x, y) {
				t.Errorf("siblings %s and %s: reviews %v and %v, want the same days", a.Child.ID, b.Child.ID, x, y)
			}
		}
	}
	if pairs == 0 {
		t.Error("no sibling pair moved: the check checked nothing")
	}
}
