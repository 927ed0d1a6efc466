//go:build unix

package scenarios

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"

	"github.com/linkmatch/linkmatch/input"
	"github.com/linkmatch/linkmatch/internal/inputfile"
)

// TestLoadRefusesUnsafeFiles: a scenario naming a device, a FIFO, a folder
// or a file over its kind's limit is invalid input (exit 2) with a problem
// at that file, and loading returns at once — it neither hangs on a FIFO
// nor reads /dev/zero until memory runs out.
func TestLoadRefusesUnsafeFiles(t *testing.T) {
	tests := []struct {
		name  string
		file  string                          // the scenario file replaced
		make  func(t *testing.T, path string) // makes it unsafe
		opts  LoadOptions
		kind  input.Kind
		toml  string // appended to scenario.toml
		wantM string // in the problem's message
	}{
		{name: "children is /dev/zero", file: "children.csv", make: symlinkTo("/dev/zero"), kind: input.ErrMissingFile, wantM: "a device"},
		{name: "carers is /dev/urandom", file: "carers.csv", make: symlinkTo("/dev/urandom"), kind: input.ErrMissingFile, wantM: "a device"},
		{name: "children is a FIFO", file: "children.csv", make: fifo, kind: input.ErrMissingFile, wantM: "FIFO"},
		{name: "carers is a folder", file: "carers.csv", make: folder, kind: input.ErrMissingFile, wantM: "a folder"},
		{name: "boundaries is /dev/zero", file: "authorities.geojson", toml: "boundaries = \"authorities.geojson\"\n",
			make: symlinkTo("/dev/zero"), kind: input.ErrMissingFile, wantM: "a device"},
		{name: "pinned is a FIFO", file: "pinned.csv", toml: "pinned = \"pinned.csv\"\n", make: fifo, kind: input.ErrMissingFile, wantM: "FIFO"},
		{name: "template is /dev/zero", file: "template.toml", toml: "template = \"template.toml\"\n", make: symlinkTo("/dev/zero"), kind: input.ErrMissingFile, wantM: "a device"},
		{name: "scenario.toml is a FIFO", file: "scenario.toml", make: fifo, kind: input.ErrMissingFile, wantM: "FIFO"},
		{name: "children over the CSV limit", file: "children.csv", opts: LoadOptions{Limits: Limits{CSV: 100}},
			kind: input.ErrOutOfRange, wantM: "larger than the 100 bytes limit for CSV"},
		{name: "scenario.toml over 1 MB", file: "scenario.toml", make: grow(inputfile.DefaultMaxTOML), kind: input.ErrOutOfRange, wantM: "1 MB limit for TOML"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if strings.HasPrefix(tt.wantM, "a device") {
				if _, err := os.Stat("/dev/zero"); err != nil {
					t.Skip("no /dev/zero here")
				}
			}
			dir := writeScenario(t, nil)
			if tt.toml != "" {
				toml := filepath.Join(dir, "scenario.toml")
				if err := os.WriteFile(toml, []byte(tt.toml+mustRead(t, toml)), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			path := filepath.Join(dir, tt.file)
			if tt.make != nil {
				if err := os.Remove(path); err != nil && !errors.Is(err, fs.ErrNotExist) {
					t.Fatal(err)
				}
				tt.make(t, path)
			}
			s, ps, err := LoadWith(dir, tt.opts)
			if s != nil || !errors.Is(err, input.ErrInvalid) || !errors.Is(err, tt.kind) {
				t.Fatalf("LoadWith error = %v, want invalid input of kind %q", err, tt.kind)
			}
			found := false
			for _, p := range ps.List {
				found = found || (p.File == path && strings.Contains(p.Message, tt.wantM))
			}
			if !found {
				t.Errorf("no problem at %s saying %q; got %v", path, tt.wantM, ps.List)
			}
		})
	}
}

func symlinkTo(target string) func(*testing.T, string) {
	return func(t *testing.T, path string) {
		if err := os.Symlink(target, path); err != nil {
			t.Fatal(err)
		}
	}
}

func fifo(t *testing.T, path string) {
	if err := syscall.Mkfifo(path, 0o644); err != nil {
		t.Skipf("cannot make a FIFO here: %v", err)
	}
}

func folder(t *testing.T, path string) {
	if err := os.Mkdir(path, 0o755); err != nil {
		t.Fatal(err)
	}
}

// grow writes a valid-looking TOML file of just over n bytes (a comment
// padding a real setting).
func grow(n int) func(*testing.T, string) {
	return func(t *testing.T, path string) {
		text := "name = \"big\"\n# " + strings.Repeat("x", n) + "\n"
		if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}
