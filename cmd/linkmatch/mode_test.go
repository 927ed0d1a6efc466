package main

import (
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// withMode is the demo with scenario.toml's [match] mode set.
func withMode(t *testing.T, mode string) string {
	t.Helper()
	dir := planScenario(t, "child_id,carer_id\n")
	toml := filepath.Join(dir, "scenario.toml")
	writeFile(t, toml, strings.Replace(string(readFile(t, toml)), "[match]\n", "[match]\nmode = \""+mode+"\"\n", 1))
	return dir
}

// modesIn returns the mode column of a matches.csv.
func modesIn(t *testing.T, path string) map[string]bool {
	t.Helper()
	rows := readCSV(t, path)
	col := -1
	for i, name := range rows[0] {
		if name == "mode" {
			col = i
		}
	}
	if col < 0 || len(rows) < 2 {
		t.Fatalf("%s has no mode column or no links: %v", path, rows)
	}
	out := map[string]bool{}
	for _, r := range rows[1:] {
		out[r[col]] = true
	}
	return out
}

// TestMatchModeFromScenario: scenario.toml's [match] mode chooses how
// "match" and "run" link, unless --mode says otherwise; a run in a mode
// other than optimal writes no certificate and says which mode it used.
func TestMatchModeFromScenario(t *testing.T) {
	dir := withMode(t, "stable")
	out := filepath.Join(t.TempDir(), "m")

	if code, _, stderr := runCapture(t, "match", dir, "--out", filepath.Join(out, "matches.csv"), "--quiet"); code != 0 {
		t.Fatalf("match: exit %d: %s", code, stderr)
	}
	if got := modesIn(t, filepath.Join(out, "matches.csv")); !got["stable"] || len(got) != 1 {
		t.Errorf("match chose %v links, want stable (the scenario's mode)", got)
	}

	if code, _, stderr := runCapture(t, "match", dir, "--mode", "greedy", "--out", filepath.Join(out, "greedy.csv"), "--unmatched", filepath.Join(out, "u.csv"), "--quiet"); code != 0 {
		t.Fatalf("match --mode greedy: exit %d: %s", code, stderr)
	}
	if got := modesIn(t, filepath.Join(out, "greedy.csv")); !got["greedy"] || len(got) != 1 {
		t.Errorf("match --mode greedy chose %v links", got)
	}

	code, _, stderr := runCapture(t, "match", dir, "--certificate", filepath.Join(out, "cert.csv"), "--out", filepath.Join(out, "c.csv"), "--quiet")
	if code != exitInvalid || !strings.Contains(stderr, "give --mode optimal") {
		t.Errorf("match --certificate with a stable scenario: exit %d, %s", code, stderr)
	}

	run := filepath.Join(t.TempDir(), "run")
	code, stdout, stderr := runCapture(t, "run", dir, "--out", run, "--quiet")
	if code != 0 {
		t.Fatalf("run: exit %d: %s", code, stderr)
	}
	if got := modesIn(t, filepath.Join(run, "matches.csv")); !got["stable"] || len(got) != 1 {
		t.Errorf("run chose %v links, want stable", got)
	}
	if _, err := os.Stat(filepath.Join(run, "certificate.csv")); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("a stable run wrote certificate.csv (%v)", err)
	}
	var rec struct {
		Totals map[string]string `json:"totals"`
	}
	if err := json.Unmarshal(readFile(t, filepath.Join(run, "run.json")), &rec); err != nil {
		t.Fatal(err)
	}
	if rec.Totals["mode"] != "stable" || !strings.Contains(stdout, "stable links") {
		t.Errorf("run.json totals %v, stdout %q: want the stable mode named", rec.Totals, stdout)
	}
}

// TestGuardedIDsRoundTrip: ids that a spreadsheet would take for a
// formula ("=C001", "@K001") are written guarded, and every command reads
// back what the others wrote: plan takes match's matches.csv, cost takes
// plan's timeline.csv.
func TestGuardedIDsRoundTrip(t *testing.T) {
	dir := planScenario(t, "child_id,carer_id\n")
	for _, f := range []string{"children.csv", "carers.csv"} {
		path := filepath.Join(dir, f)
		body := strings.ReplaceAll(string(readFile(t, path)), "K023", "@K023") // the siblings' carer
		body = strings.ReplaceAll(body, "\nC002,", "\n=C002,")
		body = strings.ReplaceAll(body, "\nC003,", "\n-C003,")
		writeFile(t, path, body)
	}
	out := t.TempDir()
	matches, timeline := filepath.Join(out, "matches.csv"), filepath.Join(out, "timeline.csv")
	if code, _, stderr := runCapture(t, "match", dir, "--out", matches, "--quiet"); code != 0 {
		t.Fatalf("match: exit %d: %s", code, stderr)
	}
	written := string(readFile(t, matches))
	if !strings.Contains(written, "\n'=C002,'@K023,") || !strings.Contains(written, "\n'-C003,'@K023,") {
		t.Fatalf("matches.csv does not guard the ids (or links them otherwise):\n%s", written)
	}
	if code, _, stderr := runCapture(t, "plan", dir, "--matches", matches, "--out", timeline, "--quiet"); code != 0 {
		t.Fatalf("plan of match's matches.csv: exit %d: %s", code, stderr)
	}
	if !strings.Contains(string(readFile(t, timeline)), ",'=C002,'@K023,") {
		t.Errorf("timeline.csv does not name the guarded ids")
	}
	code, _, stderr := runCapture(t, "cost", dir, "--timeline", timeline, "--from", "2027-01-04", "--to", "2027-03-31",
		"--out", filepath.Join(out, "costs.csv"), "--quiet")
	if code != 0 {
		t.Fatalf("cost of plan's timeline.csv: exit %d: %s", code, stderr)
	}
}

// TestShortBreaksRunHonoursMode: a Family Link run chooses its links in
// scenario.toml's [match] mode too, and says so in run.json.
func TestShortBreaksRunHonoursMode(t *testing.T) {
	src := "../../scenarios/bnes-family-link"
	dir := t.TempDir()
	entries, err := os.ReadDir(src)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		body := string(readFile(t, filepath.Join(src, e.Name())))
		if e.Name() == "scenario.toml" {
			body = strings.Replace(body, "[match]\n", "[match]\nmode = \"greedy\"\n", 1)
		}
		writeFile(t, filepath.Join(dir, e.Name()), body)
	}
	out := filepath.Join(t.TempDir(), "run")
	code, stdout, stderr := runCapture(t, "run", dir, "--out", out, "--quiet")
	if code != 0 {
		t.Fatalf("run: exit %d: %s", code, stderr)
	}
	var rec struct {
		Totals map[string]string `json:"totals"`
	}
	if err := json.Unmarshal(readFile(t, filepath.Join(out, "run.json")), &rec); err != nil {
		t.Fatal(err)
	}
	if rec.Totals["mode"] != "greedy" || !strings.Contains(stdout, "greedy links") {
		t.Errorf("run.json totals %v, stdout %q: want the greedy mode named", rec.Totals, stdout)
	}
}
