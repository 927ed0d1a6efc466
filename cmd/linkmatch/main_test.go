package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

const (
	demoDir   = "../../scenarios/somerset-stepdown"
	brokenDir = "../../scenarios/testdata/broken"
)

// runCapture runs the CLI as main does, against buffers.
func runCapture(t *testing.T, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	var out, errb bytes.Buffer
	err := run(context.Background(), args, strings.NewReader(""), &out, &errb)
	return exitCode(err), out.String(), errb.String()
}

func TestRun(t *testing.T) {
	tests := []struct {
		name       string
		args       []string
		code       int
		stdoutHas  []string
		stderrHas  []string
		stdoutNot  []string
		emptyStdio bool
	}{
		{name: "help", args: []string{"help"}, code: 0, stdoutHas: []string{"validate", "Usage: linkmatch COMMAND", `scheme = "short_breaks"`}},
		{name: "--help", args: []string{"--help"}, code: 0, stdoutHas: []string{"step-down", "Family Link short breaks"}},
		{name: "help validate", args: []string{"help", "validate"}, code: 0, stdoutHas: []string{"Usage: linkmatch validate SCENARIO", "Exit status"}},
		{name: "validate --help", args: []string{"validate", "--help"}, code: 0, stdoutHas: []string{"Every problem is listed at once"}},
		// cost --help says how stays are paid as the code pays them
		// (cost.priceSession): [payments] stay_days pays a stay its
		// nights and days in care, not a full day plus a half day.
		{name: "cost --help", args: []string{"cost", "--help"}, code: 0,
			stdoutHas: []string{"stay_days = true a stay", "quantity the nights", `overnight =
"day_and_half"`}, stdoutNot: []string{"day and a half (paid as a full day plus a half day)"}},
		{name: "generate --help", args: []string{"generate", "--help"}, code: 0,
			stdoutHas: []string{"England's 153 upper-tier authorities as\noutlined in linkmatch"}},
		{name: "no command", args: nil, code: 2},
		{name: "unknown command", args: []string{"frobnicate"}, code: 2, stderrHas: []string{`unknown command "frobnicate"`}},
		{name: "validate demo", args: []string{"validate", demoDir}, code: 0,
			stdoutHas: []string{"Somerset step-down demo: valid", "children:          16", "carers:            26", "sibling groups:    2", "warnings:          0"}},
		{name: "validate demo toml", args: []string{"validate", filepath.Join(demoDir, "scenario.toml")}, code: 0, stdoutHas: []string{": valid"}},
		{name: "validate broken", args: []string{"validate", filepath.Join(brokenDir, "born_in_future")}, code: 2,
			stdoutHas: []string{"children.csv:4:4 (date_of_birth)"}, stderrHas: []string{"is not valid: 1 problem to fix"}, stdoutNot: []string{": valid"}},
		{name: "validate without scenario", args: []string{"validate"}, code: 2, stderrHas: []string{"exactly one SCENARIO"}},
		{name: "validate two scenarios", args: []string{"validate", demoDir, demoDir}, code: 2},
		{name: "validate missing folder", args: []string{"validate", "no/such/folder"}, code: 2, stdoutHas: []string{"no/such/folder: there is no folder or file of this name"}},
		{name: "bad log format", args: []string{"validate", demoDir, "--log-format", "xml"}, code: 2},
		{name: "not built", args: []string{"compare", "run-a", "run-b"}, code: 1, stderrHas: []string{"nothing was written"}},
		{name: "report without outputs", args: []string{"report", demoDir}, code: 2, stderrHas: []string{"give --out report.html"}},
		{name: "report of no folder", args: []string{"report", "no/such/run", "--out", "r.html"}, code: 2, stderrHas: []string{"is not a folder"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, stdout, stderr := runCapture(t, tt.args...)
			if code != tt.code {
				t.Errorf("exit %d, want %d\nstdout:\n%s\nstderr:\n%s", code, tt.code, stdout, stderr)
			}
			for _, s := range tt.stdoutHas {
				if !strings.Contains(stdout, s) {
					t.Errorf("stdout lacks %q:\n%s", s, stdout)
				}
			}
			for _, s := range tt.stdoutNot {
				if strings.Contains(stdout, s) {
					t.Errorf("stdout has %q:\n%s", s, stdout)
				}
			}
			for _, s := range tt.stderrHas {
				if !strings.Contains(stderr, s) {
					t.Errorf("stderr lacks %q:\n%s", s, stderr)
				}
			}
		})
	}
}

// TestValidateBrokenCorpus: every broken scenario exits 2 and nothing is
// written, neither into the scenario nor into the working folder; run
// refuses each of them too, with nothing written.
func TestValidateBrokenCorpus(t *testing.T) {
	entries, err := os.ReadDir(brokenDir)
	if err != nil {
		t.Fatal(err)
	}
	if len(entries) < 30 {
		t.Fatalf("only %d broken cases", len(entries))
	}
	cwdBefore := listDir(t, ".")
	for _, e := range entries {
		t.Run(e.Name(), func(t *testing.T) {
			dir := filepath.Join(brokenDir, e.Name())
			before := listDir(t, dir)
			code, stdout, _ := runCapture(t, "validate", dir)
			if code != 2 {
				t.Errorf("exit %d, want 2", code)
			}
			if !strings.Contains(stdout, dir) {
				t.Errorf("problems do not name the file:\n%s", stdout)
			}
			if after := listDir(t, dir); !slices.Equal(before, after) {
				t.Errorf("files changed: %v → %v", before, after)
			}
			// run refuses what validate refuses, before writing anything.
			out := filepath.Join(t.TempDir(), "run")
			if code, _, stderr := runCapture(t, "run", dir, "--out", out); code != 2 || !strings.Contains(stderr, dir) {
				t.Errorf("run: exit %d, want 2 naming the file:\n%s", code, stderr)
			}
			if _, err := os.Stat(out); !errors.Is(err, os.ErrNotExist) {
				t.Errorf("run wrote %s for an invalid scenario", out)
			}
		})
	}
	if after := listDir(t, "."); !slices.Equal(cwdBefore, after) {
		t.Errorf("working folder changed: %v → %v", cwdBefore, after)
	}
}

func listDir(t *testing.T, dir string) []string {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, e := range entries {
		out = append(out, e.Name())
	}
	return out
}

func TestJSONLogs(t *testing.T) {
	code, _, stderr := runCapture(t, "validate", demoDir, "--log-format", "json")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	lines := 0
	sc := bufio.NewScanner(strings.NewReader(stderr))
	for sc.Scan() {
		var ev map[string]any
		if err := json.Unmarshal(sc.Bytes(), &ev); err != nil {
			t.Fatalf("log line is not JSON: %q: %v", sc.Text(), err)
		}
		if ev["level"] == nil || ev["message"] == nil {
			t.Errorf("log line lacks level or message: %q", sc.Text())
		}
		lines++
	}
	if lines == 0 {
		t.Error("no log lines")
	}
}

// TestLogsNeverHoldDatesOfBirth (PRODUCT.md, data protection): whatever
// happens, no date of birth from children.csv reaches the log.
func TestLogsNeverHoldDatesOfBirth(t *testing.T) {
	scenarios := []string{demoDir}
	for _, c := range []string{"born_in_future", "impossible_date", "aged_eighteen", "malformed_date", "unknown_need"} {
		scenarios = append(scenarios, filepath.Join(brokenDir, c))
	}
	for _, dir := range scenarios {
		dobs := datesOfBirth(t, filepath.Join(dir, "children.csv"))
		for _, format := range []string{"json", "console"} {
			t.Run(filepath.Base(dir)+"/"+format, func(t *testing.T) {
				_, _, stderr := runCapture(t, "validate", dir, "--log-format", format, "--verbose")
				for _, d := range dobs {
					if strings.Contains(stderr, d) {
						t.Errorf("the log holds the date of birth %s:\n%s", d, stderr)
					}
				}
			})
		}
	}
}

func datesOfBirth(t *testing.T, path string) []string {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSpace(string(data)), "\n")
	col := slices.Index(strings.Split(lines[0], ","), "date_of_birth")
	if col < 0 {
		t.Fatalf("%s has no date_of_birth", path)
	}
	var out []string
	for _, l := range lines[1:] {
		if f := strings.Split(l, ","); col < len(f) && f[col] != "" {
			out = append(out, f[col])
		}
	}
	return out
}

// readFile returns a file's contents, failing the test when it cannot be
// read.
func readFile(t testing.TB, path string) []byte {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return data
}

// writeFile writes a test input, failing the test when it cannot.
func writeFile(t testing.TB, path, body string) {
	t.Helper()
	if err := os.WriteFile(path, []byte(body), 0o644); err != nil {
		t.Fatal(err)
	}
}

// TestEveryCommandHasHelp checks that each command's manual (help/NAME.txt)
// is embedded and is what its --help prints.
func TestEveryCommandHasHelp(t *testing.T) {
	for _, c := range commands() {
		t.Run(c.Name, func(t *testing.T) {
			if strings.TrimSpace(c.Help) == "" {
				t.Fatalf("help/%s.txt is missing or empty", c.Name)
			}
			code, out, _ := runCapture(t, c.Name, "--help")
			if code != exitOK || !strings.Contains(out, strings.TrimSpace(c.Help)) {
				t.Errorf("%s --help (exit %d) does not print help/%s.txt:\n%s", c.Name, code, c.Name, out)
			}
		})
	}
}

// TestMatchCompareOnStdout: what --compare finds is a result for a
// person, printed on standard output even with --quiet (tryout 14), and
// logged instead when standard output holds matches.csv.
func TestMatchCompareOnStdout(t *testing.T) {
	dir := t.TempDir()
	code, out, _ := runCapture(t, "match", demoDir, "--out", filepath.Join(dir, "matches.csv"), "--compare", "--quiet")
	if code != exitOK || !strings.Contains(out, "optimal links") || !strings.Contains(out, "than greedy") || !strings.Contains(out, "than stable") {
		t.Errorf("exit %d, stdout %q: want both comparisons", code, out)
	}
	code, out, errs := runCapture(t, "match", demoDir, "--out", "-", "--unmatched", filepath.Join(dir, "u.csv"), "--compare")
	if code != exitOK || strings.Contains(out, "than greedy") || !strings.Contains(errs, "than greedy") {
		t.Errorf("with --out -: exit %d; the comparison must be logged, not mixed into the CSV:\n%s", code, out)
	}
}
