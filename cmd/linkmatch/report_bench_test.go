package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/linkmatch/linkmatch/internal/browsertest"
)

// BenchmarkReportOpen500 measures the report of issue 16's large case —
// "linkmatch generate --children 500 --carers 1500 --seed 1" then
// "linkmatch run" — as a reader meets it: its size (MB) and the time
// headless Chromium takes to load and draw it (load-ms, from the start of
// navigation to the end of the load event and the next frame), once per
// iteration with the browser already running. Targets: under 5 MB, under
// 2 s. It measures and asserts nothing about time:
//
//	go test ./cmd/linkmatch -run XXX -bench ReportOpen500 -benchtime 5x
func BenchmarkReportOpen500(b *testing.B) {
	browser := browsertest.Require(b)
	dir := b.TempDir()
	scenario, out := filepath.Join(dir, "G"), filepath.Join(dir, "O")
	for _, args := range [][]string{
		{"generate", "--children", "500", "--carers", "1500", "--seed", "1", "--out", scenario, "--quiet"},
		{"run", scenario, "--out", out, "--quiet"},
	} {
		var stdout, stderr bytes.Buffer
		if err := run(context.Background(), args, strings.NewReader(""), &stdout, &stderr); err != nil {
			b.Fatalf("%s: %v\n%s", args[0], err, stderr.String())
		}
	}
	path := filepath.Join(out, reportFile)
	st, err := os.Stat(path)
	if err != nil {
		b.Fatal(err)
	}
	p := browsertest.Open(b, browser, path)
	if errs := p.Errors(); len(errs) > 0 {
		b.Fatalf("console errors: %q", errs)
	}
	var total float64
	b.ResetTimer()
	for range b.N {
		d, err := p.LoadTime()
		if err != nil {
			b.Fatal(err)
		}
		total += float64(d.Milliseconds())
	}
	b.ReportMetric(total/float64(b.N), "load-ms")
	b.ReportMetric(float64(st.Size())/(1<<20), "MB")
}
