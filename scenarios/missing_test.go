package scenarios

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/linkmatch/linkmatch/input"
)

// TestLoadMissingScenario: a SCENARIO that names nothing, or a folder
// without scenario.toml, is said as that (tryout 14), not as a file
// scenario.toml names.
func TestLoadMissingScenario(t *testing.T) {
	empty := t.TempDir()
	tests := []struct {
		name, path, want string
	}{
		{"no such folder", filepath.Join(empty, "nowhere"), "there is no folder or file of this name"},
		{"folder without scenario.toml", empty, "the folder has no scenario.toml"},
		{"no such .toml file", filepath.Join(empty, "mine.toml"), "there is no folder or file of this name"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, ps, err := LoadWith(tc.path, LoadOptions{})
			if !errors.Is(err, input.ErrInvalid) || ps == nil || len(ps.List) != 1 {
				t.Fatalf("err = %v, want one problem", err)
			}
			p := ps.List[0]
			if p.File != tc.path || p.Message != tc.want || strings.Contains(p.Hint, "in scenario.toml") || !errors.Is(p, input.ErrMissingFile) {
				t.Errorf("problem %q (hint %q), want %q at %s", p.Message, p.Hint, tc.want, tc.path)
			}
		})
	}
	if err := os.WriteFile(filepath.Join(empty, "scenario.toml"), []byte("name = 1\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	_, ps, err := LoadWith(empty, LoadOptions{})
	if err == nil {
		t.Fatal("a scenario.toml whose name is a number was accepted")
	}
	if ps != nil && len(ps.List) > 0 && ps.List[0].Message == "the folder has no scenario.toml" {
		t.Error("a folder with scenario.toml is said to have none")
	}
}
