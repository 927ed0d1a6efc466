package plan

import "github.com/linkmatch/linkmatch"

// ClosedBetween reports whether any day from first to last (inclusive) is
// a closed day (WithClosed): the scenario's [plan] closed_days, by default
// Christmas Day, Boxing Day and New Year's Day, on the day itself whatever
// day of the week it falls on (the bank-holiday calendar moves the holiday
// to a weekday when the day falls at a weekend, but the family's Christmas
// does not move). A short break, introduction, meeting or review touches
// none of them: seed 002 describes short breaks as regular, planned with
// the family, and a Family Link coordinator would not book a child's break
// away from home on these days unless the family asked (a family can still
// ask, by recording a moved session). An overnight stay into a closed
// morning touches it.
func (c *Calendar) ClosedBetween(first, last linkmatch.Date) bool {
	if !c.anyClosed {
		return false
	}
	for d := first; d <= last; d++ {
		if c.Closed(d) {
			return true
		}
	}
	return false
}
