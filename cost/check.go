package cost

import (
	"errors"
	"fmt"
	"sort"
	"strings"

	"github.com/linkmatch/linkmatch"
)

// Kinds of rate problem, matched with errors.Is through a RateProblem or a
// *RatesError.
var (
	// ErrNoRates: a rates table needs at least one rate.
	ErrNoRates = errors.New("there are no rates")
	// ErrNotARateUnit: rates are given per half_day, full_day or overnight
	// only (a day and a half is a full day plus a half day).
	ErrNotARateUnit = errors.New("rates are not given in that unit")
	// ErrUnknownTier: the tier is neither standard nor fostering_plus.
	ErrUnknownTier = errors.New("unknown tier")
	// ErrEmptyBand: age_min is above age_max, or below 0.
	ErrEmptyBand = errors.New("the age band is empty")
	// ErrNegativeRate: an amount below zero.
	ErrNegativeRate = errors.New("a rate cannot be negative")
	// ErrBandsOverlap: two bands of the same table (effective date, tier and
	// unit) share an age, so that age would have two rates.
	ErrBandsOverlap = errors.New("two age bands of one table overlap")
)

// RateUnits returns the units a rate may be given in: half_day, full_day,
// overnight and, for young people staying put after 18, a week of Staying
// Put (KindStayingPut, written staying_put_week: UnitName). A day_and_half
// has no rate of its own: seed 000 pays "a day and a half" as one full day
// plus one half day.
func RateUnits() []linkmatch.SessionKind {
	return []linkmatch.SessionKind{linkmatch.KindHalfDay, linkmatch.KindFullDay, linkmatch.KindOvernight, linkmatch.KindStayingPut}
}

// numRateUnits is len(RateUnits()), as a constant to size RateTable's index.
const numRateUnits = 4

// stayingPutWeek is how rates.csv names the Staying Put unit: Staying Put
// is paid by the week (DfE, "Staying Put" guidance, 2013: an allowance to
// the former carer), not per session.
const stayingPutWeek = "staying_put_week"

// UnitName is a rate unit as rates.csv and costs.csv write it:
// staying_put_week for KindStayingPut, else the kind's name.
func UnitName(k linkmatch.SessionKind) string {
	if k == linkmatch.KindStayingPut {
		return stayingPutWeek
	}
	return k.String()
}

// ParseUnit reads a rates.csv unit: a kind of session, or staying_put_week.
// A kind that rates are not given in (day_and_half, meeting) is returned
// too, so that CheckRates can say why it is not a unit.
func ParseUnit(s string) (linkmatch.SessionKind, bool) {
	if s == stayingPutWeek {
		return linkmatch.KindStayingPut, true
	}
	if s == linkmatch.KindStayingPut.String() {
		return 0, false // the session kind; its rate is per week
	}
	return linkmatch.ParseSessionKind(s)
}

// unitIndex returns k's index in RateUnits, or -1 when rates are not given
// per k.
func unitIndex(k linkmatch.SessionKind) int {
	switch k {
	case linkmatch.KindHalfDay:
		return 0
	case linkmatch.KindFullDay:
		return 1
	case linkmatch.KindOvernight:
		return 2
	case linkmatch.KindStayingPut:
		return 3
	}
	return -1
}

// RateProblem is one rate that cannot be part of a rates table: its line
// (Rate.Line), the rates.csv column at fault, the kind of problem (one of the
// Err* values above, via Unwrap) and plain words for whoever keeps the rates
// file: what is wrong and what to do about it.
type RateProblem struct {
	Line    int
	Column  string
	Err     error
	Message string
	Hint    string
}

// Error formats the problem as "line 3 (age_min): problem — what to do".
func (p RateProblem) Error() string {
	s := fmt.Sprintf("line %d (%s): %s", p.Line, p.Column, p.Message)
	if p.Hint != "" {
		s += " — " + p.Hint
	}
	return s
}

// Unwrap returns the kind of problem.
func (p RateProblem) Unwrap() error { return p.Err }

// RatesError is NewRateTable's error for rates that break CheckRates's
// rules: every problem, in line order.
type RatesError struct {
	// File names the rates, as given to NewRateTable.
	File     string
	Problems []RateProblem
}

func (e *RatesError) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "%d problem(s) in the rates in %s:", len(e.Problems), e.File)
	for _, p := range e.Problems {
		b.WriteString("\n  ")
		b.WriteString(p.Error())
	}
	return b.String()
}

// Unwrap returns the problems, so errors.Is finds their kinds.
func (e *RatesError) Unwrap() []error {
	out := make([]error, len(e.Problems))
	for i, p := range e.Problems {
		out[i] = p
	}
	return out
}

// CheckRates returns every reason the rates cannot form a rates table,
// sorted by line; none means NewRateTable will accept them. file names the
// rates in messages ("overlaps the band 0–18 at rates.csv:2").
//
// A rate must be given per half_day, full_day or overnight, for a known
// tier, with a non-empty age band (0 ≤ age_min ≤ age_max) and an amount of
// at least zero. Within one table (same effective date, tier and unit) each
// age belongs to at most one band, since the child's age on the session date
// must choose exactly one rate (seed 001 §7); an overlap is reported at
// whichever of the two rates comes later. A rate with a problem of its own
// is left out of the overlap check.
//
// These are the only rules a rates table is held to: the scenario loader
// reports the same problems, placed at rates.csv's columns.
func CheckRates(file string, rates []linkmatch.Rate) []RateProblem {
	var ps []RateProblem
	good := make([]int, 0, len(rates))
	for i := range rates {
		if p, bad := checkRate(&rates[i]); bad {
			ps = append(ps, p)
			continue
		}
		good = append(good, i)
	}
	ps = append(ps, overlaps(file, rates, good)...)
	sort.SliceStable(ps, func(i, j int) bool { return ps[i].Line < ps[j].Line })
	return ps
}

// checkRate checks one rate on its own, returning its first problem.
func checkRate(r *linkmatch.Rate) (RateProblem, bool) {
	units := make([]string, 0, numRateUnits)
	for _, u := range RateUnits() {
		units = append(units, UnitName(u))
	}
	p := RateProblem{Line: r.Line}
	switch {
	case r.Unit == linkmatch.KindDayAndHalf:
		// Seed 000 pays a weekend as "a day and a half": a full day plus a
		// half day, so a table giving its own rate would price it twice over.
		p.Column, p.Err, p.Hint = "unit", ErrNotARateUnit, "give full_day and half_day rows instead"
		p.Message = "a day and a half has no rate of its own: it is paid as one full day plus one half day"
	case unitIndex(r.Unit) < 0:
		p.Column, p.Err, p.Hint = "unit", ErrNotARateUnit, "use one of: "+strings.Join(units, ", ")
		p.Message = fmt.Sprintf("%q is not a unit rates are given in", r.Unit)
	case int(r.Tier) >= numTiers:
		p.Column, p.Err, p.Hint = "tier", ErrUnknownTier, "use "+strings.Join(linkmatch.TierNames(), " or ")
		p.Message = "the tier is not one rates are given for"
	case r.AgeMin < 0:
		p.Column, p.Err, p.Hint = "age_min", ErrEmptyBand, "ages are whole years, for example 11 and 15 for the 11–15 band"
		p.Message = fmt.Sprintf("an age cannot be negative (%d)", r.AgeMin)
	case r.AgeMin > r.AgeMax:
		p.Column, p.Err, p.Hint = "age_max", ErrEmptyBand, "age_max must be at least age_min"
		p.Message = fmt.Sprintf("the age band %d–%d is empty", r.AgeMin, r.AgeMax)
	case r.Amount < 0:
		p.Column, p.Err, p.Hint = "amount_gbp", ErrNegativeRate, "write the amount in pounds, for example 14.93"
		p.Message = "a rate cannot be negative"
	default:
		return RateProblem{}, false
	}
	return p, true
}

// overlaps finds bands that overlap within a table, among rates[good]:
// sorted by table and then age_min, a band overlaps an earlier one when it
// starts at or below the top of the widest band so far in its table (this
// catches a 0–18 band holding both 2–3 and 5–6, which comparing neighbours
// alone would miss at 5–6).
func overlaps(file string, rates []linkmatch.Rate, good []int) []RateProblem {
	idx := append([]int(nil), good...)
	sort.SliceStable(idx, func(i, j int) bool {
		a, b := &rates[idx[i]], &rates[idx[j]]
		if a.EffectiveFrom != b.EffectiveFrom {
			return a.EffectiveFrom < b.EffectiveFrom
		}
		if a.Tier != b.Tier {
			return a.Tier < b.Tier
		}
		if a.Unit != b.Unit {
			return a.Unit < b.Unit
		}
		if a.AgeMin != b.AgeMin {
			return a.AgeMin < b.AgeMin
		}
		return a.Line < b.Line
	})
	var ps []RateProblem
	widest := 0 // position in idx of the band reaching the highest age so far in this table
	for i := 1; i < len(idx); i++ {
		prev, cur := &rates[idx[widest]], &rates[idx[i]]
		if prev.EffectiveFrom != cur.EffectiveFrom || prev.Tier != cur.Tier || prev.Unit != cur.Unit {
			widest = i
			continue
		}
		if cur.AgeMin <= prev.AgeMax {
			// Point at whichever of the two rows comes later in the file.
			first, second := prev, cur
			if first.Line > second.Line {
				first, second = cur, prev
			}
			ps = append(ps, RateProblem{Line: second.Line, Column: "age_min", Err: ErrBandsOverlap,
				Hint: "each age must fall in exactly one band of a table; fix the bands",
				Message: fmt.Sprintf("the %s %s band %d–%d from %s overlaps the band %d–%d at %s:%d",
					second.Tier, second.Unit, second.AgeMin, second.AgeMax, second.EffectiveFrom,
					first.AgeMin, first.AgeMax, file, first.Line)})
		}
		if cur.AgeMax > prev.AgeMax {
			widest = i
		}
	}
	return ps
}
