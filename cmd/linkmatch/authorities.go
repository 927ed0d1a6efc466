package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"path/filepath"

	"github.com/linkmatch/linkmatch/geo"
	"github.com/linkmatch/linkmatch/input"
	"github.com/linkmatch/linkmatch/internal/geoout"
	"github.com/linkmatch/linkmatch/internal/inputfile"
	"github.com/linkmatch/linkmatch/internal/output"
	"github.com/linkmatch/linkmatch/scenarios"
)

func authoritiesCommand() command {
	return command{
		Name:    "authorities",
		Args:    "--boundaries FILE.geojson [--points points.csv] --out FILE.csv",
		Summary: "authorities, their neighbours, and which authority each point is in",
		Help:    helpText("authorities"),
		Setup: func(fs *flag.FlagSet) runFunc {
			boundaries := fs.String("boundaries", "", "the GeoJSON boundary file (required)")
			points := fs.String("points", "", "a CSV of points (id, lat, lon) to locate")
			out := fs.String("out", "", "the CSV file to write (required; - for standard output)")
			nameProp := fs.String("name-property", "name", "the GeoJSON property holding each authority's name")
			codeProp := fs.String("code-property", "code", "the GeoJSON property holding each authority's code")
			tolerance := fs.Float64("tolerance", geo.DefaultToleranceM, "how close, in metres, two boundaries must come to count as neighbours")
			return func(ctx context.Context, e *env, args []string) error {
				if len(args) > 0 {
					return usagef("unexpected argument %q", args[0])
				}
				if *boundaries == "" || *out == "" {
					return usagef("--boundaries and --out are required")
				}
				if *tolerance < 0 || *tolerance > 5000 {
					return usagef("--tolerance must be between 0 and 5000 metres")
				}
				outs := output.Paths{}.Add(*out, "--out")
				if err := output.Check(outs, output.Paths{}.Add(*boundaries, "--boundaries").Add(*points, "--points")); err != nil {
					return err
				}
				return authorities(e, *boundaries, *points, *out, *nameProp, *codeProp, *tolerance)
			}
		},
	}
}

func authorities(e *env, boundaries, points, out, nameProp, codeProp string, tolerance float64) error {
	var ps input.Problems
	data, err := inputfile.Read(boundaries, inputfile.GeoJSON, e.Limits)
	if inputfile.Problem(&ps, filepath.Base(boundaries), err, "check the path given to --boundaries") {
		return ps.Err()
	}
	b := scenarios.DecodeBoundaries(data, filepath.Base(boundaries), scenarios.GeoSettings{NameProperty: nameProp, CodeProperty: codeProp}, &ps)
	var pts []scenarios.Point
	if points != "" {
		pts = scenarios.ReadPoints(points, filepath.Base(points), e.Limits.CSV, &ps)
	}
	for _, w := range ps.Warnings() {
		logProblem(e, w)
	}
	if err := ps.Err(); err != nil {
		return err
	}
	if points != "" {
		outside := 0
		err := e.WriteFile(out, func(w io.Writer) (err error) {
			outside, err = geoout.WritePoints(w, b, pts)
			return err
		})
		if err != nil {
			return err
		}
		e.Log.Info().Int("points", len(pts)).Int("outside", outside).Str("out", out).Msg("points located")
		if out == output.Stdout {
			return nil // the CSV is on standard output; the log says the rest
		}
		fmt.Fprintf(e.Stdout, "%d points located against %d authorities (%d outside every authority); written to %s\n", len(pts), b.Len(), outside, out)
		return nil
	}
	g, err := b.NeighbourGraph(tolerance)
	if err != nil {
		return err
	}
	rows := g.Rows()
	if err := e.WriteFile(out, func(w io.Writer) error { return geoout.WriteNeighbours(w, rows) }); err != nil {
		return err
	}
	e.Log.Info().Int("authorities", len(rows)).Str("out", out).Msg("neighbours written")
	if out == output.Stdout {
		return nil
	}
	fmt.Fprintf(e.Stdout, "%d authorities and their neighbours (tolerance %g m) written to %s\n", len(rows), tolerance, out)
	return nil
}
