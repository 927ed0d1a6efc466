package scenarios

import (
	"github.com/linkmatch/linkmatch/geo"
	"github.com/linkmatch/linkmatch/input"
	"github.com/linkmatch/linkmatch/internal/inputfile"
	"github.com/linkmatch/linkmatch/internal/table"
)

// Point is one row of a points.csv file (INTERFACE.md: id, lat, lon).
type Point struct {
	ID       string
	Location geo.Point
}

var pointsSpec = table.Spec{Required: []string{"id"}, OneOf: [][]string{{"lat", "lon"}}}

// ReadPoints reads a points.csv file for "linkmatch authorities": id, lat,
// lon in WGS84 degrees, with the location checks of children and carers,
// except that a point outside the United Kingdom is a warning, not an
// error: it is kept, and lies in no authority, as a point at sea does. A
// point whose lat and lon look swapped is still an error. Every problem is
// recorded in ps with its place; rows with errors are left out. A file
// larger than maxBytes (0: the default CSV limit, 1024 MB) is refused.
func ReadPoints(path, display string, maxBytes int64, ps *input.Problems) []Point {
	r := table.OpenLimit(path, display, pointsSpec, ps, inputfile.Limits{CSV: maxBytes}.Of(inputfile.CSV))
	if r == nil {
		return nil
	}
	l := &loader{ps: ps, abroadOK: true}
	var out []Point
	seen := table.Seen{}
	for r.Next() {
		id, ok := r.Required("id", "give every point an id")
		if !ok {
			continue
		}
		if !seen.First(r, "id", id, "id", "give every point its own id") {
			continue
		}
		lat, lon, _, ok := l.readLocation(r)
		if ok {
			out = append(out, Point{ID: id, Location: geo.LatLon(lat, lon)})
		}
	}
	return out
}
