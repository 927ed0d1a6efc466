package plan

import (
	"time"

	"github.com/linkmatch/linkmatch"
)

// MonthDay is a day of the year, the same every year: 25 December.
type MonthDay struct {
	Month time.Month
	Day   int
}

// DefaultShortBreaksClosed are the days a short-breaks plan books no
// break, introduction, meeting or review: Christmas Day, Boxing Day and
// New Year's Day, on the day itself whatever day of the week it falls on
// (the bank holiday calendar moves the holiday to a weekday when the day
// falls at a weekend, but the family's Christmas does not move). Seed 002
// describes short breaks as regular, planned with the family; a Family
// Link coordinator would not book a child's break away from home on these
// days unless the family asked (a B&NES social worker's tryout), and a
// family can still ask by recording a moved session.
func DefaultShortBreaksClosed() []MonthDay {
	return []MonthDay{{time.December, 25}, {time.December, 26}, {time.January, 1}}
}

// ClosedForBreaks reports whether any day from first to last (inclusive)
// is one of the closed days. It is the one check the short-breaks planner
// makes, so that a scenario's closed-days setting can be passed in
// (Options.ShortBreaksClosed).
func ClosedForBreaks(closed []MonthDay, first, last linkmatch.Date) bool {
	for d := first; d <= last; d++ {
		_, m, day := d.Civil()
		for _, c := range closed {
			if c.Month == m && c.Day == day {
				return true
			}
		}
	}
	return false
}
