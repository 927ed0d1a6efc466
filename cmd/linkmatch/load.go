package main

import (
	"errors"
	"time"

	"github.com/linkmatch/linkmatch"
	"github.com/linkmatch/linkmatch/input"
	"github.com/linkmatch/linkmatch/internal/inputfile"
	"github.com/linkmatch/linkmatch/internal/pipeline"
	"github.com/linkmatch/linkmatch/scenarios"
)

// loadScenario loads and validates the scenario at path for any command.
// Warnings go to the log; an invalid scenario returns the
// *input.InvalidError listing every problem, which exits 2 with nothing
// written. Log events carry file positions, ids and counts only: problem
// messages are written so that they never quote a date of birth, a name or
// an address (PRODUCT.md, data protection), and are logged as such.
func loadScenario(e *env, path string) (*scenarios.Scenario, error) {
	return loadScenarioFor(e, path, nil)
}

// loadScenarioFor is loadScenario for a command to which some warnings do
// not matter: those quiet reports true for are not logged.
func loadScenarioFor(e *env, path string, quiet func(input.Problem) bool) (*scenarios.Scenario, error) {
	start := time.Now()
	s, ps, err := scenarios.LoadWith(path, scenarios.LoadOptions{Today: today(),
		Limits:    scenarios.Limits{CSV: e.Limits.CSV, GeoJSON: e.Limits.GeoJSON, TOML: e.Limits.TOML},
		Templates: pipeline.ReadTemplate})
	if ps != nil {
		for _, p := range ps.Warnings() {
			if quiet == nil || !quiet(p) {
				logProblem(e, p)
			}
		}
	}
	if err != nil {
		var inv *input.InvalidError
		if errors.As(err, &inv) {
			e.Log.Debug().Int("problems", ps.ErrorCount()).Msg("scenario is invalid")
		}
		return nil, err
	}
	e.Log.Info().
		Str("scenario", s.Name).
		Int("children", len(s.Children)).
		Int("carers", len(s.Carers)).
		Int("rates", len(s.Rates)).
		Int("warnings", len(s.Warnings)).
		Dur("took_ms", time.Since(start)).
		Msg("scenario loaded")
	return s, nil
}

// today is the civil date in England, for age checks when a scenario has
// no plan start. The library never reads the clock; commands do, here.
func today() linkmatch.Date {
	now := time.Now()
	if loc, err := time.LoadLocation("Europe/London"); err == nil {
		now = now.In(loc)
	}
	return linkmatch.DateOf(now.Year(), now.Month(), now.Day())
}

// oneScenario checks that a command was given exactly one SCENARIO.
func oneScenario(args []string) error {
	if len(args) != 1 {
		return usagef("give one SCENARIO (a folder holding scenario.toml, or a .toml file); got %d arguments", len(args))
	}
	return nil
}

// readFlagFile reads the file of kind k given to --flag, within the
// command's input limits; a file that cannot be read is a problem in ps,
// and ok is false.
func readFlagFile(e *env, path, flag string, k inputfile.Kind, ps *input.Problems) (data []byte, ok bool) {
	data, err := inputfile.Read(path, k, e.Limits)
	if inputfile.Problem(ps, path, err, "check the path given to --"+flag) {
		return nil, false
	}
	return data, true
}

// flagSource reads the file given to --flag (path; nil when not given) as
// readFlagFile does.
func flagSource(e *env, path, flag string, k inputfile.Kind, ps *input.Problems) *pipeline.Source {
	if path == "" {
		return nil
	}
	data, _ := readFlagFile(e, path, flag, k, ps)
	return &pipeline.Source{Name: path, Data: data}
}
