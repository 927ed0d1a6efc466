package main

import (
	"github.com/linkmatch/linkmatch/internal/output"
	"github.com/linkmatch/linkmatch/scenarios"
)

// outputs and inputs name the files a command writes and reads, for
// output.Check: each path with the flag (or scenario key) it came from.
type files []output.Path

// add appends path under role, when given.
func (f files) add(path, role string) files {
	if path == "" {
		return f
	}
	return append(f, output.Path{Path: path, Role: role})
}

// withScenario adds a loaded scenario's scenario.toml and every file it
// names.
func (f files) withScenario(sc *scenarios.Scenario) files {
	for _, in := range sc.Inputs() {
		role := "the scenario's " + in.Key + " file"
		if in.Key == "scenario.toml" {
			role = "scenario.toml"
		}
		f = f.add(in.Path, role)
	}
	return f
}

// checkOutputs refuses (exit 2, nothing written) outputs that would lose
// data: see output.Check. Commands call it before any work with the inputs
// they know from their flags, and again once the scenario is loaded.
func checkOutputs(outs, ins files) error { return output.Check(outs, ins) }
