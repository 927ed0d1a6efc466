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
			b.Locate(FromOrb(c))
		}
		b.Locate(Point{Lon: 0.5, Lat: 50.5})
		g, err := b.NeighbourGraph(DefaultToleranceM)
		if err != nil {
			t.Fatal(err)
		}
		for i := 0; i < b.Len(); i++ {
			for _, j := range g.Neighbours(i) {
				if !g.Adjacent(j, i) || i == j {
					t.Fatalf("neighbour relation broken for %d, %d", i, j)
				}
			}
		}
		g.Rows()
	})
}

// FuzzParseTravelTimes checks the parser never panics and reports
// positioned errors.
func FuzzParseTravelTimes(f *testing.F) {
	f.Add("from,to,minutes\nC1,K1,35\n")
	f.Add("\ufefffrom,to,minutes\r\nC1,K1,35\r\n")
	f.Add("from,to,minutes\nC1,\"K1,5\n")
	f.Add("from,to\n")
	f.Add("")
	f.Fuzz(func(t *testing.T, in string) {
		tt, err := ParseTravelTimes(strings.NewReader(in))
		if err != nil {
			checkParseError(t, err)
			return
		}
		tt.Minutes("C1", "K1")
	})
}

// FuzzParsePostcodes checks the parser never panics, reports positioned
// errors, and stores only normalised postcodes with valid points.
func FuzzParsePostcodes(f *testing.F) {
	f.Add("postcode,lat,lon\nTA1 1AA,51.015,-3.103\n")
	f.Add("postcode,lat,lon\nta11aa,51.015,-3.103\nTA1 1AA,51,-3\n")
	f.Add("postcode,lat,lon\nTA1 1AA,351,-3\n")
	f.Add("postcode\n")
	f.Fuzz(func(t *testing.T, in string) {
		p, err := ParsePostcodes(strings.NewReader(in))
		if err != nil {
			checkParseError(t, err)
			return
		}
		for pc, pt := range p.m {
			if n, ok := NormalisePostcode(pc); !ok || n != pc || !pt.Valid() {
				t.Fatalf("stored %q → %v", pc, pt)
			}
		}
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

func checkParseError(t *testing.T, err error) {
	t.Helper()
	var pe *ParseError
	if !errors.As(err, &pe) {
		t.Fatalf("error %v (%T) is not a *ParseError", err, err)
	}
	if pe.Line < 1 || pe.Column < 1 {
		t.Fatalf("error %v has position %d:%d", err, pe.Line, pe.Column)
	}
}
