package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/linkmatch/linkmatch/geo"
	"github.com/linkmatch/linkmatch/internal/goldentest"
	"github.com/paulmach/orb"
)

func ring(lonLat ...float64) orb.Ring {
	r := make(orb.Ring, 0, len(lonLat)/2+1)
	for i := 0; i+1 < len(lonLat); i += 2 {
		r = append(r, orb.Point{lonLat[i], lonLat[i+1]})
	}
	return append(r, r[0])
}

// wiggle is a border from (lon, 51) north to (lon, 51.2) that wanders
// east and west by up to amp degrees, with n corners between the ends.
func wiggle(rng *rand.Rand, lon, amp float64, n int) []orb.Point {
	pts := []orb.Point{{lon, 51}}
	for i := 1; i <= n; i++ {
		pts = append(pts, orb.Point{round5(lon + amp*(2*rng.Float64()-1)), round5(51 + 0.2*float64(i)/float64(n+1))})
	}
	return append(pts, orb.Point{lon, 51.2})
}

func round5(x float64) float64 { return math.Round(x*1e5) / 1e5 }

// neighbours returns West and East: two authorities sharing a wiggly
// border, West's ring running up it and East's down it.
func neighbours(rng *rand.Rand) []orb.MultiPolygon {
	border := wiggle(rng, -3, 0.01, 60)
	west := orb.Ring{{-3.2, 51}}
	west = append(west, border...)
	west = append(west, orb.Point{-3.2, 51.2}, orb.Point{-3.2, 51})
	down := slices.Clone(border)
	slices.Reverse(down)
	east := orb.Ring{{-2.8, 51.2}}
	east = append(east, down...)
	east = append(east, orb.Point{-2.8, 51}, orb.Point{-2.8, 51.2})
	return []orb.MultiPolygon{{{west}}, {{east}}}
}

func TestBuildTopologySharesBorders(t *testing.T) {
	shapes := neighbours(rand.New(rand.NewPCG(1, 1)))
	tp := buildTopology(shapes)
	// Junctions at both ends of the border: the border, West's outer
	// side and East's outer side.
	if len(tp.arcs) != 3 {
		t.Fatalf("%d arcs, want 3", len(tp.arcs))
	}
	shared := -1
	for id, owners := range tp.owners {
		if slices.Equal(owners, []int{0, 1}) {
			shared = id
		}
	}
	if shared < 0 || len(tp.arcs[shared]) != 62 {
		t.Fatalf("no shared border arc of 62 positions: owners %v", tp.owners)
	}
	var dirs []bool
	for a := range shapes {
		for _, ref := range tp.shapes[a][0][0] {
			if ref.id == shared {
				dirs = append(dirs, ref.reversed)
			}
		}
	}
	if len(dirs) != 2 || dirs[0] == dirs[1] {
		t.Errorf("the border should be used once each way, got reversed=%v", dirs)
	}
	back := tp.assemble(tp.arcs)
	for a := range shapes {
		if !sameRing(back[a][0][0], shapes[a][0][0]) {
			t.Errorf("authority %d not rebuilt from its arcs:\n got %v\nwant %v", a, back[a][0][0], shapes[a][0][0])
		}
	}
}

// sameRing: the same closed ring, possibly starting elsewhere.
func sameRing(a, b orb.Ring) bool {
	if len(a) != len(b) {
		return false
	}
	s := slices.Index(a[:len(a)-1], b[0])
	if s < 0 {
		return false
	}
	n := len(a) - 1
	for i := 0; i < n; i++ {
		if a[(s+i)%n] != b[i] {
			return false
		}
	}
	return true
}

func TestCanonicalLoop(t *testing.T) {
	c := []orb.Point{{2, 1}, {3, 2}, {2, 3}, {1, 2}}
	want := canonicalLoop(c)
	if want[0] != (orb.Point{1, 2}) || want[len(want)-1] != want[0] {
		t.Fatalf("loop %v should start and end at the least corner", want)
	}
	for s := range c {
		rot := append(slices.Clone(c[s:]), c[:s]...)
		rev := slices.Clone(rot)
		slices.Reverse(rev)
		for _, in := range [][]orb.Point{rot, rev} {
			if got := canonicalLoop(in); !slices.Equal(got, want) {
				t.Errorf("canonicalLoop(%v) = %v, want %v", in, got, want)
			}
		}
	}
}

// TestSimplifyArcProperties: ends kept, a subsequence of the arc, every
// dropped corner within the tolerance of the line that replaced it, and
// closed arcs keep at least three corners.
func TestSimplifyArcProperties(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	for i := 0; i < 200; i++ {
		arc := wiggle(rng, -2.5, 0.002+0.01*rng.Float64(), 2+rng.IntN(80))
		closed := i%2 == 1
		if closed {
			arc = append(arc, orb.Point{-2.6, 51.1}, arc[0])
		}
		tol := 10 + 500*rng.Float64()
		got := simplifyArc(arc, tol)
		if got[0] != arc[0] || got[len(got)-1] != arc[len(arc)-1] {
			t.Fatalf("arc %d: ends not kept", i)
		}
		if closed && len(got) < 4 {
			t.Fatalf("arc %d: closed arc kept %d positions", i, len(got))
		}
		k := 0
		for j, p := range got {
			for k < len(arc) && arc[k] != p {
				if j == 0 {
					t.Fatalf("arc %d: not a subsequence", i)
				}
				if d := metresToSegment(arc[k], got[j-1], p); d > tol*1.01 {
					t.Fatalf("arc %d: dropped corner %v is %.1f m from the line, tolerance %.1f m", i, arc[k], d, tol)
				}
				k++
			}
			if k == len(arc) {
				t.Fatalf("arc %d: %v is not in the arc", i, p)
			}
			k++
		}
		if slices.Equal(simplifyArc(arc, 0), arc) == false {
			t.Fatalf("arc %d: tolerance 0 changed the arc", i)
		}
	}
}

// metresToSegment is the distance from p to ab in metres, in a local
// equirectangular projection.
func metresToSegment(p, a, b orb.Point) float64 {
	kx := math.Cos(p[1]*math.Pi/180) * metresPerDegree
	ax, ay := (a[0]-p[0])*kx, (a[1]-p[1])*metresPerDegree
	bx, by := (b[0]-p[0])*kx, (b[1]-p[1])*metresPerDegree
	dx, dy := bx-ax, by-ay
	u := 0.0
	if l := dx*dx + dy*dy; l > 0 {
		u = min(max(-(ax*dx+ay*dy)/l, 0), 1)
	}
	return math.Hypot(ax+u*dx, ay+u*dy)
}

func TestRoundArc(t *testing.T) {
	got := roundArc([]orb.Point{{-3.123456, 51.000004}, {-3.123461, 51.000001}, {-3.2, 51.1}}, 5)
	want := []orb.Point{{-3.12346, 51}, {-3.2, 51.1}}
	if !slices.Equal(got, want) {
		t.Errorf("roundArc = %v, want %v", got, want)
	}
	if got := roundArc([]orb.Point{{1.000001, 2}, {1.000002, 2}}, 5); len(got) != 2 {
		t.Errorf("an arc whose ends round together should keep both: %v", got)
	}
}

func TestCrossingArcs(t *testing.T) {
	p := func(x, y float64) orb.Point { return orb.Point{x, y} }
	tests := []struct {
		name string
		arcs [][]orb.Point
		want [][2]int
	}{
		{"meeting at a junction", [][]orb.Point{{p(0, 0), p(1, 1), p(2, 0)}, {p(2, 0), p(3, 1)}, {p(2, 0), p(2, -1)}}, nil},
		{"closed loop", [][]orb.Point{{p(0, 0), p(1, 0), p(1, 1), p(0, 0)}}, nil},
		{"crossing", [][]orb.Point{{p(0, 0), p(2, 2)}, {p(0, 2), p(2, 0)}}, [][2]int{{0, 1}}},
		{"corner on another's edge", [][]orb.Point{{p(0, 0), p(2, 0)}, {p(1, 1), p(1, 0), p(3, -1)}}, [][2]int{{0, 1}}},
		{"junction meets an inner corner", [][]orb.Point{{p(0, 0), p(1, 0), p(2, 0.5)}, {p(1, 0), p(1, 1)}}, [][2]int{{0, 1}}},
		{"ends meet but run back along each other", [][]orb.Point{{p(0, 0), p(2, 0)}, {p(2, 0), p(1, 0)}}, [][2]int{{0, 1}}},
		{"two arcs between the same junctions, one straight", [][]orb.Point{{p(0, 0), p(2, 0)}, {p(0, 0), p(2, 0)}}, [][2]int{{0, 1}}},
		{"arc crossing itself", [][]orb.Point{{p(0, 0), p(2, 2), p(2, 0), p(0, 2)}}, [][2]int{{0, 0}}},
		{"closed arc too short", [][]orb.Point{{p(0, 0), p(1, 1), p(0, 0)}}, [][2]int{{0, 0}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := crossingArcs(tt.arcs); !slices.Equal(got, tt.want) {
				t.Errorf("crossingArcs = %v, want %v", got, tt.want)
			}
		})
	}
}

func TestSameCycle(t *testing.T) {
	if !sameCycle([]int{1, 2, 3}, []int{3, 1, 2}) || sameCycle([]int{1, 2, 3}, []int{3, 2, 1}) || sameCycle([]int{1}, []int{1, 2}) {
		t.Error("sameCycle is wrong")
	}
}

// TestDeriveShapesKeepsNeighboursTogether: after heavy simplification the
// two authorities still share their border exactly (no gap, no overlap),
// both are valid, and points well inside each stay there.
func TestDeriveShapesKeepsNeighboursTogether(t *testing.T) {
	for seed := uint64(0); seed < 20; seed++ {
		shapes := neighbours(rand.New(rand.NewPCG(seed, 7)))
		d, err := deriveShapes(shapes, 400, 5)
		if err != nil {
			t.Fatal(err)
		}
		west, east := d.shapes[0][0][0], d.shapes[1][0][0]
		if positions(d.shapes[0])+positions(d.shapes[1]) >= positions(shapes[0])+positions(shapes[1]) {
			t.Errorf("seed %d: nothing was simplified", seed)
		}
		var onBorder []orb.Point
		for _, p := range west {
			if p[0] > -3.1 {
				onBorder = append(onBorder, p)
			}
		}
		for _, p := range onBorder {
			if !slices.Contains(east, p) {
				t.Fatalf("seed %d: West's border corner %v is not East's", seed, p)
			}
		}
		for a, mp := range d.shapes {
			if err := geo.ValidateMultiPolygon(mp); err != nil {
				t.Errorf("seed %d authority %d: %v", seed, a, err)
			}
		}
		if !inMultiPolygon(d.shapes[0], orb.Point{-3.15, 51.1}) || !inMultiPolygon(d.shapes[1], orb.Point{-2.85, 51.1}) ||
			inMultiPolygon(d.shapes[0], orb.Point{-2.85, 51.1}) {
			t.Errorf("seed %d: inner points moved", seed)
		}
	}
}

// TestDeriveShapesRefines: an island of East in a narrow bay of West. A
// tolerance wider than the bay would draw West's coast straight across it
// and over the island; the refinement must keep the island outside West.
func TestDeriveShapesRefines(t *testing.T) {
	west := ring(-3.2, 51, -3, 51, -3, 51.1, -3.1, 51.1002, -3.1, 51.1008, -3, 51.101, -3, 51.2, -3.2, 51.2)
	island := ring(-3.05, 51.1004, -3.04, 51.1004, -3.04, 51.1006, -3.05, 51.1006)
	east := ring(-2.9, 51, -2.8, 51, -2.8, 51.2, -2.9, 51.2)
	shapes := []orb.MultiPolygon{{{west}}, {{east}, {island}}}
	d, err := deriveShapes(shapes, 2000, 5)
	if err != nil {
		t.Fatal(err)
	}
	if d.refined == 0 {
		t.Error("nothing was refined; the test no longer exercises refinement")
	}
	for _, p := range d.shapes[1][1][0] {
		if inMultiPolygon(d.shapes[0], p) {
			t.Errorf("the island's corner %v is inside West: %v", p, d.shapes[0])
		}
	}
	for a, mp := range d.shapes {
		if err := geo.ValidateMultiPolygon(mp); err != nil {
			t.Errorf("authority %d: %v", a, err)
		}
	}
}

func TestDeriveShapesRoundingTooCoarse(t *testing.T) {
	// A 3 m triangle cannot survive rounding to 4 decimals (about 11 m).
	tiny := ring(-3, 51, -2.99997, 51, -3, 51.00003)
	if _, err := deriveShapes([]orb.MultiPolygon{{{tiny}}}, 100, 4); err == nil || !strings.Contains(err.Error(), "more decimals") {
		t.Errorf("err = %v, want advice to use more decimals", err)
	}
}

const testLayer = `{"type":"FeatureCollection","features":[
{"type":"Feature","properties":{"name":"Bristol, City of","code":"E06000023","type":"unitary authority","label_lon":-2.55,"label_lat":51.45},
 "geometry":{"type":"Polygon","coordinates":[[[-2.6,51.4],[-2.5,51.4],[-2.5,51.5],[-2.6,51.5],[-2.6,51.4]]]}},
{"type":"Feature","properties":{"name":"North Somerset","code":"E06000024"},
 "geometry":{"type":"MultiPolygon","coordinates":[[[[-2.7,51.4],[-2.6,51.4],[-2.6,51.5],[-2.7,51.5],[-2.7,51.4]]],[[[-2.9,51.4],[-2.8,51.4],[-2.8,51.41],[-2.9,51.4]]]]}}]}`

func TestWriteGeoJSON(t *testing.T) {
	p := Params{Source: "layer.geojson", Names: []string{"E06000024", "Bristol, City of"}, ToleranceM: 100, Decimals: 5,
		Title: "Two authorities", Attribution: ONSAttribution}
	res, err := Derive([]byte(testLayer), p)
	if err != nil {
		t.Fatal(err)
	}
	var a, b bytes.Buffer
	if err := res.WriteGeoJSON(&a); err != nil {
		t.Fatal(err)
	}
	res2, err := Derive([]byte(testLayer), p)
	if err != nil {
		t.Fatal(err)
	}
	if err := res2.WriteGeoJSON(&b); err != nil {
		t.Fatal(err)
	}
	if d := goldentest.Diff(a.Bytes(), b.Bytes()); d != "" {
		t.Errorf("two derivations wrote different bytes:\n%s", d)
	}
	bounds, err := geo.LoadBoundaries(bytes.NewReader(a.Bytes()), geo.LoadOptions{})
	if err != nil {
		t.Fatalf("output does not load: %v\n%s", err, a.String())
	}
	if bounds.Len() != 2 || bounds.Name(0) != "North Somerset" || bounds.Authority(1).Code != "E06000023" {
		t.Errorf("authorities out of order or misnamed: %s, %s", bounds.Name(0), bounds.Name(1))
	}
	if i, _ := bounds.Locate(geo.LatLon(51.45, -2.55)); bounds.Name(i) != "Bristol, City of" {
		t.Errorf("Bristol's label point is in %q", bounds.Name(i))
	}
	var doc struct {
		Name, Attribution string
		Derivation        struct {
			Tool string
			Params
		}
		Features []struct {
			Properties map[string]any
			Geometry   struct {
				Type        string
				Coordinates json.RawMessage
			}
		}
	}
	if err := json.Unmarshal(a.Bytes(), &doc); err != nil {
		t.Fatal(err)
	}
	if doc.Name != p.Title || doc.Attribution != ONSAttribution || doc.Derivation.Tool == "" ||
		!slices.Equal(doc.Derivation.Names, p.Names) || doc.Derivation.ToleranceM != 100 || doc.Derivation.Source != p.Source {
		t.Errorf("title, attribution or derivation not recorded: %+v", doc)
	}
	if doc.Features[0].Geometry.Type != "MultiPolygon" || doc.Features[1].Geometry.Type != "Polygon" {
		t.Errorf("geometry types %s, %s", doc.Features[0].Geometry.Type, doc.Features[1].Geometry.Type)
	}
	if doc.Features[1].Properties["label_lat"] != 51.45 || doc.Features[1].Properties["type"] != "unitary authority" {
		t.Errorf("properties not carried over: %v", doc.Features[1].Properties)
	}
	for i := 0; i < bounds.Len(); i++ {
		for _, poly := range bounds.Authority(i).Geometry {
			for ri, r := range poly {
				if (r.Orientation() == orb.CCW) != (ri == 0) {
					t.Errorf("%s ring %d breaks RFC 7946's right-hand rule", bounds.Name(i), ri)
				}
			}
		}
	}
}

func TestRunUsage(t *testing.T) {
	dir := t.TempDir()
	layer := filepath.Join(dir, "layer.geojson")
	if err := os.WriteFile(layer, []byte(testLayer), 0o644); err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(dir, "out.geojson")
	tests := []struct {
		name     string
		args     []string
		usage    bool
		mentions string
	}{
		{"no flags", nil, true, "required"},
		{"unknown name", []string{"-in", layer, "-out", out, "-names", "Bristol"}, true, `did you mean Bristol, City of`},
		{"name split at its comma", []string{"-in", layer, "-out", out, "-names", "Bristol, City of,North Somerset"}, true, "separate names"},
		{"named twice", []string{"-in", layer, "-out", out, "-names", "North Somerset;E06000024"}, true, "twice"},
		{"too few decimals", []string{"-in", layer, "-out", out, "-names", "North Somerset", "-decimals", "3"}, true, "4 to 7"},
		{"negative tolerance", []string{"-in", layer, "-out", out, "-names", "North Somerset", "-tolerance", "-1"}, true, "0 or more"},
		{"missing input", []string{"-in", filepath.Join(dir, "none.geojson"), "-out", out, "-names", "North Somerset"}, false, "none.geojson"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var stdout, stderr bytes.Buffer
			err := run(tt.args, &stdout, &stderr)
			if err == nil || errors.Is(err, errUsage) != tt.usage || !strings.Contains(err.Error(), tt.mentions) {
				t.Errorf("err = %v, want usage=%v mentioning %q", err, tt.usage, tt.mentions)
			}
			if _, statErr := os.Stat(out); statErr == nil {
				t.Error("an output was written")
			}
		})
	}
	var stdout bytes.Buffer
	if err := run([]string{"-in", layer, "-out", out, "-names", "Bristol, City of; North Somerset", "-tolerance", "50"}, &stdout, &stdout); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(stdout.String(), "Bristol, City of") || !strings.Contains(stdout.String(), "written to") {
		t.Errorf("summary: %s", stdout.String())
	}
}

// sharedData returns ../shared/data beside the module root, or skips.
func sharedData(t *testing.T) string {
	t.Helper()
	d := os.Getenv("LINKMATCH_DATA")
	if d == "" {
		d = filepath.Join("..", "..", "..", "shared", "data")
	}
	if _, err := os.Stat(filepath.Join(d, "england_ctyua_2023_bsc.geojson")); err != nil {
		t.Skipf("reference data not found at %s (set LINKMATCH_DATA to the folder holding england_ctyua_2023_bsc.geojson): %v", d, err)
	}
	return d
}

// TestCommittedOutlinesAreReproducible: every authorities.geojson in
// scenarios/, and the generator's England outlines, that records a
// derivation is exactly what the tool makes from the ONS layer with those
// settings today.
func TestCommittedOutlinesAreReproducible(t *testing.T) {
	data := sharedData(t)
	files, err := filepath.Glob(filepath.Join("..", "..", "scenarios", "*", "authorities.geojson"))
	if err != nil {
		t.Fatal(err)
	}
	files = append(files, filepath.Join("..", "..", "match", "generate", "england.geojson"))
	checked := 0
	for _, f := range files {
		committed, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		var doc struct {
			Name, Attribution string
			Derivation        *Params
		}
		if err := json.Unmarshal(committed, &doc); err != nil {
			t.Fatalf("%s: %v", f, err)
		}
		if doc.Derivation == nil {
			continue
		}
		p := *doc.Derivation
		p.Title, p.Attribution = doc.Name, doc.Attribution
		src, err := os.ReadFile(filepath.Join(data, p.Source))
		if err != nil {
			t.Fatalf("%s: %v", f, err)
		}
		res, err := Derive(src, p)
		if err != nil {
			t.Fatalf("%s: %v", f, err)
		}
		var buf bytes.Buffer
		if err := res.WriteGeoJSON(&buf); err != nil {
			t.Fatal(err)
		}
		if d := goldentest.Diff(committed, buf.Bytes()); d != "" {
			t.Errorf("%s differs from a fresh derivation; rerun the command in its README:\n%s", f, d)
		}
		checked++
	}
	if checked < 3 {
		t.Errorf("checked %d derived boundary files, want the demo's, B&NES's and the generator's", checked)
	}
}
