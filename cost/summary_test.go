package cost

import (
	"bytes"
	"context"
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/linkmatch/linkmatch"
)

// amounts returns the summary's amounts by "scope_kind period_kind period".
func amounts(rows []SummaryRow) map[string]string {
	out := map[string]string{}
	for _, s := range rows {
		out[s.ScopeKind.String()+" "+s.Kind.String()+" "+s.Period] = s.Amount.String()
	}
	return out
}

// TestRetainerSplitByDay: a retainer week spanning two periods is split by
// day between them; one spanning two financial years is two cost rows. Monday 29 March to Sunday 4 April 2027 has 3 days in
// financial year 2026-27 and March, 4 in 2027-28 and April: £42.86 and
// £57.14 of £100, adding to the week's £100.00 exactly.
func TestRetainerSplitByDay(t *testing.T) {
	rt := loadRates(t, "seed001-daycare.csv")
	links := map[string]LinkInfo{"L1": {ChildID: "C1", CarerID: "K1", DateOfBirth: d("2012-06-15")}}
	sessions := []linkmatch.Session{sess(linkmatch.KindMeeting, "2027-03-29", ""), milestone("2027-04-04", "the link ends")}
	res, err := Price(context.Background(), sessions, links, rt, Options{Payments: linkmatch.Payments{RetainerWeekly: 10000}, From: d("2027-03-01"), To: d("2027-04-30")})
	if err != nil {
		t.Fatal(err)
	}
	// costs.csv pays the week in two rows, one per financial year, so that
	// its rows summed by date give the financial years' totals.
	if len(res.Rows) != 2 || res.Rows[0].Amount != 4286 || res.Rows[1].Amount != 5714 || res.Rows[1].Date != d("2027-04-01") ||
		res.Rows[0].Days != 3 || res.Rows[1].Days != 4 {
		t.Fatalf("rows %v, want the week's £100 retainer as £42.86 for 3 days to 31 March and £57.14 for 4 from 1 April", res.Rows)
	}
	got := amounts(res.Summary)
	for k, want := range map[string]string{
		"all financial_year 2026-27":   "42.86",
		"all financial_year 2027-28":   "57.14",
		"link financial_year 2026-27":  "42.86",
		"carer financial_year 2027-28": "57.14",
		"all month 2027-03":            "42.86",
		"all month 2027-04":            "57.14",
		"all week 2027-W13":            "100.00",
	} {
		if got[k] != want {
			t.Errorf("%s = %s, want %s", k, got[k], want)
		}
	}
}

// TestSplitShares: the shares of a split week add up to it for every
// weekly amount and split point.
func TestSplitShares(t *testing.T) {
	cal := newCalendar(PeriodMonth, d("2027-06-01"), d("2027-07-31"), d("2027-06-01"))
	for _, amount := range []linkmatch.Pence{10000, 9550, 1, 333, 12345} {
		for days := 2; days <= 7; days++ {
			for first := d("2027-06-24"); first <= d("2027-07-01"); first++ {
				if first.AddDays(days-1) > d("2027-07-31") {
					continue
				}
				r := Row{Item: ItemRetainer, Date: first, Days: int8(days), Amount: amount}
				acc := newAccumulator(cal)
				acc.addRow(&r)
				var sum linkmatch.Pence
				for _, s := range acc.rows {
					sum += s.Amount
				}
				if sum != amount {
					t.Errorf("%s over %d days from %s: parts add to %s", amount, days, first, sum)
				}
			}
		}
	}
}

// TestPayPeriodIsItsDays: a 4-weekly pay period's total equals the sum of
// its days, for every scope, with pay periods starting on a Wednesday so
// that retainer weeks are split.
func TestPayPeriodIsItsDays(t *testing.T) {
	rt := loadRates(t, "seed001-daycare.csv")
	sessions, links := synthetic(12, d("2027-01-04"), 20)
	from, to := d("2027-01-04"), d("2027-06-30")
	res, err := Price(context.Background(), sessions, links, rt, Options{Payments: seed000Pay, From: from, To: to, PayPeriodsFrom: d("2026-12-30")})
	if err != nil {
		t.Fatal(err)
	}
	rows := Summarise(res, []PeriodKind{PeriodPayPeriod, PeriodDay})
	type key struct {
		scope string
		start linkmatch.Date
	}
	days := map[key]linkmatch.Pence{}
	periods := map[key]linkmatch.Pence{}
	var starts []linkmatch.Date
	for _, s := range rows {
		k := key{s.ScopeKind.String() + " " + s.Scope, s.Start}
		if s.Kind == PeriodPayPeriod {
			periods[k] = s.Amount
			if s.ScopeKind == ScopeAllLinks {
				starts = append(starts, s.Start)
			}
			continue
		}
		k.start = d("2026-12-30").AddDays(floorDiv(int(s.Start-d("2026-12-30")), 28) * 28)
		days[k] += s.Amount
	}
	if len(starts) != 7 || starts[0] != d("2026-12-30") {
		t.Fatalf("pay periods start %v, want 7 from 2026-12-30", starts)
	}
	for k, want := range periods {
		if days[k] != want {
			t.Errorf("%s pay period from %s: %s, its days %s", k.scope, k.start, want, days[k])
		}
	}
}

// TestSummaryAddsUp: for random timelines, periods, pay-period anchors and
// every kind of period, summing a scope's periods gives its total — every
// amount, count and active day — and the last cumulative is the total.
func TestSummaryAddsUp(t *testing.T) {
	rng := rand.New(rand.NewPCG(14, 2027))
	rt := loadRates(t, "seed001-daycare.csv")
	all := []PeriodKind{PeriodTotal, PeriodWeek, PeriodMonth, PeriodPayPeriod, PeriodFinancialYear, PeriodDay}
	for trial := range 40 {
		start := d("2026-11-02").AddDays(rng.IntN(300))
		sessions, links := synthetic(1+rng.IntN(8), start, 1+rng.IntN(40))
		// Some links end early, some by notice; one is an existing link.
		for i := range sessions {
			if s := &sessions[i]; s.Kind == linkmatch.KindMilestone {
				switch rng.IntN(3) {
				case 0:
					s.Notes = "the link ends"
				case 1:
					s.Notes = "notice given"
				}
			}
		}
		links["K00000-existing-1"] = LinkInfo{CarerID: "K00000", Existing: true}
		from := start.AddDays(rng.IntN(60) - 30)
		to := from.AddDays(rng.IntN(500))
		res, err := Price(context.Background(), sessions, links, rt, Options{Payments: seed000Pay, From: from, To: to, PayPeriodsFrom: from.AddDays(rng.IntN(200) - 100)})
		if err != nil {
			t.Fatal(err)
		}
		rows := Summarise(res, all)
		type key struct {
			scope string
			kind  PeriodKind
		}
		sums := map[key]SummaryRow{}
		last := map[key]linkmatch.Pence{}
		totals := map[string]SummaryRow{}
		for _, s := range rows {
			scope := s.ScopeKind.String() + " " + s.Scope
			if s.Kind == PeriodTotal {
				totals[scope] = s
				continue
			}
			k := key{scope, s.Kind}
			sum := sums[k]
			sum.merge(&s)
			sums[k] = sum
			last[k] = s.Cumulative
		}
		if totals["all all"].Amount != res.Total {
			t.Fatalf("trial %d: all-links total %s, rows %s", trial, totals["all all"].Amount, res.Total)
		}
		for k, sum := range sums {
			tot := totals[k.scope]
			if sum.Amount != tot.Amount || sum.Retainer != tot.Retainer || sum.Sessions != tot.Sessions || sum.Mileage != tot.Mileage ||
				sum.PaidSessions != tot.PaidSessions || sum.MilesTenths != tot.MilesTenths || sum.ActiveDays != tot.ActiveDays {
				t.Fatalf("trial %d: %s by %s sums to %+v, total %+v", trial, k.scope, k.kind, sum, tot)
			}
			if last[k] != tot.Amount {
				t.Fatalf("trial %d: %s by %s: last cumulative %s, total %s", trial, k.scope, k.kind, last[k], tot.Amount)
			}
		}
	}
}

// TestSummaryStreamed: for random timelines, the summary written as it is
// made (WriteSummaryOf) is Price's Summary written whole, byte for byte;
// a carer's pay periods made alone (the statements' rows) are those of
// the summary of every kind; and a reader that stops early stops the rows.
func TestSummaryStreamed(t *testing.T) {
	rng := rand.New(rand.NewPCG(15, 2027))
	rt := loadRates(t, "seed001-daycare.csv")
	for trial := range 30 {
		start := d("2026-11-02").AddDays(rng.IntN(300))
		sessions, links := synthetic(1+rng.IntN(9), start, 1+rng.IntN(40))
		for i := range sessions {
			if s := &sessions[i]; s.Kind == linkmatch.KindMilestone && rng.IntN(2) == 0 {
				s.Notes = "the link ends"
			}
		}
		links["K00000-existing-1"] = LinkInfo{CarerID: "K00000", Existing: true}
		from := start.AddDays(rng.IntN(60) - 30)
		to := from.AddDays(rng.IntN(500))
		res, err := Price(context.Background(), sessions, links, rt, Options{Payments: seed000Pay, From: from, To: to, PayPeriodsFrom: from.AddDays(rng.IntN(200) - 100)})
		if err != nil {
			t.Fatal(err)
		}
		var whole, streamed bytes.Buffer
		if err := WriteSummary(&whole, res.Summary); err != nil {
			t.Fatal(err)
		}
		if err := WriteSummaryOf(&streamed, res); err != nil {
			t.Fatal(err)
		}
		if whole.String() != streamed.String() {
			t.Fatalf("trial %d: cost-summary.csv streamed:\n%s\nwhole:\n%s", trial, streamed.String(), whole.String())
		}
		var want []string
		for _, s := range res.Summary {
			if s.ScopeKind == ScopeCarer && s.Kind == PeriodPayPeriod {
				want = append(want, fmt.Sprintf("%+v", s))
			}
		}
		var got []string
		z := newSummariser(res, []PeriodKind{PeriodPayPeriod})
		z.carers(func(s *SummaryRow) bool {
			got = append(got, fmt.Sprintf("%+v", *s))
			return true
		})
		if strings.Join(got, "\n") != strings.Join(want, "\n") || len(want) == 0 {
			t.Fatalf("trial %d: carers' pay periods alone:\n%s\nin the whole summary:\n%s", trial, strings.Join(got, "\n"), strings.Join(want, "\n"))
		}
		n := 0
		for range SummaryRows(res, DefaultPeriods()) {
			if n++; n == 3 {
				break
			}
		}
		if n != 3 {
			t.Fatalf("trial %d: %d rows read, want 3", trial, n)
		}
	}
}

// TestStatements: a carer's statement lists each pay period's payment for
// their links, with the children and a running total.
func TestStatements(t *testing.T) {
	rt := loadRates(t, "seed000-example.csv")
	links := map[string]LinkInfo{"L1": {ChildID: "C1", CarerID: "K1", DateOfBirth: d("2012-06-15")}}
	sessions := []linkmatch.Session{
		sess(linkmatch.KindHalfDay, "2027-01-04", ""),
		sess(linkmatch.KindDayAndHalf, "2027-01-09", "2027-01-10"),
		sess(linkmatch.KindHalfDay, "2027-01-11", ""),
		sess(linkmatch.KindHalfDay, "2027-01-18", ""),
		sess(linkmatch.KindDayAndHalf, "2027-01-23", "2027-01-24"),
		sess(linkmatch.KindHalfDay, "2027-01-25", ""),
		sess(linkmatch.KindHalfDay, "2027-02-01", ""),
	}
	res, err := Price(context.Background(), sessions, links, rt, Options{Payments: seed000Pay, From: d("2027-01-04"), To: d("2027-03-07")})
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := WriteStatements(&buf, res); err != nil {
		t.Fatal(err)
	}
	want := strings.Join(statementColumns(), ",") + "\n" +
		"K1,standard,2027-01-04/2027-01-31,2027-01-04,2027-01-31,C1,0,1,400.00,149.30,6,0.00,0.0,549.30,549.30,C1: starts on 2027-01-04\n" +
		"K1,standard,2027-02-01/2027-02-28,2027-02-01,2027-02-28,C1,0,1,400.00,14.93,1,0.00,0.0,414.93,964.23,C1: its plan ends on 2027-02-01: only the retainer is costed after it\n" +
		"K1,standard,2027-03-01/2027-03-28,2027-03-01,2027-03-28,C1,0,1,100.00,0.00,0,0.00,0.0,100.00,1064.23,part period (from 2027-03-01 to 2027-03-07); C1: nothing planned (the plan ends on 2027-02-01): the retainer alone\n"
	if buf.String() != want {
		t.Errorf("statements:\n%s\nwant:\n%s", buf.String(), want)
	}
}

// TestWeeklyPerLink: the budget view's cost per link-week.
func TestWeeklyPerLink(t *testing.T) {
	for _, tc := range []struct {
		amount linkmatch.Pence
		days   int32
		want   string
	}{{54930, 28, "137.33"}, {10000, 7, "100.00"}, {0, 7, "0.00"}, {10000, 0, ""}} {
		s := SummaryRow{Amount: tc.amount, ActiveDays: tc.days}
		got := ""
		if p, ok := s.WeeklyPerLink(); ok {
			got = p.String()
		}
		if got != tc.want {
			t.Errorf("%s over %d link-days: %q, want %q", tc.amount, tc.days, got, tc.want)
		}
	}
}

func TestPeriodLabels(t *testing.T) {
	for _, tc := range []struct {
		kind       PeriodKind
		day        string
		label      string
		start, end string
	}{
		{PeriodWeek, "2027-01-01", "2026-W53", "2026-12-28", "2027-01-03"},
		{PeriodMonth, "2028-02-10", "2028-02", "2028-02-01", "2028-02-29"},
		{PeriodFinancialYear, "2027-03-31", "2026-27", "2026-04-01", "2027-03-31"},
		{PeriodFinancialYear, "2027-04-01", "2027-28", "2027-04-01", "2028-03-31"},
		{PeriodFinancialYear, "2099-12-01", "2099-00", "2099-04-01", "2100-03-31"},
		{PeriodPayPeriod, "2027-01-03", "2026-12-07/2027-01-03", "2026-12-07", "2027-01-03"},
		{PeriodPayPeriod, "2027-01-04", "2027-01-04/2027-01-31", "2027-01-04", "2027-01-31"},
		{PeriodDay, "2027-01-04", "2027-01-04", "2027-01-04", "2027-01-04"},
	} {
		t.Run(fmt.Sprint(tc.kind, " ", tc.day), func(t *testing.T) {
			c := newCalendar(tc.kind, d(tc.day), d(tc.day), d("2027-01-04"))
			if got := c.label(0); got != tc.label || c.starts[0] != d(tc.start) || c.ends[0] != d(tc.end) {
				t.Errorf("%s %s–%s, want %s %s–%s", got, c.starts[0], c.ends[0], tc.label, tc.start, tc.end)
			}
		})
	}
}

// TestFinancialYearsAreSumsOfRows: every financial year's total in the
// summary is the sum of the cost rows dated in it, so a finance officer can
// check costs.csv against it (tester: a week across 31 March was one row).
func TestFinancialYearsAreSumsOfRows(t *testing.T) {
	rt := loadRates(t, "seed001-daycare.csv")
	links := map[string]LinkInfo{"L1": {ChildID: "C1", CarerID: "K1", DateOfBirth: d("2012-06-15")}, "L2": {ChildID: "C2", CarerID: "K1", DateOfBirth: d("2013-02-01")}}
	var sessions []linkmatch.Session
	for _, l := range []string{"L1", "L2"} {
		for day := d("2026-03-02"); day < d("2029-04-20"); day = day.AddDays(9) {
			s := sess(linkmatch.KindMeeting, day.String(), "")
			s.LinkID, s.ChildID = l, links[l].ChildID
			sessions = append(sessions, s)
		}
	}
	res, err := Price(context.Background(), sessions, links, rt, Options{Payments: linkmatch.Payments{RetainerWeekly: 9999}, From: d("2026-03-04"), To: d("2029-04-18")})
	if err != nil {
		t.Fatal(err)
	}
	byYear := map[string]linkmatch.Pence{}
	for _, r := range res.Rows {
		y := financialYearStart(r.Date).Year()
		byYear[fmt.Sprintf("%04d-%02d", y, (y+1)%100)] += r.Amount
	}
	n := 0
	for _, s := range res.Summary {
		if s.ScopeKind == ScopeAllLinks && s.Kind == PeriodFinancialYear {
			n++
			if byYear[s.Period] != s.Amount {
				t.Errorf("%s: summary %s, rows %s", s.Period, s.Amount, byYear[s.Period])
			}
		}
	}
	if n != 5 {
		t.Errorf("%d financial years, want 5 (2025-26 to 2029-30, the first and last in part)", n)
	}
}
