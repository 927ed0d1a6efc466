package cost

// This file prices the rows of one link at a time: its retainer week by
// week, each session at the rate in force, Staying Put weeks, and trips.

import (
	"cmp"
	"fmt"
	"math"
	"slices"
	"strings"

	"github.com/linkmatch/linkmatch"
)

// coster prices the rows of each link in turn, gathering the rows, the
// sessions that cannot be priced (bad: Price fails) and the Staying Put
// weeks without a rate (unpriced: reported, not failed).
type coster struct {
	sessions []linkmatch.Session
	rates    *RateTable
	pay      linkmatch.Payments
	from, to linkmatch.Date
	// The link being priced: its sessions in date order and its index in
	// Result.Links.
	idx  []int
	link int32

	// recorded is the last day of the link whose sessions are all
	// recorded (recordedTo): its retainer weeks up to it are actual.
	recorded linkmatch.Date

	rows          []Row
	bad, unpriced []*SessionError
	// shared are the trips several links share (sharedTrips), by session
	// index; nil when none is shared.
	shared []sharedTrip
}

// checkOwners reports sessions naming another child or carer than the link.
func (c *coster) checkOwners(l *Link) {
	for _, i := range c.idx {
		s := &c.sessions[i]
		if s.ChildID != l.ChildID || s.CarerID != l.CarerID {
			c.bad = append(c.bad, &SessionError{Index: i, Session: *s, Err: fmt.Errorf("%w: link %q is child %q with carer %q", ErrLinkMismatch, s.LinkID, l.ChildID, l.CarerID)})
		}
	}
}

// cost appends one link's rows: week by week, the retainer for the days it
// is active that week first, then that week's sessions in order, each
// followed by its trip. The retainer is paid "per child" (seed 000), so it
// stops at the 18th birthday even when the young person is staying put; a
// week with Staying Put time is paid one staying_put_week instead.
func (c *coster) cost(l *Link) {
	lo, activeHi := max(l.Start, c.from), min(l.End, c.to)
	retainerHi := activeHi
	if l.DateOfBirth != 0 {
		retainerHi = min(retainerHi, linkmatch.Birthday(l.DateOfBirth, adultAge).AddDays(-1))
	}
	// The last day with anything to cost: the active days, and any session
	// dated after the link's end but within the period.
	hi := activeHi
	k := 0 // next session in idx
	for ; k < len(c.idx) && c.sessions[c.idx[k]].Date < lo; k++ {
	}
	for j := k; j < len(c.idx); j++ {
		if d := c.sessions[c.idx[j]].Date; d <= c.to {
			hi = max(hi, d)
		}
	}
	w := week{age: ager{dob: l.DateOfBirth}, limits: newAgeLimits(l)}
	for mon := mondayOf(lo); mon <= hi; mon = mon.AddDays(7) {
		if a, b := max(mon, lo), min(mon.AddDays(6), retainerHi); a <= b {
			c.retainerWeek(l, &w, a, b)
		}
		w.stayingPut = false
		w.stayingPutDays = 7
		if l.StayingPut && l.DateOfBirth != 0 {
			// The days of this week the arrangement is in force: from the
			// 18th birthday to the link's end, within the costing period.
			a := max(mon, lo, linkmatch.Birthday(l.DateOfBirth, adultAge))
			if b := min(mon.AddDays(6), activeHi); a <= b {
				w.stayingPutDays = int(b-a) + 1
			}
		}
		for ; k < len(c.idx) && c.sessions[c.idx[k]].Date <= min(mon.AddDays(6), c.to); k++ {
			c.session(l, c.idx[k], &w)
		}
		if !w.stayingPut && l.StayingPut && l.DateOfBirth != 0 {
			// After the plan's last day the Staying Put arrangement goes
			// on (Children and Families Act 2014 s.98, inserting s.23CZA
			// into the Children Act 1989: it continues to 21 unless ended),
			// so each later week of the link from the 18th birthday is one
			// staying_put_week, as a planned week with Staying Put time is.
			a := max(mon, lo, l.LastPlanned.AddDays(1), linkmatch.Birthday(l.DateOfBirth, adultAge))
			if b := min(mon.AddDays(6), activeHi); a <= b {
				c.projectedStayingPut(l, &w, a)
			}
		}
	}
}

// projectedStayingPut appends the staying_put_week of a week after the
// plan ends, costed on its first day with the link, a; with no rate for
// the tier it is listed as unpriced, as a planned week is.
func (c *coster) projectedStayingPut(l *Link, w *week, a linkmatch.Date) {
	w.stayingPut = true
	years := w.age.on(a)
	r := Row{Link: c.link, Tier: l.Tier, Date: a, Kind: linkmatch.KindStayingPut, Item: ItemSession, Age: int16(years), Session: -1}
	l.Projected++
	if err := priceStayingPut(&r, a, c.rates, l.Tier, years, w.stayingPutDays); err != nil {
		s := linkmatch.Session{LinkID: l.ID, ChildID: l.ChildID, CarerID: l.CarerID, Date: a, EndDate: a, Kind: linkmatch.KindStayingPut}
		c.unpriced = append(c.unpriced, &SessionError{Index: -1, Session: s, Err: err})
		l.Unpriced++
		l.unpriced = append(l.unpriced, a)
		return
	}
	c.rows = append(c.rows, r)
}

// retainerWeek appends the retainer rows for the days a to b of one ISO
// week. Each day is paid at the retainer in force on it: the rates' own
// retainer_week for the tier when the table in force gives one, else
// scenario.toml's retainer_weekly_gbp (PRODUCT.md: rates are data with an
// effective date). A week in which the retainer changes, or which spans
// the end of a financial year (31 March), is paid in two rows, one per
// rate or year, each pro rata by day.
func (c *coster) retainerWeek(l *Link, w *week, a, b linkmatch.Date) {
	for a <= b {
		rate, src := c.retainerOn(a, l.Tier)
		end := b
		for d := c.rates.nextChange(a); d != 0 && d <= end; d = c.rates.nextChange(d) {
			if r2, s2 := c.retainerOn(d, l.Tier); r2 != rate || s2 != src {
				end = d.AddDays(-1)
				break
			}
		}
		if fy := financialYearStart(end); fy > a {
			// A week spanning 31 March is paid in two rows, one in each
			// financial year, so that costs.csv summed by row date gives
			// the summary's financial-year totals (tester).
			end = fy.AddDays(-1)
		}
		if rate > 0 {
			days := int(end-a) + 1
			r := Row{Link: c.link, Tier: l.Tier, Session: -1, Date: a, Item: ItemRetainer, Days: int8(days)}
			r.Quantity = float64(days) / 7
			r.Rate = rate
			r.Amount = rate.Ratio(int64(days), 7)
			if src >= 0 {
				r.Rates[0], r.NRates = src, 1
			}
			if l.DateOfBirth != 0 {
				r.Age = int16(w.age.on(a))
			}
			if end <= c.recorded {
				r.Basis = BasisActual
			}
			c.rows = append(c.rows, r)
		}
		a = end.AddDays(1)
	}
}

// retainerOn is the weekly retainer in force on date for the tier, and
// the rate row it comes from (-1 for scenario.toml's).
func (c *coster) retainerOn(date linkmatch.Date, tier linkmatch.Tier) (linkmatch.Pence, int32) {
	if j, ok := c.rates.flat(date, tier, UnitRetainerWeek); ok {
		return c.rates.rows[j].Amount, j
	}
	return c.pay.RetainerWeekly, -1
}

// mileageOn is the mileage rate per mile in force on date for the tier,
// and the rate row it comes from (-1 for scenario.toml's).
func (c *coster) mileageOn(date linkmatch.Date, tier linkmatch.Tier) (linkmatch.Pence, int32) {
	if j, ok := c.rates.flat(date, tier, UnitMileageMile); ok {
		return c.rates.rows[j].Amount, j
	}
	return c.pay.MileagePerMile, -1
}

// week is what costing one link's sessions keeps from one to the next.
type week struct {
	age    ager
	limits ageLimits
	// stayingPut is true once the week's staying_put_week is costed.
	stayingPut bool
	// stayingPutDays is how many of the week's 7 days the Staying Put
	// arrangement is in force, from the 18th birthday to the link's end
	// within the costing period: a part week is paid pro rata by day.
	stayingPutDays int
}

// session appends the rows of session i: its payment and then its trip.
// Rows after the last paid day (the day before the 18th birthday, or the
// 21st when staying put) and child-rate sessions from the 18th birthday
// are left out and counted (Link.NotPaid). The first Staying Put time of an
// ISO week is paid one staying_put_week when the rates give one; else the
// week is listed in unpriced (Link.Unpriced), not failed.
func (c *coster) session(l *Link, i int, w *week) {
	s := &c.sessions[i]
	if w.limits.excludes(s) {
		if s.Kind.WithChild() || travels(s.Kind) {
			l.NotPaid++
		}
		return
	}
	years := w.age.on(s.Date)
	r := Row{Link: c.link, Tier: l.Tier, Date: s.Date, Kind: s.Kind, Age: int16(years), Session: int32(i), Basis: basisOf(s, c.recorded)}
	priced := false
	switch {
	case s.Kind == linkmatch.KindStayingPut && !w.stayingPut:
		w.stayingPut = true
		r.Item = ItemSession
		if err := priceStayingPut(&r, s.Date, c.rates, l.Tier, years, w.stayingPutDays); err != nil {
			c.unpriced = append(c.unpriced, &SessionError{Index: i, Session: *s, Err: err})
			l.Unpriced++
			l.unpriced = append(l.unpriced, s.Date)
		} else {
			c.rows, priced = append(c.rows, r), true
		}
	case s.Kind.Paid():
		r.Item = ItemSession
		if err := priceSession(&r, s, c.rates, l.Tier, years, c.pay); err != nil {
			c.bad = append(c.bad, &SessionError{Index: i, Session: *s, Err: err})
			return
		}
		c.rows, priced = append(c.rows, r), true
	}
	if priced && s.Date > l.End {
		l.AfterEnd++
	}
	trip, with := tripTenths(l, s.Date), 0
	if c.shared != nil && c.shared[i].set {
		trip, with = c.shared[i].tenths, int(c.shared[i].with) // 0 when another link's row claims it
	}
	if l.FamilyBrings && s.Kind.WithChild() && s.Location != familyHome {
		if priced {
			c.rows[len(c.rows)-1].FamilyBrings = true
		}
		return
	}
	if trip <= 0 || !travels(s.Kind) {
		return
	}
	if rate, src := c.mileageOn(s.Date, l.Tier); rate > 0 {
		m := Row{Link: c.link, Tier: l.Tier, Date: s.Date, Item: ItemMileage, Kind: s.Kind, Age: int16(years), Session: int32(i), Shared: int16(with), Basis: r.Basis}
		m.MilesTenths = trip
		m.Quantity = float64(trip) / 10
		m.Rate = rate
		m.Amount = rate.Ratio(trip, 10)
		if src >= 0 {
			m.Rates[0], m.NRates = src, 1
		}
		c.rows = append(c.rows, m)
	}
}

// familyHome is the timeline location of a session at the child's family
// home (short breaks: the first meeting, reviews), where the carer goes
// even when the family brings the child to breaks.
const familyHome = "family home"

// ageLimits are the days from which a link's rows are not paid because of
// the young person's age.
type ageLimits struct {
	known         bool
	paidTo, adult linkmatch.Date
}

func newAgeLimits(l *Link) ageLimits {
	paidTo, known := lastPaidDay(l)
	if !known {
		return ageLimits{}
	}
	return ageLimits{known: true, paidTo: paidTo, adult: linkmatch.Birthday(l.DateOfBirth, adultAge)}
}

// excludes reports whether nothing is paid for row s: anything after the
// last paid day (lastPaidDay), and a child-rate session on or after the
// 18th birthday even when staying put (issue 12: no child-rate session from
// 18; Staying Put time is its own kind, paid by the week).
func (a ageLimits) excludes(s *linkmatch.Session) bool {
	return a.known && (s.Date > a.paidTo || s.Kind.Paid() && s.Date >= a.adult)
}

// tripTenths is the carer's round trip in tenths of a mile for a row on
// date (rounded to a tenth, as on a claim form): to the residential home
// before the move, to the long-term family from it, and none after the
// move when the family's address is not known.
func tripTenths(l *Link, date linkmatch.Date) int64 {
	miles := l.MilesOneWay
	if l.MoveDate != 0 && date >= l.MoveDate {
		if !l.MoveKnown {
			return 0
		}
		miles = l.MilesAfterMove
	}
	return int64(math.Round(2 * miles * 10))
}

// travels reports whether the carer makes a claimable trip for a row of this
// kind (seed 001 §6): sessions with the child or young person, meetings and
// reviews, not the social worker's statutory visits, the link worker's
// sessions nor milestones.
func travels(k linkmatch.SessionKind) bool {
	return k.WithChild() || k == linkmatch.KindMeeting || k == linkmatch.KindReview
}

// priceStayingPut fills the rate, quantity and amount of one week of
// Staying Put: the staying_put_week rate for the tier and the young
// person's age, from the table in force on the week's first Staying Put
// day (Children Act 1989 s.23CZA; the DfE's Staying Put guidance, 2013,
// pays the former carer a weekly allowance), for the days of the week the
// arrangement is in force: a week it begins (the 18th birthday) or ends
// in is paid days/7 of the rate, rounded half up to the penny, as the
// retainer is.
func priceStayingPut(r *Row, date linkmatch.Date, rates *RateTable, tier linkmatch.Tier, age, days int) error {
	j, err := rates.lookup(date, tier, age, linkmatch.KindStayingPut)
	if err != nil {
		return err
	}
	days = min(max(days, 1), 7)
	r.Rates[0], r.NRates, r.Days = j, 1, int8(days)
	r.Quantity, r.Rate = float64(days)/7, rates.rows[j].Amount
	r.Amount = r.Rate.Ratio(int64(days), 7)
	return nil
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

// priceSession fills the rate, quantity and amount of a paid session. Every
// rate of one session comes from the one table in force on its date. With
// pay.StayDays a stay — an overnight, a weekend — is paid its nights and
// its days in care (linkmatch.StayDaysOf), as one row of quantity 1 whose
// rate is the whole stay; Row.Nights, FullDays and HalfDays say how it adds
// up, and costs.csv writes it one row per rate (Row.parts).
func priceSession(r *Row, s *linkmatch.Session, rates *RateTable, tier linkmatch.Tier, age int, pay linkmatch.Payments) error {
	e, err := rates.inForce(s.Date, tier, age, s.Kind)
	if err != nil {
		return err
	}
	stay := pay.StayDays && (s.Kind == linkmatch.KindOvernight || s.Kind == linkmatch.KindDayAndHalf) && s.EndDate > s.Date
	switch {
	case stay:
		return priceStay(r, s, rates, e, tier, age, pay.Overnight)
	case s.Kind == linkmatch.KindDayAndHalf:
		// Seed 000: a weekend is "a day and a half": full day + half day.
		full, half, err := dayAndHalf(rates, e, s.Date, tier, age)
		if err != nil {
			return err
		}
		r.setRates(full, half)
		r.FullDays, r.HalfDays = 1, 1
		r.Quantity, r.Rate = 1, rates.rows[full].Amount+rates.rows[half].Amount
		r.Amount = r.Rate
	case s.Kind == linkmatch.KindOvernight:
		nights := max(int(s.EndDate-s.Date), 1)
		night, err := nightRate(r, rates, e, s.Date, tier, age, pay.Overnight)
		if err != nil {
			return err
		}
		r.Nights = int16(nights)
		r.Quantity, r.Rate = float64(nights), night
		r.Amount = r.Rate * linkmatch.Pence(nights)
	default:
		i, err := rates.lookupIn(e, s.Date, tier, age, s.Kind)
		if err != nil {
			return err
		}
		r.setRates(i)
		r.Quantity, r.Rate, r.Amount = 1, rates.rows[i].Amount, rates.rows[i].Amount
	}
	return nil
}

// nightRate is what one night is paid, adding the rate rows it uses to r:
// the overnight rate, or with [payments] overnight = "day_and_half" a full
// day plus a half day, as seed 000 pays a weekend's one night.
func nightRate(r *Row, rates *RateTable, e int, date linkmatch.Date, tier linkmatch.Tier, age int, rule linkmatch.OvernightRule) (linkmatch.Pence, error) {
	if rule == linkmatch.OvernightDayAndHalf {
		full, half, err := dayAndHalf(rates, e, date, tier, age)
		if err != nil {
			return 0, err
		}
		r.setRates(full, half)
		return rates.rows[full].Amount + rates.rows[half].Amount, nil
	}
	i, err := rates.lookupIn(e, date, tier, age, linkmatch.KindOvernight)
	if err != nil {
		return 0, err
	}
	r.setRates(i)
	return rates.rows[i].Amount, nil
}

// priceStay prices a stay as its nights plus its days in care
// ([payments] stay_days): each night as nightRate, each full day at the
// full_day rate and each half day at the half_day rate of the table in
// force on the stay's first day.
func priceStay(r *Row, s *linkmatch.Session, rates *RateTable, e int, tier linkmatch.Tier, age int, rule linkmatch.OvernightRule) error {
	nights := int(s.EndDate - s.Date)
	night, err := nightRate(r, rates, e, s.Date, tier, age, rule)
	if err != nil {
		return err
	}
	full, half := linkmatch.StayDaysOf(s.Kind, s.Date, s.Start, s.EndDate, s.End)
	r.Nights = int16(nights)
	if full == 0 && half == 0 {
		// An evening-to-morning overnight: its nights alone.
		r.Quantity, r.Rate, r.Amount = float64(nights), night, night*linkmatch.Pence(nights)
		return nil
	}
	total := night * linkmatch.Pence(nights)
	if full > 0 {
		i, err := rates.lookupIn(e, s.Date, tier, age, linkmatch.KindFullDay)
		if err != nil {
			return err
		}
		r.setRates(i)
		total += rates.rows[i].Amount * linkmatch.Pence(full)
	}
	if half > 0 {
		i, err := rates.lookupIn(e, s.Date, tier, age, linkmatch.KindHalfDay)
		if err != nil {
			return err
		}
		r.setRates(i)
		total += rates.rows[i].Amount * linkmatch.Pence(half)
	}
	r.FullDays, r.HalfDays, r.Stay = int16(full), int16(half), true
	r.Quantity, r.Rate, r.Amount = 1, total, total
	return nil
}

// setRates adds rate rows to those the row uses, each once.
func (r *Row) setRates(idx ...int32) {
	for _, i := range idx {
		if !slices.Contains(r.Rates[:r.NRates], i) && int(r.NRates) < len(r.Rates) {
			r.Rates[r.NRates] = i
			r.NRates++
		}
	}
}

// rateOf returns the rate row of unit among those the row uses.
func (r *Row) rateOf(rates *RateTable, unit linkmatch.SessionKind) (linkmatch.Rate, bool) {
	rt, _, ok := r.rateIndex(rates, unit)
	return rt, ok
}

// dayAndHalf returns the full_day and half_day rate rows of one table.
func dayAndHalf(rates *RateTable, e int, date linkmatch.Date, tier linkmatch.Tier, age int) (full, half int32, err error) {
	if full, err = rates.lookupIn(e, date, tier, age, linkmatch.KindFullDay); err != nil {
		return -1, -1, err
	}
	if half, err = rates.lookupIn(e, date, tier, age, linkmatch.KindHalfDay); err != nil {
		return -1, -1, err
	}
	return full, half, nil
}

// sharedTrip is the claim of one row in a trip several links share: the
// round trip in tenths of a mile to claim on it (0 when another link's row
// claims the trip), and how many other links it served. set is false for a
// row that shares no trip.
type sharedTrip struct {
	tenths int64
	with   int32
	set    bool
}

// sharedTrips finds the trips a carer makes for several links at once:
// rows of one carer, of kinds the carer travels for, with the same date,
// start, end date and end. The planner books siblings linked to one carer
// together (issue 12: joint sessions and meetings), and a carer is never
// booked with two children at once otherwise, so such rows are one outing.
// Seed 001 §6 pays mileage for the carer's travel, not per child: the trip
// is claimed once, on the row of the link with the smallest id, at the
// longest of the links' round trips (one drive collects every child), and
// not on the others. links gives each link's miles; rows of unknown links
// are left alone (Price reports them). The result is indexed by session,
// and nil when no trip is shared.
func sharedTrips(sessions []linkmatch.Session, byLink map[string][]int, links map[string]LinkInfo) []sharedTrip {
	byCarer := map[string][]string{}
	for id := range byLink {
		if info, ok := links[id]; ok {
			byCarer[info.CarerID] = append(byCarer[info.CarerID], id)
		}
	}
	var out []sharedTrip
	var idx []int
	for _, ids := range byCarer {
		if len(ids) < 2 {
			continue // only a carer with two or more links can share a trip
		}
		idx = idx[:0]
		for _, id := range ids {
			for _, i := range byLink[id] {
				if travels(sessions[i].Kind) {
					idx = append(idx, i)
				}
			}
		}
		slices.SortFunc(idx, func(x, y int) int {
			a, b := &sessions[x], &sessions[y]
			if c := cmp.Compare(a.Date, b.Date); c != 0 {
				return c
			}
			if c := cmp.Compare(a.Start, b.Start); c != 0 {
				return c
			}
			if c := cmp.Compare(a.EndDate, b.EndDate); c != 0 {
				return c
			}
			if c := cmp.Compare(a.End, b.End); c != 0 {
				return c
			}
			if c := strings.Compare(a.LinkID, b.LinkID); c != 0 {
				return c
			}
			return x - y
		})
		for lo := 0; lo < len(idx); {
			first := &sessions[idx[lo]]
			hi := lo + 1
			for ; hi < len(idx); hi++ {
				s := &sessions[idx[hi]]
				if s.Date != first.Date || s.Start != first.Start || s.EndDate != first.EndDate || s.End != first.End {
					break
				}
			}
			if group := idx[lo:hi]; first.LinkID != sessions[group[len(group)-1]].LinkID {
				if out == nil {
					out = make([]sharedTrip, len(sessions))
				}
				longest, others := int64(0), int32(-1)
				for k, i := range group {
					if k == 0 || sessions[i].LinkID != sessions[group[k-1]].LinkID {
						others++
					}
					l := Link{LinkInfo: links[sessions[i].LinkID]}
					longest = max(longest, tripTenths(&l, sessions[i].Date))
				}
				for _, i := range group {
					out[i] = sharedTrip{set: true} // claimed by the group's first row
				}
				out[group[0]] = sharedTrip{tenths: longest, with: others, set: true}
			}
			lo = hi
		}
	}
	return out
}
