package scenarios

import (
	"encoding/csv"
	"errors"
	"io/fs"
	"path/filepath"
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

// familyLinkFile is one file of the B&NES demo.
func familyLinkFile(t *testing.T, file string) []byte {
	t.Helper()
	d, err := DemoNamed("bnes-family-link")
	if err != nil {
		t.Fatal(err)
	}
	data, err := fs.ReadFile(d, file)
	if err != nil {
		t.Fatal(err)
	}
	return data
}

// withoutColumn is the demo's file with one column removed.
func withoutColumn(t *testing.T, file, col string) string {
	t.Helper()
	data := familyLinkFile(t, file)
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
	if i < 0 {
		t.Fatalf("the demo's %s has no column %s", file, col)
	}
	var b strings.Builder
	w := csv.NewWriter(&b)
	for _, r := range rows {
		if err := w.Write(append(r[:i:i], r[i+1:]...)); err != nil {
			t.Fatal(err)
		}
	}
	w.Flush()
	if err := w.Error(); err != nil {
		t.Fatal(err)
	}
	return b.String()
}

// TestSchemeColumnMissingOnce: a short-breaks children.csv without its
// breaks column, or a carers.csv without sessions_per_month, is one
// problem at the header (line 1, the column), not one on every row.
func TestSchemeColumnMissingOnce(t *testing.T) {
	for _, tc := range []struct{ file, col string }{{"children.csv", "breaks"}, {"carers.csv", "sessions_per_month"}} {
		fsys := familyLinkWith(t, map[string]string{tc.file: withoutColumn(t, tc.file, tc.col)})
		_, ps, err := loadFS(fsys, "scenario.toml", LoadOptions{Templates: planTemplates})
		if !errors.Is(err, input.ErrInvalid) {
			t.Errorf("%s without %s loaded with error %v, want it invalid", tc.file, tc.col, err)
		}
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
	data := familyLinkFile(t, "children.csv")
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
	_, ps, err := loadFS(fsys, "scenario.toml", LoadOptions{Templates: planTemplates})
	if !errors.Is(err, input.ErrInvalid) {
		t.Errorf("a UTF-16 scenario.toml loaded with error %v, want it invalid", err)
	}
	if len(ps.List) != 1 || !strings.Contains(ps.List[0].Error(), "UTF-16") || !strings.Contains(ps.List[0].Error(), "UTF-8") {
		t.Errorf("problems %v", ps.List)
	}
}

// TestSchemeTypoFirst: a misspelt scheme is the problem reported, not the
// warnings it would cause (every carer's offer "given in a step-down
// scenario").
func TestSchemeTypoFirst(t *testing.T) {
	toml := familyLinkFile(t, "scenario.toml")
	bad := strings.Replace(string(toml), `scheme = "short_breaks"`, `scheme = "short_break"`, 1)
	_, ps, err := loadFS(familyLinkWith(t, map[string]string{"scenario.toml": bad}), "scenario.toml", LoadOptions{Templates: planTemplates})
	if err == nil {
		t.Fatal("a misspelt scheme loaded")
	}
	if len(ps.List) != 1 || ps.List[0].ColumnName != "scheme" || !strings.Contains(ps.List[0].Error(), "short_breaks") {
		t.Errorf("problems %v, want the scheme's alone", ps.List)
	}
}

// TestDataFileAsScenario: children.csv given where the scenario is
// expected says what to give instead — its folder, which holds
// scenario.toml — rather than report the CSV as bad TOML.
func TestDataFileAsScenario(t *testing.T) {
	dir := writeScenario(t, nil)
	_, ps, err := LoadWith(filepath.Join(dir, "children.csv"), LoadOptions{})
	if err == nil || len(ps.List) != 1 {
		t.Fatalf("problems %v", ps.List)
	}
	got := ps.List[0].Error()
	if !strings.Contains(got, "this is a CSV file, not a scenario") || !strings.HasSuffix(got, "give the folder that holds scenario.toml: "+dir) {
		t.Errorf("problem %q", got)
	}
}

// TestAgreementColumnMisspelt: in a short-breaks scenario a column the
// written agreements read, misspelt beyond "did you mean" (medication as
// medicine or meds, pick_up as pickup_from), is refused at the unknown
// column, rather than leaving the agreement to say "none recorded"
// (tester: C04's buccal midazolam vanished).
func TestAgreementColumnMisspelt(t *testing.T) {
	header := strings.SplitN(string(familyLinkFile(t, "children.csv")), "\n", 2)[0]
	for _, tc := range []struct{ from, to string }{{"medication", "medicine"}, {"medication", "meds"}, {"pick_up", "pickup_from"}} {
		data := strings.Replace(string(familyLinkFile(t, "children.csv")), header, strings.Replace(header, tc.from, tc.to, 1), 1)
		_, ps, err := loadFS(familyLinkWith(t, map[string]string{"children.csv": data}), "scenario.toml", LoadOptions{Templates: planTemplates})
		if !errors.Is(err, input.ErrUnknownName) {
			t.Errorf("%s as %s: err = %v, want unknown column", tc.from, tc.to, err)
			continue
		}
		want := `unknown column "` + tc.to + `", and children.csv has no ` + tc.from + ` column, which the written agreements read`
		if p := ps.List[0]; p.Line != 1 || p.ColumnName != tc.to || !strings.Contains(err.Error(), want) {
			t.Errorf("%s as %s: %v, want %s at line 1", tc.from, tc.to, err, want)
		}
	}
}
