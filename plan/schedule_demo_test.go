package plan

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/linkmatch/linkmatch"
	"github.com/linkmatch/linkmatch/scenarios"
)

// TestGoldenDemo fixes the plans of the Somerset demo (the folder the demo
// command embeds) for the links in testdata/demo_matches.csv (chosen by hand
// within each carer's ages, capacity and overnight approval; siblings S1 and
// S2 share a carer), and checks that the plan keeps every planning rule
// the property tests check on generated links.
// Refresh with: go test ./plan -run TestGoldenDemo -update
func TestGoldenDemo(t *testing.T) {
	s, _, err := scenarios.LoadWith(filepath.Join("..", "scenarios", "somerset-stepdown"), scenarios.LoadOptions{})
	if err != nil {
		t.Fatal(err)
	}
	children := map[string]linkmatch.Child{}
	for _, c := range s.Children {
		children[c.ID] = c
	}
	carers := map[string]linkmatch.Carer{}
	for _, c := range s.Carers {
		carers[c.ID] = c
	}
	data, err := os.ReadFile(filepath.Join("testdata", "demo_matches.csv"))
	if err != nil {
		t.Fatal(err)
	}
	var links []PlanInput
	for _, line := range strings.Split(strings.TrimSpace(string(data)), "\n")[1:] {
		f := strings.Split(line, ",")
		ch, okc := children[f[0]]
		ca, okk := carers[f[1]]
		if !okc || !okk {
			t.Fatalf("demo_matches.csv: %s is not in the demo", line)
		}
		links = append(links, PlanInput{Link: linkmatch.Link{ID: LinkID(ch.ID, ca.ID), ChildID: ch.ID, CarerID: ca.ID}, Child: ch, Carer: ca})
	}
	y := s.Plan.Start.Year()
	p, err := NewPlanner(DefaultTemplate(), defaultCalendar(y, y+6), Options{Start: s.Plan.Start})
	if err != nil {
		t.Fatal(err)
	}
	res, err := p.PlanAll(context.Background(), links)
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := WriteTimeline(&buf, res.Sessions); err != nil {
		t.Fatal(err)
	}
	golden(t, "demo_timeline.csv", buf.Bytes())
	buf.Reset()
	if err := WriteWarnings(&buf, res.Warnings); err != nil {
		t.Fatal(err)
	}
	golden(t, "demo_warnings.csv", buf.Bytes())
	// The golden plan also keeps every planning rule (schedule_test.go).
	checkInvariants(t, p, links, res.Sessions)
	checkFromWeeks(t, DefaultTemplate(), res)
	checkGapsReported(t, p, links, res)
}
