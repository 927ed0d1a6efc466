package cost

import (
	"context"
	"errors"
	"fmt"
	"sort"

	"github.com/linkmatch/linkmatch"
)

// LinkInfo is what costing needs to know about a link beyond its sessions.
type LinkInfo struct {
	ChildID, CarerID string
	// DateOfBirth chooses the age band on each session date, and ends the
	// link at the 18th birthday (the 21st when staying put). Zero when the
	// child is not known (an existing link), and then no age rule applies.
	DateOfBirth linkmatch.Date
	// Tier chooses the rate column (seed 001 §7: Fostering Plus or standard).
	Tier linkmatch.Tier
	// MilesOneWay is the road distance in miles from the carer's home to the
	// child's home (the residential home). 0 means no mileage is claimed.
	MilesOneWay float64
	// MoveDate is the day the child moves to the long-term family; zero
	// when the timeline has no move. From it, trips go to the long-term
	// family: MilesAfterMove one way when MoveKnown, and no mileage when
	// the family's address is unknown (never the residential home's).
	MoveDate       linkmatch.Date
	MilesAfterMove float64
	MoveKnown      bool
	// StayingPut is true when the young person stays on with the carer
	// after 18 (Children Act 1989 s.23CZA; children.csv staying_put): the
	// link then continues past the 18th birthday, to the day before the
	// 21st at most, and its Staying Put time is paid by the week.
	StayingPut bool
	// FamilyBrings is true when the child's family brings the child to the
	// carer and collects them (linkmatch.Child.FamilyBringsAndCollects):
	// the carer makes no journey for a session with the child anywhere but
	// at the family home, so no mileage is claimed for it. Meetings and
	// reviews still are.
	FamilyBrings bool
	// Existing marks a link already running outside this scenario's plans
	// (one of carers.csv's current_links): it has no sessions and is costed
	// at the retainer alone, for every day of the costing period.
	Existing bool
}

// Item is what a cost row pays for.
type Item uint8

// Items. A session item carries its kind in Row.Kind.
const (
	ItemRetainer Item = iota
	ItemSession
	ItemMileage
)

// Row is one priced item: a week's retainer, a session or a round trip.
// Quantity × Rate = Amount, rounded half up to the penny (for a part-week
// retainer the exact quantity is Days/7). Rows hold no pointers, so a
// national timeline of millions of rows costs the garbage collector nothing;
// ids are in Result.Links and rates in Result.Rates.
type Row struct {
	// Link indexes Result.Links.
	Link int32
	// Date is the session's date, or the first paid day of a retainer week.
	Date linkmatch.Date
	Item Item
	// Kind is the session kind for ItemSession; for ItemMileage, the kind of
	// the row the trip was for.
	Kind linkmatch.SessionKind
	// Tier is the carer's tier; Age the child's age in years on Date (0 when
	// the child is not known, for an existing link).
	Tier linkmatch.Tier
	Age  int16
	// Days is the number of days paid in a retainer week or a
	// staying_put_week (1–7): a part week is paid pro rata by day.
	Days int8
	// NRates is how many of Rates are used: one for a session, two for a day
	// and a half (the full_day then the half_day rate), up to three for a
	// stay paid its nights and days (the night's, full_day, half_day), none
	// otherwise.
	NRates int8
	// Stay is true for a stay paid its nights and its days in care
	// (Payments.StayDays): Nights, FullDays and HalfDays then add up to
	// Rate, and Quantity is 1. costs.csv writes such a session, and any
	// other paid at more than one rate, as one row per rate (parts.go).
	Stay bool
	// FamilyBrings is true on a session row for which no trip is claimed
	// because the family brings and collects the child (LinkInfo).
	FamilyBrings bool
	// Rates index the rate rows used (Result.Rates.Rate).
	Rates [3]int32
	// Nights, FullDays and HalfDays are what a session was paid as: the
	// nights of an overnight, the day and a half of a weekend, or a stay's
	// nights and days in care.
	Nights, FullDays, HalfDays int16
	// Session is the index in the costed sessions of the session priced
	// (ItemSession, ItemMileage); -1 for a retainer.
	Session int32
	// Shared is, for a mileage row, how many other links the same trip
	// served: siblings seen together, whose trip is claimed once (on this
	// row) rather than once per child.
	Shared int16
	// Basis says whether the figure is what the timeline records as having
	// happened or what the plan says (recorded.go).
	Basis Basis
	// Quantity is units: 1 session, nights, weeks (Days/7) of the retainer
	// or of Staying Put, or miles.
	Quantity float64
	// MilesTenths is the round trip in tenths of a mile (mileage rows).
	MilesTenths int64
	Rate        linkmatch.Pence
	Amount      linkmatch.Pence
}

// Link is a costed link: its id, the facts it was priced with, and when it
// was active.
type Link struct {
	ID string
	LinkInfo
	// Start is the link's first day: the date of its first timeline row
	// (the first day of the costing period for an existing link).
	Start linkmatch.Date
	// End is its last active day, found as Ends says; for an ongoing link,
	// the last day of the costing period. The retainer is paid for every
	// day from Start to End within the costing period.
	End  linkmatch.Date
	Ends EndReason
	// Notice is the day notice was given, for EndNotice.
	Notice linkmatch.Date
	// LastPlanned is the last day of the link's last timeline row (zero for
	// an existing link).
	LastPlanned linkmatch.Date
	// Gaps are the spells of more than four weeks within the costing period
	// in which the link is active but has no session with the child.
	Gaps []Gap
	// NotPaid counts timeline rows in the costing period left unpriced
	// because the child had turned 18 by then (child-rate sessions of a
	// young person staying put, and anything from the 21st birthday).
	NotPaid int
	// Unpriced counts the weeks of Staying Put the rates give no
	// staying_put_week rate for (Result.Unpriced lists them).
	Unpriced int
	// AfterEnd counts sessions priced although dated after the link's end.
	AfterEnd int
	// Projected counts the weeks of Staying Put costed after the plan's
	// last day (the arrangement continues; priced or, without a rate,
	// counted in Unpriced too).
	Projected int

	unpriced []linkmatch.Date // the dates of the Unpriced weeks, in order
}

// Options are the settings of one costing.
type Options struct {
	// From and To are the first and last days costed, inclusive.
	From, To linkmatch.Date
	// Payments are the scenario's retainer, mileage rate and overnight rule.
	Payments linkmatch.Payments
	// PayPeriodsFrom is the first day of any 4-weekly pay period: pay
	// periods run 28 days from it, forwards and backwards. Zero means From.
	PayPeriodsFrom linkmatch.Date
	// SummaryLater leaves Result.Summary nil, for a caller that writes the
	// summary as it is made (WriteSummaryOf, WriteStatements, SummaryRows)
	// rather than hold it: a national summary is two million rows, 430 MB
	// (issue 15).
	SummaryLater bool
}

// ItemName is the costs.csv item: "retainer", the session kind,
// "staying_put_week" or "mileage".
func (r *Row) ItemName() string {
	switch r.Item {
	case ItemRetainer:
		return "retainer"
	case ItemMileage:
		return "mileage"
	}
	return UnitName(r.Kind)
}

// Result is the priced timeline.
type Result struct {
	From, To linkmatch.Date
	// PayPeriodsFrom anchors the 4-weekly pay periods (Options).
	PayPeriodsFrom linkmatch.Date
	// Payments are the settings the timeline was priced with.
	Payments linkmatch.Payments
	// Links are the links costed, sorted by id; Row.Link indexes them.
	Links []Link
	// Rates is the rate table used; Row.Rates index it.
	Rates *RateTable
	// Rows are sorted by link id, then date, with each week's retainer
	// first and each trip right after its session.
	Rows []Row
	// Total is the sum of every row; Retainer, Sessions and Mileage split it.
	Total, Retainer, Sessions, Mileage linkmatch.Pence
	// Actual is the part of Total on rows with basis actual: what the
	// timeline records as having happened.
	Actual linkmatch.Pence
	// Cancelled counts the sessions the timeline records as cancelled (or
	// moved with no new date yet), which are not paid.
	Cancelled int
	// Summary are totals for all links, per carer and per link, over the
	// whole period and by ISO week, calendar month, 4-weekly pay period and
	// financial year (see SummaryRow and Summarise); nil with
	// Options.SummaryLater.
	Summary []SummaryRow
	// Findings are what a reader of the costs must know: links still
	// ongoing, gaps without sessions, a period running past every plan,
	// Staying Put weeks without a rate.
	Findings []Finding
	// Unpriced are the weeks of Staying Put that the rates table gives no
	// staying_put_week rate for: reported (FindingUnpriced), not priced, and
	// not a failure (issue 12: a run never fails because a young person
	// turns 18).
	Unpriced []*SessionError
}

// Errors from Price, alongside the rate lookup errors; matched with errors.Is.
var (
	ErrNoLinkInfo   = errors.New("the link is not known")
	ErrLinkMismatch = errors.New("the session's child or carer differs from the link's")
	ErrBadPeriod    = errors.New("the costing period ends before it starts")
)

// SessionError is a session that could not be priced.
type SessionError struct {
	// Index is the session's index in the slice given to Price.
	Index   int
	Session linkmatch.Session
	Err     error
}

func (e *SessionError) Error() string {
	return fmt.Sprintf("link %s, %s on %s: %v", e.Session.LinkID, e.Session.Kind, e.Session.Date, e.Err)
}

func (e *SessionError) Unwrap() error { return e.Err }

// PricingError lists every session Price could not price. errors.Is finds the
// reasons (ErrAgeOutsideBands and so on) through it.
type PricingError struct {
	Sessions []*SessionError
}

func (e *PricingError) Error() string {
	if len(e.Sessions) == 1 {
		return e.Sessions[0].Error()
	}
	return fmt.Sprintf("%d sessions could not be priced; the first: %v", len(e.Sessions), e.Sessions[0])
}

// Unwrap returns the session errors.
func (e *PricingError) Unwrap() []error {
	out := make([]error, len(e.Sessions))
	for i, s := range e.Sessions {
		out[i] = s
	}
	return out
}

// Price prices the sessions dated opts.From..opts.To inclusive, with each
// link's retainer for the days it is active in that period (see the costing
// rules in the package documentation). A session recorded as cancelled (or
// moved with no new date yet) is not paid; one moved to another day is paid
// on that day; each row's Basis says whether it prices the record or the
// plan. links gives, per link id, the child and carer facts; every link in
// sessions must be there, and links marked
// Existing are costed too, at the retainer alone. On sessions that cannot be
// priced, Price returns a *PricingError listing all of them (and no result).
// It checks ctx between links.
func Price(ctx context.Context, sessions []linkmatch.Session, links map[string]LinkInfo, rates *RateTable, opts Options) (*Result, error) {
	from, to := opts.From, opts.To
	if to < from {
		return nil, fmt.Errorf("%w: from %s to %s", ErrBadPeriod, from, to)
	}
	if opts.PayPeriodsFrom == 0 {
		opts.PayPeriodsFrom = from
	}
	given := sessions
	sessions, off := occurring(sessions)
	byLink := groupByLink(sessions)
	ids := make([]string, 0, len(byLink))
	for id := range byLink {
		ids = append(ids, id)
	}
	for id, info := range links {
		if _, planned := byLink[id]; info.Existing && !planned {
			ids = append(ids, id)
		}
	}
	sort.Strings(ids)

	res := &Result{From: from, To: to, PayPeriodsFrom: opts.PayPeriodsFrom, Payments: opts.Payments,
		Rates: rates, Links: make([]Link, 0, len(ids))}
	weeks := (int(to-from) + 13) / 7
	taken := takingByLink(byLink, off)
	c := coster{sessions: sessions, rates: rates, pay: opts.Payments, from: from, to: to,
		rows:   make([]Row, 0, estimateRows(sessions, from, to)+len(ids)*weeks),
		shared: sharedTrips(sessions, taken, links)}
	for _, id := range ids {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		idx := byLink[id]
		info, ok := links[id]
		if !ok {
			for _, i := range idx {
				c.bad = append(c.bad, &SessionError{Index: i, Session: sessions[i], Err: fmt.Errorf("%w: no child or carer is given for link %q", ErrNoLinkInfo, id)})
			}
			continue
		}
		res.Links = append(res.Links, Link{ID: id, LinkInfo: info})
		l := &res.Links[len(res.Links)-1]
		c.idx, c.link = idx, int32(len(res.Links)-1)
		c.checkOwners(l)
		span(l, sessions, idx, from, to) // a cancelled session still shows the link was active
		c.idx = taken[id]
		res.Cancelled += len(idx) - len(c.idx)
		c.recorded = recordedTo(given, idx)
		c.cost(l)
		l.Gaps = gaps(l, sessions, c.idx, from, to)
	}
	res.Rows, res.Unpriced = c.rows, c.unpriced
	if bad := c.bad; len(bad) > 0 {
		sort.SliceStable(bad, func(a, b int) bool { return bad[a].Index < bad[b].Index })
		return nil, &PricingError{Sessions: bad}
	}
	for i := range res.Rows {
		r := &res.Rows[i]
		res.Total += r.Amount
		if r.Basis == BasisActual {
			res.Actual += r.Amount
		}
		switch r.Item {
		case ItemRetainer:
			res.Retainer += r.Amount
		case ItemSession:
			res.Sessions += r.Amount
		case ItemMileage:
			res.Mileage += r.Amount
		}
	}
	if !opts.SummaryLater {
		res.Summary = Summarise(res, DefaultPeriods())
	}
	res.Findings = findings(res)
	return res, nil
}

// estimateRows bounds the session and mileage rows of sessions from from
// to to: a session is paid at most once and its trip claimed at most once
// (coster.session). Counting only the kinds that are paid or travel keeps a
// national costing from reserving a million rows it never fills (issue 15).
func estimateRows(sessions []linkmatch.Session, from, to linkmatch.Date) int {
	n := 0
	for i := range sessions {
		s := &sessions[i]
		if s.Date < from || s.Date > to {
			continue
		}
		if s.Kind.Paid() || s.Kind == linkmatch.KindStayingPut {
			n++
		}
		if travels(s.Kind) {
			n++
		}
	}
	return n
}

// groupByLink returns, per link id, the indices of its sessions sorted by
// date, start and then input order.
func groupByLink(sessions []linkmatch.Session) map[string][]int {
	byLink := map[string][]int{}
	for i := range sessions {
		id := sessions[i].LinkID
		byLink[id] = append(byLink[id], i)
	}
	for _, idx := range byLink {
		sorted := true
		for k := 1; k < len(idx); k++ {
			if sessionLess(sessions, idx[k], idx[k-1]) {
				sorted = false
				break
			}
		}
		if !sorted {
			sort.SliceStable(idx, func(a, b int) bool { return sessionLess(sessions, idx[a], idx[b]) })
		}
	}
	return byLink
}

func sessionLess(s []linkmatch.Session, i, j int) bool {
	if s[i].Date != s[j].Date {
		return s[i].Date < s[j].Date
	}
	if s[i].Start != s[j].Start {
		return s[i].Start < s[j].Start
	}
	return i < j
}

// mondayOf returns the Monday of d's ISO week.
func mondayOf(d linkmatch.Date) linkmatch.Date {
	return d.AddDays(-((int(d.Weekday()) + 6) % 7))
}
