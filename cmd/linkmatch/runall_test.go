package main

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"testing"
)

// TestRunAllPairs: by default a run writes the shortlist and no pairs.csv
// (and run.json does not list it); --all-pairs adds pairs.csv, the same
// bytes "linkmatch score" writes, and changes no other output; a later run
// without it removes the earlier pairs.csv; and the report of a folder
// without pairs.csv is the run's own.
func TestRunAllPairs(t *testing.T) {
	sc := demoScenario(t)
	plain, all := filepath.Join(t.TempDir(), "plain"), filepath.Join(t.TempDir(), "all")
	if code, _, stderr := runCapture(t, "run", sc, "--out", plain, "--quiet"); code != 0 {
		t.Fatalf("run: exit %d: %s", code, stderr)
	}
	if code, _, stderr := runCapture(t, "run", sc, "--out", all, "--all-pairs", "--quiet"); code != 0 {
		t.Fatalf("run --all-pairs: exit %d: %s", code, stderr)
	}
	if _, err := os.Stat(filepath.Join(plain, "pairs.csv")); err == nil {
		t.Error("a run without --all-pairs wrote pairs.csv")
	}
	if !outputsOf(t, plain, "shortlist.csv") || outputsOf(t, plain, "pairs.csv") {
		t.Error("run.json of a run without --all-pairs should list shortlist.csv and not pairs.csv")
	}
	if !outputsOf(t, all, "pairs.csv") {
		t.Error("run.json of a run with --all-pairs does not list pairs.csv")
	}
	scored := filepath.Join(t.TempDir(), "pairs.csv")
	if code, _, stderr := runCapture(t, "score", sc, "--out", scored, "--quiet"); code != 0 {
		t.Fatalf("score: exit %d: %s", code, stderr)
	}
	if !bytes.Equal(readFile(t, filepath.Join(all, "pairs.csv")), readFile(t, scored)) {
		t.Error("run --all-pairs wrote a pairs.csv other than score's")
	}
	for _, name := range []string{"shortlist.csv", "matches.csv", "unmatched.csv", "certificate.csv", "timeline.csv", "timeline.ics", "costs.csv", "cost-summary.csv", "carer_statements.csv", "report.html"} {
		if !bytes.Equal(readFile(t, filepath.Join(plain, name)), readFile(t, filepath.Join(all, name))) {
			t.Errorf("%s differs with --all-pairs", name)
		}
	}

	if code, _, stderr := runCapture(t, "run", sc, "--out", all, "--quiet"); code != 0 {
		t.Fatalf("second run: exit %d: %s", code, stderr)
	}
	if _, err := os.Stat(filepath.Join(all, "pairs.csv")); err == nil {
		t.Error("the earlier run's pairs.csv is still there after a run without --all-pairs")
	}

	html := filepath.Join(t.TempDir(), "report.html")
	if code, _, stderr := runCapture(t, "report", plain, "--out", html, "--quiet"); code != 0 {
		t.Fatalf("report: exit %d: %s", code, stderr)
	}
	if !bytes.Equal(readFile(t, html), readFile(t, filepath.Join(plain, "report.html"))) {
		t.Error("report of a run folder without pairs.csv differs from the run's own report.html")
	}
}

// outputsOf reports whether run.json in dir lists name among its outputs.
func outputsOf(t *testing.T, dir, name string) bool {
	t.Helper()
	var rec struct {
		Outputs []string `json:"outputs"`
	}
	if err := json.Unmarshal(readFile(t, filepath.Join(dir, "run.json")), &rec); err != nil {
		t.Fatal(err)
	}
	return slices.Contains(rec.Outputs, name)
}

// TestRunReportIsReportOfFolder: the report a run makes from what it has
// in memory (its scoring, its plan's sessions, its costs) is the report
// "linkmatch report" makes from the run's folder, scoring the scenario
// again and reading timeline.csv back — on generated scenarios with sibling
// groups, children with no eligible carer and plan warnings.
func TestRunReportIsReportOfFolder(t *testing.T) {
	for _, seed := range []string{"2", "9"} {
		sc := filepath.Join(t.TempDir(), "scenario")
		if code, _, stderr := runCapture(t, "generate", "--children", "120", "--carers", "300", "--seed", seed, "--out", sc, "--quiet"); code != 0 {
			t.Fatalf("generate: exit %d: %s", code, stderr)
		}
		out := filepath.Join(t.TempDir(), "run")
		if code, _, stderr := runCapture(t, "run", sc, "--out", out, "--quiet"); code != 0 {
			t.Fatalf("seed %s: run: exit %d: %s", seed, code, stderr)
		}
		html := filepath.Join(t.TempDir(), "report.html")
		if code, _, stderr := runCapture(t, "report", out, "--out", html, "--quiet"); code != 0 {
			t.Fatalf("seed %s: report: exit %d: %s", seed, code, stderr)
		}
		if !bytes.Equal(readFile(t, html), readFile(t, filepath.Join(out, "report.html"))) {
			t.Errorf("seed %s: the run's report.html differs from the report of its folder", seed)
		}
	}
}
