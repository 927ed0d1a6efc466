package plan

import (
	"context"
	"strings"
	"testing"

	"github.com/linkmatch/linkmatch"
)

// TestSiblingReviewAfterEighteen: two siblings with one carer, the elder
// turning 18 (and leaving care) during the plan. Their looked-after reviews
// are held together only while both are under 18; the elder has none from
// the birthday; the younger's later reviews are their own (no "held
// together" note) and keep the 6-monthly rhythm.
func TestSiblingReviewAfterEighteen(t *testing.T) {
	for _, stayingPut := range []bool{false, true} {
		t.Run(map[bool]string{false: "leaving care", true: "staying put"}[stayingPut], func(t *testing.T) {
			siblingReviewAfterEighteen(t, stayingPut)
		})
	}
}

// siblingReviewAfterEighteen is TestSiblingReviewAfterEighteen with the
// elder leaving care at 18 or staying put (no looked-after review either
// way: a young person staying put is no longer looked after).
func siblingReviewAfterEighteen(t *testing.T, stayingPut bool) {
	carer := linkmatch.Carer{ID: "K01", Capacity: 2, Bedrooms: 2, Overnight: true, Availability: linkmatch.AvailWeekends | linkmatch.AvailEvenings}
	elderDOB := testStart.AddYears(-17).AddDays(-250) // 18 about 16 weeks into the plan
	b18 := linkmatch.Birthday(elderDOB, 18)
	elder := linkmatch.Child{ID: "C01", DateOfBirth: elderDOB, Overnight: true, SiblingGroup: "S1", LastReview: testStart.AddDays(-150), StayingPut: stayingPut}
	younger := linkmatch.Child{ID: "C02", DateOfBirth: testStart.AddYears(-11), Overnight: true, SiblingGroup: "S1", LastReview: testStart.AddDays(-60)}
	res := planRules(t, link(elder, carer), link(younger, carer))
	reviews := map[string][]linkmatch.Session{}
	for _, s := range res.Sessions {
		if s.Kind == linkmatch.KindReview {
			reviews[s.ChildID] = append(reviews[s.ChildID], s)
		}
	}
	if len(reviews["C01"]) == 0 || len(reviews["C02"]) < 3 {
		t.Fatalf("reviews: C01 %d, C02 %d", len(reviews["C01"]), len(reviews["C02"]))
	}
	elderOn := map[linkmatch.Date]bool{}
	for _, s := range reviews["C01"] {
		if s.Date >= b18 {
			t.Errorf("C01 has a looked-after review on %s, on or after the 18th birthday %s", s.Date, b18)
		}
		elderOn[s.Date] = true
	}
	joint := 0
	for i, s := range reviews["C02"] {
		together := strings.Contains(s.Notes, "held together")
		if elderOn[s.Date] {
			joint++
		}
		if together && !elderOn[s.Date] {
			t.Errorf("C02's review on %s says it is held together, but C01 has none that day", s.Date)
		}
		if s.Date >= b18 && (together || elderOn[s.Date]) {
			t.Errorf("C02's review on %s is held with C01, who is 18 on %s", s.Date, b18)
		}
		if i > 0 && s.Date > reviews["C02"][i-1].Date.AddMonths(reviewMonths) {
			t.Errorf("C02's review on %s, more than 6 months after %s", s.Date, reviews["C02"][i-1].Date)
		}
	}
	if joint == 0 {
		t.Error("the siblings never share a review while both are under 18")
	}
}

// TestReviewMissing: a looked-after review that cannot be planned by its
// due day (here no working day in the 200 days after the plan starts: every
// day a bank holiday) is not held late silently — it was, six months late,
// with a note saying it was "planned now" — plan_warnings.csv has a
// review_missing row for its due day saying when it is held.
func TestReviewMissing(t *testing.T) {
	d := linkmatch.MustParseDate
	on := d("2027-09-06")
	in := fixtureLinks()[0]
	in.Child.LastReview = d("2027-05-20") // before the move: one is due now
	in.Link.Started, in.Link.Stage, in.Link.StageSince, in.Link.StageUntil = d("2027-01-04"), "Move", d("2027-08-31"), d("2027-09-19")
	p := newTestPlanner(t, Options{Start: on})
	for day := on; day < on.AddDays(200); day++ {
		p.cal.holidays[day] = "closed (test)"
	}
	res, err := p.PlanAll(context.Background(), []PlanInput{in})
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range res.Sessions {
		if s.Kind == linkmatch.KindReview && s.Date < on.AddDays(200) {
			t.Errorf("a review on %s, a closed day", s.Date)
		}
	}
	var got *Warning
	for i, w := range res.Warnings {
		if w.Problem == ProblemNoReview {
			got = &res.Warnings[i]
		}
	}
	switch {
	case got == nil:
		t.Fatalf("no review_missing warning; warnings %v", SummariseWarnings(res.Warnings))
	case got.LinkID != in.Link.ID || got.From < on || got.From > on.AddDays(200) || !strings.Contains(got.Why, "could not be planned by then") || !strings.Contains(got.Why, "held late, on 2028-03-24"):
		t.Errorf("warning %+v", *got)
	}
	if ProblemNoReview.String() != "review_missing" {
		t.Errorf("problem %q", ProblemNoReview)
	}
}
