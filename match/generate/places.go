// Package generate makes synthetic link-matching scenarios of any size, for
// trials, training and benchmarks: children living in residential homes and
// link carers spread over England roughly as people are, with plausible
// needs, capacities, ages, tiers and availability. Everything is made up
// (ids C00001, K00001, …; no names) and the same seed always gives the same
// people, byte for byte.
package generate

import (
	_ "embed"
	"encoding/csv"
	"errors"
	"fmt"
	"strconv"
	"strings"

	"github.com/linkmatch/linkmatch/input"
	"github.com/linkmatch/linkmatch/internal/table"
)

// Place is a centre people are spread around.
type Place struct {
	Lat, Lon float64 // WGS84 degrees
	// SpreadKm is the root-mean-square distance of people from the centre.
	SpreadKm float64
	// Weight is the place's share of the population (any unit).
	Weight float64
	// Authority is the upper-tier (children's services) authority most of
	// the place lies in.
	Authority string
}

// placesCSV holds 180 population clusters of England: the 6,856 Census
// 2021 MSOA centre points of /work/shared/data/england_msoa21_centroids.csv
// grouped by k-means (k = 180, on an equirectangular projection at 52.5°N,
// initial centres every 38th MSOA in code order). Each row is a cluster's
// mean position, the rms distance of its MSOAs from it (at least 1 km), its
// number of MSOAs (each has 5,000–15,000 residents, so the count is a
// population weight) and the upper-tier authority of most of its MSOAs.
// Source: Office for National Statistics licensed under the Open
// Government Licence v.3.0; contains OS data © Crown copyright and database
// right 2024.
//
//go:embed places.csv
var placesCSV string

// builtinPlaces returns England's 180 population clusters (see placesCSV).
func builtinPlaces() []Place {
	ps, err := readPlaces(placesCSV)
	if err != nil {
		panic("generate: embedded places.csv is broken: " + err.Error()) // a build fault
	}
	return ps
}

func readPlaces(s string) ([]Place, error) {
	rows, err := csv.NewReader(strings.NewReader(s)).ReadAll()
	if err != nil {
		return nil, err
	}
	var out []Place
	for line, f := range rows {
		if line == 0 {
			continue
		}
		if len(f) != 5 {
			return nil, fmt.Errorf("line %d: want 5 fields", line+1)
		}
		var p Place
		for i, dst := range []*float64{&p.Lat, &p.Lon, &p.SpreadKm, &p.Weight} {
			if *dst, err = strconv.ParseFloat(f[i], 64); err != nil {
				return nil, fmt.Errorf("line %d: %w", line+1, err)
			}
		}
		p.Authority = f[4]
		out = append(out, p)
	}
	return out, nil
}

func cut(s string, sep byte) (string, string) {
	for i := 0; i < len(s); i++ {
		if s[i] == sep {
			return s[:i], s[i+1:]
		}
	}
	return s, ""
}

// ErrCentroids marks an unusable centroids file.
var ErrCentroids = errors.New("generate: unusable centroids file")

// centroidSpreadKm is the jitter around an MSOA centre point: an MSOA
// covers a few square km in towns, so 1 km keeps people in their
// neighbourhood without stacking them on one point.
const centroidSpreadKm = 1.0

// ReadCentroids reads centre points from a CSV file such as the MSOA
// centroids (england_msoa21_centroids.csv): columns lat and lon, and the
// authority in utla_name or authority. Each point gets equal weight, since
// MSOAs hold roughly equal populations, and a spread of centroidSpreadKm.
// Without boundaries to locate people in (located false) the file is the
// only source of each person's authority, so utla_name (or authority) is
// required, column and value: a scenario whose children and carers have
// no authority would fail every border rule later, far from its cause.
// Problems are reported as a *input.InvalidError with file:line:column.
func ReadCentroids(data []byte, display string, located bool) ([]Place, error) {
	ps := &input.Problems{}
	spec := table.Spec{
		Required: []string{"lat", "lon"},
		Optional: []string{"utla_name", "authority", "msoa21_code", "msoa21_name", "hcl_name",
			"lad_code", "lad_name", "utla_code", "in_lad_polygon"},
	}
	r := table.New(display, data, spec, ps)
	authCol := "utla_name"
	if r != nil && !r.Has(authCol) {
		authCol = "authority"
	}
	if r != nil && !located && !r.Has(authCol) {
		ps.Fail(input.ErrMissingColumn, display, 1, 0, "utla_name",
			"add a column headed utla_name giving each point's upper-tier authority (as england_msoa21_centroids.csv does), or give --boundaries to find each person's authority from their point",
			"the column \"utla_name\" is missing, so the people generated would have no authority")
		r = nil
	}
	var out []Place
	for r != nil && r.Next() {
		lat, ok1 := r.Float("lat", 0, -90, 90, "give the latitude in WGS84 degrees")
		lon, ok2 := r.Float("lon", 0, -180, 180, "give the longitude in WGS84 degrees")
		auth, ok3 := r.Get(authCol), true
		if !located {
			auth, ok3 = r.Required(authCol, "give the point's upper-tier authority (as the ONS names it, e.g. Somerset), or give --boundaries to find it from the point")
		}
		if ok1 && ok2 && ok3 {
			out = append(out, Place{Lat: lat, Lon: lon, SpreadKm: centroidSpreadKm, Weight: 1, Authority: auth})
		}
	}
	if err := ps.Err(); err != nil {
		return nil, err
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("%w: %s has no points", ErrCentroids, display)
	}
	return out, nil
}
