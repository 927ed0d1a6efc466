package cost

import (
	"fmt"
	"time"

	"github.com/linkmatch/linkmatch"
)

// PeriodKind is what a summary row totals over.
type PeriodKind uint8

// Period kinds, in the order summaries list them.
const (
	PeriodTotal PeriodKind = iota // the whole costing period
	PeriodWeek                    // an ISO week, Monday to Sunday
	PeriodMonth                   // a calendar month
	// PeriodPayPeriod is a 4-weekly pay period: 28 days from
	// Options.PayPeriodsFrom (seed 000 prices "a 4 week month").
	PeriodPayPeriod
	// PeriodFinancialYear is a council's financial year, 1 April to 31
	// March: the year councils budget and account in (Local Government Act
	// 1972 s.168: returns "for each year ending on 31st March").
	PeriodFinancialYear
	// PeriodDay is one day: not in the default summary, but any summary
	// can be checked against it, since every other period is a run of days.
	PeriodDay
	numPeriodKinds
)

var periodNames = [numPeriodKinds]string{"total", "week", "month", "pay_period", "financial_year", "day"}

func (k PeriodKind) String() string {
	if k < numPeriodKinds {
		return periodNames[k]
	}
	return "unknown"
}

// DefaultPeriods are the periods Price summarises by: the whole costing
// period, ISO weeks, calendar months, 4-weekly pay periods and financial
// years.
func DefaultPeriods() []PeriodKind {
	return []PeriodKind{PeriodTotal, PeriodWeek, PeriodMonth, PeriodPayPeriod, PeriodFinancialYear}
}

// payPeriodDays is the length of a pay period: seed 000 prices "a 4 week
// month", and councils pay foster carers 4-weekly or monthly.
const payPeriodDays = 28

// calendar splits the costing period [from, to] into the periods of one
// kind. Periods are whole (a week from its Monday, a month from its first
// day) even where the costing period covers only part of them.
type calendar struct {
	kind     PeriodKind
	from, to linkmatch.Date
	anchor   linkmatch.Date // the first day of some pay period
	starts   []linkmatch.Date
	ends     []linkmatch.Date
	index    []int32  // period of each day, by day − from
	labels   []string // each period's label, made once for every row
}

func newCalendar(kind PeriodKind, from, to, anchor linkmatch.Date) *calendar {
	c := &calendar{kind: kind, from: from, to: to, anchor: anchor, index: make([]int32, int(to-from)+1)}
	for d := from; d <= to; d++ {
		if n := len(c.starts); n == 0 || d > c.ends[n-1] {
			start, end := c.bounds(d)
			c.starts = append(c.starts, start)
			c.ends = append(c.ends, end)
		}
		c.index[d-from] = int32(len(c.starts) - 1)
	}
	c.labels = make([]string, len(c.starts))
	for i := range c.starts {
		c.labels[i] = c.makeLabel(i)
	}
	return c
}

// bounds returns the first and last days of the period holding d.
func (c *calendar) bounds(d linkmatch.Date) (start, end linkmatch.Date) {
	switch c.kind {
	case PeriodWeek:
		mon := mondayOf(d)
		return mon, mon.AddDays(6)
	case PeriodMonth:
		y, m, _ := d.Civil()
		first := linkmatch.DateOf(y, m, 1)
		return first, first.AddMonths(1).AddDays(-1)
	case PeriodPayPeriod:
		n := floorDiv(int(d-c.anchor), payPeriodDays)
		first := c.anchor.AddDays(n * payPeriodDays)
		return first, first.AddDays(payPeriodDays - 1)
	case PeriodFinancialYear:
		first := financialYearStart(d)
		return first, first.AddYears(1).AddDays(-1)
	case PeriodDay:
		return d, d
	}
	return c.from, c.to
}

// financialYearStart is the 1 April on or before d.
func financialYearStart(d linkmatch.Date) linkmatch.Date {
	y, m, _ := d.Civil()
	if m < time.April {
		y--
	}
	return linkmatch.DateOf(y, time.April, 1)
}

func floorDiv(a, b int) int {
	q := a / b
	if a%b != 0 && (a < 0) != (b < 0) {
		q--
	}
	return q
}

// at returns the index of the period holding d, which must be within the
// costing period.
func (c *calendar) at(d linkmatch.Date) int { return int(c.index[d-c.from]) }

// len returns the number of periods.
func (c *calendar) len() int { return len(c.starts) }

// label names period i: "2027-W02", "2027-01", "2027-01-04/2027-01-31" (a
// pay period or the whole costing period), "2026-27" (a financial year) or
// "2027-01-04" (a day).
func (c *calendar) label(i int) string { return c.labels[i] }

func (c *calendar) makeLabel(i int) string {
	start := c.starts[i]
	switch c.kind {
	case PeriodWeek:
		y, w := start.Time(time.UTC).ISOWeek()
		return fmt.Sprintf("%04d-W%02d", y, w)
	case PeriodMonth:
		y, m, _ := start.Civil()
		return fmt.Sprintf("%04d-%02d", y, int(m))
	case PeriodFinancialYear:
		y := start.Year()
		return fmt.Sprintf("%04d-%02d", y, (y+1)%100)
	case PeriodDay:
		return start.String()
	}
	return start.String() + "/" + c.ends[i].String()
}

// overlap returns the number of days [a, b] shares with period i.
func (c *calendar) overlap(i int, a, b linkmatch.Date) int {
	return max(int(min(b, c.ends[i])-max(a, c.starts[i]))+1, 0)
}
