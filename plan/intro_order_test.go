package plan

import (
	"context"
	"testing"

	"github.com/linkmatch/linkmatch"
)

// TestIntroductionsInOrder: a provisional link's Introductions came out of
// the template's order — generate --scheme short_breaks --children 60
// --carers 120 --seed 2 planned L-C00054-K00116's longer visits (4 and 11
// July) before its first short visit with a parent (17 July), for a
// weekends-only carer in assessment with one session a week and two
// links. Each visit now comes on or after the day of every visit before
// it in the template (a visit that cannot is short, and warned of).
func TestIntroductionsInOrder(t *testing.T) {
	offer := linkmatch.Offer{SessionsPerMonth: 10, MostPerWeek: 1, OvernightsPerMonth: 1}
	a := breaksLink("1", linkmatch.Breaks{{Kind: "after_school", PerMonth: 1}, {Kind: "day", PerMonth: 1}}, linkmatch.AvailWeekends, offer)
	b := breaksLink("2", linkmatch.Breaks{{Kind: "after_school", PerMonth: 2}, {Kind: "weekend", PerMonth: 1}}, linkmatch.AvailWeekends, offer)
	for _, in := range []*PlanInput{&a, &b} {
		in.Carer.ID, in.Carer.Capacity, in.Carer.Status = "K1", 2, linkmatch.StatusInAssessment
		in.Carer.ApprovalExpected = testStart.AddDays(60)
		in.Link = linkmatch.Link{ID: LinkID(in.Child.ID, "K1"), ChildID: in.Child.ID, CarerID: "K1"}
	}
	tm := DefaultShortBreaksTemplate()
	rank := map[string]int{}
	for i, pat := range tm.Stages[0].Sessions {
		rank[pat.Activity] = i
		if pat.Fallback != nil {
			rank[pat.Fallback.Activity] = i
		}
	}
	p := newBreaksPlanner(t, tm)
	res, err := p.PlanAll(context.Background(), []PlanInput{a, b})
	if err != nil {
		t.Fatal(err)
	}
	last := map[string]linkmatch.Session{} // each link's latest visit so far, by rank
	for _, s := range res.Sessions {       // in date order
		r, ok := rank[s.Activity]
		if s.Stage != tm.Stages[0].Name || !ok {
			continue
		}
		if l, seen := last[s.LinkID]; seen && rank[l.Activity] > r && l.Date < s.Date {
			t.Errorf("%s: %q on %s comes before %q on %s", s.LinkID, l.Activity, l.Date, s.Activity, s.Date)
		}
		if l, seen := last[s.LinkID]; !seen || rank[l.Activity] < r {
			last[s.LinkID] = s
		}
	}
	short := false
	for _, w := range res.Warnings {
		short = short || (w.LinkID == b.Link.ID && w.Problem == ProblemShortSessions)
	}
	if !short {
		t.Errorf("%s: no short_sessions warning for the visits left out", b.Link.ID)
	}
}
