package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/linkmatch/linkmatch/internal/supervise"
)

// TestDemoStoppedLeavesNothing: a demo stopped after it has unpacked its
// scenario (here before it starts, so the run's first stage stops) leaves
// nothing behind, as its message says ("nothing was written"): it said
// so, with the whole scenario/ folder left in --out.
func TestDemoStoppedLeavesNothing(t *testing.T) {
	for _, existing := range []bool{false, true} {
		name := "a new folder"
		if existing {
			name = "an empty folder already there"
		}
		t.Run(name, func(t *testing.T) {
			out := filepath.Join(t.TempDir(), "demo")
			if existing {
				if err := os.Mkdir(out, 0o755); err != nil {
					t.Fatal(err)
				}
			}
			ctx, cancel := context.WithCancelCause(context.Background())
			cancel(supervise.ErrStopped)
			var stdout, stderr bytes.Buffer
			err := settle(ctx, run(ctx, []string{"demo", "--out", out, "--quiet"}, strings.NewReader(""), &stdout, &stderr))
			if code := exitCode(err); code != exitFailure {
				t.Fatalf("exit %d (%v), want 1:\n%s", code, err, stderr.String())
			}
			entries, statErr := os.ReadDir(out)
			switch {
			case existing && statErr != nil:
				t.Errorf("the folder given was removed: %v", statErr)
			case !existing && !os.IsNotExist(statErr):
				t.Errorf("%s was left behind (%v)", out, statErr)
			}
			for _, e := range entries {
				t.Errorf("left behind in --out: %s", e.Name())
			}
		})
	}
}
