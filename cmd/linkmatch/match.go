package main

import (
	"context"
	"flag"
	"path/filepath"
	"time"

	"github.com/linkmatch/linkmatch/assign"
	"github.com/linkmatch/linkmatch/input"
	"github.com/linkmatch/linkmatch/internal/hugepage"
	"github.com/linkmatch/linkmatch/internal/inputfile"
	"github.com/linkmatch/linkmatch/internal/output"
	"github.com/linkmatch/linkmatch/internal/pipeline"
	"github.com/linkmatch/linkmatch/internal/runout"
	"github.com/linkmatch/linkmatch/match"
)

func matchCommand() command {
	return command{
		Name:    "match",
		Args:    "SCENARIO --out matches.csv  or  --pairs pairs.csv --carers carers.csv --out matches.csv",
		Summary: "choose the set of links (optimal, stable or greedy)",
		Help:    helpText("match"),
		Setup: func(fs *flag.FlagSet) runFunc {
			var o matchOptions
			fs.StringVar(&o.pairs, "pairs", "", "your own scored pairs (pairs.csv: child_id, carer_id, score)")
			fs.StringVar(&o.carers, "carers", "", "carers.csv, with at least id and capacity (with --pairs); an availability column caps places by the time offered")
			fs.StringVar(&o.out, "out", "", "where to write the links (matches.csv; - for standard output, with --unmatched)")
			fs.StringVar(&o.unmatched, "unmatched", "", "where to write unlinked children and why (default unmatched.csv beside --out)")
			fs.StringVar(&o.mode, "mode", "", "optimal, stable or greedy (default: the scenario's [match] mode, else optimal)")
			fs.StringVar(&o.certificate, "certificate", "", "optimal mode: also write the optimality certificate (dual prices) here, and check it")
			fs.StringVar(&o.pinned, "pinned", "", "links already agreed (pinned.csv: child_id, carer_id), kept by every mode; default: the scenario's pinned file")
			fs.BoolVar(&o.compare, "compare", false, "also run the other modes and log what optimal gains over greedy and stable")
			return forced(fs, func(ctx context.Context, e *env, args []string) error { return runMatch(ctx, e, args, o) })
		},
	}
}

type matchOptions struct {
	pairs, carers, out, unmatched, mode, certificate, pinned string
	compare                                                  bool
}

func runMatch(ctx context.Context, e *env, args []string, o matchOptions) error {
	mode, ok := assign.ParseMode(o.mode)
	switch {
	case o.mode != "" && !ok:
		return usagef("--mode %q: use optimal, stable or greedy", o.mode)
	case o.out == "":
		return usagef("--out is required: where to write matches.csv")
	case o.pairs == "" && o.carers == "" && len(args) == 1:
		// A scenario: score it first.
	case o.pairs == "" || o.carers == "" || len(args) != 0:
		return usagef("give a SCENARIO, or --pairs pairs.csv and --carers carers.csv (and no SCENARIO)")
	case o.certificate != "" && o.mode != "" && mode != assign.Optimal:
		return usagef("--certificate needs --mode optimal")
	}
	if o.mode == "" {
		mode = assign.Optimal // unless the scenario says otherwise (matchProblem)
	}
	if o.unmatched == "" {
		if o.out == output.Stdout {
			return usagef("with --out -, say where the unlinked children go with --unmatched FILE")
		}
		o.unmatched = filepath.Join(filepath.Dir(o.out), "unmatched.csv")
	}
	outs := output.Paths{}.Add(o.out, "--out").Add(o.unmatched, "--unmatched").Add(o.certificate, "--certificate")
	ins := output.Paths{}.Add(o.pairs, "--pairs").Add(o.carers, "--carers").Add(o.pinned, "--pinned")
	if err := output.Check(outs, ins); err != nil {
		return err
	}
	t0 := time.Now()
	job, err := matchProblem(ctx, e, args, o, outs, ins)
	if err != nil {
		return err
	}
	if m, ok := job.Mode(); ok && o.mode == "" {
		if mode = m; o.certificate != "" && mode != assign.Optimal {
			return usagef("--certificate needs optimal links, but scenario.toml's [match] mode is %s: give --mode optimal", mode)
		}
	}
	if !job.ShortBreaks() {
		p := job.Problem
		e.Log.Debug().Int("children", len(p.ChildIDs)).Int("carers", len(p.CarerIDs)).Int("pairs", len(p.Solver.Arcs)).
			Dur("took_ms", time.Since(t0)).Msg("read the pairs")
	}
	r := runout.MatchRun{Mode: mode, Files: runout.MatchFiles{Matches: o.out, Unmatched: o.unmatched, Certificate: o.certificate},
		Compare: o.compare, Log: e.Log, Say: func(s string) { e.Say(o.out == output.Stdout, s) }}
	return r.Match(ctx, e.Batch(), job)
}

// matchProblem reads what to match, with its pinned links (from
// --pinned, else the scenario's): a scenario, scored first
// (pipeline.ScoreForMatch), or --pairs and --carers.
func matchProblem(ctx context.Context, e *env, args []string, o matchOptions, outs, ins output.Paths) (*pipeline.MatchJob, error) {
	var ps input.Problems
	pinned := flagSource(e, o.pinned, "pinned", inputfile.CSV, &ps)
	if o.pairs != "" {
		// One problem read, solved once and written: huge pages cut its
		// page faults (internal/hugepage), and nothing is handed back.
		hugepage.Enable()
		p, pins, err := pairsProblem(e, o, pinned, &ps)
		return &pipeline.MatchJob{Problem: p, Pins: pins}, err
	}
	if err := ps.Err(); err != nil {
		return nil, err
	}
	sc, err := loadScenario(e, args[0])
	if err != nil {
		return nil, err
	}
	if err := output.Check(outs, append(ins, runout.ScenarioPaths(sc)...)); err != nil {
		return nil, err
	}
	pins, err := pipeline.ReadPins(sc, pinned)
	if err != nil {
		return nil, err
	}
	scorer, err := newScorer(e, sc)
	if err != nil {
		return nil, err
	}
	start := time.Now()
	job, err := pipeline.ScoreForMatch(ctx, sc, scorer, pins)
	if err != nil {
		return nil, err
	}
	e.Log.Info().Int("pairs", job.Scored.Eligible).Dur("took_ms", time.Since(start)).Msg("pairs scored")
	return job, nil
}

// pairsProblem reads --pairs and --carers (ps holds the problems found so
// far) and pins the links of pinned.
func pairsProblem(e *env, o matchOptions, pinned *pipeline.Source, ps *input.Problems) (*match.Problem, pipeline.Pins, error) {
	pairs, _ := readFlagFile(e, o.pairs, "pairs", inputfile.CSV, ps)
	carers, _ := readFlagFile(e, o.carers, "carers", inputfile.CSV, ps)
	p, pins, err := pipeline.PairsProblem(pipeline.Source{Name: o.pairs, Data: pairs}, pipeline.Source{Name: o.carers, Data: carers}, pinned, ps)
	for _, w := range ps.Warnings() {
		logProblem(e, w)
	}
	return p, pins, err
}
