package plan

import (
	"bytes"
	_ "embed" // default bank holidays
	"fmt"
	"sort"
	"time"

	"github.com/linkmatch/linkmatch"
	"github.com/linkmatch/linkmatch/input"
	"github.com/linkmatch/linkmatch/internal/table"
)

// defaultBankHolidaysCSV lists the bank holidays of England and Wales for
// 2026–2028 as published by GOV.UK (www.gov.uk/bank-holidays), including the
// substitute days when Christmas, Boxing Day or New Year's Day fall at a
// weekend.
//
//go:embed defaults/bank_holidays.csv
var defaultBankHolidaysCSV []byte

// Term is one block of school days, a half term: school is open on weekdays
// from Start to End inclusive, except bank holidays.
type Term struct {
	Start, End linkmatch.Date
	Name       string
}

// BankHoliday is a public holiday: no school, and treated like a weekend day.
type BankHoliday struct {
	Date linkmatch.Date
	Name string
}

// Calendar knows which days are school days and which are bank holidays.
// Build one with NewCalendar; it is read-only afterwards.
type Calendar struct {
	terms    []Term // sorted, not overlapping
	holidays map[linkmatch.Date]string
	// closed and closedPM mark days of the year (by month and day) closed
	// to sessions and meetings, and afternoons closed to meetings
	// (WithClosed).
	closed, closedPM [13][32]bool
	anyClosed        bool
}

// ClosedAfternoonFrom is when a closed afternoon begins: noon.
const ClosedAfternoonFrom linkmatch.Clock = 12 * 60

// WithClosed returns a copy of c in which days (by month and day, every
// year) are closed: no session, meeting or visit touches them; and the
// afternoons of afternoons are closed to professional meetings and visits
// (ClosedAfternoonFrom on). Nil closes nothing.
func (c *Calendar) WithClosed(days, afternoons []linkmatch.MonthDay) *Calendar {
	out := *c
	out.closed, out.closedPM, out.anyClosed = [13][32]bool{}, [13][32]bool{}, false
	for _, m := range days {
		out.closed[m.Month][m.Day] = true
		out.anyClosed = true
	}
	for _, m := range afternoons {
		out.closedPM[m.Month][m.Day] = true
		out.anyClosed = true
	}
	return &out
}

// Closed reports whether d is a closed day (WithClosed).
func (c *Calendar) Closed(d linkmatch.Date) bool {
	if !c.anyClosed {
		return false
	}
	_, m, dd := d.Civil()
	return c.closed[m][dd]
}

// ClosedAfternoon reports whether d's afternoon is closed to meetings and
// visits (WithClosed); a closed day's is too.
func (c *Calendar) ClosedAfternoon(d linkmatch.Date) bool {
	if !c.anyClosed {
		return false
	}
	_, m, dd := d.Civil()
	return c.closedPM[m][dd] || c.closed[m][dd]
}

// NewCalendar builds a calendar from terms (any order; they must not
// overlap) and bank holidays.
func NewCalendar(terms []Term, holidays []BankHoliday) (*Calendar, error) {
	c := &Calendar{terms: append([]Term(nil), terms...), holidays: make(map[linkmatch.Date]string, len(holidays))}
	sort.Slice(c.terms, func(i, j int) bool { return c.terms[i].Start < c.terms[j].Start })
	for i, t := range c.terms {
		if t.End < t.Start {
			return nil, fmt.Errorf("plan: the term starting %s ends before it starts (%s)", t.Start, t.End)
		}
		if i > 0 && t.Start <= c.terms[i-1].End {
			return nil, fmt.Errorf("plan: the terms starting %s and %s overlap", c.terms[i-1].Start, t.Start)
		}
	}
	for _, h := range holidays {
		c.holidays[h.Date] = h.Name
	}
	return c, nil
}

// DefaultBankHolidays returns England and Wales bank holidays for the years
// fromYear to toYear: the embedded GOV.UK list for 2026–2028, and for other
// years the same statutory pattern computed by EnglandBankHolidays. One-off
// holidays (coronations, jubilees) are only ever in data, so give a
// bank-holidays file for years outside the embedded list.
func DefaultBankHolidays(fromYear, toYear int) []BankHoliday {
	var ps input.Problems
	embedded := ParseBankHolidays(defaultBankHolidaysCSV, "defaults/bank_holidays.csv", &ps)
	if err := ps.Err(); err != nil {
		panic(err) // embedded data; caught by tests
	}
	have := map[int]bool{}
	var out []BankHoliday
	for _, h := range embedded {
		y := h.Date.Year()
		have[y] = true
		if y >= fromYear && y <= toYear {
			out = append(out, h)
		}
	}
	for y := fromYear; y <= toYear; y++ {
		if !have[y] {
			out = append(out, EnglandBankHolidays(y)...)
		}
	}
	return out
}

// SchoolDay reports whether d is a school day: a weekday inside a term that
// is not a bank holiday.
func (c *Calendar) SchoolDay(d linkmatch.Date) bool {
	if wd := d.Weekday(); wd == time.Saturday || wd == time.Sunday {
		return false
	}
	if _, ok := c.holidays[d]; ok {
		return false
	}
	i := sort.Search(len(c.terms), func(i int) bool { return c.terms[i].End >= d })
	return i < len(c.terms) && c.terms[i].Start <= d
}

// NoSchoolIn names the days [from, to) when none of them is a school day,
// in a parent's words: the school holiday they fall in ("the summer
// holidays", "half term"), or "days without school" (weekends and bank
// holidays); "" when some day in them has school.
func (c *Calendar) NoSchoolIn(from, to linkmatch.Date) string {
	holiday := false
	for d := from; d < to; d++ {
		if c.SchoolDay(d) {
			return ""
		}
		holiday = holiday || !c.Weekend(d)
	}
	if !holiday || from >= to {
		return "days without school"
	}
	_, m, _ := from.AddDays(int(to-from) / 2).Civil()
	switch m {
	case time.July, time.August, time.September:
		return "the summer holidays"
	case time.December, time.January:
		return "the Christmas holidays"
	case time.March, time.April:
		return "the Easter holidays"
	}
	return "half term"
}

// Weekend reports whether d is a Saturday, a Sunday or a bank holiday:
// a day treated as a weekend day by every rule of the planner.
func (c *Calendar) Weekend(d linkmatch.Date) bool {
	wd := d.Weekday()
	if wd == time.Saturday || wd == time.Sunday {
		return true
	}
	_, ok := c.holidays[d]
	return ok
}

// WorkingDaysAfter returns the date n working days after d, counting
// weekdays that are not bank holidays (the reading of "working days" in the
// 2010 Regulations, reg 2 interpretation).
func (c *Calendar) WorkingDaysAfter(d linkmatch.Date, n int) linkmatch.Date {
	for n > 0 {
		d = d.AddDays(1)
		if !c.Weekend(d) {
			n--
		}
	}
	return d
}

// ParseTerms reads a terms file (columns start, end; optional name): one
// row per block of school days, none overlapping. display names the file
// in problems, which are recorded in ps with their place.
func ParseTerms(data []byte, display string, ps *input.Problems) []Term {
	return readTerms(table.New(display, data, termsSpec, ps))
}

var termsSpec = table.Spec{Required: []string{"start", "end"}, Optional: []string{"name"}}

func readTerms(r *table.Reader) []Term {
	if r == nil {
		return nil
	}
	var out []Term
	lines := map[linkmatch.Date]int{}
	for r.Next() {
		start, _, ok1 := r.Date("start", true)
		end, _, ok2 := r.Date("end", true)
		if !ok1 || !ok2 {
			continue
		}
		if end < start {
			r.Fail(input.ErrConflict, "end", "a term ends on or after the day it starts", "the term ends on %s, before it starts on %s", end, start)
			continue
		}
		overlap := false
		for _, t := range out {
			if start <= t.End && t.Start <= end {
				r.Fail(input.ErrConflict, "start", "terms must not overlap; list each half term once", "this term overlaps the one on line %d (%s to %s)", lines[t.Start], t.Start, t.End)
				overlap = true
			}
		}
		if overlap {
			continue
		}
		lines[start] = r.Line()
		out = append(out, Term{Start: start, End: end, Name: r.Get("name")})
	}
	return out
}

// ParseBankHolidays reads a bank-holidays file (columns date; optional
// name); display names it in problems, which are recorded in ps.
func ParseBankHolidays(data []byte, display string, ps *input.Problems) []BankHoliday {
	return readBankHolidays(table.New(display, bytes.Clone(data), holidaysSpec, ps))
}

var holidaysSpec = table.Spec{Required: []string{"date"}, Optional: []string{"name"}}

func readBankHolidays(r *table.Reader) []BankHoliday {
	if r == nil {
		return nil
	}
	var out []BankHoliday
	seen := map[linkmatch.Date]int{}
	for r.Next() {
		d, _, ok := r.Date("date", true)
		if !ok {
			continue
		}
		if line, dup := seen[d]; dup {
			r.Warn(input.ErrDuplicate, "date", "list each bank holiday once", "%s is already listed on line %d", d, line)
			continue
		}
		seen[d] = r.Line()
		out = append(out, BankHoliday{Date: d, Name: r.Get("name")})
	}
	return out
}
