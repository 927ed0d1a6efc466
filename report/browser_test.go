package report

import (
	"os"
	"path/filepath"
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
	browsertest.CheckReport(t, p, len(fixtureModel().Children), 2)
	shot, err := p.Screenshot()
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("screenshot: %s", browsertest.Artifact(t, "fixture-report.png", shot))
}
