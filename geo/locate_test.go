package geo

import (
	"bytes"
	"math/rand/v2"
	"os"
	"path/filepath"
	"testing"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/planar"
)

func TestLocatePlaces(t *testing.T) {
	b := loadCTYUA(t)
	if b.Len() != 153 {
		t.Fatalf("Len = %d, want 153 upper-tier authorities", b.Len())
	}
	tests := []struct {
		place string
		p     Point
		want  string
	}{
		{"Taunton", LatLon(51.0150, -3.1030), "Somerset"},
		{"Bath", LatLon(51.3811, -2.3590), "Bath and North East Somerset"},
		{"Guildford", LatLon(51.2362, -0.5704), "Surrey"},
		{"Exeter", LatLon(50.7184, -3.5339), "Devon"},
		{"Bristol", LatLon(51.4545, -2.5879), "Bristol, City of"},
		{"Hugh Town, Isles of Scilly", LatLon(49.9150, -6.3130), "Isles of Scilly"},
		{"City of London", LatLon(51.5155, -0.0922), "City of London"},
	}
	for _, tt := range tests {
		t.Run(tt.place, func(t *testing.T) {
			i, ok := b.Locate(tt.p)
			if !ok || b.Name(i) != tt.want {
				t.Errorf("Locate(%v) = %q (%v), want %q", tt.p, b.Name(i), ok, tt.want)
			}
		})
	}
}

func TestLocateNowhere(t *testing.T) {
	b := loadCTYUA(t)
	tests := []struct {
		place string
		p     Point
	}{
		{"English Channel", LatLon(50.3, -1.5)},
		{"North Sea", LatLon(53.5, 2.0)},
		{"Bristol Channel", LatLon(51.3, -3.6)},
		{"Paris", LatLon(48.8566, 2.3522)},
		{"Cardiff (Wales is not in the file)", LatLon(51.4816, -3.1791)},
		{"invalid point", Point{Lon: 500, Lat: 0}},
	}
	for _, tt := range tests {
		t.Run(tt.place, func(t *testing.T) {
			if i, ok := b.Locate(tt.p); ok || i != -1 {
				t.Errorf("Locate(%v) = %d %q, want -1, false", tt.p, i, b.Name(i))
			}
		})
	}
}

// TestLocateMSOA checks every MSOA centroid that lies inside its own LAD
// polygon against its upper-tier authority. The CTYUA layer was generalised
// separately from the LAD layer, so points within ~200 m of a border may
// differ (see ../shared/data/README.md); we require 99.5% agreement.
func TestLocateMSOA(t *testing.T) {
	b := loadCTYUA(t)
	rows := loadMSOA(t)
	var n, agree int
	for _, m := range rows {
		if !m.inLAD {
			continue
		}
		n++
		i, _ := b.Locate(m.p)
		if b.Name(i) == m.utla {
			agree++
			continue
		}
		t.Logf("mismatch: %s at %v: located in %q, lookup says %q", m.code, m.p, b.Name(i), m.utla)
	}
	if n < 6800 {
		t.Fatalf("only %d MSOA rows with in_lad_polygon=true; expected 6841", n)
	}
	if frac := float64(agree) / float64(n); frac < 0.995 {
		t.Errorf("agreement %d/%d = %.4f, want ≥ 0.995", agree, n, frac)
	} else {
		t.Logf("agreement %d/%d = %.4f", agree, n, frac)
	}
}

// TestLocateMatchesOrb checks the banded ray cast against orb's
// planar.MultiPolygonContains on random points over England.
func TestLocateMatchesOrb(t *testing.T) {
	b := loadCTYUA(t)
	rng := rand.New(rand.NewPCG(1, 2))
	n := 20000
	if testing.Short() {
		n = 2000
	}
	for k := 0; k < n; k++ {
		p := Point{Lon: -6.5 + 8.4*rng.Float64(), Lat: 49.8 + 6.1*rng.Float64()}
		want := -1
		for i := 0; i < b.Len(); i++ {
			if !b.Authority(i).Bound.Contains(orb.Point{p.Lon, p.Lat}) {
				continue
			}
			if planar.MultiPolygonContains(b.Authority(i).Geometry, orb.Point{p.Lon, p.Lat}) {
				want = i
				break
			}
		}
		if got, _ := b.Locate(p); got != want {
			t.Fatalf("Locate(%v) = %q, orb says %q", p, b.Name(got), b.Name(want))
		}
	}
}

// TestLocateMSOAInLAD loads the 296 district polygons (including the eight
// repaired by make_valid) and checks that every MSOA centroid flagged
// in_lad_polygon lands in exactly that district, and every other one does
// not: the flag was computed with shapely on this same layer, so agreement
// must be total.
func TestLocateMSOAInLAD(t *testing.T) {
	dir := sharedDataDir(t)
	for _, file := range []string{"england_lad_2024_bsc.geojson", "england_lad_2024_buc.geojson"} {
		t.Run(file, func(t *testing.T) {
			data, err := os.ReadFile(filepath.Join(dir, file))
			if err != nil {
				t.Fatal(err)
			}
			b, err := LoadBoundaries(bytes.NewReader(data), LoadOptions{})
			if err != nil {
				t.Fatal(err)
			}
			if b.Len() != 296 {
				t.Fatalf("Len = %d, want 296", b.Len())
			}
			if file != "england_lad_2024_bsc.geojson" {
				return // in_lad_polygon refers to the BSC layer only
			}
			for _, m := range loadMSOA(t) {
				i, _ := b.Locate(m.p)
				if (b.Name(i) == m.lad) != m.inLAD {
					t.Errorf("%s at %v: located in %q; lookup LAD %q, in_lad_polygon=%v", m.code, m.p, b.Name(i), m.lad, m.inLAD)
				}
			}
		})
	}
}
