package cost

import (
	"bytes"
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/linkmatch/linkmatch"
)

// upliftRates is a rates.csv whose retainer and mileage rise on Thursday
// 1 April 2027, with the half-day rate: the table from 2027-04-01 gives
// every rate again, as a new table must.
const upliftRates = `effective_from,tier,age_min,age_max,unit,amount_gbp
2026-04-01,standard,0,17,half_day,20.00
2026-04-01,standard,0,25,retainer_week,100.00
2026-04-01,standard,0,25,mileage_mile,0.45
2027-04-01,standard,0,17,half_day,21.00
2027-04-01,standard,0,25,retainer_week,105.00
2027-04-01,standard,0,25,mileage_mile,0.50
`

// TestRetainerAndMileageFromRates: a retainer_week or mileage_mile rate in
// rates.csv is used from its effective date (a week spanning the change is
// paid in two rows, day by day, as is one spanning 31 March whatever the
// rates), and scenario.toml's amounts are used
// when the rates give none; costs.csv's rate_source names where each came
// from.
func TestRetainerAndMileageFromRates(t *testing.T) {
	sessions := []linkmatch.Session{
		sess(linkmatch.KindHalfDay, "2027-03-29", ""), // Monday, before the uplift
		sess(linkmatch.KindHalfDay, "2027-04-02", ""), // Friday, after it
		milestone("2027-04-04", linkmatch.ActivityLinkEnds),
	}
	links := map[string]LinkInfo{"L1": {ChildID: "C1", CarerID: "K1", DateOfBirth: d("2015-06-01"), Tier: linkmatch.TierStandard, MilesOneWay: 5}}
	pay := linkmatch.Payments{RetainerWeekly: 9000, MileagePerMile: 40}
	for _, tc := range []struct {
		name, rates string
		want        []string // date item rate amount source
	}{
		{"rates give the retainer and mileage", upliftRates, []string{
			"2027-03-29 retainer 100.00 42.86 rates.csv:3",
			"2027-04-01 retainer 105.00 60.00 rates.csv:6",
			"2027-03-29 half_day 20.00 20.00 rates.csv:2",
			"2027-03-29 mileage 0.45 4.50 rates.csv:4",
			"2027-04-02 half_day 21.00 21.00 rates.csv:5",
			"2027-04-02 mileage 0.50 5.00 rates.csv:7",
		}},
		{"rates give neither: scenario.toml's amounts", `effective_from,tier,age_min,age_max,unit,amount_gbp
2026-04-01,standard,0,17,half_day,20.00
2027-04-01,standard,0,17,half_day,21.00
`, []string{
			"2027-03-29 retainer 90.00 38.57 scenario.toml [payments] retainer_weekly_gbp",
			"2027-04-01 retainer 90.00 51.43 scenario.toml [payments] retainer_weekly_gbp",
			"2027-03-29 half_day 20.00 20.00 rates.csv:2",
			"2027-03-29 mileage 0.40 4.00 scenario.toml [payments] mileage_gbp_per_mile",
			"2027-04-02 half_day 21.00 21.00 rates.csv:3",
			"2027-04-02 mileage 0.40 4.00 scenario.toml [payments] mileage_gbp_per_mile",
		}},
		{"the retainer starts in the rates from the uplift", `effective_from,tier,age_min,age_max,unit,amount_gbp
2026-04-01,standard,0,17,half_day,20.00
2027-04-01,standard,0,17,half_day,21.00
2027-04-01,standard,0,25,retainer_week,105.00
`, []string{
			"2027-03-29 retainer 90.00 38.57 scenario.toml [payments] retainer_weekly_gbp",
			"2027-04-01 retainer 105.00 60.00 rates.csv:4",
			"2027-03-29 half_day 20.00 20.00 rates.csv:2",
			"2027-03-29 mileage 0.40 4.00 scenario.toml [payments] mileage_gbp_per_mile",
			"2027-04-02 half_day 21.00 21.00 rates.csv:3",
			"2027-04-02 mileage 0.40 4.00 scenario.toml [payments] mileage_gbp_per_mile",
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			rt, err := NewRateTable("rates.csv", ratesCSV(t, []byte(tc.rates)))
			if err != nil {
				t.Fatal(err)
			}
			res, err := Price(context.Background(), sessions, links, rt, Options{Payments: pay, From: d("2027-03-29"), To: d("2027-04-30")})
			if err != nil {
				t.Fatal(err)
			}
			var buf bytes.Buffer
			if err := WriteCosts(&buf, res); err != nil {
				t.Fatal(err)
			}
			var got []string
			for i, line := range strings.Split(strings.TrimSpace(buf.String()), "\n")[1:] {
				f := strings.Split(line, ",")
				got = append(got, strings.Join([]string{f[3], f[4], f[6], f[7], f[15]}, " "))
				if r := &res.Rows[i]; r.Item != ItemSession && (f[14] != "") != (r.NRates > 0) {
					t.Errorf("row %d: effective_from %q with %d rates", i, f[14], r.NRates)
				}
			}
			if strings.Join(got, "\n") != strings.Join(tc.want, "\n") {
				t.Errorf("rows:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(tc.want, "\n"))
			}
			// The week's two retainer rows pay its seven days once.
			days := 0
			for _, r := range res.Rows {
				if r.Item == ItemRetainer {
					days += int(r.Days)
				}
			}
			if days != 7 {
				t.Errorf("%d retainer days, want 7 (29 March to 4 April)", days)
			}
		})
	}
}

// TestFlatRatesChecked: a new table must give the retainer and mileage
// again when the old one did (whatever their ages), and a table gives
// each at most once per tier.
func TestFlatRatesChecked(t *testing.T) {
	for _, tc := range []struct {
		name, extra string
		line        int
		column      string
		err         error
		says        string
	}{
		{"a new table without the retainer", `2027-04-01,standard,0,17,half_day,21.00
2027-04-01,standard,0,25,mileage_mile,0.50
`, 5, "effective_from", ErrIncompleteTable, "the standard retainer_week"},
		{"the retainer twice in one table", `2026-04-01,standard,18,25,retainer_week,120.00
`, 5, "unit", ErrBandsOverlap, "the standard retainer_week from 2026-04-01 is given twice"},
		{"mileage given by age twice", `2026-04-01,standard,0,10,mileage_mile,0.30
`, 5, "unit", ErrBandsOverlap, "mileage_mile from 2026-04-01 is given twice"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			rates := ratesCSV(t, []byte(`effective_from,tier,age_min,age_max,unit,amount_gbp
2026-04-01,standard,0,17,half_day,20.00
2026-04-01,standard,0,25,retainer_week,100.00
2026-04-01,standard,11,25,mileage_mile,0.45
`+tc.extra))
			ps := CheckRates("rates.csv", rates)
			if len(ps) != 1 {
				t.Fatalf("problems %v, want one", ps)
			}
			p := ps[0]
			if p.Line != tc.line || p.Column != tc.column || !errors.Is(p, tc.err) || !strings.Contains(p.Message, tc.says) {
				t.Errorf("got %v (line %d, %s), want line %d (%s) saying %q", p, p.Line, p.Column, tc.line, tc.column, tc.says)
			}
		})
	}
}

// TestRateSourceDefault: a retainer or mileage rate scenario.toml does not
// give is explained as the default, never as a key the file lacks.
func TestRateSourceDefault(t *testing.T) {
	sessions := []linkmatch.Session{sess(linkmatch.KindHalfDay, "2027-03-29", ""), milestone("2027-04-04", linkmatch.ActivityLinkEnds)}
	links := map[string]LinkInfo{"L1": {ChildID: "C1", CarerID: "K1", DateOfBirth: d("2015-06-01"), Tier: linkmatch.TierStandard, MilesOneWay: 5}}
	rt, err := NewRateTable("rates.csv", ratesCSV(t, []byte("effective_from,tier,age_min,age_max,unit,amount_gbp\n2026-04-01,standard,0,17,half_day,20.00\n")))
	if err != nil {
		t.Fatal(err)
	}
	pay := linkmatch.Payments{RetainerWeekly: 10000, MileagePerMile: 45, RetainerDefault: true, MileageDefault: true}
	res, err := Price(context.Background(), sessions, links, rt, Options{Payments: pay, From: d("2027-03-29"), To: d("2027-03-31")})
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := WriteCosts(&buf, res); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"retainer,", "mileage,"} {
		for _, line := range strings.Split(buf.String(), "\n") {
			if strings.Contains(line, ","+want) && !strings.Contains(line, ",default (scenario.toml sets no [payments] ") {
				t.Errorf("rate_source of %q is not the default: %s", want, line)
			}
		}
	}
	if !strings.Contains(buf.String(), ",retainer,") || !strings.Contains(buf.String(), ",mileage,") {
		t.Errorf("no retainer or mileage row:\n%s", buf.String())
	}
}
