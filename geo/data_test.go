package geo

import (
	"bytes"
	"encoding/csv"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"sync"
	"testing"
)

// sharedDataDir returns the project's reference data folder, ../shared/data
// relative to the module root (found by walking up to go.mod), or skips the
// test when it is absent. LINKMATCH_DATA overrides the location.
func sharedDataDir(tb testing.TB) string {
	tb.Helper()
	if d := os.Getenv("LINKMATCH_DATA"); d != "" {
		return d
	}
	dir, err := os.Getwd()
	if err != nil {
		tb.Fatal(err)
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			break
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			tb.Skip("reference data not found: no go.mod above the test directory")
		}
		dir = parent
	}
	d := filepath.Join(dir, "..", "shared", "data")
	if _, err := os.Stat(filepath.Join(d, "england_ctyua_2023_bsc.geojson")); err != nil {
		tb.Skipf("reference data not found at %s (set LINKMATCH_DATA to the folder holding england_ctyua_2023_bsc.geojson): %v", d, err)
	}
	return d
}

var (
	ctyuaOnce sync.Once
	ctyua     *Boundaries
	ctyuaErr  error
)

// loadCTYUA loads the 153 upper-tier authorities once per test binary.
func loadCTYUA(tb testing.TB) *Boundaries {
	tb.Helper()
	dir := sharedDataDir(tb)
	ctyuaOnce.Do(func() {
		data, err := os.ReadFile(filepath.Join(dir, "england_ctyua_2023_bsc.geojson"))
		if err != nil {
			ctyuaErr = err
			return
		}
		ctyua, ctyuaErr = LoadBoundaries(bytes.NewReader(data), LoadOptions{})
	})
	if ctyuaErr != nil {
		tb.Fatal(ctyuaErr)
	}
	return ctyua
}

type msoa struct {
	code, lad, utla string
	p               Point
	inLAD           bool
}

// loadMSOA reads england_msoa21_centroids.csv.
func loadMSOA(tb testing.TB) []msoa {
	tb.Helper()
	data, err := os.ReadFile(filepath.Join(sharedDataDir(tb), "england_msoa21_centroids.csv"))
	if err != nil {
		tb.Fatal(err)
	}
	r := csv.NewReader(bytes.NewReader(data))
	head, err := r.Read()
	if err != nil {
		tb.Fatal(err)
	}
	col := map[string]int{}
	for i, h := range head {
		col[h] = i
	}
	var out []msoa
	for {
		rec, err := r.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			tb.Fatal(err)
		}
		lat, err1 := strconv.ParseFloat(rec[col["lat"]], 64)
		lon, err2 := strconv.ParseFloat(rec[col["lon"]], 64)
		if err1 != nil || err2 != nil {
			tb.Fatalf("bad row %v", rec)
		}
		out = append(out, msoa{code: rec[col["msoa21_code"]], lad: rec[col["lad_name"]], utla: rec[col["utla_name"]],
			p: LatLon(lat, lon), inLAD: rec[col["in_lad_polygon"]] == "true"})
	}
	return out
}
