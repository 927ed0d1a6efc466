package pipeline

import (
	"context"
	"strings"
	"testing"

	"github.com/linkmatch/linkmatch"
)

// TestTooLateForBreaks: a tester found young people linked for short
// breaks who turned 18 six and eleven weeks after the plan start (seed 7
// at 300 children: one's agreement meeting fell on their last day as a
// child), while other children had no carer. On the B&NES demo, a child
// made to turn 18 six weeks after the start is not linked, and the reason
// says so; one who turns 18 a year after it still is.
func TestTooLateForBreaks(t *testing.T) {
	sc := loadBNES(t)
	start := sc.Plan.Start
	soon, later := &sc.Children[0], &sc.Children[1]
	soon.DateOfBirth = start.AddDays(42).AddYears(-18)
	later.DateOfBirth = start.AddDays(365).AddYears(-18)
	prep, err := Prepare(sc, Options{})
	if err != nil {
		t.Fatal(err)
	}
	res, err := Run(context.Background(), prep, RunOptions{Top: 3})
	if err != nil {
		t.Fatal(err)
	}
	for _, sh := range res.Breaks.Links.Shares {
		switch sh.ChildID {
		case soon.ID:
			if sh.Met != 0 || !strings.Contains(sh.Reason, "not linked: turns 18 on "+linkmatch.Birthday(soon.DateOfBirth, 18).String()) || sh.EligibleCarers == 0 {
				t.Errorf("%s turns 18 six weeks in: met %d, %d eligible, reason %q", sh.ChildID, sh.Met, sh.EligibleCarers, sh.Reason)
			}
		case later.ID:
			if sh.Met == 0 || strings.Contains(sh.Reason, "turns 18") {
				t.Errorf("%s turns 18 in a year: met %d, reason %q", sh.ChildID, sh.Met, sh.Reason)
			}
		}
	}
}
