package runout

import (
	"path/filepath"

	"github.com/linkmatch/linkmatch/internal/cli"
	"github.com/linkmatch/linkmatch/internal/output"
	"github.com/linkmatch/linkmatch/match/generate"
	"github.com/linkmatch/linkmatch/scenarios"
)

// ScenarioPaths are a loaded scenario's scenario.toml and every file it
// names, as inputs for output.Check.
func ScenarioPaths(sc *scenarios.Scenario) output.Paths {
	var f output.Paths
	for _, in := range sc.Inputs() {
		role := "the scenario's " + in.Key + " file"
		if in.Key == "scenario.toml" {
			role = "scenario.toml"
		}
		f = f.Add(in.Path, role)
	}
	return f
}

// CheckRunDir refuses, before any work, an output folder that is not a
// folder or holds, under an output's name, something that is not an
// ordinary file; and, once the scenario is known (sc not nil), a folder
// where an output would replace one of the scenario's own files.
func CheckRunDir(dir string, sc *scenarios.Scenario) error {
	if dir == output.Stdout {
		return cli.Usagef("--out must be a folder: a run writes several files")
	}
	if err := output.CheckDir(dir, "--out"); err != nil {
		return err
	}
	var outs, ins output.Paths
	for _, name := range Outputs() {
		outs = outs.Add(filepath.Join(dir, name), "the run's "+name)
	}
	if sc != nil {
		ins = ScenarioPaths(sc)
	}
	return output.Check(outs, ins)
}

// CheckDemoDir refuses, before any work, a folder for the demo name that
// CheckRunDir refuses, or that — unless force — already holds files the
// demo would write (its scenario's or its outputs): the user may have
// changed them.
func CheckDemoDir(dir, name string, force bool) error {
	if err := CheckRunDir(dir, nil); err != nil {
		return err
	}
	demoFiles, err := scenarios.DemoFilesNamed(name)
	if err != nil {
		return cli.Usagef("--scenario: %v", err)
	}
	var targets []string
	for _, p := range demoFiles {
		targets = append(targets, filepath.Join(dir, "scenario", filepath.FromSlash(p)))
	}
	for _, out := range append(Outputs(), BreaksOutputs()...) {
		targets = append(targets, filepath.Join(dir, out))
	}
	var outs output.Paths
	for _, t := range targets {
		outs = outs.Add(t, "the demo's "+filepath.Base(t))
	}
	if err := output.Check(outs, nil); err != nil {
		return err
	}
	return output.RefuseExisting(dir, targets, force, "the demo")
}

// CheckGenerateDir refuses, before any work, a folder for "linkmatch
// generate" that is not a folder, an output that is one of the inputs
// (the files given to --boundaries and --centroids, "" when not given)
// or not an ordinary file, and — unless force — files the scenario would
// replace.
func CheckGenerateDir(dir, boundaries, centroids string, force bool) error {
	if dir == output.Stdout {
		return cli.Usagef("--out must be a folder: a scenario is several files")
	}
	if err := output.CheckDir(dir, "--out"); err != nil {
		return err
	}
	stub := generate.Files{Rates: []byte{}}
	if boundaries != "" {
		stub.Boundaries = []byte{} // the scenario carries a copy
	}
	var targets []string
	var outs output.Paths
	for _, name := range generate.FileNames(stub) {
		p := filepath.Join(dir, name)
		targets = append(targets, p)
		outs = outs.Add(p, "the scenario's "+name)
	}
	ins := output.Paths{}.Add(boundaries, "--boundaries").Add(centroids, "--centroids")
	if err := output.Check(outs, ins); err != nil {
		return err
	}
	return output.RefuseExisting(dir, targets, force, "generate")
}
