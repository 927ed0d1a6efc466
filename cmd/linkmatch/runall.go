package main

import (
	"context"
	"flag"
	"os"
	"path/filepath"
	"runtime/debug"

	"github.com/linkmatch/linkmatch"
	"github.com/linkmatch/linkmatch/internal/output"
	"github.com/linkmatch/linkmatch/internal/pipeline"
	"github.com/linkmatch/linkmatch/internal/progress"
	"github.com/linkmatch/linkmatch/internal/runout"
	"github.com/linkmatch/linkmatch/scenarios"
)

// runFiles are the outputs of a run into dir, for output.Check.
func runFiles(dir string) files {
	var f files
	for _, name := range runout.Outputs() {
		f = f.add(filepath.Join(dir, name), "the run's "+name)
	}
	return f
}

// checkRunDir refuses, before any work, an output folder that is not a
// folder or holds, under an output's name, something that is not an
// ordinary file; and, once the scenario is known, a folder where an output
// would replace one of the scenario's own files.
func checkRunDir(dir string, sc *scenarios.Scenario) error {
	if dir == output.Stdout {
		return usagef("--out must be a folder: a run writes several files")
	}
	if err := output.CheckDir(dir, "--out"); err != nil {
		return err
	}
	var ins files
	if sc != nil {
		if sameDir(dir, sc.Dir) {
			// Outputs beside the inputs: one run's files would be mixed
			// with the scenario's, a later run's clean-up would work in
			// it, and a scenario naming an output's file would lose it.
			return usagef("--out %s is the scenario's own folder: give a folder for the run's outputs, such as %s (a new folder, or one inside the scenario's)",
				dir, filepath.Join(dir, "run"))
		}
		ins = ins.withScenario(sc)
	}
	return checkOutputs(runFiles(dir), ins)
}

// sameDir reports whether a and b are the same existing folder, however
// the paths are spelt (relative, through a link).
func sameDir(a, b string) bool {
	sa, err := os.Stat(a)
	if err != nil {
		return false
	}
	sb, err := os.Stat(b)
	return err == nil && os.SameFile(sa, sb)
}

// runPipeline runs a loaded scenario and writes every output into dir
// (internal/runout), within the memory limit of a long run.
func runPipeline(ctx context.Context, e *env, sc *scenarios.Scenario, dir string, o runout.Options) (*pipeline.Record, error) {
	limitMemory()
	o.Today, o.Version, o.Log = today(), version(), e.Log
	o.Batch, o.Progress = e.Batch(), progress.New(e.Stderr, e.Log, e.Bars)
	rec, err := runout.Write(ctx, sc, dir, o)
	return rec, inputErr(err)
}

// softMemoryLimit is the heap size a run asks Go's garbage collector to
// keep under (runtime/debug.SetMemoryLimit): by default the collector lets
// the heap grow to twice what is live, which took a national run (7,000
// children, 45,000 carers) to 2.2 GB of memory when at most 1.1 GB was
// ever live, against issue 15's 1 GiB. It is a soft limit: a run that
// needs more still runs, the collector then working harder (never with
// more than half the CPU).
const softMemoryLimit = 900 << 20

// limitMemory sets softMemoryLimit, unless GOMEMLIMIT in the environment
// sets a limit of its own.
func limitMemory() {
	if _, set := os.LookupEnv("GOMEMLIMIT"); !set {
		debug.SetMemoryLimit(softMemoryLimit)
	}
}

func runCommand() command {
	return command{
		Name:    "run",
		Args:    "SCENARIO --out DIR",
		Summary: "the whole pipeline: score, shortlist, match, plan and cost",
		Help:    helpText("run"),
		Setup: func(fs *flag.FlagSet) runFunc {
			out := fs.String("out", "", "the folder to write every output into (required)")
			top := fs.Int("top", 5, "how many carers each child's shortlist lists")
			allPairs := fs.Bool("all-pairs", false, "also write pairs.csv: every eligible pair with its score and components (a national scenario has about 10 million)")
			xlsx := fs.String("xlsx", "", "also write the workbook (.xlsx) here: links, shortlist, unlinked children, timeline, costs by month, carer statements")
			return func(ctx context.Context, e *env, args []string) error {
				if err := oneScenario(args); err != nil {
					return err
				}
				if *out == "" {
					return usagef("give --out, the folder to write the outputs into")
				}
				if *top < 1 {
					return usagef("--top must be 1 or more")
				}
				if err := checkRunDir(*out, nil); err != nil {
					return err
				}
				sc, err := loadScenario(e, args[0])
				if err != nil {
					return err
				}
				if err := checkRunDir(*out, sc); err != nil {
					return err
				}
				if *xlsx != "" && sc.Scheme == linkmatch.SchemeShortBreaks {
					return usagef("--xlsx: the workbook is for step-down runs; a short-breaks run writes entitlement.csv, agreements.csv and a written agreement for each link instead — leave out --xlsx")
				}
				if *xlsx != "" {
					if err := checkOutputs(files{}.add(*xlsx, "--xlsx"), files{}.withScenario(sc)); err != nil {
						return err
					}
				}
				rec, err := runPipeline(ctx, e, sc, *out, runout.Options{Top: *top, XLSX: *xlsx, AllPairs: *allPairs})
				if err != nil {
					return err
				}
				runout.Print(e.Stdout, rec, *out)
				return nil
			}
		},
	}
}
