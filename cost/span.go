package cost

import (
	"strings"
	"unicode"

	"github.com/linkmatch/linkmatch"
)

// EndReason says how a link's last active day was found.
type EndReason uint8

// End reasons.
const (
	// EndOngoing: nothing in the timeline ends the link, so it is costed
	// to the end of the costing period.
	EndOngoing EndReason = iota
	// EndMilestone: a milestone says the link ends, on its date.
	EndMilestone
	// EndNotice: a milestone gives notice; the link ends 28 days later
	// (seed 001 §6: "The notice period is 28 days").
	EndNotice
	// EndEighteen: the child turns 18 and leaves care (Children Act 1989
	// s.105: a child is a person under 18); the last day is the day before
	// the birthday.
	EndEighteen
	// EndTwentyOne: a Staying Put arrangement runs to 21 at most (Children
	// Act 1989 s.23CZA); the last day is the day before the 21st birthday.
	EndTwentyOne
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
// earliest of its end milestone, 28 days after notice, the day before the
// 18th birthday (the 21st when staying put) and, when nothing ends it, the
// end of the costing period (to). An existing link is active all period.
func span(l *Link, sessions []linkmatch.Session, idx []int, from, to linkmatch.Date) {
	l.Ends, l.End = EndOngoing, to
	if len(idx) == 0 {
		l.Start = from // an existing link, outside the plans
		return
	}
	l.Start = sessions[idx[0]].Date
	end, ends := linkmatch.Date(0), EndOngoing
	for _, i := range idx {
		s := &sessions[i]
		l.LastPlanned = max(l.LastPlanned, s.EndDate, s.Date)
		if s.Kind != linkmatch.KindMilestone {
			continue
		}
		var d linkmatch.Date
		var why EndReason
		switch milestoneEnd(s) {
		case endsHere:
			d, why = s.Date, EndMilestone
		case noticeHere:
			d, why = s.Date.AddDays(noticeDays), EndNotice
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
	if dob := l.DateOfBirth; dob != 0 {
		capAt, why := linkmatch.Birthday(dob, adultAge).AddDays(-1), EndEighteen
		if l.StayingPut {
			capAt, why = linkmatch.Birthday(dob, 21).AddDays(-1), EndTwentyOne
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

// lastPaidDay is the last day sessions with the child are costed: the day
// before the 18th birthday, or the 21st when staying put (issue 14: no cost
// row for a child aged 18 or over unless Staying Put).
func lastPaidDay(l *Link) (linkmatch.Date, bool) {
	if l.DateOfBirth == 0 {
		return 0, false
	}
	if l.StayingPut {
		return linkmatch.Birthday(l.DateOfBirth, 21).AddDays(-1), true
	}
	return linkmatch.Birthday(l.DateOfBirth, adultAge).AddDays(-1), true
}

// milestone ends.
const (
	endsNothing = iota
	endsHere
	noticeHere
)

// milestoneEnd reads what a milestone says about the end of its link. It
// reads the row's notes, the words a plan writes and a person would write
// by hand: "notice" gives notice (the link ends 28 days later, seed 001 §6);
// "ends" or "ended" ends the link that day; a milestone saying the link
// "continues" or "carries on" ends nothing.
func milestoneEnd(s *linkmatch.Session) int {
	text := s.Notes
	has := func(word string) bool {
		for _, w := range strings.FieldsFunc(strings.ToLower(text), func(r rune) bool { return !unicode.IsLetter(r) }) {
			if w == word {
				return true
			}
		}
		return false
	}
	switch {
	case has("continues") || has("continue") || has("carries"):
		return endsNothing
	case has("notice"):
		return noticeHere
	case has("ends") || has("ended"):
		return endsHere
	}
	return endsNothing
}

// gaps finds the spells of more than four weeks, overlapping the costing
// period, in which the link is active but has no session with the child.
// An existing link has no sessions to look at.
func gaps(l *Link, sessions []linkmatch.Session, idx []int, from, to linkmatch.Date) []Gap {
	if l.Existing {
		return nil
	}
	last := min(l.End, to)
	var out []Gap
	seen := l.Start.AddDays(-1) // the last day with a session so far
	add := func(a, b linkmatch.Date) {
		if int(b-a)+1 > gapDays && b >= from && a <= to {
			out = append(out, Gap{From: a, To: b})
		}
	}
	for _, i := range idx {
		s := &sessions[i]
		if !s.Kind.Paid() || s.Date > last {
			continue
		}
		add(seen.AddDays(1), s.Date.AddDays(-1))
		seen = max(seen, s.EndDate)
	}
	add(seen.AddDays(1), last)
	return out
}
