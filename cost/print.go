package cost

import (
	"fmt"
	"io"
	"strings"

	"github.com/linkmatch/linkmatch/internal/english"
)

// PrintTotals tells a finance officer what a costing found: the total,
// each financial year with the links active and the cost per link-week,
// and what to know before reading the figures. only are the links costed
// alone ("linkmatch cost --link"), written the files written.
func PrintTotals(w io.Writer, res *Result, only []string, written []string) {
	planned, existing := 0, 0
	for i := range res.Links {
		if res.Links[i].Existing {
			existing++
		} else {
			planned++
		}
	}
	what := fmt.Sprintf("%d link%s from the timeline", planned, english.S(planned))
	if len(only) > 0 {
		what = "link " + strings.Join(only, ", ")
	}
	if existing > 0 {
		what += fmt.Sprintf(" and %d existing link%s", existing, english.S(existing))
	}
	fmt.Fprintf(w, "Costs from %s to %s of %s: %s\n", res.From, res.To, what, res.Total.GBP())
	fmt.Fprintf(w, "  retainers %s, sessions %s, mileage %s\n", res.Retainer.GBP(), res.Sessions.GBP(), res.Mileage.GBP())
	if res.Actual > 0 || res.Cancelled > 0 {
		fmt.Fprintf(w, "  as recorded (basis actual) %s, as planned %s; %d cancelled session%s not paid\n",
			res.Actual.GBP(), (res.Total - res.Actual).GBP(), res.Cancelled, english.S(res.Cancelled))
	}
	printYears(w, res)
	printFindings(w, res)
	if len(written) > 0 {
		fmt.Fprintf(w, "Written: %s\n", strings.Join(written, ", "))
	}
}

// printYears prints each financial year's total for all links, with the
// links active and the cost per link-week.
func printYears(w io.Writer, res *Result) {
	for i := range res.Summary {
		s := &res.Summary[i]
		if s.ScopeKind != ScopeAllLinks || s.Kind != PeriodFinancialYear {
			continue
		}
		part := ""
		if s.Start < res.From || s.End > res.To {
			part = fmt.Sprintf(", costed %s to %s only", max(s.Start, res.From), min(s.End, res.To))
		}
		weekly := "no link active"
		if days := int(min(s.End, res.To)-max(s.Start, res.From)) + 1; days < 7 && s.ActiveLinks > 0 {
			// A weekly figure from a few days would be a guess.
			weekly = fmt.Sprintf("%d link%s active (under a week costed, so no weekly figure)", s.ActiveLinks, english.S(s.ActiveLinks))
		} else if p, ok := s.WeeklyPerLink(); ok {
			weekly = fmt.Sprintf("%d link%s active, %s a week per link", s.ActiveLinks, english.S(s.ActiveLinks), p.GBP())
		}
		fmt.Fprintf(w, "  financial year %s (%s to %s%s): %s; %s\n", s.Period, s.Start, s.End, part, s.Amount.GBP(), weekly)
	}
}

// printFindings prints what to know before reading the figures: the
// findings about the whole costing one by one, those about single links
// counted by kind.
func printFindings(w io.Writer, res *Result) {
	perLink, whole := map[FindingKind]int{}, map[FindingKind]bool{}
	for _, f := range res.Findings {
		if f.LinkID != "" {
			perLink[f.Kind]++
			continue
		}
		whole[f.Kind] = true
		if f.Kind.Warning() {
			fmt.Fprintf(w, "  warning: %s\n", f.Text)
		} else {
			fmt.Fprintf(w, "  %s\n", f.Text)
		}
	}
	if n := perLink[FindingGap]; n > 0 {
		fmt.Fprintf(w, "  warning: %d spell%s of over four weeks without sessions (the summary's notes say when)\n", n, english.S(n))
	}
	// Said once for all links when every plan has ended (FindingPastEveryPlan).
	if n := perLink[FindingPlanEnds]; n > 0 && !whole[FindingPastEveryPlan] {
		their := "their plans"
		if n == 1 {
			their = "its plan"
		}
		alone := "at the retainer alone"
		for i := range res.Links {
			if res.Links[i].Projected > 0 {
				alone = "at the retainer alone, or the Staying Put weeks from 18"
				break
			}
		}
		fmt.Fprintf(w, "  warning: %d link%s costed past the end of %s, %s (the summary's notes say from when)\n", n, english.S(n), their, alone)
	}
	if n := perLink[FindingNotPaid]; n > 0 {
		fmt.Fprintf(w, "  %d link%s with timeline rows from the 18th birthday on, not paid\n", n, english.S(n))
	}
	if n := perLink[FindingAfterEnd]; n > 0 {
		fmt.Fprintf(w, "  warning: %d link%s with sessions after the link's end, paid as planned\n", n, english.S(n))
	}
}
