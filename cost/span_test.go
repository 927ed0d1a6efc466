package cost

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/linkmatch/linkmatch"
)

// milestone is a milestone of link L1 with an activity, as a plan writes
// it.
func milestone(date, activity string) linkmatch.Session {
	s := sess(linkmatch.KindMilestone, date, "")
	s.Activity = activity
	return s
}

// noteMilestone is a milestone of link L1 with notes and no activity, as in
// a timeline written by hand without the activity column.
func noteMilestone(date, notes string) linkmatch.Session {
	s := sess(linkmatch.KindMilestone, date, "")
	s.Notes = notes
	return s
}

// retainerDays lists the days paid in each retainer row of res.
func retainerDays(res *Result) []int {
	var days []int
	for _, r := range res.Rows {
		if r.Item == ItemRetainer {
			days = append(days, int(r.Days))
		}
	}
	return days
}

// TestSeed000HandWritten: seed 000's worked example as a person would write
// it by hand, with no milestones at all: dinner every Monday and two
// weekends in a 4-week month. The link is ongoing, so its retainer runs to
// the end of the month and the month costs £549.30, not £463.59 (the
// retainer stopping at the last dinner, on the 25th).
func TestSeed000HandWritten(t *testing.T) {
	rt := loadRates(t, "seed000-example.csv")
	sessions := []linkmatch.Session{
		sess(linkmatch.KindHalfDay, "2027-01-04", ""),
		sess(linkmatch.KindDayAndHalf, "2027-01-09", "2027-01-10"),
		sess(linkmatch.KindHalfDay, "2027-01-11", ""),
		sess(linkmatch.KindHalfDay, "2027-01-18", ""),
		sess(linkmatch.KindDayAndHalf, "2027-01-23", "2027-01-24"),
		sess(linkmatch.KindHalfDay, "2027-01-25", ""),
	}
	links := map[string]LinkInfo{"L1": {ChildID: "C1", CarerID: "K1", DateOfBirth: d("2012-06-15"), Tier: linkmatch.TierStandard}}
	res, err := Price(context.Background(), sessions, links, rt, Options{Payments: seed000Pay, From: d("2027-01-04"), To: d("2027-01-31")})
	if err != nil {
		t.Fatal(err)
	}
	if res.Total != 54930 || res.Retainer != 40000 {
		t.Errorf("total %s (retainer %s), want 549.30 (400.00)", res.Total, res.Retainer)
	}
	if l := res.Links[0]; l.Ends != EndOngoing || l.End != d("2027-01-31") {
		t.Errorf("link ends %s on %s, want ongoing to 2027-01-31", l.Ends, l.End)
	}
	if !strings.Contains(res.Summary[0].Notes, "1 ongoing") {
		t.Errorf("the summary does not say the link is ongoing: %q", res.Summary[0].Notes)
	}
}

// TestLinkEnds: when a link stops being paid its retainer.
func TestLinkEnds(t *testing.T) {
	rt := loadRates(t, "seed001-daycare.csv")
	info := LinkInfo{ChildID: "C1", CarerID: "K1", DateOfBirth: d("2012-06-15")}
	tests := []struct {
		name     string
		info     LinkInfo
		sessions []linkmatch.Session
		from, to string
		ends     EndReason
		end      string
		days     string // retainer days per week
	}{
		{"ongoing: from the first row to the end of the period", info,
			[]linkmatch.Session{sess(linkmatch.KindMeeting, "2027-01-07", ""), sess(linkmatch.KindDayAndHalf, "2027-01-16", "2027-01-17")},
			"2027-01-01", "2027-01-31", EndOngoing, "2027-01-31", "[4 7 7 7]"},
		// Wednesday 13 January: Monday to Wednesday, 3/7 of the week.
		{"end milestone on a Wednesday", info,
			[]linkmatch.Session{sess(linkmatch.KindHalfDay, "2027-01-04", ""), milestone("2027-01-13", linkmatch.ActivityLinkEnds)},
			"2027-01-01", "2027-01-31", EndMilestone, "2027-01-13", "[7 3]"},
		{"notice ends the link 28 days later", info,
			[]linkmatch.Session{sess(linkmatch.KindHalfDay, "2027-01-04", ""), milestone("2027-01-06", linkmatch.ActivityNotice)},
			"2027-01-01", "2027-03-31", EndNotice, "2027-02-03", "[7 7 7 7 3]"},
		{"the earlier of notice and an end milestone", info,
			[]linkmatch.Session{sess(linkmatch.KindHalfDay, "2027-01-04", ""), milestone("2027-01-06", linkmatch.ActivityNotice), milestone("2027-01-20", "The link ends")},
			"2027-01-01", "2027-03-31", EndMilestone, "2027-01-20", "[7 7 3]"},
		{"a milestone that carries on ends nothing", info,
			[]linkmatch.Session{sess(linkmatch.KindHalfDay, "2027-01-04", ""), milestone("2027-01-08", linkmatch.ActivityPlanEnds)},
			"2027-01-04", "2027-01-17", EndOngoing, "2027-01-17", "[7 7]"},
		{"a hand-written end in the notes, with no activity", info,
			[]linkmatch.Session{sess(linkmatch.KindHalfDay, "2027-01-04", ""), noteMilestone("2027-01-13", "the link ends")},
			"2027-01-01", "2027-01-31", EndMilestone, "2027-01-13", "[7 3]"},
		// Only the exact words end a link: notes that mention an end, under
		// an activity that says the link continues, end nothing.
		{"notes that mention an end under another activity", info,
			[]linkmatch.Session{sess(linkmatch.KindHalfDay, "2027-01-04", ""), func() linkmatch.Session {
				s := milestone("2027-01-08", "review of the link")
				s.Notes = "the link ends if the review says so; notice may follow"
				return s
			}()},
			"2027-01-04", "2027-01-17", EndOngoing, "2027-01-17", "[7 7]"},
		// The leaving-care milestone ends the link the day before, even
		// with no date of birth to go by.
		{"the leaving-care milestone at 18", LinkInfo{ChildID: "C1", CarerID: "K1"},
			[]linkmatch.Session{sess(linkmatch.KindMeeting, "2027-01-04", ""), milestone("2027-01-13", linkmatch.ActivityLeavingCare)},
			"2027-01-04", "2027-01-31", EndEighteen, "2027-01-12", "[7 2]"},
		{"the leaving-care milestone of a young person staying put", LinkInfo{ChildID: "C1", CarerID: "K1", DateOfBirth: d("2009-01-13"), StayingPut: true},
			[]linkmatch.Session{sess(linkmatch.KindMeeting, "2027-01-04", ""), milestone("2027-01-13", linkmatch.ActivityLeavingCare)},
			"2027-01-04", "2027-01-31", EndOngoing, "2027-01-31", "[7 2]"},
		// Born 2009-01-13: 18 on Wednesday 13 January 2027, so paid to Tuesday.
		{"the day before the 18th birthday", LinkInfo{ChildID: "C1", CarerID: "K1", DateOfBirth: d("2009-01-13")},
			[]linkmatch.Session{sess(linkmatch.KindHalfDay, "2027-01-04", "")},
			"2027-01-04", "2027-01-31", EndEighteen, "2027-01-12", "[7 2]"},
		// The link continues, but the retainer is paid per child: to 18.
		{"Staying Put continues past 18", LinkInfo{ChildID: "C1", CarerID: "K1", DateOfBirth: d("2009-01-13"), StayingPut: true},
			[]linkmatch.Session{sess(linkmatch.KindHalfDay, "2027-01-04", "")},
			"2027-01-04", "2027-01-31", EndOngoing, "2027-01-31", "[7 2]"},
		{"Staying Put ends before 21", LinkInfo{ChildID: "C1", CarerID: "K1", DateOfBirth: d("2006-01-13"), StayingPut: true},
			[]linkmatch.Session{sess(linkmatch.KindMeeting, "2027-01-04", "")},
			"2027-01-04", "2027-01-31", EndTwentyOne, "2027-01-12", "[]"},
		// A plan stopped as not ready (Wednesday 13 January) pays nothing
		// after the stop; a re-plan that carries the link on after the
		// review's decision pays on.
		{"a plan stopped as not ready", info,
			[]linkmatch.Session{sess(linkmatch.KindHalfDay, "2027-01-04", ""), milestone("2027-01-13", linkmatch.ActivityNotReady)},
			"2027-01-01", "2027-01-31", EndNotReady, "2027-01-13", "[7 3]"},
		{"a stopped plan carried on by a re-plan", info,
			[]linkmatch.Session{sess(linkmatch.KindHalfDay, "2027-01-04", ""), milestone("2027-01-13", linkmatch.ActivityNotReady), sess(linkmatch.KindHalfDay, "2027-01-18", "")},
			"2027-01-01", "2027-01-31", EndOngoing, "2027-01-31", "[7 7 7 7]"},
		{"ended before the period: no retainer", info,
			[]linkmatch.Session{sess(linkmatch.KindHalfDay, "2026-12-01", ""), milestone("2026-12-20", "the link ends")},
			"2027-01-01", "2027-01-31", EndMilestone, "2026-12-20", "[]"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			links := map[string]LinkInfo{"L1": tc.info}
			res, err := Price(context.Background(), tc.sessions, links, rt, Options{Payments: linkmatch.Payments{RetainerWeekly: 10000}, From: d(tc.from), To: d(tc.to)})
			if err != nil {
				t.Fatal(err)
			}
			l := res.Links[0]
			if l.Ends != tc.ends || l.End != d(tc.end) {
				t.Errorf("ends %s on %s, want %s on %s", l.Ends, l.End, tc.ends, tc.end)
			}
			if got := fmt.Sprint(retainerDays(res)); got != tc.days {
				t.Errorf("retainer days %s, want %s", got, tc.days)
			}
		})
	}
}

// TestEndsOnWednesdayPaysThreeSevenths: the last week of a link ending on a
// Wednesday is 3/7 of the weekly retainer, £42.86 of £100.
func TestEndsOnWednesdayPaysThreeSevenths(t *testing.T) {
	rt := loadRates(t, "seed001-daycare.csv")
	links := map[string]LinkInfo{"L1": {ChildID: "C1", CarerID: "K1", DateOfBirth: d("2012-06-15")}}
	sessions := []linkmatch.Session{sess(linkmatch.KindHalfDay, "2027-01-04", ""), milestone("2027-01-13", "the link ends")}
	res, err := Price(context.Background(), sessions, links, rt, Options{Payments: linkmatch.Payments{RetainerWeekly: 10000}, From: d("2027-01-04"), To: d("2027-03-31")})
	if err != nil {
		t.Fatal(err)
	}
	last := res.Rows[len(res.Rows)-1]
	if last.Item != ItemRetainer || last.Date != d("2027-01-11") || last.Days != 3 || last.Amount != 4286 {
		t.Errorf("last row %s %s %d days %s, want the retainer of 2027-01-11, 3 days, 42.86", last.Date, last.ItemName(), last.Days, last.Amount)
	}
	if res.Retainer != 10000+4286 {
		t.Errorf("retainer %s, want 142.86", res.Retainer)
	}
}

// TestNothingCostedAt18: no cost row for a child aged 18 or over unless
// Staying Put: no session, no trip, and the summary says why. Staying Put,
// the carer's trips to meetings go on, but child-rate sessions are not paid
// from 18 (Staying Put time is its own kind, paid by the week).
func TestNothingCostedAt18(t *testing.T) {
	rt := loadRates(t, "seed001-daycare.csv")
	sessions := []linkmatch.Session{
		sess(linkmatch.KindHalfDay, "2027-01-06", ""),
		sess(linkmatch.KindMeeting, "2027-01-11", ""),
		sess(linkmatch.KindHalfDay, "2027-01-13", ""), // the 18th birthday
		sess(linkmatch.KindFullDay, "2027-01-16", ""),
		sess(linkmatch.KindMeeting, "2027-01-18", ""),
	}
	for _, stayingPut := range []bool{false, true} {
		t.Run(fmt.Sprint("staying put ", stayingPut), func(t *testing.T) {
			links := map[string]LinkInfo{"L1": {ChildID: "C1", CarerID: "K1", DateOfBirth: d("2009-01-13"), MilesOneWay: 5, StayingPut: stayingPut}}
			res, err := Price(context.Background(), sessions, links, rt, Options{Payments: seed000Pay, From: d("2027-01-04"), To: d("2027-01-31")})
			if err != nil {
				t.Fatal(err)
			}
			adult := 0
			for _, r := range res.Rows {
				if r.Age >= 18 {
					adult++
				}
			}
			if stayingPut {
				if adult == 0 || res.Links[0].NotPaid != 2 {
					t.Errorf("Staying Put: %d rows at 18 or over, %d not paid; want the meeting's trip, and the two child-rate sessions unpaid", adult, res.Links[0].NotPaid)
				}
				for _, r := range res.Rows {
					if r.Item == ItemRetainer && r.Age >= 18 {
						t.Errorf("a retainer on %s at 18: it is paid per child", r.Date)
					}
					if r.Item == ItemSession && r.Age >= 18 {
						t.Errorf("a child-rate %s on %s at 18", r.Kind, r.Date)
					}
				}
				for _, sr := range res.Summary {
					if sr.ScopeKind == ScopeLink && sr.Kind == PeriodTotal && !strings.Contains(sr.Notes, "Staying Put from 2027-01-13") {
						t.Errorf("link notes %q do not say Staying Put starts", sr.Notes)
					}
				}
				return
			}
			if adult != 0 {
				t.Errorf("%d rows for a child aged 18 or over", adult)
			}
			if res.Links[0].NotPaid != 3 {
				t.Errorf("%d rows not paid, want 3 (two sessions and a meeting)", res.Links[0].NotPaid)
			}
			found := false
			for _, f := range res.Findings {
				found = found || f.Kind == FindingNotPaid
			}
			if !found || !strings.Contains(res.Summary[0].Notes, "18th birthday") {
				t.Errorf("not said: findings %v, notes %q", res.Findings, res.Summary[0].Notes)
			}
		})
	}
}

// TestOvernightRule: [payments] overnight chooses how a night is paid.
func TestOvernightRule(t *testing.T) {
	links := map[string]LinkInfo{"L1": {ChildID: "C1", CarerID: "K1", DateOfBirth: d("2012-06-15")}}
	sessions := []linkmatch.Session{sess(linkmatch.KindOvernight, "2027-01-08", "2027-01-10")} // two nights
	opts := Options{From: d("2027-01-04"), To: d("2027-01-10")}

	// Per night: seed 001 has no overnight rate, so the night cannot be priced.
	_, err := Price(context.Background(), sessions, links, loadRates(t, "seed001-daycare.csv"), opts)
	if !errors.Is(err, ErrNoRateForUnit) {
		t.Errorf("per night without an overnight rate: %v, want ErrNoRateForUnit", err)
	}
	// A day and a half each night: 2 × (£39.80 + £19.90) for a 14-year-old.
	opts.Payments.Overnight = linkmatch.OvernightDayAndHalf
	res, err := Price(context.Background(), sessions, links, loadRates(t, "seed001-daycare.csv"), opts)
	if err != nil {
		t.Fatal(err)
	}
	if r := res.Rows[0]; r.Amount != 2*(3980+1990) || r.Quantity != 2 || r.NRates != 2 {
		t.Errorf("overnight %s (quantity %g, %d rates), want 119.40 for two nights", r.Amount, r.Quantity, r.NRates)
	}
	// Per night with an overnight rate: 2 × £42.
	opts.Payments.Overnight = linkmatch.OvernightPerNight
	rt, err := NewRateTable("rates.csv", ratesFile(t, "../scenarios/somerset-stepdown/rates.csv"))
	if err != nil {
		t.Fatal(err)
	}
	if res, err = Price(context.Background(), sessions, links, rt, opts); err != nil {
		t.Fatal(err)
	}
	if r := res.Rows[0]; r.Amount != 2*4200 {
		t.Errorf("overnight %s, want 84.00", r.Amount)
	}
}

// TestDayAndHalfFromOneTable: on the day a new table comes into force, both
// rates of a day and a half come from it.
func TestDayAndHalfFromOneTable(t *testing.T) {
	data := `effective_from,tier,age_min,age_max,unit,amount_gbp
2026-04-01,standard,0,18,half_day,15.00
2026-04-01,standard,0,18,full_day,30.00
2027-04-01,standard,0,18,half_day,16.00
2027-04-01,standard,0,18,full_day,32.00
`
	rt, err := NewRateTable("rates.csv", ratesCSV(t, []byte(data)))
	if err != nil {
		t.Fatal(err)
	}
	links := map[string]LinkInfo{"L1": {ChildID: "C1", CarerID: "K1", DateOfBirth: d("2012-06-15")}}
	sessions := []linkmatch.Session{
		sess(linkmatch.KindDayAndHalf, "2027-03-31", "2027-04-01"),
		sess(linkmatch.KindDayAndHalf, "2027-04-01", "2027-04-02"),
	}
	res, err := Price(context.Background(), sessions, links, rt, Options{From: d("2027-03-01"), To: d("2027-04-30")})
	if err != nil {
		t.Fatal(err)
	}
	for i, want := range []struct {
		amount linkmatch.Pence
		lines  [2]int
	}{{4500, [2]int{3, 2}}, {4800, [2]int{5, 4}}} {
		r := res.Rows[i]
		if r.Amount != want.amount || rt.Rate(int(r.Rates[0])).Line != want.lines[0] || rt.Rate(int(r.Rates[1])).Line != want.lines[1] {
			t.Errorf("%s: %s from lines %d and %d, want %s from lines %v", r.Date, r.Amount,
				rt.Rate(int(r.Rates[0])).Line, rt.Rate(int(r.Rates[1])).Line, want.amount, want.lines)
		}
	}
}

// TestExistingLinks: a carer's current links outside the plans are costed
// at the retainer for the whole period.
func TestExistingLinks(t *testing.T) {
	rt := loadRates(t, "seed001-daycare.csv")
	links := map[string]LinkInfo{
		"L1":            {ChildID: "C1", CarerID: "K1", DateOfBirth: d("2012-06-15")},
		"K1-existing-1": {CarerID: "K1", Existing: true},
	}
	sessions := []linkmatch.Session{sess(linkmatch.KindHalfDay, "2027-01-13", "")}
	res, err := Price(context.Background(), sessions, links, rt, Options{Payments: linkmatch.Payments{RetainerWeekly: 10000}, From: d("2027-01-04"), To: d("2027-01-31")})
	if err != nil {
		t.Fatal(err)
	}
	var existing linkmatch.Pence
	for _, r := range res.Rows {
		if res.Links[r.Link].Existing {
			existing += r.Amount
		}
	}
	if existing != 40000 {
		t.Errorf("existing link costs %s, want 400.00 (four weeks' retainer)", existing)
	}
	for _, s := range res.Summary {
		if s.ScopeKind == ScopeCarer && s.Kind == PeriodTotal && (s.Existing != 1 || len(s.Children) != 1 || s.ActiveLinks != 2) {
			t.Errorf("carer total: %d existing, children %v, %d active; want 1, [C1], 2", s.Existing, s.Children, s.ActiveLinks)
		}
	}
}

// TestGapsAndEndedPeriods: more than four weeks without a session, and a
// period after every link has ended, are said in the summary, not left as
// silent zeros.
func TestGapsAndEndedPeriods(t *testing.T) {
	rt := loadRates(t, "seed001-daycare.csv")
	links := map[string]LinkInfo{"L1": {ChildID: "C1", CarerID: "K1", DateOfBirth: d("2012-06-15")}}
	sessions := []linkmatch.Session{
		sess(linkmatch.KindHalfDay, "2027-01-04", ""),
		sess(linkmatch.KindHalfDay, "2027-02-15", ""), // 41 days without a session before it
		milestone("2027-02-26", "the link ends"),
	}
	res, err := Price(context.Background(), sessions, links, rt, Options{Payments: linkmatch.Payments{RetainerWeekly: 10000}, From: d("2027-01-04"), To: d("2027-04-30")})
	if err != nil {
		t.Fatal(err)
	}
	if g := res.Links[0].Gaps; len(g) != 1 || g[0] != (Gap{d("2027-01-05"), d("2027-02-14")}) {
		t.Errorf("gaps %v, want 2027-01-05 to 2027-02-14", g)
	}
	notes := map[string]string{}
	for _, s := range res.Summary {
		notes[s.ScopeKind.String()+" "+s.Kind.String()+" "+s.Period] = s.Notes
	}
	for k, want := range map[string]string{
		"link month 2027-01":              "no sessions from 2027-01-05 to 2027-02-14 (41 days)",
		"all month 2027-02":               "1 link ends",
		"all month 2027-03":               "no link is active: every link has ended (the last on 2027-02-26)",
		"all month 2027-04":               "no link is active: every link has ended",
		"all total 2027-01-04/2027-04-30": "every link has ended by 2027-02-26",
	} {
		if !strings.Contains(notes[k], want) {
			t.Errorf("%s: notes %q lack %q", k, notes[k], want)
		}
	}
	kinds := map[FindingKind]bool{}
	for _, f := range res.Findings {
		kinds[f.Kind] = true
	}
	if !kinds[FindingGap] || !kinds[FindingAllEnded] || kinds[FindingOngoing] {
		t.Errorf("findings %v", res.Findings)
	}
}

// TestPastEveryPlan: an ongoing link costed beyond the last planned day is
// a finding, and the periods after it say only retainers are costed; the
// unplanned days are not called a gap in the plan.
func TestPastEveryPlan(t *testing.T) {
	rt := loadRates(t, "seed001-daycare.csv")
	links := map[string]LinkInfo{"L1": {ChildID: "C1", CarerID: "K1", DateOfBirth: d("2012-06-15")}}
	sessions := []linkmatch.Session{sess(linkmatch.KindHalfDay, "2027-01-04", ""), sess(linkmatch.KindHalfDay, "2027-01-11", "")}
	res, err := Price(context.Background(), sessions, links, rt, Options{Payments: linkmatch.Payments{RetainerWeekly: 10000}, From: d("2027-01-04"), To: d("2027-03-31")})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Findings) == 0 || res.Findings[0].Kind != FindingPastEveryPlan {
		t.Fatalf("findings %v, want the period past every plan first", res.Findings)
	}
	// The days after the plan are not planned yet, not a gap in the plan.
	if l := res.Links[0]; len(l.Gaps) != 0 {
		t.Errorf("gaps %v after the last planned day", l.Gaps)
	}
	if f := res.Findings[len(res.Findings)-1]; f.Kind != FindingPlanEnds || f.Text != "planned to 2027-01-11: from 2027-01-12 to 2027-03-31 only the retainer is costed, as nothing is planned yet" {
		t.Errorf("last finding %+v, want the link's plan ending", f)
	}
	for _, s := range res.Summary {
		if s.ScopeKind == ScopeAllLinks && s.Kind == PeriodMonth && s.Period == "2027-03" &&
			!strings.Contains(s.Notes, "after the end of every plan (the last planned day is 2027-01-11)") {
			t.Errorf("March notes %q", s.Notes)
		}
	}
}

// TestNoneStarted: a costing period before every link starts costs nothing
// and says why, rather than calling the links ongoing.
func TestNoneStarted(t *testing.T) {
	rt := loadRates(t, "seed001-daycare.csv")
	links := map[string]LinkInfo{"L1": {ChildID: "C1", CarerID: "K1", DateOfBirth: d("2012-06-15")}}
	sessions := []linkmatch.Session{sess(linkmatch.KindHalfDay, "2027-03-01", "")}
	res, err := Price(context.Background(), sessions, links, rt, Options{Payments: linkmatch.Payments{RetainerWeekly: 10000}, From: d("2027-01-04"), To: d("2027-01-31")})
	if err != nil {
		t.Fatal(err)
	}
	if res.Total != 0 || len(res.Findings) != 1 || res.Findings[0].Kind != FindingNoneStarted {
		t.Errorf("total %s, findings %v; want nothing paid and one finding that no link has started", res.Total, res.Findings)
	}
	if !strings.Contains(res.Summary[0].Notes, "the first starts on 2027-03-01") {
		t.Errorf("notes %q", res.Summary[0].Notes)
	}
}

// TestGapsCountStayingPut: Staying Put time is time with the young person,
// so it closes a spell without sessions; meetings do not.
func TestGapsCountStayingPut(t *testing.T) {
	rt := loadRates(t, "seed001-daycare.csv")
	// Born 2009-01-13: 18 on Wednesday 13 January 2027, staying put.
	links := map[string]LinkInfo{"L1": {ChildID: "C1", CarerID: "K1", DateOfBirth: d("2009-01-13"), StayingPut: true}}
	for _, tc := range []struct {
		name  string
		kind  linkmatch.SessionKind
		gaps  int
		first string
	}{
		{"Staying Put time", linkmatch.KindStayingPut, 0, ""},
		{"meetings only", linkmatch.KindMeeting, 1, "no sessions from 2027-01-05 to 2027-03-31 (86 days)"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			sessions := []linkmatch.Session{sess(linkmatch.KindHalfDay, "2027-01-04", "")}
			for _, day := range []string{"2027-01-30", "2027-02-20", "2027-03-13", "2027-03-31"} {
				sessions = append(sessions, sess(tc.kind, day, ""))
			}
			res, err := Price(context.Background(), sessions, links, rt, Options{From: d("2027-01-04"), To: d("2027-03-31")})
			if err != nil {
				t.Fatal(err)
			}
			l := res.Links[0]
			if len(l.Gaps) != tc.gaps || tc.gaps > 0 && gapNote(l.Gaps[0]) != tc.first {
				t.Errorf("gaps %v, want %d (%s)", l.Gaps, tc.gaps, tc.first)
			}
		})
	}
}
