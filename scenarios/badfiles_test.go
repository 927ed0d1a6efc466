package scenarios

import (
	"encoding/csv"
	"io/fs"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/linkmatch/linkmatch/input"
)

// familyLinkWith is the B&NES demo with some files replaced.
func familyLinkWith(t *testing.T, over map[string]string) fs.FS {
	t.Helper()
	d, err := DemoNamed("bnes-family-link")
	if err != nil {
		t.Fatal(err)
	}
	m := fstest.MapFS{}
	err = fs.WalkDir(d, ".", func(path string, e fs.DirEntry, err error) error {
		if err != nil || e.IsDir() {
			return err
		}
		data, err := fs.ReadFile(d, path)
		m[path] = &fstest.MapFile{Data: data, Mode: 0o644}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	for name, text := range over {
		m[name] = &fstest.MapFile{Data: []byte(text), Mode: 0o644}
	}
	return m
}

// withoutColumn is the demo's file with one column removed.
func withoutColumn(t *testing.T, file, col string) string {
	t.Helper()
	d, _ := DemoNamed("bnes-family-link")
	data, err := fs.ReadFile(d, file)
	if err != nil {
		t.Fatal(err)
	}
	rows, err := csv.NewReader(strings.NewReader(string(data))).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	i := -1
	for k, h := range rows[0] {
		if h == col {
			i = k
		}
	}
	var b strings.Builder
	w := csv.NewWriter(&b)
	for _, r := range rows {
		_ = w.Write(append(r[:i:i], r[i+1:]...))
	}
	w.Flush()
	return b.String()
}

// TestSchemeColumnMissingOnce: a short-breaks children.csv without its
// breaks column, or a carers.csv without sessions_per_month, is one
// problem at the header (line 1, the column), not one on every row.
func TestSchemeColumnMissingOnce(t *testing.T) {
	for _, tc := range []struct{ file, col string }{{"children.csv", "breaks"}, {"carers.csv", "sessions_per_month"}} {
		fsys := familyLinkWith(t, map[string]string{tc.file: withoutColumn(t, tc.file, tc.col)})
		_, ps, _ := loadFS(fsys, "scenario.toml", LoadOptions{Templates: planTemplates})
		var about []input.Problem
		for _, p := range ps.List {
			if p.ColumnName == tc.col {
				about = append(about, p)
			}
		}
		if len(about) != 1 || about[0].Line != 1 || about[0].Kind != input.ErrMissingColumn || !strings.Contains(about[0].Error(), "add a column headed "+tc.col) {
			t.Errorf("%s without %s: problems about it %v (all: %v)", tc.file, tc.col, about, ps.List)
		}
		for _, p := range ps.List {
			if strings.Contains(p.Message, "has no") {
				t.Errorf("%s without %s: %v", tc.file, tc.col, p)
			}
		}
	}
}

// TestBrokenRowsAreNotNoChildren: a children.csv whose rows are all broken
// (here cut short mid-row) reports the broken row, never "the file has no
// children".
func TestBrokenRowsAreNotNoChildren(t *testing.T) {
	d, _ := DemoNamed("bnes-family-link")
	data, _ := fs.ReadFile(d, "children.csv")
	fsys := familyLinkWith(t, map[string]string{"children.csv": string(data[:300])})
	_, ps, err := loadFS(fsys, "scenario.toml", LoadOptions{Templates: planTemplates})
	if err == nil {
		t.Fatal("a broken children.csv loaded")
	}
	for _, p := range ps.List {
		if strings.Contains(p.Message, "no children") {
			t.Errorf("false problem: %v", p)
		}
	}
	if !strings.Contains(ps.Err().Error(), "children.csv:2") && !strings.Contains(ps.List[0].Error(), "children.csv:2") {
		t.Errorf("the broken row is not reported: %v", ps.List)
	}
}

// TestUTF16Scenario: scenario.toml saved as UTF-16 is one problem that
// says so.
func TestUTF16Scenario(t *testing.T) {
	var u []byte
	u = append(u, 0xff, 0xfe)
	for _, r := range "name = \"x\"\nchildren = \"children.csv\"\n" {
		u = append(u, byte(r), 0)
	}
	fsys := familyLinkWith(t, map[string]string{"scenario.toml": string(u)})
	_, ps, _ := loadFS(fsys, "scenario.toml", LoadOptions{Templates: planTemplates})
	if len(ps.List) != 1 || !strings.Contains(ps.List[0].Error(), "UTF-16") || !strings.Contains(ps.List[0].Error(), "UTF-8") {
		t.Errorf("problems %v", ps.List)
	}
}
