package cost

import (
	"context"
	"strings"
	"testing"

	"github.com/linkmatch/linkmatch"
)

// TestStayingPutAfterThePlan: a young person staying put whose plan ends
// before the costing period does is costed one staying_put_week for every
// later week of the link (the arrangement goes on); when the carer's tier
// has no staying_put_week rate, every period row those weeks fall in says
// so, naming the tier, and none says "the retainer alone".
func TestStayingPutAfterThePlan(t *testing.T) {
	// Born 2009-01-20: 18 on Tuesday 2027-01-20. The plan's last row is a
	// tea on Tuesday 2 February; costing runs to Sunday 28 March.
	sessions := []linkmatch.Session{
		sess(linkmatch.KindHalfDay, "2027-01-05", ""),
		sess(linkmatch.KindStayingPut, "2027-01-26", ""),
		sess(linkmatch.KindStayingPut, "2027-02-02", ""),
	}
	base := []linkmatch.Rate{{EffectiveFrom: d("2026-04-01"), Tier: linkmatch.TierStandard, AgeMin: 0, AgeMax: 17, Unit: linkmatch.KindHalfDay, Amount: 2000, Line: 2},
		{EffectiveFrom: d("2026-04-01"), Tier: linkmatch.TierFosteringPlus, AgeMin: 0, AgeMax: 17, Unit: linkmatch.KindHalfDay, Amount: 3000, Line: 3},
		{EffectiveFrom: d("2026-04-01"), Tier: linkmatch.TierStandard, AgeMin: 18, AgeMax: 20, Unit: linkmatch.KindStayingPut, Amount: 25000, Line: 4}}
	rt, err := NewRateTable("rates.csv", base)
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name      string
		tier      linkmatch.Tier
		wantSP    int // staying_put_week rows
		wantUnpr  int
		wantNotes map[string]string // month or week → a note that must be in it
	}{
		{"a standard carer: Staying Put is costed to the end", linkmatch.TierStandard, 9, 0, map[string]string{
			"2027-03":  "nothing planned (the plan ends on 2027-02-02): the Staying Put arrangement is costed, one staying_put_week a week",
			"2027-02":  "its plan ends on 2027-02-02: after it the Staying Put arrangement is costed",
			"2027-W10": "the Staying Put arrangement is costed",
		}},
		{"a Fostering Plus carer with no rate: every period says so", linkmatch.TierFosteringPlus, 0, 9, map[string]string{
			"2027-01":  "1 week of Staying Put not costed: the rates give no fostering_plus staying_put_week rate",
			"2027-02":  "4 weeks of Staying Put not costed: the rates give no fostering_plus staying_put_week rate",
			"2027-03":  "4 weeks of Staying Put not costed: the rates give no fostering_plus staying_put_week rate",
			"2027-W10": "1 week of Staying Put not costed: the rates give no fostering_plus staying_put_week rate",
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			links := map[string]LinkInfo{"L1": {ChildID: "C1", CarerID: "K1", DateOfBirth: d("2009-01-20"), Tier: tc.tier, StayingPut: true}}
			res, err := Price(context.Background(), sessions, links, rt, Options{Payments: linkmatch.Payments{RetainerWeekly: 10000}, From: d("2027-01-04"), To: d("2027-03-28")})
			if err != nil {
				t.Fatal(err)
			}
			sp := 0
			for _, r := range res.Rows {
				if r.Item == ItemSession && r.Kind == linkmatch.KindStayingPut {
					sp++
				}
			}
			// Weeks of 25 Jan and 1 Feb have Staying Put time; 8 Feb to 22
			// March are seven weeks after the plan; 18 Jan's week has the
			// birthday but no time with the young person.
			if sp != tc.wantSP || len(res.Unpriced) != tc.wantUnpr {
				t.Errorf("%d staying_put_week rows and %d unpriced, want %d and %d", sp, len(res.Unpriced), tc.wantSP, tc.wantUnpr)
			}
			for _, s := range res.Summary {
				if s.ScopeKind != ScopeLink || s.Kind == PeriodTotal {
					continue
				}
				if want, ok := tc.wantNotes[s.Period]; ok && !strings.Contains(s.Notes, want) {
					t.Errorf("%s %s notes %q, want %q in them", s.Kind, s.Period, s.Notes, want)
				}
				if strings.Contains(s.Notes, "the retainer alone") {
					t.Errorf("%s %s says %q, but the retainer stopped at 18", s.Kind, s.Period, s.Notes)
				}
				if s.Start > d("2027-02-07") && s.Amount == 0 && !strings.Contains(s.Notes, "not costed") {
					t.Errorf("%s %s costs nothing and its notes %q do not say why", s.Kind, s.Period, s.Notes)
				}
			}
		})
	}
}

// TestEveryLinkEndedOneFinding: when every plan ends before its link does
// (a notice period after the last session) and every link ends before the
// costing period does, one finding says both, rather than one about the
// retainers of ongoing links and another that every link has ended.
func TestEveryLinkEndedOneFinding(t *testing.T) {
	rt := loadRates(t, "seed001-daycare.csv")
	links := map[string]LinkInfo{"L1": {ChildID: "C1", CarerID: "K1", DateOfBirth: d("2012-06-15")}}
	sessions := []linkmatch.Session{
		sess(linkmatch.KindHalfDay, "2027-01-04", ""),
		milestone("2027-01-11", linkmatch.ActivityNotice), // the link ends 28 days on
	}
	res, err := Price(context.Background(), sessions, links, rt, Options{Payments: linkmatch.Payments{RetainerWeekly: 10000}, From: d("2027-01-04"), To: d("2027-03-31")})
	if err != nil {
		t.Fatal(err)
	}
	var whole []Finding
	for _, f := range res.Findings {
		if f.LinkID == "" {
			whole = append(whole, f)
		}
	}
	if len(whole) != 1 || whole[0].Kind != FindingPastEveryPlan ||
		!strings.Contains(whole[0].Text, "every plan ends by 2027-01-11 and every link by 2027-02-08: from 2027-01-12 to 2027-02-08 only the retainers of links not yet ended are costed") ||
		strings.Contains(whole[0].Text, "ongoing") {
		t.Errorf("whole-costing findings %v, want one saying every plan and every link has ended", whole)
	}
}
