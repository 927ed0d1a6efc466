package pipeline

import (
	"encoding/json"
	"fmt"
	"math"
	"strings"
	"time"

	"github.com/linkmatch/linkmatch"
	"github.com/linkmatch/linkmatch/assign"
	"github.com/linkmatch/linkmatch/match"
	"github.com/linkmatch/linkmatch/plan"
	"github.com/linkmatch/linkmatch/scenarios"
)

// Record sums up a run, for run.json and for people: enough to audit and
// repeat it. Its JSON form is Record.MarshalJSON's.
type Record struct {
	Scenario string
	// ScenarioPath is where "linkmatch report" finds the scenario again
	// (relative to the run folder when inside it); Top is how many carers
	// each shortlist lists. The command that wrote the run fills them in.
	ScenarioPath string
	Top          int
	Version      string
	// Inputs are the SHA-256 checksums (hex) of the input files, by their
	// name relative to the scenario folder; the command that read the files
	// fills them in.
	Inputs  map[string]string
	Match   scenarios.MatchSettings
	Geo     scenarios.GeoSettings
	Start   linkmatch.Date
	Counts  Counts
	Totals  Totals
	Timings Timings
	// Outputs are the names of the files written, sorted; the command that
	// wrote them fills them in.
	Outputs []string
	// Removed are the files of an earlier run in the folder that this run
	// removed (outputs it no longer makes, written agreements of links no
	// longer planned); not in run.json.
	Removed []string `json:"-"`
}

// Counts are the sizes of a run.
type Counts struct {
	Children, Carers, EligiblePairs int
	Linked, Unmatched               int
	TimelineRows, PlanWarnings      int
	// Short breaks: links (a child may have two), children with all their
	// breaks, the sessions a month assessed and met, written agreements.
	Links, InFull, SessionsEntitled, SessionsMet, Agreements int
	// BreaksPlannedYear and BreaksDueYear are the short breaks planned in
	// the plan's first year and those due (PlannedYears), all children.
	BreaksPlannedYear, BreaksDueYear int
	// NonePlanned are the children with a carer for some of their breaks
	// but no break planned in the plan's first year (not in run.json).
	NonePlanned int
	// Step-down links chosen in optimal mode: the solver's rounds (one
	// more each time the carers' time rule lowered places) and the
	// relaxations its branch and bound solved, all rounds together
	// (assign.Result.Rounds and Nodes); 0 in other modes.
	SolverRounds, SolverRelaxations int
}

// Totals are a run's results in brief.
type Totals struct {
	// Mode is how the links were chosen: optimal, stable or greedy.
	Mode string
	// Score is the links' total score in points, each link's score
	// rounded to hundredths (match.SolveResult.ScaledTotal); Proven says
	// whether optimal links were proven optimal (false in other modes).
	Score  float64
	Proven bool
	// Compared says what optimal links gain over greedy and stable.
	Compared []match.ModeComparison
	// PlanWarnings is the one-line summary of the plan's warnings.
	PlanWarnings string
	// Cost is nil when the run did not cost.
	Cost *CostTotals
	// Scheme is the scenario's scheme; for short breaks, CompareBreaks
	// says what the optimal links gain over greedy and stable.
	Scheme        linkmatch.Scheme
	CompareBreaks []match.BreaksComparison
	// NotProven says why optimal short-breaks links are not proven optimal
	// (match.BreaksResult.WhyNotProven): greedy's or stable's links were
	// used, or what stopped the search; "" when proven.
	NotProven string
	// LinksFrom names the mode whose links a short-breaks run uses:
	// Mode, or greedy or stable when optimal fell back to them.
	LinksFrom string
}

// CostTotals are the totals of a run's costs, in pence.
type CostTotals struct {
	From, To                           linkmatch.Date
	Total, Retainer, Sessions, Mileage linkmatch.Pence
	// Notes are what a reader of the whole costing must know (the
	// findings about no one link), in plain words.
	Notes []string
	// UnpricedWeeks counts weeks of Staying Put with no rate: not costed,
	// not a failure.
	UnpricedWeeks int
}

// Record sums up the run r of scenario sc; version is the program's.
func (r *Result) Record(sc *scenarios.Scenario, version string) *Record {
	if r.Breaks != nil {
		return r.breaksRecord(sc, version)
	}
	links := r.Matched.Links
	sessions := r.Planned.Result.Sessions
	rec := &Record{
		Scenario: sc.Name, Version: version, Inputs: map[string]string{},
		Match: sc.Match, Geo: sc.Geo, Start: sc.Plan.Start,
		Counts: Counts{
			Children: len(sc.Children), Carers: len(sc.Carers), EligiblePairs: r.Scored.Eligible,
			Linked: links.Linked, Unmatched: len(links.Unmatched),
			TimelineRows: len(sessions), PlanWarnings: len(r.Planned.Result.Warnings),
		},
		Totals: Totals{
			Mode: links.Mode.String(), Score: links.Points(), Proven: links.Proven, Compared: r.Matched.Compared,
			PlanWarnings: plan.SummariseWarnings(r.Planned.Result.Warnings),
		},
	}
	if sr := links.Solver; sr != nil && sr.Mode == assign.Optimal {
		rec.Counts.SolverRounds, rec.Counts.SolverRelaxations = sr.Rounds, sr.Nodes
	}
	rec.Totals.Cost = r.costTotals()
	return rec
}

// breaksRecord is Record for a short-breaks run.
func (r *Result) breaksRecord(sc *scenarios.Scenario, version string) *Record {
	res := r.Breaks.Links
	rec := &Record{
		Scenario: sc.Name, Version: version, Inputs: map[string]string{},
		Match: sc.Match, Geo: sc.Geo, Start: sc.Plan.Start,
		Counts: Counts{
			Children: len(sc.Children), Carers: len(sc.Carers), EligiblePairs: r.Scored.Eligible,
			TimelineRows: len(r.Planned.Result.Sessions), PlanWarnings: len(r.Planned.Result.Warnings),
			Links: len(res.Links), SessionsEntitled: res.Entitled, SessionsMet: res.Met, Agreements: len(r.Agreements),
		},
		Totals: Totals{
			Mode: res.Mode.String(), Proven: res.Proven, PlanWarnings: plan.SummariseWarnings(r.Planned.Result.Warnings),
			Scheme: sc.Scheme, CompareBreaks: r.Breaks.Compared, NotProven: res.WhyNotProven(),
		},
	}
	rec.Totals.LinksFrom = res.Mode.String()
	if res.FellBack {
		rec.Totals.LinksFrom = res.From.String()
	}
	for _, s := range res.Shares {
		switch {
		case s.Met == s.Entitled:
			rec.Counts.InFull++
			rec.Counts.Linked++
		case s.Met > 0:
			rec.Counts.Linked++
		default:
			rec.Counts.Unmatched++
		}
	}
	for _, l := range res.Links {
		rec.Totals.Score += l.Score
	}
	rec.Counts.BreaksPlannedYear, rec.Counts.BreaksDueYear = PlannedTotals(r.Years)
	planned := make(map[string]int, len(r.Years))
	for _, y := range r.Years {
		planned[y.ChildID] = y.Planned
	}
	for _, s := range res.Shares {
		if p, ok := planned[s.ChildID]; ok && s.Met > 0 && p == 0 {
			rec.Counts.NonePlanned++
		}
	}
	rec.Totals.Cost = r.costTotals()
	return rec
}

// costTotals are the totals of the run's costs; nil when it did not cost.
func (r *Result) costTotals() *CostTotals {
	if c := r.Costs; c != nil {
		ct := &CostTotals{From: c.From, To: c.To, Total: c.Total, Retainer: c.Retainer,
			Sessions: c.Sessions, Mileage: c.Mileage, UnpricedWeeks: len(c.Unpriced)}
		for _, f := range c.Findings {
			if f.LinkID == "" {
				ct.Notes = append(ct.Notes, f.Text)
			}
		}
		return ct
	}
	return nil
}

// MarshalJSON writes run.json (INTERFACE.md): settings, counts and totals
// as objects keyed by name, totals written as text as people read them
// (money in pounds, the score to two decimals). It holds nothing that
// changes from one run of the same inputs to the next; the stage timings
// are in timings.json (Timings.MarshalJSON).
func (rec *Record) MarshalJSON() ([]byte, error) {
	type settings struct {
		Match matchSettings `json:"match"`
		Geo   geoSettings   `json:"geo"`
		Start string        `json:"plan_start"`
	}
	return json.Marshal(struct {
		Scenario     string            `json:"scenario"`
		ScenarioPath string            `json:"scenario_path,omitempty"`
		Version      string            `json:"version"`
		Inputs       map[string]string `json:"inputs_sha256"`
		Top          int               `json:"shortlist_top,omitempty"`
		Settings     settings          `json:"settings"`
		Counts       map[string]int    `json:"counts"`
		Totals       map[string]string `json:"totals"`
		Outputs      []string          `json:"outputs"`
	}{
		rec.Scenario, rec.ScenarioPath, rec.Version, rec.Inputs, rec.Top, settings{rec.matchSettings(), geoSettings(rec.Geo), rec.Start.String()},
		rec.counts(), rec.Totals.byName(), rec.Outputs,
	})
}

// matchSettings is scenario.toml's [match] table as run.json records it:
// under the keys scenario.toml uses, with the mode the run chose its links
// in and every weight the scores used (scenario.toml's, else the default).
type matchSettings struct {
	MaxDistanceKm      float64            `json:"max_distance_km"`
	DistantAuthorities string             `json:"distant_authorities"`
	Weights            map[string]float64 `json:"weights"`
	Mode               string             `json:"mode"`
	MaxCarersPerChild  int                `json:"max_carers_per_child"`
}

func (rec *Record) matchSettings() matchSettings {
	m := rec.Match
	w := match.DefaultWeights()
	for c, v := range m.Weights {
		if c < linkmatch.NumComponents {
			w[c] = v
		}
	}
	weights := map[string]float64{}
	for _, c := range linkmatch.Components() {
		weights[c.String()] = w[c]
	}
	return matchSettings{MaxDistanceKm: m.MaxDistanceKm, DistantAuthorities: m.DistantAuthorities.String(),
		Weights: weights, Mode: rec.Totals.Mode, MaxCarersPerChild: m.MaxCarersPerChild}
}

// geoSettings is scenario.toml's [geo] table under its keys, for run.json.
type geoSettings struct {
	NameProperty        string  `json:"name_property"`
	CodeProperty        string  `json:"code_property"`
	Circuity            float64 `json:"circuity"`
	SpeedKmh            float64 `json:"speed_kmh"`
	NeighbourToleranceM float64 `json:"neighbour_tolerance_m"`
}

// counts are run.json's counts: Counts, and the weeks of Staying Put not
// costed when the run costed.
func (rec *Record) counts() map[string]int {
	c := rec.Counts
	m := map[string]int{
		"children": c.Children, "carers": c.Carers, "eligible_pairs": c.EligiblePairs,
		"linked": c.Linked, "unmatched": c.Unmatched,
		"timeline_rows": c.TimelineRows, "plan_warnings": c.PlanWarnings,
	}
	if k := rec.Totals.Cost; k != nil {
		m["staying_put_weeks_unpriced"] = k.UnpricedWeeks
	}
	if c.SolverRounds > 0 {
		m["solver_rounds"], m["solver_relaxations"] = c.SolverRounds, c.SolverRelaxations
	}
	if rec.Totals.Scheme == linkmatch.SchemeShortBreaks {
		m["links"], m["entitlement_met_in_full"], m["agreements"] = c.Links, c.InFull, c.Agreements
		m["sessions_entitled_per_month"], m["sessions_met_per_month"] = c.SessionsEntitled, c.SessionsMet
		m["breaks_planned_year"], m["breaks_due_year"] = c.BreaksPlannedYear, c.BreaksDueYear
	}
	return m
}

func (t Totals) byName() map[string]string {
	if t.Scheme == linkmatch.SchemeShortBreaks {
		return t.breaksByName()
	}
	m := map[string]string{
		"mode":           t.Mode,
		"total_score":    fmt.Sprintf("%.2f", t.Score),
		"proven_optimal": fmt.Sprint(t.Proven),
		"plan_warnings":  t.PlanWarnings,
	}
	for i, c := range t.Compared {
		m[fmt.Sprintf("comparison_%d", i+1)] = c.String()
	}
	t.Cost.addTo(m)
	return m
}

// MarshalJSON writes timings.json: each stage's time in seconds, to the
// millisecond ("cost" only when the run costed).
func (t Timings) MarshalJSON() ([]byte, error) {
	// Whole milliseconds over 1000, not Duration.Seconds of a rounded
	// duration: that sums seconds and nanoseconds in floating point and
	// gives 2.8289999999999997 for 2.829 s.
	s := func(d time.Duration) float64 { return float64(d.Round(time.Millisecond).Milliseconds()) / 1000 }
	m := map[string]float64{"score": s(t.Score), "match": s(t.Match), "plan": s(t.Plan)}
	if t.Costed {
		m["cost"] = s(t.Cost)
	}
	if t.Report > 0 {
		m["report"] = s(t.Report)
	}
	// The solver's relaxations, with their time each, before the stages
	// (tools/bench.sh reads timings_seconds as the last key).
	type solver struct {
		Rounds          int     `json:"rounds"`
		Relaxations     int     `json:"relaxations"`
		MsPerRelaxation float64 `json:"ms_per_relaxation"`
	}
	var sv *solver
	if t.Relaxations > 0 {
		per := float64(t.RelaxationTime.Microseconds()) / float64(t.Relaxations) / 1000
		sv = &solver{t.Rounds, t.Relaxations, math.Round(per*1000) / 1000}
	}
	return json.Marshal(struct {
		Solver  *solver            `json:"solver,omitempty"`
		Timings map[string]float64 `json:"timings_seconds"`
	}{sv, m})
}

// breaksByName is byName for a short-breaks run: the scheme, and what the
// optimal links gain over greedy and stable in sessions and children.
func (t Totals) breaksByName() map[string]string {
	m := map[string]string{
		"scheme":         t.Scheme.String(),
		"mode":           t.Mode,
		"total_score":    fmt.Sprintf("%.2f", t.Score),
		"proven_optimal": fmt.Sprint(t.Proven),
		"plan_warnings":  t.PlanWarnings,
		"links_from":     t.LinksFrom,
	}
	if t.NotProven != "" {
		m["not_proven_because"] = t.NotProven
	}
	for i, c := range t.CompareBreaks {
		m[fmt.Sprintf("comparison_%d", i+1)] = c.String()
	}
	t.Cost.addTo(m)
	return m
}

// addTo adds the cost totals to run.json's totals; nothing when the run did
// not cost.
func (c *CostTotals) addTo(m map[string]string) {
	if c == nil {
		return
	}
	m["cost_gbp"], m["retainer_gbp"] = c.Total.String(), c.Retainer.String()
	m["sessions_gbp"], m["mileage_gbp"] = c.Sessions.String(), c.Mileage.String()
	m["costed_from"], m["costed_to"] = c.From.String(), c.To.String()
	m["cost_notes"] = strings.Join(c.Notes, "; ")
}
