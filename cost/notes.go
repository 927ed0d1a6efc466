package cost

import (
	"fmt"
	"slices"
	"sort"
	"strings"

	"github.com/linkmatch/linkmatch"
)

// FindingKind is what a Finding is about.
type FindingKind uint8

// Finding kinds. The first three are about the whole costing; the others
// about one link.
const (
	// FindingPastEveryPlan: the costing period runs past the last day of
	// every plan, so nothing but retainers is costed at its end.
	FindingPastEveryPlan FindingKind = iota
	// FindingAllEnded: every link has ended before the costing period
	// does, so its last days cost nothing.
	FindingAllEnded
	// FindingNoneStarted: no link starts by the end of the costing period,
	// so nothing is paid in it.
	FindingNoneStarted
	// FindingOngoing: nothing in the timeline ends a link, so its
	// retainer is costed to the end of the period.
	FindingOngoing
	// FindingGap: a link is active but has no session for more than four
	// weeks.
	FindingGap
	// FindingNotPaid: rows dated on or after the child's 18th birthday
	// (child-rate sessions when staying put, and anything from the 21st)
	// are not costed.
	FindingNotPaid
	// FindingAfterEnd: sessions dated after the link's end are costed.
	FindingAfterEnd
	// FindingUnpriced: weeks of Staying Put are not costed because the
	// rates give no staying_put_week rate (a whole-costing finding, listing
	// the links).
	FindingUnpriced
	// FindingPlanEnds: a link's timeline stops before the link does, within
	// the costing period: after its last planned day only its retainer is
	// costed.
	FindingPlanEnds
)

// Warning reports whether the finding may mean the costs are not what the
// reader expects (every kind but FindingOngoing).
func (k FindingKind) Warning() bool { return k != FindingOngoing }

// Finding is one thing a reader of the costs must know, in plain words.
type Finding struct {
	Kind FindingKind
	// LinkID is the link concerned; empty for the whole costing.
	LinkID string
	Text   string
}

// endWhy says why a link ends when it does, in words.
func endWhy(l *Link) string {
	switch l.Ends {
	case EndMilestone:
		return "its end milestone"
	case EndNotice:
		return fmt.Sprintf("28 days after notice on %s", l.Notice)
	case EndEighteen:
		return "the day before the 18th birthday, when the child leaves care"
	case EndTwentyOne:
		return "the day before the 21st birthday, when Staying Put ends"
	case EndNotReady:
		return "the plan stops there: the child is not ready to move on, and nothing is paid after it until the stage review's decision is re-planned"
	}
	return "the end of the costing period"
}

// linkTotalNote describes a link over the whole costing period.
func linkTotalNote(res *Result, l *Link) string {
	var parts []string
	switch {
	case l.Existing:
		parts = append(parts, "an existing link (carers.csv current_links) outside this scenario's plans: the retainer alone, for the whole period")
	case l.Start > res.To:
		parts = append(parts, fmt.Sprintf("starts on %s, after the costing period", l.Start))
	case l.Ends == EndOngoing:
		parts = append(parts, fmt.Sprintf("ongoing: nothing in the timeline ends the link, so it is costed to %s", res.To))
	case l.End < res.From:
		parts = append(parts, fmt.Sprintf("ended on %s (%s), before the costing period", l.End, endWhy(l)))
	default:
		parts = append(parts, fmt.Sprintf("ends on %s (%s)", l.End, endWhy(l)))
	}
	if b := linkmatch.Birthday(l.DateOfBirth, adultAge); l.StayingPut && l.DateOfBirth != 0 && b >= res.From && b <= res.To {
		parts = append(parts, fmt.Sprintf("Staying Put from %s: the retainer, paid per child, stops at the 18th birthday", b))
	}
	for _, g := range l.Gaps {
		parts = append(parts, gapNote(g))
	}
	if last, ok := planEndsEarly(l, res.From, res.To); ok {
		parts = append(parts, planEndsNote(l, last, min(l.End, res.To)))
	}
	if l.NotPaid > 0 {
		parts = append(parts, notPaidNote(l))
	}
	if l.Unpriced > 0 {
		parts = append(parts, unpricedNote(l, l.Unpriced))
	}
	if l.AfterEnd > 0 {
		parts = append(parts, fmt.Sprintf("%s after the link's end on %s paid as planned", plural(l.AfterEnd, "session", "sessions"), l.End))
	}
	return strings.Join(parts, "; ")
}

// plural writes a count with the singular or plural noun: "1 link", "2 links".
func plural(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return fmt.Sprintf("%d %s", n, many)
}

// notPaidNote says which of a link's rows are not paid because of the
// young person's age.
func notPaidNote(l *Link) string {
	rows := plural(l.NotPaid, "timeline row", "timeline rows")
	if l.StayingPut {
		return rows + " not paid: from the 18th birthday only Staying Put time is paid (by the week), and nothing from the 21st"
	}
	return rows + " from the 18th birthday on not paid: the young person has left care"
}

// unpricedNote says that n weeks of a link's Staying Put are not costed,
// naming the tier whose staying_put_week rate is missing.
func unpricedNote(l *Link, n int) string {
	return fmt.Sprintf("%s of Staying Put not costed: the rates give no %s staying_put_week rate", plural(n, "week", "weeks"), l.Tier)
}

// afterPlan says what is costed for a link after its plan's last day,
// from day on: the retainer before the 18th birthday and, for a young
// person staying put, the Staying Put weeks from it (or that they are not
// costed, for want of a rate). It is a clause: "only the retainer is
// costed".
func afterPlan(l *Link, day linkmatch.Date) string {
	if !l.StayingPut || l.DateOfBirth == 0 {
		return "only the retainer is costed"
	}
	sp := "the Staying Put arrangement is costed, one staying_put_week a week"
	if n := countFrom(l.unpriced, day); n > 0 {
		sp = fmt.Sprintf("Staying Put is not costed (the rates give no %s staying_put_week rate)", l.Tier)
	}
	adult := linkmatch.Birthday(l.DateOfBirth, adultAge)
	if day >= adult {
		return sp
	}
	return fmt.Sprintf("only the retainer is costed to %s, then %s", adult.AddDays(-1), sp)
}

// countFrom counts the dates on or after day.
func countFrom(dates []linkmatch.Date, day linkmatch.Date) int {
	n := 0
	for _, d := range dates {
		if d >= day {
			n++
		}
	}
	return n
}

// countIn counts the dates from a to b inclusive.
func countIn(dates []linkmatch.Date, a, b linkmatch.Date) int {
	n := 0
	for _, d := range dates {
		if d >= a && d <= b {
			n++
		}
	}
	return n
}

// planEndsNote says that a link is costed past its plan, from the day
// after last to to.
func planEndsNote(l *Link, last, to linkmatch.Date) string {
	return fmt.Sprintf("planned to %s: from %s to %s %s, as nothing is planned yet", last, last.AddDays(1), to, afterPlan(l, last.AddDays(1)))
}

func gapNote(g Gap) string {
	return fmt.Sprintf("no sessions from %s to %s (%d days)", g.From, g.To, g.Days())
}

// linkPeriodNote describes what happens to a link within one period
// (clipped to the costing period, a to b).
func linkPeriodNote(res *Result, l *Link, a, b linkmatch.Date) string {
	var parts []string
	if !l.Existing && l.Start >= a && l.Start <= b {
		parts = append(parts, fmt.Sprintf("starts on %s", l.Start))
	}
	if l.Ends != EndOngoing && l.End >= a && l.End <= b {
		parts = append(parts, fmt.Sprintf("ends on %s (%s)", l.End, endWhy(l)))
	}
	for _, g := range l.Gaps {
		if g.From <= b && g.To >= a {
			parts = append(parts, gapNote(g))
		}
	}
	if last, ok := planEndsEarly(l, res.From, res.To); ok && last < b {
		switch {
		case last >= a && !l.StayingPut:
			parts = append(parts, fmt.Sprintf("its plan ends on %s: only the retainer is costed after it", last))
		case last >= a:
			parts = append(parts, fmt.Sprintf("its plan ends on %s: after it %s", last, afterPlan(l, last.AddDays(1))))
		case l.End >= a && !l.StayingPut:
			parts = append(parts, fmt.Sprintf("nothing planned (the plan ends on %s): the retainer alone", last))
		case l.End >= a:
			parts = append(parts, fmt.Sprintf("nothing planned (the plan ends on %s): %s", last, afterPlan(l, a)))
		}
	}
	if n := countIn(l.unpriced, a, b); n > 0 {
		parts = append(parts, unpricedNote(l, n))
	}
	return strings.Join(parts, "; ")
}

// planEnd is the last planned day of any link with a plan; ok is false
// when every link is an existing one.
func planEnd(res *Result) (last linkmatch.Date, ok bool) {
	for i := range res.Links {
		if l := &res.Links[i]; !l.Existing {
			last, ok = max(last, l.LastPlanned), true
		}
	}
	return last, ok
}

// pastEveryPlan reports whether links are costed after the last planned
// day of every plan (ongoing links' retainers), and that day.
func pastEveryPlan(res *Result) (linkmatch.Date, bool) {
	end, ok := planEnd(res)
	_, last := lastActive(res)
	return end, ok && end < min(last, res.To)
}

// lastActive is the last active day of any link, and the first first day.
func lastActive(res *Result) (first, last linkmatch.Date) {
	for i := range res.Links {
		l := &res.Links[i]
		if i == 0 || l.Start < first {
			first = l.Start
		}
		if i == 0 || l.End > last {
			last = l.End
		}
	}
	return first, last
}

// periodCounts counts, per period of a calendar, the links that start, end,
// have a gap and reach the end of their plan (planEndsEarly) in it.
type periodCounts struct{ starts, ends, gaps, planEnds, unpriced []int }

func countLinks(res *Result, cal *calendar) periodCounts {
	n := cal.len()
	pc := periodCounts{make([]int, n), make([]int, n), make([]int, n), make([]int, n), make([]int, n)}
	for _, u := range res.Unpriced {
		if d := u.Session.Date; d >= res.From && d <= res.To {
			pc.unpriced[cal.at(d)]++
		}
	}
	in := func(d linkmatch.Date) bool { return d >= res.From && d <= res.To }
	for i := range res.Links {
		l := &res.Links[i]
		if !l.Existing && in(l.Start) {
			pc.starts[cal.at(l.Start)]++
		}
		if l.Ends != EndOngoing && in(l.End) {
			pc.ends[cal.at(l.End)]++
		}
		if last, ok := planEndsEarly(l, res.From, res.To); ok && in(last.AddDays(1)) {
			pc.planEnds[cal.at(last.AddDays(1))]++
		}
		last := -1 // count each link once per period
		for _, g := range l.Gaps {
			for p := cal.at(max(g.From, res.From)); p <= cal.at(min(g.To, res.To)); p++ {
				if p > last {
					pc.gaps[p]++
					last = p
				}
			}
		}
	}
	return pc
}

// allPeriodNote describes a period for all links together.
func allPeriodNote(res *Result, s *SummaryRow, pc *periodCounts) string {
	a, b := max(s.Start, res.From), min(s.End, res.To)
	first, lastEnd := lastActive(res)
	var parts []string
	switch {
	case len(res.Links) == 0:
		parts = append(parts, "no links to cost")
	case s.ActiveLinks == 0 && a > lastEnd:
		parts = append(parts, fmt.Sprintf("no link is active: every link has ended (the last on %s)", lastEnd))
	case s.ActiveLinks == 0 && b < first:
		parts = append(parts, "no link has started yet")
	case s.ActiveLinks == 0:
		parts = append(parts, "no link is active")
	}
	if end, ok := planEnd(res); ok && a > end && s.ActiveLinks > 0 {
		what := "only retainers are costed"
		if strings.Contains(retainersAlone(res), "Staying Put") {
			what = "only retainers and Staying Put weeks are costed"
		}
		parts = append(parts, fmt.Sprintf("after the end of every plan (the last planned day is %s): %s", end, what))
	}
	if pc != nil {
		i := int(s.idx)
		planEnds := [2]string{"1 link's plan ends: only its retainer is costed after it", "%d links' plans end: only their retainers are costed after them"}
		if strings.Contains(retainersAlone(res), "Staying Put") {
			planEnds = [2]string{"1 link's plan ends: only its retainer or Staying Put is costed after it", "%d links' plans end: only their retainers or Staying Put are costed after them"}
		}
		for _, c := range []struct {
			n         int
			one, many string
		}{
			{pc.starts[i], "1 link starts", "%d links start"},
			{pc.ends[i], "1 link ends", "%d links end"},
			{pc.gaps[i], "1 link has no sessions for over four weeks", "%d links have no sessions for over four weeks"},
			{pc.planEnds[i], planEnds[0], planEnds[1]},
			{pc.unpriced[i], "1 week of Staying Put not costed (no staying_put_week rate)", "%d weeks of Staying Put not costed (no staying_put_week rate)"},
		} {
			switch {
			case c.n == 1:
				parts = append(parts, c.one)
			case c.n > 1:
				parts = append(parts, fmt.Sprintf(c.many, c.n))
			}
		}
	}
	return strings.Join(parts, "; ")
}

// allTotalNote describes the whole costing for all links.
func allTotalNote(res *Result) string {
	var parts []string
	planned, existing, ongoing, gaps, notPaid, unpriced, early := 0, 0, 0, 0, 0, 0, 0
	for i := range res.Links {
		l := &res.Links[i]
		switch {
		case l.Existing:
			existing++
		case l.Ends == EndOngoing && l.Start <= res.To:
			ongoing++
		}
		if !l.Existing {
			planned++
		}
		if len(l.Gaps) > 0 {
			gaps++
		}
		notPaid += l.NotPaid
		unpriced += l.Unpriced
		if _, ok := planEndsEarly(l, res.From, res.To); ok {
			early++
		}
	}
	parts = append(parts, plural(planned, "link", "links")+" from the timeline")
	if existing > 0 {
		parts = append(parts, plural(existing, "existing link", "existing links")+" (carers.csv current_links) at the retainer alone")
	}
	if ongoing > 0 {
		parts = append(parts, fmt.Sprintf("%d ongoing (nothing in the timeline ends them), costed to %s", ongoing, res.To))
	}
	if end, ok := pastEveryPlan(res); ok {
		parts = append(parts, fmt.Sprintf("the costing period runs past the end of every plan: the last planned day is %s", end))
	} else if early > 0 {
		parts = append(parts, plural(early, "link is", "links are")+" costed past the end of its plan, at the retainer alone")
	}
	first, last := lastActive(res)
	if len(res.Links) > 0 && last < res.To {
		parts = append(parts, fmt.Sprintf("every link has ended by %s: nothing is paid after it", last))
	}
	if len(res.Links) > 0 && first > res.To {
		parts = append(parts, fmt.Sprintf("no link has started by the end of the period: the first starts on %s", first))
	}
	if gaps > 0 {
		parts = append(parts, plural(gaps, "link has", "links have")+" spells of over four weeks without sessions")
	}
	if notPaid > 0 {
		parts = append(parts, plural(notPaid, "timeline row", "timeline rows")+" on or after an 18th birthday not paid")
	}
	if unpriced > 0 {
		parts = append(parts, unpricedText(res))
	}
	return strings.Join(parts, "; ")
}

// partPeriod says when a period is cut short by the costing period (a
// month or pay period of which only some days are costed), so its figure
// is not read as the whole period's; empty when it is whole.
func partPeriod(res *Result, s *SummaryRow) string {
	if s.Kind == PeriodTotal || s.Kind == PeriodDay || (s.Start >= res.From && s.End <= res.To) {
		return ""
	}
	return fmt.Sprintf("part period (from %s to %s)", max(s.Start, res.From), min(s.End, res.To))
}

// joinNotes joins the non-empty notes with "; ".
func joinNotes(a, b string) string {
	switch {
	case a == "":
		return b
	case b == "":
		return a
	}
	return a + "; " + b
}

// findings lists what a reader of the costs must know, for the whole
// costing first and then by link id.
func findings(res *Result) []Finding {
	var out []Finding
	first, last := lastActive(res)
	allEnded := len(res.Links) > 0 && last < res.To
	if end, ok := pastEveryPlan(res); ok && allEnded {
		// One finding, not two that seem to disagree ("ongoing links"
		// and "every link has ended").
		out = append(out, Finding{Kind: FindingPastEveryPlan, Text: fmt.Sprintf(
			"every plan ends by %s and every link by %s: from %s to %s only %s costed, and nothing is paid from %s to %s",
			end, last, end.AddDays(1), last, strings.Replace(retainersAlone(res), "ongoing links", "links not yet ended", 1), last.AddDays(1), res.To)})
		allEnded = false
	} else if ok {
		out = append(out, Finding{Kind: FindingPastEveryPlan, Text: fmt.Sprintf(
			"the costing period runs to %s, past the end of every plan (the last planned day is %s): after it only %s costed", res.To, end, retainersAlone(res))})
	}
	if allEnded {
		out = append(out, Finding{Kind: FindingAllEnded, Text: fmt.Sprintf(
			"every link has ended by %s: nothing is paid from %s to %s", last, last.AddDays(1), res.To)})
	}
	if len(res.Links) > 0 && first > res.To {
		out = append(out, Finding{Kind: FindingNoneStarted, Text: fmt.Sprintf(
			"no link has started by %s: the first starts on %s, so nothing is paid", res.To, first)})
	}
	var ongoing []string
	planned := 0
	for i := range res.Links {
		if l := &res.Links[i]; !l.Existing {
			planned++
			if l.Ends == EndOngoing && l.Start <= res.To {
				ongoing = append(ongoing, l.ID)
			}
		}
	}
	if len(res.Unpriced) > 0 {
		out = append(out, Finding{Kind: FindingUnpriced, Text: unpricedText(res) + "; add staying_put_week rows to the rates file to cost them"})
	}
	if len(ongoing) > 0 {
		of := plural(planned, "link", "links") + " from the timeline"
		text := fmt.Sprintf("%d of %s are ongoing (nothing in the timeline ends them), so their retainers are costed to %s", len(ongoing), of, res.To)
		if len(ongoing) == 1 {
			text = fmt.Sprintf("1 of %s is ongoing (nothing in the timeline ends it), so its retainer is costed to %s", of, res.To)
		}
		if res.Retainer == 0 {
			// A scheme paid only by the session (Family Link short breaks)
			// has no retainer to carry on.
			text = fmt.Sprintf("%d of %s are ongoing (nothing in the timeline ends them); with no retainer, only their sessions to %s are costed", len(ongoing), of, res.To)
			if len(ongoing) == 1 {
				text = fmt.Sprintf("1 of %s is ongoing (nothing in the timeline ends it); with no retainer, only its sessions to %s are costed", of, res.To)
			}
		}
		out = append(out, Finding{Kind: FindingOngoing, Text: text})
	}
	for i := range res.Links {
		l := &res.Links[i]
		for _, g := range l.Gaps {
			out = append(out, Finding{Kind: FindingGap, LinkID: l.ID, Text: "active but " + gapNote(g)})
		}
		if last, ok := planEndsEarly(l, res.From, res.To); ok {
			out = append(out, Finding{Kind: FindingPlanEnds, LinkID: l.ID, Text: planEndsNote(l, last, min(l.End, res.To))})
		}
		if l.NotPaid > 0 {
			out = append(out, Finding{Kind: FindingNotPaid, LinkID: l.ID, Text: notPaidNote(l)})
		}
		if l.AfterEnd > 0 {
			out = append(out, Finding{Kind: FindingAfterEnd, LinkID: l.ID, Text: fmt.Sprintf(
				"%s dated after the link's end on %s paid as planned", plural(l.AfterEnd, "session", "sessions"), l.End)})
		}
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].LinkID < out[j].LinkID })
	return out
}

// retainersAlone says what is costed after every plan: the retainers of
// the links still running, and any Staying Put arrangement's weeks.
func retainersAlone(res *Result) string {
	for i := range res.Links {
		if res.Links[i].Projected > 0 {
			return "the retainers of ongoing links and the weeks of Staying Put arrangements are"
		}
	}
	return "the retainers of ongoing links are"
}

// unpricedText says how many weeks of Staying Put, of which links, have no
// staying_put_week rate.
func unpricedText(res *Result) string {
	var ids, tiers []string
	for i := range res.Links {
		if l := &res.Links[i]; l.Unpriced > 0 {
			ids = append(ids, l.ID)
			if !slices.Contains(tiers, l.Tier.String()) {
				tiers = append(tiers, l.Tier.String())
			}
		}
	}
	sort.Strings(tiers)
	return fmt.Sprintf("%s of Staying Put (%s) not costed: the rates give no %s staying_put_week rate",
		plural(len(res.Unpriced), "week", "weeks"), strings.Join(ids, ", "), strings.Join(tiers, " or "))
}
