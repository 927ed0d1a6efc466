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

// version is one effective-dated table for one tier and unit: its age bands,
// sorted by AgeMin.
type version struct {
	from  linkmatch.Date
	bands []int32 // indices in RateTable.rows
}

// RateTable answers "what is the rate for this session?" from the rows of a
// rates.csv. Rates are effective-dated: for a tier and unit, the table in
// force on a date is the one with the latest effective_from on or before the
// date (councils publish a new table each April), and within it the age band
// holding the child's age on the session date. Build one with NewRateTable;
// a RateTable is read-only and safe for concurrent use.
type RateTable struct {
	// File names the rates file in explanations (rate_source "rates.csv:7").
	File     string
	rows     []linkmatch.Rate
	versions [numTiers][numRateUnits][]version
	earliest linkmatch.Date
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
	t := &RateTable{File: file, rows: append([]linkmatch.Rate(nil), rates...), earliest: rates[0].EffectiveFrom}
	for i, r := range t.rows {
		t.earliest = min(t.earliest, r.EffectiveFrom)
		u := unitIndex(r.Unit)
		vs := t.versions[r.Tier][u]
		j := sort.Search(len(vs), func(j int) bool { return vs[j].from >= r.EffectiveFrom })
		if j == len(vs) || vs[j].from != r.EffectiveFrom {
			vs = append(vs, version{})
			copy(vs[j+1:], vs[j:])
			vs[j] = version{from: r.EffectiveFrom}
		}
		vs[j].bands = append(vs[j].bands, int32(i))
		t.versions[r.Tier][u] = vs
	}
	// CheckRates has ruled out overlaps, so sorting by age_min puts each
	// table's bands in age order.
	for ti := range t.versions {
		for ui := range t.versions[ti] {
			for _, v := range t.versions[ti][ui] {
				sort.SliceStable(v.bands, func(a, b int) bool { return t.rows[v.bands[a]].AgeMin < t.rows[v.bands[b]].AgeMin })
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

// lookup returns the index of the rate row for one unit of care (half_day,
// full_day or overnight) for a child aged age (whole years on the session
// date) with a carer of the tier, on date. It fails with a *RateError
// wrapping ErrNoRatesInForce, ErrNoRateForUnit or ErrAgeOutsideBands.
func (t *RateTable) lookup(date linkmatch.Date, tier linkmatch.Tier, age int, unit linkmatch.SessionKind) (int32, error) {
	u := unitIndex(unit)
	un := UnitName(unit)
	if u < 0 || int(tier) >= numTiers {
		return -1, &RateError{Date: date, Tier: tier, Age: age, Unit: unit, Err: ErrNoRateForUnit,
			Detail: fmt.Sprintf("rates are not given per %s for the %s tier; a day and a half is priced as a full day plus a half day", un, tier)}
	}
	if date < t.earliest {
		return -1, &RateError{Date: date, Tier: tier, Age: age, Unit: unit, Err: ErrNoRatesInForce,
			Detail: fmt.Sprintf("no rates table is in force on %s: the earliest rates in %s start on %s", date, t.File, t.earliest)}
	}
	vs := t.versions[tier][u]
	// The latest version with from ≤ date.
	j := sort.Search(len(vs), func(j int) bool { return vs[j].from > date }) - 1
	if j < 0 {
		detail := fmt.Sprintf("%s gives no %s %s rate in force on %s", t.File, tier, un, date)
		if len(vs) > 0 {
			detail += fmt.Sprintf(" (the first starts on %s)", vs[0].from)
		}
		return -1, &RateError{Date: date, Tier: tier, Age: age, Unit: unit, Err: ErrNoRateForUnit, Detail: detail}
	}
	bands := vs[j].bands
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
		Detail: fmt.Sprintf("the child is %d on %s, but the %s %s rates in force from %s cover ages %s only", age, date, tier, un, vs[j].from, strings.Join(cover, ", "))}
}
