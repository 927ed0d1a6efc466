package geo

import (
	"errors"
	"strings"
	"testing"
)

// FuzzLoadBoundaries checks that the GeoJSON loader never panics, that
// every failure is a *BoundaryError, and that whatever it accepts can be
// located against and turned into a neighbour graph.
func FuzzLoadBoundaries(f *testing.F) {
	f.Add(collection(feature(`"A"`, "Polygon", unitSquare)))
	f.Add(collection(feature(`"A"`, "MultiPolygon", `[`+unitSquare+`,[[[2,50],[3,50],[3,51],[2,50]]]]`), feature(`"B"`, "Polygon", `[[[1,50],[2,50],[2,51],[1,50]]]`)))
	f.Add(collection(feature(`"A"`, "Polygon", `[[[320000,120000],[330000,120000],[330000,130000],[320000,120000]]]`)))
	f.Add(collection(feature(`"A"`, "Polygon", `[[[0,0],[0,0],[0,0],[0,0]]]`)))
	f.Add(collection())
	f.Add(`{"type":"FeatureCollection","features":[{"type":"Feature","properties":{"name":"A"},"geometry":null}]}`)
	f.Add(`not json`)
	f.Fuzz(func(t *testing.T, in string) {
		b, err := LoadBoundaries(strings.NewReader(in), LoadOptions{})
		if err != nil {
			var be *BoundaryError
			if !errors.As(err, &be) {
				t.Fatalf("error %v (%T) is not a *BoundaryError", err, err)
			}
			return
		}
		for i := 0; i < b.Len(); i++ {
			a := b.Authority(i)
			c := a.Bound.Center()
			b.Locate(Point{Lon: c[0], Lat: c[1]})
		}
		b.Locate(Point{Lon: 0.5, Lat: 50.5})
		g, err := b.NeighbourGraph(DefaultToleranceM)
		if err != nil {
			t.Fatal(err)
		}
		for i := 0; i < b.Len(); i++ {
			for _, j := range g.adj[i] {
				if !adjacent(g, j, i) || i == j {
					t.Fatalf("neighbour relation broken for %d, %d", i, j)
				}
			}
		}
		g.Rows()
	})
}

// FuzzNormalisePostcode checks normalisation is idempotent.
func FuzzNormalisePostcode(f *testing.F) {
	for _, s := range []string{"ta1 1aa", "TA11AA", "SW1A 1AA", "x", ""} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		pc, ok := NormalisePostcode(s)
		if !ok {
			return
		}
		if again, ok2 := NormalisePostcode(pc); !ok2 || again != pc {
			t.Fatalf("NormalisePostcode(%q) = %q, then %q, %v", s, pc, again, ok2)
		}
	})
}
