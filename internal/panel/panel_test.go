package panel

import (
	"errors"
	"strings"
	"testing"

	"github.com/linkmatch/linkmatch"
	"github.com/linkmatch/linkmatch/input"
	"github.com/linkmatch/linkmatch/internal/workbook"
	"github.com/linkmatch/linkmatch/match"
	"github.com/linkmatch/linkmatch/scenarios"
)

var start = linkmatch.MustParseDate("2027-01-04")

// tiny is two children near Taunton and two carers: C1 can link with K1
// (and K2), C2 is too young for both.
func tiny(t *testing.T) (*scenarios.Scenario, *match.Scorer) {
	t.Helper()
	sc := &scenarios.Scenario{Name: "Tiny", Plan: scenarios.PlanSettings{Start: start},
		Children: []linkmatch.Child{
			{ID: "C2", DateOfBirth: linkmatch.MustParseDate("2024-01-01"), HomeAuthority: "Somerset", Lat: 51.015, Lon: -3.103},
			{ID: "C1", DateOfBirth: linkmatch.MustParseDate("2013-01-01"), HomeAuthority: "Somerset", Lat: 51.015, Lon: -3.103, Needs: []string{"education_advocacy"}},
		},
		Carers: []linkmatch.Carer{
			{ID: "K2", Lat: 51.05, Lon: -3.0, Authority: "Somerset", Capacity: 1, AgeMin: 8, AgeMax: 17},
			{ID: "K1", Lat: 51.02, Lon: -3.1, Authority: "Somerset", Capacity: 2, AgeMin: 8, AgeMax: 17, Skills: []string{"education_advocacy"}},
		},
	}
	s, err := match.NewScorer(sc.Children, sc.Carers, nil, match.Options{On: start, Workers: 1})
	if err != nil {
		t.Fatal(err)
	}
	return sc, s
}

func tinyOutputs() *Outputs {
	link := "L-C1-K1"
	return &Outputs{
		Run:       RunRecord{Totals: map[string]string{"proven_optimal": "true", "comparison_1": "optimal links 0 more", "costed_from": "2027-01-04", "costed_to": "2027-02-28"}},
		Matches:   []Match{{ChildID: "C1", CarerID: "K1", Score: 90, Rank: 1, Why: "K1 is C1's first choice.", Mode: "optimal"}},
		Unmatched: []Unmatched{{ChildID: "C2", Reason: "no eligible carer"}},
		Sessions: []linkmatch.Session{
			{LinkID: link, ChildID: "C1", CarerID: "K1", Date: start.AddDays(2), EndDate: start.AddDays(2), Kind: linkmatch.KindHalfDay, Stage: "Introductions"},
			{LinkID: link, ChildID: "C1", CarerID: "K1", Date: start.AddDays(9), EndDate: start.AddDays(10), Kind: linkmatch.KindOvernight, Stage: "Building"},
		},
		Warnings: []Warning{{LinkID: link, ChildID: "C1", CarerID: "K1", Stage: "Building", Problem: "short_sessions", What: "tea", Why: "busy", From: start, To: start.AddDays(6)}},
		Costs: []CostItem{
			{LinkID: link, ChildID: "C1", CarerID: "K1", Date: start, Item: "retainer", Amount: 10000},
			{LinkID: link, ChildID: "C1", CarerID: "K1", Date: start.AddDays(2), Item: "half_day", Amount: 1493},
			{LinkID: link, ChildID: "C1", CarerID: "K1", Date: start.AddDays(2), Item: "mileage", Amount: 90},
			{LinkID: link, ChildID: "C1", CarerID: "K1", Date: start.AddDays(28), Item: "retainer", Amount: 10000},
		},
	}
}

func TestBuild(t *testing.T) {
	sc, s := tiny(t)
	m, err := Build(t.Context(), Inputs{Scenario: sc, Scorer: s, Outputs: tinyOutputs(), Top: 3})
	if err != nil {
		t.Fatal(err)
	}
	if len(m.Children) != 2 || m.Children[0].ID != "C1" || m.Children[1].ID != "C2" {
		t.Fatalf("children %+v, want C1 then C2", m.Children)
	}
	c1, c2 := m.Children[0], m.Children[1]
	l := c1.Link
	if l == nil || l.CarerID != "K1" || l.Rank != 1 || l.Eligible != 2 || l.Cost != 21583 || len(l.Sessions) != 2 || len(l.Warnings) != 1 {
		t.Fatalf("C1's link %+v", l)
	}
	if len(l.Components) != int(linkmatch.NumComponents) || l.Explanation == "" || !strings.Contains(l.Explanation, "Somerset") {
		t.Errorf("components %+v, explanation %q", l.Components, l.Explanation)
	}
	if len(c1.Candidates) != 2 || !c1.Candidates[0].Chosen || c1.Candidates[0].CarerID != "K1" {
		t.Errorf("C1's candidates %+v", c1.Candidates)
	}
	if c2.Link != nil || c2.NotLinked != "no eligible carer" || !strings.HasPrefix(c2.Diagnosis, "No eligible carer among 2 carers: 2 excluded by age approval") {
		t.Errorf("C2 %+v", c2)
	}
	if !m.Proven || m.Mode != "optimal" || len(m.Comparisons) != 1 || m.TotalScore != 90 || len(m.Notes) != 0 {
		t.Errorf("model %+v", m)
	}
	if len(m.Carers) != 2 || m.Carers[0].ID != "K1" || m.Carers[0].Linked != 1 || m.Carers[1].Linked != 0 {
		t.Errorf("carers %+v", m.Carers)
	}
	if m.Certificate.Present {
		t.Error("a certificate without certificate.csv")
	}
}

// TestBuildNotesABrokenLink: a recorded link the scenario no longer
// allows is reported first, not hidden.
func TestBuildNotesABrokenLink(t *testing.T) {
	sc, _ := tiny(t)
	out := tinyOutputs()
	out.Matches[0].CarerID = "K2" // C1–K2 is eligible; make it not: K2 takes no one
	sc.Carers[0].Capacity, sc.Carers[0].CurrentLinks = 1, 1
	s, err := match.NewScorer(sc.Children, sc.Carers, nil, match.Options{On: start, Workers: 1})
	if err != nil {
		t.Fatal(err)
	}
	m, err := Build(t.Context(), Inputs{Scenario: sc, Scorer: s, Outputs: out})
	if err != nil {
		t.Fatal(err)
	}
	if len(m.Notes) != 1 || !strings.Contains(m.Notes[0], "C1–K2 breaks a rule") {
		t.Errorf("notes %q", m.Notes)
	}
}

func TestCosts(t *testing.T) {
	c := costs(tinyOutputs())
	if c.Total != 21583 || c.Retainer != 20000 || c.Sessions != 1493 || c.Mileage != 90 || c.From != start || c.To != start.AddDays(55) {
		t.Errorf("costs %+v", c)
	}
	if len(c.Months) != 2 || c.Months[0].Month != linkmatch.MustParseDate("2027-01-01") || c.Months[0].Total != 11583 || c.Months[0].Links != 1 ||
		c.Months[1].Total != 10000 {
		t.Errorf("months %+v", c.Months)
	}
	if len(c.Carers) != 1 || c.Carers[0].Total != 21583 || c.Carers[0].Links != 1 {
		t.Errorf("carers %+v", c.Carers)
	}
}

func TestColumnType(t *testing.T) {
	for h, want := range map[string]workbook.Type{
		"date": workbook.Date, "end_date": workbook.Date, "from": workbook.Date, "effective_from": workbook.Date,
		"amount_gbp": workbook.Money, "rate_gbp": workbook.Money, "rank": workbook.Int, "eligible_carers": workbook.Int,
		"score": workbook.Number, "distance_km": workbook.Number, "needs_component": workbook.Number, "travel_minutes": workbook.Number,
		"child_id": workbook.Text, "start": workbook.Text, "why": workbook.Text, "week": workbook.Text,
	} {
		if got := ColumnType(h); got != want {
			t.Errorf("%s: %v, want %v", h, got, want)
		}
	}
}

func TestReadOutputsProblems(t *testing.T) {
	files := Files{
		FileRun:       []byte(`{"scenario":"x","scenario_path":"s/scenario.toml","shortlist_top":3}`),
		FileMatches:   []byte("child_id,carer_id,score,rank,why\nC1,K1,90,1,fine\n"),
		FileUnmatched: []byte("child_id,reason\n"),
		FileCosts:     []byte("link_id,child_id,carer_id,date,item,amount_gbp\nL,C1,K1,2027-01-04,retainer,1O.00\n"),
	}
	_, err := ReadOutputs(files)
	var inv *input.InvalidError
	if !errors.As(err, &inv) {
		t.Fatalf("err = %v, want the problems listed", err)
	}
	text := err.Error()
	for _, want := range []string{"timeline.csv", "file not found", "costs.csv:2"} {
		if !strings.Contains(text, want) {
			t.Errorf("%q lacks %q", text, want)
		}
	}
	files[FileTimeline] = []byte("link_id,child_id,carer_id,date,start,end_date,end,kind,stage,location,notes\n")
	files[FileCosts] = []byte("link_id,child_id,carer_id,date,item,amount_gbp\nL,C1,K1,2027-01-04,retainer,10.00\n")
	out, err := ReadOutputs(files)
	if err != nil {
		t.Fatal(err)
	}
	if out.Run.Top != 3 || out.Run.ScenarioPath != "s/scenario.toml" || len(out.Matches) != 1 || out.Matches[0].Rank != 1 || len(out.Costs) != 1 || out.Costs[0].Amount != 1000 {
		t.Errorf("outputs %+v", out)
	}
}
