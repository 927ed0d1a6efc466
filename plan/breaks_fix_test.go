package plan

import (
	"context"
	"slices"
	"strings"
	"testing"

	"github.com/linkmatch/linkmatch"
)

// TestIntroductionsMovedLater: a README-only tester found a link with no
// Introductions and no break all year (generate --scheme short_breaks
// --children 60 --carers 120 --seed 2, L-C00014-K00071): its carer offers
// one session a week, their other new link's Introductions took every one
// of those weeks, and the planner gave up, though the carer was free from
// March. The second link's Introductions now start once the first's end
// (firstDays), whole, and its breaks follow.
func TestIntroductionsMovedLater(t *testing.T) {
	offer := linkmatch.Offer{SessionsPerMonth: 4, MostPerWeek: 1, OvernightsPerMonth: 2}
	a := breaksLink("1", linkmatch.Breaks{{Kind: "after_school", PerMonth: 1}}, linkmatch.AvailAll, offer)
	b := breaksLink("2", linkmatch.Breaks{{Kind: "overnight", PerMonth: 1}}, linkmatch.AvailAll, offer)
	a.Carer.Capacity = 2
	b.Carer = a.Carer
	b.Link.CarerID, b.Link.ID = a.Carer.ID, LinkID(b.Child.ID, a.Carer.ID)
	links := []PlanInput{a, b}
	p := newBreaksPlanner(t, DefaultShortBreaksTemplate())
	res, err := p.PlanAll(context.Background(), links)
	if err != nil {
		t.Fatal(err)
	}
	checkBreakRules(t, p, links, res)
	intro, stays := map[string]int{}, map[string]int{}
	for _, s := range res.Sessions {
		switch {
		case s.Stage == "Introductions" && s.Kind.WithChild():
			intro[s.ChildID]++
		case s.Kind.WithChild() && s.EndDate > s.Date:
			stays[s.ChildID]++
		}
	}
	for _, c := range []string{"C1", "C2"} {
		if intro[c] < 3 {
			t.Errorf("%s has %d sessions with the carer in Introductions, want the home meeting, a first visit and a longer one", c, intro[c])
		}
	}
	if stays["C2"] < 9 {
		t.Errorf("C2 has %d overnights in the year, want one a month once Introductions end", stays["C2"])
	}
	for _, w := range res.Warnings {
		if w.Problem == ProblemNoIntroductions || w.Problem == ProblemShortSessions {
			t.Errorf("%s: %s: %s", w.LinkID, w.Problem, w.Why)
		}
	}
}

// TestAgreementPageFollowsThePlan: a tester read the B&NES demo's
// agreement for L-C09-K10 (4 after school + 2 weekend + 2 overnight a
// month): it said the breaks "stay within 75 days in any 12 months" next
// to a warning of 116 days; a Friday overnight ended at 10:00 on Saturday
// as a weekend stay began, one stay shown as two with a handover at the
// same minute; and its first three months left out the agreement meeting.
// The page now says the breaks exceed the 75 days and what follows, no
// stay starts on the day another ends while they can be kept apart, and
// the meeting is among the planned dates.
func TestAgreementPageFollowsThePlan(t *testing.T) {
	offer := linkmatch.Offer{SessionsPerMonth: 12, MostPerWeek: 3, OvernightsPerMonth: 8}
	l := breaksLink("9", linkmatch.Breaks{{Kind: "after_school", PerMonth: 4}, {Kind: "weekend", PerMonth: 2}, {Kind: "overnight", PerMonth: 2}}, linkmatch.AvailAll, offer)
	links := []PlanInput{l}
	p := newBreaksPlanner(t, DefaultShortBreaksTemplate())
	res, err := p.PlanAll(context.Background(), links)
	if err != nil {
		t.Fatal(err)
	}
	checkBreakRules(t, p, links, res)
	var stays []linkmatch.Session
	for _, s := range res.Sessions {
		if s.Kind.WithChild() && s.EndDate > s.Date {
			stays = append(stays, s)
		}
	}
	for i := 1; i < len(stays); i++ {
		if a, b := stays[i-1], stays[i]; b.Date <= a.EndDate {
			t.Errorf("a stay %s %s–%s %s is followed by one from %s %s: one stay shown as two", a.Date, a.Start, a.EndDate, a.End, b.Date, b.Start)
		}
	}
	as := Agreements(p.tmpl, links, res)
	if len(as) != 1 {
		t.Fatalf("%d agreements", len(as))
	}
	a := &as[0]
	var b strings.Builder
	if err := WriteAgreementHTML(&b, a, "t"); err != nil {
		t.Fatal(err)
	}
	page := b.String()
	if a.Over75Days <= 75 || strings.Contains(page, "stay within 75 days") || !strings.Contains(page, "no longer be short breaks under regulation 48") {
		t.Errorf("over 75 days (%d): the page must say the breaks exceed them, and what follows", a.Over75Days)
	}
	if !slices.ContainsFunc(a.FirstMonths, func(s linkmatch.Session) bool { return s.Kind == linkmatch.KindMeeting }) || a.Meeting.Date == 0 {
		t.Errorf("the agreement meeting (%s) is not among the first three months' dates", a.Meeting.Date)
	}
}

// TestNoSchoolIn: a README-only tester found after-school breaks (the
// carer collects from school) in the holidays; the planner now keeps them
// to school days and says which holiday a month without one falls in.
func TestNoSchoolIn(t *testing.T) {
	cal := defaultCalendar(2026, 2029)
	for _, c := range []struct{ from, to, want string }{
		{"2027-08-02", "2027-08-31", "the summer holidays"},
		{"2027-02-15", "2027-02-20", "half term"},
		{"2027-02-13", "2027-02-15", "days without school"},
		{"2027-02-08", "2027-02-20", ""},
	} {
		if got := cal.NoSchoolIn(linkmatch.MustParseDate(c.from), linkmatch.MustParseDate(c.to)); got != c.want {
			t.Errorf("%s to %s: %q, want %q", c.from, c.to, got, c.want)
		}
	}
}

// TestProvisionalMilestoneOnApproval: a tester linked a carer in
// assessment (approval expected 2027-03-01) with two children; the second
// link, whose Introductions wait for the first's, dated its milestone "the
// carer's approval is expected" and its warning 2027-03-15. Both are on
// the carer's approval_expected date.
func TestProvisionalMilestoneOnApproval(t *testing.T) {
	offer := linkmatch.Offer{SessionsPerMonth: 4, MostPerWeek: 1, OvernightsPerMonth: 2}
	approval := linkmatch.MustParseDate("2027-03-01")
	links := make([]PlanInput, 2)
	for i, id := range []string{"1", "2"} {
		l := breaksLink(id, linkmatch.Breaks{{Kind: "day", PerMonth: 1}}, linkmatch.AvailAll, offer)
		l.Carer.ID, l.Carer.Capacity = "K", 2
		l.Carer.Status, l.Carer.ApprovalExpected = linkmatch.StatusInAssessment, approval
		l.Link.CarerID, l.Link.ID = "K", LinkID(l.Child.ID, "K")
		links[i] = l
	}
	p := newBreaksPlanner(t, DefaultShortBreaksTemplate())
	res, err := p.PlanAll(context.Background(), links)
	if err != nil {
		t.Fatal(err)
	}
	checkBreakRules(t, p, links, res)
	seen := map[string]bool{}
	for _, s := range res.Sessions {
		if strings.HasPrefix(s.Activity, "the carer's approval is expected") {
			seen[s.LinkID] = true
			if s.Date != approval {
				t.Errorf("%s: approval milestone on %s, want %s", s.LinkID, s.Date, approval)
			}
		}
	}
	for _, w := range res.Warnings {
		if w.Problem == ProblemProvisional && w.From != approval {
			t.Errorf("%s: provisional warning from %s, want %s", w.LinkID, w.From, approval)
		}
	}
	if len(seen) != 2 {
		t.Errorf("approval milestones on %v, want both links", seen)
	}
}
