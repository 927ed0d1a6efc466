package plan

import (
	"context"
	"fmt"
	"math/rand/v2"
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
	var carers []linkmatch.Carer
	var places []int
	for len(places) < n {
		id := fmt.Sprintf("K%05d", len(carers)+1)
		var a linkmatch.Availability
		for _, f := range []linkmatch.Availability{linkmatch.AvailMon, linkmatch.AvailTue, linkmatch.AvailWed, linkmatch.AvailThu, linkmatch.AvailFri, linkmatch.AvailSat, linkmatch.AvailSun, linkmatch.AvailEvenings, linkmatch.AvailDaytime} {
			if rng.IntN(10) < 6 {
				a |= f
			}
		}
		c := linkmatch.Carer{ID: id, Capacity: 1 + rng.IntN(4), Bedrooms: rng.IntN(4), Overnight: rng.IntN(5) > 0, Availability: a}
		for range c.Capacity {
			places = append(places, len(carers))
		}
		carers = append(carers, c)
	}
	rng.Shuffle(len(places), func(i, j int) { places[i], places[j] = places[j], places[i] })
	out := make([]PlanInput, n)
	for i := range out {
		age := 3 + rng.IntN(15)
		ch := linkmatch.Child{
			ID:          fmt.Sprintf("C%05d", i+1),
			DateOfBirth: testStart.AddDays(-365*age - rng.IntN(365)),
			Complexity:  linkmatch.Complexity(rng.IntN(3)),
			Overnight:   rng.IntN(4) > 0,
		}
		if rng.IntN(3) > 0 {
			ch.LastReview = testStart.AddDays(-rng.IntN(240))
		}
		c := carers[places[i]]
		out[i] = PlanInput{Link: linkmatch.Link{ID: LinkID(ch.ID, c.ID), ChildID: ch.ID, CarerID: c.ID}, Child: ch, Carer: c}
	}
	return out
}

func newTestPlanner(t testing.TB, opt Options) *Planner {
	t.Helper()
	if opt.Start == 0 {
		opt.Start = testStart
	}
	p, err := NewPlanner(DefaultTemplate(), DefaultCalendar(2026, 2029), opt)
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
			got, err := p.PlanAll(context.Background(), links)
			if err != nil {
				t.Fatal(err)
			}
			checkInvariants(t, p, links, got)
		})
	}
}

// minutes is an absolute time in minutes, for overlaps across midnight.
func minutes(d linkmatch.Date, c linkmatch.Clock) int64 { return int64(d)*1440 + int64(c) }

// takesCarer reports whether the carer is there: sessions, meetings and
// reviews, unless the review notes say the carer sends a report instead.
func takesCarer(s *linkmatch.Session) bool {
	switch {
	case s.Kind.Paid(), s.Kind == linkmatch.KindMeeting:
		return true
	case s.Kind == linkmatch.KindReview:
		return !strings.Contains(s.Notes, "written report")
	}
	return false
}

// jointNotes are the notes of the template's joint sessions.
func jointNotes(t *Template) map[string]bool {
	m := map[string]bool{}
	for _, st := range t.Stages {
		for _, pat := range st.Sessions {
			if pat.Joint {
				m[pat.Note], m[pat.FirstNote] = true, true
			}
		}
	}
	delete(m, "")
	return m
}

// checkInvariants checks, independently of the planner's own bookkeeping,
// what every plan must satisfy.
func checkInvariants(t *testing.T, p *Planner, links []PlanInput, got []linkmatch.Session) {
	t.Helper()
	tmpl, cal := p.tmpl, p.cal
	byLink := map[string]*PlanInput{}
	for i := range links {
		byLink[links[i].Link.ID] = &links[i]
	}
	joint := jointNotes(tmpl)
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
	beds := map[string]int{}
	lastStage := map[string]int{}
	moves := map[string]linkmatch.Date{}
	reviews := map[string][]linkmatch.Date{}
	visits := map[string][]linkmatch.Date{}
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
		if s.Date < p.start {
			fail(s, "before the plan start %s", p.start)
		}
		if s.EndDate < s.Date || (s.EndDate == s.Date && s.End < s.Start) {
			fail(s, "ends before it starts")
		}
		if s.Kind > linkmatch.KindMilestone || s.Location == "" || s.Stage == "" || s.Notes == "" {
			fail(s, "kind, location, stage and notes must be set")
		}
		si := tmpl.Stage(s.Stage)
		if si < 0 {
			fail(s, "unknown stage")
		} else if si < lastStage[s.LinkID] {
			fail(s, "stage out of order")
		} else {
			lastStage[s.LinkID] = si
		}
		if s.Kind == linkmatch.KindMilestone && tmpl.Stages[max(si, 0)].Move && strings.Contains(s.Notes, "moves") {
			moves[s.LinkID] = s.Date
		}
		switch s.Kind {
		case linkmatch.KindReview:
			reviews[s.LinkID] = append(reviews[s.LinkID], s.Date)
		case linkmatch.KindVisit:
			visits[s.LinkID] = append(visits[s.LinkID], s.Date)
		}
		if takesCarer(s) {
			carerTime[s.CarerID] = append(carerTime[s.CarerID], iv{minutes(s.Date, s.Start), minutes(s.EndDate, s.End), s})
			if !availableTo(cal, in.Carer.Availability.Normalize(), s) {
				fail(s, "outside the carer's availability %b", in.Carer.Availability.Normalize())
			}
		}
		if s.Kind.Paid() {
			checkChildFree(cal, in, moves[s.LinkID], s, fail)
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
	for carer, ivs := range carerTime {
		for i := range ivs {
			for j := i + 1; j < len(ivs); j++ {
				a, b := ivs[i], ivs[j]
				if b.from >= a.to && a.to > a.from {
					break // sorted by start: no later one overlaps a
				}
				if a.from < b.to && b.from < a.to && !(joint[a.s.Notes] && joint[b.s.Notes]) {
					fail(b.s, "carer %s double-booked with %s %s %s", carer, a.s.LinkID, a.s.Kind, a.s.Start)
				}
			}
		}
	}
	for id := range byLink {
		m, ok := moves[id]
		if _, ends := p.ends[id]; !ok && ends {
			continue // the link ended before the move
		}
		if !ok {
			t.Errorf("%s: no move milestone", id)
			continue
		}
		before := false
		for _, r := range reviews[id] {
			before = before || (r < m && r >= p.start)
		}
		if !before {
			t.Errorf("%s: no review before the move on %s (reg 32)", id, m)
		}
		v := visits[id]
		if len(v) == 0 || v[0] > m.AddDays(firstVisitDays) {
			t.Errorf("%s: no visit within a week of the move on %s: %v", id, m, v)
		}
		for i := 1; i < len(v); i++ {
			if v[i-1].DaysUntil(v[i]) > visitDays {
				t.Errorf("%s: visits %s and %s more than 6 weeks apart", id, v[i-1], v[i])
			}
		}
	}
}

// availableTo is the carers.csv availability rule written out again: the
// day must be one of the carer's; on a working weekday time before 16:00
// needs "daytime" and time after it "evenings".
func availableTo(cal *Calendar, a linkmatch.Availability, s *linkmatch.Session) bool {
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
		if a&flags[d.Weekday()] == 0 {
			return false
		}
		_, bh := cal.BankHoliday(d)
		if d.Weekday() == time.Saturday || d.Weekday() == time.Sunday || bh {
			continue
		}
		if (from < 960 && a&linkmatch.AvailDaytime == 0) || (to > 960 && a&linkmatch.AvailEvenings == 0) {
			return false
		}
	}
	return true
}

// checkChildFree: a paid session is never in school hours on a school day
// (08:30–16:00) nor, before the move, in the child's link-worker session.
func checkChildFree(cal *Calendar, in *PlanInput, move linkmatch.Date, s *linkmatch.Session, fail func(*linkmatch.Session, string, ...any)) {
	lw := in.LinkWorker
	if lw.IsZero() {
		lw = DefaultLinkWorkerSlot(in.Child.ID)
	}
	for d := s.Date; d <= s.EndDate; d++ {
		from, to := linkmatch.Clock(0), linkmatch.Clock(1440)
		if d == s.Date {
			from = s.Start
		}
		if d == s.EndDate {
			to = s.End
		}
		if cal.SchoolDay(d) && from < 16*60 && to > 8*60+30 {
			fail(s, "during school hours on %s", d)
		}
		if (move == 0 || d < move) && d.Weekday() == lw.Day && from < lw.End && to > lw.Start {
			fail(s, "during the link-worker session on %s", d)
		}
	}
}

// BenchmarkPlan plans 7,000 generated links (the target: under 2 s).
func BenchmarkPlan(b *testing.B) {
	links := genLinks(42, 7000)
	p := newTestPlanner(b, Options{})
	b.ResetTimer()
	for b.Loop() {
		got, err := p.PlanAll(context.Background(), links)
		if err != nil {
			b.Fatal(err)
		}
		b.ReportMetric(float64(len(got)), "sessions")
	}
}
