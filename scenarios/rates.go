package scenarios

import (
	"errors"
	"sort"
	"strings"

	"github.com/linkmatch/linkmatch"
	"github.com/linkmatch/linkmatch/cost"
	"github.com/linkmatch/linkmatch/input"
	"github.com/linkmatch/linkmatch/internal/table"
)

var ratesSpec = table.Spec{
	Required: []string{"effective_from", "tier", "age_min", "age_max", "unit", "amount_gbp"},
	Optional: []string{"source"},
	Name:     "rates",
}

// maxRate bounds one unit of care: seed 001 §7's highest day rate is
// £67.52, so £1,000 is far above any real rate and catches pence typed as
// pounds.
const maxRate linkmatch.Pence = 100000

// loadRates reads rates.csv (INTERFACE.md). Each cell is read here (dates,
// whole-year ages, amounts in pounds); the rules a rates table must meet
// (units, age bands, no two bands of a table overlapping) are
// cost.CheckRates's, placed at the row and column they concern. Rows with a
// problem are left out of the scenario's rates.
func (l *loader) loadRates(rel string) {
	r := l.open(rel, ratesSpec)
	if r == nil {
		return
	}
	l.ratesFile = r.File
	before := l.ps.ErrorCount()
	defer func() { l.ratesBad = l.ps.ErrorCount() > before }()
	var rates []linkmatch.Rate
	// cols remembers, by line, where each cell of a row read sits, to place
	// the problems cost.CheckRates finds once every row is read.
	cols := map[int]map[string]int{}
	for r.Next() {
		rt, ok := readRate(r)
		if !ok {
			continue
		}
		rates = append(rates, rt)
		cols[rt.Line] = make(map[string]int, len(r.Header))
		for _, name := range r.Header {
			_, cols[rt.Line][name] = r.Pos(name)
		}
	}
	l.s.ratePos = cols
	bad := map[int]bool{}
	for _, p := range cost.CheckRates(r.File, rates) {
		r.Problems.Fail(rateProblemKind(p), r.File, p.Line, cols[p.Line][p.Column], p.Column, p.Hint, "%s", p.Message)
		bad[p.Line] = true
	}
	for _, rt := range rates {
		if !bad[rt.Line] {
			l.s.Rates = append(l.s.Rates, rt)
		}
	}
	sort.SliceStable(l.s.Rates, func(i, j int) bool { return l.s.Rates[i].Line < l.s.Rates[j].Line })
}

// readRate reads the current row of rates.csv, reporting every cell that
// cannot be read; ok is false when any could not.
func readRate(r *table.Reader) (rt linkmatch.Rate, ok bool) {
	rt.Line = r.Line()
	from, _, ok := r.Date("effective_from", true)
	rt.EffectiveFrom = from

	tier, good := r.Enum("tier", linkmatch.TierNames(), "")
	if good && tier == "" {
		r.Fail(input.ErrMissingValue, "tier", "use "+strings.Join(linkmatch.TierNames(), " or "), "the tier is required but empty")
		good = false
	}
	rt.Tier, _ = linkmatch.ParseTier(tier)
	ok = ok && good

	// A unit that is a kind of session (day_and_half, meeting) is read, and
	// cost.CheckRates says why rates are not given in it.
	unit, known := cost.ParseUnit(strings.ToLower(r.Get("unit")))
	if !known {
		var units []string
		for _, u := range cost.RateUnits() {
			units = append(units, cost.UnitName(u))
		}
		r.Fail(input.ErrBadValue, "unit", "use one of: "+strings.Join(units, ", "), "%q is not a unit rates are given in", r.Get("unit"))
		ok = false
	}
	rt.Unit = unit

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

	amountHint := "write the amount in pounds, for example 14.93"
	v, present := r.Required("amount_gbp", amountHint)
	if !present {
		return rt, false
	}
	p, err := linkmatch.ParseGBP(v)
	switch {
	case err != nil:
		r.Fail(input.ErrBadValue, "amount_gbp", amountHint+"; amounts cannot be negative", "%v", err)
		ok = false
	case p > maxRate:
		r.Fail(input.ErrOutOfRange, "amount_gbp", "a rate is per half day, full day or night; check it is in pounds, not pence",
			"£%s is more than £%s", p, maxRate)
		ok = false
	}
	rt.Amount = p
	return rt, ok
}

// rateProblemKind classifies a rule a rate breaks (cost.CheckRates) as a
// kind of input problem.
func rateProblemKind(p cost.RateProblem) input.Kind {
	switch {
	case errors.Is(p, cost.ErrNoRates), errors.Is(p, cost.ErrIncompleteTable):
		return input.ErrMissingValue // a new table leaving out rates the old gave
	case errors.Is(p, cost.ErrNegativeRate):
		return input.ErrOutOfRange
	case errors.Is(p, cost.ErrEmptyBand), errors.Is(p, cost.ErrBandsOverlap):
		return input.ErrConflict
	}
	return input.ErrBadValue // a unit rates are not given in, an unknown tier
}
