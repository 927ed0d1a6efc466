package cost

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/linkmatch/linkmatch"
)

var d = linkmatch.MustParseDate

// sess builds one session of link L1 (child C1, carer K1).
func sess(kind linkmatch.SessionKind, date, endDate string) linkmatch.Session {
	if endDate == "" {
		endDate = date
	}
	return linkmatch.Session{LinkID: "L1", ChildID: "C1", CarerID: "K1", Date: d(date), Start: 10 * 60, EndDate: d(endDate), End: 17 * 60, Kind: kind}
}

var seed000Pay = linkmatch.Payments{RetainerWeekly: 10000, MileagePerMile: 45}

// TestSeed000WorkedExample reproduces seed 000's example to the penny: a
// 14-year-old who comes for dinner once a week (half day £14.93) and stays
// two weekends in four (Saturday morning to Sunday tea-time, a day and a half
// £44.79 each), with the £100 weekly retainer: £549.30 for a 4-week month.
func TestSeed000WorkedExample(t *testing.T) {
	rt := loadRates(t, "seed000-example.csv")
	sessions := []linkmatch.Session{
		sess(linkmatch.KindMilestone, "2027-01-04", ""), // the link starts, Monday
		sess(linkmatch.KindHalfDay, "2027-01-06", ""),
		sess(linkmatch.KindDayAndHalf, "2027-01-09", "2027-01-10"),
		sess(linkmatch.KindHalfDay, "2027-01-13", ""),
		sess(linkmatch.KindHalfDay, "2027-01-20", ""),
		sess(linkmatch.KindDayAndHalf, "2027-01-23", "2027-01-24"),
		sess(linkmatch.KindHalfDay, "2027-01-27", ""),
		sess(linkmatch.KindMilestone, "2027-01-31", ""), // four weeks on, Sunday
	}
	links := map[string]LinkInfo{"L1": {ChildID: "C1", CarerID: "K1", DateOfBirth: d("2012-06-15"), Tier: linkmatch.TierStandard}}
	res, err := Price(context.Background(), sessions, links, rt, Options{Payments: seed000Pay, From: d("2027-01-04"), To: d("2027-01-31")})
	if err != nil {
		t.Fatal(err)
	}
	if res.Total != 54930 {
		t.Errorf("total %s, want 549.30 (seed 000)", res.Total)
	}
	if res.Retainer != 40000 || res.Sessions != 4*1493+2*4479 || res.Mileage != 0 {
		t.Errorf("retainer %s, sessions %s, mileage %s", res.Retainer, res.Sessions, res.Mileage)
	}
	var got []string
	for _, r := range res.Rows {
		got = append(got, fmt.Sprintf("%s %s %g×%s=%s age %d", r.Date, r.ItemName(), r.Quantity, r.Rate, r.Amount, r.Age))
	}
	want := []string{
		"2027-01-04 retainer 1×100.00=100.00 age 14",
		"2027-01-06 half_day 1×14.93=14.93 age 14",
		"2027-01-09 day_and_half 1×44.79=44.79 age 14",
		"2027-01-11 retainer 1×100.00=100.00 age 14",
		"2027-01-13 half_day 1×14.93=14.93 age 14",
		"2027-01-18 retainer 1×100.00=100.00 age 14",
		"2027-01-20 half_day 1×14.93=14.93 age 14",
		"2027-01-23 day_and_half 1×44.79=44.79 age 14",
		"2027-01-25 retainer 1×100.00=100.00 age 14",
		"2027-01-27 half_day 1×14.93=14.93 age 14",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("rows:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}

	// Summaries: the whole month, each ISO week, for all links and the link.
	sums := map[string]string{}
	for _, s := range res.Summary {
		sums[s.Scope+" "+s.Kind.String()+" "+s.Period] = s.Amount.String()
	}
	for k, v := range map[string]string{
		"all total 2027-01-04/2027-01-31": "549.30",
		"all month 2027-01":               "549.30",
		"L1 month 2027-01":                "549.30",
		"all week 2027-W01":               "159.72",
		"all week 2027-W02":               "114.93",
		"L1 week 2027-W03":                "159.72",
		"L1 week 2027-W04":                "114.93",
	} {
		if sums[k] != v {
			t.Errorf("summary %s = %q, want %s", k, sums[k], v)
		}
	}
	// For all links, the carer and the link: the total, 4 weeks, a month,
	// a pay period and a financial year.
	if len(res.Summary) != 3*(1+4+1+1+1) {
		t.Errorf("%d summary rows, want 24", len(res.Summary))
	}

	var buf bytes.Buffer
	if err := WriteCosts(&buf, res); err != nil {
		t.Fatal(err)
	}
	// The day and a half is two lines, each one unit at one rates.csv rate.
	if !strings.Contains(buf.String(), "L1,C1,K1,2027-01-09,day_and_half,1,29.86,29.86,2027-W01,,,standard,14,11 to 15,2020-04-01,seed000-example.csv:3,the full day at the full_day rate 29.86; row 1 of 2 for a day and a half paid as full day 29.86 + half day 14.93 = 44.79,full_day,planned\n"+
		"L1,C1,K1,2027-01-09,day_and_half,1,14.93,14.93,2027-W01,,,standard,14,11 to 15,2020-04-01,seed000-example.csv:2,the half day at the half_day rate 14.93; row 2 of 2 for a day and a half paid as full day 29.86 + half day 14.93 = 44.79,half_day,planned\n") {
		t.Errorf("costs.csv lacks the explained day and a half:\n%s", buf.String())
	}
	buf.Reset()
	if err := WriteSummary(&buf, res.Summary); err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(buf.String(), strings.Join(summaryColumns(), ",")+"\nall,all,total,2027-01-04/2027-01-31,2027-01-04,2027-01-31,549.30,400.00,149.30,0.00,6,0.0,1,1,4.00,137.33,549.30,") {
		t.Errorf("summary:\n%s", buf.String())
	}
}

// TestBirthdaySwitchesBand: a child turning 11 on 10 March moves from the
// 5–10 band to the 11–15 band on the birthday itself (seed 001 §7).
func TestBirthdaySwitchesBand(t *testing.T) {
	rt := loadRates(t, "seed001-daycare.csv")
	sessions := []linkmatch.Session{
		sess(linkmatch.KindHalfDay, "2027-03-09", ""),
		sess(linkmatch.KindHalfDay, "2027-03-10", ""),
		sess(linkmatch.KindDayAndHalf, "2027-03-13", "2027-03-14"),
	}
	links := map[string]LinkInfo{"L1": {ChildID: "C1", CarerID: "K1", DateOfBirth: d("2016-03-10"), Tier: linkmatch.TierFosteringPlus}}
	res, err := Price(context.Background(), sessions, links, rt, Options{Payments: linkmatch.Payments{}, From: d("2027-03-01"), To: d("2027-03-31")})
	if err != nil {
		t.Fatal(err)
	}
	want := []linkmatch.Pence{2776, 3062, 6123 + 3062}
	if len(res.Rows) != len(want) {
		t.Fatalf("%d rows, want %d", len(res.Rows), len(want))
	}
	for i, r := range res.Rows {
		if r.Amount != want[i] {
			t.Errorf("%s: %s, want %s (age %d, band %d–%d)", r.Date, r.Amount, want[i], r.Age, rt.Rate(int(r.Rates[0])).AgeMin, rt.Rate(int(r.Rates[0])).AgeMax)
		}
	}
	if res.Rows[0].Age != 10 || res.Rows[1].Age != 11 {
		t.Errorf("ages %d, %d; want 10, 11", res.Rows[0].Age, res.Rows[1].Age)
	}
}

// TestRounding: every item is rounded once, half up, and totals are sums of
// rounded items, never rounded again.
func TestRounding(t *testing.T) {
	rt := loadRates(t, "seed001-daycare.csv")
	links := map[string]LinkInfo{"L1": {ChildID: "C1", CarerID: "K1", DateOfBirth: d("2012-06-15"), MilesOneWay: 0.05}}
	t.Run("mileage half a penny rounds up on each trip", func(t *testing.T) {
		sessions := []linkmatch.Session{
			sess(linkmatch.KindMeeting, "2027-01-05", ""),
			sess(linkmatch.KindReview, "2027-01-06", ""),
			sess(linkmatch.KindVisit, "2027-01-07", ""), // the social worker's, not a trip
			sess(linkmatch.KindMeeting, "2027-01-08", ""),
		}
		res, err := Price(context.Background(), sessions, links, rt, Options{Payments: linkmatch.Payments{MileagePerMile: 45}, From: d("2027-01-04"), To: d("2027-01-10")})
		if err != nil {
			t.Fatal(err)
		}
		// 0.1 mile × 45p = 4.5p → 5p per trip; three trips 15p, not round(13.5p) = 14p.
		if res.Mileage != 15 || len(res.Rows) != 3 {
			t.Errorf("mileage %dp in %d rows, want 15p in 3", res.Mileage, len(res.Rows))
		}
	})
	t.Run("round trip to a tenth of a mile", func(t *testing.T) {
		l := map[string]LinkInfo{"L1": {ChildID: "C1", CarerID: "K1", DateOfBirth: d("2012-06-15"), MilesOneWay: 13.65}}
		res, err := Price(context.Background(), []linkmatch.Session{sess(linkmatch.KindMeeting, "2027-01-05", "")}, l, rt, Options{Payments: linkmatch.Payments{MileagePerMile: 45}, From: d("2027-01-04"), To: d("2027-01-10")})
		if err != nil {
			t.Fatal(err)
		}
		// 27.3 miles × 45p = 1228.5p → £12.29.
		if r := res.Rows[0]; r.MilesTenths != 273 || r.Amount != 1229 {
			t.Errorf("trip %d tenths, %s; want 273, 12.29", r.MilesTenths, r.Amount)
		}
	})
	for _, tc := range []struct {
		name     string
		from, to string
		days     []int
		amounts  []linkmatch.Pence
	}{
		// £100 × 5/7 = £71.428… → £71.43; the link is active Wed–Sun.
		{"part week at the start", "2027-01-06", "2027-01-10", []int{5}, []linkmatch.Pence{7143}},
		// Wed–Sun, then Mon–Tue: £71.43 + £28.57 (2/7 = 28.571…).
		{"part weeks both ends", "2027-01-06", "2027-01-12", []int{5, 2}, []linkmatch.Pence{7143, 2857}},
		// One day: £14.2857… → £14.29.
		{"one day", "2027-01-09", "2027-01-09", []int{1}, []linkmatch.Pence{1429}},
	} {
		t.Run("retainer "+tc.name, func(t *testing.T) {
			sessions := []linkmatch.Session{
				sess(linkmatch.KindMilestone, "2027-01-01", ""),
				sess(linkmatch.KindMilestone, "2027-02-01", ""),
			}
			res, err := Price(context.Background(), sessions, links, rt, Options{Payments: linkmatch.Payments{RetainerWeekly: 10000}, From: d(tc.from), To: d(tc.to)})
			if err != nil {
				t.Fatal(err)
			}
			if len(res.Rows) != len(tc.days) {
				t.Fatalf("%d rows, want %d", len(res.Rows), len(tc.days))
			}
			var sum linkmatch.Pence
			for i, r := range res.Rows {
				if int(r.Days) != tc.days[i] || r.Amount != tc.amounts[i] {
					t.Errorf("row %d: %d days %s, want %d days %s", i, r.Days, r.Amount, tc.days[i], tc.amounts[i])
				}
				sum += r.Amount
			}
			if res.Total != sum {
				t.Errorf("total %s is not the sum of rows %s", res.Total, sum)
			}
		})
	}
}

func TestCostErrors(t *testing.T) {
	rt := loadRates(t, "seed000-example.csv") // ages 11–15 only
	links := map[string]LinkInfo{"L1": {ChildID: "C1", CarerID: "K1", DateOfBirth: d("2016-01-15")}}
	sessions := []linkmatch.Session{
		sess(linkmatch.KindHalfDay, "2027-01-05", ""),             // 10: outside 11–15
		sess(linkmatch.KindHalfDay, "2027-01-15", ""),             // 11 on the birthday: fine
		sess(linkmatch.KindOvernight, "2027-01-22", "2027-01-23"), // no overnight rate
		{LinkID: "L2", ChildID: "C2", CarerID: "K2", Date: d("2027-01-05"), EndDate: d("2027-01-05"), Kind: linkmatch.KindHalfDay},
	}
	_, err := Price(context.Background(), sessions, links, rt, Options{Payments: seed000Pay, From: d("2027-01-01"), To: d("2027-03-31")})
	var ce *PricingError
	if !errors.As(err, &ce) || len(ce.Sessions) != 3 {
		t.Fatalf("want 3 session errors, got %v", err)
	}
	for i, want := range []struct {
		index int
		err   error
	}{{0, ErrAgeOutsideBands}, {2, ErrNoRateForUnit}, {3, ErrNoLinkInfo}} {
		if ce.Sessions[i].Index != want.index || !errors.Is(ce.Sessions[i], want.err) {
			t.Errorf("error %d: %v (index %d), want index %d: %v", i, ce.Sessions[i], ce.Sessions[i].Index, want.index, want.err)
		}
	}
	if !errors.Is(err, ErrAgeOutsideBands) {
		t.Error("errors.Is does not see through PricingError")
	}
	if _, err := Price(context.Background(), nil, nil, rt, Options{Payments: seed000Pay, From: d("2027-02-01"), To: d("2027-01-01")}); !errors.Is(err, ErrBadPeriod) {
		t.Errorf("from after to: %v", err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := Price(ctx, sessions[:1], links, rt, Options{Payments: seed000Pay, From: d("2027-01-01"), To: d("2027-03-31")}); !errors.Is(err, context.Canceled) {
		t.Errorf("cancelled: %v", err)
	}
}

// TestCostDeterministic: input order does not change the rows.
func TestCostDeterministic(t *testing.T) {
	rt := loadRates(t, "seed001-daycare.csv")
	sessions, links := synthetic(20, d("2027-01-04"), 8)
	rev := make([]linkmatch.Session, len(sessions))
	for i := range sessions {
		rev[len(sessions)-1-i] = sessions[i]
	}
	var out [2]bytes.Buffer
	for i, s := range [][]linkmatch.Session{sessions, rev} {
		res, err := Price(context.Background(), s, links, rt, Options{Payments: seed000Pay, From: d("2027-01-01"), To: d("2027-03-31")})
		if err != nil {
			t.Fatal(err)
		}
		if err := WriteCosts(&out[i], res); err != nil {
			t.Fatal(err)
		}
		if err := WriteSummary(&out[i], res.Summary); err != nil {
			t.Fatal(err)
		}
	}
	if out[0].String() != out[1].String() {
		t.Error("costs differ with the input order")
	}
}

// synthetic builds n links of weekly sessions from start for weeks weeks: a
// half day on Wednesday, and on Saturday a full day or a day and a half in
// alternate weeks, with a meeting at the start and a milestone at the end.
func synthetic(n int, start linkmatch.Date, weeks int) ([]linkmatch.Session, map[string]LinkInfo) {
	links := make(map[string]LinkInfo, n)
	sessions := make([]linkmatch.Session, 0, n*(2*weeks+2))
	for i := 0; i < n; i++ {
		id := fmt.Sprintf("L%05d", i)
		info := LinkInfo{ChildID: fmt.Sprintf("C%05d", i), CarerID: fmt.Sprintf("K%05d", i/2),
			DateOfBirth: start.AddDays(-(4*365 + i*5%(13*365))), Tier: linkmatch.Tier(i % 2), MilesOneWay: float64(i%300) / 10}
		links[id] = info
		mk := func(kind linkmatch.SessionKind, day linkmatch.Date, nights int) linkmatch.Session {
			return linkmatch.Session{LinkID: id, ChildID: info.ChildID, CarerID: info.CarerID, Date: day, Start: 10 * 60,
				EndDate: day.AddDays(nights), End: 17 * 60, Kind: kind}
		}
		sessions = append(sessions, mk(linkmatch.KindMeeting, start, 0))
		for w := 0; w < weeks; w++ {
			mon := start.AddDays(7 * w)
			sessions = append(sessions, mk(linkmatch.KindHalfDay, mon.AddDays(2), 0))
			if w%2 == 0 {
				sessions = append(sessions, mk(linkmatch.KindDayAndHalf, mon.AddDays(5), 1))
			} else {
				sessions = append(sessions, mk(linkmatch.KindFullDay, mon.AddDays(5), 0))
			}
		}
		sessions = append(sessions, mk(linkmatch.KindMilestone, start.AddDays(7*weeks-1), 0))
	}
	return sessions, links
}

// BenchmarkCost prices a national-scale timeline: 7,000 links for a year,
// two paid sessions a week each (about 730,000 sessions, 1.5 million rows).
// Each carer has two links whose sessions fall at the same times, so every
// trip is shared (sharedTrips' worst case) and claimed once.
func BenchmarkCost(b *testing.B) {
	rt := loadRates(b, "seed001-daycare.csv")
	start := d("2027-01-04")
	sessions, links := synthetic(7000, start, 52)
	b.ResetTimer()
	for b.Loop() {
		res, err := Price(context.Background(), sessions, links, rt, Options{Payments: seed000Pay, From: start, To: start.AddDays(7*52 - 1)})
		if err != nil {
			b.Fatal(err)
		}
		b.ReportMetric(float64(len(res.Rows)), "rows")
	}
}

// TestEighteenAndStayingPut: the per-child retainer stops on the 18th
// birthday; for a young person staying put, a week with Staying Put time is
// one staying_put_week when the rates give one, and is listed in Unpriced
// and in the findings (not an error) when they do not; a child-rate session
// from 18 is never paid; for a young person who is not staying put, nothing
// is paid from 18.
func TestEighteenAndStayingPut(t *testing.T) {
	child := []linkmatch.Rate{
		{EffectiveFrom: d("2026-04-01"), Tier: linkmatch.TierStandard, AgeMin: 0, AgeMax: 18, Unit: linkmatch.KindHalfDay, Amount: 2305, Line: 2},
	}
	sp := append(slices.Clone(child), linkmatch.Rate{EffectiveFrom: d("2026-04-01"), Tier: linkmatch.TierStandard, AgeMin: 18, AgeMax: 21, Unit: linkmatch.KindStayingPut, Amount: 25000, Line: 3})
	// Born 2009-03-10: 18 on Wednesday 2027-03-10.
	sessions := []linkmatch.Session{
		sess(linkmatch.KindHalfDay, "2027-03-08", ""),
		sess(linkmatch.KindStayingPut, "2027-03-11", ""),
		sess(linkmatch.KindHalfDay, "2027-03-12", ""), // child rate after 18: never paid
		sess(linkmatch.KindStayingPut, "2027-03-13", ""),
		sess(linkmatch.KindStayingPut, "2027-03-16", ""),
	}
	pay := linkmatch.Payments{RetainerWeekly: 10000}
	for _, tc := range []struct {
		name         string
		stayingPut   bool
		rates        []linkmatch.Rate
		wantSP       linkmatch.Pence
		wantUnpriced int
		wantNotPaid  int
	}{
		// Two weeks with Staying Put time, then two after the plan's last
		// day (16 March): the arrangement goes on, so they are costed too.
		// The first begins on the 18th birthday, Wednesday 10 March (5 of
		// its 7 days), and the costing period ends on Wednesday 31 March
		// (3 of 7): part weeks are paid pro rata by day.
		{"staying put, with a staying_put_week rate", true, sp, linkmatch.Pence(25000).Ratio(5, 7) + 2*25000 + linkmatch.Pence(25000).Ratio(3, 7), 0, 1},
		{"staying put, without one", true, child, 0, 4, 1},
		{"not staying put: nothing from 18", false, sp, 0, 0, 4},
	} {
		t.Run(tc.name, func(t *testing.T) {
			rt, err := NewRateTable("rates.csv", tc.rates)
			if err != nil {
				t.Fatal(err)
			}
			links := map[string]LinkInfo{"L1": {ChildID: "C1", CarerID: "K1", DateOfBirth: d("2009-03-10"), Tier: linkmatch.TierStandard, StayingPut: tc.stayingPut}}
			res, err := Price(context.Background(), sessions, links, rt, Options{Payments: pay, From: d("2027-03-01"), To: d("2027-03-31")})
			if err != nil {
				t.Fatal(err)
			}
			// Retainer: Monday 8 and Tuesday 9 March only, 2/7 of £100.
			if want := linkmatch.Pence(10000).Ratio(2, 7); res.Retainer != want {
				t.Errorf("retainer %s, want %s (none from the 18th birthday)", res.Retainer, want)
			}
			if got := res.Sessions - 2305; got != tc.wantSP {
				t.Errorf("Staying Put %s, want %s", got, tc.wantSP)
			}
			if len(res.Unpriced) != tc.wantUnpriced || (tc.wantUnpriced > 0 && !errors.Is(res.Unpriced[0], ErrAgeOutsideBands) && !errors.Is(res.Unpriced[0], ErrNoRateForUnit)) {
				t.Errorf("unpriced %v, want %d weeks", res.Unpriced, tc.wantUnpriced)
			}
			if l := res.Links[0]; l.NotPaid != tc.wantNotPaid || l.Unpriced != tc.wantUnpriced {
				t.Errorf("not paid %d, unpriced %d; want %d, %d", l.NotPaid, l.Unpriced, tc.wantNotPaid, tc.wantUnpriced)
			}
			said := false
			for _, f := range res.Findings {
				said = said || f.Kind == FindingUnpriced && strings.Contains(f.Text, "4 weeks of Staying Put (L1) not costed: the rates give no standard staying_put_week rate")
			}
			if said != (tc.wantUnpriced > 0) {
				t.Errorf("findings %v: the unpriced weeks said %v, want %v", res.Findings, said, tc.wantUnpriced > 0)
			}
			var days []int
			for i := range res.Rows {
				if r := &res.Rows[i]; r.Item == ItemSession && r.Kind == linkmatch.KindStayingPut {
					days = append(days, int(r.Days))
					if len(days) == 1 && tc.wantSP > 0 {
						if got, want := rule(r, &res.Links[0], res), "5 of 7 days at £250.00 a week, pro rata by day: the arrangement begins on the 18th birthday, 2027-03-10"; !strings.Contains(got, want) {
							t.Errorf("rule %q does not say %q", got, want)
						}
					}
				}
			}
			if want := "[5 7 7 3]"; tc.wantSP > 0 && fmt.Sprint(days) != want {
				t.Errorf("Staying Put days per week %v, want %s", days, want)
			}
			for _, r := range res.Rows {
				if r.Item == ItemSession && r.Kind.Paid() && r.Date >= d("2027-03-10") {
					t.Errorf("a child-rate %s on %s, after the 18th birthday", r.Kind, r.Date)
				}
				if r.Item == ItemSession && r.Kind == linkmatch.KindStayingPut && r.ItemName() != "staying_put_week" {
					t.Errorf("a Staying Put row named %q", r.ItemName())
				}
			}
		})
	}
}

// TestMileageAfterTheMove: trips from the move day go to the long-term
// family, and none are counted when its address is unknown.
func TestMileageAfterTheMove(t *testing.T) {
	rt := loadRates(t, "seed001-daycare.csv")
	sessions := []linkmatch.Session{
		sess(linkmatch.KindHalfDay, "2027-03-08", ""),
		sess(linkmatch.KindHalfDay, "2027-03-16", ""),
	}
	pay := linkmatch.Payments{MileagePerMile: 45}
	info := LinkInfo{ChildID: "C1", CarerID: "K1", DateOfBirth: d("2014-01-01"), MilesOneWay: 10, MoveDate: d("2027-03-15")}
	for _, tc := range []struct {
		name  string
		known bool
		after float64
		want  []int64 // round trips in tenths of a mile
	}{
		{"known", true, 3, []int64{200, 60}},
		{"unknown", false, 0, []int64{200}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			in := info
			in.MoveKnown, in.MilesAfterMove = tc.known, tc.after
			res, err := Price(context.Background(), sessions, map[string]LinkInfo{"L1": in}, rt, Options{Payments: pay, From: d("2027-03-01"), To: d("2027-03-31")})
			if err != nil {
				t.Fatal(err)
			}
			var got []int64
			for _, r := range res.Rows {
				if r.Item == ItemMileage {
					got = append(got, r.MilesTenths)
				}
			}
			if !slices.Equal(got, tc.want) {
				t.Errorf("trips %v, want %v", got, tc.want)
			}
		})
	}
}

// TestSiblingsShareATrip: siblings seen together by one carer (rows at the
// same date and times) cost one trip, at the longer of their round trips,
// claimed on the first link by id; each child's session is still paid, and
// a session of one child alone is a trip of its own.
func TestSiblingsShareATrip(t *testing.T) {
	rt := loadRates(t, "seed001-daycare.csv")
	of := func(link, child string, s linkmatch.Session) linkmatch.Session {
		s.LinkID, s.ChildID = link, child
		return s
	}
	joint := sess(linkmatch.KindHalfDay, "2027-01-09", "")
	meeting := sess(linkmatch.KindMeeting, "2027-01-12", "")
	alone := sess(linkmatch.KindHalfDay, "2027-01-16", "")
	later := joint
	later.Start, later.End = 11*60, 18*60 // same day, another time: another trip
	sessions := []linkmatch.Session{
		of("L2", "C2", joint), of("L1", "C1", joint), of("L1", "C1", meeting), of("L2", "C2", meeting),
		of("L1", "C1", alone), of("L2", "C2", later),
	}
	links := map[string]LinkInfo{
		"L1": {ChildID: "C1", CarerID: "K1", DateOfBirth: d("2014-01-01"), MilesOneWay: 5},
		"L2": {ChildID: "C2", CarerID: "K1", DateOfBirth: d("2016-01-01"), MilesOneWay: 6},
	}
	res, err := Price(context.Background(), sessions, links, rt, Options{Payments: linkmatch.Payments{MileagePerMile: 45}, From: d("2027-01-04"), To: d("2027-01-31")})
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	paid := 0
	for _, r := range res.Rows {
		switch r.Item {
		case ItemMileage:
			got = append(got, fmt.Sprintf("%s %s %d×%d", res.Links[r.Link].ID, r.Date, r.MilesTenths, r.Shared))
		case ItemSession:
			paid++
		}
	}
	want := []string{
		"L1 2027-01-09 120×1", // the joint half day: one trip, the longer (12 miles)
		"L1 2027-01-12 120×1", // the joint meeting
		"L1 2027-01-16 100×0", // L1 alone
		"L2 2027-01-09 120×0", // L2 at another time that day
	}
	if !slices.Equal(got, want) {
		t.Errorf("trips %q, want %q", got, want)
	}
	if paid != 4 {
		t.Errorf("%d sessions paid, want 4: each child's half day is paid", paid)
	}
}
