package runout

import (
	"testing"

	"github.com/linkmatch/linkmatch/internal/pipeline"
)

// TestCostLine: the printed parts add up to the total, so the retainers
// are shown whenever there are any, whatever the scheme.
func TestCostLine(t *testing.T) {
	k := &pipeline.CostTotals{Total: 1000, Retainer: 400, Sessions: 500, Mileage: 100}
	if got, want := costLine(k), "£10.00 from 1970-01-01 to 1970-01-01 (retainers £4.00, sessions £5.00, mileage £1.00)"; got != want {
		t.Errorf("costLine = %q, want %q", got, want)
	}
	k.Retainer, k.Total = 0, 600
	if got, want := costLine(k), "£6.00 from 1970-01-01 to 1970-01-01 (sessions £5.00, mileage £1.00)"; got != want {
		t.Errorf("costLine = %q, want %q", got, want)
	}
}
