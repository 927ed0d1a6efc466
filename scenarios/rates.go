package scenarios

import (
	"sort"
	"strings"

	"github.com/linkmatch/linkmatch"
	"github.com/linkmatch/linkmatch/internal/table"
)

var ratesSpec = table.Spec{
	Required: []string{"effective_from", "tier", "age_min", "age_max", "unit", "amount_gbp"},
	Optional: []string{"source"},
}

// rateUnitNames are the units a rate is given in. A day and a half has no
// rate of its own: seed 000 pays it as one full day plus one half day.
func rateUnitNames() []string { return []string{"half_day", "full_day", "overnight"} }

// maxRate bounds one unit of care: seed 001 §7's highest day rate is
// £67.52, so £1,000 is far above any real rate and catches pence typed as
// pounds.
const maxRate linkmatch.Pence = 100000

// loadRates reads rates.csv (INTERFACE.md) and checks that no two bands of
// the same table (effective date, tier, unit) overlap, since a child's age
// must pick exactly one rate.
func (l *loader) loadRates(rel string) {
	r := l.open(rel, ratesSpec)
	if r == nil {
		return
	}
	type placed struct {
		rate linkmatch.Rate
		col  int // the age_min column, for overlap problems
	}
	var rows []placed
	for r.Next() {
		var rt linkmatch.Rate
		rt.Line = r.Line()
		from, _, ok := r.Date("effective_from", true)
		rt.EffectiveFrom = from

		tier, good := r.Enum("tier", linkmatch.TierNames(), "")
		if good && tier == "" {
			r.Errorf("tier", "use "+strings.Join(linkmatch.TierNames(), " or "), "the tier is required but empty")
			good = false
		}
		rt.Tier, _ = linkmatch.ParseTier(tier)
		ok = ok && good

		unit := strings.ToLower(r.Get("unit"))
		switch {
		case unit == "day_and_half":
			r.Errorf("unit", "give full_day and half_day rows instead", "a day and a half has no rate of its own: it is paid as one full day plus one half day (seed 000)")
			ok = false
		case !contains(rateUnitNames(), unit):
			r.Errorf("unit", "use one of: "+strings.Join(rateUnitNames(), ", "), "%q is not a unit rates are given in", r.Get("unit"))
			ok = false
		default:
			rt.Unit, _ = linkmatch.ParseSessionKind(unit)
		}

		hint := "ages are whole years, for example 11 and 15 for the 11–15 band"
		for _, col := range []string{"age_min", "age_max"} {
			if _, present := r.Required(col, hint); !present {
				ok = false
			}
		}
		rt.AgeMin, good = r.Int("age_min", 0, 0, maxCarerAge, hint)
		ok = ok && good
		rt.AgeMax, good = r.Int("age_max", 0, 0, maxCarerAge, hint)
		ok = ok && good
		if ok && rt.AgeMin > rt.AgeMax {
			r.Errorf("age_max", "age_max must be at least age_min", "the age band %d–%d is empty", rt.AgeMin, rt.AgeMax)
			ok = false
		}

		amountHint := "write the amount in pounds, for example 14.93"
		if v, present := r.Required("amount_gbp", amountHint); present {
			p, err := linkmatch.ParseGBP(v)
			switch {
			case err != nil:
				r.Errorf("amount_gbp", amountHint+"; amounts cannot be negative", "%v", err)
				ok = false
			case p > maxRate:
				r.Errorf("amount_gbp", "a rate is per half day, full day or night; check it is in pounds, not pence",
					"£%s is more than £%s", p, maxRate)
				ok = false
			}
			rt.Amount = p
		} else {
			ok = false
		}
		if ok {
			_, col := r.Pos("age_min")
			rows = append(rows, placed{rt, col})
		}
	}
	// Overlaps: sort each table's bands by age and compare neighbours.
	sort.SliceStable(rows, func(i, j int) bool {
		a, b := rows[i].rate, rows[j].rate
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
	// widest is the band reaching the highest age so far in the current
	// table; any later band starting at or below its top overlaps it.
	widest := 0
	for i := 1; i < len(rows); i++ {
		prev, cur := rows[widest].rate, rows[i].rate
		if prev.EffectiveFrom != cur.EffectiveFrom || prev.Tier != cur.Tier || prev.Unit != cur.Unit {
			widest = i
			continue
		}
		if cur.AgeMin <= prev.AgeMax {
			// Point at whichever of the two rows comes later in the file.
			first, second, col := prev, cur, rows[i].col
			if first.Line > second.Line {
				first, second, col = cur, prev, rows[widest].col
			}
			r.Problems.Errorf(r.File, second.Line, col, "age_min", "each age must fall in exactly one band of a table; fix the bands",
				"the %s %s band %d–%d from %s overlaps the band %d–%d at %s",
				second.Tier, second.Unit, second.AgeMin, second.AgeMax, second.EffectiveFrom,
				first.AgeMin, first.AgeMax, table.Describe(r.File, first.Line))
		}
		if cur.AgeMax > prev.AgeMax {
			widest = i
		}
	}
	for _, p := range rows {
		l.s.Rates = append(l.s.Rates, p.rate)
	}
	sort.SliceStable(l.s.Rates, func(i, j int) bool { return l.s.Rates[i].Line < l.s.Rates[j].Line })
}

func contains(xs []string, s string) bool {
	for _, x := range xs {
		if x == s {
			return true
		}
	}
	return false
}
