package plan

import (
	"errors"
	"fmt"
	"sort"
	"strings"

	"github.com/linkmatch/linkmatch"
	"github.com/linkmatch/linkmatch/internal/table"
)

// Errors from RateTable.Lookup, matched with errors.Is. Each comes wrapped in
// a *RateError saying which date, tier, age and unit had no rate.
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

// rateUnits are the units a rate may be given in (INTERFACE.md rates.csv). A
// day_and_half has no rate of its own: seed 000 pays it as one full day plus
// one half day.
var rateUnits = [...]linkmatch.SessionKind{linkmatch.KindHalfDay, linkmatch.KindFullDay, linkmatch.KindOvernight}

func unitIndex(k linkmatch.SessionKind) int {
	for i, u := range rateUnits {
		if u == k {
			return i
		}
	}
	return -1
}

const numTiers = 2 // linkmatch.TierStandard, linkmatch.TierFosteringPlus

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
	versions [numTiers][len(rateUnits)][]version
	earliest linkmatch.Date
}

// NewRateTable indexes rates read from the file named display. Two rows with
// the same effective date, tier and unit whose age bands overlap, a band
// with age_min above age_max, a unit that is not half_day, full_day or
// overnight, or an unknown tier are reported as problems placed at the rows'
// lines (Rate.Line); the error is then a *table.InvalidError.
func NewRateTable(display string, rates []linkmatch.Rate) (*RateTable, error) {
	var ps table.Problems
	t := &RateTable{File: display, rows: append([]linkmatch.Rate(nil), rates...)}
	if len(rates) == 0 {
		ps.Errorf(display, 0, 0, "", "give at least one rate row (see INTERFACE.md, rates.csv)", "there are no rates")
		return nil, ps.Err()
	}
	seen := false
	for i, r := range t.rows {
		u := unitIndex(r.Unit)
		switch {
		case u < 0:
			ps.Errorf(display, r.Line, 0, "unit", "use half_day, full_day or overnight; a day and a half is paid as one full_day plus one half_day (seed 000)", "%q is not a unit rates are given in", r.Unit)
			continue
		case int(r.Tier) >= numTiers:
			ps.Errorf(display, r.Line, 0, "tier", "use "+strings.Join(linkmatch.TierNames(), " or "), "unknown tier")
			continue
		case r.AgeMin > r.AgeMax || r.AgeMin < 0:
			ps.Errorf(display, r.Line, 0, "age_min", "age_min must be at most age_max", "the age band %d–%d is empty", r.AgeMin, r.AgeMax)
			continue
		case r.Amount < 0:
			ps.Errorf(display, r.Line, 0, "amount_gbp", "", "a rate cannot be negative")
			continue
		}
		if !seen || r.EffectiveFrom < t.earliest {
			t.earliest, seen = r.EffectiveFrom, true
		}
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
	for ti := range t.versions {
		for ui := range t.versions[ti] {
			for _, v := range t.versions[ti][ui] {
				sort.SliceStable(v.bands, func(a, b int) bool { return t.rows[v.bands[a]].AgeMin < t.rows[v.bands[b]].AgeMin })
				for k := 1; k < len(v.bands); k++ {
					prev, cur := t.rows[v.bands[k-1]], t.rows[v.bands[k]]
					if cur.AgeMin <= prev.AgeMax {
						ps.Errorf(display, cur.Line, 0, "age_min", "each age belongs to one band; fix the bands of this table",
							"the %s %s band %d–%d from %s overlaps the band %d–%d at %s",
							linkmatch.Tier(ti), rateUnits[ui], cur.AgeMin, cur.AgeMax, v.from, prev.AgeMin, prev.AgeMax, table.Describe(display, prev.Line))
					}
				}
			}
		}
	}
	if err := ps.Err(); err != nil {
		return nil, err
	}
	return t, nil
}

// Len returns the number of rate rows in the table.
func (t *RateTable) Len() int { return len(t.rows) }

// Rate returns the i'th rate row, in the order given to NewRateTable (see
// CostRow.Rates).
func (t *RateTable) Rate(i int) linkmatch.Rate { return t.rows[i] }

// Lookup returns the rate for one unit of care (half_day, full_day or
// overnight) for a child aged age (whole years on the session date) with a
// carer of the tier, on date. It fails with a *RateError wrapping
// ErrNoRatesInForce, ErrNoRateForUnit or ErrAgeOutsideBands.
func (t *RateTable) Lookup(date linkmatch.Date, tier linkmatch.Tier, age int, unit linkmatch.SessionKind) (linkmatch.Rate, error) {
	i, err := t.lookup(date, tier, age, unit)
	if err != nil {
		return linkmatch.Rate{}, err
	}
	return t.rows[i], nil
}

// lookup is Lookup returning the index of the rate row.
func (t *RateTable) lookup(date linkmatch.Date, tier linkmatch.Tier, age int, unit linkmatch.SessionKind) (int32, error) {
	u := unitIndex(unit)
	if u < 0 || int(tier) >= numTiers {
		return -1, &RateError{Date: date, Tier: tier, Age: age, Unit: unit, Err: ErrNoRateForUnit,
			Detail: fmt.Sprintf("rates are not given per %s for the %s tier; a day and a half is priced as a full day plus a half day", unit, tier)}
	}
	if date < t.earliest {
		return -1, &RateError{Date: date, Tier: tier, Age: age, Unit: unit, Err: ErrNoRatesInForce,
			Detail: fmt.Sprintf("no rates table is in force on %s: the earliest rates in %s start on %s", date, t.File, t.earliest)}
	}
	vs := t.versions[tier][u]
	// The latest version with from ≤ date.
	j := sort.Search(len(vs), func(j int) bool { return vs[j].from > date }) - 1
	if j < 0 {
		detail := fmt.Sprintf("%s gives no %s %s rate in force on %s", t.File, tier, unit, date)
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
		Detail: fmt.Sprintf("the child is %d on %s, but the %s %s rates in force from %s cover ages %s only", age, date, tier, unit, vs[j].from, strings.Join(cover, ", "))}
}
