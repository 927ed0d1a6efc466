package panel

import (
	"bytes"
	"testing"

	"github.com/linkmatch/linkmatch/cost"
	"github.com/linkmatch/linkmatch/input"
	"github.com/linkmatch/linkmatch/internal/pipeline"
	"github.com/linkmatch/linkmatch/report"
	"github.com/linkmatch/linkmatch/scenarios"
)

// TestMonthCostsAgreeWithCostSummary: the report's and the workbook's
// "costs by month" are cost-summary.csv's all-links month rows, to the
// penny — retainer weeks spanning two months split by day as there — both
// from costs.csv read back and from the run's rows in memory.
func TestMonthCostsAgreeWithCostSummary(t *testing.T) {
	sc, _, err := scenarios.LoadWith("../../scenarios/somerset-stepdown", scenarios.LoadOptions{})
	if err != nil {
		t.Fatal(err)
	}
	prep, err := pipeline.Prepare(sc, pipeline.Options{})
	if err != nil {
		t.Fatal(err)
	}
	res, err := pipeline.Run(t.Context(), prep, pipeline.RunOptions{Top: 3})
	if err != nil {
		t.Fatal(err)
	}
	c := res.Costs
	var want []report.MonthCost
	split := false
	for _, s := range cost.Summarise(c, cost.DefaultPeriods()) {
		if s.ScopeKind == cost.ScopeAllLinks && s.Kind == cost.PeriodMonth {
			want = append(want, report.MonthCost{Month: s.Start, Retainer: s.Retainer, Sessions: s.Sessions, Mileage: s.Mileage, Total: s.Amount, Links: int(s.Links)})
			split = split || s.Retainer%10000 != 0 // the demo's retainer is £100 a week
		}
	}
	if len(want) < 12 || !split {
		t.Fatalf("the demo's summary has %d months (split weeks: %v); the test needs a year with weeks across months", len(want), split)
	}
	var buf bytes.Buffer
	if err := cost.WriteCosts(&buf, c); err != nil {
		t.Fatal(err)
	}
	var ps input.Problems
	read := parseCosts(buf.Bytes(), &ps)
	if err := ps.Err(); err != nil {
		t.Fatal(err)
	}
	memory := make([]CostItem, len(c.Rows))
	for i := range c.Rows {
		r := &c.Rows[i]
		l := &c.Links[r.Link]
		memory[i] = CostItem{LinkID: l.ID, ChildID: l.ChildID, CarerID: l.CarerID, Date: r.Date, Item: r.ItemName(), Amount: r.Amount, Days: int(r.Days)}
	}
	for name, items := range map[string][]CostItem{"costs.csv": read, "in memory": memory} {
		out := &Outputs{Costs: items, Run: RunRecord{Totals: map[string]string{"costed_from": c.From.String(), "costed_to": c.To.String()}}}
		got := costs(out).Months
		if len(got) != len(want) {
			t.Fatalf("%s: %d months, cost summary %d", name, len(got), len(want))
		}
		for i := range want {
			if got[i] != want[i] {
				t.Errorf("%s: month %s is %+v, cost-summary.csv says %+v", name, want[i].Month, got[i], want[i])
			}
		}
		if sheet := monthSheet(out); len(sheet.Rows) != len(want) {
			t.Errorf("%s: the workbook lists %d months, want %d", name, len(sheet.Rows), len(want))
		}
	}
}

func TestSentenceCase(t *testing.T) {
	for in, want := range map[string]string{"the carer is still being assessed": "The carer is still being assessed", "Already": "Already", "": "", "émile": "Émile", "7 of 8": "7 of 8"} {
		if got := sentenceCase(in); got != want {
			t.Errorf("sentenceCase(%q) = %q, want %q", in, got, want)
		}
	}
}
