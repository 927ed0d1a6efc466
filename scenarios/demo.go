package scenarios

import (
	"embed"
	"fmt"
	"io"
	"io/fs"
	"path/filepath"
)

// demoFS is the demo scenario: a synthetic Somerset link-carer scheme with
// children in residential homes in Somerset and its neighbours, link carers
// across seven authorities, seed 001 §7's day-care rates and the ONS
// boundaries of those authorities, simplified. Nobody in it is real.
//
//go:embed somerset-stepdown
var demoFS embed.FS

const demoDir = "somerset-stepdown"

// Demo returns the demo scenario as a file system with scenario.toml at its
// root; ExtractDemo writes it to a folder LoadWith can load.
func Demo() fs.FS {
	sub, err := fs.Sub(demoFS, demoDir)
	if err != nil {
		panic("scenarios: embedded demo missing: " + err.Error()) // a build fault
	}
	return sub
}

// Stager stages files to be written together; *output.Batch is one.
type Stager interface {
	// Write stages path with the contents fn writes; on error the whole
	// staging is abandoned.
	Write(path string, fn func(w io.Writer) error) error
}

// StageDemo stages the demo scenario's files for dir into s, and returns
// the path its scenario.toml will have once s commits.
func StageDemo(s Stager, dir string) (tomlPath string, err error) {
	demo := Demo()
	for _, p := range DemoFiles() {
		data, err := fs.ReadFile(demo, p)
		if err == nil {
			err = s.Write(filepath.Join(dir, filepath.FromSlash(p)), func(w io.Writer) error { _, err := w.Write(data); return err })
		}
		if err != nil {
			return "", fmt.Errorf("extract the demo scenario: %w", err)
		}
	}
	return filepath.Join(dir, "scenario.toml"), nil
}

// DemoFiles lists the demo scenario's files, slash-separated and relative
// to its folder, in lexical order.
func DemoFiles() []string {
	var out []string
	_ = fs.WalkDir(Demo(), ".", func(p string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			out = append(out, p)
		}
		return err
	})
	return out
}
