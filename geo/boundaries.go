package geo

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"math"
	"strings"

	"github.com/paulmach/orb"
)

// Authority is one named area from a boundary file.
type Authority struct {
	Name     string           // from the name property; unique in its Boundaries
	Code     string           // from the code property; may be empty
	Geometry orb.MultiPolygon // [lon, lat] degrees; a Polygon becomes one part
	Bound    orb.Bound        // bounding box of Geometry, degrees
}

// LoadOptions says which GeoJSON properties hold an authority's name and code.
type LoadOptions struct {
	NameProperty string // default "name"
	CodeProperty string // default "code"; a feature without it gets Code ""
}

// Boundaries is a set of authorities with an index for Locate. It is
// immutable after LoadBoundaries or NewBoundaries and safe for concurrent use.
type Boundaries struct {
	auth   []Authority
	byName map[string]int
	loc    locator
}

// LoadBoundaries reads a GeoJSON (RFC 7946) FeatureCollection of Polygon and
// MultiPolygon features in WGS84 [lon, lat] degrees. Every problem is
// reported as a *BoundaryError naming the feature and what to do.
func LoadBoundaries(r io.Reader, opt LoadOptions) (*Boundaries, error) {
	if opt.NameProperty == "" {
		opt.NameProperty = "name"
	}
	if opt.CodeProperty == "" {
		opt.CodeProperty = "code"
	}
	data, err := io.ReadAll(r)
	if err != nil {
		return nil, fmt.Errorf("boundaries: reading: %w", err)
	}
	data = bytes.TrimPrefix(data, []byte("\xef\xbb\xbf")) // UTF-8 BOM
	var fc struct {
		Type     string            `json:"type"`
		Features []json.RawMessage `json:"features"`
	}
	if err := json.Unmarshal(data, &fc); err != nil {
		var kind error = ErrNotJSON
		if json.Valid(data) {
			kind = ErrNotGeoJSON
		}
		return nil, &BoundaryError{Feature: -1, Kind: kind,
			Detail: err.Error() + "; expected a GeoJSON FeatureCollection {\"type\":\"FeatureCollection\",\"features\":[...]}"}
	}
	if fc.Type != "FeatureCollection" {
		return nil, &BoundaryError{Feature: -1, Kind: ErrNotGeoJSON,
			Detail: fmt.Sprintf("top-level type is %q; expected \"FeatureCollection\" (wrap single features in a FeatureCollection)", fc.Type)}
	}
	if len(fc.Features) == 0 {
		return nil, &BoundaryError{Feature: -1, Kind: ErrNoFeatures,
			Detail: "the FeatureCollection is empty; export the authority polygons into it"}
	}
	auth := make([]Authority, 0, len(fc.Features))
	for i, raw := range fc.Features {
		a, err := decodeFeature(i, raw, opt)
		if err != nil {
			return nil, err
		}
		auth = append(auth, a)
	}
	return NewBoundaries(auth)
}

// NewBoundaries indexes authorities already in memory. Names must be
// non-empty and unique; the geometry must be [lon, lat] degrees. The slice
// is copied.
func NewBoundaries(auth []Authority) (*Boundaries, error) {
	b := &Boundaries{auth: make([]Authority, len(auth)), byName: make(map[string]int, len(auth))}
	if len(auth) == 0 {
		return nil, &BoundaryError{Feature: -1, Kind: ErrNoFeatures, Detail: "no authorities given"}
	}
	for i, a := range auth {
		if strings.TrimSpace(a.Name) == "" {
			return nil, &BoundaryError{Feature: i, Kind: ErrMissingName, Detail: "every authority needs a name"}
		}
		if j, dup := b.byName[a.Name]; dup {
			return nil, &BoundaryError{Feature: i, Name: a.Name, Kind: ErrDuplicateName,
				Detail: fmt.Sprintf("feature %d has the same name; dissolve them into one MultiPolygon feature", j)}
		}
		if len(a.Geometry) == 0 {
			return nil, &BoundaryError{Feature: i, Name: a.Name, Kind: ErrCoordinates, Detail: "empty geometry"}
		}
		a.Bound = a.Geometry.Bound()
		b.auth[i] = a
		b.byName[a.Name] = i
	}
	b.loc = newLocator(b.auth)
	return b, nil
}

// Len returns the number of authorities.
func (b *Boundaries) Len() int { return len(b.auth) }

// Authority returns authority i (0 ≤ i < Len()), in file order. Its
// Geometry shares memory with b and must not be modified.
func (b *Boundaries) Authority(i int) Authority { return b.auth[i] }

// Name returns the name of authority i, or "" when i is -1 (nowhere).
func (b *Boundaries) Name(i int) string {
	if i < 0 || i >= len(b.auth) {
		return ""
	}
	return b.auth[i].Name
}

// Index returns the index of the authority called name (exact match).
func (b *Boundaries) Index(name string) (int, bool) {
	i, ok := b.byName[name]
	return i, ok
}

type geometryJSON struct {
	Type        string          `json:"type"`
	Coordinates json.RawMessage `json:"coordinates"`
}

func decodeFeature(i int, raw json.RawMessage, opt LoadOptions) (Authority, error) {
	var f struct {
		Type       string                     `json:"type"`
		Properties map[string]json.RawMessage `json:"properties"`
		Geometry   *geometryJSON              `json:"geometry"`
	}
	fail := func(name string, kind error, format string, args ...any) error {
		return &BoundaryError{Feature: i, Name: name, Kind: kind, Detail: fmt.Sprintf(format, args...)}
	}
	if err := json.Unmarshal(raw, &f); err != nil {
		return Authority{}, fail("", ErrNotGeoJSON, "not a GeoJSON Feature object: %v", err)
	}
	if f.Type != "Feature" {
		return Authority{}, fail("", ErrNotGeoJSON, "type is %q; expected \"Feature\"", f.Type)
	}
	name, ok := stringProperty(f.Properties, opt.NameProperty)
	if !ok || strings.TrimSpace(name) == "" {
		return Authority{}, fail("", ErrMissingName,
			"no non-empty string property %q; choose the name property with the boundaries name option", opt.NameProperty)
	}
	code, _ := stringProperty(f.Properties, opt.CodeProperty)
	if f.Geometry == nil {
		return Authority{}, fail(name, ErrGeometryType, "geometry is null; expected a Polygon or MultiPolygon")
	}
	var mp orb.MultiPolygon
	switch f.Geometry.Type {
	case "Polygon":
		var c [][][]float64
		if err := json.Unmarshal(f.Geometry.Coordinates, &c); err != nil {
			return Authority{}, fail(name, ErrCoordinates, "Polygon coordinates must be an array of rings of [lon, lat] positions: %v", err)
		}
		mp = orb.MultiPolygon{make(orb.Polygon, len(c))}
		for ri, ring := range c {
			r, err := ringFrom(ring, 0, ri)
			if err != nil {
				return Authority{}, fail(name, err.kind, "%s", err.detail)
			}
			mp[0][ri] = r
		}
	case "MultiPolygon":
		var c [][][][]float64
		if err := json.Unmarshal(f.Geometry.Coordinates, &c); err != nil {
			return Authority{}, fail(name, ErrCoordinates, "MultiPolygon coordinates must be an array of polygons of rings of [lon, lat] positions: %v", err)
		}
		mp = make(orb.MultiPolygon, len(c))
		for pi, poly := range c {
			mp[pi] = make(orb.Polygon, len(poly))
			for ri, ring := range poly {
				r, err := ringFrom(ring, pi, ri)
				if err != nil {
					return Authority{}, fail(name, err.kind, "%s", err.detail)
				}
				mp[pi][ri] = r
			}
		}
	default:
		return Authority{}, fail(name, ErrGeometryType, "geometry type is %q; only Polygon and MultiPolygon areas can hold points", f.Geometry.Type)
	}
	for pi, p := range mp {
		if len(p) == 0 {
			return Authority{}, fail(name, ErrCoordinates, "polygon %d has no rings", pi)
		}
	}
	if len(mp) == 0 {
		return Authority{}, fail(name, ErrCoordinates, "MultiPolygon has no polygons")
	}
	return Authority{Name: name, Code: code, Geometry: mp}, nil
}

func stringProperty(props map[string]json.RawMessage, key string) (string, bool) {
	raw, ok := props[key]
	if !ok {
		return "", false
	}
	var s string
	if err := json.Unmarshal(raw, &s); err != nil {
		return "", false
	}
	return s, true
}

type ringError struct {
	kind   error
	detail string
}

// British National Grid (EPSG:27700) eastings run 0–700 km and northings
// 0–1300 km; a position in that box but outside ±180/±90 is almost
// certainly BNG metres exported without reprojection. bngMin excludes
// small numbers that are merely bad degrees: the whole of England (even
// the Isles of Scilly, northing ≈ 10 km) is more than 1 km from the grid's
// false origin on both axes.
const bngMin, bngMaxEasting, bngMaxNorthing = 1_000, 800_000, 1_400_000

func ringFrom(ring [][]float64, pi, ri int) (orb.Ring, *ringError) {
	where := fmt.Sprintf("polygon %d ring %d", pi, ri)
	if len(ring) < 4 {
		return nil, &ringError{ErrUnclosedRing, fmt.Sprintf(
			"%s has %d positions; a closed ring needs at least 4 (the first repeated at the end)", where, len(ring))}
	}
	r := make(orb.Ring, len(ring))
	for k, pos := range ring {
		if len(pos) < 2 {
			return nil, &ringError{ErrCoordinates, fmt.Sprintf("%s position %d has %d numbers; expected [lon, lat]", where, k, len(pos))}
		}
		x, y := pos[0], pos[1]
		if math.IsNaN(x) || math.IsNaN(y) || math.IsInf(x, 0) || math.IsInf(y, 0) {
			return nil, &ringError{ErrCoordinates, fmt.Sprintf("%s position %d is not finite", where, k)}
		}
		if x < -180 || x > 180 || y < -90 || y > 90 {
			if x >= bngMin && x <= bngMaxEasting && y >= bngMin && y <= bngMaxNorthing {
				return nil, &ringError{ErrProjected, fmt.Sprintf(
					"%s position %d is [%g, %g], which looks like British National Grid (EPSG:27700) metres; "+
						"reproject to WGS84 longitude/latitude (EPSG:4326), e.g. ogr2ogr -t_srs EPSG:4326 out.geojson in.geojson", where, k, x, y)}
			}
			return nil, &ringError{ErrCoordinates, fmt.Sprintf(
				"%s position %d is [%g, %g], outside longitude ±180 / latitude ±90; GeoJSON wants WGS84 [lon, lat] degrees", where, k, x, y)}
		}
		r[k] = orb.Point{x, y}
	}
	if r[0] != r[len(r)-1] {
		return nil, &ringError{ErrUnclosedRing, fmt.Sprintf(
			"%s starts at [%g, %g] but ends at [%g, %g]; repeat the first position at the end (RFC 7946 §3.1.6)",
			where, r[0][0], r[0][1], r[len(r)-1][0], r[len(r)-1][1])}
	}
	return r, nil
}
