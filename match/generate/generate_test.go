package generate

import (
	"bytes"
	"errors"
	"math"
	"os"
	"path/filepath"
	"reflect"
	"testing"

	"github.com/linkmatch/linkmatch"
	"github.com/linkmatch/linkmatch/input"
	"github.com/linkmatch/linkmatch/internal/output"
)

func TestSameSeedSameBytes(t *testing.T) {
	write := func(seed uint64) map[string][]byte {
		sc, err := Generate(t.Context(), Options{Children: 300, Carers: 900, Seed: seed})
		if err != nil {
			t.Fatal(err)
		}
		dir := t.TempDir()
		var b output.Batch
		if err := Stage(&b, dir, sc, Files{Rates: []byte("effective_from,tier,age_min,age_max,unit,amount_gbp\n")}); err != nil {
			t.Fatal(err)
		}
		if err := b.Commit(); err != nil {
			t.Fatal(err)
		}
		out := map[string][]byte{}
		for _, f := range []string{"scenario.toml", "children.csv", "carers.csv", "rates.csv"} {
			b, err := os.ReadFile(filepath.Join(dir, f))
			if err != nil {
				t.Fatal(err)
			}
			out[f] = b
		}
		return out
	}
	a, b, c := write(7), write(7), write(8)
	for f := range a {
		if !bytes.Equal(a[f], b[f]) {
			t.Errorf("%s differs between two runs with the same seed", f)
		}
	}
	if bytes.Equal(a["children.csv"], c["children.csv"]) {
		t.Error("different seeds gave the same children")
	}
}

// TestMoreCarersSameChildren: carers and children come from separate
// random streams.
func TestMoreCarersSameChildren(t *testing.T) {
	a, err := Generate(t.Context(), Options{Children: 50, Carers: 100, Seed: 3})
	if err != nil {
		t.Fatal(err)
	}
	b, err := Generate(t.Context(), Options{Children: 50, Carers: 300, Seed: 3})
	if err != nil {
		t.Fatal(err)
	}
	// The carers a child already knows (Lifelong Links) are drawn from
	// the carers, so they may differ; everything else about the children
	// may not.
	for _, sc := range []*[]linkmatch.Child{&a.Children, &b.Children} {
		for i := range *sc {
			(*sc)[i].KnownAdults = nil
		}
	}
	if !reflect.DeepEqual(a.Children, b.Children) {
		t.Fatal("the children changed with the number of carers")
	}
}

// TestSpread checks the national scenario looks like England: everyone
// inside England's box, people spread over many authorities, London and
// the big cities dense, capacities mostly 1–2, a few sibling groups.
func TestSpread(t *testing.T) {
	sc, err := Generate(t.Context(), Options{Children: 2000, Carers: 10000, Seed: 1})
	if err != nil {
		t.Fatal(err)
	}
	auths := map[string]int{}
	london := 0
	capacity := [5]int{}
	for _, k := range sc.Carers {
		if !inEngland(k.Lat, k.Lon) {
			t.Fatalf("carer %s outside England", k.ID)
		}
		auths[k.Authority]++
		capacity[k.Capacity]++
		if math.Hypot(k.Lat-51.507, (k.Lon+0.128)*0.62) < 0.25 { // ~28 km of Charing Cross
			london++
		}
	}
	if len(auths) < 100 {
		t.Errorf("carers in only %d authorities", len(auths))
	}
	if share := float64(london) / float64(len(sc.Carers)); share < 0.08 || share > 0.25 {
		t.Errorf("London holds %.0f%% of carers, want roughly its 15%% of England", share*100)
	}
	if capacity[1]+capacity[2] < len(sc.Carers)*7/10 || capacity[0] != 0 {
		t.Errorf("capacities %v: want most 1–2, none 0", capacity)
	}
	siblings := 0
	for _, c := range sc.Children {
		if c.SiblingGroup != "" {
			siblings++
		}
		if age := int(sc.Start-c.DateOfBirth) / 365; age < youngestAge || age > 18 {
			t.Fatalf("child %s aged %d", c.ID, age)
		}
	}
	if share := float64(siblings) / float64(len(sc.Children)); share < 0.01 || share > 0.15 {
		t.Errorf("%.1f%% of children in sibling groups, want a few %%", share*100)
	}
}

func TestBadOptions(t *testing.T) {
	if _, err := Generate(t.Context(), Options{Children: -1}); err == nil {
		t.Error("negative children accepted")
	}
	if _, err := Generate(t.Context(), Options{Children: 1, Places: []Place{{Weight: 0}}}); err == nil {
		t.Error("zero-weight places accepted")
	}
}

// TestReadCentroids: centre points with their authority; a latitude out
// of range refused; without boundaries (located false) the authority is
// required, column and value, reported at file:line (column) with the fix.
func TestReadCentroids(t *testing.T) {
	ps, err := ReadCentroids([]byte("msoa21_code,lat,lon,utla_name\nE02000001,51.5148,-0.0921,City of London\n"), "c.csv", false)
	if err != nil || len(ps) != 1 || ps[0].Authority != "City of London" || ps[0].Weight != 1 {
		t.Fatalf("got %+v, %v", ps, err)
	}
	if ps, err := ReadCentroids([]byte("lat,lon,authority\n51.5,-0.1,Somerset\n"), "c.csv", false); err != nil || ps[0].Authority != "Somerset" {
		t.Errorf("authority column: %+v, %v", ps, err)
	}
	if ps, err := ReadCentroids([]byte("lat,lon\n51.5,-0.1\n"), "c.csv", true); err != nil || len(ps) != 1 {
		t.Errorf("no authority, with boundaries to locate: %+v, %v", ps, err)
	}
	tests := []struct {
		name, data string
		line       int
		column     string
	}{
		{"latitude 95", "lat,lon,utla_name\n95,0,Somerset\n", 2, "lat"},
		{"no utla_name column", "lat,lon\n51.5,-0.1\n", 1, "utla_name"},
		{"an empty utla_name", "lat,lon,utla_name\n51.5,-0.1,Somerset\n51.6,-0.2,\n", 3, "utla_name"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := ReadCentroids([]byte(tc.data), "c.csv", false)
			var inv *input.InvalidError
			if !errors.As(err, &inv) || len(inv.Problems) != 1 {
				t.Fatalf("err = %v, want one problem", err)
			}
			p := inv.Problems[0]
			if p.File != "c.csv" || p.Line != tc.line || p.ColumnName != tc.column || p.Hint == "" {
				t.Errorf("problem %+v, want c.csv line %d column %s with a fix", p, tc.line, tc.column)
			}
		})
	}
}

// TestMoves: every generated step-down child has a long-term family's
// address (so plans can count the carer's travel after the move), in
// England and mostly within 20 miles of the home; siblings share one
// family; short-breaks children, who live at home, have none.
func TestMoves(t *testing.T) {
	sc, err := Generate(t.Context(), Options{Children: 600, Carers: 100, Seed: 5})
	if err != nil {
		t.Fatal(err)
	}
	family := map[string][2]float64{}
	far, groups := 0, 0
	for _, c := range sc.Children {
		if !c.HasMove || !inEngland(c.MoveLat, c.MoveLon) {
			t.Fatalf("%s: move %v at %.5f,%.5f", c.ID, c.HasMove, c.MoveLat, c.MoveLon)
		}
		if km := math.Hypot(c.MoveLat-c.Lat, (c.MoveLon-c.Lon)*math.Cos(c.Lat*math.Pi/180)) * kmPerDegree; km > 32 {
			far++
		}
		if g := c.SiblingGroup; g != "" {
			at := [2]float64{c.MoveLat, c.MoveLon}
			if f, ok := family[g]; !ok {
				family[g] = at
				groups++
			} else if f != at {
				t.Errorf("sibling group %s moves to %v and %v", g, f, at)
			}
		}
	}
	if far > len(sc.Children)/10 {
		t.Errorf("%d of %d moves over 20 miles from the home", far, len(sc.Children))
	}
	if groups == 0 {
		t.Error("no sibling groups to check")
	}
	breaks, err := Generate(t.Context(), Options{Children: 50, Carers: 50, Seed: 5, Scheme: linkmatch.SchemeShortBreaks})
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range breaks.Children {
		if c.HasMove {
			t.Fatalf("short-breaks child %s has a move", c.ID)
		}
	}
}
