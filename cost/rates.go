package cost

import (
	"errors"
	"fmt"
	"sort"
	"strings"

	"github.com/linkmatch/linkmatch"
)

// Errors from looking up the rate for a session, matched with errors.Is
// (Price returns them inside a *PricingError). Each comes wrapped in a
// *RateError saying which date, tier, age and unit had no rate.
var (
	// ErrNoRatesInForce: every rate in the table starts after the date.
	ErrNoRatesInForce = errors.New("no rates table is in force on that date")
	// ErrNoRateForUnit: rates are in force on the date, but none for this
	// tier and kind of session (for example no overnight rate).
	ErrNoRateForUnit = errors.New("no rate for that kind of session")
	// ErrAgeOutsideBands: the table in force has rates for the tier and
	// unit, but no age band holds the child's age.
	ErrAgeOutsideBands = errors.New("the child's age is outside every age band")
)

// RateError is a failed rate lookup: the date, tier, age and unit asked for,
// the reason (one of the Err* values above, via Unwrap) and plain words for
// a social-care professional.
type RateError struct {
	Date   linkmatch.Date
	Tier   linkmatch.Tier
	Age    int
	Unit   linkmatch.SessionKind
	Err    error
	Detail string
}

func (e *RateError) Error() string { return e.Detail }

// Unwrap returns the reason.
func (e *RateError) Unwrap() error { return e.Err }

// numTiers is the number of tiers: linkmatch.TierStandard and
// linkmatch.TierFosteringPlus (seed 001 §7 gives a column for each).
const numTiers = 2

// edition is the rates table in force from one effective date: for each
// tier and unit, its age bands (indices in RateTable.rows) sorted by AgeMin.
// CheckRates makes every edition cover every tier, unit and age its
// predecessor covered, so one edition prices every session on its dates.
type edition struct {
	from  linkmatch.Date
	bands [numTiers][numRateUnits][]int32
}

// RateTable answers "what is the rate for this session?" from the rows of a
// rates.csv. Rates are effective-dated: the rows sharing an effective_from
// are one table (councils publish a new table each April), in force from
// that date until the next. A session is priced from the table in force on
// its date, by the age band holding the child's age that day. Build one with
// NewRateTable; a RateTable is read-only and safe for concurrent use.
type RateTable struct {
	// File names the rates file in explanations (rate_source "rates.csv:7").
	File     string
	rows     []linkmatch.Rate
	editions []edition // sorted by from
}

// NewRateTable indexes rates (the rows of a rates.csv, INTERFACE.md) for
// lookup; file names them in explanations and problems. Rates that break the
// rules of CheckRates give a *RatesError listing every problem, and no rates
// at all give ErrNoRates.
func NewRateTable(file string, rates []linkmatch.Rate) (*RateTable, error) {
	if len(rates) == 0 {
		return nil, fmt.Errorf("%s: %w", file, ErrNoRates)
	}
	if ps := CheckRates(file, rates); len(ps) > 0 {
		return nil, &RatesError{File: file, Problems: ps}
	}
	t := &RateTable{File: file, rows: append([]linkmatch.Rate(nil), rates...)}
	for i, r := range t.rows {
		j := sort.Search(len(t.editions), func(j int) bool { return t.editions[j].from >= r.EffectiveFrom })
		if j == len(t.editions) || t.editions[j].from != r.EffectiveFrom {
			t.editions = append(t.editions, edition{})
			copy(t.editions[j+1:], t.editions[j:])
			t.editions[j] = edition{from: r.EffectiveFrom}
		}
		u := unitIndex(r.Unit)
		t.editions[j].bands[r.Tier][u] = append(t.editions[j].bands[r.Tier][u], int32(i))
	}
	// CheckRates has ruled out overlaps, so sorting by age_min puts each
	// table's bands in age order.
	for e := range t.editions {
		for ti := range t.editions[e].bands {
			for _, bands := range t.editions[e].bands[ti] {
				sort.SliceStable(bands, func(a, b int) bool { return t.rows[bands[a]].AgeMin < t.rows[bands[b]].AgeMin })
			}
		}
	}
	return t, nil
}

// Len returns the number of rate rows in the table.
func (t *RateTable) Len() int { return len(t.rows) }

// Rate returns the i'th rate row, in the order given to NewRateTable (see
// Row.Rates).
func (t *RateTable) Rate(i int) linkmatch.Rate { return t.rows[i] }

// inForce returns the index of the table in force on date: the one with the
// latest effective_from on or before it. It fails with a *RateError wrapping
// ErrNoRatesInForce when every table starts later.
func (t *RateTable) inForce(date linkmatch.Date, tier linkmatch.Tier, age int, unit linkmatch.SessionKind) (int, error) {
	j := sort.Search(len(t.editions), func(j int) bool { return t.editions[j].from > date }) - 1
	if j < 0 {
		return -1, &RateError{Date: date, Tier: tier, Age: age, Unit: unit, Err: ErrNoRatesInForce,
			Detail: fmt.Sprintf("no rates table is in force on %s: the earliest rates in %s start on %s", date, t.File, t.editions[0].from)}
	}
	return j, nil
}

// lookup returns the index of the rate row for one unit of care (half_day,
// full_day, overnight or staying_put_week) for a child aged age (whole years on the session
// date) with a carer of the tier, from the table in force on date. It fails
// with a *RateError wrapping ErrNoRatesInForce, ErrNoRateForUnit or
// ErrAgeOutsideBands.
func (t *RateTable) lookup(date linkmatch.Date, tier linkmatch.Tier, age int, unit linkmatch.SessionKind) (int32, error) {
	if unitIndex(unit) < 0 || int(tier) >= numTiers {
		return -1, &RateError{Date: date, Tier: tier, Age: age, Unit: unit, Err: ErrNoRateForUnit,
			Detail: fmt.Sprintf("rates are not given per %s for the %s tier; a day and a half is priced as a full day plus a half day", UnitName(unit), tier)}
	}
	e, err := t.inForce(date, tier, age, unit)
	if err != nil {
		return -1, err
	}
	return t.lookupIn(e, date, tier, age, unit)
}

// lookupIn is lookup within one table (an index in t.editions), so that
// the parts of one session (a day and a half's full day and half day) come
// from the same year's rates.
func (t *RateTable) lookupIn(e int, date linkmatch.Date, tier linkmatch.Tier, age int, unit linkmatch.SessionKind) (int32, error) {
	ed := &t.editions[e]
	bands := ed.bands[tier][unitIndex(unit)]
	if len(bands) == 0 {
		return -1, &RateError{Date: date, Tier: tier, Age: age, Unit: unit, Err: ErrNoRateForUnit,
			Detail: fmt.Sprintf("the rates in %s in force on %s (from %s) give no %s %s rate", t.File, date, ed.from, tier, UnitName(unit))}
	}
	for _, b := range bands {
		if r := &t.rows[b]; age >= r.AgeMin && age <= r.AgeMax {
			return b, nil
		}
	}
	cover := make([]string, len(bands))
	for i, b := range bands {
		cover[i] = fmt.Sprintf("%d–%d", t.rows[b].AgeMin, t.rows[b].AgeMax)
	}
	return -1, &RateError{Date: date, Tier: tier, Age: age, Unit: unit, Err: ErrAgeOutsideBands,
		Detail: fmt.Sprintf("the child is %d on %s, but the %s %s rates in force from %s cover ages %s only", age, date, tier, UnitName(unit), ed.from, strings.Join(cover, ", "))}
}

// EffectiveDates returns the dates from which the tables of t are in force,
// in order.
func (t *RateTable) EffectiveDates() []linkmatch.Date {
	out := make([]linkmatch.Date, len(t.editions))
	for i, e := range t.editions {
		out[i] = e.from
	}
	return out
}

// Uncovered returns the ages of want that the table in force on date gives
// no tier rate in unit for (sorted, disjoint; none when it covers them
// all), so that a scenario can be checked before anything is planned. It
// fails with a *RateError wrapping ErrNoRatesInForce when no table is in
// force on date, or ErrNoRateForUnit when rates are not given in unit.
func (t *RateTable) Uncovered(date linkmatch.Date, tier linkmatch.Tier, unit linkmatch.SessionKind, want AgeRange) ([]AgeRange, error) {
	if unitIndex(unit) < 0 || int(tier) >= numTiers {
		_, err := t.lookup(date, tier, want.Min, unit)
		return nil, err
	}
	e, err := t.inForce(date, tier, want.Min, unit)
	if err != nil {
		return nil, err
	}
	bands := t.editions[e].bands[tier][unitIndex(unit)]
	idx := make([]int, len(bands))
	for i, b := range bands {
		idx[i] = int(b)
	}
	return minus([]AgeRange{want}, ages(t.rows, idx)), nil
}

// flat returns the rate row for a unit that does not depend on the
// child's age (UnitRetainerWeek, UnitMileageMile) for the tier, from the
// table in force on date; ok is false when that table gives none (or no
// table is in force), and then scenario.toml's amount applies.
func (t *RateTable) flat(date linkmatch.Date, tier linkmatch.Tier, unit linkmatch.SessionKind) (row int32, ok bool) {
	if t == nil || int(tier) >= numTiers {
		return -1, false
	}
	j := sort.Search(len(t.editions), func(j int) bool { return t.editions[j].from > date }) - 1
	if j < 0 {
		return -1, false
	}
	if bands := t.editions[j].bands[tier][unitIndex(unit)]; len(bands) > 0 {
		return bands[0], true
	}
	return -1, false
}

// nextChange returns the first date after d on which a new table comes
// into force, or 0 when none does.
func (t *RateTable) nextChange(d linkmatch.Date) linkmatch.Date {
	if t == nil {
		return 0
	}
	j := sort.Search(len(t.editions), func(j int) bool { return t.editions[j].from > d })
	if j == len(t.editions) {
		return 0
	}
	return t.editions[j].from
}
