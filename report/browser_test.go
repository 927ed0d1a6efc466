package report

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/linkmatch/linkmatch/internal/browsertest"
)

// TestInBrowser opens the fixture's report in headless Chromium (see
// internal/browsertest; skipped without a browser, except in CI) and checks
// what a reader meets: no console error and no request beyond the file
// itself; the map and every Gantt chart drawn at a real size; the first Tab
// reaching the skip link; no sideways scrolling on a phone; and, printed,
// every child starting a new page. Screenshots are kept as artifacts.
func TestInBrowser(t *testing.T) {
	browser := browsertest.Require(t)
	path := filepath.Join(t.TempDir(), "report.html")
	if err := os.WriteFile(path, writeFixture(t), 0o644); err != nil {
		t.Fatal(err)
	}
	p := browsertest.Open(t, browser, path)
	CheckPage(t, p, len(fixtureModel().Children), 2)
	shot, err := p.Screenshot()
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("screenshot: %s", browsertest.Artifact(t, "fixture-report.png", shot))
}

// CheckPage runs the browser checks on a loaded report with children
// sections and links Gantt charts.
func CheckPage(t *testing.T, p *browsertest.Page, children, links int) {
	t.Helper()
	if errs := p.Errors(); len(errs) > 0 {
		t.Errorf("console errors:\n%s", strings.Join(errs, "\n"))
	}
	for _, u := range p.Requests() {
		if !strings.HasPrefix(u, "file://") {
			t.Errorf("the page asked for %s", u)
		}
	}
	if n := len(p.Requests()); n != 1 {
		t.Errorf("%d requests, want the page alone: %q", n, p.Requests())
	}
	figs, err := p.Figures()
	if err != nil {
		t.Fatal(err)
	}
	gantts := 0
	for _, f := range figs {
		if f.Width <= 0 || f.Height <= 0 {
			t.Errorf("figure %s is %v × %v", f.Label, f.Width, f.Height)
		}
		if strings.HasPrefix(f.Label, "g") {
			gantts++
		}
	}
	if len(figs) != links+1 || gantts != links {
		t.Errorf("%d figures (%d Gantt charts), want the map and %d charts", len(figs), gantts, links)
	}
	if err := p.Tab(); err != nil {
		t.Fatal(err)
	}
	if focus, err := browsertest.Eval[string](p, `document.activeElement.className`); err != nil || focus != "skip" {
		t.Errorf("the first Tab reaches %q (%v), want the skip link", focus, err)
	}
	if err := p.Viewport(390, 844); err != nil {
		t.Fatal(err)
	}
	if w, err := browsertest.Eval[float64](p, `document.documentElement.scrollWidth`); err != nil || w > 391 {
		t.Errorf("on a 390 px phone the page is %v px wide (%v)", w, err)
	}
	if err := p.Viewport(1000, 800); err != nil {
		t.Fatal(err)
	}
	if err := p.PrintMedia(true); err != nil {
		t.Fatal(err)
	}
	breaks, err := browsertest.Eval[[]string](p, `Array.from(document.querySelectorAll('section.child')).map(function (s) { return getComputedStyle(s).breakBefore; })`)
	if err != nil {
		t.Fatal(err)
	}
	if len(breaks) != children {
		t.Errorf("%d child sections, want %d", len(breaks), children)
	}
	for i, b := range breaks {
		if b != "page" {
			t.Errorf("child %d breaks before with %q in print, want page", i+1, b)
		}
	}
	if err := p.PrintMedia(false); err != nil {
		t.Fatal(err)
	}
	pdf, err := p.PDF()
	if err != nil {
		t.Fatal(err)
	}
	// The summary, then each child on a page (or more) of their own.
	if n := browsertest.PDFPages(pdf); n < children+1 {
		t.Errorf("printed on %d A4 pages, want at least %d (the summary and a page per child)", n, children+1)
	}
	t.Logf("printed on %d A4 pages: %s", browsertest.PDFPages(pdf), browsertest.Artifact(t, "report.pdf", pdf))
}
