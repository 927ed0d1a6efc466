package plan

import (
	"fmt"
	"time"

	"github.com/linkmatch/linkmatch"
)

// DefaultTerms returns approximate English school terms (six half terms a
// year) for the school years that touch the calendar years fromYear to
// toYear. Each council sets its own dates, and schools add training days,
// so give a terms file (start,end) for exact dates; these rules follow the
// common English pattern closely enough to tell school days from holidays
// in a plan:
//
//   - autumn starts on 3 September (the Monday after, at a weekend);
//     half term is the week of the last Monday of October; the term ends on
//     the last Friday on or before 20 December;
//   - spring starts on the first weekday on or after 4 January that is not a
//     bank holiday; half term is the week of the third Monday of February;
//   - the Easter holiday is the fortnight from the Monday of Good Friday's
//     week (from Easter Monday when Easter Sunday is in March, as councils
//     then keep early April free);
//   - summer half term is the week of the spring bank holiday (the last
//     Monday of May); the year ends on 22 July (the Friday before, at a
//     weekend).
func DefaultTerms(fromYear, toYear int) []Term {
	var out []Term
	for y := fromYear - 1; y <= toYear; y++ {
		out = append(out, schoolYear(y)...)
	}
	return out
}

// schoolYear returns the six half terms of the school year starting in
// September of year y.
func schoolYear(y int) []Term {
	ny := y + 1
	autumnStart := mondayIfWeekend(linkmatch.DateOf(y, time.September, 3))
	octHalf := lastWeekday(y, time.October, time.Monday)
	christmas := onOrBefore(linkmatch.DateOf(y, time.December, 20), time.Friday)

	hol := EnglandBankHolidays(ny)
	spring := linkmatch.DateOf(ny, time.January, 4)
	for isWeekendOr(spring, hol) {
		spring = spring.AddDays(1)
	}
	febHalf := nthWeekday(ny, time.February, time.Monday, 3)
	easter := Easter(ny)
	easterHol := easter.AddDays(-6) // Monday of Good Friday's week
	if _, m, _ := easter.Civil(); m == time.March {
		easterHol = easter.AddDays(1) // Easter Monday
	}
	mayHalf := lastWeekday(ny, time.May, time.Monday)
	summerEnd := linkmatch.DateOf(ny, time.July, 22)
	if wd := summerEnd.Weekday(); wd == time.Saturday || wd == time.Sunday {
		summerEnd = onOrBefore(summerEnd, time.Friday)
	}
	name := func(season string, half int) string { return fmt.Sprintf("%s %d, %d–%02d", season, half, y, ny%100) }
	return []Term{
		{Start: autumnStart, End: octHalf.AddDays(-3), Name: name("autumn", 1)},
		{Start: octHalf.AddDays(7), End: christmas, Name: name("autumn", 2)},
		{Start: spring, End: febHalf.AddDays(-3), Name: name("spring", 1)},
		{Start: febHalf.AddDays(7), End: easterHol.AddDays(-3), Name: name("spring", 2)},
		{Start: easterHol.AddDays(14), End: mayHalf.AddDays(-3), Name: name("summer", 1)},
		{Start: mayHalf.AddDays(7), End: summerEnd, Name: name("summer", 2)},
	}
}

func isWeekendOr(d linkmatch.Date, hol []BankHoliday) bool {
	if wd := d.Weekday(); wd == time.Saturday || wd == time.Sunday {
		return true
	}
	for _, h := range hol {
		if h.Date == d {
			return true
		}
	}
	return false
}

func mondayIfWeekend(d linkmatch.Date) linkmatch.Date {
	switch d.Weekday() {
	case time.Saturday:
		return d.AddDays(2)
	case time.Sunday:
		return d.AddDays(1)
	}
	return d
}

// onOrBefore returns the last wd on or before d.
func onOrBefore(d linkmatch.Date, wd time.Weekday) linkmatch.Date {
	return d.AddDays(-((int(d.Weekday()) - int(wd) + 7) % 7))
}

// onOrAfter returns the first wd on or after d.
func onOrAfter(d linkmatch.Date, wd time.Weekday) linkmatch.Date {
	return d.AddDays((int(wd) - int(d.Weekday()) + 7) % 7)
}

func lastWeekday(y int, m time.Month, wd time.Weekday) linkmatch.Date {
	return onOrBefore(linkmatch.DateOf(y, m+1, 0), wd) // day 0 of the next month is the last of m
}

func nthWeekday(y int, m time.Month, wd time.Weekday, n int) linkmatch.Date {
	return onOrAfter(linkmatch.DateOf(y, m, 1), wd).AddDays(7 * (n - 1))
}

// Easter returns Easter Sunday of year y in the Gregorian calendar, by the
// anonymous Gregorian algorithm (Meeus/Jones/Butcher, "Astronomical
// Algorithms", 1991, ch. 8).
func Easter(y int) linkmatch.Date {
	a := y % 19
	b, c := y/100, y%100
	d, e := b/4, b%4
	f := (b + 8) / 25
	g := (b - f + 1) / 3
	h := (19*a + b - d - g + 15) % 30
	i, k := c/4, c%4
	l := (32 + 2*e + 2*i - h - k) % 7
	m := (a + 11*h + 22*l) / 451
	month := (h + l - 7*m + 114) / 31
	day := (h+l-7*m+114)%31 + 1
	return linkmatch.DateOf(y, time.Month(month), day)
}

// EnglandBankHolidays returns the regular bank holidays of England and Wales
// in year y (Banking and Financial Dealings Act 1971, Schedule 1, and the
// royal proclamations that add New Year's Day and the early May holiday):
// New Year's Day, Good Friday, Easter Monday, the first and last Mondays of
// May, the last Monday of August, Christmas Day and Boxing Day, with
// substitute weekdays when a fixed date falls at a weekend. One-off
// holidays are not included, and the early May holiday has been moved in
// the past (to 8 May in 2020), so published lists win when available.
func EnglandBankHolidays(y int) []BankHoliday {
	var out []BankHoliday
	taken := map[linkmatch.Date]bool{}
	fixed := func(d linkmatch.Date, name string) {
		if wd := d.Weekday(); wd == time.Saturday || wd == time.Sunday || taken[d] {
			for d = d.AddDays(1); d.Weekday() == time.Saturday || d.Weekday() == time.Sunday || taken[d]; d = d.AddDays(1) {
			}
			name += " (substitute day)"
		}
		taken[d] = true
		out = append(out, BankHoliday{Date: d, Name: name})
	}
	fixed(linkmatch.DateOf(y, time.January, 1), "New Year's Day")
	e := Easter(y)
	out = append(out,
		BankHoliday{Date: e.AddDays(-2), Name: "Good Friday"},
		BankHoliday{Date: e.AddDays(1), Name: "Easter Monday"},
		BankHoliday{Date: nthWeekday(y, time.May, time.Monday, 1), Name: "Early May bank holiday"},
		BankHoliday{Date: lastWeekday(y, time.May, time.Monday), Name: "Spring bank holiday"},
		BankHoliday{Date: lastWeekday(y, time.August, time.Monday), Name: "Summer bank holiday"},
	)
	fixed(linkmatch.DateOf(y, time.December, 25), "Christmas Day")
	fixed(linkmatch.DateOf(y, time.December, 26), "Boxing Day")
	return out
}
