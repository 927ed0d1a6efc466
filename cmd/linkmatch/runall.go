package main

import (
	"context"
	"flag"

	"github.com/linkmatch/linkmatch/internal/cli"
	"github.com/linkmatch/linkmatch/internal/hugepage"
	"github.com/linkmatch/linkmatch/internal/pipeline"
	"github.com/linkmatch/linkmatch/internal/progress"
	"github.com/linkmatch/linkmatch/internal/runout"
	"github.com/linkmatch/linkmatch/scenarios"
)

// runPipeline runs a loaded scenario and writes every output into dir
// (internal/runout), within the memory limit of a long run.
func runPipeline(ctx context.Context, e *env, sc *scenarios.Scenario, dir string, o runout.Options) (*pipeline.Record, error) {
	cli.LimitMemory()
	o.Today, o.Version, o.Log = today(), version(), e.Log
	o.Batch, o.Progress = e.Batch(), progress.New(e.Stderr, e.Log, e.Bars)
	rec, err := runout.Write(ctx, sc, dir, o)
	return rec, runout.InputErr(err)
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
			force := forceFlag(fs)
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
				e.Force = *force
				// A run fills a few large arrays once (the scenario's files, the
				// scored pairs, the solver's arcs, the timeline): huge pages cut
				// their page faults (internal/hugepage).
				hugepage.Enable()
				if err := runout.CheckRunDir(*out, nil, "", *force); err != nil {
					return err
				}
				sc, err := loadScenario(e, args[0])
				if err != nil {
					return err
				}
				if err := runout.CheckRunDir(*out, sc, *xlsx, *force); err != nil {
					return err
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
