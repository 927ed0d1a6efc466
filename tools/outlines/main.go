// Command outlines derives the simplified authority boundaries that
// linkmatch's scenarios embed from an ONS boundary layer: it keeps the
// named authorities, simplifies their borders without opening gaps or
// overlaps between them, keeps every polygon valid, rounds the
// coordinates and writes a small GeoJSON file that records how it was
// made, so it can be made again:
//
//	go run ./tools/outlines \
//	  -in ../shared/data/england_ctyua_2023_bsc.geojson \
//	  -names "Somerset;Devon;Dorset;Wiltshire;Bath and North East Somerset;North Somerset;Bristol, City of" \
//	  -tolerance 200 -decimals 5 \
//	  -title "Somerset and its neighbours: ONS counties and unitary authorities (December 2023, BSC), simplified" \
//	  -out scenarios/somerset-stepdown/authorities.geojson
//
// Names are separated by ";" because official names hold commas ("Bristol,
// City of"); an ONS code (E06000066) works as well as a name. The input is
// a GeoJSON FeatureCollection in WGS84 [lon, lat] degrees with "name" and
// "code" properties, as in ../shared/data; "type", "label_lon" and
// "label_lat" are carried over when present.
//
// How: the borders are cut into arcs shared between neighbours (see
// topology.go), each arc is simplified once by Douglas–Peucker with
// -tolerance metres (simplify.go), coordinates are rounded to -decimals
// places, and every result is checked — every polygon valid
// (geo.ValidateMultiPolygon), no arcs crossing or touching except at
// junctions, borders leaving each junction in their original order, no
// border inside another authority. An arc involved in a problem is
// simplified again with half the tolerance until none is left.
//
// Exit status: 0 written, 1 failure, 2 bad flags or unknown names.
package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/linkmatch/linkmatch/internal/output"
)

// ONSAttribution is the attribution the Open Government Licence v3.0
// requires for the ONS December 2023 upper-tier boundaries
// (../shared/data/README.md, "Licences and required attribution").
const ONSAttribution = "Source: Office for National Statistics licensed under the Open Government Licence v.3.0. " +
	"Contains OS data © Crown copyright and database right 2023."

func main() {
	err := run(os.Args[1:], os.Stdout, os.Stderr)
	switch {
	case err == nil:
	case errors.Is(err, errUsage), errors.Is(err, flag.ErrHelp):
		if !errors.Is(err, flag.ErrHelp) {
			fmt.Fprintln(os.Stderr, "outlines:", err)
		}
		os.Exit(2)
	default:
		fmt.Fprintln(os.Stderr, "outlines:", err)
		os.Exit(1)
	}
}

var errUsage = errors.New("usage")

func run(args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("outlines", flag.ContinueOnError)
	fs.SetOutput(stderr)
	var p Params
	in := fs.String("in", "", "the boundary layer to read (GeoJSON FeatureCollection, WGS84 [lon, lat])")
	names := fs.String("names", "", `authorities to keep, separated by ";" (names or ONS codes), in output order`)
	fs.Float64Var(&p.ToleranceM, "tolerance", 200, "Douglas–Peucker tolerance in metres: the farthest a dropped corner may lie from the simplified border")
	fs.IntVar(&p.Decimals, "decimals", 5, "decimal places kept in each coordinate (4 ≈ 11 m north–south, 5 ≈ 1 m)")
	fs.StringVar(&p.Title, "title", "", "what the file holds, written as its \"name\"")
	fs.StringVar(&p.Attribution, "attribution", ONSAttribution, "the data licence's attribution, written into the file")
	out := fs.String("out", "", "the GeoJSON file to write")
	if err := fs.Parse(args); err != nil {
		return err
	}
	switch {
	case fs.NArg() > 0:
		return fmt.Errorf("%w: unexpected argument %q", errUsage, fs.Arg(0))
	case *in == "" || *out == "" || *names == "":
		return fmt.Errorf("%w: -in, -names and -out are required (see -help)", errUsage)
	case !(p.ToleranceM >= 0):
		return fmt.Errorf("%w: -tolerance %v must be 0 or more metres", errUsage, p.ToleranceM)
	case p.Decimals < 4 || p.Decimals > 7:
		return fmt.Errorf("%w: -decimals %d must be 4 to 7 (fewer moves borders by more than 10 m)", errUsage, p.Decimals)
	}
	for _, n := range strings.Split(*names, ";") {
		if n = strings.TrimSpace(n); n != "" {
			p.Names = append(p.Names, n)
		}
	}
	p.Source = filepath.Base(*in)
	data, err := os.ReadFile(*in)
	if err != nil {
		return err
	}
	res, err := Derive(data, p)
	if err != nil {
		return err
	}
	var b output.Batch
	if err := b.Write(*out, func(w io.Writer) error { return res.WriteGeoJSON(w) }); err != nil {
		return err
	}
	if err := b.Commit(); err != nil {
		return err
	}
	res.Summary(stdout)
	fmt.Fprintf(stdout, "written to %s\n", *out)
	return nil
}
