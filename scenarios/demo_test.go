package scenarios

import (
	"bytes"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"testing"

	"github.com/linkmatch/linkmatch"
	"github.com/linkmatch/linkmatch/geo"
	"github.com/linkmatch/linkmatch/internal/output"
)

func loadDemo(t *testing.T) *Scenario {
	t.Helper()
	s, ps, err := loadFS(Demo(), "scenario.toml", LoadOptions{})
	if err != nil {
		t.Fatalf("demo: %v", err)
	}
	if n := len(ps.List); n != 0 {
		t.Fatalf("demo has %d problems: %v", n, ps.List)
	}
	return s
}

func TestDemo(t *testing.T) {
	s := loadDemo(t)
	if len(s.Children) < 15 || len(s.Carers) < 25 {
		t.Errorf("demo has %d children and %d carers", len(s.Children), len(s.Carers))
	}
	start := linkmatch.MustParseDate("2027-01-04")
	if s.Plan.Start != start || s.Payments.RetainerWeekly != 10000 || s.Payments.MileagePerMile != 45 {
		t.Errorf("settings: %+v %+v", s.Plan, s.Payments)
	}
	groups := map[string]int{}
	outside := 0
	for _, c := range s.Children {
		if age := linkmatch.AgeOn(c.DateOfBirth, start); age < 8 || age > 17 {
			t.Errorf("%s is %d on the plan start", c.ID, age)
		}
		if c.SiblingGroup != "" {
			groups[c.SiblingGroup]++
		}
		if i, _ := s.Boundaries.Locate(geo.LatLon(c.Lat, c.Lon)); s.Boundaries.Name(i) != "Somerset" {
			outside++
		}
	}
	if len(groups) == 0 || outside < 3 {
		t.Errorf("demo should have sibling groups (%d) and homes outside Somerset (%d)", len(groups), outside)
	}
	for _, c := range s.Carers {
		i, ok := s.Boundaries.Locate(geo.LatLon(c.Lat, c.Lon))
		if !ok || s.Boundaries.Name(i) != c.Authority {
			t.Errorf("carer %s is in %q but says %q", c.ID, s.Boundaries.Name(i), c.Authority)
		}
	}
}

// TestDemoNeighbours: with the real (simplified) boundaries, Somerset
// borders its five neighbours but not Bristol, which borders North
// Somerset. outlines_test.go checks every pair against the ONS layer.
func TestDemoNeighbours(t *testing.T) {
	s := loadDemo(t)
	b, g := s.Boundaries, s.Neighbours
	var got []string
	for _, r := range g.Rows() {
		if r.Authority == "Somerset" {
			got = r.Neighbours
		}
	}
	want := []string{"Bath and North East Somerset", "Devon", "Dorset", "North Somerset", "Wiltshire"}
	if !slices.Equal(got, want) {
		t.Errorf("Somerset's neighbours = %v, want %v", got, want)
	}
	bri, ok := b.Index("Bristol, City of")
	if !ok {
		t.Fatal(`no "Bristol, City of" (the ONS name)`)
	}
	som, _ := b.Index("Somerset")
	nso, _ := b.Index("North Somerset")
	if st, _ := g.Steps(bri, nso); st != 1 {
		t.Errorf("Bristol is %d borders from North Somerset, want 1 (neighbours)", st)
	}
	if st, _ := g.Steps(bri, som); st != 2 {
		t.Errorf("Bristol is %d borders from Somerset, want 2 (not neighbours)", st)
	}
}

func TestDemoOnDiskMatchesEmbedded(t *testing.T) {
	onDisk, _, err := LoadWith("somerset-stepdown", LoadOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if len(onDisk.Children) != len(loadDemo(t).Children) {
		t.Error("the embedded demo differs from the folder")
	}
}

// TestStageDemo: the staged demo, once committed, is every embedded file,
// byte for byte, and the returned path is its scenario.toml.
func TestStageDemo(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "demo")
	var b output.Batch
	tomlPath, err := StageDemoNamed(&b, DefaultDemo, dir)
	if err != nil {
		t.Fatal(err)
	}
	if err := b.Commit(); err != nil {
		t.Fatal(err)
	}
	if tomlPath != filepath.Join(dir, "scenario.toml") {
		t.Errorf("tomlPath = %s", tomlPath)
	}
	err = fs.WalkDir(Demo(), ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		want, err := fs.ReadFile(Demo(), p)
		if err != nil {
			return err
		}
		got, err := os.ReadFile(filepath.Join(dir, p))
		if err != nil || !bytes.Equal(got, want) {
			t.Errorf("%s not extracted faithfully: %v", p, err)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if _, _, err := LoadWith(tomlPath, LoadOptions{}); err != nil {
		t.Errorf("extracted demo does not load: %v", err)
	}
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		if e.Name()[0] == '.' {
			t.Errorf("temporary file %s left behind", e.Name())
		}
	}
}

// TestFamilyLinkDemo: the B&NES short-breaks demo loads without a problem:
// about 20 children at home in Bath and North East Somerset with their
// assessed breaks, about 15 carers in and around it with their offers, some
// still in assessment, and the short-breaks template.
func TestFamilyLinkDemo(t *testing.T) {
	d, err := DemoNamed("bnes-family-link")
	if err != nil {
		t.Fatal(err)
	}
	s, ps, err := loadFS(d, "scenario.toml", LoadOptions{Templates: planTemplates})
	if err != nil || len(ps.List) != 0 {
		t.Fatalf("the Family Link demo: %v %v", err, ps.List)
	}
	if s.Scheme != linkmatch.SchemeShortBreaks || s.Template == nil || s.Template.Scheme() != linkmatch.SchemeShortBreaks {
		t.Fatalf("scheme %v, template %v", s.Scheme, s.Template)
	}
	if len(s.Children) < 18 || len(s.Carers) < 13 || s.Match.MaxCarersPerChild != 2 {
		t.Errorf("%d children, %d carers, max carers %d", len(s.Children), len(s.Carers), s.Match.MaxCarersPerChild)
	}
	provisional := 0
	for _, c := range s.Carers {
		if c.Offer.SessionsPerMonth == 0 {
			t.Errorf("carer %s offers no sessions", c.ID)
		}
		if c.Provisional() {
			provisional++
		}
		if i, ok := s.Boundaries.Locate(geo.LatLon(c.Lat, c.Lon)); !ok || s.Boundaries.Name(i) != c.Authority {
			t.Errorf("carer %s is in %q but says %q", c.ID, s.Boundaries.Name(i), c.Authority)
		}
	}
	for _, c := range s.Children {
		if c.Breaks.Total() == 0 || c.PickUp == "" {
			t.Errorf("child %s: breaks %q, pick-up %q", c.ID, c.Breaks, c.PickUp)
		}
		if i, _ := s.Boundaries.Locate(geo.LatLon(c.Lat, c.Lon)); s.Boundaries.Name(i) != "Bath and North East Somerset" {
			t.Errorf("child %s lives outside B&NES", c.ID)
		}
	}
	if provisional == 0 {
		t.Error("no carer in assessment")
	}
	if _, err := DemoNamed("nowhere"); !errors.Is(err, ErrUnknownDemo) {
		t.Errorf("an unknown demo: %v", err)
	}
}
