package cost

import (
	"sort"

	"github.com/linkmatch/linkmatch"
)

// ScopeKind says what a summary row totals: every link, one carer's links,
// or one link.
type ScopeKind uint8

// Scope kinds, in the order summaries list them.
const (
	ScopeAllLinks ScopeKind = iota
	ScopeCarer
	ScopeLink
)

func (k ScopeKind) String() string {
	switch k {
	case ScopeCarer:
		return "carer"
	case ScopeLink:
		return "link"
	}
	return "all"
}

// ScopeAll is the summary scope of every link together.
const ScopeAll = "all"

// SummaryRow totals cost rows for one scope (every link, a carer or a link)
// over one period. A session counts in the period of its date. A week's
// retainer is split by day across the periods it spans: the first k of its
// n days carry the week's amount × k/n, rounded half up, so the parts add to
// the week's amount exactly.
type SummaryRow struct {
	// The fields are ordered, and the counts 32-bit, so that a row packs
	// into 160 bytes: a national summary holds two million (issue 15).
	ScopeKind ScopeKind
	Kind      PeriodKind
	idx       int32 // the period's index in its calendar
	// Start and End are the first and last days of the period (a week,
	// month, pay period or year in full, even when costing covers only part
	// of it).
	Start, End linkmatch.Date
	// Scope is ScopeAll, a carer id or a link id.
	Scope string
	// Period is "2027-W02" for a week, "2027-01" for a month,
	// "2027-01-04/2027-01-31" for a pay period or the whole costing period,
	// and "2026-27" for a financial year.
	Period                              string
	Amount, Retainer, Sessions, Mileage linkmatch.Pence
	// MilesTenths sums round trips; PaidSessions counts session rows.
	MilesTenths  int64
	PaidSessions int32
	// Links counts the links with a cost row in the period.
	Links int32
	// ActiveLinks counts the links active on at least one day of the period
	// within the costing period, and ActiveDays sums their active days:
	// ActiveDays/7 link-weeks.
	ActiveLinks int
	ActiveDays  int32
	// Existing counts existing links among Children.
	Existing int32
	// Cumulative is the scope's spend from the start of the costing period
	// to the end of this period.
	Cumulative linkmatch.Pence
	// Children are, for a carer, the children of the links active or paid
	// in the period, by link id.
	Children []string
	// Notes say in words what a reader must not miss: a link starting or
	// ending, weeks without sessions, periods after every link has ended.
	Notes string
}

// WeeklyPerLink is the period's cost per link-week: Amount × 7 /
// ActiveDays, rounded half up. ok is false when no link is active in the
// period.
func (s *SummaryRow) WeeklyPerLink() (p linkmatch.Pence, ok bool) {
	if s.ActiveDays == 0 {
		return 0, false
	}
	return s.Amount.Ratio(7, int64(s.ActiveDays)), true
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
	s.ActiveLinks += o.ActiveLinks
	s.ActiveDays += o.ActiveDays
}

// accumulator holds one scope's rows for every period of one calendar.
type accumulator struct {
	cal  *calendar
	rows []SummaryRow
	used []bool
	list []int // used periods, in the order first used
	// kids holds the emitted rows' Children back to back, so that a
	// national summary does not allocate a slice per carer and period.
	kids []string
}

func newAccumulator(cal *calendar) *accumulator {
	return &accumulator{cal: cal, rows: make([]SummaryRow, cal.len()), used: make([]bool, cal.len())}
}

func (a *accumulator) at(p int) *SummaryRow {
	if !a.used[p] {
		a.used[p] = true
		a.list = append(a.list, p)
	}
	return &a.rows[p]
}

// addRow adds a cost row to the periods it falls in. A retainer spanning
// two periods is split by day with cumulative rounding (see SummaryRow).
// Rows are added one link at a time, so a period with a row has one link.
func (a *accumulator) addRow(r *Row) {
	add := func(p int, r *Row) {
		s := a.at(p)
		s.add(r)
		s.Links = 1
	}
	if r.Item != ItemRetainer || r.Days <= 1 {
		add(a.cal.at(r.Date), r)
		return
	}
	n := int64(r.Days)
	first, last := a.cal.at(r.Date), a.cal.at(r.Date.AddDays(int(n)-1))
	if first == last {
		add(first, r)
		return
	}
	var done linkmatch.Pence // the share of the days before day j
	j := int64(0)
	for j < n {
		p := a.cal.at(r.Date.AddDays(int(j)))
		k := j
		for k < n && a.cal.at(r.Date.AddDays(int(k))) == p {
			k++
		}
		share := r.Amount.Ratio(k, n)
		part := *r
		part.Amount = share - done
		add(p, &part)
		done, j = share, k
	}
}

// addActive counts a link active from a to b (within the costing period).
func (a *accumulator) addActive(from, to linkmatch.Date) {
	if from > to {
		return
	}
	for p := a.cal.at(from); p <= a.cal.at(to); p++ {
		s := a.at(p)
		s.ActiveLinks++
		s.ActiveDays += int32(a.cal.overlap(p, from, to))
	}
}

// emit appends the used periods, in date order, labelled for scope, and
// clears the accumulator for the next scope.
func (a *accumulator) emit(out []SummaryRow, kind ScopeKind, scope string) []SummaryRow {
	sort.Ints(a.list)
	var cum linkmatch.Pence
	for _, p := range a.list {
		s := a.rows[p]
		s.ScopeKind, s.Scope, s.Kind = kind, scope, a.cal.kind
		s.Period, s.Start, s.End, s.idx = a.cal.label(p), a.cal.starts[p], a.cal.ends[p], int32(p)
		cum += s.Amount
		s.Cumulative = cum
		if n := len(s.Children); n > 0 {
			a.kids = append(a.kids, s.Children...)
			s.Children = a.kids[len(a.kids)-n : len(a.kids) : len(a.kids)]
		}
		out = append(out, s)
		// Keep the scratch list of children for the next scope.
		a.rows[p], a.used[p] = SummaryRow{Children: a.rows[p].Children[:0]}, false
	}
	a.list = a.list[:0]
	return out
}

// Summarise totals res.Rows (sorted by link, then date) by each kind of
// period in kinds: for all links (every period of the costing period, even
// one with nothing paid), for each link and for each carer (the periods in
// which they are active or paid; a link's total always). The result lists
// all links first, then links by id, then carers by id; within a scope the
// kinds in the order given and each kind's periods in date order. Summing a
// scope's periods of any one kind gives its total.
func Summarise(res *Result, kinds []PeriodKind) []SummaryRow {
	cals := make([]*calendar, len(kinds))
	all := make([]*accumulator, len(kinds))
	one := make([]*accumulator, len(kinds))
	nAll := 0
	for i, k := range kinds {
		cals[i] = newCalendar(k, res.From, res.To, res.PayPeriodsFrom)
		all[i], one[i] = newAccumulator(cals[i]), newAccumulator(cals[i])
		for p := range cals[i].len() {
			all[i].at(p) // every period is listed for all links
		}
		nAll += cals[i].len()
	}
	// One slice for every row, all links' first: its rows are known only
	// once every link is summed, but their number is known now, and a
	// carer's rows are at most its links' (each is a period one of them is
	// in). A national summary is two million rows, so none is copied: the
	// capacity never reached costs address space, not memory.
	nLinks := estimateLinkRows(res, cals)
	out := make([]SummaryRow, nAll, nAll+2*nLinks+nLinks/8)
	linkRows := make([][2]int, len(res.Links)) // each link's rows in out
	r := 0
	for li := range res.Links {
		l := &res.Links[li]
		lo := r
		for r < len(res.Rows) && int(res.Rows[r].Link) == li {
			r++
		}
		start := len(out)
		a, b := max(l.Start, res.From), min(l.End, res.To)
		for i := range kinds {
			acc := one[i]
			if kinds[i] == PeriodTotal {
				acc.at(0) // a link's total is always listed
			}
			for j := lo; j < r; j++ {
				acc.addRow(&res.Rows[j])
			}
			acc.addActive(a, b)
			for _, p := range acc.list {
				all[i].rows[p].merge(&acc.rows[p])
			}
			out = acc.emit(out, ScopeLink, l.ID)
		}
		linkRows[li] = [2]int{start, len(out)}
	}
	out = summariseCarers(out, res, kinds, one, linkRows)
	head := out[:0]
	for i := range kinds {
		head = all[i].emit(head, ScopeAllLinks, ScopeAll)
	}
	annotate(res, out, cals, kinds)
	return out
}

// estimateLinkRows counts the periods each link is active in, an estimate
// (exact unless sessions fall after a link's end) of its summary rows.
func estimateLinkRows(res *Result, cals []*calendar) int {
	n := 0
	for i := range res.Links {
		l := &res.Links[i]
		a, b := max(l.Start, res.From), min(l.End, res.To)
		for _, c := range cals {
			n++
			if a <= b {
				n += c.at(b) - c.at(a)
			}
		}
	}
	return n
}

// summariseCarers appends each carer's rows, merged from the rows of the
// carer's links (out[linkRows[i][0]:linkRows[i][1]] for link i).
func summariseCarers(out []SummaryRow, res *Result, kinds []PeriodKind, acc []*accumulator, linkRows [][2]int) []SummaryRow {
	byCarer := map[string][]int{}
	var carers []string
	for li := range res.Links {
		id := res.Links[li].CarerID
		if _, seen := byCarer[id]; !seen {
			carers = append(carers, id)
		}
		byCarer[id] = append(byCarer[id], li)
	}
	sort.Strings(carers)
	var kindAt [numPeriodKinds]int
	for i, k := range kinds {
		kindAt[k] = i
	}
	for _, id := range carers {
		for _, li := range byCarer[id] {
			l := &res.Links[li]
			for j := linkRows[li][0]; j < linkRows[li][1]; j++ {
				lr := &out[j]
				s := acc[kindAt[lr.Kind]].at(int(lr.idx))
				s.merge(lr)
				if lr.Links == 0 && lr.ActiveLinks == 0 {
					continue
				}
				if l.Existing {
					s.Existing++
				} else {
					s.Children = append(s.Children, l.ChildID)
				}
			}
		}
		for i := range kinds {
			out = acc[i].emit(out, ScopeCarer, id)
		}
	}
	return out
}
