package plan

import (
	"context"
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
