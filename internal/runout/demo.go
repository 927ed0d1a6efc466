package runout

// This file unpacks a demo scenario for "linkmatch demo".

import (
	"fmt"
	"os"
	"path/filepath"

	"github.com/linkmatch/linkmatch/internal/output"
	"github.com/linkmatch/linkmatch/scenarios"
)

// UnpackDemo writes the files of demo name into dir/scenario through b
// (committed), and returns the path of its scenario.toml and what
// unpacking put in place that was not there: files, and folders ending in
// a path separator, as a Janitor lists them. The demo removes those again
// if it fails, so that "nothing was written" stays true (the scenario is
// written before the run).
func UnpackDemo(b *output.Batch, name, dir string) (tomlPath string, unpacked []string, err error) {
	scenarioDir := filepath.Join(dir, "scenario")
	unpacked = newDemoPaths(name, scenarioDir)
	tomlPath, err = scenarios.StageDemoNamed(b, name, scenarioDir)
	if err == nil {
		err = b.Commit()
	}
	if err != nil {
		return "", nil, fmt.Errorf("unpack the demo: %w", err)
	}
	return tomlPath, unpacked, nil
}

// newDemoPaths lists the files of demo name that unpacking into dir would
// create, and the folders it would make for them (ending in a path
// separator); files and folders already there (an earlier demo's,
// replaced with --force) are not listed.
func newDemoPaths(name, dir string) []string {
	files, err := scenarios.DemoFilesNamed(name)
	if err != nil {
		return nil
	}
	var out []string
	seen := map[string]bool{}
	for _, f := range files {
		p := filepath.Join(dir, filepath.FromSlash(f))
		if _, err := os.Lstat(p); os.IsNotExist(err) {
			out = append(out, p)
		}
		for d := filepath.Dir(p); !seen[d]; d = filepath.Dir(d) {
			seen[d] = true
			if _, err := os.Lstat(d); !os.IsNotExist(err) {
				break
			}
			out = append(out, d+string(filepath.Separator))
		}
	}
	return out
}
