package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/linkmatch/linkmatch"
	"github.com/linkmatch/linkmatch/internal/runout"
	"github.com/linkmatch/linkmatch/scenarios"
)

// demoWorkbook is the workbook the demo writes beside its report.
const demoWorkbook = runout.Workbook

func demoCommand() command {
	return command{
		Name:    "demo",
		Args:    "[--scenario NAME] [--out DIR]",
		Summary: "run a built-in demo scenario end to end",
		Help:    helpText("demo"),
		Setup: func(fs *flag.FlagSet) runFunc {
			out := fs.String("out", "", "the folder for the demo's inputs and outputs (default: a new temporary folder)")
			name := fs.String("scenario", scenarios.DefaultDemo, "the demo to run: "+strings.Join(scenarios.DemoNames(), " or "))
			force := fs.Bool("force", false, "replace the files an earlier demo wrote into --out")
			return func(ctx context.Context, e *env, args []string) error {
				e.Force = *force // CheckDemoDir refuses an earlier demo's files without it
				if len(args) > 0 {
					return usagef("demo takes no arguments, only --scenario NAME and --out DIR")
				}
				if _, err := scenarios.DemoNamed(*name); err != nil {
					return usagef("--scenario: %v", err)
				}
				dir := *out
				if dir != "" {
					if err := runout.CheckDemoDir(dir, *name, *force); err != nil {
						return err
					}
				} else {
					d, err := os.MkdirTemp("", "linkmatch-demo-")
					if err != nil {
						return err
					}
					dir = d
				}
				b := e.Batch()
				tomlPath, err := scenarios.StageDemoNamed(b, *name, filepath.Join(dir, "scenario"))
				if err == nil {
					err = b.Commit()
				}
				if err != nil {
					return fmt.Errorf("unpack the demo: %w", err)
				}
				sc, err := loadScenario(e, tomlPath)
				if err != nil {
					return err
				}
				xlsx := ""
				if sc.Scheme == linkmatch.SchemeStepDown { // the workbook reads step-down runs
					xlsx = filepath.Join(dir, demoWorkbook)
				}
				// The demo is small: it writes pairs.csv too, to show every
				// scored pair.
				rec, err := runPipeline(ctx, e, sc, dir, runout.Options{Top: 3, XLSX: xlsx, AllPairs: true})
				if err != nil {
					return err
				}
				runout.Print(e.Stdout, rec, dir)
				return nil
			}
		},
	}
}
