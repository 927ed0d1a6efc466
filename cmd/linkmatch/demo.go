package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"path/filepath"

	"github.com/linkmatch/linkmatch/scenarios"
)

func demoCommand() command {
	return command{
		name:    "demo",
		args:    "[--out DIR]",
		summary: "run the built-in Somerset demo scenario end to end",
		help: `Unpacks the built-in demo — a synthetic Somerset link-carer scheme with 16
children in residential homes and 26 link carers in Somerset and its
neighbours; no real people — validates it and runs every stage, exactly as
"linkmatch run" would. The scenario's own files go into DIR/scenario so you
can open them, change them and run them again with "linkmatch run".

Without --out, a new temporary folder is used and its name is printed.`,
		setup: func(fs *flag.FlagSet) runFunc {
			out := fs.String("out", "", "the folder for the demo's inputs and outputs (default: a new temporary folder)")
			return func(ctx context.Context, e *env, args []string) error {
				if len(args) > 0 {
					return usagef("demo takes no arguments, only --out DIR")
				}
				dir := *out
				if dir == "" {
					d, err := os.MkdirTemp("", "linkmatch-demo-")
					if err != nil {
						return err
					}
					dir = d
				}
				tomlPath, err := scenarios.ExtractDemo(filepath.Join(dir, "scenario"))
				if err != nil {
					return fmt.Errorf("unpack the demo: %w", err)
				}
				sc, err := loadScenario(e, tomlPath)
				if err != nil {
					return err
				}
				rec, err := runPipeline(ctx, e, sc, dir, 3)
				if err != nil {
					return err
				}
				printRun(e.stdout, rec, dir)
				return nil
			}
		},
	}
}
