package scenarios

import (
	"os"
	"path/filepath"
	"reflect"
	"testing"
)

// TestBoundariesInTurn: loading the boundaries beside the other files
// (startBoundaries) gives the same scenario and the same problems, in the
// same order, as loading them after the other files, for every scenario
// under testdata (broken ones included) and one whose boundaries file is
// missing.
func TestBoundariesInTurn(t *testing.T) {
	var dirs []string
	for _, kind := range []string{"valid", "broken"} {
		entries, err := os.ReadDir(filepath.Join("testdata", kind))
		if err != nil {
			t.Fatal(err)
		}
		for _, e := range entries {
			if e.IsDir() {
				dirs = append(dirs, filepath.Join("testdata", kind, e.Name()))
			}
		}
	}
	missing := writeScenario(t, nil)
	toml, err := os.ReadFile(filepath.Join(missing, "scenario.toml"))
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(missing, "scenario.toml"), append([]byte("boundaries = \"none.geojson\"\n"), toml...), 0o644); err != nil {
		t.Fatal(err)
	}
	dirs = append(dirs, missing)
	if _, ps, _ := LoadWith(missing, LoadOptions{}); ps == nil || len(ps.List) == 0 {
		t.Fatalf("%s: no problem with a missing boundaries file", missing)
	}
	for _, dir := range dirs {
		s1, ps1, err1 := LoadWith(dir, LoadOptions{})
		s2, ps2, err2 := LoadWith(dir, LoadOptions{inTurn: true})
		if !reflect.DeepEqual(ps1, ps2) {
			t.Errorf("%s: problems beside:\n%v\nin turn:\n%v", dir, ps1, ps2)
		}
		if !reflect.DeepEqual(s1, s2) || (err1 == nil) != (err2 == nil) {
			t.Errorf("%s: the scenarios differ (errors %v and %v)", dir, err1, err2)
		}
	}
}
