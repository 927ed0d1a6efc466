package runout

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/linkmatch/linkmatch/plan"
)

// TestStaleAgreements: issue 17 found agreement pages of links no longer
// planned left beside the new ones. Only pages linkmatch wrote (the
// marker) that this batch does not write are listed for removal.
func TestStaleAgreements(t *testing.T) {
	dir := t.TempDir()
	var page strings.Builder
	if err := plan.WriteAgreementHTML(&page, &plan.Agreement{LinkID: "L-C1-K1"}, "test"); err != nil {
		t.Fatal(err)
	}
	files := map[string]string{
		"agreement-L-OLD-K1.html":  page.String(),         // an earlier plan's link: stale
		"agreement-L-C1-K1.html":   page.String(),         // written again now
		"agreement-L-HAND.html":    "<p>my own notes</p>", // not linkmatch's
		"agreement-L-OLD-K2.htm":   page.String(),         // not an agreement name
		"timeline.csv":             "x",
		"agreement-L-OLD-K3.html/": "",
	}
	for name, text := range files {
		if strings.HasSuffix(name, "/") {
			if err := os.Mkdir(filepath.Join(dir, strings.TrimSuffix(name, "/")), 0o755); err != nil {
				t.Fatal(err)
			}
			continue
		}
		if err := os.WriteFile(filepath.Join(dir, name), []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	got := staleAgreements(dir, []string{"agreement-L-C1-K1.html", "agreements.csv"})
	if !slices.Equal(got, []string{filepath.Join(dir, "agreement-L-OLD-K1.html")}) {
		t.Errorf("stale %v, want only agreement-L-OLD-K1.html", got)
	}
	if got := SayRemoved([]string{"agreement-L-OLD-K1.html"}); !strings.Contains(got, "1 written agreement of a link no longer planned") {
		t.Errorf("SayRemoved = %q", got)
	}
}

// TestStaleOutputsEveryListed: a step-down run's stages.csv survived a
// short-breaks run into the same folder though the earlier run.json listed
// it (tester). Every output the earlier run.json lists that this run does
// not write is removed, and the line says "1 file", not "1 files".
func TestStaleOutputsEveryListed(t *testing.T) {
	dir := t.TempDir()
	prev := `{"outputs": ["matches.csv", "stages.csv", "report.html", "../children.csv", "run.json"]}`
	if err := os.WriteFile(filepath.Join(dir, "run.json"), []byte(prev), 0o644); err != nil {
		t.Fatal(err)
	}
	got := staleOutputs(dir, []string{"matches.csv", "run.json", "entitlement.csv"})
	want := []string{filepath.Join(dir, "stages.csv"), filepath.Join(dir, "report.html")}
	if !slices.Equal(got, want) {
		t.Errorf("stale %v, want %v", got, want)
	}
	if got := SayRemoved([]string{"stages.csv"}); !strings.HasPrefix(got, "removed 1 file of an earlier run: stages.csv") {
		t.Errorf("SayRemoved = %q", got)
	}
}
