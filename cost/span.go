package cost

import (
	"github.com/linkmatch/linkmatch"
)

// EndReason says how a link's last active day was found.
type EndReason uint8

// End reasons.
const (
	// EndOngoing: nothing in the timeline ends the link, so it is costed
	// to the end of the costing period.
	EndOngoing EndReason = iota
	// EndMilestone: a milestone says the link ends, on its date
	// (linkmatch.ActivityLinkEnds or linkmatch.ActivityStayingPutEnds).
	EndMilestone
	// EndNotice: a milestone gives notice (linkmatch.ActivityNotice); the
	// link ends 28 days later (seed 001 §6: "The notice period is 28
	// days").
	EndNotice
	// EndEighteen: the child turns 18 and leaves care (Children Act 1989
	// s.105: a child is a person under 18), as the date of birth or a
	// leaving-care milestone (linkmatch.ActivityLeavingCare) says; the last
	// day is the day before the birthday.
	EndEighteen
	// EndTwentyOne: a Staying Put arrangement runs to 21 at most (Children
	// Act 1989 s.23CZA); the last day is the day before the 21st birthday.
	EndTwentyOne
	// EndNotReady: the plan stops on a milestone because the child is not
	// ready to move on (linkmatch.ActivityNotReady) and nothing of the link
	// follows it: the review decides what next, and nothing is paid after
	// that day until a re-plan carries the link on.
	EndNotReady
)

func (r EndReason) String() string {
	switch r {
	case EndMilestone:
		return "end milestone"
	case EndNotice:
		return "28 days' notice"
	case EndEighteen:
		return "18th birthday"
	case EndTwentyOne:
		return "21st birthday"
	case EndNotReady:
		return "plan stopped: not ready to move on"
	}
	return "ongoing"
}

// noticeDays is the notice period that ends a link (seed 001 §6: "The
// notice period is 28 days").
const noticeDays = 28

// gapDays: a link with no session for more than four weeks is reported
// (issue 14, "no silent zeros"); seed 000 counts in 4-week months.
const gapDays = 28

// Gap is a spell of more than four weeks in which a link is active but has
// no session with the child: From to To inclusive.
type Gap struct{ From, To linkmatch.Date }

// Days is the length of the gap in days.
func (g Gap) Days() int { return int(g.To-g.From) + 1 }

// span finds when a link is active: from its first timeline row until the
// earliest of its end milestone, 28 days after notice, a not-ready
// milestone that nothing of the link follows, the day before the
// 18th birthday (its date of birth, or a leaving-care milestone; the 21st
// when staying put) and, when nothing ends it, the end of the costing
// period (to). Milestones are read by linkmatch.EndingOf: the exact
// activities a plan writes, never guesses at words. An existing link is
// active all period.
func span(l *Link, sessions []linkmatch.Session, idx []int, from, to linkmatch.Date) {
	l.Ends, l.End = EndOngoing, to
	if len(idx) == 0 {
		l.Start = from // an existing link, outside the plans
		return
	}
	l.Start = sessions[idx[0]].Date
	end, ends := linkmatch.Date(0), EndOngoing
	var stopped linkmatch.Date // the last not-ready milestone
	for _, i := range idx {
		s := &sessions[i]
		l.LastPlanned = max(l.LastPlanned, s.EndDate, s.Date)
		var d linkmatch.Date
		var why EndReason
		switch linkmatch.EndingOf(s) {
		case linkmatch.EndingHere:
			d, why = s.Date, EndMilestone
		case linkmatch.EndingNotice:
			d, why = s.Date.AddDays(noticeDays), EndNotice
		case linkmatch.EndingLeavingCare:
			if l.StayingPut {
				continue // the decision is Staying Put: the link continues
			}
			d, why = s.Date.AddDays(-1), EndEighteen
		case linkmatch.EndingNotReady:
			stopped = max(stopped, s.Date)
			continue
		default:
			continue
		}
		if ends == EndOngoing || d < end {
			end, ends = d, why
			if why == EndNotice {
				l.Notice = s.Date
			}
		}
	}
	// A plan stopped as not ready ends the link's payments on that day,
	// unless later rows follow it: a re-plan after the review's decision
	// (hold, step back) carried the link on.
	if stopped != 0 && l.LastPlanned <= stopped && (ends == EndOngoing || stopped < end) {
		end, ends = stopped, EndNotReady
	}
	if dob := l.DateOfBirth; dob != 0 {
		capAt, why := linkmatch.Birthday(dob, adultAge).AddDays(-1), EndEighteen
		if l.StayingPut {
			capAt, why = linkmatch.Birthday(dob, stayingPutAge).AddDays(-1), EndTwentyOne
		}
		if capAt <= to && (ends == EndOngoing || capAt < end) {
			end, ends = capAt, why
		}
	}
	if ends != EndOngoing {
		l.End, l.Ends = end, ends
	}
}

// adultAge: a young person leaves care at 18 (Children Act 1989 s.105: a
// child is a person under 18), and the retainer, paid per child, stops.
const adultAge = 18

// stayingPutAge: a Staying Put arrangement lasts until the young person is
// 21 (Children Act 1989 s.23CZA).
const stayingPutAge = 21

// lastPaidDay is the last day anything of the link is costed: the day
// before the 18th birthday, or the 21st when staying put (issue 14: no cost
// row for a child aged 18 or over unless Staying Put). Even when staying
// put, nothing is paid at the child rate from the 18th birthday: the young
// person's time with the carer is Staying Put time, paid by the week.
func lastPaidDay(l *Link) (linkmatch.Date, bool) {
	if l.DateOfBirth == 0 {
		return 0, false
	}
	if l.StayingPut {
		return linkmatch.Birthday(l.DateOfBirth, stayingPutAge).AddDays(-1), true
	}
	return linkmatch.Birthday(l.DateOfBirth, adultAge).AddDays(-1), true
}

// gaps finds the spells of more than four weeks, overlapping the costing
// period, in which the link is active but has no session with the child or
// young person (a child-rate session or Staying Put time). Only the
// planned time counts: the days after the link's last timeline row are not
// planned yet, not a gap in the plan, and are said as such (planEndsEarly).
// An existing link has no sessions to look at.
func gaps(l *Link, sessions []linkmatch.Session, idx []int, from, to linkmatch.Date) []Gap {
	if l.Existing {
		return nil
	}
	last := min(l.End, to, l.LastPlanned)
	var out []Gap
	seen := l.Start.AddDays(-1) // the last day with a session so far
	add := func(a, b linkmatch.Date) {
		if int(b-a)+1 > gapDays && b >= from && a <= to {
			out = append(out, Gap{From: a, To: b})
		}
	}
	for _, i := range idx {
		s := &sessions[i]
		if !s.Kind.WithChild() || s.Date > last {
			continue
		}
		add(seen.AddDays(1), s.Date.AddDays(-1))
		seen = max(seen, s.EndDate)
	}
	add(seen.AddDays(1), last)
	return out
}

// planEndsEarly reports whether the link is active, within the costing
// period from..to, after its last planned day (the last day of its last
// timeline row), and that day: a timeline that stops before the link does.
// Only the retainer is costed after it (issue 14: the retainer runs for the
// whole link), and the summary says so rather than leaving the sessions
// silently at zero.
func planEndsEarly(l *Link, from, to linkmatch.Date) (linkmatch.Date, bool) {
	if l.Existing || l.Start > to {
		return 0, false
	}
	return l.LastPlanned, l.LastPlanned < min(l.End, to) && l.LastPlanned.AddDays(1) >= from
}
