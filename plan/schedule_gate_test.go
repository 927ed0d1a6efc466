package plan

import (
	"fmt"
	"strings"
	"testing"

	"github.com/linkmatch/linkmatch"
)

// TestNotReadyToMove reproduces the tryout's K00947: a carer who offers
// only weekends, with one bedroom, linked (by hand, past matching's time
// rule) with four unrelated children. The children who cannot be
// introduced get no later stage, no overnight and no move, and a
// not_ready_to_move warning says so; every link's first session with the
// child is an introductory meeting (checkInvariants).
func TestNotReadyToMove(t *testing.T) {
	carer := linkmatch.Carer{ID: "K00947", Capacity: 4, Bedrooms: 1, Overnight: true, Availability: linkmatch.AvailWeekends}
	var links []PlanInput
	for i := range 4 {
		child := linkmatch.Child{ID: fmt.Sprintf("C%02d", i+1), DateOfBirth: testStart.AddYears(-9 - i), Overnight: true,
			LastReview: testStart.AddDays(-100)}
		links = append(links, link(child, carer))
	}
	res := planRules(t, links...)
	notReady := map[string]Warning{}
	for _, w := range res.Warnings {
		if w.Problem == ProblemNotReady {
			notReady[w.LinkID] = w
		}
	}
	if len(notReady) == 0 {
		t.Fatalf("four children at a weekends-only carer and none not ready to move on; warnings %v", SummariseWarnings(res.Warnings))
	}
	if len(notReady) == len(links) {
		t.Errorf("no child at all was introduced")
	}
	for id, w := range notReady {
		var stop linkmatch.Date
		for _, s := range res.Sessions {
			if s.LinkID != id {
				continue
			}
			switch {
			case s.Activity == linkmatch.ActivityNotReady:
				stop = s.Date
			case s.EndDate > s.Date && s.Kind.WithChild():
				t.Errorf("%s: an overnight stay on %s in a plan that stopped", id, s.Date)
			case strings.Contains(s.Activity, "moves to the long-term"):
				t.Errorf("%s: a move on %s in a plan that stopped", id, s.Date)
			}
		}
		if stop == 0 || stop != w.To {
			t.Errorf("%s: the plan stops on %s, the warning says the stage ends on %s", id, stop, w.To)
		}
		if w.Short < 1 || !strings.Contains(w.Why, "no later stage, overnight stay or move is planned") {
			t.Errorf("%s: warning %+v", id, w)
		}
	}
	if got := SummariseWarnings(res.Warnings); !strings.Contains(got, "not ready to move") {
		t.Errorf("summary %q does not count the links not ready to move", got)
	}
	// The warning names the problem as plan_warnings.csv does.
	if ProblemNotReady.String() != "not_ready_to_move" {
		t.Errorf("problem %q", ProblemNotReady)
	}
}

// TestReadyChildIsNotStopped: a child who meets the carer in every stage
// runs to the move, with no not_ready_to_move warning.
func TestReadyChildIsNotStopped(t *testing.T) {
	carer := linkmatch.Carer{ID: "K01", Capacity: 1, Bedrooms: 1, Overnight: true, Availability: linkmatch.AvailWeekends | linkmatch.AvailEvenings}
	child := linkmatch.Child{ID: "C01", DateOfBirth: testStart.AddYears(-9), Overnight: true, LastReview: testStart.AddDays(-100)}
	res := planRules(t, link(child, carer))
	moved := false
	for _, s := range res.Sessions {
		moved = moved || strings.Contains(s.Activity, "moves to the long-term")
	}
	for _, w := range res.Warnings {
		if w.Problem == ProblemNotReady {
			t.Errorf("a ready child stopped: %+v", w)
		}
	}
	if !moved {
		t.Error("no move")
	}
}

// TestSiblingsStayTogether: three siblings who stay over, with a carer of
// two spare bedrooms (the tryout's K030 and S9), never stay one by one;
// the warnings blame the bedrooms, not the carer being busy with a
// sibling. With three bedrooms they stay over together and nothing warns.
func TestSiblingsStayTogether(t *testing.T) {
	for _, tc := range []struct {
		name     string
		bedrooms int
		warned   bool
	}{{"two bedrooms for three", 2, true}, {"three bedrooms for three", 3, false}} {
		t.Run(tc.name, func(t *testing.T) {
			carer := linkmatch.Carer{ID: "K030", Capacity: 3, Bedrooms: tc.bedrooms, Overnight: true, Availability: linkmatch.AvailWeekends | linkmatch.AvailEvenings}
			var links []PlanInput
			for i, age := range []int{7, 9, 12} {
				child := linkmatch.Child{ID: fmt.Sprintf("N%02d", i+2), DateOfBirth: testStart.AddYears(-age), Overnight: true,
					SiblingGroup: "S9", LastReview: testStart.AddDays(-100)}
				links = append(links, link(child, carer))
			}
			res := planRules(t, links...)
			stays := map[string]int{} // children staying, by start
			for _, s := range res.Sessions {
				if s.EndDate > s.Date && s.Kind.WithChild() {
					stays[fmt.Sprint(s.Date, s.Start)]++
				}
			}
			for at, n := range stays {
				if n != len(links) {
					t.Errorf("%d of the %d siblings stay over on %s", n, len(links), at)
				}
			}
			if !tc.warned && len(stays) == 0 {
				t.Error("no stay planned with a bedroom for each sibling")
			}
			bedrooms := 0
			for _, w := range res.Warnings {
				if strings.Contains(w.Why, "the carer is with N0") {
					t.Errorf("a sibling blamed: %s", w.Why)
				}
				if w.Problem == ProblemBedrooms {
					bedrooms++
					if w.Short != 1 || !strings.Contains(w.Why, "2 spare bedrooms and the 3 children of sibling group S9") {
						t.Errorf("bedrooms warning %+v", w)
					}
				}
			}
			if want := map[bool]int{true: 3, false: 0}[tc.warned]; bedrooms != want {
				t.Errorf("%d bedrooms warnings, want %d", bedrooms, want)
			}
		})
	}
}

// TestPlannedWords: a short pattern's count says how many sessions are
// its own kind and how many its fallback (the tryout's "2 of 14 planned"
// overnights that were days).
func TestPlannedWords(t *testing.T) {
	eff := &Pattern{Activity: "an agreed overnight stay at the link carer's home"}
	for _, tc := range []struct {
		name            string
		got, want, repl int
		out             string
	}{
		{"none replaced", 3, 8, 0, "3 of 8 planned"},
		{"all replaced", 2, 14, 2, "0 of 14 planned as an agreed overnight stay at the link carer's home, and 2 as a day with the link carer instead"},
		{"some replaced", 5, 14, 2, "3 of 14 planned as an agreed overnight stay at the link carer's home, and 2 as a day with the link carer instead"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := plannedWords(tc.got, tc.want, tc.repl, "a day with the link carer", eff); got != tc.out {
				t.Errorf("got %q, want %q", got, tc.out)
			}
		})
	}
}
