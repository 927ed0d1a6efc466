// Package browsertest opens the panel report in headless Chromium for tests
// (issue 16): it finds the browser, loads a page from a file with no
// network, and answers what a test asks — console errors, network requests,
// the size of figures, styles under print media, the page count when
// printed on A4, screenshots. It drives the browser with chromedp
// (github.com/chromedp/chromedp), the Chrome DevTools Protocol in Go.
//
// Only tests import it.
package browsertest

import (
	"context"
	"fmt"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/emulation"
	cdplog "github.com/chromedp/cdproto/log"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"
)

// Find returns the Chromium (or Chrome) to use: $LINKMATCH_CHROMIUM, else
// the first of chromium, chromium-browser, google-chrome on the PATH.
func Find() (string, bool) {
	if p := os.Getenv("LINKMATCH_CHROMIUM"); p != "" {
		return p, true
	}
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome"} {
		if p, err := exec.LookPath(name); err == nil {
			return p, true
		}
	}
	return "", false
}

// Require returns the browser, or ends the test: a skip with a message on
// a developer's machine without one, a failure in CI (CI set), where
// .ci/run installs Debian's chromium and the test must run.
func Require(t testing.TB) string {
	t.Helper()
	p, ok := Find()
	switch {
	case ok:
		return p
	case os.Getenv("CI") != "":
		t.Fatal("no Chromium found in CI: .ci/run installs it with apt-get install -y chromium (or set LINKMATCH_CHROMIUM)")
	default:
		t.Skip("no Chromium found (install Debian's chromium, or set LINKMATCH_CHROMIUM): the browser test is skipped on this machine; CI runs it")
	}
	return ""
}

// Page is a report loaded in a headless browser.
type Page struct {
	ctx  context.Context
	path string

	mu       sync.Mutex
	errors   []string
	requests []string
}

// Open starts a headless browser with its own new profile and loads the
// file at path. The browser stops when the test ends. The flags keep it
// off the network: no background networking, component updates, sync or
// QUIC; the page itself may load nothing (Requests lists any attempt).
func Open(t testing.TB, browser, path string) *Page {
	t.Helper()
	abs, err := filepath.Abs(path)
	if err != nil {
		t.Fatal(err)
	}
	opts := []chromedp.ExecAllocatorOption{
		chromedp.ExecPath(browser), chromedp.Headless, chromedp.NoSandbox, chromedp.DisableGPU, chromedp.NoFirstRun,
		chromedp.NoDefaultBrowserCheck, chromedp.UserDataDir(t.TempDir()), chromedp.WindowSize(1000, 800),
		chromedp.Flag("disable-quic", true), chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true), chromedp.Flag("disable-sync", true),
		chromedp.Flag("disable-extensions", true), chromedp.Flag("disable-dev-shm-usage", true),
		chromedp.Flag("disable-default-apps", true), chromedp.Flag("metrics-recording-only", true),
	}
	allocCtx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	ctx, cancelTab := chromedp.NewContext(allocCtx)
	ctx, cancelTime := context.WithTimeout(ctx, 3*time.Minute)
	t.Cleanup(func() { cancelTime(); cancelTab(); cancelAlloc() })
	p := &Page{ctx: ctx, path: abs}
	if err := chromedp.Listen(ctx, p.event); err != nil {
		t.Fatalf("start the browser: %v", err)
	}
	if _, err := chromedp.Call(ctx, cdplog.Enable, struct{}{}); err != nil {
		t.Fatalf("enable the browser's log: %v", err)
	}
	if _, err := chromedp.Call(ctx, network.Enable, network.EnableParams{}); err != nil {
		t.Fatalf("enable the browser's network events: %v", err)
	}
	u := url.URL{Scheme: "file", Path: filepath.ToSlash(abs)}
	if err := chromedp.Do(ctx, chromedp.Navigate(u.String())); err != nil {
		t.Fatalf("load %s: %v", path, err)
	}
	return p
}

// LoadTime loads the page again and returns how long the browser took,
// from the start of navigation to the end of the load event (Navigation
// Timing Level 2), with the page drawn: the time a reader waits.
func (p *Page) LoadTime() (time.Duration, error) {
	u := url.URL{Scheme: "file", Path: filepath.ToSlash(p.path)}
	if err := chromedp.Do(p.ctx, chromedp.Navigate(u.String())); err != nil {
		return 0, err
	}
	ms, err := chromedp.Run(p.ctx, chromedp.Evaluate[float64](`new Promise(function (done) {
		requestAnimationFrame(function () { setTimeout(function () {
			var n = performance.getEntriesByType('navigation')[0];
			done(Math.max(n.loadEventEnd, performance.now()) - n.startTime);
		}, 0); });
	})`, chromedp.EvalAwaitPromise))
	return time.Duration(ms * float64(time.Millisecond)), err
}

// event records errors and requests as the browser reports them.
func (p *Page) event(ev any) {
	p.mu.Lock()
	defer p.mu.Unlock()
	switch e := ev.(type) {
	case *runtime.EventConsoleAPICalled:
		if e.Type == runtime.ConsoleAPICalledTypeError || e.Type == runtime.ConsoleAPICalledTypeAssert {
			var parts []string
			for _, a := range e.Args {
				parts = append(parts, string(a.Value))
			}
			p.errors = append(p.errors, "console."+string(e.Type)+": "+strings.Join(parts, " "))
		}
	case *runtime.EventExceptionThrown:
		p.errors = append(p.errors, "exception: "+e.ExceptionDetails.Text)
	case *cdplog.EventEntryAdded:
		if e.Entry.Level == cdplog.EntryLevelError {
			p.errors = append(p.errors, fmt.Sprintf("log (%s): %s %s", e.Entry.Source, e.Entry.Text, e.Entry.URL))
		}
	case *network.EventRequestWillBeSent:
		p.requests = append(p.requests, e.Request.URL)
	}
}

// Errors are the console errors, exceptions and error log entries so far.
func (p *Page) Errors() []string {
	p.mu.Lock()
	defer p.mu.Unlock()
	return append([]string(nil), p.errors...)
}

// Requests are the addresses the page asked for so far, itself included.
func (p *Page) Requests() []string {
	p.mu.Lock()
	defer p.mu.Unlock()
	return append([]string(nil), p.requests...)
}

// Eval evaluates a JavaScript expression in the page into out (by JSON).
func Eval[T any](p *Page, expr string) (T, error) {
	return chromedp.Run(p.ctx, chromedp.Evaluate[T](expr))
}

// Box is an element's size on the page, in CSS pixels.
type Box struct {
	Label  string  `json:"label"`
	Width  float64 `json:"width"`
	Height float64 `json:"height"`
}

// Figures returns the size of every figure's chart (svg with role="img"),
// labelled by its aria-labelledby.
func (p *Page) Figures() ([]Box, error) {
	return Eval[[]Box](p, `Array.from(document.querySelectorAll('svg[role="img"]')).map(function (s) {
		var r = s.getBoundingClientRect();
		return {label: s.getAttribute('aria-labelledby'), width: r.width, height: r.height};
	})`)
}

// PrintMedia switches the page to print styles (true) or back to screen.
func (p *Page) PrintMedia(on bool) error {
	media := ""
	if on {
		media = "print"
	}
	_, err := chromedp.Call(p.ctx, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{Media: media})
	return err
}

// PDF prints the page on A4 as the browser's print dialog would, with
// backgrounds.
func (p *Page) PDF() ([]byte, error) {
	return chromedp.Run(p.ctx, chromedp.PrintToPDF(chromedp.PDFPaper(chromedp.PaperA4), chromedp.PDFPrintBackground()))
}

// pageObject matches a page object of a PDF ("/Type /Page", not "/Pages").
var pageObject = regexp.MustCompile(`/Type\s*/Page\b[^s]`)

// PDFPages counts the pages of a PDF as Chromium writes it (page objects
// are not compressed into object streams).
func PDFPages(pdf []byte) int { return len(pageObject.FindAll(pdf, -1)) }

// Screenshot captures the whole page as a PNG.
func (p *Page) Screenshot() ([]byte, error) {
	return chromedp.Run(p.ctx, chromedp.FullScreenshot(100))
}

// ScreenshotOf captures one element (a CSS selector) as a PNG.
func (p *Page) ScreenshotOf(sel string) ([]byte, error) {
	return chromedp.Run(p.ctx, chromedp.Screenshot(chromedp.CSS(sel)))
}

// Tab presses the Tab key once, moving the keyboard's focus.
func (p *Page) Tab() error {
	return chromedp.Do(p.ctx, chromedp.KeyEvent(kb.Tab))
}

// Viewport sets the window's size in CSS pixels (a phone is 390 wide).
func (p *Page) Viewport(w, h int64) error {
	return chromedp.Do(p.ctx, chromedp.EmulateViewport(w, h))
}

// Artifact writes data under $LINKMATCH_ARTIFACTS (when set) or the test's
// temporary folder, and returns the path, for a person to look at.
func Artifact(t testing.TB, name string, data []byte) string {
	t.Helper()
	dir := os.Getenv("LINKMATCH_ARTIFACTS")
	if dir == "" {
		dir = t.TempDir()
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(dir, name)
	if err := os.WriteFile(path, data, 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

// CheckReport checks a loaded panel report with children sections and
// links Gantt charts as a reader meets it: no console error and no
// request beyond the file itself; the map and every Gantt chart drawn at a
// real size; the first Tab reaching the skip link; no sideways scrolling
// on a 390 px phone; and, printed, every child starting a new page (the
// print styles break before each child, and the A4 PDF has at least a
// page per child after the summary). The PDF is kept as an artifact.
func CheckReport(t *testing.T, p *Page, children, links int) {
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
	if focus, err := Eval[string](p, `document.activeElement.className`); err != nil || focus != "skip" {
		t.Errorf("the first Tab reaches %q (%v), want the skip link", focus, err)
	}
	if err := p.Viewport(390, 844); err != nil {
		t.Fatal(err)
	}
	if w, err := Eval[float64](p, `document.documentElement.scrollWidth`); err != nil || w > 391 {
		t.Errorf("on a 390 px phone the page is %v px wide (%v)", w, err)
	}
	if err := p.Viewport(1000, 800); err != nil {
		t.Fatal(err)
	}
	if err := p.PrintMedia(true); err != nil {
		t.Fatal(err)
	}
	breaks, err := Eval[[]string](p, `Array.from(document.querySelectorAll('section.child')).map(function (s) { return getComputedStyle(s).breakBefore; })`)
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
	if n := PDFPages(pdf); n < children+1 {
		t.Errorf("printed on %d A4 pages, want at least %d (the summary and a page per child)", n, children+1)
	}
	t.Logf("printed on %d A4 pages: %s", PDFPages(pdf), Artifact(t, "report.pdf", pdf))
}
