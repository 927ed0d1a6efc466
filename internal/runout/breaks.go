package runout

import (
	"bytes"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/linkmatch/linkmatch/assign"
	"github.com/linkmatch/linkmatch/cost"
	"github.com/linkmatch/linkmatch/internal/english"
	"github.com/linkmatch/linkmatch/internal/pipeline"
	"github.com/linkmatch/linkmatch/match"
	"github.com/linkmatch/linkmatch/plan"
	"github.com/linkmatch/linkmatch/scenarios"
)

// This file writes and prints what Family Link short breaks (seed 002,
// issue 17) add to the commands: the stages are internal/pipeline's.

// BreaksOutputs are the files a short-breaks run writes beside a run's
// usual outputs; each link's agreement-LINK.html is written too
// (isRunOutput).
func BreaksOutputs() []string {
	return []string{"entitlement.csv", "agreements.csv", "certificate-parts.csv"}
}

// isRunOutput reports whether name is a file a run may write: a stale one
// may be removed by a later run.
func isRunOutput(name string) bool {
	for _, n := range append(Outputs(), BreaksOutputs()...) {
		if n == name {
			return true
		}
	}
	return strings.HasPrefix(name, "agreement-") && strings.HasSuffix(name, ".html") && !strings.ContainsAny(name, `/\`)
}

// breaksWriters lists the files a short-breaks run writes beside run.json
// and timings.json (and pairs.csv, written as scored): the shortlist, the links with their
// agreed breaks and each child's share met, the certificates of the proven
// phases, the plan, the written agreements and, when costed, the costs.
func breaksWriters(res *pipeline.Result, sc *scenarios.Scenario, london *time.Location) []Named {
	s, p := res.Scored, res.Planned.Result
	outs := []Named{
		{"shortlist.csv", func(w io.Writer) error { return match.WriteShortlistCSV(w, s.Scorer, s.Shortlist) }},
	}
	for _, o := range breakMatchWriters(sc, res.Breaks.Links, "certificate.csv", "certificate-parts.csv") {
		if o.Name == "entitlement.csv" {
			o.Write = withPlannedYear(o.Write, res.Years)
		}
		outs = append(outs, o)
	}
	outs = append(outs,
		Named{"plan_warnings.csv", func(w io.Writer) error { return plan.WriteWarnings(w, p.Warnings) }},
		Named{"timeline.csv", func(w io.Writer) error { return plan.WriteTimeline(w, p.Sessions) }},
		Named{"timeline.ics", func(w io.Writer) error { return plan.WriteICS(w, p.Sessions, london, sc.Plan.Start) }})
	outs = append(outs, AgreementWriters(res.Agreements, sc.Name)...)
	if c := res.Costs; c != nil {
		outs = append(outs,
			Named{"costs.csv", func(w io.Writer) error { return cost.WriteCosts(w, c) }},
			Named{"cost-summary.csv", func(w io.Writer) error { return cost.WriteSummaryOf(w, c) }},
			Named{"carer_statements.csv", func(w io.Writer) error { return cost.WriteStatements(w, c) }})
	}
	return outs
}

// breakMatchWriters are matches.csv (with each link's agreed breaks),
// entitlement.csv (each child's share met), unmatched.csv, and the
// certificate of each proven phase under cert1 (one carer per child) and
// cert2 (the parts); "" leaves one out.
func breakMatchWriters(sc *scenarios.Scenario, res *match.BreaksResult, cert1, cert2 string) []Named {
	outs := []Named{
		{"matches.csv", func(w io.Writer) error { return match.WriteBreakMatches(w, sc.Children, sc.Carers, res) }},
		{"entitlement.csv", func(w io.Writer) error { return match.WriteBreakShares(w, sc.Children, res) }},
		{"unmatched.csv", func(w io.Writer) error { return match.WriteBreakUnmatched(w, sc.Children, res) }},
	}
	for i, name := range []string{cert1, cert2} {
		if i < len(res.Phases) && name != "" && res.Phases[i].Proven {
			ph := res.Phases[i]
			outs = append(outs, Named{name, func(w io.Writer) error { return match.WriteCertificate(w, ph.Problem, ph.Result) }})
		}
	}
	return outs
}

// AgreementWriters are agreements.csv and one agreement-LINK.html per link.
func AgreementWriters(as []plan.Agreement, scenario string) []Named {
	outs := []Named{{"agreements.csv", func(w io.Writer) error { return plan.WriteAgreements(w, as) }}}
	for i := range as {
		a := &as[i]
		outs = append(outs, Named{plan.AgreementFileName(a.LinkID), func(w io.Writer) error { return plan.WriteAgreementHTML(w, a, scenario) }})
	}
	return outs
}

// printBreaksRun tells a person what a short-breaks run produced.
func printBreaksRun(w io.Writer, rec *pipeline.Record, dir string) {
	c, t := rec.Counts, rec.Totals
	// One rounding of a share for every line (PlannedYear.Share).
	met := pipeline.PlannedYear{Planned: c.SessionsMet, Due: c.SessionsEntitled}
	fmt.Fprintf(w, "%s\n", rec.Scenario)
	fmt.Fprintf(w, "  children:        %d (living at home with their families)\n", c.Children)
	fmt.Fprintf(w, "  carers:          %d\n", c.Carers)
	fmt.Fprintf(w, "  eligible pairs:  %d\n", c.EligiblePairs)
	if t.Mode == assign.Optimal.String() {
		proof := "proven optimal: true"
		if t.NotProven != "" {
			proof = "not proven optimal: " + t.NotProven
		}
		fmt.Fprintf(w, "  links:           %d for %s, %d with all their breaks (%s)\n", c.Links, english.Count(c.Linked, "child", "children"), c.InFull, proof)
	} else {
		fmt.Fprintf(w, "  links:           %d for %s, %d with all their breaks (%s links, as scenario.toml's [match] mode asks)\n", c.Links, english.Count(c.Linked, "child", "children"), c.InFull, t.Mode)
	}
	fmt.Fprintf(w, "  breaks met:      %d of %s a month (%d%%) (each child's share in entitlement.csv)\n", met.Planned, english.Count(met.Due, "session", "sessions"), met.Share())
	planned := pipeline.PlannedYear{Planned: c.BreaksPlannedYear, Due: c.BreaksDueYear}
	fmt.Fprintf(w, "  breaks planned:  %d of %d (%d%%) in the plan's first year (each child's, and why fewer, in entitlement.csv)\n", planned.Planned, planned.Due, planned.Share())
	// What the links meet a month is not what the year's plan holds
	// (Introductions, a carer's approval, months left short): say both.
	agreed := pipeline.PlannedYear{Planned: c.BreaksPlannedYear, Due: 12 * c.SessionsMet}
	fmt.Fprintf(w, "                   %d%% of the %d a year the links meet\n", agreed.Share(), agreed.Due)
	if n := c.NonePlanned; n > 0 {
		fmt.Fprintf(w, "  none planned:    %d %s a carer but no break planned in the year (planned_reason in entitlement.csv, plan_warnings.csv)\n", n, english.Plural(n, "child has", "children have"))
	}
	fmt.Fprintf(w, "  no carer:        %d (reasons in unmatched.csv)\n", c.Unmatched)
	for _, cmp := range t.CompareBreaks {
		fmt.Fprintf(w, "  %s\n", cmp)
	}
	fmt.Fprintf(w, "  agreements:      %d (agreements.csv and an agreement-LINK.html each)\n", c.Agreements)
	fmt.Fprintf(w, "  timeline rows:   %d\n", c.TimelineRows)
	fmt.Fprintf(w, "  plan warnings:   %s\n", t.PlanWarnings)
	if k := t.Cost; k != nil {
		fmt.Fprintf(w, "  cost:            %s\n", costLine(k))
		// Family Link pays by the session: notes about retainers do not
		// apply when there is none.
		if len(k.Notes) > 0 && k.Retainer != 0 {
			fmt.Fprintf(w, "  cost notes:      %s (see cost-summary.csv)\n", strings.Join(k.Notes, "; "))
		}
	}
	fmt.Fprintf(w, "Outputs in %s:\n", dir)
	n := 0
	for _, o := range rec.Outputs {
		if strings.HasPrefix(o, "agreement-") {
			n++
			continue
		}
		fmt.Fprintf(w, "  %s\n", o)
	}
	if n > 0 {
		fmt.Fprintf(w, "  agreement-*.html (%s)\n", english.Count(n, "printable written agreement", "printable written agreements"))
	}
	if len(rec.Removed) > 0 {
		fmt.Fprintln(w, SayRemoved(rec.Removed))
	}
}

// SayRemoved is the line that tells a person which files of an earlier
// run or plan were removed: written agreements of links no longer planned
// (only pages linkmatch wrote) and outputs no longer made.
func SayRemoved(names []string) string {
	agreements := 0
	for _, n := range names {
		if strings.HasPrefix(n, "agreement-") {
			agreements++
		}
	}
	what := english.Count(len(names), "file", "files") + " of an earlier run"
	if agreements == len(names) {
		what = fmt.Sprintf("%d written agreements of links no longer planned (pages linkmatch wrote; others are left alone)", agreements)
		if agreements == 1 {
			what = "1 written agreement of a link no longer planned (a page linkmatch wrote; others are left alone)"
		}
	}
	return "removed " + what + ": " + strings.Join(names, ", ")
}

// withPlannedYear wraps entitlement.csv's writer: what matching wrote,
// with the year's plan added to each child's row
// (pipeline.WriteEntitlementPlanned).
func withPlannedYear(write func(io.Writer) error, ys []pipeline.PlannedYear) func(io.Writer) error {
	return func(w io.Writer) error {
		var buf bytes.Buffer
		if err := write(&buf); err != nil {
			return err
		}
		return pipeline.WriteEntitlementPlanned(w, buf.Bytes(), ys)
	}
}
