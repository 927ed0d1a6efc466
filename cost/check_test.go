package cost

import (
	"errors"
	"fmt"
	"math/rand/v2"
	"reflect"
	"testing"

	"github.com/linkmatch/linkmatch"
)

func TestRateUnitsIndex(t *testing.T) {
	units := RateUnits()
	if len(units) != numRateUnits {
		t.Fatalf("%d rate units, numRateUnits is %d", len(units), numRateUnits)
	}
	for i, u := range units {
		if unitIndex(u) != i {
			t.Errorf("unitIndex(%s) = %d, want %d", u, unitIndex(u), i)
		}
	}
	for _, name := range linkmatch.SessionKindNames() {
		k, _ := linkmatch.ParseSessionKind(name)
		if unit := k.Paid() && k != linkmatch.KindDayAndHalf || k == linkmatch.KindStayingPut; unit != (unitIndex(k) >= 0) {
			t.Errorf("%s: unitIndex %d", name, unitIndex(k))
		}
	}
}

// TestCheckRates: each rule a rates table must meet, with the line, column
// and kind of the problem it gives.
func TestCheckRates(t *testing.T) {
	from := linkmatch.MustParseDate("2026-04-01")
	rate := func(line int, tier linkmatch.Tier, unit linkmatch.SessionKind, ageMin, ageMax int, amount linkmatch.Pence) linkmatch.Rate {
		return linkmatch.Rate{EffectiveFrom: from, Tier: tier, AgeMin: ageMin, AgeMax: ageMax, Unit: unit, Amount: amount, Line: line}
	}
	const (
		std  = linkmatch.TierStandard
		plus = linkmatch.TierFosteringPlus
		half = linkmatch.KindHalfDay
		full = linkmatch.KindFullDay
	)
	type want struct {
		line   int
		column string
		kind   error
	}
	tests := []struct {
		name  string
		rates []linkmatch.Rate
		want  []want
	}{
		{"seed 001 style table", []linkmatch.Rate{
			rate(2, std, half, 0, 4, 1561), rate(3, std, half, 5, 10, 1704), rate(4, std, full, 0, 10, 3122),
			rate(5, plus, half, 0, 10, 2633), rate(6, std, linkmatch.KindOvernight, 0, 18, 4000)}, nil},
		{"touching bands do not overlap", []linkmatch.Rate{rate(2, std, half, 0, 10, 1), rate(3, std, half, 11, 18, 1)}, nil},
		{"same band in two tiers", []linkmatch.Rate{rate(2, std, half, 0, 18, 1), rate(3, plus, half, 0, 18, 2)}, nil},
		{"same band in two units", []linkmatch.Rate{rate(2, std, half, 0, 18, 1), rate(3, std, full, 0, 18, 2)}, nil},
		{"same band from two dates", []linkmatch.Rate{rate(2, std, half, 0, 18, 1),
			{EffectiveFrom: from.AddMonths(12), Tier: std, Unit: half, AgeMax: 18, Amount: 2, Line: 3}}, nil},
		{"a zero rate is allowed", []linkmatch.Rate{rate(2, std, half, 0, 18, 0)}, nil},
		{"day and a half", []linkmatch.Rate{rate(2, std, linkmatch.KindDayAndHalf, 0, 18, 4479)}, []want{{2, "unit", ErrNotARateUnit}}},
		{"meeting", []linkmatch.Rate{rate(2, std, linkmatch.KindMeeting, 0, 18, 100)}, []want{{2, "unit", ErrNotARateUnit}}},
		{"unknown tier", []linkmatch.Rate{rate(2, linkmatch.Tier(7), half, 0, 18, 100)}, []want{{2, "tier", ErrUnknownTier}}},
		{"negative age", []linkmatch.Rate{rate(2, std, half, -1, 18, 100)}, []want{{2, "age_min", ErrEmptyBand}}},
		{"band upside down", []linkmatch.Rate{rate(2, std, half, 12, 11, 100)}, []want{{2, "age_max", ErrEmptyBand}}},
		{"negative amount", []linkmatch.Rate{rate(2, std, half, 0, 18, -1)}, []want{{2, "amount_gbp", ErrNegativeRate}}},
		{"overlap reported at the later line", []linkmatch.Rate{rate(2, std, half, 10, 18, 1), rate(3, std, half, 0, 10, 1)},
			[]want{{3, "age_min", ErrBandsOverlap}}},
		{"two bands inside a wide one", []linkmatch.Rate{rate(2, std, half, 0, 18, 1), rate(3, std, half, 2, 3, 1), rate(4, std, half, 5, 6, 1)},
			[]want{{3, "age_min", ErrBandsOverlap}, {4, "age_min", ErrBandsOverlap}}},
		{"a bad row is left out of the overlap check", []linkmatch.Rate{rate(2, std, half, 0, 18, 1), rate(3, std, half, 5, 6, -1)},
			[]want{{3, "amount_gbp", ErrNegativeRate}}},
		{"an uplift repeating every rate", []linkmatch.Rate{rate(2, std, half, 0, 10, 1), rate(3, std, half, 11, 18, 1),
			{EffectiveFrom: from.AddMonths(12), Tier: std, Unit: half, AgeMin: 0, AgeMax: 18, Amount: 2, Line: 4}}, nil},
		{"an uplift may add a unit", []linkmatch.Rate{rate(2, std, half, 0, 18, 1),
			{EffectiveFrom: from.AddMonths(12), Tier: std, Unit: half, AgeMax: 18, Amount: 2, Line: 3},
			{EffectiveFrom: from.AddMonths(12), Tier: std, Unit: full, AgeMax: 18, Amount: 3, Line: 4}}, nil},
		{"a partial uplift", []linkmatch.Rate{rate(2, std, half, 0, 18, 1), rate(3, std, full, 0, 18, 1),
			{EffectiveFrom: from.AddMonths(12), Tier: std, Unit: half, AgeMin: 0, AgeMax: 18, Amount: 2, Line: 4}},
			[]want{{4, "effective_from", ErrIncompleteTable}}},
		{"problems in line order", []linkmatch.Rate{rate(5, std, half, 3, 2, 1), rate(2, std, linkmatch.KindVisit, 0, 1, 1)},
			[]want{{2, "unit", ErrNotARateUnit}, {5, "age_max", ErrEmptyBand}}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			ps := CheckRates("rates.csv", tc.rates)
			var got []want
			for _, p := range ps {
				got = append(got, want{p.Line, p.Column, p.Err})
				if !errors.Is(p, p.Err) || p.Message == "" || p.Hint == "" {
					t.Errorf("problem %v: want a kind, a message and a hint", p)
				}
			}
			if !reflect.DeepEqual(got, tc.want) {
				t.Fatalf("got %v, want %v", ps, tc.want)
			}
			_, err := NewRateTable("rates.csv", tc.rates)
			if len(tc.want) == 0 {
				if err != nil {
					t.Fatalf("NewRateTable: %v", err)
				}
				return
			}
			var re *RatesError
			if !errors.As(err, &re) || !reflect.DeepEqual(re.Problems, ps) || !errors.Is(err, tc.want[0].kind) {
				t.Errorf("NewRateTable error %v, want a *RatesError with CheckRates's problems", err)
			}
		})
	}
	if _, err := NewRateTable("rates.csv", nil); !errors.Is(err, ErrNoRates) {
		t.Errorf("no rates: %v", err)
	}
}

// TestLookupAgreesWithBruteForce: on random tables that CheckRates accepts,
// the indexed lookup finds exactly the rate a scan of every row finds: in
// the table of the latest effective date on or before the day, the band
// holding the age for the tier and unit; and where the scan finds none,
// lookup fails.
func TestLookupAgreesWithBruteForce(t *testing.T) {
	rng := rand.New(rand.NewPCG(10, 2027))
	base := linkmatch.MustParseDate("2025-04-01")
	tables, found, missed := 0, 0, 0
	for tables < 300 {
		// A first table of a few runs of bands (a tier and unit each, from
		// a low age, with some bands left out), then up to two yearly
		// uplifts: each repeats the table before with new amounts and may
		// add a run of its own, as CheckRates requires.
		var rates []linkmatch.Rate
		run := func(from linkmatch.Date) {
			tier, unit := linkmatch.Tier(rng.IntN(2)), RateUnits()[rng.IntN(numRateUnits)]
			for age := rng.IntN(3); age <= 18; {
				width := 1 + rng.IntN(8)
				if rng.IntN(5) > 0 {
					rates = append(rates, linkmatch.Rate{EffectiveFrom: from, Tier: tier, Unit: unit,
						AgeMin: age, AgeMax: age + width - 1, Amount: linkmatch.Pence(rng.IntN(5000))})
				}
				age += width
			}
		}
		from := base.AddMonths(12 * rng.IntN(2))
		for range 1 + rng.IntN(4) {
			run(from)
		}
		for range rng.IntN(3) {
			prev := from
			from = from.AddMonths(12)
			for _, r := range rates {
				if r.EffectiveFrom == prev {
					r.EffectiveFrom, r.Amount = from, linkmatch.Pence(rng.IntN(5000))
					rates = append(rates, r)
				}
			}
			if rng.IntN(2) == 0 {
				run(from)
			}
		}
		rng.Shuffle(len(rates), func(i, j int) { rates[i], rates[j] = rates[j], rates[i] })
		for i := range rates {
			rates[i].Line = i + 2
		}
		if len(rates) == 0 || len(CheckRates("r.csv", rates)) > 0 {
			continue
		}
		tables++
		rt, err := NewRateTable("r.csv", rates)
		if err != nil {
			t.Fatal(err)
		}
		for probe := 0; probe < 50; probe++ {
			date := base.AddDays(rng.IntN(4*365) - 30)
			tier, unit, age := linkmatch.Tier(rng.IntN(2)), RateUnits()[rng.IntN(numRateUnits)], rng.IntN(26)-1
			want := scan(rates, date, tier, unit, age)
			if want < 0 {
				missed++
			} else {
				found++
			}
			i, err := rt.lookup(date, tier, age, unit)
			switch {
			case want < 0 && err == nil:
				t.Fatalf("%s %s %s age %d: lookup found line %d, the scan none\n%v", date, tier, unit, age, rt.rows[i].Line, rates)
			case want >= 0 && (err != nil || int(i) != want):
				t.Fatalf("%s %s %s age %d: lookup %d (%v), the scan line %d\n%v", date, tier, unit, age, i, err, rates[want].Line, rates)
			}
		}
	}
	// Both outcomes must be exercised often for the comparison to mean much.
	t.Logf("%d probes found a rate, %d found none", found, missed)
	if found < 1000 || missed < 1000 {
		t.Errorf("%d probes found a rate and %d none; the random tables test too little", found, missed)
	}
}

// scan finds the rate for a session by reading every row: the table in
// force is the latest effective_from on or before the date, whatever its
// tiers and units; -1 when it has no rate for the session.
func scan(rates []linkmatch.Rate, date linkmatch.Date, tier linkmatch.Tier, unit linkmatch.SessionKind, age int) int {
	var latest linkmatch.Date
	found := false
	for _, r := range rates {
		if r.EffectiveFrom <= date && (!found || r.EffectiveFrom > latest) {
			latest, found = r.EffectiveFrom, true
		}
	}
	for i, r := range rates {
		if found && r.Tier == tier && r.Unit == unit && r.EffectiveFrom == latest && age >= r.AgeMin && age <= r.AgeMax {
			return i
		}
	}
	return -1
}

// TestPartialUpliftListsWhatIsMissing: a new table that leaves out bands
// and units is reported at its first line with every missing band.
func TestPartialUpliftListsWhatIsMissing(t *testing.T) {
	data := `effective_from,tier,age_min,age_max,unit,amount_gbp
2026-04-01,standard,0,10,half_day,15.00
2026-04-01,standard,11,15,half_day,19.90
2026-04-01,standard,16,18,half_day,23.05
2026-04-01,fostering_plus,0,18,overnight,60.00
2027-04-01,standard,11,15,half_day,20.50
2027-04-01,standard,0,4,half_day,15.50
`
	ps := CheckRates("rates.csv", ratesCSV(t, []byte(data)))
	if len(ps) != 1 || ps[0].Line != 6 || ps[0].Column != "effective_from" || !errors.Is(ps[0], ErrIncompleteTable) {
		t.Fatalf("got %v, want one incomplete table at line 6", ps)
	}
	want := "the rates from 2027-04-01 leave out rates the rates from 2026-04-01 gave: standard half_day for ages 5–10, 16–18; fostering_plus overnight for ages 0–18"
	if ps[0].Message != want {
		t.Errorf("message %q\nwant    %q", ps[0].Message, want)
	}
}

func TestMissingRates(t *testing.T) {
	data := `effective_from,tier,age_min,age_max,unit,amount_gbp
2026-04-01,standard,0,18,half_day,15.00
2026-04-01,standard,11,15,overnight,40.00
2027-04-01,standard,0,18,half_day,16.00
2027-04-01,standard,5,15,overnight,41.00
`
	rates := ratesCSV(t, []byte(data))
	d := linkmatch.MustParseDate
	tests := []struct {
		name string
		from linkmatch.Date
		tier linkmatch.Tier
		want string
	}{
		{"every table", 0, linkmatch.TierStandard, "[{2026-04-01 [8–10 16–17]} {2027-04-01 [16–17]}]"},
		{"from a date in the first table", d("2026-06-01"), linkmatch.TierStandard, "[{2026-04-01 [8–10 16–17]} {2027-04-01 [16–17]}]"},
		{"from the second table", d("2027-04-01"), linkmatch.TierStandard, "[{2027-04-01 [16–17]}]"},
		{"a tier with no overnight rate", d("2027-04-01"), linkmatch.TierFosteringPlus, "[{2027-04-01 [8–17]}]"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var got []string
			for _, m := range MissingRates(rates, tc.from, tc.tier, linkmatch.KindOvernight, AgeRange{8, 17}) {
				got = append(got, fmt.Sprintf("{%s %v}", m.EffectiveFrom, m.Ages))
			}
			if s := fmt.Sprintf("%v", got); s != tc.want {
				t.Errorf("got %s, want %s", s, tc.want)
			}
		})
	}
}

func ExampleCheckRates() {
	from := linkmatch.MustParseDate("2026-04-01")
	rates := []linkmatch.Rate{
		{EffectiveFrom: from, Tier: linkmatch.TierStandard, AgeMin: 0, AgeMax: 18, Unit: linkmatch.KindHalfDay, Amount: 1990, Line: 2},
		{EffectiveFrom: from, Tier: linkmatch.TierStandard, AgeMin: 16, AgeMax: 18, Unit: linkmatch.KindHalfDay, Amount: 2305, Line: 3},
		{EffectiveFrom: from, Tier: linkmatch.TierStandard, AgeMin: 0, AgeMax: 18, Unit: linkmatch.KindDayAndHalf, Amount: 5970, Line: 4},
	}
	for _, p := range CheckRates("rates.csv", rates) {
		fmt.Println(p)
	}
	// Output:
	// line 3 (age_min): the standard half_day band 16–18 from 2026-04-01 overlaps the band 0–18 at rates.csv:2 — each age must fall in exactly one band of a table; fix the bands
	// line 4 (unit): a day and a half has no rate of its own: it is paid as one full day plus one half day — give full_day and half_day rows instead
}
