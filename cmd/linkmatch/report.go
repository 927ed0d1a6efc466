package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"time"

	"github.com/linkmatch/linkmatch"
	"github.com/linkmatch/linkmatch/cost"
	"github.com/linkmatch/linkmatch/internal/inputfile"
	"github.com/linkmatch/linkmatch/internal/output"
	"github.com/linkmatch/linkmatch/internal/panel"
	"github.com/linkmatch/linkmatch/internal/pipeline"
	"github.com/linkmatch/linkmatch/internal/workbook"
	"github.com/linkmatch/linkmatch/report"
	"github.com/linkmatch/linkmatch/scenarios"
)

// reportFile is the HTML report a run writes into its folder.
const reportFile = "report.html"

func reportCommand() command {
	return command{
		name:    "report",
		args:    "RUN_DIR --out report.html [--xlsx workbook.xlsx]",
		summary: "self-contained HTML report of a run, for a fostering panel; spreadsheet workbook",
		help: `Turns the outputs of "linkmatch run" (or "linkmatch demo") in RUN_DIR into
one HTML file a panel can open in a browser, on a phone, or print on A4 with
each child on their own page: a summary (children linked and not, links
across council borders, distances, cost, plan warnings), a map of
authorities, homes, carers and links, each child's proposed link with its
score, the runners-up and why this carer, a timeline chart per link, costs
by month and by carer, and the proof that no better set of links exists.
The file needs nothing else: no network, no other files.

--xlsx also writes a workbook with a sheet each for the links, the
shortlist, unlinked children, the timeline, costs by month and carer
statements (when the run has them).

What was decided comes from the run's files; the scenario the run names in
run.json (or --scenario) is loaded again for locations, boundaries, scores
and explanations. If a scenario file has changed since the run, the report
says so at the top.`,
		setup: func(fs *flag.FlagSet) runFunc {
			var o reportOptions
			fs.StringVar(&o.out, "out", "", "where to write the HTML report")
			fs.StringVar(&o.xlsx, "xlsx", "", "also write the workbook (.xlsx) here")
			fs.StringVar(&o.scenario, "scenario", "", "the scenario the run used (default: the one run.json names)")
			fs.IntVar(&o.top, "top", 0, "how many carers each child's list shows (default: as the run's shortlist)")
			return func(ctx context.Context, e *env, args []string) error { return runReport(ctx, e, args, o) }
		},
	}
}

type reportOptions struct {
	out, xlsx, scenario string
	top                 int
}

func runReport(ctx context.Context, e *env, args []string, o reportOptions) error {
	switch {
	case len(args) != 1:
		return usagef("give one RUN_DIR, the folder \"linkmatch run\" wrote; got %d arguments", len(args))
	case o.out == "" && o.xlsx == "":
		return usagef("give --out report.html (and --xlsx workbook.xlsx for the workbook)")
	case o.top < 0:
		return usagef("--top must be 1 or more")
	}
	dir := args[0]
	if st, err := os.Stat(dir); err != nil || !st.IsDir() {
		return usagef("%s is not a folder: give the folder \"linkmatch run\" wrote", dir)
	}
	outs := files{}.add(o.out, "--out").add(o.xlsx, "--xlsx")
	var read files // the run's files the report reads: a report may replace the run's own report.html
	for _, name := range []string{panel.FileRun, panel.FileMatches, panel.FileUnmatched, panel.FileTimeline, panel.FileWarnings,
		panel.FileCosts, panel.FileCertificate, panel.FileShortlist, panel.FileStatements} {
		read = read.add(filepath.Join(dir, name), "the run's "+name)
	}
	if err := checkOutputs(outs, read); err != nil {
		return err
	}
	start := time.Now()
	fsys := runDirFS{dir: dir, limits: e.limits}
	out, err := panel.ReadOutputs(fsys)
	if err != nil {
		return err
	}
	path := o.scenario
	if path == "" {
		path = out.Run.ScenarioPath
		if path == "" {
			return usagef("%s does not say where its scenario is (a run from an older version): give --scenario", filepath.Join(dir, panel.FileRun))
		}
		if !filepath.IsAbs(path) {
			path = filepath.Join(dir, path)
		}
	}
	sc, err := loadScenario(e, path)
	if err != nil {
		return err
	}
	if sc.Scheme == linkmatch.SchemeShortBreaks {
		// The panel report and workbook describe children in residential
		// homes and their step-down plans; a short-breaks run's own
		// documents are its written agreements.
		return usagef("%s is a short-breaks run: the panel report and workbook are for step-down runs (children in residential homes); for short breaks use the run's entitlement.csv, agreements.csv and agreement-LINK.html files", dir)
	}
	if err := checkOutputs(outs, files{}.withScenario(sc)); err != nil {
		return err
	}
	notes, err := changedInputs(sc, out.Run.Inputs)
	if err != nil {
		return err
	}
	for _, n := range notes {
		e.log.Warn().Msg(n)
	}
	// The scorer and template the run used: pipeline.Prepare builds them
	// from the scenario as "run" did.
	prep, err := pipeline.Prepare(sc, pipeline.Options{Today: today()})
	if err != nil {
		return inputErr(err)
	}
	b := e.batch()
	defer b.Abort()
	err = writePanel(ctx, b, panelJob{in: panel.Inputs{Scenario: sc, Scorer: prep.Scorer, Template: prep.Template, Outputs: out, Top: o.top, Notes: notes},
		fsys: fsys, html: o.out, xlsx: o.xlsx})
	if err != nil {
		return err
	}
	if err := b.Commit(); err != nil {
		return err
	}
	e.log.Info().Int("children", len(sc.Children)).Int("links", len(out.Matches)).Dur("took", time.Since(start)).Msg("report written")
	return nil
}

// panelJob is one report and workbook to write: the model's inputs, the
// run's files the workbook copies, and where each goes ("" for none).
type panelJob struct {
	in         panel.Inputs
	fsys       fs.FS
	html, xlsx string
}

// writePanel stages the HTML report and the workbook in b.
func writePanel(ctx context.Context, b *output.Batch, j panelJob) error {
	if j.html != "" {
		m, err := panel.Build(ctx, j.in)
		if err != nil {
			return fmt.Errorf("report: %w", err)
		}
		if err := b.Write(j.html, func(w io.Writer) error { return report.WriteHTML(w, m) }); err != nil {
			return err
		}
	}
	if j.xlsx != "" {
		sheets, err := panel.Sheets(j.fsys, j.in.Outputs)
		if err != nil {
			return fmt.Errorf("workbook: %w", err)
		}
		if err := b.Write(j.xlsx, func(w io.Writer) error { return workbook.Write(w, sheets) }); err != nil {
			return err
		}
	}
	return nil
}

// runDirFS reads a run folder's files within the input size limits.
type runDirFS struct {
	dir    string
	limits inputfile.Limits
}

func (r runDirFS) Open(name string) (fs.File, error) { return os.DirFS(r.dir).Open(name) }

func (r runDirFS) ReadFile(name string) ([]byte, error) {
	if !fs.ValidPath(name) {
		return nil, &fs.PathError{Op: "open", Path: name, Err: fs.ErrInvalid}
	}
	return inputfile.Read(filepath.Join(r.dir, filepath.FromSlash(name)), inputfile.CSV, r.limits)
}

// changedInputs says, for a person, which of the scenario's files differ
// from the run's record of them.
func changedInputs(sc *scenarios.Scenario, recorded map[string]string) ([]string, error) {
	now, err := inputChecksums(sc)
	if err != nil {
		return nil, err
	}
	var names []string
	for name, sum := range recorded {
		if now[name] != sum {
			names = append(names, name)
		}
	}
	for name := range now {
		if _, ok := recorded[name]; !ok {
			names = append(names, name)
		}
	}
	sort.Strings(names)
	names = slices.Compact(names)
	var notes []string
	for _, n := range names {
		notes = append(notes, fmt.Sprintf("The scenario's %s has changed since the run (it is not the file run.json recorded), so scores and explanations here come from the file as it is now.", n))
	}
	return notes, nil
}

// costItems are a run's priced rows as costs.csv writes them.
func costItems(res *cost.Result) []panel.CostItem {
	if res == nil {
		return nil
	}
	out := make([]panel.CostItem, len(res.Rows))
	for i := range res.Rows {
		r := &res.Rows[i]
		l := &res.Links[r.Link]
		out[i] = panel.CostItem{LinkID: l.ID, ChildID: l.ChildID, CarerID: l.CarerID, Date: r.Date, Item: r.ItemName(), Amount: r.Amount}
	}
	return out
}

// runPanel stages a run's report (and workbook, when xlsx is given) from
// the files the run kept in memory, exactly as "linkmatch report" would
// read them from its folder, and from what the run has in memory in the
// very form those files give back: its sessions (timeline.csv), its costs
// (costs.csv, costItems) and, in in.Scored, its scoring.
func runPanel(ctx context.Context, b *output.Batch, in panel.Inputs, kept panel.Files, sessions []linkmatch.Session, costs []panel.CostItem, html, xlsx string) error {
	out, err := panel.ReadOutputsWith(kept, sessions)
	if err != nil {
		return fmt.Errorf("report: %w", err)
	}
	out.Costs = costs
	in.Outputs = out
	return writePanel(ctx, b, panelJob{in: in, fsys: kept, html: html, xlsx: xlsx})
}
