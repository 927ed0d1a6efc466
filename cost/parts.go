package cost

import (
	"strconv"

	"github.com/linkmatch/linkmatch"
)

// A session paid at more than one rate — a day and a half (seed 000: "a
// day and a half", one full_day plus one half_day), an overnight whose
// nights are each paid as a day and a half ([payments] overnight =
// "day_and_half"), and a stay paid its nights and its days in care
// ([payments] stay_days) — is one Row, whose Rate is what the whole session
// is paid: the summaries count it as one paid session. costs.csv writes it
// as one line per part: a count of one unit at one rate of rates.csv, so
// that on every line rate × quantity = amount and the rate is a rates.csv
// rate a finance officer can look up (the quality bar: "a cost has its rate
// and date"). The parts' amounts add up to the Row's exactly: each is a
// whole number of units at a rate in pence, with no rounding.

// partOf says what the units of a part are.
type partOf uint8

const (
	// partNights: the nights, at the overnight rate.
	partNights partOf = iota
	// partNightsFull, partNightsHalf: the full and the half day of the
	// nights paid each as a day and a half.
	partNightsFull
	partNightsHalf
	// partDaysFull, partDaysHalf: a stay's full and half days in care.
	partDaysFull
	partDaysHalf
	// partWeekendFull, partWeekendHalf: the full and the half day of a day
	// and a half.
	partWeekendFull
	partWeekendHalf
)

// maxParts is the most parts a session has: a stay whose nights are paid
// as days and a half, with full and half days in care.
const maxParts = 4

// part is one line of a session paid at several rates: Quantity units of
// Unit at the rate of rates row Rate.
type part struct {
	of       partOf
	unit     linkmatch.SessionKind
	quantity int
	rate     int32
	amount   linkmatch.Pence
}

// parts splits a session row paid at more than one rate into its parts,
// returning n = 0 for any other row (written as it is). It returns n = 0
// too should the parts not add up to r.Amount, so that costs.csv never
// shows figures that differ from what is paid.
func (r *Row) parts(rates *RateTable) (ps [maxParts]part, n int) {
	if r.Item != ItemSession {
		return ps, 0
	}
	add := func(of partOf, unit linkmatch.SessionKind, quantity int) bool {
		if quantity <= 0 {
			return true
		}
		rt, i, ok := r.rateIndex(rates, unit)
		if !ok || n == len(ps) {
			return false
		}
		ps[n] = part{of: of, unit: unit, quantity: quantity, rate: i, amount: rt.Amount * linkmatch.Pence(quantity)}
		n++
		return true
	}
	_, _, perNight := r.rateIndex(rates, linkmatch.KindOvernight)
	ok := true
	switch {
	case r.Kind == linkmatch.KindDayAndHalf && !r.Stay:
		ok = add(partWeekendFull, linkmatch.KindFullDay, 1) && add(partWeekendHalf, linkmatch.KindHalfDay, 1)
	case r.Kind == linkmatch.KindOvernight && !r.Stay && perNight:
		return ps, 0 // its nights at one rate: one line already
	case r.Kind == linkmatch.KindOvernight || r.Stay:
		if perNight {
			ok = add(partNights, linkmatch.KindOvernight, int(r.Nights))
		} else {
			ok = add(partNightsFull, linkmatch.KindFullDay, int(r.Nights)) && add(partNightsHalf, linkmatch.KindHalfDay, int(r.Nights))
		}
		if r.Stay {
			ok = ok && add(partDaysFull, linkmatch.KindFullDay, int(r.FullDays)) && add(partDaysHalf, linkmatch.KindHalfDay, int(r.HalfDays))
		}
	default:
		return ps, 0
	}
	var sum linkmatch.Pence
	for _, p := range ps[:n] {
		sum += p.amount
	}
	if !ok || n < 2 || sum != r.Amount {
		return ps, 0
	}
	return ps, n
}

// rateIndex returns the rate row of unit among those the row uses, and its
// index in rates.
func (r *Row) rateIndex(rates *RateTable, unit linkmatch.SessionKind) (linkmatch.Rate, int32, bool) {
	for _, i := range r.Rates[:r.NRates] {
		if rt := rates.Rate(int(i)); rt.Unit == unit {
			return rt, i, true
		}
	}
	return linkmatch.Rate{}, -1, false
}

// partRule says in words what one costs.csv row of a session paid at
// several rates pays, then which row of how many it is and how the whole
// session adds up (sessionRule, with its total).
func partRule(r *Row, rates *RateTable, p part, k, n int) string {
	rate := rates.Rate(int(p.rate)).Amount.String()
	var what string
	switch p.of {
	case partNights:
		what = count(p.quantity, "night") + " at the overnight rate " + rate
	case partNightsFull:
		what = count(p.quantity, "full day") + " at the full_day rate " + rate + ", the full day of " + count(p.quantity, "night") + " paid each as a day and a half"
	case partNightsHalf:
		what = count(p.quantity, "half day") + " at the half_day rate " + rate + ", the half day of " + count(p.quantity, "night") + " paid each as a day and a half"
	case partDaysFull:
		what = count(p.quantity, "full day") + " in care at the full_day rate " + rate
	case partDaysHalf:
		what = count(p.quantity, "half day") + " in care at the half_day rate " + rate
	case partWeekendFull:
		what = "the full day at the full_day rate " + rate
	case partWeekendHalf:
		what = "the half day at the half_day rate " + rate
	}
	whole := sessionRule(r, rates)
	if !r.Stay {
		whole += " = " + r.Amount.String() // a stay's rule ends with its total
	}
	if r.Kind == linkmatch.KindDayAndHalf && !r.Stay {
		whole = "a " + whole
	}
	return what + "; row " + strconv.Itoa(k+1) + " of " + strconv.Itoa(n) + " for " + whole
}
