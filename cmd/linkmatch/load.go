package main

import (
	"errors"
	"time"

	"github.com/linkmatch/linkmatch"
	"github.com/linkmatch/linkmatch/internal/table"
	"github.com/linkmatch/linkmatch/scenarios"
)

// loadScenario loads and validates the scenario at path for any command.
// Warnings go to the log; an invalid scenario returns the
// *table.InvalidError listing every problem, which exits 2 with nothing
// written. Log events carry file positions, ids and counts only: problem
// messages are written so that they never quote a date of birth, a name or
// an address (PRODUCT.md, data protection), and are logged as such.
func loadScenario(e *env, path string) (*scenarios.Scenario, error) {
	start := time.Now()
	s, ps, err := scenarios.LoadWith(path, scenarios.LoadOptions{Today: today(), Limits: e.limits})
	if ps != nil {
		for _, p := range ps.Warnings() {
			logProblem(e, p)
		}
	}
	if err != nil {
		var inv *table.InvalidError
		if errors.As(err, &inv) {
			e.log.Debug().Int("problems", ps.ErrorCount()).Msg("scenario is invalid")
		}
		return nil, err
	}
	e.log.Info().
		Str("scenario", s.Name).
		Int("children", len(s.Children)).
		Int("carers", len(s.Carers)).
		Int("rates", len(s.Rates)).
		Int("warnings", len(s.Warnings)).
		Dur("took", time.Since(start)).
		Msg("scenario loaded")
	return s, nil
}

// logProblem logs one input warning by its place, kind and hint.
func logProblem(e *env, p table.Problem) { logProblemEvent(e.log, p) }

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
