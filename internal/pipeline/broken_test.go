package pipeline

import (
	"bufio"
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/linkmatch/linkmatch/input"
	"github.com/linkmatch/linkmatch/scenarios"
)

// brokenDir is the broken-input corpus: one folder per case, each a
// scenario with a want file. It lives beside package scenarios, which
// reads scenarios; the test is here because a case passes through
// everything "validate" runs — the load and then Prepare.
const brokenDir = "../../scenarios/testdata/broken"

// wantLine is one line of a broken case's "want" file:
// file:line:column (column name): kind, where kind is an input.Kind such as
// "value out of range".
var wantLine = regexp.MustCompile(`^(.+):(\d+):(\d+) \((.*)\): ([a-z ]+)$`)

type wantProblem struct {
	file       string
	line, col  int
	columnName string
	kind       input.Kind
}

// readWant reads <case>/want: the problems loading the scenario
// (scenarios.LoadWith) or preparing a run of it (Prepare) must report, one
// per line, each with its place and kind; "#" starts a comment. Adding a
// case needs no Go code.
func readWant(t *testing.T, path string) []wantProblem {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var out []wantProblem
	sc := bufio.NewScanner(bytes.NewReader(data))
	for sc.Scan() {
		s := strings.TrimSpace(sc.Text())
		if s == "" || strings.HasPrefix(s, "#") {
			continue
		}
		m := wantLine.FindStringSubmatch(s)
		if m == nil {
			t.Fatalf("%s: cannot read %q", path, s)
		}
		line, err1 := strconv.Atoi(m[2])
		col, err2 := strconv.Atoi(m[3])
		if err1 != nil || err2 != nil {
			t.Fatalf("%s: %q: the line and column must be numbers", path, s)
		}
		out = append(out, wantProblem{m[1], line, col, m[4], input.Kind(m[5])})
	}
	if len(out) == 0 {
		t.Fatalf("%s: no expected problems", path)
	}
	return out
}

// brokenCases lists the folders of testdata/broken.
func brokenCases(t testing.TB) []string {
	t.Helper()
	entries, err := os.ReadDir(brokenDir)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, e := range entries {
		if e.IsDir() {
			out = append(out, e.Name())
		}
	}
	if len(out) < 30 {
		t.Fatalf("only %d broken cases; the corpus should hold at least 30", len(out))
	}
	return out
}

// TestBrokenCorpus: every case of the corpus is refused as "validate"
// and "run" refuse it — by the load, or when the load accepts it by
// Prepare — with every problem its want file names, at its place and of
// its kind.
func TestBrokenCorpus(t *testing.T) {
	for _, name := range brokenCases(t) {
		t.Run(name, func(t *testing.T) {
			dir := filepath.Join(brokenDir, name)
			err := loadAndPrepare(dir)
			if !errors.Is(err, input.ErrInvalid) {
				t.Fatalf("loading and preparing %s: error = %v, want one matching input.ErrInvalid", dir, err)
			}
			var inv *input.InvalidError
			if !errors.As(err, &inv) {
				t.Fatalf("error %T is not a *input.InvalidError", err)
			}
			for _, w := range readWant(t, filepath.Join(dir, "want")) {
				found := false
				for _, p := range inv.Problems {
					rel, relErr := filepath.Rel(dir, p.File)
					if relErr != nil {
						t.Fatal(relErr)
					}
					if !p.Warning && filepath.ToSlash(rel) == w.file && p.Line == w.line && p.Column == w.col && p.ColumnName == w.columnName {
						found = true
						if !errors.Is(p, w.kind) || !errors.Is(err, w.kind) {
							t.Errorf("problem %q is of kind %q, want %q", p.Error(), p.Kind, w.kind)
						}
						if !strings.HasPrefix(p.Error(), filepath.Join(dir, w.file)) {
							t.Errorf("problem text %q does not start with the file", p.Error())
						}
						break
					}
				}
				if !found {
					var got []string
					for _, p := range inv.Problems {
						got = append(got, p.Error())
					}
					t.Errorf("no error at %s:%d:%d (%s); got:\n  %s", w.file, w.line, w.col, w.columnName, strings.Join(got, "\n  "))
				}
			}
		})
	}
}

// loadAndPrepare loads the scenario in dir and prepares a run of it, as
// "validate" does; an invalid scenario returns no scenario.
func loadAndPrepare(dir string) error {
	s, _, err := scenarios.LoadWith(dir, scenarios.LoadOptions{Templates: ReadTemplate})
	if err != nil {
		if s != nil {
			return errors.New("an invalid scenario was returned")
		}
		return err
	}
	_, err = Prepare(s, Options{})
	return err
}
