package main

import (
	"bytes"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/linkmatch/linkmatch/internal/goldentest"
	"github.com/linkmatch/linkmatch/internal/runout"
)

// TestDemoRunsEveryStage: the demo writes every output a run writes,
// links every child with a proven optimum, and the same run gives the same
// bytes (all but timings.json, which holds how long each stage took).
func TestDemoRunsEveryStage(t *testing.T) {
	dirs := []string{filepath.Join(t.TempDir(), "a"), filepath.Join(t.TempDir(), "b")}
	for _, dir := range dirs {
		code, stdout, stderr := runCapture(t, "demo", "--out", dir, "--quiet")
		if code != 0 {
			t.Fatalf("demo exit %d: %s", code, stderr)
		}
		if !strings.Contains(stdout, "proven optimal: true") {
			t.Errorf("stdout:\n%s", stdout)
		}
	}
	for _, name := range runout.Outputs() {
		a, err := os.ReadFile(filepath.Join(dirs[0], name))
		if err != nil {
			t.Errorf("%s: %v", name, err)
			continue
		}
		if name == "timings.json" {
			continue
		}
		b := readFile(t, filepath.Join(dirs[1], name))
		if !bytes.Equal(a, b) {
			t.Errorf("%s differs between two runs of the same input", name)
		}
		lines := len(bytes.Split(bytes.TrimSpace(a), []byte("\n")))
		switch {
		case name == "unmatched.csv" && lines != 1:
			t.Errorf("unmatched.csv lists %d children, want every child linked:\n%s", lines-1, a)
		case name != "unmatched.csv" && lines < 2:
			t.Errorf("%s has no rows", name)
		}
	}
}

// matchBothWays scores scenario dir into pairs.csv, then chooses links
// from the scenario ("match SCENARIO") into dir/a and from its pairs.csv
// ("match --pairs") into dir/b.
func matchBothWays(t *testing.T, scenario, dir string) {
	t.Helper()
	pairs := filepath.Join(dir, "pairs.csv")
	for _, args := range [][]string{
		{"score", scenario, "--out", pairs},
		{"match", scenario, "--out", filepath.Join(dir, "a", "matches.csv")},
		{"match", "--pairs", pairs, "--carers", filepath.Join(scenario, "carers.csv"), "--out", filepath.Join(dir, "b", "matches.csv")},
	} {
		if code, _, stderr := runCapture(t, append(args, "--quiet")...); code != 0 {
			t.Fatalf("%v: exit %d\n%s", args, code, stderr)
		}
	}
}

// TestMatchScenarioAgreesWithPairs: on a scenario without sibling groups
// (the demo with its groups taken out), "match SCENARIO" and "match
// --pairs" on the scenario's own pairs.csv choose the same links and leave
// the same children unlinked, byte for byte: the pairs file carries every
// score the solver needs, and both break ties by id.
func TestMatchScenarioAgreesWithPairs(t *testing.T) {
	scenario := filepath.Join(t.TempDir(), "scenario")
	extractDemo(t, scenario)
	children := filepath.Join(scenario, "children.csv")
	rows := readCSV(t, children)
	col := slices.Index(rows[0], "sibling_group")
	if col < 0 {
		t.Fatal("the demo's children.csv has no sibling_group column")
	}
	groups := 0
	for _, r := range rows[1:] {
		if r[col] != "" {
			groups++
		}
		r[col] = ""
	}
	if groups == 0 {
		t.Fatal("the demo has no siblings: the test below would not show groups taken out")
	}
	writeCSV(t, children, rows)

	dir := t.TempDir()
	matchBothWays(t, scenario, dir)
	for _, name := range []string{"matches.csv", "unmatched.csv"} {
		a, b := readFile(t, filepath.Join(dir, "a", name)), readFile(t, filepath.Join(dir, "b", name))
		if d := goldentest.Diff(a, b); d != "" {
			t.Errorf("%s from the scenario (want) and from its pairs.csv (got) differ:\n%s", name, d)
		}
	}
}

// TestMatchPairsIgnoresSiblingGroups: pairs.csv carries no sibling groups,
// so on the demo (two groups) "match --pairs" may split siblings that
// "match SCENARIO" keeps together. The scenario links all 16 children;
// pairs.csv links 15, as without the groups each sibling takes a share of
// the carer's time (S2's only carer, K008, has time for one more).
func TestMatchPairsIgnoresSiblingGroups(t *testing.T) {
	dir := t.TempDir()
	matchBothWays(t, demoDir, dir)
	for name, sub := range map[string]string{"scenario": "a", "pairs": "b"} {
		data := readFile(t, filepath.Join(dir, sub, "matches.csv"))
		if got, want := strings.Count(string(data), "\n"), map[string]int{"a": 17, "b": 16}[sub]; got != want {
			t.Errorf("%s match wrote %d lines, want a header and %d links:\n%s", name, got, want-1, data)
		}
		groups := strings.Count(string(data), ",S1,") + strings.Count(string(data), ",S2,")
		if want := map[string]int{"a": 4, "b": 0}[sub]; groups != want {
			t.Errorf("%s match wrote %d links in a sibling group, want %d:\n%s", name, groups, want, data)
		}
	}
}

func TestRunNeedsOut(t *testing.T) {
	code, _, _ := runCapture(t, "run", demoDir)
	if code != 2 {
		t.Errorf("exit %d, want 2", code)
	}
}

// TestMatchExplainsUnlinkedAsRun: "match SCENARIO" alone says why a child
// has no eligible carer as "run" does — which rules exclude how many
// carers and what would help most — not a bare "No eligible carer". The
// demo with C001's home moved far from every carer (to Newcastle).
func TestMatchExplainsUnlinkedAsRun(t *testing.T) {
	scenario := filepath.Join(t.TempDir(), "scenario")
	extractDemo(t, scenario)
	children := filepath.Join(scenario, "children.csv")
	rows := readCSV(t, children)
	lat, lon := slices.Index(rows[0], "lat"), slices.Index(rows[0], "lon")
	mlat, mlon := slices.Index(rows[0], "move_lat"), slices.Index(rows[0], "move_lon")
	for _, r := range rows[1:] {
		if r[0] == "C001" {
			r[lat], r[lon], r[mlat], r[mlon] = "54.9783", "-1.6178", "", ""
		}
	}
	writeCSV(t, children, rows)
	dir := t.TempDir()
	for _, args := range [][]string{
		{"run", scenario, "--out", filepath.Join(dir, "run")},
		{"match", scenario, "--out", filepath.Join(dir, "match", "matches.csv")},
	} {
		if code, _, stderr := runCapture(t, append(args, "--quiet")...); code != 0 {
			t.Fatalf("%v: exit %d\n%s", args, code, stderr)
		}
	}
	want, got := readFile(t, filepath.Join(dir, "run", "unmatched.csv")), readFile(t, filepath.Join(dir, "match", "unmatched.csv"))
	if !bytes.Contains(want, []byte("C001,\"No eligible carer among")) || !bytes.Contains(want, []byte("excluded by distance")) {
		t.Fatalf("run's unmatched.csv does not diagnose C001:\n%s", want)
	}
	if d := goldentest.Diff(want, got); d != "" {
		t.Errorf("unmatched.csv from match (got) differs from run's (want):\n%s", d)
	}
}
