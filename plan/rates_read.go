package plan

import (
	"strings"

	"github.com/linkmatch/linkmatch"
	"github.com/linkmatch/linkmatch/internal/table"
)

// ratesSpec is INTERFACE.md's rates.csv. The optional source column says
// where a rate comes from (a council's published table, or how it was
// derived); it is for people and is not read.
var ratesSpec = table.Spec{
	Required: []string{"effective_from", "tier", "age_min", "age_max", "unit", "amount_gbp"},
	Optional: []string{"source"},
}

// maxRateAge bounds age bands: Staying Put arrangements run to 21
// (PRODUCT.md), and a little headroom costs nothing.
const maxRateAge = 25

// ReadRates reads a rates.csv file (INTERFACE.md) at path, naming it display
// in problems, which go to ps with their file:line:column. Rows with a
// problem are left out. Overlapping bands are checked by NewRateTable.
func ReadRates(path, display string, ps *table.Problems) []linkmatch.Rate {
	r := table.Open(path, display, ratesSpec, ps)
	if r == nil {
		return nil
	}
	return readRates(r)
}

// ParseRates is ReadRates for a rates table already in memory.
func ParseRates(data []byte, display string, ps *table.Problems) []linkmatch.Rate {
	r := table.New(display, data, ratesSpec, ps)
	if r == nil {
		return nil
	}
	return readRates(r)
}

func readRates(r *table.Reader) []linkmatch.Rate {
	var out []linkmatch.Rate
	units := make([]string, len(rateUnits))
	for i, u := range rateUnits {
		units[i] = u.String()
	}
	for r.Next() {
		var rt linkmatch.Rate
		rt.Line = r.Line()
		from, _, ok := r.Date("effective_from", true)
		rt.EffectiveFrom = from

		tierText, good := r.Enum("tier", linkmatch.TierNames(), "")
		if good && tierText == "" {
			r.Errorf("tier", "use "+strings.Join(linkmatch.TierNames(), " or "), "the tier is required but empty")
			good = false
		}
		rt.Tier, _ = linkmatch.ParseTier(tierText)
		ok = ok && good

		unitText := strings.ToLower(r.Get("unit"))
		switch {
		case unitText == "day_and_half":
			r.Errorf("unit", "give full_day and half_day rows instead", "a day and a half has no rate of its own: it is paid as one full day plus one half day (seed 000)")
			ok = false
		case unitText == "":
			r.Errorf("unit", "use one of: "+strings.Join(units, ", "), "the unit is required but empty")
			ok = false
		default:
			k, known := linkmatch.ParseSessionKind(unitText)
			if !known || unitIndex(k) < 0 {
				r.Errorf("unit", "use one of: "+strings.Join(units, ", "), "%q is not a unit rates are given in", r.Get("unit"))
				ok = false
			}
			rt.Unit = k
		}

		hint := "ages are whole years, for example 11 and 15 for the 11–15 band"
		if _, present := r.Required("age_min", hint); !present {
			ok = false
		}
		if _, present := r.Required("age_max", hint); !present {
			ok = false
		}
		rt.AgeMin, good = r.Int("age_min", 0, 0, maxRateAge, hint)
		ok = ok && good
		rt.AgeMax, good = r.Int("age_max", 0, 0, maxRateAge, hint)
		ok = ok && good
		if ok && rt.AgeMin > rt.AgeMax {
			r.Errorf("age_max", "age_max must be at least age_min", "the band %d–%d is empty", rt.AgeMin, rt.AgeMax)
			ok = false
		}

		if v, present := r.Required("amount_gbp", "write the amount in pounds, for example 14.93"); present {
			p, err := linkmatch.ParseGBP(v)
			if err != nil {
				r.Errorf("amount_gbp", "write the amount in pounds, for example 14.93", "%v", err)
				ok = false
			}
			rt.Amount = p
		} else {
			ok = false
		}
		if ok {
			out = append(out, rt)
		}
	}
	return out
}
