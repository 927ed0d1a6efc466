package runout

import (
	"context"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"sort"

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

// PanelJob is one report and workbook to write: the model's inputs, the
// run's files the workbook copies, and where each goes ("" for none).
type PanelJob struct {
	In         panel.Inputs
	FS         fs.FS
	HTML, XLSX string
}

// WritePanel stages the HTML report and the workbook in b. On failure it
// leaves b to its caller to abort (output.Batch.Abort): a run's report is
// made while other files are still being written into the batch, which
// must not be aborted under them.
func WritePanel(ctx context.Context, b *output.Batch, j PanelJob) error {
	if j.HTML != "" {
		m, err := panel.Build(ctx, j.In)
		if err != nil {
			return fmt.Errorf("report: %w", err)
		}
		if err := stage(b, j.HTML, func(w io.Writer) error { return report.WriteHTML(w, m) }); err != nil {
			return err
		}
	}
	if j.XLSX != "" {
		sheets, err := panel.Sheets(j.FS, j.In.Outputs)
		if err != nil {
			return fmt.Errorf("workbook: %w", err)
		}
		if err := stage(b, j.XLSX, func(w io.Writer) error { return workbook.Write(w, sheets) }); err != nil {
			return err
		}
	}
	return nil
}

// stage stages path in b and writes it with fn (output.Batch.Write, but
// without aborting the batch on failure).
func stage(b *output.Batch, path string, fn func(io.Writer) error) error {
	w, err := b.Create(path)
	if err != nil {
		return err
	}
	return fn(w)
}

// ReportJob is "linkmatch report": a run's folder read back (Outputs
// through FS), the scenario it used, how many carers each child's list
// shows (Top, 0: as the run's shortlist), and the report and workbook to
// write (HTML, XLSX: "" for none).
type ReportJob struct {
	Scenario *scenarios.Scenario
	Outputs  *panel.Outputs
	FS       DirFS
	Top      int
	HTML     string
	XLSX     string
	Today    linkmatch.Date // for ages when the scenario has no plan start
}

// WriteReport writes a run folder's report and workbook: the scenario is
// prepared as the run prepared it (pipeline.Prepare: the scorer and the
// template the run used), and notes say which of the scenario's files
// changed since the run; they are returned for the log even when the
// report cannot be written. Nothing is written unless all is.
func WriteReport(ctx context.Context, b *output.Batch, j ReportJob) (notes []string, err error) {
	defer b.Abort()
	if notes, err = ChangedInputs(j.Scenario, j.Outputs.Run.Inputs); err != nil {
		return nil, err
	}
	prep, err := pipeline.Prepare(j.Scenario, pipeline.Options{Today: j.Today})
	if err != nil {
		return notes, err
	}
	err = WritePanel(ctx, b, PanelJob{In: panel.Inputs{Scenario: j.Scenario, Scorer: prep.Scorer, Template: prep.Template, Outputs: j.Outputs, Top: j.Top, Notes: notes},
		FS: j.FS, HTML: j.HTML, XLSX: j.XLSX})
	if err != nil {
		return notes, err
	}
	return notes, b.Commit()
}

// ReportReads are the files of the run's folder dir that "linkmatch
// report" reads, as inputs for output.Check: a report may replace the
// run's own report.html, but no file it reads.
func ReportReads(dir string) output.Paths {
	var read output.Paths
	for _, name := range []string{panel.FileRun, panel.FileMatches, panel.FileUnmatched, panel.FileTimeline, panel.FileWarnings,
		panel.FileCosts, panel.FileCertificate, panel.FileShortlist, panel.FileStatements, panel.FileStages} {
		read = read.Add(filepath.Join(dir, name), "the run's "+name)
	}
	return read
}

// RunScenario is the scenario.toml the run in dir read, as its run.json
// records it (relative paths are to dir); ok is false for a run from an
// older version, which did not record it.
func RunScenario(dir string, run panel.RunRecord) (path string, ok bool) {
	path = run.ScenarioPath
	if path == "" {
		return "", false
	}
	if !filepath.IsAbs(path) {
		path = filepath.Join(dir, path)
	}
	return path, true
}

// DirFS reads a run folder's files within the input size limits.
type DirFS struct {
	Dir    string
	Limits inputfile.Limits
}

// Open opens a file of the run's folder (fs.FS).
func (r DirFS) Open(name string) (fs.File, error) { return os.DirFS(r.Dir).Open(name) }

// ReadFile reads a file of the run's folder within the limits (fs.ReadFileFS).
func (r DirFS) ReadFile(name string) ([]byte, error) {
	if !fs.ValidPath(name) {
		return nil, &fs.PathError{Op: "open", Path: name, Err: fs.ErrInvalid}
	}
	return inputfile.Read(filepath.Join(r.Dir, filepath.FromSlash(name)), inputfile.CSV, r.Limits)
}

// ChangedInputs says, for a person, which of the scenario's files differ
// from the run's record of them.
func ChangedInputs(sc *scenarios.Scenario, recorded map[string]string) ([]string, error) {
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

// costItems are a run's priced rows totalled as the report reads them,
// beside their month summary (panel.CostItemsOf).
func costItems(res *cost.Result) []panel.CostItem { return panel.CostItemsOf(res) }

// runPanel stages a run's report (and workbook, when xlsx is given) from
// the files the run kept in memory, exactly as "linkmatch report" would
// read them from its folder, and from what the run has in memory in the
// very form those files give back: its sessions (timeline.csv), its costs
// (costs.csv, costItems) and their month summary (cost-summary.csv's
// all-links month rows, panel.MonthsOf) and, in in.Scored, its scoring.
//
// The report groups the sessions by child in place (panel.Build), so it
// is made once written says that the files written from them (the
// timeline's) are written: the others may still be being written
// meanwhile.
func runPanel(ctx context.Context, b *output.Batch, in panel.Inputs, kept panel.Files, sessions []linkmatch.Session, costs []panel.CostItem, months []report.MonthCost,
	written func() error, html, xlsx string) error {
	out, err := panel.ReadOutputsWith(kept, sessions)
	if err != nil {
		return fmt.Errorf("report: %w", err)
	}
	if err := written(); err != nil {
		return err
	}
	out.Costs, out.Months = costs, months
	in.Outputs = out
	return WritePanel(ctx, b, PanelJob{In: in, FS: kept, HTML: html, XLSX: xlsx})
}
