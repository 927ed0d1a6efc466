//go:build unix

package main

import (
	"bufio"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"

	"github.com/linkmatch/linkmatch/internal/output"
	"github.com/linkmatch/linkmatch/scenarios"
)

// demoScenario unpacks the demo into a new folder and returns it.
func demoScenario(t *testing.T) string {
	t.Helper()
	dir := filepath.Join(t.TempDir(), "scenario")
	extractDemo(t, dir)
	return dir
}

// extractDemo writes the demo scenario's files into dir.
func extractDemo(t *testing.T, dir string) {
	t.Helper()
	var b output.Batch
	if _, err := scenarios.StageDemoNamed(&b, scenarios.DefaultDemo, dir); err != nil {
		t.Fatal(err)
	}
	if err := b.Commit(); err != nil {
		t.Fatal(err)
	}
}

// snapshot is every file under dir with its contents and mode, to show
// that a refused command changed nothing.
func snapshot(t *testing.T, dir string) map[string]string {
	t.Helper()
	out := map[string]string{}
	err := filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err != nil {
			return err
		}
		info, err := d.Info()
		if err != nil {
			return err
		}
		v := info.Mode().String()
		if info.Mode().IsRegular() {
			data, err := os.ReadFile(p)
			if err != nil {
				return err
			}
			v += " " + string(data)
		}
		out[p] = v
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func sameSnapshot(t *testing.T, before, after map[string]string) {
	t.Helper()
	for p, v := range before {
		if after[p] != v {
			t.Errorf("%s changed", p)
		}
	}
	for p := range after {
		if _, ok := before[p]; !ok {
			t.Errorf("%s was written", p)
		}
	}
}

// TestOutputsNeverDestroyInputs: every way of naming an input (or one
// output twice, or something that is not an ordinary file) as an output is
// refused with exit 2 before any work, and nothing at all is written.
func TestOutputsNeverDestroyInputs(t *testing.T) {
	sc := demoScenario(t)
	root := filepath.Dir(sc)
	// Inputs a user would have beside the scenario.
	code, _, stderr := runCapture(t, "match", sc, "--out", filepath.Join(root, "matches.csv"), "--quiet")
	if code != 0 {
		t.Fatalf("match: exit %d: %s", code, stderr)
	}
	code, _, stderr = runCapture(t, "plan", sc, "--matches", filepath.Join(root, "matches.csv"), "--out", filepath.Join(root, "timeline.csv"), "--quiet")
	if code != 0 {
		t.Fatalf("plan: exit %d: %s", code, stderr)
	}
	if err := os.Symlink(sc, filepath.Join(root, "alias")); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(filepath.Join(root, "elsewhere.csv"), filepath.Join(root, "link.csv")); err != nil {
		t.Fatal(err)
	}
	if err := syscall.Mkfifo(filepath.Join(root, "fifo.csv"), 0o644); err != nil {
		t.Fatal(err)
	}
	// The demo with pinned = "matches.csv": a run into the scenario's own
	// folder would overwrite the pinned links with its own choice.
	pinnedSc := filepath.Join(root, "pinned")
	extractDemo(t, pinnedSc)
	data := readFile(t, filepath.Join(root, "matches.csv"))
	if err := os.WriteFile(filepath.Join(pinnedSc, "matches.csv"), data, 0o644); err != nil {
		t.Fatal(err)
	}
	toml := filepath.Join(pinnedSc, "scenario.toml")
	text := readFile(t, toml)
	if err := os.WriteFile(toml, []byte("pinned = \"matches.csv\"\n"+string(text)), 0o644); err != nil {
		t.Fatal(err)
	}
	m := filepath.Join(root, "matches.csv")
	tl := filepath.Join(root, "timeline.csv")
	// A folder holding a user's own costs.csv, with no run.json.
	mine := filepath.Join(root, "mine")
	if err := os.MkdirAll(mine, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(mine, "costs.csv"), []byte("my budget\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name string
		args []string
		says string
	}{
		{"score into the scenario's children.csv", []string{"score", sc, "--out", filepath.Join(sc, "children.csv")}, "also an input"},
		{"score into children.csv through a linked folder", []string{"score", sc, "--out", filepath.Join(root, "alias", "children.csv")}, "also an input"},
		{"score into scenario.toml", []string{"score", sc, "--out", filepath.Join(sc, "scenario.toml")}, "also an input"},
		{"shortlist into carers.csv", []string{"shortlist", sc, "--out", filepath.Join(sc, "carers.csv")}, "also an input"},
		{"plan over its matches", []string{"plan", sc, "--matches", m, "--out", m}, "also an input"},
		{"plan's calendar over its matches", []string{"plan", sc, "--matches", m, "--out", tl, "--ics", m}, "also an input"},
		{"cost over its timeline", []string{"cost", sc, "--timeline", tl, "--from", "2027-01-04", "--to", "2027-12-31", "--out", tl}, "also an input"},
		{"cost summary over rates.csv", []string{"cost", sc, "--timeline", tl, "--from", "2027-01-04", "--to", "2027-12-31",
			"--out", filepath.Join(root, "costs.csv"), "--summary", filepath.Join(sc, "rates.csv")}, "also an input"},
		{"run into the scenario with pinned = matches.csv", []string{"run", pinnedSc, "--out", pinnedSc}, "scenario's own folder"}, // refused before its pinned file is looked at
		{"match over its pairs", []string{"match", "--pairs", filepath.Join(root, "p.csv"), "--carers", filepath.Join(sc, "carers.csv"),
			"--out", filepath.Join(sc, "carers.csv")}, "also an input"},
		{"match with --out and --unmatched the same", []string{"match", sc, "--out", filepath.Join(root, "x.csv"), "--unmatched", filepath.Join(root, "x.csv")},
			"both --out and --unmatched"},
		{"match certificate over matches", []string{"match", sc, "--out", filepath.Join(root, "y.csv"), "--certificate", root + "/./sub/../y.csv"},
			"both --out and --certificate"},
		{"match --out - without --unmatched", []string{"match", sc, "--out", "-"}, "--unmatched"},
		{"two outputs to standard output", []string{"plan", sc, "--matches", m, "--out", "-", "--ics", "-", "--warnings", filepath.Join(root, "w.csv")}, "standard output"},
		{"plan --out - without --warnings", []string{"plan", sc, "--matches", m, "--out", "-"}, "--warnings"},
		{"plan warnings over its matches", []string{"plan", sc, "--matches", m, "--out", filepath.Join(root, "t2.csv"), "--warnings", m}, "also an input"},
		// Tester: files that are not this command's earlier outputs.
		{"cost statements over an earlier step's matches", []string{"cost", sc, "--timeline", tl, "--from", "2027-01-04", "--to", "2027-12-31",
			"--out", filepath.Join(root, "c.csv"), "--statements", m}, "is not an earlier output of this kind"},
		{"score over a timeline", []string{"score", sc, "--out", tl}, "add --force"},
		{"run into a folder holding the user's costs.csv", []string{"run", sc, "--out", mine}, "costs.csv"},
		{"plan calendars into the scenario", []string{"plan", sc, "--matches", m, "--out", filepath.Join(root, "t3.csv"), "--ics-dir", sc}, "scenario's own folder"},
		{"score into /dev/null", []string{"score", sc, "--out", "/dev/null"}, "is a device"},
		{"score into a folder", []string{"score", sc, "--out", sc}, "is a folder"},
		{"score into a symbolic link", []string{"score", sc, "--out", filepath.Join(root, "link.csv")}, "symbolic link"},
		{"score into a FIFO", []string{"score", sc, "--out", filepath.Join(root, "fifo.csv")}, "named pipe"},
		{"run into a file", []string{"run", sc, "--out", m}, "not a folder"},
		{"run to standard output", []string{"run", sc, "--out", "-"}, "must be a folder"},
		{"authorities over its boundaries", []string{"authorities", "--boundaries", filepath.Join(sc, "authorities.geojson"),
			"--out", filepath.Join(sc, "authorities.geojson")}, "also an input"},
		{"generate over its boundaries", []string{"generate", "--boundaries", filepath.Join(sc, "authorities.geojson"), "--out", sc, "--force"}, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			before := snapshot(t, root)
			code, stdout, stderr := runCapture(t, append(tt.args, "--quiet")...)
			if code != 2 {
				t.Fatalf("exit %d, want 2\nstdout: %s\nstderr: %s", code, stdout, stderr)
			}
			if !strings.Contains(stderr, tt.says) {
				t.Errorf("stderr does not say %q:\n%s", tt.says, stderr)
			}
			sameSnapshot(t, before, snapshot(t, root))
		})
	}
}

// TestGenerateAndDemoKeepUserFiles: a folder already holding files
// generate or demo would write is refused unless --force.
func TestGenerateAndDemoKeepUserFiles(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "gen")
	args := []string{"generate", "--children", "5", "--carers", "10", "--out", dir, "--quiet"}
	if code, _, stderr := runCapture(t, args...); code != 0 {
		t.Fatalf("first generate: exit %d: %s", code, stderr)
	}
	edited := filepath.Join(dir, "children.csv")
	if err := os.WriteFile(edited, []byte("my own edits\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	code, _, stderr := runCapture(t, args...)
	if code != 2 || !strings.Contains(stderr, "--force") {
		t.Fatalf("second generate: exit %d, want 2 naming --force: %s", code, stderr)
	}
	if data := readFile(t, edited); string(data) != "my own edits\n" {
		t.Errorf("generate replaced the user's file: %q", data)
	}
	if code, _, stderr := runCapture(t, append(args, "--force")...); code != 0 {
		t.Fatalf("generate --force: exit %d: %s", code, stderr)
	}
	if data := readFile(t, edited); string(data) == "my own edits\n" {
		t.Error("generate --force did not replace the file")
	}

	demo := filepath.Join(t.TempDir(), "demo")
	if code, _, stderr := runCapture(t, "demo", "--out", demo, "--quiet"); code != 0 {
		t.Fatalf("first demo: exit %d: %s", code, stderr)
	}
	before := snapshot(t, demo)
	code, _, stderr = runCapture(t, "demo", "--out", demo, "--quiet")
	if code != 2 || !strings.Contains(stderr, "already holds") {
		t.Fatalf("second demo: exit %d, want 2: %s", code, stderr)
	}
	sameSnapshot(t, before, snapshot(t, demo))
	if code, _, stderr := runCapture(t, "demo", "--out", demo, "--force", "--quiet"); code != 0 {
		t.Fatalf("demo --force: exit %d: %s", code, stderr)
	}
}

// TestRunFolder: two runs of the same scenario give identical records
// (timings apart); a run removes the outputs an earlier run recorded but it
// does not produce, and nothing else; a failed run leaves no folder.
func TestRunFolder(t *testing.T) {
	sc := demoScenario(t)
	out := filepath.Join(t.TempDir(), "run")
	if code, _, stderr := runCapture(t, "run", sc, "--out", out, "--quiet"); code != 0 {
		t.Fatalf("run: exit %d: %s", code, stderr)
	}
	first := readFile(t, filepath.Join(out, "run.json"))
	notes := filepath.Join(out, "notes.txt")
	if err := os.WriteFile(notes, []byte("mine\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Chmod(filepath.Join(out, "matches.csv"), 0o600); err != nil {
		t.Fatal(err)
	}
	if code, _, stderr := runCapture(t, "run", sc, "--out", out, "--quiet"); code != 0 {
		t.Fatalf("second run: exit %d: %s", code, stderr)
	}
	second := readFile(t, filepath.Join(out, "run.json"))
	if string(first) != string(second) || len(first) == 0 {
		t.Errorf("two runs of the same inputs wrote different run.json:\n%s\n---\n%s", first, second)
	}
	if strings.Contains(string(first), "timings_seconds") {
		t.Error("run.json holds timings")
	}
	var timings map[string]map[string]float64
	data := readFile(t, filepath.Join(out, "timings.json"))
	if err := json.Unmarshal(data, &timings); err != nil || len(timings["timings_seconds"]) == 0 {
		t.Errorf("timings.json = %s (%v)", data, err)
	}
	if st, err := os.Stat(filepath.Join(out, "matches.csv")); err != nil {
		t.Error(err)
	} else if st.Mode().Perm() != 0o600 {
		t.Errorf("a replaced output lost its mode: %v", st.Mode().Perm())
	}

	// Without rates, a run writes no costs: the earlier costs go.
	toml := filepath.Join(sc, "scenario.toml")
	text := readFile(t, toml)
	var kept []string
	for _, line := range strings.Split(string(text), "\n") {
		if !strings.HasPrefix(line, "rates =") {
			kept = append(kept, line)
		}
	}
	if err := os.WriteFile(toml, []byte(strings.Join(kept, "\n")), 0o644); err != nil {
		t.Fatal(err)
	}
	if code, _, stderr := runCapture(t, "run", sc, "--out", out, "--quiet"); code != 0 {
		t.Fatalf("run without rates: exit %d: %s", code, stderr)
	}
	for _, gone := range []string{"costs.csv", "cost-summary.csv"} {
		if _, err := os.Stat(filepath.Join(out, gone)); err == nil {
			t.Errorf("%s from the earlier run is still there", gone)
		}
	}
	if data := readFile(t, notes); string(data) != "mine\n" {
		t.Error("the run touched a file that is not one of its outputs")
	}

	// A run that fails after writing some outputs (no overnight rate for
	// the plans' overnights) leaves no folder behind.
	failing := demoScenario(t)
	rates := filepath.Join(failing, "rates.csv")
	text = readFile(t, rates)
	kept = kept[:0]
	for _, line := range strings.Split(string(text), "\n") {
		if !strings.Contains(line, ",overnight,") {
			kept = append(kept, line)
		}
	}
	if err := os.WriteFile(rates, []byte(strings.Join(kept, "\n")), 0o644); err != nil {
		t.Fatal(err)
	}
	newDir := filepath.Join(t.TempDir(), "new", "run")
	code, _, stderr := runCapture(t, "run", failing, "--out", newDir, "--quiet")
	if code == 0 {
		t.Fatalf("a run with no overnight rate succeeded")
	}
	if _, err := os.Stat(filepath.Dir(newDir)); err == nil {
		t.Errorf("a failed run left %s behind (%s)", filepath.Dir(newDir), stderr)
	}
}

// TestUnsafeInputs: devices, FIFOs and folders given as inputs on the
// command line are invalid input — exit 2 at once, never a hang.
func TestUnsafeInputs(t *testing.T) {
	sc := demoScenario(t)
	root := filepath.Dir(sc)
	fifo := filepath.Join(root, "fifo.csv")
	if err := syscall.Mkfifo(fifo, 0o644); err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(root, "out.csv")
	tests := []struct {
		name string
		args []string
	}{
		{"cost --timeline /dev/zero", []string{"cost", sc, "--timeline", "/dev/zero", "--from", "2027-01-04", "--to", "2027-02-01", "--out", out}},
		{"cost --timeline a FIFO", []string{"cost", sc, "--timeline", fifo, "--from", "2027-01-04", "--to", "2027-02-01", "--out", out}},
		{"plan --matches /dev/urandom", []string{"plan", sc, "--matches", "/dev/urandom", "--out", out}},
		{"plan --template a FIFO", []string{"plan", sc, "--matches", fifo, "--template", fifo, "--out", out}},
		{"match --pairs a FIFO", []string{"match", "--pairs", fifo, "--carers", filepath.Join(sc, "carers.csv"), "--out", out}},
		{"match --carers /dev/zero", []string{"match", "--pairs", fifo, "--carers", "/dev/zero", "--out", out}},
		{"match --pinned a folder", []string{"match", sc, "--pinned", root, "--out", out}},
		{"authorities --boundaries /dev/zero", []string{"authorities", "--boundaries", "/dev/zero", "--out", out}},
		{"authorities --points a FIFO", []string{"authorities", "--boundaries", filepath.Join(sc, "authorities.geojson"), "--points", fifo, "--out", out}},
		{"generate --centroids /dev/urandom", []string{"generate", "--centroids", "/dev/urandom", "--out", filepath.Join(root, "gen")}},
		{"validate a FIFO", []string{"validate", fifo}},
		{"--max-input-mb negative", []string{"validate", sc, "--max-input-mb", "-1"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if strings.Contains(strings.Join(tt.args, " "), "/dev/") {
				if _, err := os.Stat("/dev/zero"); err != nil {
					t.Skip("no /dev/zero here")
				}
			}
			code, _, stderr := runCapture(t, append(tt.args, "--quiet")...)
			if code != 2 {
				t.Errorf("exit %d, want 2: %s", code, stderr)
			}
			if _, err := os.Stat(out); err == nil {
				t.Error("an output was written")
			}
		})
	}
}

// TestStandardOutput: --out - writes a single output to standard output
// and nothing else there.
func TestStandardOutput(t *testing.T) {
	sc := demoScenario(t)
	tmp := t.TempDir()
	t.Setenv("TMPDIR", tmp)
	code, stdout, stderr := runCapture(t, "score", sc, "--out", "-", "--quiet")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	lines := strings.Split(strings.TrimSpace(stdout), "\n")
	if !strings.HasPrefix(lines[0], "child_id,carer_id,score") || len(lines) < 10 {
		t.Errorf("standard output is not pairs.csv:\n%.300s", stdout)
	}
	code, stdout, stderr = runCapture(t, "authorities", "--boundaries", filepath.Join(sc, "authorities.geojson"), "--out", "-", "--quiet")
	if code != 0 || !strings.HasPrefix(stdout, "authority,code,neighbours\n") || strings.Contains(stdout, "written to") {
		t.Errorf("authorities --out -: exit %d, stdout:\n%s\nstderr: %s", code, stdout, stderr)
	}
	if left := listDir(t, tmp); len(left) != 0 {
		t.Errorf("temporary files left: %v", left)
	}
}

// TestProblemsEscapedAndJSON: a control character in an input (here an
// ESC in a column name, and one in an id) is printed escaped, never raw;
// with --log-format json every problem is a JSON object with its place
// and kind.
func TestProblemsEscapedAndJSON(t *testing.T) {
	sc := demoScenario(t)
	path := filepath.Join(sc, "children.csv")
	data := readFile(t, path)
	lines := strings.SplitN(string(data), "\n", 3)
	lines[0] += ",\x1b[31mred\x1b[0m"
	rows := strings.Split(lines[2], "\n")
	for i := range rows {
		if rows[i] != "" {
			rows[i] += ","
		}
	}
	lines[1] = `"C` + "\x1b" + `[2J",` + strings.SplitN(lines[1], ",", 2)[1] + ","
	if err := os.WriteFile(path, []byte(lines[0]+"\n"+lines[1]+"\n"+strings.Join(rows, "\n")), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, args := range [][]string{{"validate", sc}, {"score", sc, "--out", filepath.Join(t.TempDir(), "p.csv")}} {
		code, stdout, stderr := runCapture(t, args...)
		if code != 2 {
			t.Fatalf("%s: exit %d, want 2", args[0], code)
		}
		if strings.Contains(stdout+stderr, "\x1b") {
			t.Errorf("%s printed a raw ESC:\n%q", args[0], stdout+stderr)
		}
		if !strings.Contains(stdout+stderr, `\x1b`) {
			t.Errorf("%s did not show the escaped ESC:\n%s", args[0], stdout+stderr)
		}

		code, stdout, stderr = runCapture(t, append(args, "--log-format", "json")...)
		if code != 2 {
			t.Fatalf("%s json: exit %d, want 2", args[0], code)
		}
		problems := 0
		for _, stream := range []string{stdout, stderr} {
			sc := bufio.NewScanner(strings.NewReader(stream))
			for sc.Scan() {
				var ev map[string]any
				if err := json.Unmarshal(sc.Bytes(), &ev); err != nil {
					t.Fatalf("%s: a line is not JSON: %q", args[0], sc.Text())
				}
				if ev["file"] != nil && ev["kind"] != nil && ev["message"] != nil {
					problems++
				}
			}
		}
		if problems < 2 {
			t.Errorf("%s: %d problems as JSON, want the id's and the column's:\n%s\n%s", args[0], problems, stdout, stderr)
		}
	}
}

// TestCROnlyThroughTheCommand: a children.csv with carriage-return line
// ends is refused with a hint, and no date of birth reaches any message.
func TestCROnlyThroughTheCommand(t *testing.T) {
	sc := demoScenario(t)
	path := filepath.Join(sc, "children.csv")
	dobs := datesOfBirth(t, path)
	data := readFile(t, path)
	if err := os.WriteFile(path, []byte(strings.ReplaceAll(string(data), "\n", "\r")), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, format := range []string{"console", "json"} {
		code, stdout, stderr := runCapture(t, "validate", sc, "--log-format", format, "--verbose")
		if code != 2 || !strings.Contains(stdout, "carriage return") {
			t.Errorf("%s: exit %d, want 2 with a hint about line ends:\n%s", format, code, stdout)
		}
		for _, d := range dobs {
			if strings.Contains(stdout+stderr, d) {
				t.Errorf("%s: a date of birth reached a message: %s", format, d)
			}
		}
	}
}

// TestEarlierOutputsReplaced: a command replaces its own earlier outputs
// without --force (a run folder with run.json, a costs file with the
// costs header), and with --force replaces a user's file it refused.
func TestEarlierOutputsReplaced(t *testing.T) {
	sc := demoScenario(t)
	root := filepath.Dir(sc)
	out := filepath.Join(root, "out")
	for i := 0; i < 2; i++ {
		if code, _, stderr := runCapture(t, "run", sc, "--out", out, "--quiet"); code != 0 {
			t.Fatalf("run %d into %s: exit %d: %s", i+1, out, code, stderr)
		}
	}
	tl, costs := filepath.Join(out, "timeline.csv"), filepath.Join(root, "costs.csv")
	for i := 0; i < 2; i++ {
		if code, _, stderr := runCapture(t, "cost", sc, "--timeline", tl, "--from", "2027-01-04", "--to", "2027-03-31", "--out", costs, "--quiet"); code != 0 {
			t.Fatalf("cost %d: exit %d: %s", i+1, code, stderr)
		}
	}
	mine := filepath.Join(root, "mine")
	if err := os.MkdirAll(mine, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(mine, "costs.csv"), []byte("my budget\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if code, _, _ := runCapture(t, "run", sc, "--out", mine, "--quiet"); code != 2 {
		t.Fatalf("run into a user's folder: exit %d, want 2", code)
	}
	if code, _, stderr := runCapture(t, "run", sc, "--out", mine, "--force", "--quiet"); code != 0 {
		t.Fatalf("run --force: exit %d: %s", code, stderr)
	}
	if got := readFile(t, filepath.Join(mine, "costs.csv")); !strings.HasPrefix(string(got), "link_id,") {
		t.Errorf("run --force left costs.csv as %q", got)
	}
}
