package cost

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

func (s *SummaryRow) add(r *Row) {
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

// periodStart returns the first day of the ISO week (a Monday) or calendar
// month holding d.
func periodStart(kind PeriodKind, d linkmatch.Date) linkmatch.Date {
	if kind == PeriodWeek {
		return mondayOf(d)
	}
	y, m, _ := d.Civil()
	return linkmatch.DateOf(y, m, 1)
}

// period describes the week or month holding a date: its label ("2027-W02",
// "2027-01") and its first and last days.
func period(kind PeriodKind, d linkmatch.Date) (label string, start, end linkmatch.Date) {
	if kind == PeriodWeek {
		mon := mondayOf(d)
		y, w := mon.Time(time.UTC).ISOWeek()
		return fmt.Sprintf("%04d-W%02d", y, w), mon, mon.AddDays(6)
	}
	y, m, _ := d.Civil()
	first := linkmatch.DateOf(y, m, 1)
	return fmt.Sprintf("%04d-%02d", y, int(m)), first, first.AddMonths(1).AddDays(-1)
}

// allLinks holds the ScopeAll row of each week and month, keyed by the
// period's first day. Each period is described (labelled) once, however
// many links have rows in it.
type allLinks [PeriodMonth + 1]map[linkmatch.Date]*SummaryRow

// row returns the ScopeAll row of the kind of period holding d.
func (a *allLinks) row(kind PeriodKind, d linkmatch.Date) *SummaryRow {
	key := periodStart(kind, d)
	p := a[kind][key]
	if p == nil {
		label, start, end := period(kind, key)
		p = &SummaryRow{Scope: ScopeAll, Kind: kind, Period: label, Start: start, End: end}
		a[kind][key] = p
	}
	return p
}

// sorted returns the ScopeAll rows of one kind of period in date order.
func (a *allLinks) sorted(kind PeriodKind) []SummaryRow {
	out := make([]SummaryRow, 0, len(a[kind]))
	for _, p := range a[kind] {
		out = append(out, *p)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Start < out[j].Start })
	return out
}

// summarise totals res.Rows (sorted by link, then date) per link and for
// all links: over the whole period, by ISO week and by calendar month. The
// result lists ScopeAll first, then links by id; within a scope the total,
// then weeks, then months, in date order.
func summarise(res *Result) []SummaryRow {
	rows := res.Rows
	whole := SummaryRow{Scope: ScopeAll, Kind: PeriodTotal, Start: res.From, End: res.To,
		Period: res.From.String() + "/" + res.To.String()}
	nWeeks := int(mondayOf(res.To)-mondayOf(res.From))/7 + 1
	fy, fm, _ := res.From.Civil()
	ty, tm, _ := res.To.Civil()
	nMonths := (ty-fy)*12 + int(tm-fm) + 1

	all := allLinks{PeriodWeek: {}, PeriodMonth: {}}
	allTotal := whole
	perLink := make([]SummaryRow, 0, len(res.Links)*(1+nWeeks+nMonths))
	for lo := 0; lo < len(rows); {
		hi := lo
		for hi < len(rows) && rows[hi].Link == rows[lo].Link {
			hi++
		}
		total := whole
		total.Scope, total.Links = res.Links[rows[lo].Link].ID, 1
		at := len(perLink)
		perLink = summariseLink(perLink, total, rows[lo:hi], &all)
		allTotal.merge(&perLink[at])
		lo = hi
	}
	out := make([]SummaryRow, 0, 1+len(all[PeriodWeek])+len(all[PeriodMonth])+len(perLink))
	out = append(out, allTotal)
	out = append(out, all.sorted(PeriodWeek)...)
	out = append(out, all.sorted(PeriodMonth)...)
	return append(out, perLink...)
}

// summariseLink appends one link's summary rows to out: its total (total,
// with its scope set, plus every row), then its weeks, then its months, in
// date order. Each week and month is also added to the ScopeAll row of that
// period in all.
func summariseLink(out []SummaryRow, total SummaryRow, rows []Row, all *allLinks) []SummaryRow {
	for i := range rows {
		total.add(&rows[i])
	}
	out = append(out, total)
	for _, kind := range []PeriodKind{PeriodWeek, PeriodMonth} {
		// A link's rows are in date order, so each period's rows are
		// consecutive.
		var cur, curAll *SummaryRow
		for i := range rows {
			r := &rows[i]
			if cur == nil || r.Date > cur.End {
				if cur != nil {
					curAll.merge(cur)
				}
				curAll = all.row(kind, r.Date)
				out = append(out, SummaryRow{Scope: total.Scope, Kind: kind, Period: curAll.Period,
					Start: curAll.Start, End: curAll.End, Links: 1})
				// cur is only used until the next append, which may move out.
				cur = &out[len(out)-1]
			}
			cur.add(r)
		}
		if cur != nil {
			curAll.merge(cur)
		}
	}
	return out
}
