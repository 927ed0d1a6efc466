package linkmatch

import "strings"

// This file holds the words of the milestones that say how a link ends. Package
// plan writes them in timeline.csv's activity column, and package cost reads
// them to find when a link stops being paid its retainer; defining them once
// here keeps the writer and the reader from drifting apart (issue 14: the
// end of a link is read by a precise rule, not by guessing at words).

// The activities of the milestones of a link's end, exactly as a plan writes
// them. A hand-written timeline ends a link by using the same words.
const (
	// ActivityNotice gives 28 days' notice that the link will end (seed 001
	// §6: "The notice period is 28 days").
	ActivityNotice = "notice that the link will end"
	// ActivityLinkEnds is the last day of a link that has been given
	// notice.
	ActivityLinkEnds = "the link ends"
	// ActivityLeavingCare is the 18th birthday of a young person who is
	// not Staying Put: they leave care (Children Act 1989 s.105) and the
	// link plan ends the day before.
	ActivityLeavingCare = "18th birthday: leaving care / Staying Put decision"
	// ActivityStayingPutStarts is the 18th birthday of a young person
	// Staying Put with the link carer (Children Act 1989 s.23CZA): the link
	// continues.
	ActivityStayingPutStarts = "18th birthday: the link continues as a Staying Put arrangement"
	// ActivityStayingPutEnds is the last day of a Staying Put arrangement,
	// the day before the 21st birthday.
	ActivityStayingPutEnds = "the Staying Put arrangement ends at 21"
	// ActivityPlanEnds is the last day of the planning horizon: the plan
	// stops there, but the link carries on.
	ActivityPlanEnds = "end of the planned period: the link carries on"
	// ActivityShortBreaksEnd is the 18th birthday of a child having Family
	// Link short breaks (seed 002): children's short breaks end, and the
	// link plan ends the day before.
	ActivityShortBreaksEnd = "18th birthday: children's short breaks end"
	// ActivityNotReady ends a step-down plan stopped at a stage review
	// because the child did not see the carer in that stage: no later
	// stage, stay or move is planned until the review decides (hold, step
	// back or another carer) and the plan is made again.
	ActivityNotReady = "the plan stops here: the child is not ready to move on"
	// ActivityAgreementCarriesOn is the last day of the planning horizon of
	// short breaks: the written agreement carries on to its review.
	ActivityAgreementCarriesOn = "end of the planned period: the agreement carries on"
)

// LinkEnding is what a timeline row says about the end of its link.
type LinkEnding uint8

// Link endings.
const (
	// EndingNone: the row says nothing about the end of the link.
	EndingNone LinkEnding = iota
	// EndingNotice: notice is given on the row's date; the link ends 28
	// days later.
	EndingNotice
	// EndingHere: the link ends on the row's date (its last day).
	EndingHere
	// EndingLeavingCare: the young person turns 18 on the row's date and
	// leaves care; the link's last day is the day before, unless the young
	// person is Staying Put.
	EndingLeavingCare
	// EndingNotReady: the plan stops on the row's date because the child is
	// not ready to move on; nothing is paid after it unless later rows of
	// the link follow (a re-plan carried it on after the review's
	// decision).
	EndingNotReady
)

// EndingOf reads what a milestone says about the end of its link: its
// activity compared, ignoring case and surrounding spaces, with the exact
// phrases above; a milestone with no activity (a timeline written before the
// activity column, or by hand without it) has its notes compared instead.
// Every other row, and every other phrase, ends nothing: a milestone saying
// that the link carries on (ActivityPlanEnds) or continues as Staying Put
// (ActivityStayingPutStarts) included.
func EndingOf(s *Session) LinkEnding {
	if s.Kind != KindMilestone {
		return EndingNone
	}
	text := strings.TrimSpace(s.Activity)
	if text == "" {
		text = strings.TrimSpace(s.Notes)
	}
	switch {
	case strings.EqualFold(text, ActivityNotice):
		return EndingNotice
	case strings.EqualFold(text, ActivityLinkEnds), strings.EqualFold(text, ActivityStayingPutEnds):
		return EndingHere
	case strings.EqualFold(text, ActivityLeavingCare), strings.EqualFold(text, ActivityShortBreaksEnd):
		return EndingLeavingCare
	case strings.EqualFold(text, ActivityNotReady):
		return EndingNotReady
	}
	return EndingNone
}
