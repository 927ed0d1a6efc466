package plan

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/linkmatch/linkmatch"
)

// link builds a PlanInput for child and carer.
func link(child linkmatch.Child, carer linkmatch.Carer) PlanInput {
	return PlanInput{Link: linkmatch.Link{ID: LinkID(child.ID, carer.ID), ChildID: child.ID, CarerID: carer.ID}, Child: child, Carer: carer}
}

func planRules(t *testing.T, links ...PlanInput) *Result {
	t.Helper()
	p := newTestPlanner(t, Options{})
	res, err := p.PlanAll(context.Background(), links)
	if err != nil {
		t.Fatal(err)
	}
	checkInvariants(t, p, links, res.Sessions)
	return res
}

// TestEighteen: a child who turns 18 during the plan leaves care on the
// birthday: nothing at the child rate from it, and a milestone saying so;
// with staying_put = yes the link carries on as Staying Put time.
func TestEighteen(t *testing.T) {
	carer := linkmatch.Carer{ID: "K01", Capacity: 1, Bedrooms: 1, Overnight: true}
	dob := testStart.AddYears(-17).AddDays(-200) // 18 about 24 weeks into the plan
	b18 := linkmatch.Birthday(dob, 18)
	for _, tc := range []struct {
		name       string
		stayingPut bool
	}{{"leaving care", false}, {"staying put", true}} {
		t.Run(tc.name, func(t *testing.T) {
			// High complexity: the move would come after the birthday.
			child := linkmatch.Child{ID: "C01", DateOfBirth: dob, Overnight: true, StayingPut: tc.stayingPut, Complexity: linkmatch.ComplexityHigh}
			res := planRules(t, link(child, carer))
			var milestone bool
			var after, sp int
			for _, s := range res.Sessions {
				if s.Kind == linkmatch.KindMilestone && s.Date == b18 && strings.Contains(s.Activity, "18th birthday") {
					milestone = true
				}
				if s.Date > b18 {
					after++
				}
				if s.Kind == linkmatch.KindStayingPut {
					sp++
				}
			}
			if !milestone {
				t.Errorf("no 18th birthday milestone on %s", b18)
			}
			if tc.stayingPut && (sp == 0 || after == 0) {
				t.Errorf("staying put: %d Staying Put sessions, %d rows after the birthday", sp, after)
			}
			if !tc.stayingPut && after > 0 {
				t.Errorf("leaving care: %d rows after the 18th birthday", after)
			}
			ends := false
			for _, w := range res.Warnings {
				ends = ends || w.Problem == ProblemEndsAt18
			}
			if ends != !tc.stayingPut {
				t.Errorf("an ends-at-18 warning: %v, want %v (the move is after the birthday)", ends, !tc.stayingPut)
			}
		})
	}
}

// TestSiblingsMoveTogether: a slow and a quick sibling with one carer share
// their stage dates (the slower child's pace), so they move on one day, and
// share sessions.
func TestSiblingsMoveTogether(t *testing.T) {
	carer := linkmatch.Carer{ID: "K01", Capacity: 2, Bedrooms: 2, Overnight: true, Availability: linkmatch.AvailWeekends | linkmatch.AvailEvenings}
	a := linkmatch.Child{ID: "C01", DateOfBirth: testStart.AddYears(-13), Complexity: linkmatch.ComplexityHigh, Overnight: true, SiblingGroup: "S1"}
	b := linkmatch.Child{ID: "C02", DateOfBirth: testStart.AddYears(-7), Complexity: linkmatch.ComplexityLow, Overnight: true, SiblingGroup: "S1"}
	res := planRules(t, link(a, carer), link(b, carer))
	moves := map[string]linkmatch.Date{}
	joint := 0
	byStart := map[int64][]string{}
	for _, s := range res.Sessions {
		if s.Kind == linkmatch.KindMilestone && strings.Contains(s.Activity, "moves") {
			moves[s.ChildID] = s.Date
		}
		if s.Kind.WithChild() {
			k := minutes(s.Date, s.Start)
			byStart[k] = append(byStart[k], s.ChildID)
		}
	}
	for _, ids := range byStart {
		if len(ids) == 2 {
			joint++
		}
	}
	if moves["C01"] == 0 || moves["C01"] != moves["C02"] {
		t.Errorf("moves %v: siblings must move on one day", moves)
	}
	// The high-complexity 13-year-old sets the pace: ×1.5×1.25 of 26 weeks.
	if want := testStart.AddDays(7 * (4 + 11 + 15 + 15)); moves["C01"] != want {
		t.Errorf("move on %s, want %s (the slower sibling's readiness)", moves["C01"], want)
	}
	if joint < 40 {
		t.Errorf("%d joint sessions, want most of the plan shared", joint)
	}
}

// TestMeetingsOnWorkingDays: a carer free only at weekends still has every
// stage-gate review and looked-after review on a working day in working
// hours; and the example of a Saturday-only carer whose child's
// link-worker session takes Saturday afternoon is explained in those words.
func TestMeetingsOnWorkingDays(t *testing.T) {
	carer := linkmatch.Carer{ID: "K01", Capacity: 1, Availability: linkmatch.AvailSat}
	child := linkmatch.Child{ID: "C01", DateOfBirth: testStart.AddYears(-9), LastReview: testStart.AddDays(-150),
		LinkWorker: linkmatch.WeeklySlot{Day: time.Saturday, Start: 13 * 60, End: 16 * 60}}
	res := planRules(t, link(child, carer))
	// The link-worker session takes the only time the carer could meet
	// the child, so the plan stops after Introductions' review.
	stopped := false
	for _, w := range res.Warnings {
		stopped = stopped || (w.Problem == ProblemNotReady && w.Stage == "Introductions")
	}
	if !stopped {
		t.Errorf("no not_ready_to_move warning for Introductions: %+v", res.Warnings)
	}
	// With the link-worker session on a Wednesday the child meets the
	// carer, and every stage has its review on a working day.
	child.LinkWorker = linkmatch.WeeklySlot{Day: time.Wednesday, Start: 17*60 + 30, End: 18*60 + 30}
	meetings := 0
	for _, s := range planRules(t, link(child, carer)).Sessions {
		if s.Kind == linkmatch.KindMeeting || s.Kind == linkmatch.KindReview {
			meetings++
		}
	}
	if meetings < 8 {
		t.Errorf("%d meetings and reviews, want every stage's review", meetings)
	}
	found := false
	for _, w := range res.Warnings {
		if strings.Contains(w.Why, "the carer offers only Saturdays") && strings.Contains(w.Why, "link-worker session (sat 13:00-16:00)") {
			found = true
		}
	}
	if !found {
		t.Errorf("no warning names Saturdays and the link-worker session: %+v", res.Warnings)
	}
}

// TestGapsAreFilledOrReported: with a template asking for contact every
// three weeks and a limit of 10 days, the planner adds sessions to close
// the gaps, and what it cannot close is in the warnings.
func TestGapsAreFilledOrReported(t *testing.T) {
	src := "max_gap_days = 10\n[[stage]]\nname = \"A\"\nweeks = 9\n" +
		"[[stage.session]]\nkind = \"half_day\"\nwindow = \"after_school\"\nstart = \"16:30\"\nend = \"18:00\"\nevery_weeks = 3\nlocation = \"x\"\nactivity = \"tea\"\n" +
		"[[stage]]\nname = \"B\"\nweeks = 1\nmove = true\n" +
		"[[stage.session]]\nkind = \"milestone\"\nwindow = \"stage_start\"\nstart = \"10:00\"\nlocation = \"x\"\nactivity = \"the child moves\"\n"
	tm, err := ParseTemplate([]byte(src), "t.toml")
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name   string
		avail  linkmatch.Availability
		filled bool
	}{{"an evening carer", linkmatch.AvailEvenings, true}, {"a carer with no evening", linkmatch.AvailSat, false}} {
		t.Run(tc.name, func(t *testing.T) {
			carer := linkmatch.Carer{ID: "K01", Capacity: 1, Availability: tc.avail}
			child := linkmatch.Child{ID: "C01", DateOfBirth: testStart.AddYears(-9)}
			p, err := NewPlanner(tm, defaultCalendar(2026, 2029), Options{Start: testStart})
			if err != nil {
				t.Fatal(err)
			}
			links := []PlanInput{link(child, carer)}
			res, err := p.PlanAll(context.Background(), links)
			if err != nil {
				t.Fatal(err)
			}
			checkGapsReported(t, p, links, res)
			extra, gaps := 0, 0
			for _, s := range res.Sessions {
				if strings.HasPrefix(s.Notes, "an extra session") {
					extra++
				}
			}
			for _, w := range res.Warnings {
				if w.Problem == ProblemGap {
					gaps++
				}
			}
			if tc.filled && (extra == 0 || gaps > 0) {
				t.Errorf("%d extra sessions, %d gap warnings: want the gaps closed", extra, gaps)
			}
			if !tc.filled && gaps == 0 {
				t.Errorf("no gap warning for a carer who is never free after school")
			}
		})
	}
}

// TestEndingMilestones: what a plan says about the end of each link is
// read by linkmatch.EndingOf, the rule package cost prices the retainer by:
// leaving care on the 18th birthday; nothing for a young person staying
// put or a link that carries on past the horizon; and, for a link given an
// end, 28 days' notice and the last day.
func TestEndingMilestones(t *testing.T) {
	carer := func(id string) linkmatch.Carer {
		return linkmatch.Carer{ID: id, Capacity: 1, Bedrooms: 1, Overnight: true, Availability: linkmatch.AvailWeekends | linkmatch.AvailEvenings}
	}
	dob17 := testStart.AddYears(-17).AddDays(-200) // 18 about 24 weeks into the plan
	b18 := linkmatch.Birthday(dob17, 18)
	leaving := link(linkmatch.Child{ID: "C01", DateOfBirth: dob17}, carer("K01"))
	staying := link(linkmatch.Child{ID: "C02", DateOfBirth: dob17, StayingPut: true}, carer("K02"))
	ongoing := link(linkmatch.Child{ID: "C03", DateOfBirth: testStart.AddYears(-9)}, carer("K03"))
	ended := link(linkmatch.Child{ID: "C04", DateOfBirth: testStart.AddYears(-9)}, carer("K04"))
	end := testStart.AddDays(300)
	p := newTestPlanner(t, Options{Ends: map[string]linkmatch.Date{ended.Link.ID: end}})
	res, err := p.PlanAll(context.Background(), []PlanInput{leaving, staying, ongoing, ended})
	if err != nil {
		t.Fatal(err)
	}
	type ending struct {
		kind linkmatch.LinkEnding
		date linkmatch.Date
	}
	got := map[string][]ending{}
	for _, s := range res.Sessions {
		if e := linkmatch.EndingOf(&s); e != linkmatch.EndingNone {
			got[s.LinkID] = append(got[s.LinkID], ending{e, s.Date})
		}
	}
	want := map[string][]ending{
		leaving.Link.ID: {{linkmatch.EndingLeavingCare, b18}},
		ended.Link.ID:   {{linkmatch.EndingNotice, end.AddDays(-28)}, {linkmatch.EndingHere, end}},
	}
	for _, id := range []string{leaving.Link.ID, staying.Link.ID, ongoing.Link.ID, ended.Link.ID} {
		if g, w := got[id], want[id]; len(g) != len(w) || len(g) > 0 && (g[0] != w[0] || g[len(g)-1] != w[len(w)-1]) {
			t.Errorf("%s: endings %v, want %v", id, g, w)
		}
	}
}

// TestMoveNear18: a move within 90 days of the 18th birthday of a young
// person who is not staying put is warned, with the days left, and a
// social worker's visit after the move is still planned before the
// birthday; a move further ahead, or for a young person staying put, is
// not warned.
func TestMoveNear18(t *testing.T) {
	carer := linkmatch.Carer{ID: "K01", Capacity: 1, Bedrooms: 1, Overnight: true, Availability: linkmatch.AvailWeekends | linkmatch.AvailEvenings}
	young := func(b18 linkmatch.Date, stayingPut bool) linkmatch.Child {
		return linkmatch.Child{ID: "C01", DateOfBirth: b18.AddYears(-18), Overnight: true, StayingPut: stayingPut}
	}
	// The move of a 17-year-old far from 18 at it: the pace is the same
	// for the cases below (all 17 at the start).
	var move linkmatch.Date
	for _, s := range planRules(t, link(young(testStart.AddDays(360), true), carer)).Sessions {
		if s.Kind == linkmatch.KindMilestone && strings.Contains(s.Activity, "moves") {
			move = s.Date
		}
	}
	if move == 0 {
		t.Fatal("no move planned")
	}
	for _, tc := range []struct {
		name       string
		daysLeft   int
		stayingPut bool
		warned     bool
	}{
		{"six days before 18", 6, false, true},
		{"ninety days before 18", 90, false, true},
		{"ninety-one days before 18", 91, false, false},
		{"six days before 18, staying put", 6, true, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			b18 := move.AddDays(tc.daysLeft)
			res := planRules(t, link(young(b18, tc.stayingPut), carer))
			var got *Warning
			for i := range res.Warnings {
				if res.Warnings[i].Problem == ProblemMoveNear18 {
					got = &res.Warnings[i]
				}
			}
			if (got != nil) != tc.warned {
				t.Fatalf("move_near_18 warned: %v, want %v (move %s, 18 on %s)", got != nil, tc.warned, move, b18)
			}
			if got == nil {
				return
			}
			if got.Short != tc.daysLeft || got.Unit != "days" || got.From != move {
				t.Errorf("warning %+v: want %d days from %s", got, tc.daysLeft, move)
			}
			visit := linkmatch.Date(0)
			for _, s := range res.Sessions {
				if s.Kind == linkmatch.KindVisit && s.Date >= move && s.Date < b18 && visit == 0 {
					visit = s.Date
				}
			}
			if visit == 0 || !strings.Contains(got.Why, "visits on "+visit.String()) {
				t.Errorf("visit after the move %s; the warning says %q", visit, got.Why)
			}
		})
	}
}

// TestStayingPutWording: after the 18th birthday of a young person staying
// put, no row speaks of the long-term carer as a child's carer ("a break
// for the long-term carer"); every looked-after review from 16 to 18 plans
// for the 18th birthday; a re-plan reads the reworded rows back as the
// template's sessions.
func TestStayingPutWording(t *testing.T) {
	carer := linkmatch.Carer{ID: "K01", Capacity: 1, Bedrooms: 1, Overnight: true, Availability: linkmatch.AvailWeekends | linkmatch.AvailEvenings}
	for _, stayingPut := range []bool{true, false} {
		t.Run(fmt.Sprint("staying put ", stayingPut), func(t *testing.T) {
			// 16 at the start, 18 well after the move.
			child := linkmatch.Child{ID: "C01", DateOfBirth: testStart.AddYears(-16).AddDays(-30), Overnight: true, StayingPut: stayingPut,
				LastReview: testStart.AddDays(-20)}
			b16, b18 := linkmatch.Birthday(child.DateOfBirth, 16), linkmatch.Birthday(child.DateOfBirth, 18)
			res := planRules(t, link(child, carer))
			after, reviews := 0, 0
			for _, s := range res.Sessions {
				if s.Date >= b18 {
					after++
					if text := s.Activity + " " + s.Notes; strings.Contains(text, "long-term carer") {
						t.Errorf("%s %s after 18: %q", s.Date, s.Kind, text)
					}
				}
				if s.Kind == linkmatch.KindReview && s.Date >= b16 && s.Date < b18 {
					reviews++
					if !strings.Contains(s.Notes, "plan for 18") && !strings.Contains(s.Notes, "planning for 18") {
						t.Errorf("review on %s at 16–17 does not plan for 18: %q", s.Date, s.Notes)
					}
					if strings.Contains(s.Notes, "agreed") != stayingPut {
						t.Errorf("review on %s: %q (staying put %v)", s.Date, s.Notes, stayingPut)
					}
				}
			}
			if reviews < 2 {
				t.Errorf("%d reviews from 16 to 18, want several", reviews)
			}
			if stayingPut && after == 0 {
				t.Fatal("nothing planned after 18 for a young person staying put")
			}
			p := newTestPlanner(t, Options{})
			for _, s := range res.Sessions {
				if s.Kind == linkmatch.KindStayingPut || s.Date >= b18 && s.Kind == linkmatch.KindMeeting {
					si := p.tmpl.Stage(s.Stage)
					if pi := p.patternOf(si, &s); pi == patStatutory {
						t.Errorf("%s %s %q is not read back as a session of the template", s.Date, s.Kind, s.Activity)
					}
				}
			}
		})
	}
}
