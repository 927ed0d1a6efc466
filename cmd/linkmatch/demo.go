package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/linkmatch/linkmatch/internal/output"
	"github.com/linkmatch/linkmatch/internal/runout"
	"github.com/linkmatch/linkmatch/scenarios"
)

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
				var made []string // the folder made for the demo, if any
				if dir != "" {
					if err := runout.CheckDemoDir(dir, *name, *force); err != nil {
						return err
					}
				} else {
					d, err := os.MkdirTemp("", "linkmatch-demo-")
					if err != nil {
						return err
					}
					dir, made = d, []string{d + string(filepath.Separator)}
				}
				b := e.Batch()
				scenarioDir := filepath.Join(dir, "scenario")
				// What unpacking puts in place that was not there: removed
				// again if the demo fails, so that "nothing was written"
				// stays true (the scenario is written before the run).
				unpacked := append(newPaths(*name, scenarioDir), made...)
				tomlPath, err := scenarios.StageDemoNamed(b, *name, scenarioDir)
				if err == nil {
					err = b.Commit()
				}
				if err != nil {
					return fmt.Errorf("unpack the demo: %w", err)
				}
				e.Janitor.Hold(unpacked) // a stop or a crash from here on removes them
				err = runDemo(ctx, e, tomlPath, dir)
				if err != nil {
					output.RemoveAll(unpacked)
				}
				e.Janitor.Release(unpacked)
				return err
			}
		},
	}
}

// runDemo loads the demo unpacked at tomlPath and runs every stage into dir.
func runDemo(ctx context.Context, e *env, tomlPath, dir string) error {
	sc, err := loadScenario(e, tomlPath)
	if err != nil {
		return err
	}
	// The demo is small: it writes pairs.csv too, to show every
	// scored pair.
	rec, err := runPipeline(ctx, e, sc, dir, runout.Options{Top: 3, XLSX: runout.DemoWorkbook(dir, sc), AllPairs: true})
	if err != nil {
		return err
	}
	runout.Print(e.Stdout, rec, dir)
	return nil
}

// newPaths lists the files of demo name that unpacking into dir would
// create, and the folders it would make for them (ending in a path
// separator, as a Janitor lists them); files and folders already there
// (an earlier demo's, replaced with --force) are not listed.
func newPaths(name, dir string) []string {
	files, err := scenarios.DemoFilesNamed(name)
	if err != nil {
		return nil
	}
	var out []string
	seen := map[string]bool{}
	for _, f := range files {
		p := filepath.Join(dir, filepath.FromSlash(f))
		if _, err := os.Lstat(p); os.IsNotExist(err) {
			out = append(out, p)
		}
		for d := filepath.Dir(p); !seen[d]; d = filepath.Dir(d) {
			seen[d] = true
			if _, err := os.Lstat(d); !os.IsNotExist(err) {
				break
			}
			out = append(out, d+string(filepath.Separator))
		}
	}
	return out
}
