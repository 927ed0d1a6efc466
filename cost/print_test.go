package cost

import (
	"bytes"
	"context"
	"strings"
	"testing"

	"github.com/linkmatch/linkmatch"
)

// TestPrintCollapsesEmptyYears: a costing that runs years past the plans
// of a scheme without a retainer prints the years with nothing to pay as
// one line, not a column of £0.00; a year with a payment keeps its line.
func TestPrintCollapsesEmptyYears(t *testing.T) {
	rt := bnesRates(t)
	sessions := []linkmatch.Session{sess(linkmatch.KindHalfDay, "2027-02-02", "")}
	info := LinkInfo{ChildID: "C1", CarerID: "K1", DateOfBirth: d("2014-01-01"), Tier: linkmatch.TierStandard}
	res, err := Price(context.Background(), sessions, map[string]LinkInfo{"L1": info}, rt,
		Options{From: d("2027-01-04"), To: d("2030-12-31")})
	if err != nil {
		t.Fatal(err)
	}
	var b bytes.Buffer
	PrintTotals(&b, res, nil, nil)
	out := b.String()
	for _, want := range []string{
		"  financial year 2026-27 (2026-04-01 to 2027-03-31, costed 2027-01-04 to 2027-03-31 only): £27.00;",
		"  financial years 2027-28 to 2030-31 (2027-04-01 to 2031-03-31, costed 2027-04-01 to 2030-12-31 only): £0.00 each; nothing to pay in them (no session is planned, and there is no retainer)\n",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("missing %q in:\n%s", want, out)
		}
	}
	if n := strings.Count(out, "financial year"); n != 2 {
		t.Errorf("%d financial year lines, want 2:\n%s", n, out)
	}
}
