package match

import (
	"bytes"
	"math"
	"strings"
	"testing"

	"github.com/linkmatch/linkmatch"
)

// TestWhyAgreesWithCheck: for every case of the rule table, Why breaks
// exactly the rules Check breaks, scores an eligible pair exactly as Check
// does, and its points add up to the score.
func TestWhyAgreesWithCheck(t *testing.T) {
	for _, tt := range ruleCases() {
		t.Run(tt.name, func(t *testing.T) {
			c, k, opt := baseChild(), baseCarer(), testOptions()
			if tt.child != nil {
				tt.child(&c)
			}
			if tt.carer != nil {
				tt.carer(&k)
			}
			if tt.opt != nil {
				tt.opt(&opt)
			}
			s := mustScorer(t, []linkmatch.Child{c}, []linkmatch.Carer{k}, opt)
			p, parts, broken := s.Check(0, 0)
			w := s.Why(0, 0)
			var got RuleSet
			for _, r := range w.Broken() {
				got = got.With(r)
			}
			if got != broken {
				t.Fatalf("Why breaks %v, Check %v", got.Rules(), broken.Rules())
			}
			if len(w.Rules) != int(NumRules) || len(w.Components) != int(linkmatch.NumComponents) {
				t.Fatalf("%d rules and %d components", len(w.Rules), len(w.Components))
			}
			for _, r := range w.Rules {
				if r.Detail == "" {
					t.Errorf("rule %s has no detail", r.Rule)
				}
			}
			sum := 0.0
			for _, comp := range w.Components {
				sum += comp.Points
				if comp.Detail == "" {
					t.Errorf("component %s has no detail", comp.Component)
				}
				if broken == 0 && float32(comp.Value) != parts[comp.Component] {
					t.Errorf("%s = %v, Check says %v", comp.Component, comp.Value, parts[comp.Component])
				}
			}
			if math.Abs(sum-w.Score) > 1e-3 {
				t.Errorf("points add up to %v, score %v", sum, w.Score)
			}
			if broken == 0 && (float32(w.Score) != p.Score || w.Rank != 1 || w.EligibleCarers != 1) {
				t.Errorf("eligible pair: score %v rank %d of %d; Check says %v", w.Score, w.Rank, w.EligibleCarers, p.Score)
			}
			if broken != 0 && w.EligibleCarers != 0 {
				t.Errorf("ineligible pair counted among %d eligible carers", w.EligibleCarers)
			}
		})
	}
}

// TestWhyRankIsShortlistRank: a pair's rank in Why is its rank in the
// child's shortlist, for every eligible carer.
func TestWhyRankIsShortlistRank(t *testing.T) {
	s := shortlistFixture(t)
	rows, err := s.Shortlist(t.Context(), 10)
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, e := range rows {
		if e.Rank == 0 {
			continue
		}
		w := s.Why(int(e.Child), int(e.Pair.Carer))
		if !w.Eligible || w.Rank != e.Rank || w.EligibleCarers != e.Eligible {
			t.Errorf("%s–%s: Why says rank %d of %d (eligible %v), shortlist %d of %d",
				w.ChildID, w.CarerID, w.Rank, w.EligibleCarers, w.Eligible, e.Rank, e.Eligible)
		}
		n++
	}
	if n != 3 {
		t.Fatalf("%d eligible pairs, want 3", n)
	}
	// C2 (index 0) has no eligible carer; K4 (index 0) breaks only the
	// distance rule for it... and the skill rule; either way it is told.
	w := s.Why(0, 0)
	if w.Eligible || w.EligibleCarers != 0 {
		t.Fatalf("C2–K4 = %+v", w)
	}
}

// TestWhyText checks the words a person reads for an ineligible pair: the
// verdict names the broken rules, every rule has a line, the distance
// line shows the arithmetic and the limit, and the total is the score.
func TestWhyText(t *testing.T) {
	c, k := baseChild(), baseCarer()
	c.Needs = append(c.Needs, "autism", "pet_allergy")
	k.MaxTravelKm, k.Household = 8, []string{"Pets"}
	s := mustScorer(t, []linkmatch.Child{c}, []linkmatch.Carer{k}, testOptions())
	w := s.Why(0, 0)
	var b bytes.Buffer
	if err := w.WriteText(&b); err != nil {
		t.Fatal(err)
	}
	out := b.String()
	for _, want := range []string{
		"Child C1 and carer K1\n",
		"Not eligible: breaks 3 hard rules (missing essential skill, distance, household conflict).",
		"the child has no eligible carer",
		"passes  age approval:       C1 is 12 on 2027-01-04; K1 is approved for ages 8 to 17.",
		"BREAKS  essential skills:   the child's needs make autism essential; the carer lacks autism.",
		"in a straight line × 1.3 for roads), against K1's own maximum of 8.0 km (the scenario allows 40 km).",
		"BREAKS  household:          the carer's household has pets (the child's pet allergy).",
		"relationship: 0.00 ×  15.0 =   0.00   the carer is not one of the child's known adults.",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
	if n := strings.Count(out, "passes ") + strings.Count(out, "BREAKS "); n != int(NumRules) {
		t.Errorf("%d rule lines, want %d", n, NumRules)
	}
}

func TestOrdinal(t *testing.T) {
	for n, want := range map[int]string{1: "1st", 2: "2nd", 3: "3rd", 4: "4th", 11: "11th", 12: "12th", 13: "13th", 21: "21st", 102: "102nd", 111: "111th"} {
		if got := ordinal(n); got != want {
			t.Errorf("ordinal(%d) = %s, want %s", n, got, want)
		}
	}
}

// TestWhyOvernightNeedsANight: a carer approved for overnights who offers
// only weekday evenings is told why the overnight rule breaks: the stay
// needs an evening and the next morning.
func TestWhyOvernightNeedsANight(t *testing.T) {
	c, k := baseChild(), baseCarer()
	k.Availability = linkmatch.AvailEvenings
	s := mustScorer(t, []linkmatch.Child{c}, []linkmatch.Carer{k}, testOptions())
	w := s.Why(0, 0)
	var b bytes.Buffer
	if err := w.WriteText(&b); err != nil {
		t.Fatal(err)
	}
	want := "BREAKS  overnight stays:    C1's plan includes overnight stays; K1 is approved for them but offers only evenings, and a stay needs an evening and the next morning"
	if !strings.Contains(b.String(), want) {
		t.Errorf("output lacks %q:\n%s", want, b.String())
	}
}
