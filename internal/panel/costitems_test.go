package panel

import (
	"math/rand/v2"
	"reflect"
	"testing"
	"time"

	"github.com/linkmatch/linkmatch"
	"github.com/linkmatch/linkmatch/cost"
)

// TestCostItemsOf: the report's cost totals — by carer, by link, in all,
// and the links counted in each — are the same from the items as from one
// item per priced row, as costs.csv lists them, given the same months.
func TestCostItemsOf(t *testing.T) {
	rng := rand.New(rand.NewPCG(4, 5))
	from := linkmatch.MustParseDate("2027-01-04")
	kinds := []linkmatch.SessionKind{linkmatch.KindHalfDay, linkmatch.KindHalfDay + 1, linkmatch.KindHalfDay + 2}
	for range 300 {
		res := &cost.Result{From: from, To: from.AddDays(400)}
		for i := range 1 + rng.IntN(6) {
			id := string(rune('A' + i))
			res.Links = append(res.Links, cost.Link{ID: "L" + id, LinkInfo: cost.LinkInfo{ChildID: "C" + id, CarerID: []string{"K1", "K2", "K3"}[rng.IntN(3)]}})
		}
		for li := range res.Links {
			d := from.AddDays(rng.IntN(60))
			for range rng.IntN(40) {
				d = d.AddDays(rng.IntN(20))
				r := cost.Row{Link: int32(li), Date: d, Item: cost.Item(rng.IntN(3)), Kind: kinds[rng.IntN(len(kinds))],
					Amount: linkmatch.Pence(rng.IntN(10000))}
				res.Rows = append(res.Rows, r)
			}
		}
		var rows []CostItem
		for i := range res.Rows {
			r := &res.Rows[i]
			l := &res.Links[r.Link]
			rows = append(rows, CostItem{LinkID: l.ID, ChildID: l.ChildID, CarerID: l.CarerID, Date: r.Date, Item: r.ItemName(), Amount: r.Amount})
		}
		items := CostItemsOf(res)
		if len(items) > len(rows) {
			t.Fatalf("%d items from %d rows", len(items), len(rows))
		}
		totals := map[string]string{"costed_from": res.From.String(), "costed_to": res.To.String()}
		months := monthCosts(rows, res.From, res.To)
		want := costs(&Outputs{Run: RunRecord{Totals: totals}, Costs: rows, Months: months})
		got := costs(&Outputs{Run: RunRecord{Totals: totals}, Costs: items, Months: months})
		if !reflect.DeepEqual(got, want) {
			t.Fatalf("costs from merged items:\n%+v\nfrom rows:\n%+v", got, want)
		}
		byLink := func(its []CostItem) map[string]linkmatch.Pence {
			m := map[string]linkmatch.Pence{}
			for _, it := range its {
				m[it.LinkID] += it.Amount
			}
			return m
		}
		if got, want := byLink(items), byLink(rows); !reflect.DeepEqual(got, want) {
			t.Fatalf("by link: %v, want %v", got, want)
		}
	}
	if CostItemsOf(nil) != nil {
		t.Fatal("CostItemsOf(nil) is not nil")
	}
}

// BenchmarkCostItemsOf totals the priced rows of a 500-child run's size
// (500 links, two years, about 280,000 rows) into the report's items.
func BenchmarkCostItemsOf(b *testing.B) {
	rng := rand.New(rand.NewPCG(15, 500))
	from := linkmatch.MustParseDate("2027-01-04")
	res := &cost.Result{From: from, To: from.AddDays(730)}
	for li := range 500 {
		id := string(rune('A'+li%26)) + string(rune('A'+li/26))
		res.Links = append(res.Links, cost.Link{ID: "L" + id, LinkInfo: cost.LinkInfo{ChildID: "C" + id, CarerID: "K" + id}})
		// A retainer each week, sessions on most days and their mileage.
		for d := from; d < res.To && len(res.Rows) < 560*(li+1); d = d.AddDays(1 + rng.IntN(2)) {
			row := cost.Row{Link: int32(li), Date: d, Item: cost.ItemSession, Kind: linkmatch.KindHalfDay, Amount: linkmatch.Pence(rng.IntN(10000))}
			switch {
			case d.Weekday() == time.Monday:
				row.Item, row.Days = cost.ItemRetainer, 7
			case rng.IntN(3) == 0:
				row.Item = cost.ItemMileage
			}
			res.Rows = append(res.Rows, row)
		}
	}
	var n int
	for b.Loop() {
		n = len(CostItemsOf(res))
	}
	b.ReportMetric(float64(len(res.Rows)), "rows")
	b.ReportMetric(float64(n), "items")
}
