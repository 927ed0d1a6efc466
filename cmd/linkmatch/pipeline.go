package main

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"time"

	"github.com/linkmatch/linkmatch"
	"github.com/linkmatch/linkmatch/assign"
	"github.com/linkmatch/linkmatch/cost"
	"github.com/linkmatch/linkmatch/internal/table"
	"github.com/linkmatch/linkmatch/match"
	"github.com/linkmatch/linkmatch/plan"
	"github.com/linkmatch/linkmatch/scenarios"
)

// scoreScenario scores every eligible pair of a loaded scenario.
func scoreScenario(ctx context.Context, e *env, sc *scenarios.Scenario) (*match.Scorer, *match.Result, error) {
	s, err := newScorer(e, sc)
	if err != nil {
		return nil, nil, err
	}
	start := time.Now()
	res, err := s.ScoreAll(ctx)
	if err != nil {
		return nil, nil, fmt.Errorf("score: %w", err)
	}
	e.log.Info().Int("pairs", len(res.Pairs)).Dur("took", time.Since(start)).Msg("pairs scored")
	return s, res, nil
}

// planInputs turns chosen links into the planner's input.
func planInputs(sc *scenarios.Scenario, p *match.Problem, res *match.SolveResult) []plan.PlanInput {
	out := make([]plan.PlanInput, 0, len(res.Assignments))
	for _, a := range res.Assignments {
		ch, ca := sc.Children[p.ChildIndex[a.Child]], sc.Carers[p.CarerIndex[a.Carer]]
		out = append(out, plan.PlanInput{
			Link:  linkmatch.Link{ID: plan.LinkID(ch.ID, ca.ID), ChildID: ch.ID, CarerID: ca.ID, Score: a.Score},
			Child: ch, Carer: ca,
		})
	}
	return out
}

// runRecord is run.json: enough to audit and repeat a run. It holds
// nothing that changes from one run of the same inputs to the next, so
// two such runs give identical files; the stage timings are in
// timings.json (runTimings).
type runRecord struct {
	Scenario string            `json:"scenario"`
	Version  string            `json:"version"`
	Inputs   map[string]string `json:"inputs_sha256"`
	Settings struct {
		Match scenarios.MatchSettings `json:"match"`
		Geo   scenarios.GeoSettings   `json:"geo"`
		Start string                  `json:"plan_start"`
	} `json:"settings"`
	Counts  map[string]int    `json:"counts"`
	Totals  map[string]string `json:"totals"`
	Outputs []string          `json:"outputs"`
}

// runTimings is timings.json: how long each stage of a run took, in
// seconds.
type runTimings struct {
	Timings map[string]float64 `json:"timings_seconds"`
}

// runPipeline runs every stage on a loaded scenario and writes all outputs
// into dir together: score, shortlist, match (optimal, compared with greedy
// and stable), plan and cost. Nothing is written unless every stage succeeds.
func runPipeline(ctx context.Context, e *env, sc *scenarios.Scenario, dir string, top int) (*runRecord, error) {
	rec := &runRecord{Scenario: sc.Name, Version: version(), Inputs: map[string]string{},
		Counts: map[string]int{}, Totals: map[string]string{}}
	timings := runTimings{Timings: map[string]float64{}}
	rec.Settings.Match, rec.Settings.Geo, rec.Settings.Start = sc.Match, sc.Geo, sc.Plan.Start.String()
	for _, f := range []string{sc.Path, sc.Files.Children, sc.Files.Carers, sc.Files.Rates, sc.Files.Boundaries, sc.Files.Needs} {
		if f == "" {
			continue
		}
		sum, err := fileSHA256(f)
		if err != nil {
			return nil, err
		}
		name := f
		if rel, err := filepath.Rel(sc.Dir, f); err == nil {
			name = rel
		}
		rec.Inputs[name] = sum
	}
	lap := func(stage string, t time.Time) {
		timings.Timings[stage] = time.Since(t).Round(time.Millisecond).Seconds()
	}
	b := e.batch()
	defer b.Abort()
	write := func(name string, fn func(w io.Writer) error) error {
		rec.Outputs = append(rec.Outputs, name)
		return b.Write(filepath.Join(dir, name), fn)
	}

	t := time.Now()
	scorer, scored, err := scoreScenario(ctx, e, sc)
	if err != nil {
		return nil, err
	}
	short, err := scorer.Shortlist(ctx, top)
	if err != nil {
		return nil, err
	}
	lap("score", t)
	if err := write("pairs.csv", func(w io.Writer) error { return match.WriteResultCSV(w, scorer, scored) }); err != nil {
		return nil, err
	}
	if err := write("shortlist.csv", func(w io.Writer) error { return match.WriteShortlistCSV(w, scorer, short) }); err != nil {
		return nil, err
	}

	t = time.Now()
	p := match.BuildProblem(sc.Children, sc.Carers, scored.Pairs)
	if err := addPinned(sc.Files.Pinned, p); err != nil {
		return nil, err
	}
	res, err := match.Solve(ctx, p, assign.Options{Mode: assign.Optimal})
	if err != nil {
		return nil, pinnedUsage(sc.Files.Pinned, err)
	}
	if err := assign.CheckOptimal(&p.Solver, res.Solver); err != nil {
		return nil, err
	}
	var comparisons []string
	for _, m := range []assign.Mode{assign.Greedy, assign.Stable} {
		other, err := match.Solve(ctx, p, assign.Options{Mode: m})
		if err != nil {
			return nil, pinnedUsage(sc.Files.Pinned, err)
		}
		c := match.Compare(res, other).String()
		comparisons = append(comparisons, c)
		e.log.Info().Msg(c)
	}
	lap("match", t)
	for _, f := range []struct {
		name string
		fn   func(io.Writer) error
	}{
		{"matches.csv", func(w io.Writer) error { return match.WriteMatches(w, p, res) }},
		{"unmatched.csv", func(w io.Writer) error { return match.WriteUnmatched(w, p, res) }},
		{"certificate.csv", func(w io.Writer) error { return match.WriteCertificate(w, p, res) }},
	} {
		if err := write(f.name, f.fn); err != nil {
			return nil, err
		}
	}

	t = time.Now()
	tmpl, cal, err := planSetup(sc, "")
	if err != nil {
		return nil, err
	}
	planner, err := plan.NewPlanner(tmpl, cal, plan.Options{Start: sc.Plan.Start, Horizon: sc.Plan.Horizon})
	if err != nil {
		return nil, err
	}
	inputs := planInputs(sc, p, res)
	var ps table.Problems
	underWay := pinnedUnderWay(sc.Files.Pinned, tmpl, sc.Plan.Start, &ps)
	if err := ps.Err(); err != nil {
		return nil, err
	}
	for i := range inputs {
		l := &inputs[i].Link
		if u, ok := underWay[[2]string{l.ChildID, l.CarerID}]; ok {
			l.Started, l.Stage, l.StageSince, l.StageUntil = u.Started, u.Stage, u.StageSince, u.StageUntil // a pinned link under way carries on
		}
	}
	planned, err := planner.PlanAll(ctx, inputs)
	if err != nil {
		return nil, err
	}
	sessions := planned.Sessions
	lap("plan", t)
	if err := write("plan_warnings.csv", func(w io.Writer) error { return plan.WriteWarnings(w, planned.Warnings) }); err != nil {
		return nil, err
	}
	rec.Counts["plan_warnings"] = len(planned.Warnings)
	rec.Totals["plan_warnings"] = plan.SummariseWarnings(planned.Warnings)
	london, err := time.LoadLocation(plan.LondonTZID)
	if err != nil {
		return nil, fmt.Errorf("load the Europe/London time zone: %w", err)
	}
	if err := write("timeline.csv", func(w io.Writer) error { return plan.WriteTimeline(w, sessions) }); err != nil {
		return nil, err
	}
	if err := write("timeline.ics", func(w io.Writer) error { return plan.WriteICS(w, sessions, london, sc.Plan.Start) }); err != nil {
		return nil, err
	}

	if len(sessions) > 0 && len(sc.Rates) > 0 {
		t = time.Now()
		if err := runCosts(ctx, sc, plan.MoveDates(tmpl, sessions), planner.Horizon(), inputs, sessions, write, rec); err != nil {
			return nil, err
		}
		lap("cost", t)
	}

	rec.Counts["children"] = len(sc.Children)
	rec.Counts["carers"] = len(sc.Carers)
	rec.Counts["eligible_pairs"] = len(scored.Pairs)
	rec.Counts["linked"] = res.Linked
	rec.Counts["unmatched"] = len(res.Unmatched)
	rec.Counts["timeline_rows"] = len(sessions)
	rec.Totals["total_score"] = fmt.Sprintf("%.2f", float64(res.ScaledTotal)/100)
	rec.Totals["proven_optimal"] = fmt.Sprint(res.Proven)
	for i, c := range comparisons {
		rec.Totals[fmt.Sprintf("comparison_%d", i+1)] = c
	}
	rec.Outputs = append(rec.Outputs, "run.json", "timings.json")
	sort.Strings(rec.Outputs)
	for _, f := range []struct {
		name string
		v    any
	}{{"run.json", rec}, {"timings.json", timings}} {
		if err := b.Write(filepath.Join(dir, f.name), func(w io.Writer) error {
			enc := json.NewEncoder(w)
			enc.SetIndent("", "  ")
			return enc.Encode(f.v)
		}); err != nil {
			return nil, err
		}
	}
	for _, stale := range staleOutputs(dir, rec.Outputs) {
		b.Remove(stale)
	}
	if err := b.Commit(); err != nil {
		return nil, err
	}
	return rec, nil
}

// runCosts prices a run's timeline from its first planned day to the end of
// the planning horizon (a link whose plan ends at the horizon carries on,
// so its retainer runs to it), with 4-weekly pay periods from that first
// day; writes costs.csv, cost-summary.csv and carer_statements.csv; and
// records the totals and the whole costing's findings (among them Staying
// Put weeks with no staying_put_week rate: not costed, not a failure).
func runCosts(ctx context.Context, sc *scenarios.Scenario, moves map[string]linkmatch.Date, horizon linkmatch.Date,
	inputs []plan.PlanInput, sessions []linkmatch.Session, write func(string, func(io.Writer) error) error, rec *runRecord) error {
	rates, err := cost.NewRateTable(filepath.Base(sc.Files.Rates), sc.Rates)
	if err != nil {
		return err
	}
	links := map[string]cost.LinkInfo{}
	for _, in := range inputs {
		links[in.Link.ID] = linkInfo(sc, &in.Child, &in.Carer, moves[in.Link.ID])
	}
	from, to := sessions[0].Date, horizon
	for _, s := range sessions {
		from, to = min(from, s.Date), max(to, s.Date)
	}
	costs, err := cost.Price(ctx, sessions, links, rates, cost.Options{Payments: sc.Payments, From: from, To: to})
	if err != nil {
		return err
	}
	for _, f := range []struct {
		name string
		fn   func(io.Writer) error
	}{
		{"costs.csv", func(w io.Writer) error { return cost.WriteCosts(w, costs) }},
		{"cost-summary.csv", func(w io.Writer) error { return cost.WriteSummary(w, costs.Summary) }},
		{"carer_statements.csv", func(w io.Writer) error { return cost.WriteStatements(w, costs) }},
	} {
		if err := write(f.name, f.fn); err != nil {
			return err
		}
	}
	rec.Totals["cost_gbp"] = costs.Total.String()
	rec.Totals["retainer_gbp"] = costs.Retainer.String()
	rec.Totals["sessions_gbp"] = costs.Sessions.String()
	rec.Totals["mileage_gbp"] = costs.Mileage.String()
	rec.Totals["costed_from"], rec.Totals["costed_to"] = from.String(), to.String()
	var notes []string
	for _, f := range costs.Findings {
		if f.LinkID == "" {
			notes = append(notes, f.Text)
		}
	}
	rec.Totals["cost_notes"] = strings.Join(notes, "; ")
	rec.Counts["staying_put_weeks_unpriced"] = len(costs.Unpriced)
	return nil
}

func fileSHA256(path string) (string, error) {
	f, err := os.Open(path)
	if err != nil {
		return "", err
	}
	defer f.Close()
	h := sha256.New()
	if _, err := io.Copy(h, f); err != nil {
		return "", err
	}
	return hex.EncodeToString(h.Sum(nil)), nil
}

// printRun tells a person what a run produced.
func printRun(w io.Writer, rec *runRecord, dir string) {
	fmt.Fprintf(w, "%s\n", rec.Scenario)
	fmt.Fprintf(w, "  children:        %d\n", rec.Counts["children"])
	fmt.Fprintf(w, "  carers:          %d\n", rec.Counts["carers"])
	fmt.Fprintf(w, "  eligible pairs:  %d\n", rec.Counts["eligible_pairs"])
	fmt.Fprintf(w, "  linked:          %d (total score %s, proven optimal: %s)\n", rec.Counts["linked"], rec.Totals["total_score"], rec.Totals["proven_optimal"])
	fmt.Fprintf(w, "  not linked:      %d (reasons in unmatched.csv)\n", rec.Counts["unmatched"])
	for i := 1; rec.Totals[fmt.Sprintf("comparison_%d", i)] != ""; i++ {
		fmt.Fprintf(w, "  %s\n", rec.Totals[fmt.Sprintf("comparison_%d", i)])
	}
	fmt.Fprintf(w, "  timeline rows:   %d\n", rec.Counts["timeline_rows"])
	fmt.Fprintf(w, "  plan warnings:   %s\n", rec.Totals["plan_warnings"])
	if c := rec.Totals["cost_gbp"]; c != "" {
		fmt.Fprintf(w, "  cost:            £%s from %s to %s (retainers £%s, sessions £%s, mileage £%s)\n",
			c, rec.Totals["costed_from"], rec.Totals["costed_to"], rec.Totals["retainer_gbp"], rec.Totals["sessions_gbp"], rec.Totals["mileage_gbp"])
		if n := rec.Totals["cost_notes"]; n != "" {
			fmt.Fprintf(w, "  cost notes:      %s (see cost-summary.csv)\n", n)
		}
	}
	fmt.Fprintf(w, "Outputs in %s:\n", dir)
	for _, o := range rec.Outputs {
		fmt.Fprintf(w, "  %s\n", o)
	}
}
