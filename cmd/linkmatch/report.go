package main

import (
	"context"
	"flag"
	"os"
	"path/filepath"
	"time"

	"github.com/linkmatch/linkmatch/internal/output"
	"github.com/linkmatch/linkmatch/internal/panel"
	"github.com/linkmatch/linkmatch/internal/runout"
)

func reportCommand() command {
	return command{
		Name:    "report",
		Args:    "RUN_DIR --out report.html [--xlsx workbook.xlsx]",
		Summary: "self-contained HTML report of a run, for a fostering panel; spreadsheet workbook",
		Help:    helpText("report"),
		Setup: func(fs *flag.FlagSet) runFunc {
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
	outs := output.Paths{}.Add(o.out, "--out").Add(o.xlsx, "--xlsx")
	if err := output.Check(outs, runout.ReportReads(dir)); err != nil {
		return err
	}
	start := time.Now()
	fsys := runout.DirFS{Dir: dir, Limits: e.Limits}
	out, err := panel.ReadOutputs(fsys)
	if err != nil {
		return err
	}
	path := o.scenario
	if path == "" {
		var ok bool
		if path, ok = runout.RunScenario(dir, out.Run); !ok {
			return usagef("%s does not say where its scenario is (a run from an older version): give --scenario", filepath.Join(dir, panel.FileRun))
		}
	}
	sc, err := loadScenario(e, path)
	if err != nil {
		return err
	}
	if err := runout.CheckReportScenario(dir, sc, outs); err != nil {
		return err
	}
	notes, err := runout.WriteReport(ctx, e.Batch(), runout.ReportJob{Scenario: sc, Outputs: out, FS: fsys, Top: o.top,
		HTML: o.out, XLSX: o.xlsx, Today: today()})
	for _, n := range notes {
		e.Log.Warn().Msg(n)
	}
	if err != nil {
		return inputErr(err)
	}
	e.Log.Info().Int("children", len(sc.Children)).Int("links", len(out.Matches)).Dur("took_ms", time.Since(start)).Msg("report written")
	return nil
}
