package main

import (
	"context"
	"flag"
)

func runCommand() command {
	return command{
		name:    "run",
		args:    "SCENARIO --out DIR",
		summary: "the whole pipeline: score, shortlist, match, plan and cost",
		help: `Runs every stage on one scenario and writes all outputs into DIR:
pairs.csv, shortlist.csv, matches.csv, unmatched.csv, certificate.csv,
timeline.csv, timeline.ics, costs.csv, cost-summary.csv and run.json, which
records input checksums, settings, counts, totals and stage timings so the
run can be audited and repeated. Links are chosen in optimal mode and
compared with the greedy (manual) and stable ways of choosing. Costs cover
the whole planned period. Nothing is written unless every stage succeeds.
(The HTML panel report is not part of this version.)`,
		setup: func(fs *flag.FlagSet) runFunc {
			out := fs.String("out", "", "the folder to write every output into (required)")
			top := fs.Int("top", 5, "how many carers each child's shortlist lists")
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
				sc, err := loadScenario(e, args[0])
				if err != nil {
					return err
				}
				if sc.Plan.Start == 0 {
					return usagef("the scenario has no [plan] start date, which planning needs")
				}
				rec, err := runPipeline(ctx, e, sc, *out, *top)
				if err != nil {
					return err
				}
				printRun(e.stdout, rec, *out)
				return nil
			}
		},
	}
}
