package geo

import (
	"bytes"
	"errors"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/paulmach/orb"
)

// ring builds a closed ring from lon, lat pairs, repeating the first.
func ring(lonLat ...float64) orb.Ring {
	r := make(orb.Ring, 0, len(lonLat)/2+1)
	for i := 0; i+1 < len(lonLat); i += 2 {
		r = append(r, orb.Point{lonLat[i], lonLat[i+1]})
	}
	return append(r, r[0])
}

// box is the axis-aligned square ring with west-south corner (lon, lat)
// and side d degrees, counter-clockwise.
func box(lon, lat, d float64) orb.Ring {
	return ring(lon, lat, lon+d, lat, lon+d, lat+d, lon, lat+d)
}

func TestValidateMultiPolygon(t *testing.T) {
	shell := box(-3, 51, 1)
	tests := []struct {
		name          string
		mp            orb.MultiPolygon
		kind          error // nil: valid
		polygon, ring int
	}{
		{"square", orb.MultiPolygon{{shell}}, nil, 0, 0},
		{"square clockwise", orb.MultiPolygon{{ring(-3, 51, -3, 52, -2, 52, -2, 51)}}, nil, 0, 0},
		{"repeated consecutive positions", orb.MultiPolygon{{ring(-3, 51, -2, 51, -2, 51, -2, 52, -3, 52, -3, 52)}}, nil, 0, 0},
		{"square with a hole", orb.MultiPolygon{{shell, box(-2.8, 51.2, 0.2)}}, nil, 0, 0},
		{"two holes side by side", orb.MultiPolygon{{shell, box(-2.9, 51.1, 0.2), box(-2.5, 51.1, 0.2)}}, nil, 0, 0},
		{"two separate parts", orb.MultiPolygon{{shell}, {box(-1, 51, 1)}}, nil, 0, 0},
		{"island inside a hole", orb.MultiPolygon{{shell, box(-2.8, 51.2, 0.6)}, {box(-2.6, 51.4, 0.2)}}, nil, 0, 0},
		{"concave L", orb.MultiPolygon{{ring(0, 50, 2, 50, 2, 51, 1, 51, 1, 52, 0, 52)}}, nil, 0, 0},
		{"collinear corner kept", orb.MultiPolygon{{ring(0, 50, 1, 50, 2, 50, 2, 51, 0, 51)}}, nil, 0, 0},

		{"no polygons", orb.MultiPolygon{}, ErrCoordinates, -1, -1},
		{"polygon without rings", orb.MultiPolygon{{}}, ErrCoordinates, 0, -1},
		{"too few positions", orb.MultiPolygon{{orb.Ring{{0, 50}, {1, 50}, {0, 50}}}}, ErrUnclosedRing, 0, 0},
		{"unclosed", orb.MultiPolygon{{orb.Ring{{0, 50}, {1, 50}, {1, 51}, {0, 51}}}}, ErrUnclosedRing, 0, 0},
		{"unclosed hole", orb.MultiPolygon{{shell, orb.Ring{{-2.8, 51.2}, {-2.6, 51.2}, {-2.6, 51.4}, {-2.8, 51.3}}}}, ErrUnclosedRing, 0, 1},
		{"not a number", orb.MultiPolygon{{ring(0, 50, math.NaN(), 50, 1, 51)}}, ErrCoordinates, 0, 0},
		{"latitude beyond the pole", orb.MultiPolygon{{ring(0, 50, 1, 95, 1, 51)}}, ErrCoordinates, 0, 0},
		{"two distinct corners", orb.MultiPolygon{{ring(0, 50, 1, 51, 1, 51, 0, 50)}}, ErrZeroArea, 0, 0},
		{"all corners on one line", orb.MultiPolygon{{ring(0, 50, 1, 50.5, 2, 51, 3, 51.5)}}, ErrZeroArea, 0, 0},
		{"all corners on one line, back and forth", orb.MultiPolygon{{ring(-3.1, 51.1, -2.9, 51.2, -2.7, 51.3, -2.9, 51.2)}}, ErrZeroArea, 0, 0},
		{"zero-area second part", orb.MultiPolygon{{shell}, {ring(0, 50, 1, 50, 2, 50)}}, ErrZeroArea, 1, 0},
		{"bow tie", orb.MultiPolygon{{ring(0, 50, 2, 52, 2, 50, 0, 51)}}, ErrSelfIntersection, 0, 0},
		{"balanced bow tie (no net area)", orb.MultiPolygon{{ring(0, 50, 1, 51, 1, 50, 0, 51)}}, ErrZeroArea, 0, 0},
		{"figure of eight through one corner", orb.MultiPolygon{{ring(0, 50, 1, 50, 1, 51, 2, 51, 2, 52, 1, 52, 1, 51, 0, 51)}}, ErrSelfIntersection, 0, 0},
		{"spike doubling back", orb.MultiPolygon{{ring(0, 50, 2, 50, 2, 51, 3, 51, 2, 51, 0, 51)}}, ErrSelfIntersection, 0, 0},
		{"corner touching an edge", orb.MultiPolygon{{ring(0, 50, 2, 50, 2, 52, 1, 50, 0, 52)}}, ErrSelfIntersection, 0, 0},
		{"hole crossing the outer ring", orb.MultiPolygon{{shell, box(-2.5, 51.5, 1)}}, ErrRingsIntersect, 0, 1},
		{"hole touching the outer ring at a point", orb.MultiPolygon{{shell, ring(-3, 51.5, -2.5, 51.3, -2.5, 51.7)}}, nil, 0, 0},
		{"hole touching the outer ring at its corner", orb.MultiPolygon{{shell, ring(-3, 51, -2.5, 51.3, -2.8, 51.5)}}, nil, 0, 0},
		{"parts touching at a corner", orb.MultiPolygon{{shell}, {box(-2, 52, 1)}}, nil, 0, 0},
		{"part's corner touching an edge", orb.MultiPolygon{{shell}, {ring(-2, 51.5, -1, 51, -1, 52)}}, nil, 0, 0},
		{"hole sharing an edge with the outer ring", orb.MultiPolygon{{shell, ring(-3, 51.2, -2.5, 51.2, -2.5, 51.7, -3, 51.7)}}, ErrRingsIntersect, 0, 1},
		{"hole crossing the outer ring at corners", orb.MultiPolygon{{ring(0, 50, 2, 50, 2, 52, 0, 52), ring(1, 50, 3, 51, 1, 52, 1.5, 51)}}, ErrRingsIntersect, 0, 1},
		{"hole crossing the outer ring only at its corners", orb.MultiPolygon{{ring(0, 50, 2, 50, 2, 52, 0, 52), ring(1, 51, 2, 52, 3, 51, 2, 50)}}, ErrRingsIntersect, 0, 1},
		{"parts crossing only at corners", orb.MultiPolygon{{ring(0, 50, 2, 50, 2, 52, 0, 52)}, {ring(1, 51, 2, 52, 3, 51, 2, 50)}}, ErrPartsOverlap, 1, 0},
		{"parts crossing at a shared corner", orb.MultiPolygon{{ring(0, 50, 2, 50, 2, 52, 0, 52)}, {ring(2, 52, 1, 53, 1.5, 51, 3, 51)}}, ErrPartsOverlap, 1, 0},
		{"holes crossing", orb.MultiPolygon{{shell, box(-2.9, 51.1, 0.4), box(-2.7, 51.3, 0.4)}}, ErrRingsIntersect, 0, 2},
		{"hole outside", orb.MultiPolygon{{shell, box(0, 51, 0.5)}}, ErrHoleOutside, 0, 1},
		{"hole inside a hole", orb.MultiPolygon{{shell, box(-2.9, 51.1, 0.8), box(-2.7, 51.3, 0.2)}}, ErrHoleOutside, 0, 2},
		{"parts overlapping", orb.MultiPolygon{{shell}, {box(-2.5, 51.5, 1)}}, ErrPartsOverlap, 1, 0},
		{"parts sharing an edge", orb.MultiPolygon{{shell}, {box(-2, 51, 1)}}, ErrPartsOverlap, 1, 0},
		{"part inside another", orb.MultiPolygon{{shell}, {box(-2.8, 51.2, 0.2)}}, ErrPartsOverlap, 1, 0},
		{"part around another", orb.MultiPolygon{{box(-2.8, 51.2, 0.2)}, {shell}}, ErrPartsOverlap, 0, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := ValidateMultiPolygon(tt.mp)
			if tt.kind == nil {
				if err != nil {
					t.Fatalf("valid geometry rejected: %v", err)
				}
				return
			}
			if !errors.Is(err, tt.kind) {
				t.Fatalf("err = %v, want %v", err, tt.kind)
			}
			var ge *GeometryError
			if !errors.As(err, &ge) {
				t.Fatalf("error %v (%T) is not a *GeometryError", err, err)
			}
			if ge.Polygon != tt.polygon || ge.Ring != tt.ring {
				t.Errorf("at polygon %d ring %d, want polygon %d ring %d (%v)", ge.Polygon, ge.Ring, tt.polygon, tt.ring, err)
			}
			if ge.Detail == "" || !strings.Contains(err.Error(), tt.kind.Error()) {
				t.Errorf("message %q should name the problem and give detail", err)
			}
		})
	}
}

// TestValidateWhereItMeets: crossings are reported at the crossing.
func TestValidateWhereItMeets(t *testing.T) {
	// Edges y = 50 + x and y = 51 − x/2 cross at x = 2/3.
	err := ValidateMultiPolygon(orb.MultiPolygon{{ring(0, 50, 2, 52, 2, 50, 0, 51)}})
	var ge *GeometryError
	if !errors.As(err, &ge) {
		t.Fatalf("bow tie: %v", err)
	}
	if math.Abs(ge.At.Lon-2.0/3) > 1e-12 || math.Abs(ge.At.Lat-(50+2.0/3)) > 1e-12 {
		t.Errorf("crossing reported at %v, want lat 50.66667, lon 0.66667", ge.At)
	}
}

func TestSegmentContact(t *testing.T) {
	p := func(x, y float64) orb.Point { return orb.Point{x, y} }
	tests := []struct {
		name           string
		p1, p2, q1, q2 orb.Point
		want           contact
	}{
		{"apart", p(0, 0), p(1, 0), p(0, 1), p(1, 1), noContact},
		{"crossing", p(0, 0), p(2, 2), p(0, 2), p(2, 0), pointContact},
		{"end on the other's middle", p(0, 0), p(2, 0), p(1, 0), p(1, 5), pointContact},
		{"shared end", p(0, 0), p(1, 0), p(1, 0), p(1, 1), pointContact},
		{"would cross if longer", p(0, 0), p(1, 1), p(3, 0), p(2, 1), noContact},
		{"collinear apart", p(0, 0), p(1, 0), p(2, 0), p(3, 0), noContact},
		{"collinear end to end", p(0, 0), p(1, 0), p(1, 0), p(3, 0), pointContact},
		{"collinear overlapping", p(0, 0), p(2, 0), p(1, 0), p(3, 0), overlapContact},
		{"collinear vertical overlapping", p(5, 0), p(5, 2), p(5, 3), p(5, 1), overlapContact},
		{"collinear one inside the other", p(0, 0), p(4, 4), p(1, 1), p(2, 2), overlapContact},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, _ := segmentContact(tt.p1, tt.p2, tt.q1, tt.q2)
			back, _ := segmentContact(tt.q2, tt.q1, tt.p2, tt.p1)
			if got != tt.want || back != tt.want {
				t.Errorf("contact = %d (swapped %d), want %d", got, back, tt.want)
			}
		})
	}
}

func TestCheckExtent(t *testing.T) {
	uk := UKExtent()
	taunton := orb.MultiPolygon{{box(-3.2, 50.9, 0.2)}}
	swapped := orb.MultiPolygon{{ring(50.9, -3.2, 50.9, -3.0, 51.1, -3.0, 51.1, -3.2)}}
	tests := []struct {
		name string
		mp   orb.MultiPolygon
		kind error
	}{
		{"inside", taunton, nil},
		{"empty", nil, nil},
		{"lat and lon swapped", swapped, ErrSwappedLonLat},
		{"elsewhere", orb.MultiPolygon{{box(10, 45, 1)}}, ErrOutsideExtent},
		{"partly outside", orb.MultiPolygon{{box(1.5, 52, 1)}}, ErrOutsideExtent},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := CheckExtent(tt.mp, uk)
			if !errors.Is(err, tt.kind) || (tt.kind == nil) != (err == nil) {
				t.Fatalf("err = %v, want %v", err, tt.kind)
			}
			if err != nil && !strings.Contains(err.Error(), "longitude") {
				t.Errorf("message %q should give the extent", err)
			}
		})
	}
	// A swapped shape is still a valid shape: only the extent shows it.
	if err := ValidateMultiPolygon(swapped); err != nil {
		t.Errorf("swapped square should be valid in itself: %v", err)
	}
}

// starRing is a random star-shaped ring around (lon, lat): corners at
// increasing angles and random radii, so it is simple by construction.
func starRing(rng *rand.Rand, lon, lat float64, n int) orb.Ring {
	angles := make([]float64, n)
	for i := range angles {
		angles[i] = rng.Float64() * 2 * math.Pi
	}
	slices.Sort(angles)
	angles = slices.Compact(angles)
	r := make(orb.Ring, 0, n+1)
	for _, a := range angles {
		rad := 0.05 + rng.Float64()*0.5
		r = append(r, orb.Point{round5(lon + rad*math.Cos(a)), round5(lat + rad*math.Sin(a))})
	}
	return append(r, r[0])
}

func round5(x float64) float64 { return math.Round(x*1e5) / 1e5 }

// TestValidateProperties: star-shaped rings are valid in either direction
// and anywhere; a star with a far corner dragged across it is not.
func TestValidateProperties(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	for i := 0; i < 300; i++ {
		lon, lat := -3+rng.Float64(), 51+rng.Float64()
		r := starRing(rng, lon, lat, 5+rng.IntN(60))
		if len(r) < 5 {
			continue
		}
		if err := ValidateMultiPolygon(orb.MultiPolygon{{r}}); err != nil && !errors.Is(err, ErrSelfIntersection) && !errors.Is(err, ErrZeroArea) {
			t.Fatalf("star %d: unexpected %v", i, err)
		} else if err != nil {
			continue // rounding to 5 dp made two corners meet: rare and correct to reject
		}
		rev := slices.Clone(r)
		slices.Reverse(rev)
		if err := ValidateMultiPolygon(orb.MultiPolygon{{rev}}); err != nil {
			t.Errorf("star %d reversed: %v", i, err)
		}
		moved := slices.Clone(r)
		for k := range moved {
			moved[k][0] += 1.25
		}
		if err := ValidateMultiPolygon(orb.MultiPolygon{{moved}}); err != nil {
			t.Errorf("star %d moved east: %v", i, err)
		}
		// A corner beyond the far side, reached from corner 0 through the
		// centre: the new edges must cross the far side of the ring.
		if !inRing(r, orb.Point{lon, lat}) {
			continue
		}
		d := math.Hypot(r[0][0]-lon, r[0][1]-lat)
		far := orb.Point{lon - (r[0][0]-lon)/d, lat - (r[0][1]-lat)/d} // 1° away; corners are at most 0.55°
		bad := slices.Insert(slices.Clone(r), 1, far)
		if err := ValidateMultiPolygon(orb.MultiPolygon{{bad}}); !errors.Is(err, ErrSelfIntersection) {
			t.Errorf("star %d with a corner dragged across: err = %v, want a self-intersection", i, err)
		}
	}
}

// FuzzValidateMultiPolygon: never panics, and validity does not depend on
// ring direction.
func FuzzValidateMultiPolygon(f *testing.F) {
	f.Add(0.0, 0.0, 1.0, 0.0, 1.0, 1.0, 0.0, 1.0)
	f.Add(0.0, 0.0, 1.0, 1.0, 1.0, 0.0, 0.0, 1.0)
	f.Add(0.0, 0.0, 1.0, 0.0, 2.0, 0.0, 1.0, 0.0)
	f.Fuzz(func(t *testing.T, x1, y1, x2, y2, x3, y3, x4, y4 float64) {
		r := ring(x1, y1, x2, y2, x3, y3, x4, y4)
		err := ValidateMultiPolygon(orb.MultiPolygon{{r}})
		rev := slices.Clone(r)
		slices.Reverse(rev)
		errRev := ValidateMultiPolygon(orb.MultiPolygon{{rev}})
		if (err == nil) != (errRev == nil) {
			t.Fatalf("%v valid=%v but reversed valid=%v (%v / %v)", r, err == nil, errRev == nil, err, errRev)
		}
		if err != nil {
			var ge *GeometryError
			if !errors.As(err, &ge) {
				t.Fatalf("error %v (%T) is not a *GeometryError", err, err)
			}
		}
	})
}

// TestValidateONSLayers: every authority in the reference ONS layers is a
// valid area by these rules (shapely's check agrees, ../shared/data
// README), so the rules reject nothing real.
func TestValidateONSLayers(t *testing.T) {
	dir := sharedDataDir(t)
	for _, file := range []string{"england_ctyua_2023_bsc.geojson", "england_lad_2024_bsc.geojson", "england_lad_2024_buc.geojson"} {
		data, err := os.ReadFile(filepath.Join(dir, file))
		if err != nil {
			t.Fatal(err)
		}
		b, err := LoadBoundaries(bytes.NewReader(data), LoadOptions{})
		if err != nil {
			t.Fatal(err)
		}
		for i := 0; i < b.Len(); i++ {
			a := b.Authority(i)
			if err := ValidateMultiPolygon(a.Geometry); err != nil {
				t.Errorf("%s: %s: %v", file, a.Name, err)
			}
			if err := CheckExtent(a.Geometry, UKExtent()); err != nil {
				t.Errorf("%s: %s: %v", file, a.Name, err)
			}
		}
	}
}

// BenchmarkValidateONS validates all 153 upper-tier authorities of
// England (about 60,000 edges).
func BenchmarkValidateONS(b *testing.B) {
	ons := loadCTYUA(b)
	for b.Loop() {
		for i := 0; i < ons.Len(); i++ {
			if err := ValidateMultiPolygon(ons.Authority(i).Geometry); err != nil {
				b.Fatal(err)
			}
		}
	}
}
