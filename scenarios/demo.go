package scenarios

import (
	"embed"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"path/filepath"
	"slices"
	"strings"
)

// demoFS holds the embedded demo scenarios, each a folder with
// scenario.toml: somerset-stepdown, a synthetic Somerset link-carer scheme
// with children in residential homes in Somerset and its neighbours, link
// carers across seven authorities, seed 001 §7's day-care rates and the ONS
// boundaries of those authorities, simplified; and bnes-family-link, a
// synthetic Family Link short-breaks scheme (seed 002) in and around Bath
// and North East Somerset, with illustrative rates and the ONS boundaries
// of B&NES and its neighbours. Nobody in them is real.
//
//go:embed somerset-stepdown bnes-family-link
var demoFS embed.FS

// DefaultDemo is the demo "linkmatch demo" runs without --scenario.
const DefaultDemo = "somerset-stepdown"

// DemoNames returns the names of the embedded demo scenarios, the default
// first.
func DemoNames() []string { return []string{DefaultDemo, "bnes-family-link"} }

// ErrUnknownDemo is matched (errors.Is) when a demo name is not embedded.
var ErrUnknownDemo = errors.New("no such demo scenario")

// DemoNamed returns the embedded demo scenario name as a file system with
// scenario.toml at its root.
func DemoNamed(name string) (fs.FS, error) {
	if !slices.Contains(DemoNames(), name) {
		return nil, fmt.Errorf("%w %q: the demos are %s", ErrUnknownDemo, name, strings.Join(DemoNames(), ", "))
	}
	sub, err := fs.Sub(demoFS, name)
	if err != nil {
		panic("scenarios: embedded demo missing: " + err.Error()) // a build fault
	}
	return sub, nil
}

// Demo returns the default demo scenario (DefaultDemo) as a file system
// with scenario.toml at its root; StageDemo writes it out.
func Demo() fs.FS {
	d, err := DemoNamed(DefaultDemo)
	if err != nil {
		panic(err) // DefaultDemo is always embedded
	}
	return d
}

// Stager stages files to be written together; *output.Batch is one.
type Stager interface {
	// Write stages path with the contents fn writes; on error the whole
	// staging is abandoned.
	Write(path string, fn func(w io.Writer) error) error
}

// StageDemoNamed stages the files of the demo scenario name for dir into s,
// and returns the path its scenario.toml will have once s commits.
func StageDemoNamed(s Stager, name, dir string) (tomlPath string, err error) {
	demo, err := DemoNamed(name)
	if err != nil {
		return "", err
	}
	files, err := DemoFilesNamed(name)
	if err != nil {
		return "", err
	}
	for _, p := range files {
		data, err := fs.ReadFile(demo, p)
		if err == nil {
			err = s.Write(filepath.Join(dir, filepath.FromSlash(p)), func(w io.Writer) error { _, err := w.Write(data); return err })
		}
		if err != nil {
			return "", fmt.Errorf("extract the demo scenario %s: %w", name, err)
		}
	}
	return filepath.Join(dir, "scenario.toml"), nil
}

// DemoFilesNamed lists the files of the demo scenario name, slash-separated
// and relative to its folder, in lexical order.
func DemoFilesNamed(name string) ([]string, error) {
	demo, err := DemoNamed(name)
	if err != nil {
		return nil, err
	}
	var out []string
	_ = fs.WalkDir(demo, ".", func(p string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			out = append(out, p)
		}
		return err
	})
	return out, nil
}
