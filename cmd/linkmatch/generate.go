package main

import (
	"bytes"
	"context"
	"flag"
	"fmt"
	iofs "io/fs"
	"path/filepath"
	"strings"
	"time"

	"github.com/linkmatch/linkmatch"
	"github.com/linkmatch/linkmatch/geo"
	"github.com/linkmatch/linkmatch/input"
	"github.com/linkmatch/linkmatch/internal/inputfile"
	"github.com/linkmatch/linkmatch/internal/output"
	"github.com/linkmatch/linkmatch/match/generate"
	"github.com/linkmatch/linkmatch/scenarios"
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
			return func(ctx context.Context, e *env, args []string) error { return runGenerate(ctx, e, args, o) }
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
	if err := checkGenerateDir(o.out, o.boundaries, o.centroids, o.force); err != nil {
		return err
	}
	start := time.Now()
	files, err := generateInputs(e, &o)
	if err != nil {
		return err
	}
	sc, err := generate.Generate(ctx, o.Options)
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
		Uint64("seed", o.Seed).Str("out", o.out).Dur("took", time.Since(start)).Msg("scenario generated")
	return nil
}

// generateInputs reads --centroids and --boundaries into o's places and
// authority lookup, and returns the files the scenario carries: the demo's
// rates, and the boundaries when given.
func generateInputs(e *env, o *generateOptions) (generate.Files, error) {
	var files generate.Files
	var ps input.Problems
	if o.centroids != "" {
		data, ok := readFlagFile(e, o.centroids, "centroids", inputfile.CSV, &ps)
		if !ok {
			return files, ps.Err()
		}
		var err error
		if o.Places, err = generate.ReadCentroids(data, o.centroids); err != nil {
			return files, err
		}
	}
	if o.boundaries != "" {
		data, ok := readFlagFile(e, o.boundaries, "boundaries", inputfile.GeoJSON, &ps)
		if !ok {
			return files, ps.Err()
		}
		b, err := geo.LoadBoundaries(bytes.NewReader(data), geo.LoadOptions{})
		if err != nil {
			return files, usagef("%s: %v", o.boundaries, err)
		}
		o.Locate = func(lat, lon float64) (string, bool) {
			i, ok := b.Locate(geo.LatLon(lat, lon))
			if !ok {
				return "", false
			}
			return b.Name(i), true
		}
		files.Boundaries = data
	}
	demo := scenarios.Demo()
	if o.Scheme == linkmatch.SchemeShortBreaks {
		demo, _ = scenarios.DemoNamed("bnes-family-link") // always embedded
	}
	rates, err := iofs.ReadFile(demo, "rates.csv")
	if err != nil {
		return files, fmt.Errorf("generate: the demo's rates.csv is missing from this build: %w", err)
	}
	files.Rates = rates
	return files, nil
}

// checkGenerateDir refuses, before any work, an --out that is not a
// folder, an output that is one of the inputs or not an ordinary file, and
// — unless force — files the scenario would replace.
func checkGenerateDir(dir, boundaries, centroids string, force bool) error {
	if dir == output.Stdout {
		return usagef("--out must be a folder: a scenario is several files")
	}
	if err := output.CheckDir(dir, "--out"); err != nil {
		return err
	}
	stub := generate.Files{Rates: []byte{}}
	if boundaries != "" {
		stub.Boundaries = []byte{}
	}
	var targets []string
	var outs files
	for _, name := range generate.FileNames(stub) {
		p := filepath.Join(dir, name)
		targets = append(targets, p)
		outs = outs.add(p, "the scenario's "+name)
	}
	if err := checkOutputs(outs, files{}.add(boundaries, "--boundaries").add(centroids, "--centroids")); err != nil {
		return err
	}
	return refuseExisting(dir, targets, force, "generate")
}
