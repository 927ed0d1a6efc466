package geo

import (
	"errors"
	"strconv"
	"strings"
	"testing"
)

// square returns a closed GeoJSON ring of a square with corner (lon, lat).
const unitSquare = `[[[0,50],[1,50],[1,51],[0,51],[0,50]]]`

func feature(name, geomType, coords string) string {
	return `{"type":"Feature","properties":{"name":` + name + `,"code":"E1"},"geometry":{"type":"` + geomType + `","coordinates":` + coords + `}}`
}

func collection(features ...string) string {
	return `{"type":"FeatureCollection","features":[` + strings.Join(features, ",") + `]}`
}

func TestLoadBoundariesErrors(t *testing.T) {
	tests := []struct {
		name     string
		input    string
		opt      LoadOptions
		kind     error
		feature  int
		mentions string
	}{
		{"not JSON", `name,lat,lon`, LoadOptions{}, ErrNotJSON, -1, "FeatureCollection"},
		{"truncated JSON", `{"type":"FeatureCollection","features":[`, LoadOptions{}, ErrNotJSON, -1, ""},
		{"JSON but not GeoJSON", `[1,2,3]`, LoadOptions{}, ErrNotGeoJSON, -1, ""},
		{"single Feature", feature(`"A"`, "Polygon", unitSquare), LoadOptions{}, ErrNotGeoJSON, -1, "wrap"},
		{"empty FeatureCollection", collection(), LoadOptions{}, ErrNoFeatures, -1, ""},
		{"Point geometry", collection(feature(`"A"`, "Point", `[0,50]`)), LoadOptions{}, ErrGeometryType, 0, "Point"},
		{"LineString geometry", collection(feature(`"A"`, "Polygon", unitSquare), feature(`"B"`, "LineString", `[[0,50],[1,50]]`)), LoadOptions{}, ErrGeometryType, 1, "LineString"},
		{"null geometry", `{"type":"FeatureCollection","features":[{"type":"Feature","properties":{"name":"A"},"geometry":null}]}`, LoadOptions{}, ErrGeometryType, 0, "null"},
		{"British National Grid metres", collection(feature(`"Somerset"`, "Polygon", `[[[320000,120000],[330000,120000],[330000,130000],[320000,120000]]]`)), LoadOptions{}, ErrProjected, 0, "EPSG:4326"},
		{"latitude out of range", collection(feature(`"A"`, "Polygon", `[[[0,95],[1,50],[1,51],[0,95]]]`)), LoadOptions{}, ErrCoordinates, 0, "[lon, lat]"},
		{"unclosed ring", collection(feature(`"A"`, "Polygon", `[[[0,50],[1,50],[1,51],[0,51]]]`)), LoadOptions{}, ErrUnclosedRing, 0, "repeat the first position"},
		{"ring too short", collection(feature(`"A"`, "Polygon", `[[[0,50],[1,50],[0,50]]]`)), LoadOptions{}, ErrUnclosedRing, 0, "at least 4"},
		{"unclosed hole in MultiPolygon", collection(feature(`"A"`, "MultiPolygon", `[`+unitSquare+`,[[[2,50],[3,50],[3,51],[2,50]],[[2.1,50.1],[2.2,50.1],[2.2,50.2],[2.1,50.3]]]]`)), LoadOptions{}, ErrUnclosedRing, 0, "polygon 1 ring 1"},
		{"position with one number", collection(feature(`"A"`, "Polygon", `[[[0,50],[1],[1,51],[0,50]]]`)), LoadOptions{}, ErrCoordinates, 0, "position 1"},
		{"coordinates not numbers", collection(feature(`"A"`, "Polygon", `"nope"`)), LoadOptions{}, ErrCoordinates, 0, ""},
		{"missing name", collection(feature(`null`, "Polygon", unitSquare)), LoadOptions{}, ErrMissingName, 0, `"name"`},
		{"blank name", collection(feature(`"  "`, "Polygon", unitSquare)), LoadOptions{}, ErrMissingName, 0, ""},
		{"name property chosen but absent", collection(feature(`"A"`, "Polygon", unitSquare)), LoadOptions{NameProperty: "CTYUA23NM"}, ErrMissingName, 0, "CTYUA23NM"},
		{"duplicate name", collection(feature(`"A"`, "Polygon", unitSquare), feature(`"A"`, "Polygon", unitSquare)), LoadOptions{}, ErrDuplicateName, 1, "feature 0"},
		{"empty polygon", collection(feature(`"A"`, "Polygon", `[]`)), LoadOptions{}, ErrCoordinates, 0, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b, err := LoadBoundaries(strings.NewReader(tt.input), tt.opt)
			if err == nil {
				t.Fatalf("LoadBoundaries succeeded with %d authorities, want %v", b.Len(), tt.kind)
			}
			var be *BoundaryError
			if !errors.As(err, &be) {
				t.Fatalf("error %v (%T) is not a *BoundaryError", err, err)
			}
			if !errors.Is(err, tt.kind) {
				t.Errorf("error %q is not %v", err, tt.kind)
			}
			if be.Feature != tt.feature {
				t.Errorf("Feature = %d, want %d (%v)", be.Feature, tt.feature, err)
			}
			if !strings.Contains(err.Error(), tt.mentions) {
				t.Errorf("error %q does not mention %q", err, tt.mentions)
			}
		})
	}
}

func TestLoadBoundariesHolesAndIslands(t *testing.T) {
	// A square with a square hole, and an island inside the hole that is a
	// second polygon of the same MultiPolygon.
	mp := `[[[[0,50],[4,50],[4,54],[0,54],[0,50]],[[1,51],[3,51],[3,53],[1,53],[1,51]]],[[[1.5,51.5],[2.5,51.5],[2.5,52.5],[1.5,52.5],[1.5,51.5]]]]`
	other := `[[[4,50],[5,50],[5,54],[4,54],[4,50]]]`
	in := collection(feature(`"Ring"`, "MultiPolygon", mp), `{"type":"Feature","properties":{"name":"East","code":"E2"},"geometry":{"type":"Polygon","coordinates":`+other+`}}`)
	b, err := LoadBoundaries(strings.NewReader("\ufeff"+in), LoadOptions{})
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name string
		p    Point
		want string
	}{
		{"in the ring", Point{Lon: 0.5, Lat: 52}, "Ring"},
		{"in the hole", Point{Lon: 1.2, Lat: 52}, ""},
		{"on the island", Point{Lon: 2, Lat: 52}, "Ring"},
		{"east", Point{Lon: 4.5, Lat: 52}, "East"},
		{"outside", Point{Lon: 6, Lat: 52}, ""},
		{"on the shared border", Point{Lon: 4, Lat: 52}, "East"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			i, ok := b.Locate(tt.p)
			if b.Name(i) != tt.want || ok != (tt.want != "") {
				t.Errorf("Locate(%v) = %q, %v; want %q", tt.p, b.Name(i), ok, tt.want)
			}
		})
	}
	if a := b.Authority(1); a.Code != "E2" || len(a.Geometry) != 1 {
		t.Errorf("East = %+v", a)
	}
	if i, ok := b.Index("East"); !ok || i != 1 {
		t.Errorf("Index(East) = %d, %v", i, ok)
	}
}

func TestLoadBoundariesRealProperties(t *testing.T) {
	b := loadCTYUA(t)
	i, ok := b.Index("Somerset")
	if !ok {
		t.Fatal("no Somerset")
	}
	if a := b.Authority(i); a.Code != "E06000066" {
		t.Errorf("Somerset code = %q, want E06000066", a.Code)
	}
}

func ftoa(f float64) string { return strconv.FormatFloat(f, 'f', -1, 64) }
