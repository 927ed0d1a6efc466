package linkmatch

import (
	"fmt"
	"time"
)

// Date is a civil (calendar) date in England, counted in days since
// 1970-01-01 in the proleptic Gregorian calendar. It has no time of day and no
// zone, so date arithmetic never meets a clock change (STYLE.md: dates at
// civil-date precision). The zero Date is 1970-01-01; use IsZero-aware fields
// (for example Child.LastReview) only where "unknown" is documented.
type Date int32

const secondsPerDay = 86400

// DateOf returns the civil date y-m-d. Out-of-range values normalise as in
// time.Date (2027-02-30 is 2027-03-02); use ParseDate to reject them.
func DateOf(y int, m time.Month, d int) Date {
	return Date(time.Date(y, m, d, 0, 0, 0, 0, time.UTC).Unix() / secondsPerDay)
}

// ParseDate reads a date written YYYY-MM-DD and rejects impossible dates such
// as 2027-02-30.
func ParseDate(s string) (Date, error) {
	if len(s) != 10 || s[4] != '-' || s[7] != '-' {
		return 0, fmt.Errorf("%q is not a date written YYYY-MM-DD", s)
	}
	t, err := time.Parse("2006-01-02", s)
	if err != nil {
		return 0, fmt.Errorf("%q is not a real calendar date (YYYY-MM-DD)", s)
	}
	return Date(t.Unix() / secondsPerDay), nil
}

// MustParseDate is ParseDate for literals in tests and defaults; it panics on
// a malformed literal, which is a programming error.
func MustParseDate(s string) Date {
	d, err := ParseDate(s)
	if err != nil {
		panic(err)
	}
	return d
}

// Time returns midnight at the start of the date in loc.
func (d Date) Time(loc *time.Location) time.Time {
	y, m, dd := d.Civil()
	return time.Date(y, m, dd, 0, 0, 0, 0, loc)
}

func (d Date) utc() time.Time { return time.Unix(int64(d)*secondsPerDay, 0).UTC() }

// Civil returns the year, month and day.
func (d Date) Civil() (year int, month time.Month, day int) { return d.utc().Date() }

// Year returns the calendar year.
func (d Date) Year() int { return d.utc().Year() }

// Weekday returns the day of the week. 1970-01-01 was a Thursday.
func (d Date) Weekday() time.Weekday {
	w := (int(d)%7 + 7 + 4) % 7
	return time.Weekday(w)
}

// AddDays returns the date n days later (earlier when n < 0).
func (d Date) AddDays(n int) Date { return d + Date(n) }

// AddMonths returns the same day n months later, clamped to the end of a
// shorter month (31 January + 1 month = 28 or 29 February), the usual reading
// of "within 3 months" in care-planning guidance.
func (d Date) AddMonths(n int) Date {
	y, m, dd := d.Civil()
	first := time.Date(y, m+time.Month(n), 1, 0, 0, 0, 0, time.UTC)
	last := first.AddDate(0, 1, -1).Day()
	if dd > last {
		dd = last
	}
	return DateOf(first.Year(), first.Month(), dd)
}

// AddYears returns the same date n years later; 29 February becomes 28
// February in a common year.
func (d Date) AddYears(n int) Date { return d.AddMonths(12 * n) }

// DaysUntil returns e − d in days.
func (d Date) DaysUntil(e Date) int { return int(e - d) }

// String formats the date as YYYY-MM-DD.
func (d Date) String() string {
	var b [16]byte
	return string(d.Append(b[:0]))
}

// Append appends the date as String formats it, for writers of millions of
// dates (issue 15).
func (d Date) Append(dst []byte) []byte {
	y, m, dd := d.Civil()
	if y < 0 || y > 9999 {
		return fmt.Appendf(dst, "%d-%02d-%02d", y, int(m), dd)
	}
	return append(dst,
		byte('0'+y/1000), byte('0'+y/100%10), byte('0'+y/10%10), byte('0'+y%10), '-',
		byte('0'+int(m)/10), byte('0'+int(m)%10), '-',
		byte('0'+dd/10), byte('0'+dd%10))
}

// AgeOn returns the age in whole years on date on of someone born on dob. A
// person born on 29 February has their birthday on 1 March in a common year
// (the usual legal reading in England and Wales).
func AgeOn(dob, on Date) int {
	by, bm, bd := dob.Civil()
	y, m, d := on.Civil()
	age := y - by
	if m < bm || (m == bm && d < bd) {
		age--
	}
	return age
}

// Birthday returns the date of the birthday at which someone born on dob
// turns age.
func Birthday(dob Date, age int) Date {
	by, bm, bd := dob.Civil()
	return DateOf(by+age, bm, bd) // 29 Feb normalises to 1 Mar in common years
}

// MonthDay is a day of the year that recurs every year, such as Christmas
// Day (12-25): a month and a day, with no year.
type MonthDay struct {
	Month time.Month
	Day   int
}

// ParseMonthDay reads a day of the year written MM-DD ("12-25"). 02-29 is
// accepted and matches only leap years.
func ParseMonthDay(s string) (MonthDay, error) {
	if len(s) != 5 || s[2] != '-' {
		return MonthDay{}, fmt.Errorf("%q is not a day of the year written MM-DD, for example 12-25", s)
	}
	t, err := time.Parse("2006-01-02", "2024-"+s) // 2024 is a leap year, so 02-29 parses
	if err != nil {
		return MonthDay{}, fmt.Errorf("%q is not a real day of the year (MM-DD)", s)
	}
	return MonthDay{Month: t.Month(), Day: t.Day()}, nil
}

// String formats the day as MM-DD.
func (m MonthDay) String() string { return fmt.Sprintf("%02d-%02d", int(m.Month), m.Day) }

// DefaultClosedDays are the days of the year with no sessions with the
// link carer and no professional meetings or visits unless scenario.toml
// says otherwise ([plan] closed_days): Christmas Day, Boxing Day and New
// Year's Day, days a child spends with the family they live with. They are
// bank holidays (Banking and Financial Dealings Act 1971, Schedule 1), but a
// bank holiday is otherwise the weekday it falls on for the carer's
// availability, so these are closed by name (issue 12 follow-up: no panel
// signs a day out on Christmas Day).
func DefaultClosedDays() []MonthDay {
	return []MonthDay{{Month: time.December, Day: 25}, {Month: time.December, Day: 26}, {Month: time.January, Day: 1}}
}

// DefaultClosedAfternoons are the days of the year whose afternoons (from
// plan.ClosedAfternoonFrom) have no professional meetings or visits unless
// scenario.toml says otherwise ([plan] closed_afternoons): Christmas Eve,
// when offices close early and families get ready; sessions with the link
// carer still may be held.
func DefaultClosedAfternoons() []MonthDay {
	return []MonthDay{{Month: time.December, Day: 24}}
}
