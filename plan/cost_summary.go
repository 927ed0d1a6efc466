package plan

import (
	"fmt"
	"sort"
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
)

func (k PeriodKind) String() string {
	switch k {
	case PeriodWeek:
		return "week"
	case PeriodMonth:
		return "month"
	}
	return "total"
}

// ScopeAll is the summary scope of every link together.
const ScopeAll = "all"

// SummaryRow totals cost rows for one scope (a link id or ScopeAll) over one
// period. Each row counts in the period of its date, so a week's retainer
// falls in the month of its first paid day.
type SummaryRow struct {
	Scope string
	Kind  PeriodKind
	// Period is "2027-W02" for a week, "2027-01" for a month, and
	// "2027-01-04/2027-01-31" for the whole costing period.
	Period string
	// Start and End are the first and last days of the period (a week or
	// month in full, even when costing covers only part of it).
	Start, End                          linkmatch.Date
	Amount, Retainer, Sessions, Mileage linkmatch.Pence
	// PaidSessions counts session rows; MilesTenths sums round trips.
	PaidSessions int
	MilesTenths  int64
	// Links counts the links with a row in the period (1 for a link scope).
	Links int
}

func (s *SummaryRow) add(r *CostRow) {
	s.Amount += r.Amount
	switch r.Item {
	case ItemRetainer:
		s.Retainer += r.Amount
	case ItemSession:
		s.Sessions += r.Amount
		s.PaidSessions++
	case ItemMileage:
		s.Mileage += r.Amount
		s.MilesTenths += r.MilesTenths
	}
}

func (s *SummaryRow) merge(o *SummaryRow) {
	s.Amount += o.Amount
	s.Retainer += o.Retainer
	s.Sessions += o.Sessions
	s.Mileage += o.Mileage
	s.PaidSessions += o.PaidSessions
	s.MilesTenths += o.MilesTenths
	s.Links += o.Links
}

// period describes the week or month holding a date.
func period(kind PeriodKind, d linkmatch.Date) (key linkmatch.Date, label string, start, end linkmatch.Date) {
	if kind == PeriodWeek {
		mon := mondayOf(d)
		y, w := mon.Time(time.UTC).ISOWeek()
		return mon, fmt.Sprintf("%04d-W%02d", y, w), mon, mon.AddDays(6)
	}
	y, m, _ := d.Civil()
	first := linkmatch.DateOf(y, m, 1)
	return first, fmt.Sprintf("%04d-%02d", y, int(m)), first, first.AddMonths(1).AddDays(-1)
}

// Summarise totals rows (sorted by link, then date, as Cost returns them) per
// link and for all links: over the whole period from..to, by ISO week and by
// calendar month. The result lists ScopeAll first, then links by id; within a
// scope the total, then weeks, then months, in date order.
func Summarise(rows []CostRow, from, to linkmatch.Date) []SummaryRow {
	all := map[PeriodKind]map[linkmatch.Date]*SummaryRow{PeriodWeek: {}, PeriodMonth: {}}
	allTotal := SummaryRow{Scope: ScopeAll, Kind: PeriodTotal, Start: from, End: to, Period: from.String() + "/" + to.String()}
	var perLink []SummaryRow
	for lo := 0; lo < len(rows); {
		id := rows[lo].LinkID
		hi := lo
		for hi < len(rows) && rows[hi].LinkID == id {
			hi++
		}
		total := SummaryRow{Scope: id, Kind: PeriodTotal, Start: from, End: to, Period: allTotal.Period, Links: 1}
		for i := lo; i < hi; i++ {
			total.add(&rows[i])
		}
		perLink = append(perLink, total)
		allTotal.merge(&total)
		for _, kind := range []PeriodKind{PeriodWeek, PeriodMonth} {
			// Rows of a link are in date order, so each period's rows are
			// consecutive.
			var cur *SummaryRow
			var curKey linkmatch.Date
			for i := lo; i < hi; i++ {
				key, label, start, end := curKey, "", linkmatch.Date(0), linkmatch.Date(0)
				if cur == nil || !inPeriod(kind, curKey, rows[i].Date) {
					key, label, start, end = period(kind, rows[i].Date)
				}
				if cur == nil || key != curKey {
					perLink = append(perLink, SummaryRow{Scope: id, Kind: kind, Period: label, Start: start, End: end, Links: 1})
					cur, curKey = &perLink[len(perLink)-1], key
				}
				cur.add(&rows[i])
			}
		}
		// Fold this link's periods into the all-links totals.
		for i := len(perLink) - 1; i >= 0 && perLink[i].Scope == id && perLink[i].Kind != PeriodTotal; i-- {
			p := &perLink[i]
			a := all[p.Kind][p.Start]
			if a == nil {
				a = &SummaryRow{Scope: ScopeAll, Kind: p.Kind, Period: p.Period, Start: p.Start, End: p.End}
				all[p.Kind][p.Start] = a
			}
			a.merge(p)
		}
		lo = hi
	}
	out := make([]SummaryRow, 0, 1+len(all[PeriodWeek])+len(all[PeriodMonth])+len(perLink))
	out = append(out, allTotal)
	for _, kind := range []PeriodKind{PeriodWeek, PeriodMonth} {
		start := len(out)
		for _, a := range all[kind] {
			out = append(out, *a)
		}
		part := out[start:]
		sort.Slice(part, func(i, j int) bool { return part[i].Start < part[j].Start })
	}
	return append(out, perLink...)
}

// inPeriod reports whether d falls in the period whose key (first day) is key.
func inPeriod(kind PeriodKind, key, d linkmatch.Date) bool {
	if d < key {
		return false
	}
	if kind == PeriodWeek {
		return d <= key.AddDays(6)
	}
	y1, m1, _ := key.Civil()
	y2, m2, _ := d.Civil()
	return y1 == y2 && m1 == m2
}
