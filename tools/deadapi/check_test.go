package main

import (
	"slices"
	"testing"
)

// TestCheckFixture: on a small module with one identifier of each kind,
// check lists exactly the unused and the package-internal ones.
func TestCheckFixture(t *testing.T) {
	pkgs, err := load("testdata/mod")
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, f := range check(pkgs) {
		got = append(got, f.Verdict+" "+f.Name)
	}
	want := []string{
		"unused lib.Dead",         // only its test calls it
		"unused lib.ErrDead",      // nothing uses it
		"internal lib.Helper",     // only lib calls it
		"unused lib.Result.Twice", // a method nothing calls
	}
	slices.Sort(got)
	slices.Sort(want)
	if !slices.Equal(got, want) {
		t.Errorf("findings:\n got %q\nwant %q", got, want)
	}
}

// TestModuleHasNoDeadAPI: no exported identifier of linkmatch is unused
// outside tests (issue 10). Run "go run ./tools/deadapi" for the list.
func TestModuleHasNoDeadAPI(t *testing.T) {
	if testing.Short() {
		t.Skip("loads the whole module")
	}
	pkgs, err := load("../..")
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range check(pkgs) {
		if f.Verdict == Unused {
			t.Errorf("%s is exported but unused outside tests: delete it, or move it into the tests (%s:%d)", f.Name, f.Pos.Filename, f.Pos.Line)
		}
	}
}
