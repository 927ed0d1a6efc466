package runout

import (
	"os"
	"path/filepath"

	"github.com/linkmatch/linkmatch"
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
// where an output would replace one of the scenario's own files, and a
// workbook (xlsx, "" for none) for a short-breaks run or over one of the
// scenario's files. Unless force, a folder that holds files under the
// outputs' names but no run.json (so no earlier run wrote them: they are
// the user's) is refused too.
func CheckRunDir(dir string, sc *scenarios.Scenario, xlsx string, force bool) error {
	if dir == output.Stdout {
		return cli.Usagef("--out must be a folder: a run writes several files")
	}
	if err := output.CheckDir(dir, "--out"); err != nil {
		return err
	}
	var outs output.Paths
	for _, name := range Outputs() {
		outs = outs.Add(filepath.Join(dir, name), "the run's "+name)
	}
	if sc == nil {
		return output.Check(outs, nil)
	}
	if err := NotScenarioFolder(dir, "--out", "the run's outputs", "run", sc); err != nil {
		return err
	}
	if err := refuseOthersFiles(dir, force); err != nil {
		return err
	}
	ins := ScenarioPaths(sc)
	if err := output.Check(outs, ins); err != nil || xlsx == "" {
		return err
	}
	if sc.Scheme == linkmatch.SchemeShortBreaks {
		return cli.Usagef("--xlsx: the workbook is for step-down runs; a short-breaks run writes entitlement.csv, agreements.csv and a written agreement for each link instead — leave out --xlsx")
	}
	return output.Check(output.Paths{}.Add(xlsx, "--xlsx"), ins)
}

// CheckReportScenario refuses, before the report of the run in dir is
// made, a short-breaks run's scenario, sc: the panel report and workbook
// describe children in residential homes and their step-down plans; a
// short-breaks run's own documents are its written agreements. It refuses
// too outputs, outs, that would replace a file of the scenario.
func CheckReportScenario(dir string, sc *scenarios.Scenario, outs output.Paths) error {
	if sc.Scheme == linkmatch.SchemeShortBreaks {
		return cli.Usagef("%s is a short-breaks run: the panel report and workbook are for step-down runs (children in residential homes); for short breaks use the run's entitlement.csv, agreements.csv and agreement-LINK.html files", dir)
	}
	return output.Check(outs, ScenarioPaths(sc))
}

// DemoWorkbook is the workbook a demo of sc writes into dir, beside its
// report: "" for a short-breaks scenario (the workbook reads step-down
// runs).
func DemoWorkbook(dir string, sc *scenarios.Scenario) string {
	if sc.Scheme != linkmatch.SchemeStepDown {
		return ""
	}
	return filepath.Join(dir, Workbook)
}

// NotScenarioFolder refuses dir, a folder given to role for the named
// outputs, when it is the scenario's own folder (however spelt): one
// run's files would be mixed with the scenario's, a later run's clean-up
// would work in it, and a scenario naming an output's file would lose it.
// run --out, plan --ics-dir and plan --agreements all use it.
// sub names the folder inside dir the message suggests.
func NotScenarioFolder(dir, role, what, sub string, sc *scenarios.Scenario) error {
	if dir == "" || !sameFolder(dir, sc.Dir) {
		return nil
	}
	return cli.Usagef("%s %s is the scenario's own folder: give a folder for %s, such as %s (a new folder, or one inside the scenario's)",
		role, dir, what, filepath.Join(dir, sub))
}

// AgreementsNotInScenario refuses a short-breaks plan whose written
// agreements and entitlement.csv would go, by default (agreements "",
// beside warnings), into the scenario's own folder, as --agreements naming
// that folder is refused (tester: plan --out family-link/timeline.csv).
// flag and path are the option that put them there, for the message.
func AgreementsNotInScenario(agreements, warnings, flag, path string, sc *scenarios.Scenario) error {
	if agreements != "" || warnings == "" || sc.Scheme != linkmatch.SchemeShortBreaks {
		return nil
	}
	dir := filepath.Dir(warnings)
	if !sameFolder(dir, sc.Dir) {
		return nil
	}
	return cli.Usagef("%s %s would put the written agreements and entitlement.csv in the scenario's own folder: give %s in another folder, such as %s, or a folder for the agreements with --agreements",
		flag, path, flag, filepath.Join(dir, "plan", filepath.Base(path)))
}

// refuseOthersFiles refuses, unless force, a folder holding files under
// the run's output names when it has no run.json: an earlier run's outputs
// may be replaced, a user's own costs.csv may not (tester).
func refuseOthersFiles(dir string, force bool) error {
	if force {
		return nil
	}
	if _, err := os.Lstat(filepath.Join(dir, "run.json")); err == nil {
		return nil
	}
	var targets []string
	for _, name := range append(Outputs(), BreaksOutputs()...) {
		targets = append(targets, filepath.Join(dir, name))
	}
	return output.RefuseExisting(dir, targets, false, "the run (no run.json says an earlier run wrote them)")
}

// sameFolder reports whether a and b are the same existing folder, however
// the paths are spelt (relative, through a link).
func sameFolder(a, b string) bool {
	sa, err := os.Stat(a)
	if err != nil {
		return false
	}
	sb, err := os.Stat(b)
	return err == nil && os.SameFile(sa, sb)
}

// CheckDemoDir refuses, before any work, a folder for the demo name that
// CheckRunDir refuses, or that — unless force — already holds files the
// demo would write (its scenario's or its outputs): the user may have
// changed them.
func CheckDemoDir(dir, name string, force bool) error {
	if err := CheckRunDir(dir, nil, "", force); err != nil {
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
