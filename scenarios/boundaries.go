package scenarios

import (
	"bytes"
	"errors"
	"strings"

	"github.com/linkmatch/linkmatch/geo"
	"github.com/linkmatch/linkmatch/input"
	"github.com/linkmatch/linkmatch/internal/inputfile"
)

// loadBoundaries reads the authorities GeoJSON the scenario names (package
// geo) and builds the neighbour graph with the scenario's tolerance.
func (l *loader) loadBoundaries(rel string) {
	data, display, err := l.read(rel, inputfile.GeoJSON)
	if err != nil {
		l.fileProblem(rel, display, err)
		return
	}
	b := DecodeBoundaries(data, display, l.s.Geo, l.ps)
	if b == nil {
		return
	}
	g, err := b.NeighbourGraph(l.s.Geo.NeighbourToleranceM)
	if err != nil {
		l.ps.Fail(input.ErrOutOfRange, display, 0, 0, "", "check [geo] neighbour_tolerance_m in scenario.toml", "%v", err)
		return
	}
	l.s.Boundaries, l.s.Neighbours = b, g
	l.boundFile = display
}

// startBoundaries starts loadBoundaries of rel (none when rel is empty)
// on a goroutine of its own, so that the authorities are decoded and
// their neighbours found while the CSV files are read (a tenth of loading
// a national scenario, on the other core; issue 15). It returns the
// function that waits for it and adds its problems after those found so
// far: where a load of one file after the other would have found them.
// loadBoundaries reads only the settings and the file; of the loader it
// writes only the scenario's Boundaries and Neighbours, which nothing reads
// before placeAuthorities, its boundFile and its problems (its own here).
func (l *loader) startBoundaries(rel string, inTurn bool) (wait func()) {
	switch {
	case rel == "":
		return func() {}
	case inTurn:
		return func() { l.loadBoundaries(rel) }
	}
	b := &loader{read: l.read, ps: &input.Problems{}, s: l.s, raw: l.raw, tomlFile: l.tomlFile}
	done := make(chan struct{})
	go func() {
		defer close(done)
		b.loadBoundaries(rel)
	}()
	return func() {
		<-done
		l.ps.List = append(l.ps.List, b.ps.List...)
		l.boundFile = b.boundFile
	}
}

// placeAuthorities fills each carer's empty authority from their location
// and warns about names the boundaries do not know, which would make every
// border involving them "unknown".
func (l *loader) placeAuthorities() {
	b := l.s.Boundaries
	if b == nil {
		return
	}
	hint := "use an authority name exactly as in " + l.boundFile + " (" + boundaryNames(b) + ")"
	for i := range l.s.Carers {
		c := &l.s.Carers[i]
		if c.Authority == "" {
			if a, ok := b.Locate(geo.LatLon(c.Lat, c.Lon)); ok {
				c.Authority = b.Name(a)
			} else {
				l.warnAt(l.carerRows[i], input.ErrOutOfRange, "lat", "give the carer's authority, or check the location",
					"carer %s is outside every authority in %s", c.ID, l.boundFile)
			}
			continue
		}
		if _, ok := b.Index(c.Authority); !ok {
			l.warnAt(l.carerRows[i], input.ErrUnknownName, "authority", hint, "the authority %q is not in the boundaries file", c.Authority)
		}
	}
	for i, c := range l.s.Children {
		if _, ok := b.Index(c.HomeAuthority); !ok {
			l.warnAt(l.childRows[i], input.ErrUnknownName, "home_authority", hint, "the authority %q is not in the boundaries file", c.HomeAuthority)
		}
		for _, ex := range c.Exclusions {
			if _, ok := b.Index(ex.Authority); ex.Authority != "" && !ok {
				l.errorAt(l.childRows[i], input.ErrUnknownName, "exclusions", hint, "the excluded authority %q is not in the boundaries file, so the exclusion could not be applied", ex.Authority)
			}
		}
	}
}

// DecodeBoundaries reads a boundaries GeoJSON file (package geo) with the
// name and code properties of settings, reporting a problem in ps and
// returning nil when the file is not usable. display is the file's name in
// messages. It serves scenario loading and "linkmatch authorities" alike.
func DecodeBoundaries(data []byte, display string, settings GeoSettings, ps *input.Problems) *geo.Boundaries {
	b, err := geo.LoadBoundaries(bytes.NewReader(data), geo.LoadOptions{
		NameProperty: settings.NameProperty, CodeProperty: settings.CodeProperty,
	})
	if err != nil {
		hint := "export the boundaries as a GeoJSON FeatureCollection of Polygon or MultiPolygon features in WGS84 degrees, each with a name property"
		var be *geo.BoundaryError
		if errors.As(err, &be) && be.Detail != "" {
			hint = be.Detail
		}
		msg := err.Error()
		if be != nil {
			msg = be.Kind.Error()
			if be.Feature >= 0 {
				msg = "feature " + itoa(be.Feature) + nameSuffix(be.Name) + ": " + msg
			}
		}
		ps.Fail(boundaryKind(err), display, 0, 0, "", hint, "%s", msg)
		return nil
	}
	if !validAreas(b, display, ps) {
		return nil
	}
	return b
}

// validAreas reports every authority of b whose geometry is not a valid
// area (geo.ValidateMultiPolygon: a ring crossing itself, no area, parts
// overlapping…) or does not lie in the United Kingdom
// (geo.CheckExtent, which tells latitude and longitude written the wrong
// way round). Such a boundary would not fail later: it would quietly
// place carers in the wrong authority and make the wrong councils
// neighbours, so the file is refused. It takes about 15 ms for the 153
// upper-tier authorities of England (geo's BenchmarkValidateONS).
func validAreas(b *geo.Boundaries, display string, ps *input.Problems) bool {
	ok := true
	for i := 0; i < b.Len(); i++ {
		a := b.Authority(i)
		err := geo.ValidateMultiPolygon(a.Geometry)
		if err == nil {
			err = geo.CheckExtent(a.Geometry, geo.UKExtent())
		}
		var ge *geo.GeometryError
		if !errors.As(err, &ge) {
			continue
		}
		ok = false
		kind, hint := input.ErrMalformed, "repair the boundary in GIS software (in QGIS: Fix Geometries) and export it again"
		switch {
		case errors.Is(err, geo.ErrSwappedLonLat):
			kind, hint = input.ErrOutOfRange, "GeoJSON positions are [longitude, latitude]: export the boundaries again with the two numbers of each position the other way round"
		case errors.Is(err, geo.ErrOutsideExtent):
			kind, hint = input.ErrOutOfRange, "use boundaries in the United Kingdom, in WGS84 longitude and latitude (EPSG:4326)"
		}
		msg := strings.TrimPrefix(ge.Error(), "geometry: ")
		ps.Fail(kind, display, 0, 0, "", hint, "feature %d%s is not a valid area: %s", i, nameSuffix(a.Name), msg)
	}
	return ok
}

// boundaryKind classifies a boundary file's problem: a missing or repeated
// authority name, or a file that is not usable GeoJSON polygons.
func boundaryKind(err error) input.Kind {
	switch {
	case errors.Is(err, geo.ErrMissingName):
		return input.ErrMissingValue
	case errors.Is(err, geo.ErrDuplicateName):
		return input.ErrDuplicate
	}
	return input.ErrMalformed
}

func boundaryNames(b *geo.Boundaries) string {
	var buf bytes.Buffer
	for i := 0; i < b.Len(); i++ {
		if i > 0 {
			buf.WriteString(", ")
		}
		if i == 8 {
			buf.WriteString("…")
			break
		}
		buf.WriteString(b.Name(i))
	}
	return buf.String()
}

func nameSuffix(name string) string {
	if name == "" {
		return ""
	}
	return " (" + name + ")"
}
