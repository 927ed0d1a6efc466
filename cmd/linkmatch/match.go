package main

import (
	"context"
	"flag"
	"io"
	"path/filepath"
	"time"

	"github.com/linkmatch/linkmatch/assign"
	"github.com/linkmatch/linkmatch/internal/output"
	"github.com/linkmatch/linkmatch/internal/table"
	"github.com/linkmatch/linkmatch/match"
)

func matchCommand() command {
	return command{
		name:    "match",
		args:    "SCENARIO --out matches.csv  or  --pairs pairs.csv --carers carers.csv --out matches.csv",
		summary: "choose the set of links (optimal, stable or greedy)",
		help: `Chooses which child links with which carer. With --pairs, the scores come
from your own pairs.csv (child_id, carer_id, score 0–100) and carers.csv
needs only id and capacity (current_links optional).

--mode optimal (the default) links as many children as possible, then
maximises the total score, and proves it (--certificate writes the proof).
--mode stable gives the child-proposing stable matching: no child and
carer would both rather have each other. --mode greedy is the manual
baseline: children with fewest options first, each takes its best carer.

--pinned pinned.csv (child_id, carer_id) lists links already agreed: every
mode keeps them, and each uses one of its carer's places. A scenario may name
the file with pinned = "pinned.csv" in scenario.toml.

matches.csv lists the links; unmatched.csv (beside it unless --unmatched
says otherwise) gives every child without a link and why.`,
		setup: func(fs *flag.FlagSet) runFunc {
			var o matchOptions
			fs.StringVar(&o.pairs, "pairs", "", "your own scored pairs (pairs.csv: child_id, carer_id, score)")
			fs.StringVar(&o.carers, "carers", "", "carers.csv, with at least id and capacity (with --pairs)")
			fs.StringVar(&o.out, "out", "", "where to write the links (matches.csv; - for standard output, with --unmatched)")
			fs.StringVar(&o.unmatched, "unmatched", "", "where to write unlinked children and why (default unmatched.csv beside --out)")
			fs.StringVar(&o.mode, "mode", "optimal", "optimal, stable or greedy")
			fs.StringVar(&o.certificate, "certificate", "", "optimal mode: also write the optimality certificate (dual prices) here, and check it")
			fs.StringVar(&o.pinned, "pinned", "", "links already agreed (pinned.csv: child_id, carer_id), kept by every mode; default: the scenario's pinned file")
			fs.BoolVar(&o.compare, "compare", false, "also run the other modes and log what optimal gains over them")
			return func(ctx context.Context, e *env, args []string) error { return runMatch(ctx, e, args, o) }
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
	case !ok:
		return usagef("--mode %q: use optimal, stable or greedy", o.mode)
	case o.out == "":
		return usagef("--out is required: where to write matches.csv")
	case o.pairs == "" && o.carers == "" && len(args) == 1:
		// A scenario: score it first.
	case o.pairs == "" || o.carers == "" || len(args) != 0:
		return usagef("give a SCENARIO, or --pairs pairs.csv and --carers carers.csv (and no SCENARIO)")
	case o.certificate != "" && mode != assign.Optimal:
		return usagef("--certificate needs --mode optimal")
	}
	if o.unmatched == "" {
		if o.out == output.Stdout {
			return usagef("with --out -, say where the unlinked children go with --unmatched FILE")
		}
		o.unmatched = filepath.Join(filepath.Dir(o.out), "unmatched.csv")
	}
	outs := files{}.add(o.out, "--out").add(o.unmatched, "--unmatched").add(o.certificate, "--certificate")
	ins := files{}.add(o.pairs, "--pairs").add(o.carers, "--carers").add(o.pinned, "--pinned")
	if err := checkOutputs(outs, ins); err != nil {
		return err
	}
	t0 := time.Now()
	var p *match.Problem
	if o.pairs == "" {
		sc, err := loadScenario(e, args[0])
		if err != nil {
			return err
		}
		if err := checkOutputs(outs, ins.withScenario(sc)); err != nil {
			return err
		}
		_, scored, err := scoreScenario(ctx, e, sc)
		if err != nil {
			return err
		}
		p = match.BuildProblem(sc.Children, sc.Carers, scored.Pairs)
		if o.pinned == "" {
			o.pinned = sc.Files.Pinned
		}
	} else {
		var warnings []table.Problem
		var err error
		p, warnings, err = match.LoadPairsProblem(o.pairs, o.carers, e.limits.CSV)
		for _, w := range warnings {
			logProblem(e, w)
		}
		if err != nil {
			return err
		}
	}
	e.log.Debug().Int("children", len(p.ChildIDs)).Int("carers", len(p.CarerIDs)).Int("pairs", len(p.Solver.Arcs)).
		Dur("took", time.Since(t0)).Msg("read the pairs")
	if err := addPinned(o.pinned, p); err != nil {
		return err
	}
	t1 := time.Now()
	res, err := match.Solve(ctx, p, assign.Options{Mode: mode})
	if err != nil {
		return pinnedUsage(o.pinned, err)
	}
	ev := e.log.Info().Str("mode", mode.String()).Int("linked", res.Linked).Int("children", len(p.ChildIDs)).
		Float64("total_score", float64(res.ScaledTotal)/100).Dur("took", time.Since(t1))
	if mode == assign.Optimal {
		ev = ev.Bool("proven_optimal", res.Proven)
		if !res.Proven {
			links, score := res.Gap()
			ev = ev.Int("gap_links", links).Float64("gap_score", score)
		}
	}
	ev.Msg("chose the links")
	if o.compare && mode == assign.Optimal {
		for _, other := range []assign.Mode{assign.Greedy, assign.Stable} {
			r2, err := match.Solve(ctx, p, assign.Options{Mode: other})
			if err != nil {
				return err
			}
			e.log.Info().Msg(match.Compare(res, r2).String())
		}
	}
	b := e.batch()
	if err := b.Write(o.out, func(w io.Writer) error { return match.WriteMatches(w, p, res) }); err != nil {
		return err
	}
	if err := b.Write(o.unmatched, func(w io.Writer) error { return match.WriteUnmatched(w, p, res) }); err != nil {
		return err
	}
	if o.certificate != "" {
		if err := assign.CheckOptimal(&p.Solver, res.Solver); err != nil {
			b.Abort()
			return err
		}
		if err := b.Write(o.certificate, func(w io.Writer) error { return match.WriteCertificate(w, p, res) }); err != nil {
			return err
		}
	}
	return b.Commit()
}
