package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/rs/zerolog"

	"github.com/linkmatch/linkmatch"
	"github.com/linkmatch/linkmatch/input"
	"github.com/linkmatch/linkmatch/internal/cli"
	"github.com/linkmatch/linkmatch/internal/output"
	"github.com/linkmatch/linkmatch/internal/pipeline"
	"github.com/linkmatch/linkmatch/scenarios"
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
		n := 0
		for _, p := range inv.Problems {
			if !p.Warning {
				n++
			}
		}
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
		printSummary(e.Stdout, s, prep, len(warnings))
	}
	e.Log.Info().Int("children", len(s.Children)).Int("carers", len(s.Carers)).
		Int("warnings", len(warnings)).Msg("scenario is valid")
	return nil
}

// printSummary is the few lines a family finder checks before running a
// match (scenarios.Summary).
func printSummary(w io.Writer, s *scenarios.Scenario, prep *pipeline.Prepared, warnings int) {
	sum := s.Summary()
	name := s.Name
	if name == "" {
		name = s.Path
	}
	fmt.Fprintf(w, "%s: valid\n", name)
	fmt.Fprintf(w, "  children:          %d\n", len(s.Children))
	fmt.Fprintf(w, "  sibling groups:    %d\n", sum.SiblingGroups)
	fmt.Fprintf(w, "  carers:            %d\n", len(s.Carers))
	fmt.Fprintf(w, "  free places:       %d (capacity minus current links)\n", sum.FreePlaces)
	fmt.Fprintf(w, "  authorities:       %d\n", sum.Authorities)
	fmt.Fprintf(w, "    children's:      %s\n", names(sum.ChildAuthorities))
	carers := names(sum.CarerAuthorities)
	if n := sum.CarersWithoutAuthority; n > 0 {
		carers += fmt.Sprintf(" (%d carer%s without an authority)", n, plural(n))
	}
	fmt.Fprintf(w, "    carers':         %s\n", carers)
	if s.Scheme == linkmatch.SchemeShortBreaks {
		fmt.Fprintf(w, "  scheme:            short breaks (%s)\n", s.Template.Name())
		fmt.Fprintf(w, "  breaks:            %d sessions a month assessed; carers offer %d\n", sum.BreaksAssessed, sum.BreaksOffered)
	}
	if sum.InAssessment > 0 {
		fmt.Fprintf(w, "  in assessment:     %d carer%s (matched provisionally, nothing before approval)\n", sum.InAssessment, plural(sum.InAssessment))
	}
	fmt.Fprintf(w, "  rates:             %d\n", len(s.Rates))
	fmt.Fprintf(w, "  plan start:        %s\n", s.Plan.Start)
	fmt.Fprintf(w, "  stage template:    %s\n", prep.Template.Name)
	fmt.Fprintf(w, "  matching mode:     %s\n", prep.Mode)
	if n := len(prep.Pins.Rows); n > 0 {
		fmt.Fprintf(w, "  pinned links:      %d\n", n)
	}
	fmt.Fprintf(w, "  warnings:          %d\n", warnings)
}

// names lists names for people: "none" when there are none.
func names(list []string) string {
	if len(list) == 0 {
		return "none"
	}
	return strings.Join(list, ", ")
}
