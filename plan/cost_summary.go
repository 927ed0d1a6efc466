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

// summarise totals res.Rows (sorted by link, then date) per link and for
// all links: over the whole period, by ISO week and by calendar month. The
// result lists ScopeAll first, then links by id; within a scope the total,
// then weeks, then months, in date order.
func summarise(res *CostResult) []SummaryRow {
	rows := res.Rows
	whole := res.From.String() + "/" + res.To.String()
	nWeeks := int(mondayOf(res.To)-mondayOf(res.From))/7 + 1
	fy, fm, _ := res.From.Civil()
	ty, tm, _ := res.To.Civil()
	nMonths := (ty-fy)*12 + int(tm-fm) + 1

	// Periods are described once and shared by every link.
	type desc struct {
		label      string
		start, end linkmatch.Date
		all        *SummaryRow
	}
	periods := [3]map[linkmatch.Date]*desc{PeriodWeek: {}, PeriodMonth: {}}
	describe := func(kind PeriodKind, d linkmatch.Date) *desc {
		key := d
		if kind == PeriodWeek {
			key = mondayOf(d)
		} else {
			y, m, _ := d.Civil()
			key = linkmatch.DateOf(y, m, 1)
		}
		p := periods[kind][key]
		if p == nil {
			_, label, start, end := period(kind, key)
			p = &desc{label: label, start: start, end: end,
				all: &SummaryRow{Scope: ScopeAll, Kind: kind, Period: label, Start: start, End: end}}
			periods[kind][key] = p
		}
		return p
	}

	allTotal := SummaryRow{Scope: ScopeAll, Kind: PeriodTotal, Start: res.From, End: res.To, Period: whole}
	perLink := make([]SummaryRow, 0, len(res.Links)*(1+nWeeks+nMonths))
	for lo := 0; lo < len(rows); {
		link := rows[lo].Link
		id := res.Links[link].ID
		hi := lo
		for hi < len(rows) && rows[hi].Link == link {
			hi++
		}
		total := SummaryRow{Scope: id, Kind: PeriodTotal, Start: res.From, End: res.To, Period: whole, Links: 1}
		for i := lo; i < hi; i++ {
			total.add(&rows[i])
		}
		perLink = append(perLink, total)
		allTotal.merge(&total)
		for _, kind := range []PeriodKind{PeriodWeek, PeriodMonth} {
			// A link's rows are in date order, so each period's rows are
			// consecutive.
			var cur *SummaryRow
			var curAll *SummaryRow
			for i := lo; i < hi; i++ {
				r := &rows[i]
				if cur == nil || r.Date > cur.End {
					if cur != nil {
						curAll.merge(cur)
					}
					p := describe(kind, r.Date)
					perLink = append(perLink, SummaryRow{Scope: id, Kind: kind, Period: p.label, Start: p.start, End: p.end, Links: 1})
					cur, curAll = &perLink[len(perLink)-1], p.all
				}
				cur.add(r)
			}
			if cur != nil {
				curAll.merge(cur)
			}
		}
		lo = hi
	}
	out := make([]SummaryRow, 0, 1+len(periods[PeriodWeek])+len(periods[PeriodMonth])+len(perLink))
	out = append(out, allTotal)
	for _, kind := range []PeriodKind{PeriodWeek, PeriodMonth} {
		start := len(out)
		for _, p := range periods[kind] {
			out = append(out, *p.all)
		}
		part := out[start:]
		sort.Slice(part, func(i, j int) bool { return part[i].Start < part[j].Start })
	}
	return append(out, perLink...)
}
