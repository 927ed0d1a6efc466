package main

import (
	"bytes"
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
	"github.com/linkmatch/linkmatch/internal/output"
	"github.com/linkmatch/linkmatch/internal/panel"
	"github.com/linkmatch/linkmatch/internal/pipeline"
	"github.com/linkmatch/linkmatch/match"
	"github.com/linkmatch/linkmatch/plan"
	"github.com/linkmatch/linkmatch/scenarios"
)

// runPipeline prepares a loaded scenario, runs every stage in memory
// (internal/pipeline) and writes all outputs into dir together: score,
// shortlist, match (in the scenario's [match] mode, optimal by default,
// compared with the other modes), plan and cost. Nothing is written unless
// every stage succeeds.
func runPipeline(ctx context.Context, e *env, sc *scenarios.Scenario, dir string, top int, xlsx string) (*pipeline.Record, error) {
	prep, err := pipeline.Prepare(sc, pipeline.Options{Today: today()})
	if err != nil {
		return nil, inputErr(err)
	}
	for _, p := range prep.Warnings {
		logProblem(e, p)
	}
	res, err := pipeline.Run(ctx, prep, top)
	if err != nil {
		return nil, inputErr(err)
	}
	logRun(e, res)
	rec := res.Record(sc, version())
	rec.ScenarioPath, rec.Top = scenarioPath(sc, dir), top
	if rec.Inputs, err = inputChecksums(sc); err != nil {
		return nil, err
	}
	london, err := londonZone()
	if err != nil {
		return nil, err
	}
	b := e.batch()
	defer b.Abort()
	// The report and the workbook read some outputs back, as "linkmatch
	// report" would from the folder: keep a copy of those.
	kept := panel.Files{}
	for _, o := range runWriters(res, sc, london) {
		rec.Outputs = append(rec.Outputs, o.name)
		write := o.write
		if keepForReport(o.name, xlsx != "") {
			write = func(w io.Writer) error {
				var buf bytes.Buffer
				if err := o.write(io.MultiWriter(w, &buf)); err != nil {
					return err
				}
				kept[o.name] = buf.Bytes()
				return nil
			}
		}
		if err := b.Write(filepath.Join(dir, o.name), write); err != nil {
			return nil, err
		}
	}
	if err := addPanel(ctx, e, b, rec, res, prep, kept, dir, xlsx); err != nil {
		return nil, err
	}
	for _, f := range []struct {
		name string
		v    any
	}{{"run.json", rec}, {"timings.json", res.Timings}} {
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

// namedOutput is one file of a run and how to write it.
type namedOutput struct {
	name  string
	write func(io.Writer) error
}

// addPanel writes the panel report (and, with xlsx, the workbook) of a
// step-down run into the batch and lists them, with run.json and
// timings.json, among the run's outputs. A Family Link run's readers are
// its entitlement.csv and written agreements: it gets no panel report.
func addPanel(ctx context.Context, e *env, b *output.Batch, rec *pipeline.Record, res *pipeline.Result, prep *pipeline.Prepared,
	kept panel.Files, dir, xlsx string) error {
	panelRun := res.Breaks == nil
	if panelRun {
		rec.Outputs = append(rec.Outputs, reportFile)
		if xlsx != "" && sameDir(filepath.Dir(xlsx), dir) {
			rec.Outputs = append(rec.Outputs, filepath.Base(xlsx))
		}
	} else if xlsx != "" {
		e.log.Warn().Msg("the workbook is for step-down runs: a short-breaks run writes entitlement.csv and the written agreements instead")
	}
	rec.Outputs = append(rec.Outputs, "run.json", "timings.json")
	sort.Strings(rec.Outputs)
	if !panelRun {
		return nil
	}
	start := time.Now()
	var err error
	if kept[panel.FileRun], err = json.Marshal(rec); err != nil {
		return err
	}
	in := panel.Inputs{Scenario: prep.Scenario, Scorer: prep.Scorer, Template: prep.Template}
	if err := runPanel(ctx, b, in, kept, res.Costs, filepath.Join(dir, reportFile), xlsx); err != nil {
		return err
	}
	res.Timings.Report = time.Since(start)
	return nil
}

// runWriters lists the files a run writes beside run.json and
// timings.json, in the order they are written (INTERFACE.md names them):
// the certificate only when the links are optimal, the cost files only
// when the run was costed.
func runWriters(res *pipeline.Result, sc *scenarios.Scenario, london *time.Location) []namedOutput {
	if res.Breaks != nil {
		return breaksWriters(res, sc, london)
	}
	s, m, p := res.Scored, res.Matched, res.Planned.Result
	outs := []namedOutput{
		{"pairs.csv", func(w io.Writer) error { return match.WriteResultCSV(w, s.Scorer, s.Pairs) }},
		{"shortlist.csv", func(w io.Writer) error { return match.WriteShortlistCSV(w, s.Scorer, s.Shortlist) }},
		{"matches.csv", func(w io.Writer) error { return match.WriteMatches(w, m.Problem, m.Links, m.Choices) }},
		{"unmatched.csv", func(w io.Writer) error { return match.WriteUnmatched(w, m.Problem, m.Links) }},
		{"plan_warnings.csv", func(w io.Writer) error { return plan.WriteWarnings(w, p.Warnings) }},
		{"timeline.csv", func(w io.Writer) error { return plan.WriteTimeline(w, p.Sessions) }},
		{"timeline.ics", func(w io.Writer) error { return plan.WriteICS(w, p.Sessions, london, sc.Plan.Start) }},
	}
	if m.Links.Mode == assign.Optimal {
		// The certificate proves optimal links; other modes have none.
		outs = append(outs, namedOutput{"certificate.csv", func(w io.Writer) error { return match.WriteCertificate(w, m.Problem, m.Links) }})
	}
	if c := res.Costs; c != nil {
		outs = append(outs,
			namedOutput{"costs.csv", func(w io.Writer) error { return cost.WriteCosts(w, c) }},
			namedOutput{"cost-summary.csv", func(w io.Writer) error { return cost.WriteSummary(w, c.Summary) }},
			namedOutput{"carer_statements.csv", func(w io.Writer) error { return cost.WriteStatements(w, c) }})
	}
	return outs
}

// logRun logs what each stage did, by counts and ids only.
func logRun(e *env, res *pipeline.Result) {
	e.log.Info().Int("pairs", len(res.Scored.Pairs.Pairs)).Dur("took", res.Timings.Score).Msg("pairs scored")
	if res.Breaks != nil {
		for _, c := range res.Breaks.Compared {
			e.log.Info().Msg(c.String())
		}
		return
	}
	for _, c := range res.Matched.Compared {
		e.log.Info().Msg(c.String())
	}
}

// inputChecksums are the SHA-256 checksums of the scenario's main input
// files, by their name relative to the scenario folder, for run.json.
func inputChecksums(sc *scenarios.Scenario) (map[string]string, error) {
	sums := map[string]string{}
	for _, f := range []string{sc.Path, sc.Files.Children, sc.Files.Carers, sc.Files.Rates, sc.Files.Boundaries, sc.Files.Needs, sc.Files.Template} {
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
		sums[name] = sum
	}
	return sums, nil
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

// londonZone is Europe/London, which iCalendar files are written in.
func londonZone() (*time.Location, error) {
	london, err := time.LoadLocation(plan.LondonTZID)
	if err != nil {
		return nil, fmt.Errorf("load the Europe/London time zone: %w", err)
	}
	return london, nil
}

// printRun tells a person what a run produced.
func printRun(w io.Writer, rec *pipeline.Record, dir string) {
	if rec.Totals.Scheme == linkmatch.SchemeShortBreaks {
		printBreaksRun(w, rec, dir)
		return
	}
	c, t := rec.Counts, rec.Totals
	fmt.Fprintf(w, "%s\n", rec.Scenario)
	fmt.Fprintf(w, "  children:        %d\n", c.Children)
	fmt.Fprintf(w, "  carers:          %d\n", c.Carers)
	fmt.Fprintf(w, "  eligible pairs:  %d\n", c.EligiblePairs)
	if t.Mode == assign.Optimal.String() {
		fmt.Fprintf(w, "  linked:          %d (total score %.2f, proven optimal: %t)\n", c.Linked, t.Score, t.Proven)
	} else {
		fmt.Fprintf(w, "  linked:          %d (%s links, as scenario.toml's [match] mode asks; total score %.2f)\n", c.Linked, t.Mode, t.Score)
	}
	fmt.Fprintf(w, "  not linked:      %d (reasons in unmatched.csv)\n", c.Unmatched)
	for _, cmp := range t.Compared {
		fmt.Fprintf(w, "  %s\n", cmp)
	}
	fmt.Fprintf(w, "  timeline rows:   %d\n", c.TimelineRows)
	fmt.Fprintf(w, "  plan warnings:   %s\n", t.PlanWarnings)
	if k := t.Cost; k != nil {
		fmt.Fprintf(w, "  cost:            £%s from %s to %s (retainers £%s, sessions £%s, mileage £%s)\n",
			k.Total, k.From, k.To, k.Retainer, k.Sessions, k.Mileage)
		if len(k.Notes) > 0 {
			fmt.Fprintf(w, "  cost notes:      %s (see cost-summary.csv)\n", strings.Join(k.Notes, "; "))
		}
	}
	fmt.Fprintf(w, "Outputs in %s:\n", dir)
	for _, o := range rec.Outputs {
		fmt.Fprintf(w, "  %s\n", o)
	}
}

// keepForReport says whether a run keeps a copy of an output for its
// report (and, with a workbook, for the workbook's sheets).
func keepForReport(name string, workbook bool) bool {
	switch name {
	case panel.FileMatches, panel.FileUnmatched, panel.FileTimeline, panel.FileWarnings, panel.FileCertificate:
		return true
	case panel.FileShortlist, panel.FileStatements:
		return workbook
	}
	return false
}

// scenarioPath is the scenario's path as run.json records it: relative to
// the run folder when the scenario is inside it, so the folder can be
// moved whole; otherwise absolute.
func scenarioPath(sc *scenarios.Scenario, dir string) string {
	abs, err := filepath.Abs(sc.Path)
	if err != nil {
		return sc.Path
	}
	if d, err := filepath.Abs(dir); err == nil {
		if rel, err := filepath.Rel(d, abs); err == nil && filepath.IsLocal(rel) {
			return filepath.ToSlash(rel)
		}
	}
	return abs
}

// sameDir reports whether two paths name the same folder.
func sameDir(a, b string) bool {
	x, err1 := filepath.Abs(a)
	y, err2 := filepath.Abs(b)
	return err1 == nil && err2 == nil && x == y
}
