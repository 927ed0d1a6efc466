// Package runout runs a whole scenario ("linkmatch run" and "demo") and
// writes every output into one folder: each stage's files written while the
// next stage computes, the panel report and workbook from what the run
// kept, run.json and timings.json, and outputs of an earlier run that this
// one does not make removed; all or none. It also stages the files other
// commands share with a run: the short-breaks matches and agreements, the
// report of a run's folder, a plan's calendars, and the files of match,
// plan and cost, each all or none. The stages themselves
// are internal/pipeline's; this package knows files, not flags.
package runout

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
	"slices"
	"sort"
	"strings"
	"time"

	"github.com/linkmatch/linkmatch"
	"github.com/linkmatch/linkmatch/assign"
	"github.com/linkmatch/linkmatch/cost"
	"github.com/linkmatch/linkmatch/input"
	"github.com/linkmatch/linkmatch/internal/cli"
	"github.com/linkmatch/linkmatch/internal/output"
	"github.com/linkmatch/linkmatch/internal/panel"
	"github.com/linkmatch/linkmatch/internal/pipeline"
	"github.com/linkmatch/linkmatch/internal/progress"
	"github.com/linkmatch/linkmatch/match"
	"github.com/linkmatch/linkmatch/plan"
	"github.com/linkmatch/linkmatch/report"
	"github.com/linkmatch/linkmatch/scenarios"
	"github.com/rs/zerolog"
)

// Options are run's and demo's choices beyond the scenario, and what the
// run reports to.
type Options struct {
	Top  int    // carers in each shortlist
	XLSX string // the workbook's path, or ""
	// AllPairs writes pairs.csv, every eligible pair (817 MB for a national
	// scenario), as the pairs are scored.
	AllPairs bool
	Today    linkmatch.Date // the civil date, for ages when the scenario has no plan start
	Version  string         // linkmatch's version, for run.json
	Log      zerolog.Logger
	// Batch stages the outputs; Write commits it, or aborts it on failure.
	Batch    *output.Batch
	Progress *progress.Bar // nil: no bars, no stage times logged
}

// Write prepares a loaded scenario, runs every stage in memory
// (internal/pipeline) and writes all outputs into dir together: score,
// shortlist, match (in the scenario's [match] mode, optimal by default,
// compared with the other modes), plan and cost. Each stage's outputs are
// written while the next stage computes. Nothing is written unless every
// stage succeeds.
func Write(ctx context.Context, sc *scenarios.Scenario, dir string, o Options) (*pipeline.Record, error) {
	prep, err := pipeline.Prepare(sc, pipeline.Options{Today: o.Today})
	if err != nil {
		return nil, err
	}
	for _, p := range prep.Warnings {
		cli.LogProblem(o.Log, p)
	}
	london, err := londonZone()
	if err != nil {
		return nil, err
	}
	b := o.Batch
	defer b.Abort()
	bar := o.Progress
	bg := &background{b: b, done: bar.FileDone}
	defer func() { _ = bg.wait() }() // before the batch aborts
	var names []string
	var certCheck *panel.CertificateCheck
	ropt := pipeline.RunOptions{Top: o.Top, Progress: bar,
		Proven: func(m *pipeline.Matched) error {
			if m.Links.Mode != assign.Optimal {
				return nil
			}
			var err error
			certCheck, err = checkCertificate(m)
			return err
		},
		Finished: func(stage string, res *pipeline.Result) error {
			if stage == pipeline.StageMatch && res.Matched != nil && res.Matched.Links.Mode == assign.Optimal {
				// Nothing after matching reads the problem's arcs once the
				// certificate is checked: 150 MB on a national run (issue 15).
				res.Matched.Problem.Solver.Arcs, res.Matched.Problem.Scores = nil, nil
			}
			for _, w := range stageWriters(stage, res, sc, london) {
				names = append(names, w.Name)
				if err := bg.start(filepath.Join(dir, w.Name), w.Name, keepForReport(w.Name, o.XLSX != ""), w.Write); err != nil {
					return err
				}
			}
			return nil
		}}
	if o.AllPairs {
		names = append(names, "pairs.csv")
		if ropt.PairsCSV, err = b.Create(filepath.Join(dir, "pairs.csv")); err != nil {
			return nil, err
		}
	}
	res, err := pipeline.Run(ctx, prep, ropt)
	if err != nil {
		return nil, err
	}
	logRun(o.Log, res)
	rec := res.Record(sc, o.Version)
	rec.ScenarioPath, rec.Top = scenarioPath(sc, dir), o.Top
	rec.Outputs = names
	if rec.Inputs, err = inputChecksums(sc); err != nil {
		return nil, err
	}
	if err := reportThenWait(ctx, o, bg, rec, res, prep, certCheck, dir); err != nil {
		return nil, err
	}
	if err := commit(b, bar, dir, rec, res.Timings); err != nil {
		return nil, err
	}
	return rec, nil
}

// reportThenWait makes the run's report (addPanel) and then waits for the
// files still being written. The report reads only the small files the
// writers keep a copy of (keepForReport), the priced rows (its cost
// items) and the plan's sessions, so it is made while the large files
// are still being written (issue 15): it waits only for the writers of
// the timeline (sessionReaders), as it groups the sessions in place. The
// cost writers read their own copy of the priced rows and go on beside
// it: waiting for them left one core idle for about 1.5 s at the end of a
// national run, and the report's cost items, totals by link
// (panel.CostItemsOf), leave room for the two within the collector's soft
// limit.
func reportThenWait(ctx context.Context, o Options, bg *background, rec *pipeline.Record, res *pipeline.Result, prep *pipeline.Prepared,
	certCheck *panel.CertificateCheck, dir string) error {
	kept, err := bg.waitKept()
	if err != nil {
		return err
	}
	var months []report.MonthCost
	if res.Costs != nil {
		// The report's months, from the run's own costs while their rows
		// are held (addPanel lets them go).
		months = panel.MonthsOf(res.Costs)
	}
	// The report's time (timings.json) leaves out its wait for the
	// writers: that time is theirs.
	var waited time.Duration
	written := func() error {
		start := time.Now()
		defer func() { waited = time.Since(start) }()
		return bg.waitFor(sessionReaders()...)
	}
	endReport := o.Progress.Stage("report", 0)
	err = addPanel(ctx, o.Log, o.Batch, rec, res, prep, kept, certCheck, months, written, dir, o.XLSX)
	endReport()
	if err != nil {
		return err
	}
	res.Timings.Report -= waited
	wait := o.Progress.Files("writing", bg.started)
	err = bg.wait()
	wait()
	return err
}

// commit writes run.json and timings.json beside the outputs, removes
// the outputs of an earlier run that this one did not write, and commits
// the batch: every file at once, or none.
func commit(b *output.Batch, bar *progress.Bar, dir string, rec *pipeline.Record, timings any) error {
	for _, f := range []struct {
		name string
		v    any
	}{{"run.json", rec}, {"timings.json", timings}} {
		if err := b.Write(filepath.Join(dir, f.name), func(w io.Writer) error {
			enc := json.NewEncoder(w)
			enc.SetIndent("", "  ")
			return enc.Encode(f.v)
		}); err != nil {
			return err
		}
	}
	for _, stale := range staleOutputs(dir, rec.Outputs) {
		b.Remove(stale)
		rec.Removed = append(rec.Removed, filepath.Base(stale))
	}
	for _, stale := range staleAgreements(dir, rec.Outputs) {
		if name := filepath.Base(stale); !slices.Contains(rec.Removed, name) {
			b.Remove(stale)
			rec.Removed = append(rec.Removed, name)
		}
	}
	sort.Strings(rec.Removed)
	endCommit := bar.Stage("saving", 0)
	defer endCommit()
	return b.Commit()
}

// checkCertificate checks a run's certificate of its optimal links as its
// report will show it (panel.CheckCertificate: the links and prices as
// matches.csv and certificate.csv record them, against the problem just
// solved). The run makes it while the links are compared with the other
// modes (pipeline.RunOptions.Proven), and lets the problem's arcs go once
// the match stage has finished. The report of the run's folder
// ("linkmatch report") makes the same check against the scenario scored
// again, and the tests hold the two reports to the same bytes.
func checkCertificate(m *pipeline.Matched) (*panel.CertificateCheck, error) {
	var buf bytes.Buffer
	if err := match.WriteCertificate(&buf, m.Problem, m.Links); err != nil {
		return nil, err
	}
	var ps input.Problems
	rows := match.ParseCertificate(buf.Bytes(), panel.FileCertificate, &ps)
	if err := ps.Err(); err != nil {
		return nil, err
	}
	matches := make([]panel.Match, len(m.Links.Assignments))
	for i, a := range m.Links.Assignments {
		matches[i] = panel.Match{ChildID: m.Problem.ChildIDs[a.Child], CarerID: m.Problem.CarerIDs[a.Carer], Pinned: a.Pinned}
	}
	chk := panel.CheckCertificate(m.Problem, matches, rows)
	return &chk, nil
}

// Named is one file of a run and how to write it.
type Named struct {
	Name  string
	Write func(io.Writer) error
}

// addPanel writes the panel report (and, with xlsx, the workbook) of a
// step-down run into the batch and lists them, with run.json and
// timings.json, among the run's outputs. A Family Link run's readers are
// its entitlement.csv and written agreements: it gets no panel report.
func addPanel(ctx context.Context, log zerolog.Logger, b *output.Batch, rec *pipeline.Record, res *pipeline.Result, prep *pipeline.Prepared,
	kept panel.Files, certCheck *panel.CertificateCheck, months []report.MonthCost, written func() error, dir, xlsx string) error {
	panelRun := res.Breaks == nil
	if panelRun {
		rec.Outputs = append(rec.Outputs, ReportFile)
		if xlsx != "" && sameDir(filepath.Dir(xlsx), dir) {
			rec.Outputs = append(rec.Outputs, filepath.Base(xlsx))
		}
	} else if xlsx != "" {
		log.Warn().Msg("the workbook is for step-down runs: a short-breaks run writes entitlement.csv and the written agreements instead")
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
	in := panel.Inputs{Scenario: prep.Scenario, Scorer: prep.Scorer, Template: prep.Template,
		Scored: &panel.Scored{Shortlist: res.Scored.Shortlist, Problem: res.Matched.Problem, Check: certCheck}}
	items := costItems(res.Costs)
	if res.Costs != nil {
		// The report reads the rows as totals, so the run's priced rows
		// (200 MB on a national run) can go before it is made: once
		// costs.csv and the cost summary are written (they read their own
		// copy, stageWriters), nothing holds them.
		res.Costs.Rows = nil
	}
	if err := runPanel(ctx, b, in, kept, res.Planned.Result.Sessions, items, months, written, filepath.Join(dir, ReportFile), xlsx); err != nil {
		return err
	}
	res.Timings.Report = time.Since(start)
	return nil
}

// stageWriters lists the files of a run that are ready once stage has
// finished (INTERFACE.md names them): the shortlist after scoring; the
// links, the children left unlinked and (for optimal links) the
// certificate after matching;
// the plan after planning; the costs, when the run was costed, after
// costing. A short-breaks run writes all its files after costing.
func stageWriters(stage string, res *pipeline.Result, sc *scenarios.Scenario, london *time.Location) []Named {
	if sc.Scheme == linkmatch.SchemeShortBreaks {
		if stage == pipeline.StageCost {
			return breaksWriters(res, sc, london)
		}
		return nil
	}
	switch stage {
	case pipeline.StageScore:
		s := res.Scored
		return []Named{{"shortlist.csv", func(w io.Writer) error { return match.WriteShortlistCSV(w, s.Scorer, s.Shortlist) }}}
	case pipeline.StageMatch:
		m := res.Matched
		outs := []Named{
			{"matches.csv", func(w io.Writer) error { return match.WriteMatches(w, m.Problem, m.Links, m.Choices) }},
			{"unmatched.csv", func(w io.Writer) error { return match.WriteUnmatched(w, m.Problem, m.Links) }},
		}
		if m.Links.Mode != assign.Optimal {
			return outs
		}
		// The certificate proves optimal links; other modes have none.
		return append(outs, Named{"certificate.csv", func(w io.Writer) error { return match.WriteCertificate(w, m.Problem, m.Links) }})
	case pipeline.StagePlan:
		p := res.Planned.Result
		return []Named{
			{"plan_warnings.csv", func(w io.Writer) error { return plan.WriteWarnings(w, p.Warnings) }},
			{"timeline.csv", func(w io.Writer) error { return plan.WriteTimeline(w, p.Sessions) }},
			{"timeline.ics", func(w io.Writer) error { return plan.WriteICS(w, p.Sessions, london, sc.Plan.Start) }},
			{panel.FileStages, func(w io.Writer) error { return plan.WriteStages(w, p.Stages) }},
		}
	case pipeline.StageCost:
		if res.Costs == nil {
			return nil
		}
		// The writers read their own copy of the result, rows and all:
		// the report lets the run's rows go (addPanel) while these files
		// may still be being written.
		c := new(cost.Result)
		*c = *res.Costs
		return []Named{
			{"costs.csv", func(w io.Writer) error { return cost.WriteCosts(w, c) }},
			{"cost-summary.csv", func(w io.Writer) error { return cost.WriteSummaryOf(w, c) }},
			{"carer_statements.csv", func(w io.Writer) error { return cost.WriteStatements(w, c) }},
		}
	}
	return nil
}

// logRun logs what each stage did, by counts and ids only.
func logRun(log zerolog.Logger, res *pipeline.Result) {
	log.Info().Int("pairs", res.Scored.Eligible).Dur("took_ms", res.Timings.Score).Msg("pairs scored")
	if res.Breaks != nil {
		for _, c := range res.Breaks.Compared {
			log.Info().Msg(c.String())
		}
		return
	}
	for _, c := range res.Matched.Compared {
		log.Info().Msg(c.String())
	}
}

// inputChecksums are the SHA-256 checksums of scenario.toml and every
// file it names (terms and bank holidays too, so that report's "changed
// since the run" notice covers them: tester), by their name relative to
// the scenario folder, for run.json.
func inputChecksums(sc *scenarios.Scenario) (map[string]string, error) {
	sums := map[string]string{}
	for _, f := range append([]string{sc.Path}, sc.Files.Named()...) {
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

// Print tells a person what a run produced.
func Print(w io.Writer, rec *pipeline.Record, dir string) {
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
		fmt.Fprintf(w, "  cost:            %s\n", costLine(k))
		if len(k.Notes) > 0 {
			fmt.Fprintf(w, "  cost notes:      %s (see cost-summary.csv)\n", strings.Join(k.Notes, "; "))
		}
	}
	fmt.Fprintf(w, "Outputs in %s:\n", dir)
	for _, o := range rec.Outputs {
		fmt.Fprintf(w, "  %s\n", o)
	}
}

// costLine is the printed cost: the total, the period and its parts,
// which add up to the total; the retainers are left out only when there
// are none (a short-breaks scheme pays by the session).
func costLine(k *pipeline.CostTotals) string {
	parts := fmt.Sprintf("sessions %s, mileage %s", k.Sessions.GBP(), k.Mileage.GBP())
	if k.Retainer != 0 {
		parts = "retainers " + k.Retainer.GBP() + ", " + parts
	}
	return fmt.Sprintf("%s from %s to %s (%s)", k.Total.GBP(), k.From, k.To, parts)
}

// keepForReport says whether a run keeps a copy of an output for its
// report (and, with a workbook, for the workbook's sheets).
func keepForReport(name string, workbook bool) bool {
	switch name {
	case panel.FileMatches, panel.FileUnmatched, panel.FileWarnings, panel.FileCertificate, panel.FileStages:
		return true
	case panel.FileShortlist, panel.FileStatements, panel.FileTimeline:
		return workbook
	}
	return false
}

// sessionReaders are the files whose writers read the plan's sessions
// (stageWriters' for the plan stage), which the report groups by child in
// place (panel.Build): it waits for them, and them only.
func sessionReaders() []string { return []string{panel.FileTimeline, "timeline.ics"} }

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
