package main

import (
	"context"
	"errors"
	"fmt"

	"github.com/linkmatch/linkmatch/input"
	"github.com/linkmatch/linkmatch/internal/cli"
	"github.com/linkmatch/linkmatch/internal/output"
	"github.com/linkmatch/linkmatch/internal/pipeline"
	"github.com/rs/zerolog"
)

func validateCommand() command {
	return command{
		Name:    "validate",
		Args:    "SCENARIO",
		Summary: "check every input file and list all problems",
		Help:    helpText("validate"),
		Setup:   noFlags(runValidate),
	}
}

func runValidate(ctx context.Context, e *env, args []string) error {
	if len(args) != 1 {
		return usagef("validate needs exactly one SCENARIO (a folder holding scenario.toml, or a .toml file); got %d", len(args))
	}
	// validate prints every warning itself, so the load does not log them too.
	quiet := *e
	quiet.Log = e.Log.Level(zerolog.ErrorLevel)
	s, err := loadScenario(&quiet, args[0])
	var prep *pipeline.Prepared
	if err == nil {
		// What a run parses beyond the load, by the run's own code.
		prep, err = pipeline.Prepare(s, pipeline.Options{Today: today()})
	}
	// With --log-format json, problems and the summary are JSON lines on
	// standard output, with the fields of the log's problem events.
	out := zerolog.New(e.Stdout)
	print := func(ps []input.Problem) {
		for _, p := range ps {
			if e.JSON {
				cli.LogProblem(out, p)
			} else {
				fmt.Fprintln(e.Stdout, output.Printable(p.Error()))
			}
		}
	}
	var inv *input.InvalidError
	if errors.As(err, &inv) {
		if s != nil {
			print(s.Warnings) // Prepare's problems come after the load's warnings
		}
		print(inv.Problems)
		n := (&input.Problems{List: inv.Problems}).ErrorCount()
		// Wrapped so that run's error report does not list the problems a
		// second time; errors.Is(err, input.ErrInvalid) still gives exit 2.
		return fmt.Errorf("%s is not valid: %d problem%s to fix (listed above): %w", args[0], n, plural(n), input.ErrInvalid)
	}
	if err != nil {
		return err
	}
	warnings := append(append([]input.Problem(nil), s.Warnings...), prep.Warnings...)
	print(warnings)
	if e.JSON {
		out.Info().Str("scenario", s.Name).Bool("valid", true).Int("children", len(s.Children)).
			Int("carers", len(s.Carers)).Int("rates", len(s.Rates)).Int("warnings", len(warnings)).Msg("valid")
	} else {
		pipeline.PrintSummary(e.Stdout, s, prep, len(warnings))
	}
	e.Log.Info().Int("children", len(s.Children)).Int("carers", len(s.Carers)).
		Int("warnings", len(warnings)).Msg("scenario is valid")
	return nil
}
