package pipeline

import (
	"fmt"
	"io"
	"strings"

	"github.com/linkmatch/linkmatch"
	"github.com/linkmatch/linkmatch/internal/english"
	"github.com/linkmatch/linkmatch/scenarios"
)

// PrintSummary writes the few lines a family finder checks before running
// a match ("linkmatch validate"): the scenario's counts (scenarios.Summary)
// and what a run would use, prep being the scenario prepared for one.
func PrintSummary(w io.Writer, s *scenarios.Scenario, prep *Prepared, warnings int) {
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
		carers += fmt.Sprintf(" (%d carer%s without an authority)", n, english.S(n))
	}
	fmt.Fprintf(w, "    carers':         %s\n", carers)
	if s.Scheme == linkmatch.SchemeShortBreaks {
		fmt.Fprintf(w, "  scheme:            short breaks (%s)\n", s.Template.Name())
		fmt.Fprintf(w, "  breaks:            %s a month assessed; carers offer %d\n", english.Count(sum.BreaksAssessed, "session", "sessions"), sum.BreaksOffered)
	}
	if sum.InAssessment > 0 {
		fmt.Fprintf(w, "  in assessment:     %d carer%s (matched provisionally, nothing before approval)\n", sum.InAssessment, english.S(sum.InAssessment))
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
