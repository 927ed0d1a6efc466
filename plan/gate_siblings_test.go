package plan

import (
	"testing"

	"github.com/linkmatch/linkmatch"
)

// TestSiblingGateAfterEighteen: two siblings with one carer, the elder
// leaving care at 18 during Sustain. Their Sustain link review was held
// together the day before the elder's birthday, and as a stage's sessions
// end before its review, the younger then saw the carer never again (in
// generate --seed 2, 245 and 437 days without a session, warned as
// gap_in_contact). Each now has the review at the end of their own
// Sustain, and the younger's sessions go on.
func TestSiblingGateAfterEighteen(t *testing.T) {
	carer := linkmatch.Carer{ID: "K01", Capacity: 2, Bedrooms: 2, Overnight: true, Availability: linkmatch.AvailWeekends | linkmatch.AvailEvenings}
	elderDOB := testStart.AddYears(-17).AddDays(60) // 18 about 14 months into the plan, in Sustain
	b18 := linkmatch.Birthday(elderDOB, 18)
	elder := linkmatch.Child{ID: "C01", DateOfBirth: elderDOB, Overnight: true, SiblingGroup: "S1", LastReview: testStart.AddDays(-150)}
	younger := linkmatch.Child{ID: "C02", DateOfBirth: testStart.AddYears(-11), Overnight: true, SiblingGroup: "S1", LastReview: testStart.AddDays(-60)}
	res := planRules(t, link(elder, carer), link(younger, carer))
	var gate, lastSession linkmatch.Date
	for _, s := range res.Sessions {
		if s.ChildID != "C02" || s.Stage != "Sustain" {
			continue
		}
		switch {
		case s.Kind == linkmatch.KindMeeting && s.Activity == "stage-gate review":
			gate = s.Date
		case s.Kind.Paid():
			lastSession = max(lastSession, s.Date)
		}
	}
	if gate < b18 || lastSession < b18.AddDays(180) {
		t.Errorf("C02's Sustain review on %s and last session on %s; C01 is 18 on %s", gate, lastSession, b18)
	}
	for _, w := range res.Warnings {
		if w.Problem == ProblemGap {
			t.Errorf("%s %s: %s", w.ChildID, w.Problem, w.Why)
		}
	}
}
