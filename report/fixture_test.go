package report

import (
	"fmt"

	"github.com/linkmatch/linkmatch"
)

// hostile is text an input file could hold that must never become markup
// or script in the report.
const hostile = `<script>alert("x")</script>'"&<b>`

// fixtureModel is a small run: three children — linked in their own
// authority, linked across a border with plan warnings, not linked — two
// authorities, three carers, and ids and notes that try to inject markup.
func fixtureModel() *Model {
	start := linkmatch.MustParseDate("2027-01-04")
	square := func(lon, lat float64) [][][2]float64 {
		return [][][2]float64{{{lon, lat}, {lon + 0.5, lat}, {lon + 0.5, lat + 0.3}, {lon, lat + 0.3}, {lon, lat}}}
	}
	m := &Model{
		Title: "Fixture " + hostile, PlanStart: start, Mode: "optimal", Proven: true, TotalScore: 150.5,
		Comparisons:    []string{"optimal links 1 more child than greedy, total score +3.00, mean score per link -0.50"},
		Notes:          []string{"The scenario changed since the run: " + hostile},
		WarningSummary: "2 for 1 link (2 stages short of sessions) — see plan_warnings.csv",
		Areas: []Area{
			{Name: "Westshire", Polygons: [][][][2]float64{square(-3.5, 51.0)}, LabelLon: -3.25, LabelLat: 51.15},
			{Name: "East <i>shire</i>", Polygons: [][][][2]float64{square(-3.0, 51.0)}, LabelLon: -2.75, LabelLat: 51.15},
		},
		Carers: []Carer{
			{ID: "K1", Authority: "Westshire", Lat: 51.1, Lon: -3.2, Linked: 1},
			{ID: `K2"><script>alert(2)</script>`, Authority: "East <i>shire</i>", Lat: 51.2, Lon: -2.8, Linked: 1},
			{ID: "K3", Authority: "Westshire", Lat: 51.05, Lon: -3.4},
		},
		Costs: Costs{From: start, To: start.AddDays(59), Total: 123456, Retainer: 100000, Sessions: 20000, Mileage: 3456,
			Months: []MonthCost{
				{Month: start.AddDays(-3), Retainer: 50000, Sessions: 10000, Mileage: 1728, Total: 61728, Links: 2},
				{Month: linkmatch.MustParseDate("2027-02-01"), Retainer: 50000, Sessions: 10000, Mileage: 1728, Total: 61728, Links: 2},
			},
			Carers: []CarerCost{{CarerID: "K1", Links: 1, Retainer: 50000, Total: 60000}, {CarerID: `K2"><script>alert(2)</script>`, Links: 1, Retainer: 50000, Total: 63456}},
		},
		Certificate: Certificate{Present: true, Checked: true, Prices: []Price{
			{Kind: "big", Value: 30001}, {Kind: "unit", Value: 1}, {Kind: "child", ID: "C1", Value: 7000},
			{Kind: "carer", ID: `K2"><script>alert(2)</script>`, Value: 12},
		}},
	}
	comps := func(v float64) []Component {
		var out []Component
		for i, name := range linkmatch.ComponentNames() {
			w := []float64{30, 20, 10, 15, 5, 15, 5}[i]
			out = append(out, Component{Name: name, Value: v, Weight: w, Points: v * w})
		}
		return out
	}
	c1 := Child{ID: "C1", Age: 12, HomeAuthority: "Westshire", Complexity: "medium", Needs: []string{"attachment_trauma"}, Lat: 51.12, Lon: -3.25,
		Link: &Link{ID: "L-C1-K1", CarerID: "K1", CarerAuthority: "Westshire", CarerLat: 51.1, CarerLon: -3.2, Score: 80.25,
			Components: comps(0.8025), Explanation: "4.2 km away (6 min) in Westshire, the child's own authority.",
			Rank: 1, Eligible: 2, Why: "K1 is C1's first choice, the best score of 2 eligible carers.",
			Border: linkmatch.BorderSame, DistanceKm: 4.2, Cost: 60000, Move: start.AddDays(40),
			Sessions: fixtureSessions("L-C1-K1", "C1", "K1", start, ""),
		},
		Candidates: []Candidate{
			{Rank: 1, CarerID: "K1", Score: 80.25, DistanceKm: 4.2, Chosen: true},
			{Rank: 2, CarerID: "K3", Score: 60.5, DistanceKm: 12.9, Border: linkmatch.BorderSame, Explanation: "13 km away."},
		},
	}
	c2 := Child{ID: `C2<img src=x onerror=alert(1)>`, Age: 15, HomeAuthority: "Westshire", Complexity: "high", Lat: 51.13, Lon: -3.1, SiblingGroup: hostile,
		Link: &Link{ID: "L-C2-K2", CarerID: `K2"><script>alert(2)</script>`, CarerAuthority: "East <i>shire</i>", CarerLat: 51.2, CarerLon: -2.8, Score: 70.25,
			Components: comps(0.7025), Explanation: "Notes: " + hostile, Rank: 2, Eligible: 3,
			Why: "javascript:alert(3) is not a link: " + hostile, Border: linkmatch.BorderNeighbour, DistanceKm: 40, Cost: 63456,
			Sessions: fixtureSessions("L-C2-K2", "C2", "K2", start, hostile),
			Warnings: []Warning{
				{Stage: "Building", Problem: "short_sessions", What: "tea " + hostile, Why: "the carer offers only Saturdays", From: start.AddDays(7), To: start.AddDays(20)},
				{Stage: "Developing", Problem: "gap_in_contact", What: "contact", Why: "javascript:alert(4)", From: start.AddDays(30), To: start.AddDays(45)},
			},
		},
		Candidates: []Candidate{{Rank: 1, CarerID: "K1", Score: 75, DistanceKm: 9, Border: linkmatch.BorderSame, Explanation: "9.0 km away."},
			{Rank: 2, CarerID: `K2"><script>alert(2)</script>`, Score: 70.25, Chosen: true}},
	}
	c3 := Child{ID: "C3", Age: 9, HomeAuthority: "East <i>shire</i>", Complexity: "low", Lat: 51.15, Lon: -2.7,
		NotLinked: "no eligible carer", Diagnosis: "No eligible carer: 3 excluded by distance."}
	m.Children = []Child{c1, c2, c3}
	return m
}

// fixtureSessions is a plan of weekly teas, fortnightly overnights, a
// review, a visit and a move, over nine weeks.
func fixtureSessions(link, child, carer string, start linkmatch.Date, notes string) []linkmatch.Session {
	var out []linkmatch.Session
	add := func(d linkmatch.Date, kind linkmatch.SessionKind, stage string, nights int) {
		out = append(out, linkmatch.Session{LinkID: link, ChildID: child, CarerID: carer, Date: d, EndDate: d.AddDays(nights),
			Start: 17 * 60, End: 19 * 60, Kind: kind, Stage: stage, Location: "carer's home", Notes: notes})
	}
	for w := 0; w < 9; w++ {
		stage := []string{"Introductions", "Building", "Building", "Developing", "Developing", "Preparing", "Move", "Sustain", "Sustain"}[w]
		add(start.AddDays(7*w+1), linkmatch.KindHalfDay, stage, 0)
		add(start.AddDays(7*w+2), linkmatch.KindLinkWorker, stage, 0)
		if w%2 == 1 {
			add(start.AddDays(7*w+5), linkmatch.KindOvernight, stage, 1)
		}
	}
	add(start.AddDays(10), linkmatch.KindReview, "Building", 0)
	add(start.AddDays(33), linkmatch.KindVisit, "Developing", 0)
	add(start.AddDays(40), linkmatch.KindMilestone, "Move", 0)
	for i := range out {
		out[i].Activity = fmt.Sprintf("session %d", i)
	}
	return out
}
