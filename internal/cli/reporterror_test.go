package cli

import (
	"bytes"
	"errors"
	"testing"
)

// TestReportErrorLines: an error of several lines prints as several lines,
// each escaped on its own — never a literal "\n" in one long line.
func TestReportErrorLines(t *testing.T) {
	var buf bytes.Buffer
	e := &Env{Stderr: &buf}
	reportError(e, "linkmatch run", errors.New("internal error: two breaches:\n  first\x1b[31m\n  second"))
	got := buf.String()
	want := "linkmatch run: internal error: two breaches:\n  first\\x1b[31m\n  second\n"
	if got != want {
		t.Errorf("printed %q, want %q", got, want)
	}
}
