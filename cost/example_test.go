package cost_test

import (
	"context"
	"fmt"
	"os"

	"github.com/linkmatch/linkmatch"
	"github.com/linkmatch/linkmatch/cost"
)

// The first week of seed 000's worked example: a 14-year-old comes for
// dinner (a half day, £14.93) and stays the weekend (a day and a half:
// full day £29.86 + half day), with the £100 weekly retainer.
func ExamplePrice() {
	d := linkmatch.MustParseDate
	rates, err := cost.NewRateTable("rates.csv", []linkmatch.Rate{
		{EffectiveFrom: d("2020-04-01"), Tier: linkmatch.TierStandard, AgeMin: 11, AgeMax: 15, Unit: linkmatch.KindHalfDay, Amount: 1493, Line: 2},
		{EffectiveFrom: d("2020-04-01"), Tier: linkmatch.TierStandard, AgeMin: 11, AgeMax: 15, Unit: linkmatch.KindFullDay, Amount: 2986, Line: 3},
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	session := func(kind linkmatch.SessionKind, date, end string) linkmatch.Session {
		return linkmatch.Session{LinkID: "L1", ChildID: "C1", CarerID: "K1", Kind: kind, Date: d(date), EndDate: d(end)}
	}
	sessions := []linkmatch.Session{
		session(linkmatch.KindMilestone, "2027-01-04", "2027-01-04"), // the link starts on a Monday
		session(linkmatch.KindHalfDay, "2027-01-06", "2027-01-06"),
		session(linkmatch.KindDayAndHalf, "2027-01-09", "2027-01-10"),
	}
	links := map[string]cost.LinkInfo{
		"L1": {ChildID: "C1", CarerID: "K1", DateOfBirth: d("2012-06-15"), Tier: linkmatch.TierStandard},
	}
	pay := linkmatch.Payments{RetainerWeekly: 10000, MileagePerMile: 45}
	res, err := cost.Price(context.Background(), sessions, links, rates, cost.Options{Payments: pay, From: d("2027-01-04"), To: d("2027-01-10")})
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, r := range res.Rows {
		fmt.Println(r.Date, r.ItemName(), r.Amount)
	}
	fmt.Println("total", res.Total)
	if err := cost.WriteSummary(os.Stdout, res.Summary[:1]); err != nil {
		fmt.Println(err)
	}
	// Output:
	// 2027-01-04 retainer 100.00
	// 2027-01-06 half_day 14.93
	// 2027-01-09 day_and_half 44.79
	// total 159.72
	// scope,scope_kind,period_kind,period,period_start,period_end,amount_gbp,retainer_gbp,sessions_gbp,mileage_gbp,paid_sessions,miles,links,active_links,link_weeks,weekly_cost_per_link_gbp,cumulative_gbp,notes
	// all,all,total,2027-01-04/2027-01-10,2027-01-04,2027-01-10,159.72,100.00,59.72,0.00,2,0.0,1,1,1.00,159.72,159.72,"1 link from the timeline; 1 ongoing (nothing in the timeline ends them), costed to 2027-01-10"
}
