package cost

import (
	"context"
	"errors"
	"fmt"
	"math"
	"sort"

	"github.com/linkmatch/linkmatch"
)

// LinkInfo is what costing needs to know about a link beyond its sessions.
type LinkInfo struct {
	ChildID, CarerID string
	// DateOfBirth chooses the age band on each session date.
	DateOfBirth linkmatch.Date
	// Tier chooses the rate column (seed 001 §7: Fostering Plus or standard).
	Tier linkmatch.Tier
	// MilesOneWay is the road distance in miles from the carer's home to the
	// child's home. 0 means no mileage is claimed.
	MilesOneWay float64
	// MoveDate is the day the child moves to the long-term family; zero
	// when the timeline has no move. From it, trips go to the long-term
	// family: MilesAfterMove one way when MoveKnown, and no mileage when
	// the family's address is unknown (never the residential home's).
	MoveDate       linkmatch.Date
	MilesAfterMove float64
	MoveKnown      bool
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
	// Tier is the carer's tier; Age the child's age in years on Date.
	Tier linkmatch.Tier
	Age  int16
	// Days is the number of days paid in a retainer week (1–7).
	Days int8
	// NRates is how many of Rates are used: one for a session, two for a day
	// and a half (the full_day then the half_day rate), none otherwise.
	NRates int8
	// Rates index the rate rows used (Result.Rates.Rate).
	Rates [2]int32
	// Session is the index in the costed sessions of the session priced
	// (ItemSession, ItemMileage); -1 for a retainer.
	Session int32
	// Quantity is units: 1 session, nights, weeks (Days/7) or miles.
	Quantity float64
	// MilesTenths is the round trip in tenths of a mile (mileage rows).
	MilesTenths int64
	Rate        linkmatch.Pence
	Amount      linkmatch.Pence
}

// Link is a costed link: its id and the facts it was priced with.
type Link struct {
	ID string
	LinkInfo
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
	// Links are the links costed, sorted by id; Row.Link indexes them.
	Links []Link
	// Rates is the rate table used; Row.Rates index it.
	Rates *RateTable
	// Rows are sorted by link id, then date, with each week's retainer
	// first and each trip right after its session.
	Rows []Row
	// Total is the sum of every row; Retainer, Sessions and Mileage split it.
	Total, Retainer, Sessions, Mileage linkmatch.Pence
	// Summary are totals per link and for all links by ISO week, calendar
	// month and the whole period (see SummaryRow).
	Summary []SummaryRow
	// Unpriced are the weeks of Staying Put that the rates table gives no
	// staying_put_week rate for: reported, not priced, and not a failure
	// (issue 12: a run never fails because a young person turns 18).
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

// Price prices the sessions dated from..to inclusive, with each link's
// retainer for the days it is active in that period (see the costing rules
// in the package documentation). links gives, per link id, the child and
// carer facts; every link in sessions must be there. On sessions that cannot
// be priced, Price returns a *PricingError listing all of them (and no
// result). It checks ctx between links.
func Price(ctx context.Context, sessions []linkmatch.Session, links map[string]LinkInfo, rates *RateTable, pay linkmatch.Payments, from, to linkmatch.Date) (*Result, error) {
	if to < from {
		return nil, fmt.Errorf("%w: from %s to %s", ErrBadPeriod, from, to)
	}
	byLink := groupByLink(sessions)
	ids := make([]string, 0, len(byLink))
	for id := range byLink {
		ids = append(ids, id)
	}
	sort.Strings(ids)

	res := &Result{From: from, To: to, Rates: rates, Links: make([]Link, 0, len(ids))}
	weeks := (int(to-from) + 13) / 7
	res.Rows = make([]Row, 0, estimateRows(sessions, from, to)+len(ids)*weeks)
	var bad []*SessionError
	for _, id := range ids {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		idx := byLink[id]
		info, ok := links[id]
		if !ok {
			for _, i := range idx {
				bad = append(bad, &SessionError{Index: i, Session: sessions[i], Err: fmt.Errorf("%w: no child or carer is given for link %q", ErrNoLinkInfo, id)})
			}
			continue
		}
		res.Links = append(res.Links, Link{ID: id, LinkInfo: info})
		res.Rows, bad, res.Unpriced = costLink(res.Rows, bad, res.Unpriced, sessions, idx, int32(len(res.Links)-1), info, rates, pay, from, to)
	}
	if len(bad) > 0 {
		sort.SliceStable(bad, func(a, b int) bool { return bad[a].Index < bad[b].Index })
		return nil, &PricingError{Sessions: bad}
	}
	for i := range res.Rows {
		r := &res.Rows[i]
		res.Total += r.Amount
		switch r.Item {
		case ItemRetainer:
			res.Retainer += r.Amount
		case ItemSession:
			res.Sessions += r.Amount
		case ItemMileage:
			res.Mileage += r.Amount
		}
	}
	res.Summary = summarise(res)
	return res, nil
}

func estimateRows(sessions []linkmatch.Session, from, to linkmatch.Date) int {
	n := 0
	for i := range sessions {
		if d := sessions[i].Date; d >= from && d <= to {
			n += 2
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

// costLink appends one link's rows: week by week, the retainer first, then
// that week's sessions in order, each followed by its trip. The retainer is
// per child (seed 000), so it stops at the 18th birthday; a week with
// Staying Put time is paid one staying_put_week instead, when the rates
// table has one (else it is listed in unpriced).
func costLink(rows []Row, bad, unpriced []*SessionError, sessions []linkmatch.Session, idx []int, link int32, info LinkInfo,
	rates *RateTable, pay linkmatch.Payments, from, to linkmatch.Date) ([]Row, []*SessionError, []*SessionError) {
	// The link is active from its first row to the end of its last.
	start, end := sessions[idx[0]].Date, sessions[idx[0]].EndDate
	for _, i := range idx {
		s := &sessions[i]
		if s.ChildID != info.ChildID || s.CarerID != info.CarerID {
			bad = append(bad, &SessionError{Index: i, Session: *s, Err: fmt.Errorf("%w: link %q is child %q with carer %q", ErrLinkMismatch, s.LinkID, info.ChildID, info.CarerID)})
		}
		end = max(end, s.EndDate, s.Date)
	}
	lo, hi := max(start, from), min(end, to)
	tripTenths := int64(math.Round(2 * info.MilesOneWay * 10))
	afterMove := int64(0)
	if info.MoveKnown {
		afterMove = int64(math.Round(2 * info.MilesAfterMove * 10))
	}
	adult := linkmatch.Birthday(info.DateOfBirth, adultAge)
	base := Row{Link: link, Tier: info.Tier, Session: -1}
	age := ager{dob: info.DateOfBirth}

	k := 0 // next session in idx
	for ; k < len(idx) && sessions[idx[k]].Date < lo; k++ {
	}
	if lo > hi {
		return rows, bad, unpriced
	}
	for mon := mondayOf(lo); mon <= hi; mon = mon.AddDays(7) {
		a, b := max(mon, lo), min(mon.AddDays(6), hi)
		if b >= adult {
			b = adult.AddDays(-1) // the retainer is per child: none from 18
		}
		if pay.RetainerWeekly > 0 && a <= b {
			days := int(b-a) + 1
			r := base
			r.Date, r.Item, r.Days = a, ItemRetainer, int8(days)
			r.Quantity = float64(days) / 7
			r.Rate = pay.RetainerWeekly
			r.Amount = pay.RetainerWeekly.Ratio(int64(days), 7)
			r.Age = int16(age.on(a))
			rows = append(rows, r)
		}
		stayingPut := false
		for ; k < len(idx) && sessions[idx[k]].Date <= min(mon.AddDays(6), hi); k++ {
			i := idx[k]
			s := &sessions[i]
			years := age.on(s.Date)
			if s.Kind == linkmatch.KindStayingPut && !stayingPut {
				stayingPut = true
				rows, unpriced = priceStayingPut(rows, unpriced, base, s, i, years, rates)
			}
			trip := tripTenths
			if info.MoveDate != 0 && s.Date >= info.MoveDate {
				trip = afterMove
			}
			if s.Kind.Paid() {
				r := base
				r.Date, r.Item, r.Kind, r.Age, r.Session = s.Date, ItemSession, s.Kind, int16(years), int32(i)
				if err := priceSession(&r, s, rates, info.Tier, years); err != nil {
					bad = append(bad, &SessionError{Index: i, Session: *s, Err: err})
					continue
				}
				rows = append(rows, r)
			}
			if trip > 0 && pay.MileagePerMile > 0 && travels(s.Kind) {
				r := base
				r.Date, r.Item, r.Kind, r.Age, r.Session = s.Date, ItemMileage, s.Kind, int16(years), int32(i)
				r.MilesTenths = trip
				r.Quantity = float64(trip) / 10
				r.Rate = pay.MileagePerMile
				r.Amount = pay.MileagePerMile.Ratio(trip, 10)
				rows = append(rows, r)
			}
		}
	}
	return rows, bad, unpriced
}

// priceStayingPut prices the week of Staying Put session s (index i) at the
// staying_put_week rate, or lists it in unpriced when the table has none.
func priceStayingPut(rows []Row, unpriced []*SessionError, base Row, s *linkmatch.Session, i, years int, rates *RateTable) ([]Row, []*SessionError) {
	r := base
	r.Date, r.Item, r.Kind, r.Age, r.Session = s.Date, ItemSession, s.Kind, int16(years), int32(i)
	j, err := rates.lookup(s.Date, r.Tier, years, linkmatch.KindStayingPut)
	if err != nil {
		return rows, append(unpriced, &SessionError{Index: i, Session: *s, Err: err})
	}
	r.Rates[0], r.NRates = j, 1
	r.Quantity, r.Rate, r.Amount = 1, rates.rows[j].Amount, rates.rows[j].Amount
	return append(rows, r), unpriced
}

// adultAge: a young person leaves care at 18 (Children Act 1989 s.105), so
// no child rate or per-child retainer is paid from the 18th birthday.
const adultAge = 18

// travels reports whether the carer makes a claimable trip for a row of this
// kind (seed 001 §6): sessions with the child or young person, meetings and
// reviews, not the social worker's statutory visits, the link worker's
// sessions nor milestones.
func travels(k linkmatch.SessionKind) bool {
	return k.WithChild() || k == linkmatch.KindMeeting || k == linkmatch.KindReview
}

// ager gives a child's age on dates in increasing order, recomputing only
// when a birthday is passed.
type ager struct {
	dob        linkmatch.Date
	age        int
	from, next linkmatch.Date // the age holds on from ≤ date < next
	valid      bool
}

func (a *ager) on(d linkmatch.Date) int {
	if !a.valid || d < a.from || d >= a.next {
		a.age = linkmatch.AgeOn(a.dob, d)
		a.from, a.next = linkmatch.Birthday(a.dob, a.age), linkmatch.Birthday(a.dob, a.age+1)
		a.valid = true
	}
	return a.age
}

// priceSession fills the rate, quantity and amount of a paid session.
func priceSession(r *Row, s *linkmatch.Session, rates *RateTable, tier linkmatch.Tier, age int) error {
	switch s.Kind {
	case linkmatch.KindDayAndHalf:
		// Seed 000: a weekend is "a day and a half": full day + half day.
		full, err := rates.lookup(s.Date, tier, age, linkmatch.KindFullDay)
		if err != nil {
			return err
		}
		half, err := rates.lookup(s.Date, tier, age, linkmatch.KindHalfDay)
		if err != nil {
			return err
		}
		r.Rates, r.NRates = [2]int32{full, half}, 2
		r.Quantity, r.Rate = 1, rates.rows[full].Amount+rates.rows[half].Amount
		r.Amount = r.Rate
	case linkmatch.KindOvernight:
		i, err := rates.lookup(s.Date, tier, age, linkmatch.KindOvernight)
		if err != nil {
			return err
		}
		nights := max(int(s.EndDate-s.Date), 1)
		r.Rates[0], r.NRates = i, 1
		r.Quantity, r.Rate = float64(nights), rates.rows[i].Amount
		r.Amount = r.Rate * linkmatch.Pence(nights)
	default:
		i, err := rates.lookup(s.Date, tier, age, s.Kind)
		if err != nil {
			return err
		}
		r.Rates[0], r.NRates = i, 1
		r.Quantity, r.Rate, r.Amount = 1, rates.rows[i].Amount, rates.rows[i].Amount
	}
	return nil
}
