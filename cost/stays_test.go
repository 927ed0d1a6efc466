package cost

import (
	"bytes"
	"context"
	"encoding/csv"
	"errors"
	"strconv"
	"strings"
	"testing"

	"github.com/linkmatch/linkmatch"
)

// bnesRates is the B&NES demo's illustrative rates table.
func bnesRates(t *testing.T) *RateTable {
	t.Helper()
	rt, err := NewRateTable("rates.csv", ratesFile(t, "../scenarios/bnes-family-link/rates.csv"))
	if err != nil {
		t.Fatal(err)
	}
	return rt
}

// stay is a session of link L1 from date at start to endDate at end.
func stay(kind linkmatch.SessionKind, date string, start linkmatch.Clock, endDate string, end linkmatch.Clock) linkmatch.Session {
	return linkmatch.Session{LinkID: "L1", ChildID: "C1", CarerID: "K1", Date: d(date), Start: start, EndDate: d(endDate), End: end,
		Kind: kind, Location: "carer's home"}
}

// TestStayPaidNightsAndDays: with [payments] stay_days (the short-breaks
// default) a weekend, Saturday 10:00 to Sunday 17:00, is paid its night and
// its day and a half in care — £68 + £54 + £27 = £149 at the B&NES demo's
// rates for a 13-year-old, where it was £81, the day and a half alone. An
// evening-to-morning overnight is still its night alone, and a stay of a
// few days its nights and whole days. Each row's rule gives every count and
// rate, so the amount can be checked by hand.
func TestStayPaidNightsAndDays(t *testing.T) {
	rt := bnesRates(t)
	h := func(hh int) linkmatch.Clock { return linkmatch.Clock(hh * 60) }
	info := LinkInfo{ChildID: "C1", CarerID: "K1", DateOfBirth: d("2014-01-01"), Tier: linkmatch.TierStandard}
	for _, tc := range []struct {
		name     string
		s        linkmatch.Session
		stayDays bool
		want     string
		rule     string
	}{
		{"weekend, stay days", stay(linkmatch.KindDayAndHalf, "2027-02-20", h(10), "2027-02-21", h(17)), true, "149.00",
			"1 night at the overnight rate 68.00 + 1 full day at 54.00 + 1 half day at 27.00 = 149.00"},
		{"weekend, seed 000's day and a half", stay(linkmatch.KindDayAndHalf, "2027-02-20", h(10), "2027-02-21", h(17)), false, "81.00",
			"day and a half paid as full day 54.00 + half day 27.00"},
		{"Friday evening to Sunday tea-time", stay(linkmatch.KindOvernight, "2027-02-19", h(17), "2027-02-21", h(17)), true, "217.00",
			"2 nights at the overnight rate 68.00 + 1 full day at 54.00 + 1 half day at 27.00 = 217.00"},
		{"overnight", stay(linkmatch.KindOvernight, "2027-02-19", h(17), "2027-02-20", h(10)), true, "68.00",
			"1 night at the overnight rate 68.00"},
		{"a few days", stay(linkmatch.KindOvernight, "2027-02-15", h(10), "2027-02-18", h(16)), true, "393.00",
			"3 nights at the overnight rate 68.00 + 3 full days at 54.00 + 1 half day at 27.00 = 393.00"},
		{"a few days, nights alone", stay(linkmatch.KindOvernight, "2027-02-15", h(10), "2027-02-18", h(16)), false, "204.00",
			"3 nights at the overnight rate 68.00"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			pay := linkmatch.Payments{StayDays: tc.stayDays}
			res, err := Price(context.Background(), []linkmatch.Session{tc.s}, map[string]LinkInfo{"L1": info}, rt,
				Options{Payments: pay, From: d("2027-02-01"), To: d("2027-02-28")})
			if err != nil {
				t.Fatal(err)
			}
			if len(res.Rows) != 1 {
				t.Fatalf("%d rows, want 1", len(res.Rows))
			}
			r := &res.Rows[0]
			if r.Amount.String() != tc.want || res.Total != r.Amount {
				t.Errorf("amount %s (total %s), want %s", r.Amount, res.Total, tc.want)
			}
			if got := rule(r, &res.Links[0], res); !strings.Contains(got, tc.rule) {
				t.Errorf("rule %q, want it to say %q", got, tc.rule)
			}
			var b bytes.Buffer
			if err := WriteCosts(&b, res); err != nil {
				t.Fatal(err)
			}
			if !strings.Contains(b.String(), tc.rule) {
				t.Errorf("costs.csv does not explain the row:\n%s", b.String())
			}
		})
	}
}

// TestFamilyBringsNoMileage: when the family brings the child to the
// carer's home and collects them, the carer claims no trip for a break,
// and the session's rule says why; the carer's visit to the family home
// and the review there are still trips.
func TestFamilyBringsNoMileage(t *testing.T) {
	rt := bnesRates(t)
	h := func(hh int) linkmatch.Clock { return linkmatch.Clock(hh * 60) }
	home := stay(linkmatch.KindHalfDay, "2027-02-02", h(16), "2027-02-02", h(17))
	home.Location = "family home"
	review := stay(linkmatch.KindReview, "2027-02-03", h(10), "2027-02-03", h(11))
	review.Location = "family home"
	sessions := []linkmatch.Session{home, review,
		stay(linkmatch.KindHalfDay, "2027-02-09", h(16), "2027-02-09", h(19)),
		stay(linkmatch.KindDayAndHalf, "2027-02-20", h(10), "2027-02-21", h(17)),
	}
	for _, family := range []bool{false, true} {
		info := LinkInfo{ChildID: "C1", CarerID: "K1", DateOfBirth: d("2014-01-01"), Tier: linkmatch.TierStandard, MilesOneWay: 5, FamilyBrings: family}
		res, err := Price(context.Background(), sessions, map[string]LinkInfo{"L1": info}, rt,
			Options{Payments: linkmatch.Payments{MileagePerMile: 45, StayDays: true}, From: d("2027-02-01"), To: d("2027-02-28")})
		if err != nil {
			t.Fatal(err)
		}
		var trips []string
		for i := range res.Rows {
			r := &res.Rows[i]
			if r.Item == ItemMileage {
				trips = append(trips, r.Kind.String()+" "+r.Date.String())
			}
			says := strings.Contains(rule(r, &res.Links[0], res), "no mileage: the family brings and collects")
			if want := family && r.Item == ItemSession && (r.Date == d("2027-02-09") || r.Date == d("2027-02-20")); says != want {
				t.Errorf("family %v: %s on %s: rule says no mileage %v, want %v", family, r.ItemName(), r.Date, says, want)
			}
		}
		want := "half_day 2027-02-02;review 2027-02-03;half_day 2027-02-09;day_and_half 2027-02-20"
		if family {
			want = "half_day 2027-02-02;review 2027-02-03"
		}
		if got := strings.Join(trips, ";"); got != want {
			t.Errorf("family %v: trips %s, want %s", family, got, want)
		}
	}
}

// TestStayLinesExplainable: a session paid at several rates — a day and a
// half, a stay paid its nights and days in care, nights paid each as a day
// and a half — is written to costs.csv as one line per rate, so that every
// session line is a quantity of one unit at one rates.csv rate (the line
// its rate_source names, in the unit its unit column names) and rate ×
// quantity = amount, while the lines still add up to what the session is
// paid. Before, each such session was one line whose rate was the sum of
// several rates, at quantity 1.
func TestStayLinesExplainable(t *testing.T) {
	rt := bnesRates(t)
	byLine := map[string]linkmatch.Rate{}
	for i := range rt.Len() {
		r := rt.Rate(i)
		byLine["rates.csv:"+strconv.Itoa(r.Line)] = r
	}
	h := func(hh int) linkmatch.Clock { return linkmatch.Clock(hh * 60) }
	info := LinkInfo{ChildID: "C1", CarerID: "K1", DateOfBirth: d("2014-01-01"), Tier: linkmatch.TierStandard}
	for _, tc := range []struct {
		name  string
		s     linkmatch.Session
		pay   linkmatch.Payments
		want  string // the session's lines: unit quantity×rate
		total string
		one   bool // one line already: no "line k of n" in its rule
	}{
		{"weekend, stay days", stay(linkmatch.KindDayAndHalf, "2027-02-20", h(10), "2027-02-21", h(17)), linkmatch.Payments{StayDays: true},
			"overnight 1×68.00; full_day 1×54.00; half_day 1×27.00", "149.00", false},
		{"weekend, seed 000's day and a half", stay(linkmatch.KindDayAndHalf, "2027-02-20", h(10), "2027-02-21", h(17)), linkmatch.Payments{},
			"full_day 1×54.00; half_day 1×27.00", "81.00", false},
		{"a few days", stay(linkmatch.KindOvernight, "2027-02-15", h(10), "2027-02-18", h(16)), linkmatch.Payments{StayDays: true},
			"overnight 3×68.00; full_day 3×54.00; half_day 1×27.00", "393.00", false},
		{"nights as days and a half", stay(linkmatch.KindOvernight, "2027-02-19", h(17), "2027-02-21", h(10)), linkmatch.Payments{Overnight: linkmatch.OvernightDayAndHalf},
			"full_day 2×54.00; half_day 2×27.00", "162.00", false},
		{"stay, nights as days and a half", stay(linkmatch.KindDayAndHalf, "2027-02-20", h(10), "2027-02-21", h(17)), linkmatch.Payments{StayDays: true, Overnight: linkmatch.OvernightDayAndHalf},
			"full_day 1×54.00; half_day 1×27.00; full_day 1×54.00; half_day 1×27.00", "162.00", false},
		{"nights alone, per night", stay(linkmatch.KindOvernight, "2027-02-19", h(17), "2027-02-21", h(10)), linkmatch.Payments{},
			"overnight 2×68.00", "136.00", true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			res, err := Price(context.Background(), []linkmatch.Session{tc.s}, map[string]LinkInfo{"L1": info}, rt,
				Options{Payments: tc.pay, From: d("2027-02-01"), To: d("2027-02-28")})
			if err != nil {
				t.Fatal(err)
			}
			var b bytes.Buffer
			if err := WriteCosts(&b, res); err != nil {
				t.Fatal(err)
			}
			rows, err := csv.NewReader(&b).ReadAll()
			if err != nil {
				t.Fatal(err)
			}
			col := map[string]int{}
			for i, name := range rows[0] {
				col[name] = i
			}
			if _, ok := col["unit"]; !ok {
				t.Fatalf("costs.csv has no unit column: %v", rows[0])
			}
			var got []string
			var sum linkmatch.Pence
			for _, f := range rows[1:] {
				qty, err := strconv.Atoi(f[col["quantity"]])
				if err != nil {
					t.Fatalf("quantity %q: %v", f[col["quantity"]], err)
				}
				rate, err1 := linkmatch.ParseGBP(f[col["rate_gbp"]])
				amount, err2 := linkmatch.ParseGBP(f[col["amount_gbp"]])
				if err := errors.Join(err1, err2); err != nil {
					t.Fatal(err)
				}
				if rate*linkmatch.Pence(qty) != amount {
					t.Errorf("%s × %d ≠ %s: %v", rate, qty, amount, f)
				}
				src, ok := byLine[f[col["rate_source"]]]
				if !ok || src.Amount != rate || UnitName(src.Unit) != f[col["unit"]] {
					t.Errorf("rate %s %s is not the rates.csv line %q (%v): %v", rate, f[col["unit"]], f[col["rate_source"]], src, f)
				}
				if f[col["item"]] != tc.s.Kind.String() || f[col["date"]] != tc.s.Date.String() {
					t.Errorf("line not of the session: %v", f)
				}
				if split := strings.Contains(f[col["rule"]], "; row "+strconv.Itoa(len(got)+1)+" of "+strconv.Itoa(len(rows)-1)+" for "); split == tc.one {
					t.Errorf("rule %q", f[col["rule"]])
				}
				got = append(got, f[col["unit"]]+" "+strconv.Itoa(qty)+"×"+rate.String())
				sum += amount
			}
			if g := strings.Join(got, "; "); g != tc.want {
				t.Errorf("lines %s, want %s", g, tc.want)
			}
			if sum.String() != tc.total || res.Total != sum || res.Sessions != sum || len(res.Rows) != 1 {
				t.Errorf("lines add to %s, want %s (total %s, %d rows priced)", sum, tc.total, res.Total, len(res.Rows))
			}
			if s := Summarise(res, DefaultPeriods()); s[0].PaidSessions != 1 {
				t.Errorf("%d paid sessions in the summary, want 1", s[0].PaidSessions)
			}
		})
	}
}
