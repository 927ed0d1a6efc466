package cost

import (
	"context"
	"io"
	"testing"
)

// BenchmarkWriteNational writes the costing of BenchmarkCost's national
// timeline (7,000 links for a year, 1.5 million rows) as costs.csv,
// cost-summary.csv and carer_statements.csv, to io.Discard: the CPU the
// writers of a national run take (issue 15), ns/row per row written.
func BenchmarkWriteNational(b *testing.B) {
	rt := loadRates(b, "seed001-daycare.csv")
	start := d("2027-01-04")
	sessions, links := synthetic(7000, start, 52)
	res, err := Price(context.Background(), sessions, links, rt, Options{Payments: seed000Pay, From: start, To: start.AddDays(7*52 - 1)})
	if err != nil {
		b.Fatal(err)
	}
	nSummary := len(Summarise(res, DefaultPeriods()))
	for _, w := range []struct {
		name string
		rows int
		fn   func(io.Writer, *Result) error
	}{
		{"costs", len(res.Rows), WriteCosts},
		{"summary", nSummary, WriteSummaryOf},
		{"statements", 0, WriteStatements},
	} {
		b.Run(w.name, func(b *testing.B) {
			for b.Loop() {
				if err := w.fn(io.Discard, res); err != nil {
					b.Fatal(err)
				}
			}
			if w.rows > 0 {
				b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*w.rows), "ns/row")
			}
		})
	}
}
