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

// TestSiblingStageAfterEighteen: two siblings with one carer, the elder
// turning 18 (and leaving care) in the middle of a stage they share, before
// the move and after it. The elder's last day in care ends only the elder's
// part: the younger's stage-gate review stays in the stage's last week (it
// was put on the elder's last day, and every later session of the stage
// dropped: months with no contact while the retainer ran), the younger
// keeps seeing the carer after the birthday, and while both are in the plan
// their reviews are still held together.
func TestSiblingStageAfterEighteen(t *testing.T) {
	carer := linkmatch.Carer{ID: "K01", Capacity: 2, Bedrooms: 2, Overnight: true, Availability: linkmatch.AvailWeekends | linkmatch.AvailEvenings}
	younger := linkmatch.Child{ID: "C02", DateOfBirth: testStart.AddYears(-11), Overnight: true, SiblingGroup: "S1"}
	pair := func(b18 linkmatch.Date) *Result {
		elder := linkmatch.Child{ID: "C01", DateOfBirth: b18.AddYears(-18), Overnight: true, SiblingGroup: "S1"}
		return planRules(t, link(elder, carer), link(younger, carer))
	}
	// The shared stages, with the elder 18 long after the plan's horizon is
	// not possible (under 18 at the start), so take them from a pair whose
	// elder turns 18 late in the plan; the elder's birthday does not move
	// the stages.
	probe := pair(testStart.AddDays(360 * 2))
	for _, stage := range []string{"Developing", "Sustain"} {
		t.Run(stage, func(t *testing.T) {
			var span StageSpan
			for _, s := range probe.Stages["L-C02-K01"].Spans {
				if s.Stage == stage {
					span = s
				}
			}
			b18 := span.From.AddDays(int(span.To-span.From) / 2)
			if span.To-span.From < 42 || b18 >= testStart.AddDays(360*2) {
				t.Fatalf("%s %s to %s: too short for the test, or after the elder's birthday in the probe", stage, span.From, span.To)
			}
			res := pair(b18)
			var got StageSpan
			for _, s := range res.Stages["L-C02-K01"].Spans {
				if s.Stage == stage {
					got = s
				}
			}
			if got != span {
				t.Fatalf("%s is %s to %s with the elder 18 on %s, %s to %s in the probe", stage, got.From, got.To, b18, span.From, span.To)
			}
			gates := map[string]map[string]linkmatch.Date{"C01": {}, "C02": {}}
			var after int
			for _, s := range res.Sessions {
				if s.Activity == "stage-gate review" {
					gates[s.ChildID][s.Stage] = s.Date
				}
				if s.ChildID == "C02" && s.Stage == stage && s.Kind.WithChild() && s.Date >= b18 {
					after++
				}
			}
			last := span.To.AddDays(-1) // span.To is the day after the stage
			if g := gates["C02"][stage]; g < last.AddDays(-6) || g > last {
				t.Errorf("C02's %s review on %s, not in the stage's last week (it ends on %s; C01 is 18 on %s)", stage, g, last, b18)
			}
			if g := gates["C01"][stage]; g >= b18 {
				t.Errorf("C01's %s review on %s, on or after the 18th birthday %s", stage, g, b18)
			}
			if after == 0 {
				t.Errorf("C02 has no session with the carer in %s from %s, C01's 18th birthday", stage, b18)
			}
			for _, w := range res.Warnings {
				if w.ChildID == "C02" && w.Problem == ProblemGap {
					t.Errorf("C02: %s", w.Why)
				}
			}
			for st, g := range gates["C01"] {
				if st != stage && gates["C02"][st] != g {
					t.Errorf("%s: C01's review on %s, C02's on %s: siblings share their reviews while both are in the plan", st, g, gates["C02"][st])
				}
			}
		})
	}
}
