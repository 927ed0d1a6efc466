package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestAuthoritiesDemoBoundaries(t *testing.T) {
	dir := t.TempDir()
	out := filepath.Join(dir, "auth.csv")
	code, _, stderr := runCapture(t, "authorities", "--boundaries", filepath.Join(demoDir, "authorities.geojson"), "--out", out)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	data, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	want := "Somerset,"
	found := false
	for _, line := range strings.Split(string(data), "\n") {
		if strings.HasPrefix(line, want) {
			found = true
			if !strings.HasSuffix(line, "Bath and North East Somerset;Devon;Dorset;North Somerset;Wiltshire") {
				t.Errorf("Somerset's neighbours: %s", line)
			}
		}
	}
	if !found {
		t.Errorf("no Somerset row in\n%s", data)
	}
}

func TestAuthoritiesPoints(t *testing.T) {
	dir := t.TempDir()
	pts := filepath.Join(dir, "points.csv")
	writeFile(t, pts, "id,lat,lon\nTAUNTON,51.0150,-3.1030\nSEA,50.2,-3.0\nPARIS,48.8566,2.3522\n")
	out := filepath.Join(dir, "located.csv")
	code, _, stderr := runCapture(t, "authorities", "--boundaries", filepath.Join(demoDir, "authorities.geojson"), "--points", pts, "--out", out)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	// A point beyond the boundaries' extent, abroad, is a warning, and
	// lies in no authority: the rest of the file is still located.
	if !strings.Contains(stderr, "line=4") || !strings.Contains(stderr, "outside the United Kingdom") || strings.Contains(stderr, "48.8566") {
		t.Errorf("no warning for the point in Paris:\n%s", stderr)
	}
	if !strings.Contains(string(readFile(t, out)), "PARIS,48.856600,2.352200,,\n") {
		t.Errorf("the point in Paris must have no authority:\n%s", readFile(t, out))
	}
	data := readFile(t, out)
	want := "id,lat,lon,authority,code\nTAUNTON,51.015000,-3.103000,Somerset,"
	if !strings.HasPrefix(string(data), want) {
		t.Errorf("got\n%s", data)
	}
	if !strings.Contains(string(data), "SEA,50.200000,-3.000000,,\n") {
		t.Errorf("a point in the sea must have no authority:\n%s", data)
	}
}

func TestAuthoritiesBadInput(t *testing.T) {
	dir := t.TempDir()
	notJSON := filepath.Join(dir, "b.geojson")
	writeFile(t, notJSON, "name,geometry\n")
	swapped := filepath.Join(dir, "p.csv")
	writeFile(t, swapped, "id,lat,lon\nP1,-3.1,51.0\n")
	good := filepath.Join(demoDir, "authorities.geojson")
	tests := []struct {
		name string
		args []string
		has  string
	}{
		{"not geojson", []string{"--boundaries", notJSON}, "b.geojson"},
		{"swapped lat lon", []string{"--boundaries", good, "--points", swapped}, "p.csv:2:4 (lat)"},
		{"missing boundaries", []string{}, "--boundaries and --out are required"},
		{"missing file", []string{"--boundaries", filepath.Join(dir, "none.geojson")}, "none.geojson"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			out := filepath.Join(dir, tt.name+".csv")
			args := append([]string{"authorities", "--out", out}, tt.args...)
			code, _, stderr := runCapture(t, args...)
			if code != 2 {
				t.Errorf("exit %d, want 2", code)
			}
			if !strings.Contains(stderr, tt.has) {
				t.Errorf("stderr lacks %q:\n%s", tt.has, stderr)
			}
			if _, err := os.Stat(out); err == nil {
				t.Error("an output file was written for bad input")
			}
		})
	}
}

func TestAuthoritiesEngland(t *testing.T) {
	path := filepath.Join("..", "..", "..", "shared", "data", "england_ctyua_2023_bsc.geojson")
	if _, err := os.Stat(path); err != nil {
		t.Skipf("ONS boundary data not found at %s (../shared/data beside the repository): %v", path, err)
	}
	out := filepath.Join(t.TempDir(), "auth.csv")
	code, _, stderr := runCapture(t, "authorities", "--boundaries", path, "--out", out)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	data := readFile(t, out)
	if n := strings.Count(string(data), "\n"); n != 154 {
		t.Errorf("%d lines, want a header and 153 authorities", n)
	}
	if !strings.Contains(string(data), "\nSomerset,E06000066,Bath and North East Somerset;Devon;Dorset;North Somerset;Wiltshire\n") {
		t.Error("Somerset's neighbours are wrong")
	}
}
