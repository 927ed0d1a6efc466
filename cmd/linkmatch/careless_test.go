package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestRunIntoScenarioFolder: "run S --out S", however S is spelt, is
// refused (exit 2) before any work, saying what to give instead, and the
// scenario's folder is left exactly as it was; a folder inside it is fine.
func TestRunIntoScenarioFolder(t *testing.T) {
	sc := demoScenario(t)
	before := snapshot(t, sc)
	for _, out := range []string{sc, sc + "/", filepath.Join(sc, ".")} {
		code, _, stderr := runCapture(t, "run", sc, "--out", out, "--quiet")
		if code != 2 || !strings.Contains(stderr, "is the scenario's own folder") || !strings.Contains(stderr, filepath.Join(out, "run")) {
			t.Errorf("run --out %s: exit %d: %s", out, code, stderr)
		}
	}
	code, _, stderr := runCapture(t, "run", filepath.Join(sc, "scenario.toml"), "--out", sc, "--quiet")
	if code != 2 {
		t.Errorf("run S/scenario.toml --out S: exit %d: %s", code, stderr)
	}
	after := snapshot(t, sc)
	if len(after) != len(before) {
		t.Errorf("the scenario's folder changed: %d files, was %d", len(after), len(before))
	}
	for name, data := range before {
		if after[name] != data {
			t.Errorf("%s changed", name)
		}
	}
}

// TestCarelessFlags: --max-input-mb says "0 or more" in its help and its
// refusal; generate's refusals carry the command's prefix once.
func TestCarelessFlags(t *testing.T) {
	sc := demoScenario(t)
	for _, mb := range []string{"-1", "99999999999"} {
		code, _, stderr := runCapture(t, "validate", sc, "--max-input-mb", mb, "--quiet")
		if code != 2 || !strings.Contains(stderr, "linkmatch validate: --max-input-mb must be 0 or more") {
			t.Errorf("--max-input-mb %s: exit %d: %s", mb, code, stderr)
		}
	}
	if code, stdout, stderr := runCapture(t, "validate", "--help"); !strings.Contains(stdout+stderr, "0 or more") {
		t.Errorf("validate --help (exit %d) does not say 0 or more:\n%s%s", code, stdout, stderr)
	}
	code, _, stderr := runCapture(t, "generate", "--children", "100000000", "--out", filepath.Join(t.TempDir(), "g"), "--quiet")
	if code != 2 || !strings.HasPrefix(stderr, "linkmatch generate: ") || strings.Count(stderr, "generate:") != 1 {
		t.Errorf("generate with impossible options: exit %d: %q", code, stderr)
	}
}

// TestGenerateCentroidsWithoutAuthority: generate --centroids with a file
// that gives no authority (no utla_name column) and no --boundaries to find
// one is refused with exit 2 at the file's header, saying what to add, and
// writes nothing; it was accepted, and every person generated had no
// authority.
func TestGenerateCentroidsWithoutAuthority(t *testing.T) {
	dir := t.TempDir()
	centroids := filepath.Join(dir, "centroids.csv")
	writeCSV(t, centroids, [][]string{{"lat", "lon"}, {"51.0", "-3.1"}, {"51.1", "-2.9"}})
	out := filepath.Join(dir, "g")
	code, _, stderr := runCapture(t, "generate", "--children", "5", "--carers", "10", "--seed", "1", "--centroids", centroids, "--out", out, "--quiet")
	if code != exitInvalid || !strings.Contains(stderr, centroids+":1 (utla_name)") || !strings.Contains(stderr, "add a column headed utla_name") {
		t.Errorf("exit %d: %s", code, stderr)
	}
	if _, err := os.Stat(out); !os.IsNotExist(err) {
		t.Errorf("%s was written: %v", out, err)
	}
}
