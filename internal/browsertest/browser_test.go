package browsertest

import (
	"os"
	"path/filepath"
	"testing"
)

// TestCatches: a page that logs an error, throws, and asks for an image
// elsewhere is caught on all three counts, so a clean report's checks can
// fail. The image's address is on the reserved .invalid domain (RFC 2606)
// behind a Content Security Policy that forbids it: no traffic leaves.
func TestCatches(t *testing.T) {
	browser := Require(t)
	path := filepath.Join(t.TempDir(), "bad.html")
	page := `<!DOCTYPE html><html><head><meta http-equiv="Content-Security-Policy" content="default-src 'self' 'unsafe-inline'"></head>
<body><img src="https://example.invalid/x.png" alt=""><svg role="img" aria-labelledby="t" width="0" height="0"><title id="t">empty</title></svg>
<script>console.error("broken"); null.boom;</script></body></html>`
	if err := os.WriteFile(path, []byte(page), 0o644); err != nil {
		t.Fatal(err)
	}
	p := Open(t, browser, path)
	if errs := p.Errors(); len(errs) < 3 {
		t.Errorf("caught %d errors, want the console error, the exception and the refused image: %q", len(errs), errs)
	}
	figs, err := p.Figures()
	if err != nil || len(figs) != 1 || figs[0].Width != 0 {
		t.Errorf("figures %+v, %v", figs, err)
	}
	pdf, err := p.PDF()
	if err != nil || PDFPages(pdf) != 1 {
		t.Errorf("%d pages, %v", PDFPages(pdf), err)
	}
}
