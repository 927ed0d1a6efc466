package pipeline

import (
	"fmt"
	"strings"
	"testing"
)

// TestBreachError: a faulty plan's internal error lists a few breaches, one
// a line, and counts the rest, never one long line.
func TestBreachError(t *testing.T) {
	for _, c := range []struct {
		name      string
		n         int
		lines     int
		wantCount string
	}{
		{"one breach", 1, 2, "(1 breach)"},
		{"a few", 3, 4, "(3 breaches)"},
		{"many", 40, 2 + maxBreaches, "… and 35 more"},
	} {
		t.Run(c.name, func(t *testing.T) {
			errs := make([]error, c.n)
			for i := range errs {
				errs[i] = fmt.Errorf("L-B%d-S1: a breach", i)
			}
			err := breachError(errs)
			msg := err.Error()
			if got := strings.Count(msg, "\n") + 1; got != c.lines {
				t.Errorf("%d lines, want %d:\n%s", got, c.lines, msg)
			}
			if !strings.Contains(msg, c.wantCount) || !strings.HasPrefix(msg, "internal error:") {
				t.Errorf("message %q lacks %q", msg, c.wantCount)
			}
			if strings.Contains(msg, `\n`) {
				t.Errorf("literal \\n in %q", msg)
			}
		})
	}
}
