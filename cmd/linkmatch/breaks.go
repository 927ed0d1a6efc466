package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"path/filepath"
	"sort"
	"strings"
	"time"

	"github.com/linkmatch/linkmatch"
	"github.com/linkmatch/linkmatch/assign"
	"github.com/linkmatch/linkmatch/input"
	"github.com/linkmatch/linkmatch/internal/table"
	"github.com/linkmatch/linkmatch/match"
	"github.com/linkmatch/linkmatch/plan"
	"github.com/linkmatch/linkmatch/scenarios"
)

// This file wires Family Link short breaks (seed 002, issue 17) into the
// commands: a short-breaks scenario is matched by filling children's breaks
// from carers' offered sessions (match.SolveBreaks), planned with its
// short-breaks template, and given a written agreement per link.

// breaksOutputs are the files a short-breaks run writes beside a run's
// usual outputs; each link's agreement-LINK.html is written too
// (isRunOutput).
var breaksOutputs = []string{"entitlement.csv", "agreements.csv", "certificate-parts.csv"}

// isRunOutput reports whether name is a file a run may write: a stale one
// may be removed by a later run.
func isRunOutput(name string) bool {
	for _, n := range append(runOutputs, breaksOutputs...) {
		if n == name {
			return true
		}
	}
	return strings.HasPrefix(name, "agreement-") && strings.HasSuffix(name, ".html") && !strings.ContainsAny(name, `/\`)
}

// solveBreaks chooses short-breaks links in mode; the scorer explains a
// child no carer is eligible for.
func solveBreaks(ctx context.Context, sc *scenarios.Scenario, scorer *match.Scorer, pairs []match.ScoredPair, mode assign.Mode) (*match.BreaksResult, error) {
	return match.SolveBreaks(ctx, sc.Children, sc.Carers, pairs, match.BreaksOptions{
		Nights: sc.Template.Nights(), MaxCarersPerChild: sc.Match.MaxCarersPerChild, Mode: mode,
		NoCarer: func(child int32) string { return scorer.Diagnose(int(child)).Explain(scorer.MaxDistanceKm()) }})
}

// checkBreaksProof checks every proven phase's certificate: the links
// families will be told must be the best there are when we say so.
func checkBreaksProof(res *match.BreaksResult) error {
	for _, ph := range res.Phases {
		if ph.Proven {
			if err := assign.CheckOptimal(&ph.Problem.Solver, ph.Result.Solver); err != nil {
				return fmt.Errorf("short-breaks matching (%s): %w", ph.Name, err)
			}
		}
	}
	return nil
}

// compareBreaks says what optimal gains over another mode, in sessions a
// month met and children with a carer.
func compareBreaks(opt, other *match.BreaksResult) string {
	children := func(r *match.BreaksResult) int {
		n := 0
		for _, s := range r.Shares {
			if s.Met > 0 {
				n++
			}
		}
		return n
	}
	return fmt.Sprintf("optimal meets %+d sessions a month and reaches %+d children compared with %s",
		opt.Met-other.Met, children(opt)-children(other), other.Mode)
}

// breaksPlanInputs turns short-breaks links into the planner's input, each
// with its agreed part of the child's breaks.
func breaksPlanInputs(sc *scenarios.Scenario, res *match.BreaksResult) []plan.PlanInput {
	out := make([]plan.PlanInput, 0, len(res.Links))
	for _, l := range res.Links {
		ch, ca := sc.Children[l.Child], sc.Carers[l.Carer]
		out = append(out, plan.PlanInput{
			Link:  linkmatch.Link{ID: plan.LinkID(ch.ID, ca.ID), ChildID: ch.ID, CarerID: ca.ID, Score: l.Score},
			Child: ch, Carer: ca, Breaks: l.Breaks,
		})
	}
	return out
}

// writeAgreements writes agreements.csv and agreement-LINK.html for every
// link of a short-breaks plan into dir; it returns the files' names.
func writeAgreements(write func(string, func(io.Writer) error) error, tmpl *plan.Template, inputs []plan.PlanInput, planned *plan.Result, scenario string) ([]string, error) {
	as := plan.Agreements(tmpl, inputs, planned)
	names := []string{"agreements.csv"}
	if err := write("agreements.csv", func(w io.Writer) error { return plan.WriteAgreements(w, as) }); err != nil {
		return nil, err
	}
	for i := range as {
		a := &as[i]
		name := plan.AgreementFileName(a.LinkID)
		if err := write(name, func(w io.Writer) error { return plan.WriteAgreementHTML(w, a, scenario) }); err != nil {
			return nil, err
		}
		names = append(names, name)
	}
	return names, nil
}

// verifyBreaksPlan runs the planner's own check of every short-breaks rule
// on a plan before anything is written: a breach is a fault in linkmatch
// (exit 1), never something a family is shown.
func verifyBreaksPlan(p *plan.Planner, inputs []plan.PlanInput, planned *plan.Result) error {
	if errs := p.VerifyBreaks(inputs, planned); len(errs) > 0 {
		return fmt.Errorf("internal error: the short-breaks plan breaks its own rules: %w", errors.Join(errs...))
	}
	return nil
}

// runBreaksPipeline is runPipeline for a short-breaks scenario: score and
// shortlist as usual; match by filling children's breaks from carers'
// sessions (compared with greedy and stable); plan with the short-breaks
// template and check the plan against every rule; write each link's
// written agreement; cost the year. Everything is written together or not
// at all. It is long because it is runPipeline's frame (record, batch,
// stage timings) around the short-breaks stages, kept apart from the
// step-down pipeline so that the two can be moved to a pipeline package
// without touching each other.
func runBreaksPipeline(ctx context.Context, e *env, sc *scenarios.Scenario, dir string, top int) (*runRecord, error) {
	rec := &runRecord{Scenario: sc.Name, Version: version(), Inputs: map[string]string{},
		Counts: map[string]int{}, Totals: map[string]string{"scheme": sc.Scheme.String()}}
	timings := runTimings{Timings: map[string]float64{}}
	rec.Settings.Match, rec.Settings.Geo, rec.Settings.Start = sc.Match, sc.Geo, sc.Plan.Start.String()
	for _, in := range sc.Inputs() {
		sum, err := fileSHA256(in.Path)
		if err != nil {
			return nil, err
		}
		name := in.Path
		if rel, err := filepath.Rel(sc.Dir, in.Path); err == nil {
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
	res, err := solveBreaks(ctx, sc, scorer, scored.Pairs, assign.Optimal)
	if err != nil {
		return nil, err
	}
	if err := checkBreaksProof(res); err != nil {
		return nil, err
	}
	var comparisons []string
	for _, m := range []assign.Mode{assign.Greedy, assign.Stable} {
		other, err := solveBreaks(ctx, sc, scorer, scored.Pairs, m)
		if err != nil {
			return nil, err
		}
		comparisons = append(comparisons, compareBreaks(res, other))
		e.log.Info().Msg(comparisons[len(comparisons)-1])
	}
	lap("match", t)
	if err := writeBreakMatchOutputs(write, sc, res, "certificate.csv", "certificate-parts.csv"); err != nil {
		return nil, err
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
	inputs := breaksPlanInputs(sc, res)
	planned, err := planner.PlanAll(ctx, inputs)
	if err != nil {
		return nil, err
	}
	if err := verifyBreaksPlan(planner, inputs, planned); err != nil {
		return nil, err
	}
	sessions := planned.Sessions
	lap("plan", t)
	london, err := time.LoadLocation(plan.LondonTZID)
	if err != nil {
		return nil, fmt.Errorf("load the Europe/London time zone: %w", err)
	}
	for _, f := range []struct {
		name string
		fn   func(io.Writer) error
	}{
		{"plan_warnings.csv", func(w io.Writer) error { return plan.WriteWarnings(w, planned.Warnings) }},
		{"timeline.csv", func(w io.Writer) error { return plan.WriteTimeline(w, sessions) }},
		{"timeline.ics", func(w io.Writer) error { return plan.WriteICS(w, sessions, london, sc.Plan.Start) }},
	} {
		if err := write(f.name, f.fn); err != nil {
			return nil, err
		}
	}
	agreements, err := writeAgreements(write, tmpl, inputs, planned, sc.Name)
	if err != nil {
		return nil, err
	}
	rec.Counts["plan_warnings"] = len(planned.Warnings)
	rec.Totals["plan_warnings"] = plan.SummariseWarnings(planned.Warnings)
	rec.Counts["agreements"] = len(agreements) - 1

	if len(sessions) > 0 && len(sc.Rates) > 0 {
		t = time.Now()
		if err := runCosts(ctx, sc, nil, planner.Horizon(), inputs, sessions, write, rec); err != nil {
			return nil, err
		}
		lap("cost", t)
	}

	recordBreaks(rec, sc, scored, res, comparisons)
	rec.Counts["timeline_rows"] = len(sessions)
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

// writeBreakMatchOutputs writes matches.csv (with each link's agreed
// breaks), entitlement.csv (each child's share met), unmatched.csv, and the
// certificate of each proven phase (cert1 for one carer per child, cert2
// for the parts; "" leaves one out).
func writeBreakMatchOutputs(write func(string, func(io.Writer) error) error, sc *scenarios.Scenario, res *match.BreaksResult, cert1, cert2 string) error {
	fs := []struct {
		name string
		fn   func(io.Writer) error
	}{
		{"matches.csv", func(w io.Writer) error { return match.WriteBreakMatches(w, sc.Children, sc.Carers, res) }},
		{"entitlement.csv", func(w io.Writer) error { return match.WriteBreakShares(w, sc.Children, res) }},
		{"unmatched.csv", func(w io.Writer) error { return match.WriteBreakUnmatched(w, sc.Children, res) }},
	}
	for i, name := range []string{cert1, cert2} {
		if i < len(res.Phases) && name != "" && res.Phases[i].Result.Solver.Certificate != nil {
			ph := res.Phases[i]
			fs = append(fs, struct {
				name string
				fn   func(io.Writer) error
			}{name, func(w io.Writer) error { return match.WriteCertificate(w, ph.Problem, ph.Result) }})
		}
	}
	for _, f := range fs {
		if err := write(f.name, f.fn); err != nil {
			return err
		}
	}
	return nil
}

// recordBreaks puts a short-breaks match's counts and totals into run.json.
func recordBreaks(rec *runRecord, sc *scenarios.Scenario, scored *match.Result, res *match.BreaksResult, comparisons []string) {
	linked, full, none := 0, 0, 0
	for _, s := range res.Shares {
		switch {
		case s.Met == s.Entitled:
			full++
			linked++
		case s.Met > 0:
			linked++
		default:
			none++
		}
	}
	rec.Counts["children"] = len(sc.Children)
	rec.Counts["carers"] = len(sc.Carers)
	rec.Counts["eligible_pairs"] = len(scored.Pairs)
	rec.Counts["links"] = len(res.Links)
	rec.Counts["linked"] = linked
	rec.Counts["entitlement_met_in_full"] = full
	rec.Counts["unmatched"] = none
	rec.Counts["sessions_entitled_per_month"] = res.Entitled
	rec.Counts["sessions_met_per_month"] = res.Met
	share := 100
	if res.Entitled > 0 {
		share = (200*res.Met + res.Entitled) / (2 * res.Entitled)
	}
	rec.Totals["entitlement_met"] = fmt.Sprintf("%d of %d sessions a month (%d%%)", res.Met, res.Entitled, share)
	var score float64
	for _, l := range res.Links {
		score += l.Score
	}
	rec.Totals["total_score"] = fmt.Sprintf("%.2f", score)
	rec.Totals["proven_optimal"] = fmt.Sprint(res.Proven)
	for i, c := range comparisons {
		rec.Totals[fmt.Sprintf("comparison_%d", i+1)] = c
	}
}

// printBreaksRun tells a person what a short-breaks run produced.
func printBreaksRun(w io.Writer, rec *runRecord, dir string) {
	fmt.Fprintf(w, "%s\n", rec.Scenario)
	fmt.Fprintf(w, "  children:        %d (living at home with their families)\n", rec.Counts["children"])
	fmt.Fprintf(w, "  carers:          %d\n", rec.Counts["carers"])
	fmt.Fprintf(w, "  eligible pairs:  %d\n", rec.Counts["eligible_pairs"])
	fmt.Fprintf(w, "  links:           %d for %d children, %d with all their breaks (proven optimal: %s)\n",
		rec.Counts["links"], rec.Counts["linked"], rec.Counts["entitlement_met_in_full"], rec.Totals["proven_optimal"])
	fmt.Fprintf(w, "  breaks met:      %s (each child's share in entitlement.csv)\n", rec.Totals["entitlement_met"])
	fmt.Fprintf(w, "  no carer:        %d (reasons in unmatched.csv)\n", rec.Counts["unmatched"])
	for i := 1; rec.Totals[fmt.Sprintf("comparison_%d", i)] != ""; i++ {
		fmt.Fprintf(w, "  %s\n", rec.Totals[fmt.Sprintf("comparison_%d", i)])
	}
	fmt.Fprintf(w, "  agreements:      %d (agreements.csv and an agreement-LINK.html each)\n", rec.Counts["agreements"])
	fmt.Fprintf(w, "  timeline rows:   %d\n", rec.Counts["timeline_rows"])
	fmt.Fprintf(w, "  plan warnings:   %s\n", rec.Totals["plan_warnings"])
	if c := rec.Totals["cost_gbp"]; c != "" {
		fmt.Fprintf(w, "  cost:            £%s from %s to %s (sessions £%s, mileage £%s)\n",
			c, rec.Totals["costed_from"], rec.Totals["costed_to"], rec.Totals["sessions_gbp"], rec.Totals["mileage_gbp"])
		// Family Link pays by the session: a note about retainers does
		// not apply when there is none.
		if n := rec.Totals["cost_notes"]; n != "" && rec.Totals["retainer_gbp"] != "0.00" {
			fmt.Fprintf(w, "  cost notes:      %s (see cost-summary.csv)\n", n)
		}
	}
	fmt.Fprintf(w, "Outputs in %s:\n", dir)
	n := 0
	for _, o := range rec.Outputs {
		if strings.HasPrefix(o, "agreement-") {
			n++
			continue
		}
		fmt.Fprintf(w, "  %s\n", o)
	}
	if n > 0 {
		fmt.Fprintf(w, "  agreement-*.html (%d printable written agreements)\n", n)
	}
}

// readLinkBreaks reads a matches.csv row's breaks (a short-breaks link's
// agreed part of the child's breaks): nil when the column is absent or
// empty (the whole of the child's breaks). Every kind must be one the
// scenario's template offers, and no more than the child is assessed for.
func readLinkBreaks(r *table.Reader, s *scenarios.Scenario, ch *linkmatch.Child) (linkmatch.Breaks, bool) {
	text := r.Get("breaks")
	if text == "" || s.Scheme != linkmatch.SchemeShortBreaks {
		return nil, true
	}
	bs, err := linkmatch.ParseBreaks(text)
	if err != nil {
		r.Fail(input.ErrBadValue, "breaks", "write the link's breaks as matches.csv gives them, for example 2 after_school + 1 overnight per month", "%v", err)
		return nil, false
	}
	for _, b := range bs {
		switch {
		case s.Template != nil && s.Template.Break(b.Kind) == nil:
			r.Fail(input.ErrUnknownName, "breaks", "use the kinds of break the template offers: "+strings.Join(s.Template.BreakNames(), ", "), "the template does not offer %q", b.Kind)
			return nil, false
		case b.PerMonth > ch.Breaks.Count(b.Kind):
			r.Fail(input.ErrConflict, "breaks", "a link gives at most the child's assessed breaks (children.csv breaks)",
				"%d %s a month is more than child %s is assessed for (%s)", b.PerMonth, b.Kind, ch.ID, ch.Breaks)
			return nil, false
		}
	}
	return bs, true
}

// runMatchBreaks is "match SCENARIO" for a short-breaks scenario: it fills
// children's breaks from carers' sessions and writes matches.csv (with each
// link's breaks), unmatched.csv, entitlement.csv beside it, and with
// --certificate the first phase's certificate (and the second's beside it,
// as certificate-parts.csv).
func runMatchBreaks(ctx context.Context, e *env, sc *scenarios.Scenario, scorer *match.Scorer, scored *match.Result, mode assign.Mode, o matchOptions) error {
	if o.pinned != "" || sc.Files.Pinned != "" {
		return usagef("pinned links are not supported for short breaks yet: remove --pinned (or pinned in scenario.toml)")
	}
	t := time.Now()
	res, err := solveBreaks(ctx, sc, scorer, scored.Pairs, mode)
	if err != nil {
		return err
	}
	if err := checkBreaksProof(res); err != nil {
		return err
	}
	e.log.Info().Str("mode", mode.String()).Int("links", len(res.Links)).Int("sessions_met", res.Met).
		Int("sessions_entitled", res.Entitled).Bool("proven_optimal", res.Proven).Dur("took", time.Since(t)).Msg("chose the links")
	if o.compare && mode == assign.Optimal {
		for _, m := range []assign.Mode{assign.Greedy, assign.Stable} {
			other, err := solveBreaks(ctx, sc, scorer, scored.Pairs, m)
			if err != nil {
				return err
			}
			e.log.Info().Msg(compareBreaks(res, other))
		}
	}
	b := e.batch()
	defer b.Abort()
	dir := filepath.Dir(o.unmatched) // --out may be standard output
	write := func(name string, fn func(io.Writer) error) error {
		path := filepath.Join(dir, name)
		switch name {
		case "matches.csv":
			path = o.out
		case "unmatched.csv":
			path = o.unmatched
		case o.certificate:
			path = o.certificate
		}
		return b.Write(path, fn)
	}
	cert2 := ""
	if o.certificate != "" {
		cert2 = "certificate-parts.csv"
	}
	if err := writeBreakMatchOutputs(write, sc, res, o.certificate, cert2); err != nil {
		return err
	}
	return b.Commit()
}
