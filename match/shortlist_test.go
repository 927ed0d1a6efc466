package match

import (
	"bytes"
	"strings"
	"testing"

	"github.com/linkmatch/linkmatch"
)

// shortlistFixture: C1 near Taunton with three eligible carers and one too
// far; C2 needs an accessible home nobody has.
func shortlistFixture(t *testing.T) *Scorer {
	c1 := baseChild()
	c1.Needs = []string{"trauma", "education", "autism_soft"}
	c1.Preferences = []string{"pets"}
	c2 := baseChild()
	c2.ID, c2.Needs = "C2", []string{"autism"}
	k1 := baseCarer() // 12 km by road, meets trauma + education
	k2 := baseCarer()
	k2.ID, k2.Authority, k2.Lat, k2.Lon = "K2", "Devon", 50.95, -3.20 // 13 km by road, neighbour
	k2.Skills = []string{"attachment_trauma", "autism_soft"}
	k2.Attributes = []string{"pets"}
	k3 := baseCarer()
	k3.ID, k3.Tier, k3.ExperienceYears, k3.CurrentLinks = "K3", linkmatch.TierStandard, 1, 1
	k4 := baseCarer()
	k4.ID, k4.Lat, k4.Lon = "K4", 51.40, -2.60 // about 55 km north-east: too far by road
	k4.Skills = append(k4.Skills, "autism")
	return mustScorer(t, []linkmatch.Child{c2, c1}, []linkmatch.Carer{k4, k3, k2, k1}, testOptions())
}

func TestShortlist(t *testing.T) {
	s := shortlistFixture(t)
	rows, err := s.Shortlist(t.Context(), 2)
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != 3 {
		t.Fatalf("%d rows, want 2 for C1 and 1 for C2", len(rows))
	}
	if id := s.children[rows[0].Child].ID; id != "C1" || rows[0].Rank != 1 || rows[1].Rank != 2 {
		t.Fatalf("first rows: %s rank %d, %d", id, rows[0].Rank, rows[1].Rank)
	}
	if rows[0].Pair.Score < rows[1].Pair.Score {
		t.Error("shortlist not best first")
	}
	if rows[0].Eligible != 3 {
		t.Errorf("C1 has %d eligible carers, want 3", rows[0].Eligible)
	}
	d := rows[2]
	if s.children[d.Child].ID != "C2" || d.Rank != 0 || d.Diagnosis == nil {
		t.Fatalf("C2 row = %+v, want a diagnosis", d)
	}
	if d.Diagnosis.Excluded[RuleSkill] != 3 || d.Diagnosis.OnlyBy[RuleDistance] != 1 || d.Diagnosis.OnlyBy[RuleSkill] != 3 {
		t.Errorf("diagnosis %+v", d.Diagnosis)
	}
	for _, want := range []string{"No eligible carer among 4 carers: 3 excluded by missing essential skill, 1 excluded by distance.",
		"3 carers are excluded only by missing essential skill (autism)"} {
		if !strings.Contains(d.Explanation, want) {
			t.Errorf("diagnosis %q lacks %q", d.Explanation, want)
		}
	}
	var buf bytes.Buffer
	if err := WriteShortlistCSV(&buf, s, rows); err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSpace(buf.String()), "\n")
	if len(lines) != 4 || !strings.HasPrefix(lines[3], "C2,,,,,,0,") {
		t.Errorf("shortlist.csv:\n%s", buf.String())
	}
}

func TestExplain(t *testing.T) {
	s := shortlistFixture(t)
	tests := []struct{ child, carer int }{{1, 3}, {1, 2}, {1, 1}}
	want := []string{
		"12 km away (18 min) in Somerset, the child's own authority; meets 2 of 3 needs (not autism soft); Fostering Plus with 6 years' experience; no other links yet; matches none of the child's wishes.",
		"13 km away (19 min) in neighbouring Devon; meets 2 of 3 needs (not education); Fostering Plus with 6 years' experience; no other links yet; matches the child's wish (pets).",
		"12 km away (18 min) in Somerset, the child's own authority; meets 2 of 3 needs (not autism soft); standard tier with 1 year's experience; 1 of 2 places already taken; matches none of the child's wishes.",
	}
	for i, tt := range tests {
		p, _, broken := s.Check(tt.child, tt.carer)
		if broken != 0 {
			t.Fatalf("case %d broken: %v", i, broken.Rules())
		}
		if got := s.Explain(p); got != want[i] {
			t.Errorf("case %d:\n got %s\nwant %s", i, got, want[i])
		}
	}
}

func TestAppendKm(t *testing.T) {
	for km, want := range map[float64]string{0.34: "300 m", 4.54: "4.5 km", 23.4: "23 km"} {
		if got := string(appendKm(nil, km)); got != want {
			t.Errorf("%v km: %q, want %q", km, got, want)
		}
	}
}

// TestDiagnosisWords: counts that overlap (a carer failing several rules
// counts under each) are said to overlap, and never when they add up; "in
// reach with a longer limit" says what the slack means.
func TestDiagnosisWords(t *testing.T) {
	for _, tc := range []struct {
		name      string
		d         Diagnosis
		want, not []string
	}{
		{"overlapping", Diagnosis{Carers: 200, Excluded: [NumRules]int{RuleDistance: 199, RuleOvernight: 55, RuleAge: 21},
			OnlyBy: [NumRules]int{RuleDistance: 120}, NearestOnlyDistanceKm: 16, OnlyDistanceWithin: 2},
			[]string{"No eligible carer among 200 carers: 199 excluded by distance", "(a carer can fail several rules, so these counts overlap)",
				"; 2 of them would be in reach if the distance limit that applies to them (the scenario's or their own) were 10 km longer."},
			[]string{"within 10 km of their limit"}},
		{"adding up", Diagnosis{Carers: 4, Excluded: [NumRules]int{RuleSkill: 3, RuleDistance: 1}, OnlyBy: [NumRules]int{RuleSkill: 3, RuleDistance: 1}},
			[]string{"No eligible carer among 4 carers: 3 excluded by missing essential skill, 1 excluded by distance."},
			[]string{"overlap"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := tc.d.Explain(40)
			for _, w := range tc.want {
				if !strings.Contains(got, w) {
					t.Errorf("%q lacks %q", got, w)
				}
			}
			for _, w := range tc.not {
				if strings.Contains(got, w) {
					t.Errorf("%q has %q", got, w)
				}
			}
		})
	}
}
