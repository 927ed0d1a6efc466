package scenarios

import (
	"bytes"
	"encoding/json"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/linkmatch/linkmatch/geo"
	"github.com/paulmach/orb"
	orbgeo "github.com/paulmach/orb/geo"
)

// The shipped boundary files are simplified from the ONS upper-tier layer
// by tools/outlines; these tests hold them to it. Tests marked "needs
// ../shared/data" compare with the published layer and skip without it.

// onsAttribution is the attribution the Open Government Licence v3.0
// requires for the ONS December 2023 boundaries (../shared/data/README.md).
const onsAttribution = "Source: Office for National Statistics licensed under the Open Government Licence v.3.0. " +
	"Contains OS data © Crown copyright and database right 2023."

// derivedFile is a shipped boundary file and what it says about itself.
type derivedFile struct {
	dir    string
	raw    []byte
	b      *geo.Boundaries
	labels []geo.Point // each authority's ONS label point, from its properties
	meta   struct {
		Name, Attribution string
		Derivation        struct {
			Source     string
			Names      []string
			ToleranceM float64 `json:"tolerance_m"`
			Decimals   int
		}
	}
}

func readDerived(t *testing.T, dir string) *derivedFile {
	t.Helper()
	d := &derivedFile{dir: dir}
	var err error
	if d.raw, err = os.ReadFile(filepath.Join(dir, "authorities.geojson")); err != nil {
		t.Fatal(err)
	}
	if d.b, err = geo.LoadBoundaries(bytes.NewReader(d.raw), geo.LoadOptions{}); err != nil {
		t.Fatalf("%s: %v", dir, err)
	}
	var props struct {
		Features []struct {
			Properties struct {
				LabelLon *float64 `json:"label_lon"`
				LabelLat *float64 `json:"label_lat"`
			}
		}
	}
	if err := json.Unmarshal(d.raw, &d.meta); err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(d.raw, &props); err != nil {
		t.Fatal(err)
	}
	for _, f := range props.Features {
		if f.Properties.LabelLon == nil {
			t.Fatalf("%s: a feature has no label_lon/label_lat", dir)
		}
		d.labels = append(d.labels, geo.LatLon(*f.Properties.LabelLat, *f.Properties.LabelLon))
	}
	return d
}

// derivedFiles: each shipped boundary file, the authority it is centred
// on and that authority's neighbours on the ground.
var derivedFiles = []struct {
	dir, centre string
	neighbours  []string
}{
	{"somerset-stepdown", "Somerset", []string{"Bath and North East Somerset", "Devon", "Dorset", "North Somerset", "Wiltshire"}},
	{"bnes-family-link", "Bath and North East Somerset", []string{"Bristol, City of", "North Somerset", "Somerset", "South Gloucestershire", "Wiltshire"}},
}

// TestDerivedBoundaries: every polygon valid and in England's extent,
// each ONS label point inside its own authority, the centre authority's
// neighbours exactly right, small enough to embed, and attributed.
func TestDerivedBoundaries(t *testing.T) {
	for _, f := range derivedFiles {
		t.Run(f.dir, func(t *testing.T) {
			d := readDerived(t, f.dir)
			if len(d.raw) > 100_000 {
				t.Errorf("%d bytes; keep an embedded boundary file under 100 kB", len(d.raw))
			}
			if d.meta.Attribution != onsAttribution {
				t.Errorf("attribution = %q, want the OGL text", d.meta.Attribution)
			}
			readme, err := os.ReadFile(filepath.Join(f.dir, "README.md"))
			if err != nil || !strings.Contains(string(readme), onsAttribution) || !strings.Contains(string(readme), "go run ./tools/outlines") {
				t.Errorf("%s/README.md must give the OGL attribution and the command that made the file (%v)", f.dir, err)
			}
			var names []string
			for i := 0; i < d.b.Len(); i++ {
				a := d.b.Authority(i)
				names = append(names, a.Name)
				if err := geo.ValidateMultiPolygon(a.Geometry); err != nil {
					t.Errorf("%s: %v", a.Name, err)
				}
				if err := geo.CheckExtent(a.Geometry, geo.UKExtent()); err != nil {
					t.Errorf("%s: %v", a.Name, err)
				}
				if j, _ := d.b.Locate(d.labels[i]); j != i {
					t.Errorf("%s's ONS label point %v is in %q", a.Name, d.labels[i], d.b.Name(j))
				}
			}
			if !slices.Equal(names, d.meta.Derivation.Names) {
				t.Errorf("authorities %v, but the derivation names %v", names, d.meta.Derivation.Names)
			}
			g, err := d.b.NeighbourGraph(geo.DefaultToleranceM)
			if err != nil {
				t.Fatal(err)
			}
			c, ok := d.b.Index(f.centre)
			if !ok {
				t.Fatalf("no %s", f.centre)
			}
			var got []string
			for n := range d.b.Len() {
				if st, ok := g.Steps(c, n); ok && st == 1 {
					got = append(got, d.b.Name(n))
				}
			}
			slices.Sort(got)
			if !slices.Equal(got, f.neighbours) {
				t.Errorf("%s's neighbours = %v, want %v", f.centre, got, f.neighbours)
			}
		})
	}
}

// TestDemoPointsAwayFromBorders: every demo home, long-term family and carer is farther from
// every border than the simplification moved borders (the derivation's
// tolerance), so it is in the same authority in the simplified file as in
// the published layer, and would stay there if the file were derived again.
func TestDemoPointsAwayFromBorders(t *testing.T) {
	s := loadDemo(t)
	d := readDerived(t, "somerset-stepdown")
	tol := d.meta.Derivation.ToleranceM
	if tol <= 0 {
		t.Fatalf("derivation tolerance %v", tol)
	}
	check := func(id string, p geo.Point) {
		if m := metresToBorder(d.b, p); m <= tol {
			t.Errorf("%s at %v is %.0f m from a border, within the %.0f m the borders were simplified by: move it (it is synthetic)", id, p, m, tol)
		}
	}
	for _, c := range s.Children {
		check(c.ID, geo.LatLon(c.Lat, c.Lon))
		if c.HasMove {
			check(c.ID+" (move)", geo.LatLon(c.MoveLat, c.MoveLon))
		}
	}
	for _, c := range s.Carers {
		check(c.ID, geo.LatLon(c.Lat, c.Lon))
	}
}

// TestDemoMovesArePlausible: every demo child's long-term family is on
// land inside the demo's authorities (not in the Bristol Channel, not
// beyond the boundaries file), within a short drive of the child's home,
// and outside the child's own exclusion zones.
func TestDemoMovesArePlausible(t *testing.T) {
	s := loadDemo(t)
	for _, c := range s.Children {
		if !c.HasMove {
			continue
		}
		move := geo.LatLon(c.MoveLat, c.MoveLon)
		i, ok := s.Boundaries.Locate(move)
		if !ok {
			t.Errorf("%s: the long-term family at %v is outside every authority of the demo", c.ID, move)
			continue
		}
		if km := geo.HaversineKm(geo.LatLon(c.Lat, c.Lon), move); km > 25 {
			t.Errorf("%s: the long-term family is %.1f km from the home; the demo's moves are local", c.ID, km)
		}
		for _, e := range c.Exclusions {
			if e.Authority != "" && e.Authority == s.Boundaries.Name(i) ||
				e.Authority == "" && geo.HaversineKm(geo.LatLon(e.Lat, e.Lon), move) <= e.RadiusKm {
				t.Errorf("%s: the long-term family at %v is inside the child's exclusion %+v", c.ID, move, e)
			}
		}
	}
}

// metresToBorder is the distance from p to the nearest edge of any
// authority, in a local equirectangular projection around p (within a
// fraction of a percent over the few kilometres that matter).
func metresToBorder(b *geo.Boundaries, p geo.Point) float64 {
	best := math.Inf(1)
	for i := 0; i < b.Len(); i++ {
		for _, poly := range b.Authority(i).Geometry {
			for _, r := range poly {
				for k := 0; k+1 < len(r); k++ {
					best = min(best, metresToSegment(p, r[k], r[k+1]))
				}
			}
		}
	}
	return best
}

func metresToSegment(p geo.Point, a, b orb.Point) float64 {
	const mPerDeg = geo.EarthRadiusKm * 1000 * math.Pi / 180
	kx := math.Cos(p.Lat*math.Pi/180) * mPerDeg
	ax, ay := (a[0]-p.Lon)*kx, (a[1]-p.Lat)*mPerDeg
	bx, by := (b[0]-p.Lon)*kx, (b[1]-p.Lat)*mPerDeg
	dx, dy := bx-ax, by-ay
	u := 0.0
	if l := dx*dx + dy*dy; l > 0 {
		u = min(max(-(ax*dx+ay*dy)/l, 0), 1)
	}
	return math.Hypot(ax+u*dx, ay+u*dy)
}

var (
	onsOnce sync.Once
	ons     *geo.Boundaries
	onsErr  error
)

// loadONS loads ../shared/data's upper-tier layer once, or skips.
func loadONS(t *testing.T) *geo.Boundaries {
	t.Helper()
	dir := os.Getenv("LINKMATCH_DATA")
	if dir == "" {
		dir = filepath.Join("..", "..", "shared", "data")
	}
	path := filepath.Join(dir, "england_ctyua_2023_bsc.geojson")
	if _, err := os.Stat(path); err != nil {
		t.Skipf("ONS boundary data not found at %s (../shared/data beside the repository, or set LINKMATCH_DATA): %v", path, err)
	}
	onsOnce.Do(func() {
		data, err := os.ReadFile(path)
		if err != nil {
			onsErr = err
			return
		}
		ons, onsErr = geo.LoadBoundaries(bytes.NewReader(data), geo.LoadOptions{})
	})
	if onsErr != nil {
		t.Fatal(onsErr)
	}
	return ons
}

// maxAreaChange is how far an authority's simplified area may stray from
// the published one. Simplifying moves borders by up to the tolerance
// both ways, and the moves largely cancel: measured at 200 m, the worst is
// North Somerset at +0.2% (a long, intricate estuary shore for a small
// area). 0.5% leaves room for that and fails on any real distortion; lost
// islands are caught by counting parts instead.
const maxAreaChange = 0.005

// TestDerivedBoundariesMatchONS (needs ../shared/data): each simplified
// authority has the ONS code and number of parts, an area within maxAreaChange of the
// published one, the ONS label point inside it, and every published
// corner within the derivation's tolerance of its simplified border; and
// the neighbours at the default tolerance are exactly those of the
// published layer.
func TestDerivedBoundariesMatchONS(t *testing.T) {
	full := loadONS(t)
	gFull, err := full.NeighbourGraph(geo.DefaultToleranceM)
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range derivedFiles {
		t.Run(f.dir, func(t *testing.T) {
			d := readDerived(t, f.dir)
			g, err := d.b.NeighbourGraph(geo.DefaultToleranceM)
			if err != nil {
				t.Fatal(err)
			}
			tol := d.meta.Derivation.ToleranceM
			for i := 0; i < d.b.Len(); i++ {
				ours := d.b.Authority(i)
				j, ok := full.Index(ours.Name)
				if !ok {
					t.Errorf("%q is not an ONS authority name", ours.Name)
					continue
				}
				theirs := full.Authority(j)
				if ours.Code != theirs.Code {
					t.Errorf("%s: code %s, ONS says %s", ours.Name, ours.Code, theirs.Code)
				}
				if len(ours.Geometry) != len(theirs.Geometry) {
					t.Errorf("%s: %d parts, ONS has %d", ours.Name, len(ours.Geometry), len(theirs.Geometry))
				}
				a, b := orbgeo.Area(ours.Geometry), orbgeo.Area(theirs.Geometry)
				if math.Abs(a-b) > maxAreaChange*b {
					t.Errorf("%s: area %.1f km², ONS %.1f km² (%+.2f%%, allowed ±%.1f%%)", ours.Name, a/1e6, b/1e6, 100*(a-b)/b, 100*maxAreaChange)
				}
				if k, _ := d.b.Locate(d.labels[i]); k != i {
					t.Errorf("%s: the ONS label point %v is in %q", ours.Name, d.labels[i], d.b.Name(k))
				}
				if k, _ := full.Locate(d.labels[i]); k != j {
					t.Errorf("%s: the file's label point %v is not the ONS one", ours.Name, d.labels[i])
				}
				// 1% for the projection, 1 m for rounding.
				if far, at := farthestCorner(theirs.Geometry, ours.Geometry); far > tol*1.01+1 {
					t.Errorf("%s: the published corner %v is %.0f m from the simplified border (tolerance %.0f m)", ours.Name, at, far, tol)
				}
				for k := 0; k < d.b.Len(); k++ {
					l, _ := full.Index(d.b.Name(k))
					if k != i && adjacent(g, i, k) != adjacent(gFull, j, l) {
						t.Errorf("%s and %s: neighbours %v here, %v in the ONS layer", ours.Name, d.b.Name(k), adjacent(g, i, k), adjacent(gFull, j, l))
					}
				}
			}
		})
	}
}

// farthestCorner returns the corner of from farthest from every edge of
// to, and its distance in metres.
func farthestCorner(from, to orb.MultiPolygon) (float64, geo.Point) {
	worst, at := 0.0, geo.Point{}
	for _, poly := range from {
		for _, r := range poly {
			for _, c := range r {
				p := geo.Point{Lon: c[0], Lat: c[1]}
				best := math.Inf(1)
				for _, q := range to {
					for _, s := range q {
						for k := 0; k+1 < len(s) && best > 0; k++ {
							best = min(best, metresToSegment(p, s[k], s[k+1]))
						}
					}
				}
				if best > worst {
					worst, at = best, p
				}
			}
		}
	}
	return worst, at
}

// TestDemoPointsMatchONS (needs ../shared/data): every demo home, long-term
// family and carer is in the same authority in the demo's boundaries as in the published
// layer.
func TestDemoPointsMatchONS(t *testing.T) {
	full := loadONS(t)
	s := loadDemo(t)
	check := func(id string, p geo.Point) {
		i, _ := s.Boundaries.Locate(p)
		j, _ := full.Locate(p)
		if s.Boundaries.Name(i) != full.Name(j) {
			t.Errorf("%s at %v is in %q in the demo, %q in the ONS layer", id, p, s.Boundaries.Name(i), full.Name(j))
		}
	}
	for _, c := range s.Children {
		check(c.ID, geo.LatLon(c.Lat, c.Lon))
		if c.HasMove {
			check(c.ID+" (move)", geo.LatLon(c.MoveLat, c.MoveLon))
		}
	}
	for _, c := range s.Carers {
		check(c.ID, geo.LatLon(c.Lat, c.Lon))
	}
}

// adjacent reports whether authorities i and j share a border in g.
func adjacent(g *geo.Graph, i, j int) bool {
	st, ok := g.Steps(i, j)
	return ok && st == 1
}
