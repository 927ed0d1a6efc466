package match

import (
	"bytes"
	"context"
	"math"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/linkmatch/linkmatch"
	"github.com/linkmatch/linkmatch/match/generate"
)

var estimateRe = regexp.MustCompile(`([0-9.]+) km by road \(estimated as ([0-9.]+) km in a straight line × ([0-9.]+) for roads\)`)

// TestWhyWordsAgreeWithNumbers: over a generated scenario's pairs, the
// words of "linkmatch why" agree with the numbers beside them — the road
// estimate's arithmetic checks (straight line × circuity = road distance as
// written), the tier is credited as the experience value counts it (a
// standard tier that earns nothing never reads as "(40%)"), the distant
// authority policy is named only for a carer in a distant or unknown
// authority, and a carer in assessment is flagged.
func TestWhyWordsAgreeWithNumbers(t *testing.T) {
	sc, err := generate.Generate(context.Background(), generate.Options{Children: 40, Carers: 120, Seed: 4})
	if err != nil {
		t.Fatal(err)
	}
	sc.Carers[5].Status, sc.Carers[5].ApprovalExpected = linkmatch.StatusInAssessment, linkmatch.MustParseDate("2027-03-01")
	s, err := NewScorer(sc.Children, sc.Carers, nil, Options{MaxDistanceKm: 40, On: sc.Start})
	if err != nil {
		t.Fatal(err)
	}
	estimates, standardNone := 0, 0
	for ci := range sc.Children {
		for ki := range sc.Carers {
			if (ci*len(sc.Carers)+ki)%7 != 0 && ki != 5 {
				continue
			}
			w := s.Why(ci, ki)
			var b bytes.Buffer
			if err := w.WriteText(&b); err != nil {
				t.Fatal(err)
			}
			out := b.String()
			if m := estimateRe.FindStringSubmatch(out); m != nil {
				estimates++
				var km [3]float64
				for i := range km {
					if km[i], err = strconv.ParseFloat(m[i+1], 64); err != nil {
						t.Fatalf("%q: %v", m[0], err)
					}
				}
				road, line, circ := km[0], km[1], km[2]
				// Half a unit of the road distance's last decimal, and the
				// straight line's rounding × the circuity.
				tol := 0.005 + circ*0.0005
				if !strings.Contains(m[1], ".") || len(m[1])-strings.Index(m[1], ".") == 2 {
					tol = 0.05 + circ*0.005
				}
				if math.Abs(line*circ-road) > tol {
					t.Errorf("%s–%s: %s, but %g × %g = %.3f", w.ChildID, w.CarerID, m[0], line, circ, line*circ)
				}
			}
			var exp, border ComponentCheck
			for _, c := range w.Components {
				switch c.Component {
				case linkmatch.ComponentExperience:
					exp = c
				case linkmatch.ComponentBorder:
					border = c
				}
			}
			if strings.Contains(exp.Detail, "standard tier (") {
				t.Errorf("%s–%s: the tier reads as credit: %s", w.ChildID, w.CarerID, exp.Detail)
			}
			if strings.Contains(exp.Detail, "earns none of the tier's") {
				standardNone++
				if sc.Carers[ki].Tier != linkmatch.TierStandard {
					t.Errorf("%s–%s: no tier credit for %v: %s", w.ChildID, w.CarerID, sc.Carers[ki].Tier, exp.Detail)
				}
			}
			policy := strings.Contains(out, "the scenario allows distant authorities") || strings.Contains(out, "the scenario forbids distant authorities")
			near := strings.Contains(border.Detail, "the child's own authority") || strings.Contains(border.Detail, ", which borders the child's")
			if policy == near {
				t.Errorf("%s–%s: the distant-authority policy named %v for a border %q", w.ChildID, w.CarerID, policy, border.Detail)
			}
			if flagged := strings.Contains(out, "Provisional: "+w.CarerID+" is still being assessed (approval expected 1 Mar 2027)"); flagged != (ki == 5) {
				t.Errorf("%s–%s: provisional flag %v", w.ChildID, w.CarerID, flagged)
			}
		}
	}
	if estimates == 0 || standardNone == 0 {
		t.Errorf("%d road estimates, %d standard-tier carers with no tier credit: the scenario tests nothing", estimates, standardNone)
	}
}

// TestExplainFlagsProvisional: a carer still being assessed is flagged in
// the explanation shortlist.csv and the report give, with the date.
func TestExplainFlagsProvisional(t *testing.T) {
	c, k := baseChild(), baseCarer()
	approved := k
	k.ID, k.Status, k.ApprovalExpected = "K2", linkmatch.StatusInAssessment, linkmatch.MustParseDate("2027-03-01")
	s := mustScorer(t, []linkmatch.Child{c}, []linkmatch.Carer{approved, k}, testOptions())
	for i, want := range []bool{false, true} {
		p, _, broken := s.Check(0, i)
		if broken != 0 {
			t.Fatalf("carer %d breaks %v", i, broken.Rules())
		}
		got := s.Explain(p)
		if strings.Contains(got, "still being assessed, so the link is provisional (approval expected 1 Mar 2027)") != want {
			t.Errorf("carer %d: %s", i, got)
		}
	}
}
