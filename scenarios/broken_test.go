package scenarios

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
)

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

// readWant reads testdata/broken/<case>/want: the problems LoadWith must
// report, one per line, each with its place and kind; "#" starts a comment.
// Adding a case needs no Go code.
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
	entries, err := os.ReadDir(filepath.Join("testdata", "broken"))
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

func TestBrokenCorpus(t *testing.T) {
	for _, name := range brokenCases(t) {
		t.Run(name, func(t *testing.T) {
			dir := filepath.Join("testdata", "broken", name)
			s, ps, err := LoadWith(dir, LoadOptions{Templates: planTemplates})
			if !errors.Is(err, input.ErrInvalid) {
				t.Fatalf("LoadWith(%s) error = %v, want one matching input.ErrInvalid", dir, err)
			}
			var inv *input.InvalidError
			if !errors.As(err, &inv) {
				t.Fatalf("error %T is not a *input.InvalidError", err)
			}
			if s != nil {
				t.Error("an invalid scenario was returned")
			}
			for _, w := range readWant(t, filepath.Join(dir, "want")) {
				found := false
				for _, p := range ps.List {
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
					for _, p := range ps.List {
						got = append(got, p.Error())
					}
					t.Errorf("no error at %s:%d:%d (%s); got:\n  %s", w.file, w.line, w.col, w.columnName, strings.Join(got, "\n  "))
				}
			}
		})
	}
}
