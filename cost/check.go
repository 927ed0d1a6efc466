package cost

import (
	"errors"
	"fmt"
	"sort"
	"strconv"
	"strings"

	"github.com/linkmatch/linkmatch"
)

// Kinds of rate problem, matched with errors.Is through a RateProblem or a
// *RatesError.
var (
	// ErrNoRates: a rates table needs at least one rate.
	ErrNoRates = errors.New("there are no rates")
	// ErrNotARateUnit: rates are given per half_day, full_day, overnight
	// or staying_put_week only (a day and a half is a full day plus a half
	// day).
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
	// ErrIncompleteTable: a new table (a later effective_from) lacks a tier,
	// unit or age its predecessor had, so some sessions would be priced
	// from two years' tables.
	ErrIncompleteTable = errors.New("a new rates table leaves out rates the previous one had")
)

// RateUnits returns the units a rate may be given in: half_day, full_day,
// overnight and, for young people staying put after 18, a week of Staying
// Put (KindStayingPut, written staying_put_week: UnitName); then the
// weekly retainer (UnitRetainerWeek) and the mileage rate
// (UnitMileageMile), which otherwise come from scenario.toml. A
// day_and_half has no rate of its own: seed 000 pays "a day and a half" as
// one full day plus one half day.
func RateUnits() []linkmatch.SessionKind {
	return []linkmatch.SessionKind{linkmatch.KindHalfDay, linkmatch.KindFullDay, linkmatch.KindOvernight, linkmatch.KindStayingPut,
		UnitRetainerWeek, UnitMileageMile}
}

// numRateUnits is len(RateUnits()), as a constant to size RateTable's index.
const numRateUnits = 6

// Rate units that are not kinds of session: the weekly retainer per child
// (seed 000, seed 001 §6: £100) and the mileage rate per mile (45p, HMRC's
// approved rate). PRODUCT.md: "Rates change each year: they are data with
// an effective date, never constants in code", so a council can give them
// in rates.csv, effective-dated like every rate; scenario.toml's
// [payments] retainer_weekly_gbp and mileage_gbp_per_mile are the amounts
// used when the rates in force give none. Neither depends on the child's
// age: a table gives at most one of each per tier (isFlat). They are
// numbered above every session kind so that rates.csv's Unit column
// (a linkmatch.SessionKind) holds them without a timeline ever reading
// them as a kind of session.
const (
	UnitRetainerWeek linkmatch.SessionKind = 200 + iota
	UnitMileageMile
)

// isFlat reports whether rates in unit do not depend on the child's age
// (the retainer and mileage).
func isFlat(unit linkmatch.SessionKind) bool {
	return unit == UnitRetainerWeek || unit == UnitMileageMile
}

// stayingPutWeek is how rates.csv names the Staying Put unit: Staying Put
// is paid by the week (DfE, "Staying Put" guidance, 2013: an allowance to
// the former carer), not per session.
const stayingPutWeek = "staying_put_week"

// UnitName is a rate unit as rates.csv and costs.csv write it:
// staying_put_week for KindStayingPut, else the kind's name.
func UnitName(k linkmatch.SessionKind) string {
	switch k {
	case linkmatch.KindStayingPut:
		return stayingPutWeek
	case UnitRetainerWeek:
		return "retainer_week"
	case UnitMileageMile:
		return "mileage_mile"
	}
	return k.String()
}

// ParseUnit reads a rates.csv unit: a kind of session, or staying_put_week.
// A kind that rates are not given in (day_and_half, meeting) is returned
// too, so that CheckRates can say why it is not a unit.
func ParseUnit(s string) (linkmatch.SessionKind, bool) {
	for _, u := range []linkmatch.SessionKind{linkmatch.KindStayingPut, UnitRetainerWeek, UnitMileageMile} {
		if s == UnitName(u) {
			return u, true
		}
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
	case UnitRetainerWeek:
		return 4
	case UnitMileageMile:
		return 5
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
// A rate must be given in one of RateUnits, for a known tier, with a non-empty age band (0 ≤ age_min ≤ age_max) and an amount of
// at least zero. Within one table (same effective date, tier and unit) each
// age belongs to at most one band, since the child's age on the session date
// must choose exactly one rate (seed 001 §7); an overlap is reported at
// whichever of the two rates comes later. A rate with a problem of its own
// is left out of the overlap check.
//
// Rate changes are whole (issue 14): the rows sharing an effective_from are
// one table, and a table must give a rate for every tier, unit and age its
// predecessor did (with new amounts, or the old ones repeated), so that
// every session is priced from exactly one year's table. A table that
// leaves any out is reported at its first line, listing what it lacks.
//
// These are the only rules a rates table is held to: the scenario loader
// reports the same problems, placed at rates.csv's columns.
func CheckRates(file string, rates []linkmatch.Rate) []RateProblem {
	var ps []RateProblem
	good := make([]int, 0, len(rates))
	shaped := make([]int, 0, len(rates)) // a known tier, unit and band, whatever the amount
	for i := range rates {
		p, bad := checkRate(&rates[i])
		if !bad || errors.Is(p, ErrNegativeRate) {
			shaped = append(shaped, i)
		}
		if bad {
			ps = append(ps, p)
			continue
		}
		good = append(good, i)
	}
	ps = append(ps, overlaps(file, rates, good)...)
	ps = append(ps, incomplete(rates, shaped)...)
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
		p.Message = fmt.Sprintf("%q is not a unit rates are given in", UnitName(r.Unit))
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
		if isFlat(cur.Unit) {
			// The retainer and mileage do not depend on age: one row per
			// tier in a table, whatever its ages.
			first, second := prev, cur
			if first.Line > second.Line {
				first, second = cur, prev
			}
			ps = append(ps, RateProblem{Line: second.Line, Column: "unit", Err: ErrBandsOverlap,
				Hint: fmt.Sprintf("give one %s row per tier in a table (the ages are not used): remove this row or the one at %s:%d", UnitName(cur.Unit), file, first.Line),
				Message: fmt.Sprintf("the %s %s from %s is given twice; it does not depend on the child's age",
					second.Tier, UnitName(second.Unit), second.EffectiveFrom)})
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
					second.Tier, UnitName(second.Unit), second.AgeMin, second.AgeMax, second.EffectiveFrom,
					first.AgeMin, first.AgeMax, file, first.Line)})
		}
		if cur.AgeMax > prev.AgeMax {
			widest = i
		}
	}
	return ps
}

// AgeRange is a band of ages in whole years, Min to Max inclusive.
type AgeRange struct{ Min, Max int }

func (a AgeRange) String() string {
	if a.Min == a.Max {
		return strconv.Itoa(a.Min)
	}
	return strconv.Itoa(a.Min) + "–" + strconv.Itoa(a.Max)
}

// ages returns the ages covered by rates[idx] as sorted, disjoint ranges,
// touching ranges joined (0–4 and 5–10 become 0–10).
func ages(rates []linkmatch.Rate, idx []int) []AgeRange {
	rs := make([]AgeRange, 0, len(idx))
	for _, i := range idx {
		rs = append(rs, AgeRange{rates[i].AgeMin, rates[i].AgeMax})
	}
	sort.Slice(rs, func(i, j int) bool { return rs[i].Min < rs[j].Min })
	var out []AgeRange
	for _, r := range rs {
		if n := len(out); n > 0 && r.Min <= out[n-1].Max+1 {
			out[n-1].Max = max(out[n-1].Max, r.Max)
			continue
		}
		out = append(out, r)
	}
	return out
}

// minus returns the ages of a (sorted, disjoint) not in b (sorted,
// disjoint).
func minus(a, b []AgeRange) []AgeRange {
	var out []AgeRange
	for _, r := range a {
		lo := r.Min
		for _, c := range b {
			if c.Max < lo || c.Min > r.Max {
				continue
			}
			if c.Min > lo {
				out = append(out, AgeRange{lo, c.Min - 1})
			}
			lo = c.Max + 1
		}
		if lo <= r.Max {
			out = append(out, AgeRange{lo, r.Max})
		}
	}
	return out
}

// tableKey is one tier and unit of one effective-dated table.
type tableKey struct {
	from linkmatch.Date
	tier linkmatch.Tier
	unit linkmatch.SessionKind
}

// incomplete checks that every table (the rows of one effective_from, among
// rates[idx]) covers every tier, unit and age of the table before it. Each
// problem is placed at the first line of the table that falls short.
func incomplete(rates []linkmatch.Rate, idx []int) []RateProblem {
	byKey := map[tableKey][]int{}
	firstLine := map[linkmatch.Date]int{}
	var dates []linkmatch.Date
	for _, i := range idx {
		r := &rates[i]
		if _, seen := firstLine[r.EffectiveFrom]; !seen {
			dates = append(dates, r.EffectiveFrom)
			firstLine[r.EffectiveFrom] = r.Line
		}
		firstLine[r.EffectiveFrom] = min(firstLine[r.EffectiveFrom], r.Line)
		k := tableKey{r.EffectiveFrom, r.Tier, r.Unit}
		byKey[k] = append(byKey[k], i)
	}
	sort.Slice(dates, func(i, j int) bool { return dates[i] < dates[j] })
	var ps []RateProblem
	for n := 1; n < len(dates); n++ {
		prev, cur := dates[n-1], dates[n]
		var lacks []string
		for tier := range linkmatch.Tier(numTiers) {
			for _, unit := range RateUnits() {
				had := byKey[tableKey{prev, tier, unit}]
				if len(had) == 0 {
					continue
				}
				if isFlat(unit) {
					// Ages are not used: the new table needs the rate alone.
					if len(byKey[tableKey{cur, tier, unit}]) == 0 {
						lacks = append(lacks, fmt.Sprintf("the %s %s", tier, UnitName(unit)))
					}
					continue
				}
				gone := minus(ages(rates, had), ages(rates, byKey[tableKey{cur, tier, unit}]))
				if len(gone) == 0 {
					continue
				}
				parts := make([]string, len(gone))
				for i, g := range gone {
					parts[i] = g.String()
				}
				lacks = append(lacks, fmt.Sprintf("%s %s for ages %s", tier, UnitName(unit), strings.Join(parts, ", ")))
			}
		}
		if len(lacks) > 0 {
			ps = append(ps, RateProblem{Line: firstLine[cur], Column: "effective_from", Err: ErrIncompleteTable,
				Message: fmt.Sprintf("the rates from %s leave out rates the rates from %s gave: %s", cur, prev, strings.Join(lacks, "; ")),
				Hint:    "a new table replaces the whole of the old one: give every tier, unit and age band again (repeat an amount that does not change), so no session is priced from two years' rates"})
		}
	}
	return ps
}

// MissingRate is what one rates table lacks: the ages with no rate in a
// tier and unit, in the table in force from EffectiveFrom.
type MissingRate struct {
	EffectiveFrom linkmatch.Date
	Tier          linkmatch.Tier
	Unit          linkmatch.SessionKind
	Ages          []AgeRange
}

// MissingRates returns, for each table in force on or after from (the one
// in force on from and every later one; every table when from is zero),
// the ages in want that it gives no tier rate in unit for. The scenario
// loader uses it to require overnight rates when overnights are paid per
// night. Rates with problems of their own (CheckRates) are ignored.
func MissingRates(rates []linkmatch.Rate, from linkmatch.Date, tier linkmatch.Tier, unit linkmatch.SessionKind, want AgeRange) []MissingRate {
	var dates []linkmatch.Date
	byDate := map[linkmatch.Date][]int{}
	for i := range rates {
		r := &rates[i]
		if _, bad := checkRate(r); bad {
			continue
		}
		if _, seen := byDate[r.EffectiveFrom]; !seen {
			dates = append(dates, r.EffectiveFrom)
			byDate[r.EffectiveFrom] = nil
		}
		if r.Tier == tier && r.Unit == unit {
			byDate[r.EffectiveFrom] = append(byDate[r.EffectiveFrom], i)
		}
	}
	sort.Slice(dates, func(i, j int) bool { return dates[i] < dates[j] })
	first := 0
	for i, d := range dates {
		if from != 0 && d <= from {
			first = i
		}
	}
	var out []MissingRate
	for _, d := range dates[min(first, len(dates)):] {
		if gone := minus([]AgeRange{want}, ages(rates, byDate[d])); len(gone) > 0 {
			out = append(out, MissingRate{EffectiveFrom: d, Tier: tier, Unit: unit, Ages: gone})
		}
	}
	return out
}
