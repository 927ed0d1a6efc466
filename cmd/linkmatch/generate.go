package main

import (
	"context"
	"errors"
	"flag"
	"strings"
	"time"

	"github.com/linkmatch/linkmatch"
	"github.com/linkmatch/linkmatch/input"
	"github.com/linkmatch/linkmatch/internal/inputfile"
	"github.com/linkmatch/linkmatch/internal/runout"
	"github.com/linkmatch/linkmatch/match/generate"
)

func generateCommand() command {
	return command{
		Name:    "generate",
		Args:    "--children N --carers M --seed S [--scheme step_down|short_breaks] [--boundaries FILE] [--centroids FILE] --out DIR",
		Summary: "a synthetic scenario of any size, for trials and training",
		Help:    helpText("generate"),
		Setup: func(fs *flag.FlagSet) runFunc {
			var o generateOptions
			fs.IntVar(&o.Children, "children", 100, "how many children")
			fs.IntVar(&o.Carers, "carers", 300, "how many carers")
			fs.Uint64Var(&o.Seed, "seed", 1, "the random seed; the same seed gives the same scenario")
			fs.StringVar(&o.boundaries, "boundaries", "", "authority boundaries (GeoJSON) to place people in and copy into the scenario")
			fs.StringVar(&o.centroids, "centroids", "", "a CSV of centre points (lat, lon, utla_name) to spread people around")
			fs.StringVar(&o.out, "out", "", "the folder to write (required)")
			fs.BoolVar(&o.force, "force", false, "replace files of the same names already in --out")
			fs.StringVar(&o.scheme, "scheme", linkmatch.SchemeStepDown.String(), "the kind of scheme: step_down or short_breaks")
			return func(ctx context.Context, e *env, args []string) error {
				e.Force = o.force
				return runGenerate(ctx, e, args, o)
			}
		},
	}
}

type generateOptions struct {
	generate.Options
	boundaries, centroids, out, scheme string
	force                              bool
}

func runGenerate(ctx context.Context, e *env, args []string, o generateOptions) error {
	if len(args) != 0 {
		return usagef("generate takes no SCENARIO; give --out DIR")
	}
	if o.out == "" {
		return usagef("give --out, the folder to write the scenario to")
	}
	if o.Children < 0 || o.Carers < 0 {
		return usagef("--children and --carers must be 0 or more")
	}
	var ok bool
	if o.Scheme, ok = linkmatch.ParseScheme(o.scheme); !ok {
		return usagef("--scheme %q: use %s", o.scheme, strings.Join(linkmatch.SchemeNames(), " or "))
	}
	if err := runout.CheckGenerateDir(o.out, o.boundaries, o.centroids, o.force); err != nil {
		return err
	}
	start := time.Now()
	files, err := generateInputs(e, &o)
	if err != nil {
		return err
	}
	sc, err := generate.Generate(ctx, o.Options)
	if errors.Is(err, generate.ErrOptions) {
		// The package names itself ("generate: invalid options: …");
		// the command's prefix already says generate.
		return usagef("the options cannot be met: %s", strings.TrimPrefix(err.Error(), generate.ErrOptions.Error()+": "))
	}
	if err != nil {
		return usagef("%v", err)
	}
	b := e.Batch()
	err = generate.Stage(b, o.out, sc, files)
	if err == nil {
		err = b.Commit()
	}
	if err != nil {
		return err
	}
	e.Log.Info().Int("children", len(sc.Children)).Int("carers", len(sc.Carers)).
		Uint64("seed", o.Seed).Str("out", o.out).Dur("took_ms", time.Since(start)).Msg("scenario generated")
	return nil
}

// generateInputs reads --centroids and --boundaries into o's places and
// authority lookup (generate.Prepare), and returns the files the scenario
// carries.
func generateInputs(e *env, o *generateOptions) (generate.Files, error) {
	var ps input.Problems
	var centroids, boundaries []byte
	if o.centroids != "" {
		centroids, _ = readFlagFile(e, o.centroids, "centroids", inputfile.CSV, &ps)
	}
	if o.boundaries != "" {
		boundaries, _ = readFlagFile(e, o.boundaries, "boundaries", inputfile.GeoJSON, &ps)
	}
	if err := ps.Err(); err != nil {
		return generate.Files{}, err
	}
	files, err := generate.Prepare(&o.Options, generate.Source{Name: o.centroids, Data: centroids}, generate.Source{Name: o.boundaries, Data: boundaries})
	var be *generate.BoundariesError
	if errors.As(err, &be) {
		return files, usagef("%v", err)
	}
	return files, err
}
