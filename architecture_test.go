package linkmatch

import (
	"go/parser"
	"go/token"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
)

// module is this module's path, which its packages' imports start with.
const module = "github.com/linkmatch/linkmatch"

// packageDirs are the module's package folders ("." for the root): those
// holding a Go file that is not a test, outside testdata and hidden
// folders.
func packageDirs(t *testing.T) []string {
	t.Helper()
	var dirs []string
	err := filepath.WalkDir(".", func(path string, d fs.DirEntry, err error) error {
		switch {
		case err != nil:
			return err
		case d.IsDir() && path != "." && (d.Name() == "testdata" || strings.HasPrefix(d.Name(), ".")):
			return filepath.SkipDir
		case d.IsDir() || !strings.HasSuffix(path, ".go") || strings.HasSuffix(path, "_test.go"):
			return nil
		}
		if dir := filepath.ToSlash(filepath.Dir(path)); !slices.Contains(dirs, dir) {
			dirs = append(dirs, dir)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	slices.Sort(dirs)
	return dirs
}

// TestArchitectureTableMatchesTree: the README's package table (section
// Architecture) names every package of the module, and no package that is
// not there (issue 10: "a package table that matches the tree").
func TestArchitectureTableMatchesTree(t *testing.T) {
	readme, err := os.ReadFile("README.md")
	if err != nil {
		t.Fatal(err)
	}
	_, section, ok := strings.Cut(string(readme), "\n## Architecture\n")
	if !ok {
		t.Fatal("README.md has no Architecture section")
	}
	section, _, _ = strings.Cut(section, "\n## ")
	var table []string
	row := regexp.MustCompile("(?m)^\\| `([^`]+)`( \\(root\\))? \\|")
	for _, m := range row.FindAllStringSubmatch(section, -1) {
		name := strings.TrimSuffix(m[1], "/")
		if m[2] != "" {
			name = "."
		}
		table = append(table, name)
	}
	slices.Sort(table)
	if tree := packageDirs(t); !slices.Equal(table, tree) {
		var missing, extra []string
		for _, d := range tree {
			if !slices.Contains(table, d) {
				missing = append(missing, d)
			}
		}
		for _, d := range table {
			if !slices.Contains(tree, d) {
				extra = append(extra, d)
			}
		}
		t.Errorf("README's package table: missing %v, naming no package %v", missing, extra)
	}
}

// TestImportsOneWay: the packages that the README says import nothing of
// this module (the solver, geography, input problems) do not, and plan
// never imports match (STYLE.md's one-way data flow; issue 10: "the
// solver package imports no other package of this module").
func TestImportsOneWay(t *testing.T) {
	for _, tc := range []struct {
		dir     string
		allowed func(path string) bool
	}{
		{"assign", func(string) bool { return false }},
		{"geo", func(string) bool { return false }},
		{"input", func(string) bool { return false }},
		{"plan", func(p string) bool { return p != module+"/match" && !strings.HasPrefix(p, module+"/match/") }},
	} {
		fset := token.NewFileSet()
		files, err := filepath.Glob(filepath.Join(tc.dir, "*.go"))
		if err != nil {
			t.Fatal(err)
		}
		for _, name := range files {
			if strings.HasSuffix(name, "_test.go") {
				continue
			}
			f, err := parser.ParseFile(fset, name, nil, parser.ImportsOnly)
			if err != nil {
				t.Fatal(err)
			}
			for _, im := range f.Imports {
				p, err := strconv.Unquote(im.Path.Value)
				if err != nil {
					t.Fatal(err)
				}
				if (p == module || strings.HasPrefix(p, module+"/")) && !tc.allowed(p) {
					t.Errorf("%s imports %s", name, p)
				}
			}
		}
	}
}
