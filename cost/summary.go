package cost

import (
	"iter"
	"sort"
	"strings"

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
// clears the accumulator for the next scope. An emitted row's Children
// share the accumulator's scratch list: they hold until the accumulator
// is next added to.
func (a *accumulator) emit(out []SummaryRow, kind ScopeKind, scope string) []SummaryRow {
	sort.Ints(a.list)
	var cum linkmatch.Pence
	for _, p := range a.list {
		s := a.rows[p]
		s.ScopeKind, s.Scope, s.Kind = kind, scope, a.cal.kind
		s.Period, s.Start, s.End, s.idx = a.cal.label(p), a.cal.starts[p], a.cal.ends[p], int32(p)
		cum += s.Amount
		s.Cumulative = cum
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
// scope's periods of any one kind gives its total. It holds every row:
// SummaryRows makes the same rows one scope at a time.
func Summarise(res *Result, kinds []PeriodKind) []SummaryRow {
	z := newSummariser(res, kinds)
	// A national summary is two million rows: reserve them (an estimate,
	// see estimateLinkRows) rather than copy them as the slice grows. The
	// capacity never reached costs address space, not memory.
	nLinks := estimateLinkRows(res, z.cals)
	out := make([]SummaryRow, 0, z.nAll+2*nLinks+nLinks/8)
	// kids holds the rows' Children back to back, so that a national
	// summary does not allocate a slice per carer and period.
	var kids []string
	z.each(func(s *SummaryRow) bool {
		row := *s
		if n := len(s.Children); n > 0 {
			kids = append(kids, s.Children...)
			row.Children = kids[len(kids)-n : len(kids) : len(kids)]
		}
		out = append(out, row)
		return true
	})
	return out
}

// SummaryRows yields the rows of Summarise(res, kinds), in its order, made
// one scope at a time rather than held: a national summary is two million
// rows, 430 MB (issue 15), and cost-summary.csv is written as they are
// made. A row, and its Children, hold only until the next row is asked
// for. Each link's rows are worked out three times (for all links, for
// the link, for its carer), which costs less than holding them.
func SummaryRows(res *Result, kinds []PeriodKind) iter.Seq[*SummaryRow] {
	return func(yield func(*SummaryRow) bool) {
		newSummariser(res, kinds).each(yield)
	}
}

// summariser makes the summary rows of one costing scope by scope: for all
// links, for each link, for each carer (Summarise, SummaryRows).
type summariser struct {
	res    *Result
	kinds  []PeriodKind
	kindAt [numPeriodKinds]int
	cals   []*calendar
	nAll   int // the all-links rows: every period of every kind
	// one makes a link's rows, carer a carer's, per kind.
	one, carer []*accumulator
	// rowsOf are the bounds of each link's rows in res.Rows: link i's are
	// res.Rows[rowsOf[i]:rowsOf[i+1]].
	rowsOf []int
	// linkRows and scopeRows are scratch: one link's rows, one scope's.
	linkRows, scopeRows []SummaryRow
}

func newSummariser(res *Result, kinds []PeriodKind) *summariser {
	z := &summariser{res: res, kinds: kinds, cals: make([]*calendar, len(kinds)),
		one: make([]*accumulator, len(kinds)), carer: make([]*accumulator, len(kinds))}
	for i, k := range kinds {
		z.kindAt[k] = i
		z.cals[i] = newCalendar(k, res.From, res.To, res.PayPeriodsFrom)
		z.one[i], z.carer[i] = newAccumulator(z.cals[i]), newAccumulator(z.cals[i])
		z.nAll += z.cals[i].len()
	}
	z.rowsOf = make([]int, len(res.Links)+1)
	r := 0
	for li := range res.Links {
		z.rowsOf[li] = r
		for r < len(res.Rows) && int(res.Rows[r].Link) == li {
			r++
		}
	}
	z.rowsOf[len(res.Links)] = r
	return z
}

// each yields every row: all links', then each link's by id, then each
// carer's by id; it stops when yield returns false.
func (z *summariser) each(yield func(*SummaryRow) bool) {
	_ = z.allLinks(yield) && z.links(yield) && z.carers(yield)
}

// yieldAll yields rows in turn; false when yield asked to stop.
func yieldAll(rows []SummaryRow, yield func(*SummaryRow) bool) bool {
	for i := range rows {
		if !yield(&rows[i]) {
			return false
		}
	}
	return true
}

// link works out link li's rows (without notes), in z.linkRows.
func (z *summariser) link(li int) []SummaryRow {
	res := z.res
	z.linkRows = linkRows(z.linkRows[:0], z.one, &res.Links[li], res.Rows[z.rowsOf[li]:z.rowsOf[li+1]], res.From, res.To)
	return z.linkRows
}

// linkRows appends the rows (without notes) of link l, whose cost rows are
// rows, made with the accumulators one (one per kind of period), for a
// costing from from to to.
func linkRows(out []SummaryRow, one []*accumulator, l *Link, rows []Row, from, to linkmatch.Date) []SummaryRow {
	a, b := max(l.Start, from), min(l.End, to)
	for _, acc := range one {
		if acc.cal.kind == PeriodTotal {
			acc.at(0) // a link's total is always listed
		}
		for j := range rows {
			acc.addRow(&rows[j])
		}
		acc.addActive(a, b)
		out = acc.emit(out, ScopeLink, l.ID)
	}
	return out
}

// LinkTotals totals cost rows for all links together, a link at a time,
// as Summarise's all-links rows do but without their notes: a caller
// whose rows come link by link (the panel report's months, read back from
// costs.csv) need not gather them into one Result (a national run's are
// 2.4 million; issue 15).
type LinkTotals struct {
	from, to linkmatch.Date
	one, all []*accumulator
	scratch  []SummaryRow
}

// NewLinkTotals totals a costing from from to to, inclusive, with pay
// periods anchored at payPeriodsFrom, by each kind of period in kinds.
func NewLinkTotals(from, to, payPeriodsFrom linkmatch.Date, kinds []PeriodKind) *LinkTotals {
	cals := make([]*calendar, len(kinds))
	one := make([]*accumulator, len(kinds))
	for i, k := range kinds {
		cals[i] = newCalendar(k, from, to, payPeriodsFrom)
		one[i] = newAccumulator(cals[i])
	}
	return newLinkTotals(cals, one, from, to)
}

// newLinkTotals totals by the calendars cals, making each link's rows with
// the accumulators one (of the same calendars).
func newLinkTotals(cals []*calendar, one []*accumulator, from, to linkmatch.Date) *LinkTotals {
	t := &LinkTotals{from: from, to: to, one: one, all: make([]*accumulator, len(cals))}
	for i, cal := range cals {
		t.all[i] = newAccumulator(cal)
		for p := range cal.len() {
			t.all[i].at(p) // every period is listed for all links
		}
	}
	return t
}

// Add adds link l, active from l.Start to l.End, and its cost rows.
func (t *LinkTotals) Add(l *Link, rows []Row) {
	t.scratch = linkRows(t.scratch[:0], t.one, l, rows, t.from, t.to)
	kind := 0
	for i := range t.scratch {
		lr := &t.scratch[i]
		for t.all[kind].cal.kind != lr.Kind {
			kind++
		}
		t.all[kind].rows[lr.idx].merge(lr)
	}
}

// Rows are the totals of the links added: every period of each kind, the
// kinds in the order given, each kind's periods in date order.
func (t *LinkTotals) Rows() []SummaryRow {
	var out []SummaryRow
	for _, acc := range t.all {
		out = acc.emit(out, ScopeAllLinks, ScopeAll)
	}
	return out
}

// noteLink writes the notes of link li's rows.
func (z *summariser) noteLink(li int, rows []SummaryRow) {
	res := z.res
	l := &res.Links[li]
	for i := range rows {
		s := &rows[i]
		if s.Kind == PeriodTotal {
			s.Notes = linkTotalNote(res, l)
		} else {
			s.Notes = linkPeriodNote(res, l, max(s.Start, res.From), min(s.End, res.To))
		}
	}
}

// allLinks yields the rows of all links together: every period of the
// costing period, each the sum of the links' rows in it.
func (z *summariser) allLinks(yield func(*SummaryRow) bool) bool {
	res := z.res
	counts := make([]*periodCounts, len(z.kinds))
	for i, k := range z.kinds {
		if k != PeriodTotal {
			pc := countLinks(res, z.cals[i])
			counts[i] = &pc
		}
	}
	t := newLinkTotals(z.cals, z.one, res.From, res.To)
	t.scratch = z.linkRows
	for li := range res.Links {
		t.Add(&res.Links[li], res.Rows[z.rowsOf[li]:z.rowsOf[li+1]])
	}
	z.linkRows = t.scratch
	rows := z.scopeRows[:0]
	for _, acc := range t.all {
		rows = acc.emit(rows, ScopeAllLinks, ScopeAll)
	}
	for i := range rows {
		s := &rows[i]
		if s.Kind == PeriodTotal {
			s.Notes = allTotalNote(res)
		} else {
			s.Notes = joinNotes(partPeriod(res, s), allPeriodNote(res, s, counts[z.kindAt[s.Kind]]))
		}
	}
	z.scopeRows = rows
	return yieldAll(rows, yield)
}

// links yields each link's rows, links by id.
func (z *summariser) links(yield func(*SummaryRow) bool) bool {
	for li := range z.res.Links {
		rows := z.link(li)
		z.noteLink(li, rows)
		if !yieldAll(rows, yield) {
			return false
		}
	}
	return true
}

// carers yields each carer's rows, carers by id: the sums of their links'
// rows, with the children of the links active or paid in each period and
// the notes of their links' rows.
func (z *summariser) carers(yield func(*SummaryRow) bool) bool {
	res := z.res
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
	type key struct {
		link int
		kind PeriodKind
		idx  int32
	}
	notes := map[key]string{} // the carer's links' notes
	for _, id := range carers {
		clear(notes)
		for _, li := range byCarer[id] {
			l := &res.Links[li]
			rows := z.link(li)
			z.noteLink(li, rows)
			for j := range rows {
				lr := &rows[j]
				if lr.Notes != "" {
					notes[key{li, lr.Kind, lr.idx}] = lr.Notes
				}
				s := z.carer[z.kindAt[lr.Kind]].at(int(lr.idx))
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
		rows := z.scopeRows[:0]
		for i := range z.kinds {
			rows = z.carer[i].emit(rows, ScopeCarer, id)
		}
		for i := range rows {
			s := &rows[i]
			var parts []string
			for _, li := range byCarer[id] {
				if n := notes[key{li, s.Kind, s.idx}]; n != "" {
					who := res.Links[li].ChildID
					if res.Links[li].Existing {
						who = "existing link " + res.Links[li].ID
					}
					parts = append(parts, who+": "+n)
				}
			}
			s.Notes = joinNotes(partPeriod(res, s), strings.Join(parts, " | "))
		}
		z.scopeRows = rows
		if !yieldAll(rows, yield) {
			return false
		}
	}
	return true
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
