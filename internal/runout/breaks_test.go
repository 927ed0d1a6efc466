package runout

import (
	"strings"
	"testing"

	"github.com/linkmatch/linkmatch/internal/pipeline"
)

// TestBreaksSummaryPlannedAgainstMet: a tester read "met 100%" beside a
// link with no break planned all year. The summary gives the year's
// planned breaks against what the links meet too, and names children
// linked with nothing planned.
func TestBreaksSummaryPlannedAgainstMet(t *testing.T) {
	rec := &pipeline.Record{Scenario: "s", Counts: pipeline.Counts{SessionsEntitled: 20, SessionsMet: 10, BreaksPlannedYear: 60, BreaksDueYear: 240, NonePlanned: 1}}
	var b strings.Builder
	printBreaksRun(&b, rec, "out")
	for _, want := range []string{"breaks planned:  60 of 240 (25%)", "50% of the 120 a year the links meet", "none planned:    1 child has a carer but no break planned"} {
		if !strings.Contains(b.String(), want) {
			t.Errorf("the summary lacks %q:\n%s", want, b.String())
		}
	}
	b.Reset()
	rec.Counts.NonePlanned = 0
	printBreaksRun(&b, rec, "out")
	if strings.Contains(b.String(), "none planned") {
		t.Errorf("a none planned line with none:\n%s", b.String())
	}
}

// TestBreaksSummaryCountsOfOne: counts of one read "1 children" and "1
// sessions a month"; the share of sessions met is rounded as every other
// share (PlannedYear.Share: 1 of 8 is 13%).
func TestBreaksSummaryCountsOfOne(t *testing.T) {
	rec := &pipeline.Record{Scenario: "s", Totals: pipeline.Totals{Mode: "optimal"},
		Counts:  pipeline.Counts{Links: 1, Linked: 1, InFull: 1, SessionsEntitled: 1, SessionsMet: 1, BreaksPlannedYear: 12, BreaksDueYear: 12},
		Outputs: []string{"agreement-L-C1-K1.html"}}
	var b strings.Builder
	printBreaksRun(&b, rec, "out")
	for _, want := range []string{"links:           1 for 1 child, 1 with all", "breaks met:      1 of 1 session a month (100%)", "agreement-*.html (1 printable written agreement)"} {
		if !strings.Contains(b.String(), want) {
			t.Errorf("the summary lacks %q:\n%s", want, b.String())
		}
	}
	b.Reset()
	rec.Counts.SessionsEntitled, rec.Counts.Linked = 8, 2
	printBreaksRun(&b, rec, "out")
	if want := "1 of 8 sessions a month (13%)"; !strings.Contains(b.String(), want) {
		t.Errorf("the summary lacks %q:\n%s", want, b.String())
	}
}
