package geo

import (
	"errors"
	"math"
	"math/rand/v2"
	"slices"
	"testing"
)

func bruteWithin(points []Point, p Point, km float64) []int {
	var out []int
	if !p.Valid() || !(km >= 0) {
		return out
	}
	for i, q := range points {
		if q.Valid() && HaversineKm(p, q) <= km {
			out = append(out, i)
		}
	}
	return out
}

// TestPointIndexMatchesBruteForce checks Within against comparing every
// pair with HaversineKm, on several spreads of points and cell sizes.
func TestPointIndexMatchesBruteForce(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 11))
	spreads := []struct {
		name                   string
		lat0, lat1, lon0, lon1 float64
	}{
		{"England", 49.9, 55.8, -6.4, 1.8},
		{"one town", 51.0, 51.05, -3.15, -3.05},
		{"across the antimeridian", -10, 10, 170, 180},
		{"near the north pole", 85, 90, -180, 180},
		{"whole globe", -90, 90, -180, 180},
	}
	for _, sp := range spreads {
		pts := make([]Point, 1500)
		for i := range pts {
			pts[i] = Point{Lon: sp.lon0 + (sp.lon1-sp.lon0)*rng.Float64(), Lat: sp.lat0 + (sp.lat1-sp.lat0)*rng.Float64()}
		}
		pts[3] = pts[2]                         // duplicate point
		pts[4] = Point{Lon: math.NaN(), Lat: 0} // invalid: never returned
		for _, cellKm := range []float64{0.5, 10, 40, 5000} {
			ix, err := NewPointIndex(pts, cellKm)
			if err != nil {
				t.Fatal(err)
			}
			for k := 0; k < 60; k++ {
				p := pts[rng.IntN(len(pts))]
				if k%2 == 1 {
					p = Point{Lon: sp.lon0 + (sp.lon1-sp.lon0)*rng.Float64(), Lat: sp.lat0 + (sp.lat1-sp.lat0)*rng.Float64()}
				}
				km := []float64{0, 1, 5, 40, 300, 25000}[k%6]
				got := ix.Within(p, km, nil)
				if want := bruteWithin(pts, p, km); !slices.Equal(got, want) {
					t.Fatalf("%s cell %v km: Within(%v, %v) = %d points, brute force %d", sp.name, cellKm, p, km, len(got), len(want))
				}
			}
		}
	}
}

func TestPointIndexEdges(t *testing.T) {
	taunton := LatLon(51.0150, -3.1030)
	exeter := LatLon(50.7184, -3.5339)
	pts := []Point{exeter, taunton, {Lon: math.NaN(), Lat: 1}}
	ix, err := NewPointIndex(pts, 10)
	if err != nil {
		t.Fatal(err)
	}
	d := HaversineKm(taunton, exeter)
	tests := []struct {
		name string
		p    Point
		km   float64
		want []int
	}{
		{"zero radius finds the point itself", taunton, 0, []int{1}},
		{"radius exactly the distance is inclusive", taunton, d, []int{0, 1}},
		{"just short of it", taunton, d * (1 - 1e-9), []int{1}},
		{"negative radius", taunton, -1, nil},
		{"NaN radius", taunton, math.NaN(), nil},
		{"invalid query point", Point{Lon: 200}, 10, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := ix.Within(tt.p, tt.km, nil); !slices.Equal(got, tt.want) {
				t.Errorf("Within = %v, want %v", got, tt.want)
			}
		})
	}
	// dst is appended to, not overwritten.
	if got := ix.Within(taunton, 1, []int{42}); !slices.Equal(got, []int{42, 1}) {
		t.Errorf("Within with dst = %v", got)
	}
	empty, err := NewPointIndex(nil, 10)
	if err != nil || len(empty.Within(taunton, 100, nil)) != 0 {
		t.Errorf("empty index: %v", err)
	}
	for _, c := range []float64{0, -1, math.NaN(), math.Inf(1)} {
		if _, err := NewPointIndex(pts, c); !errors.Is(err, ErrInvalidCellSize) {
			t.Errorf("NewPointIndex(cell %v) error = %v", c, err)
		}
	}
}
