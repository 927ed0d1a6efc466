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
	"github.com/linkmatch/linkmatch/internal/output"
	"github.com/linkmatch/linkmatch/scenarios"
)

func validateCommand() command {
	return command{
		name:    "validate",
		args:    "SCENARIO",
		summary: "check every input file and list all problems",
		help: `Checks a scenario before you use it: scenario.toml and every file it names
(children, carers, rates, needs, boundaries, postcodes, travel times).
SCENARIO is the folder holding scenario.toml, or the .toml file itself.

Every problem is listed at once, each with where it is and what to do:
  children.csv:4:17 (date_of_birth): "2012-02-30" is not a real calendar date (YYYY-MM-DD) — write the date as YYYY-MM-DD, for example 2012-05-31
The place is file:line:column; open the file in a text editor or
spreadsheet and go to that row. Warnings (for example a column the tool
does not use) are listed too but do not stop the scenario being used.

Ages are checked on the plan start in scenario.toml, or on today's date
when there is none: every child must be under 18 and born by then.

When the scenario is valid, a short summary is printed: how many
children, carers and free places, which councils are involved, sibling
groups and warnings. Nothing is written to disk.

Exit status: 0 valid (warnings allowed); 2 at least one problem must be
fixed.`,
		setup: noFlags(runValidate),
	}
}

func runValidate(ctx context.Context, e *env, args []string) error {
	if len(args) != 1 {
		return usagef("validate needs exactly one SCENARIO (a folder holding scenario.toml, or a .toml file); got %d", len(args))
	}
	// validate prints every warning itself, so the load does not log them too.
	quiet := *e
	quiet.log = e.log.Level(zerolog.ErrorLevel)
	s, err := loadScenario(&quiet, args[0])
	// With --log-format json, problems and the summary are JSON lines on
	// standard output, with the fields of the log's problem events.
	out := zerolog.New(e.stdout)
	var inv *input.InvalidError
	if errors.As(err, &inv) {
		for _, p := range inv.Problems {
			if e.json {
				logProblemEvent(out, p)
			} else {
				fmt.Fprintln(e.stdout, output.Printable(p.Error()))
			}
		}
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
	for _, p := range s.Warnings {
		if e.json {
			logProblemEvent(out, p)
		} else {
			fmt.Fprintln(e.stdout, output.Printable(p.Error()))
		}
	}
	if e.json {
		out.Info().Str("scenario", s.Name).Bool("valid", true).Int("children", len(s.Children)).
			Int("carers", len(s.Carers)).Int("rates", len(s.Rates)).Int("warnings", len(s.Warnings)).Msg("valid")
	} else {
		printSummary(e.stdout, s)
	}
	e.log.Info().Int("children", len(s.Children)).Int("carers", len(s.Carers)).
		Int("warnings", len(s.Warnings)).Msg("scenario is valid")
	return nil
}

// printSummary is the few lines a family finder checks before running a
// match (scenarios.Summary).
func printSummary(w io.Writer, s *scenarios.Scenario) {
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
		fmt.Fprintf(w, "  in assessment:     %d carers (matched provisionally, nothing before approval)\n", sum.InAssessment)
	}
	fmt.Fprintf(w, "  rates:             %d\n", len(s.Rates))
	if s.Plan.Start != 0 {
		fmt.Fprintf(w, "  plan start:        %s\n", s.Plan.Start)
	}
	fmt.Fprintf(w, "  warnings:          %d\n", len(s.Warnings))
}

// names lists names for people: "none" when there are none.
func names(list []string) string {
	if len(list) == 0 {
		return "none"
	}
	return strings.Join(list, ", ")
}
