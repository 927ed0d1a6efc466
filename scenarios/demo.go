package scenarios

import (
	"embed"
	"fmt"
	"io/fs"
	"path/filepath"

	"github.com/linkmatch/linkmatch/internal/output"
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

// ExtractDemo writes the demo scenario's files into dir (created if need
// be), all or none (output.Batch), and returns the path of its
// scenario.toml. Existing files of the same names are replaced.
func ExtractDemo(dir string) (tomlPath string, err error) {
	demo := Demo()
	var b output.Batch
	err = fs.WalkDir(demo, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := fs.ReadFile(demo, p)
		if err != nil {
			return err
		}
		w, err := b.Create(filepath.Join(dir, filepath.FromSlash(p)))
		if err != nil {
			return err
		}
		_, err = w.Write(data)
		return err
	})
	if err != nil {
		b.Abort()
		return "", fmt.Errorf("extract the demo scenario: %w", err)
	}
	if err := b.Commit(); err != nil {
		return "", fmt.Errorf("extract the demo scenario: %w", err)
	}
	return filepath.Join(dir, "scenario.toml"), nil
}
