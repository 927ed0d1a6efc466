package main

import (
	"context"
	"encoding/json"
	"flag"
	"path/filepath"
	"slices"

	"github.com/linkmatch/linkmatch"
	"github.com/linkmatch/linkmatch/internal/inputfile"
	"github.com/linkmatch/linkmatch/internal/output"
	"github.com/linkmatch/linkmatch/scenarios"
)

// runOutputs are every file a run may write into its folder. run.json is
// the deterministic record of the run (the same inputs give the same
// bytes); timings.json holds how long each stage took, which differs
// from run to run.
var runOutputs = []string{"pairs.csv", "shortlist.csv", "matches.csv", "unmatched.csv", "certificate.csv",
	"plan_warnings.csv", "timeline.csv", "timeline.ics", "costs.csv", "cost-summary.csv", "carer_statements.csv",
	reportFile, demoWorkbook, "run.json", "timings.json"}

// runFiles are the outputs of a run into dir, for output.Check.
func runFiles(dir string) files {
	var f files
	for _, name := range runOutputs {
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
		ins = ins.withScenario(sc)
	}
	return checkOutputs(runFiles(dir), ins)
}

// staleOutputs lists the outputs an earlier run recorded in dir's run.json
// that this run, which produces produced, does not: they would otherwise
// sit beside the new outputs as if this run had made them (costs.csv from
// a run with rates, say). Only names a run can write are listed, so a
// run.json edited by hand cannot make a run delete anything else.
func staleOutputs(dir string, produced []string) []string {
	data, err := inputfile.Read(filepath.Join(dir, "run.json"), inputfile.CSV, inputfile.Limits{CSV: inputfile.MB})
	if err != nil {
		return nil
	}
	var prev struct {
		Outputs []string `json:"outputs"`
	}
	if json.Unmarshal(data, &prev) != nil {
		return nil
	}
	var out []string
	for _, name := range prev.Outputs {
		if isRunOutput(name) && !slices.Contains(produced, name) {
			out = append(out, filepath.Join(dir, name))
		}
	}
	return out
}

func runCommand() command {
	return command{
		name:    "run",
		args:    "SCENARIO --out DIR",
		summary: "the whole pipeline: score, shortlist, match, plan and cost",
		help: `Runs every stage on one scenario and writes all outputs into DIR:
shortlist.csv (each child's best carers, with a sentence each),
matches.csv, unmatched.csv, certificate.csv, plan_warnings.csv,
timeline.csv, timeline.ics, costs.csv, cost-summary.csv,
carer_statements.csv, run.json, which records input checksums, settings,
counts and totals so the run can be audited and repeated (two runs of the
same inputs give identical files), and timings.json, how long each stage
took. --all-pairs also writes pairs.csv, every eligible pair with its
score (as "linkmatch score" does). Links are chosen in optimal mode and
compared with the greedy (manual) and stable ways of choosing. Costs
cover the whole planned period. report.html is the panel report
("linkmatch report --help" says what it holds); --xlsx also writes the
workbook. On a terminal, a bar shows the progress of any stage that takes
more than a second (none with --quiet). Nothing is written unless every
stage succeeds; outputs an earlier run in DIR recorded but this one does
not produce (such as costs.csv when the scenario no longer has rates, or
pairs.csv from a run with --all-pairs) are
removed, and no other file in DIR is touched.`,
		setup: func(fs *flag.FlagSet) runFunc {
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
				rec, err := runPipeline(ctx, e, sc, *out, runOptions{top: *top, xlsx: *xlsx, allPairs: *allPairs})
				if err != nil {
					return err
				}
				printRun(e.stdout, rec, *out)
				return nil
			}
		},
	}
}
