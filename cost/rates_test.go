package cost

import (
	"errors"
	"testing"

	"github.com/linkmatch/linkmatch"
)

// loadRates reads one of the shipped rates tables under scenarios/rates.
func loadRates(t testing.TB, name string) *RateTable {
	t.Helper()
	rt, err := NewRateTable(name, ratesFile(t, "../scenarios/rates/"+name))
	if err != nil {
		t.Fatal(err)
	}
	return rt
}

// lookupRate returns the rate row RateTable.lookup chooses.
func lookupRate(rt *RateTable, date linkmatch.Date, tier linkmatch.Tier, age int, unit linkmatch.SessionKind) (linkmatch.Rate, error) {
	i, err := rt.lookup(date, tier, age, unit)
	if err != nil {
		return linkmatch.Rate{}, err
	}
	return rt.Rate(int(i)), nil
}

func gbp(t testing.TB, s string) linkmatch.Pence {
	t.Helper()
	p, err := linkmatch.ParseGBP(s)
	if err != nil {
		t.Fatal(err)
	}
	return p
}

// TestSeed001DayCareRates checks every band edge of seed 001 §7's table, for
// both tiers and both units.
func TestSeed001DayCareRates(t *testing.T) {
	rt := loadRates(t, "seed001-daycare.csv")
	on := linkmatch.MustParseDate("2027-01-09")
	const (
		std = linkmatch.TierStandard
		fp  = linkmatch.TierFosteringPlus
		hd  = linkmatch.KindHalfDay
		fd  = linkmatch.KindFullDay
	)
	tests := []struct {
		name string
		tier linkmatch.Tier
		age  int
		unit linkmatch.SessionKind
		want string
	}{
		{"standard full 0", std, 0, fd, "31.22"},
		{"standard full 4", std, 4, fd, "31.22"},
		{"standard full 5", std, 5, fd, "34.08"},
		{"standard full 10", std, 10, fd, "34.08"},
		{"standard full 11", std, 11, fd, "39.80"},
		{"standard full 15", std, 15, fd, "39.80"},
		{"standard full 16", std, 16, fd, "46.10"},
		{"standard full 18", std, 18, fd, "46.10"},
		{"standard half 4", std, 4, hd, "15.61"},
		{"standard half 5", std, 5, hd, "17.04"},
		{"standard half 10", std, 10, hd, "17.04"},
		{"standard half 11", std, 11, hd, "19.90"},
		{"standard half 15", std, 15, hd, "19.90"},
		{"standard half 16", std, 16, hd, "23.05"},
		{"plus full 4", fp, 4, fd, "52.65"},
		{"plus full 5", fp, 5, fd, "55.51"},
		{"plus full 10", fp, 10, fd, "55.51"},
		{"plus full 11", fp, 11, fd, "61.23"},
		{"plus full 15", fp, 15, fd, "61.23"},
		{"plus full 16", fp, 16, fd, "67.52"},
		{"plus half 0", fp, 0, hd, "26.33"},
		{"plus half 4", fp, 4, hd, "26.33"},
		{"plus half 5", fp, 5, hd, "27.76"},
		{"plus half 10", fp, 10, hd, "27.76"},
		{"plus half 11", fp, 11, hd, "30.62"},
		{"plus half 15", fp, 15, hd, "30.62"},
		{"plus half 16", fp, 16, hd, "33.76"},
		{"plus half 18", fp, 18, hd, "33.76"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			r, err := lookupRate(rt, on, tc.tier, tc.age, tc.unit)
			if err != nil {
				t.Fatal(err)
			}
			if want := gbp(t, tc.want); r.Amount != want || r.Tier != tc.tier || r.Unit != tc.unit {
				t.Errorf("got %s %s %s, want %s", r.Amount, r.Tier, r.Unit, want)
			}
			if tc.age < r.AgeMin || tc.age > r.AgeMax {
				t.Errorf("band %d–%d does not hold age %d", r.AgeMin, r.AgeMax, tc.age)
			}
		})
	}
}

func TestLookupErrors(t *testing.T) {
	rt := loadRates(t, "seed001-daycare.csv")
	on := linkmatch.MustParseDate("2027-01-09")
	tests := []struct {
		name string
		date linkmatch.Date
		age  int
		unit linkmatch.SessionKind
		want error
	}{
		{"before every table", linkmatch.MustParseDate("2020-03-31"), 12, linkmatch.KindHalfDay, ErrNoRatesInForce},
		{"age 19", on, 19, linkmatch.KindHalfDay, ErrAgeOutsideBands},
		{"age -1", on, -1, linkmatch.KindFullDay, ErrAgeOutsideBands},
		{"overnight not in seed 001", on, 12, linkmatch.KindOvernight, ErrNoRateForUnit},
		{"day and a half has no rate of its own", on, 12, linkmatch.KindDayAndHalf, ErrNoRateForUnit},
		{"meeting", on, 12, linkmatch.KindMeeting, ErrNoRateForUnit},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := lookupRate(rt, tc.date, linkmatch.TierStandard, tc.age, tc.unit)
			if !errors.Is(err, tc.want) {
				t.Fatalf("err = %v, want %v", err, tc.want)
			}
			var re *RateError
			if !errors.As(err, &re) || re.Date != tc.date || re.Age != tc.age || re.Unit != tc.unit {
				t.Errorf("want a *RateError naming the date, age and unit, got %#v", err)
			}
		})
	}
}

// TestEffectiveDates: the rows sharing an effective_from are one table, in
// force from that date until the next; a new April table replaces the old
// one on 1 April, and a day and a half takes both its rates from it.
func TestEffectiveDates(t *testing.T) {
	data := `effective_from,tier,age_min,age_max,unit,amount_gbp
2026-04-01,standard,0,18,half_day,15.00
2027-04-01,standard,0,18,half_day,15.50
2026-04-01,standard,0,18,full_day,30.00
2026-04-01,fostering_plus,11,15,half_day,31.00
2027-04-01,standard,0,18,full_day,31.00
2027-04-01,fostering_plus,11,15,half_day,32.00
2027-04-01,fostering_plus,0,18,overnight,40.00
`
	rt, err := NewRateTable("rates.csv", ratesCSV(t, []byte(data)))
	if err != nil {
		t.Fatal(err)
	}
	d := linkmatch.MustParseDate
	tests := []struct {
		date string
		tier linkmatch.Tier
		unit linkmatch.SessionKind
		want string
		line int
		err  error
	}{
		{"2026-04-01", linkmatch.TierStandard, linkmatch.KindHalfDay, "15.00", 2, nil},
		{"2027-03-31", linkmatch.TierStandard, linkmatch.KindHalfDay, "15.00", 2, nil},
		{"2027-04-01", linkmatch.TierStandard, linkmatch.KindHalfDay, "15.50", 3, nil},
		{"2030-01-01", linkmatch.TierStandard, linkmatch.KindHalfDay, "15.50", 3, nil},
		{"2027-03-31", linkmatch.TierStandard, linkmatch.KindFullDay, "30.00", 4, nil},
		{"2027-04-01", linkmatch.TierStandard, linkmatch.KindFullDay, "31.00", 6, nil},
		{"2026-03-31", linkmatch.TierStandard, linkmatch.KindHalfDay, "", 0, ErrNoRatesInForce},
		{"2027-04-01", linkmatch.TierFosteringPlus, linkmatch.KindOvernight, "40.00", 8, nil},
		// Overnights start with the 2027 table: none is in force before it.
		{"2027-03-31", linkmatch.TierFosteringPlus, linkmatch.KindOvernight, "", 0, ErrNoRateForUnit},
		{"2027-06-01", linkmatch.TierStandard, linkmatch.KindOvernight, "", 0, ErrNoRateForUnit},
	}
	for _, tc := range tests {
		t.Run(tc.date+" "+tc.tier.String()+" "+tc.unit.String(), func(t *testing.T) {
			r, err := lookupRate(rt, d(tc.date), tc.tier, 12, tc.unit)
			if tc.err != nil {
				if !errors.Is(err, tc.err) {
					t.Fatalf("err = %v, want %v", err, tc.err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if r.Amount != gbp(t, tc.want) || r.Line != tc.line {
				t.Errorf("got %s from line %d, want %s from line %d", r.Amount, r.Line, tc.want, tc.line)
			}
		})
	}
}

func TestNewRateTableOverlap(t *testing.T) {
	data := `effective_from,tier,age_min,age_max,unit,amount_gbp
2026-04-01,standard,0,10,half_day,15.00
2026-04-01,standard,10,15,half_day,16.00
2027-04-01,standard,0,9,half_day,15.50
2027-04-01,standard,10,15,half_day,16.50
`
	_, err := NewRateTable("rates.csv", ratesCSV(t, []byte(data)))
	var re *RatesError
	if !errors.As(err, &re) || len(re.Problems) != 1 || re.Problems[0].Line != 3 || !errors.Is(err, ErrBandsOverlap) {
		t.Fatalf("want one overlap at line 3, got %v", err)
	}
}

func TestShippedSeed000Rates(t *testing.T) {
	rt := loadRates(t, "seed000-example.csv")
	on := linkmatch.MustParseDate("2027-01-09")
	half, err1 := lookupRate(rt, on, linkmatch.TierStandard, 14, linkmatch.KindHalfDay)
	full, err2 := lookupRate(rt, on, linkmatch.TierStandard, 14, linkmatch.KindFullDay)
	if err := errors.Join(err1, err2); err != nil {
		t.Fatal(err)
	}
	// Seed 000: half day £14.93; a day and a half £44.79 = full + half.
	if half.Amount != 1493 || full.Amount+half.Amount != 4479 {
		t.Errorf("half %s, full %s", half.Amount, full.Amount)
	}
}

// TestDemoRatesTable: the demo scenario's rates build a table, and price
// every band of both tiers for children (the demo gives no Staying Put rate:
// no demo young person stays put).
func TestDemoRatesTable(t *testing.T) {
	rt, err := NewRateTable("rates.csv", ratesFile(t, "../scenarios/somerset-stepdown/rates.csv"))
	if err != nil {
		t.Fatal(err)
	}
	on := linkmatch.MustParseDate("2027-01-09")
	for _, tier := range []linkmatch.Tier{linkmatch.TierStandard, linkmatch.TierFosteringPlus} {
		for age := 0; age <= 18; age++ {
			for _, u := range RateUnits() {
				if u == linkmatch.KindStayingPut || isFlat(u) {
					continue // the demo's retainer and mileage are scenario.toml's
				}
				if _, err := lookupRate(rt, on, tier, age, u); err != nil {
					t.Errorf("%s %s age %d: %v", tier, u, age, err)
				}
			}
		}
	}
}
