package plan

import (
	"bytes"
	"context"
	"path/filepath"
	"testing"

	"github.com/linkmatch/linkmatch"
	"github.com/linkmatch/linkmatch/internal/goldentest"
)

// golden compares got with testdata/name, or rewrites it with -update
// (internal/goldentest: a failure shows the changed lines).
func golden(t *testing.T, name string, got []byte) {
	t.Helper()
	goldentest.Check(t, filepath.Join("testdata", name), got)
}

// fixtureLinks is a small hand-made case: two children with one carer (who
// has to share evenings, weekends and two bedrooms between them), and a
// third child, aged 15 and of high complexity, with a carer free only at
// weekends and on evenings, with no overnights agreed.
func fixtureLinks() []PlanInput {
	d := linkmatch.MustParseDate
	ana := linkmatch.Carer{ID: "K01", Capacity: 2, Bedrooms: 2, Overnight: true, Availability: linkmatch.AvailAll}
	ben := linkmatch.Carer{ID: "K02", Capacity: 1, Bedrooms: 1, Overnight: true, Availability: linkmatch.AvailWeekends | linkmatch.AvailTue | linkmatch.AvailThu | linkmatch.AvailEvenings}
	kids := []linkmatch.Child{
		{ID: "C01", DateOfBirth: d("2013-03-10"), Complexity: linkmatch.ComplexityMedium, Overnight: true, LastReview: d("2026-09-15")},
		{ID: "C02", DateOfBirth: d("2018-11-02"), Complexity: linkmatch.ComplexityLow, Overnight: true, LastReview: d("2026-11-20")},
		{ID: "C03", DateOfBirth: d("2011-06-30"), Complexity: linkmatch.ComplexityHigh, Overnight: false},
	}
	carers := []linkmatch.Carer{ana, ana, ben}
	out := make([]PlanInput, len(kids))
	for i, c := range kids {
		out[i] = PlanInput{Link: linkmatch.Link{ID: LinkID(c.ID, carers[i].ID), ChildID: c.ID, CarerID: carers[i].ID}, Child: c, Carer: carers[i]}
	}
	return out
}

func planFixture(t *testing.T, opt Options) []byte {
	t.Helper()
	p := newTestPlanner(t, opt)
	links := fixtureLinks()
	got, err := sessionsOf(p.PlanAll(context.Background(), links))
	if err != nil {
		t.Fatal(err)
	}
	checkInvariants(t, p, links, got)
	var buf bytes.Buffer
	if err := WriteTimeline(&buf, got); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func TestGoldenFixture(t *testing.T) {
	golden(t, "fixture_timeline.csv", planFixture(t, Options{}))
}

// TestGoldenReplan fixes a review's outcome on 2027-04-05: Developing needs
// three more weeks, and C03's link ends on 2027-09-30.
func TestGoldenReplan(t *testing.T) {
	golden(t, "fixture_replan.csv", planFixture(t, Options{
		AsOf:   linkmatch.MustParseDate("2027-04-05"),
		Extend: map[string]int{"developing": 3},
		Ends:   map[string]linkmatch.Date{"L-C03-K02": linkmatch.MustParseDate("2027-09-30")},
	}))
}
