package pipeline

import (
	"fmt"
	"strings"
	"testing"
)

// TestPrintSummary checks validate's summary against the scenario it
// describes: its counts, the mode and template a run would use, and
// counts in the right number ("1 carer", never "1 carers").
func TestPrintSummary(t *testing.T) {
	sc := loadScenario(t, "", nil)
	prep, err := Prepare(sc, Options{})
	if err != nil {
		t.Fatal(err)
	}
	var b strings.Builder
	PrintSummary(&b, sc, prep, 1)
	out := b.String()
	sum := sc.Summary()
	for _, want := range []string{
		sc.Name + ": valid\n",
		fmt.Sprintf("  children:          %d\n", len(sc.Children)),
		fmt.Sprintf("  carers:            %d\n", len(sc.Carers)),
		fmt.Sprintf("  free places:       %d ", sum.FreePlaces),
		"  matching mode:     " + prep.Mode.String() + "\n",
		"  stage template:    " + prep.Template.Name + "\n",
		"  warnings:          1\n",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("summary lacks %q:\n%s", want, out)
		}
	}
	if n := sum.InAssessment; n == 1 && !strings.Contains(out, "1 carer (") || n != 1 && n > 0 && !strings.Contains(out, fmt.Sprintf("%d carers (", n)) {
		t.Errorf("in assessment: %d carers, said as:\n%s", n, out)
	}
}
