package match

import (
	"slices"
	"strings"
	"testing"

	"github.com/linkmatch/linkmatch"
	"github.com/linkmatch/linkmatch/geo"
)

// TestTravelTimesOption: known journeys replace the estimate for the pairs
// they name — in the distance rule, the distance component, explanations
// and pairs.csv's minutes — in either direction, and a named carer beyond
// the straight-line search radius is still checked, so the spatial index
// and a check of every pair agree.
func TestTravelTimesOption(t *testing.T) {
	c := baseChild()
	near := baseCarer() // about 10 km away
	far := baseCarer()
	far.ID, far.Lat = "K2", 51.335 // about 36 km north: 47 road km estimated
	other := baseCarer()
	other.ID, other.Lon = "K3", -3.2
	tt, err := geo.NewTravelTimes([]geo.Journey{
		{From: "K1", To: "C1", Minutes: 17, RoadKm: 12},
		{From: "C1", To: "K2", Minutes: 50, RoadKm: 39}, // child → carer: used both ways
		{From: "K3", To: "C1", Minutes: 9},              // minutes only
		{From: "K9", To: "C1", Minutes: 5},              // names no carer here
	})
	if err != nil {
		t.Fatal(err)
	}
	carers := []linkmatch.Carer{near, far, other}
	plain := mustScorer(t, []linkmatch.Child{c}, carers, testOptions())
	opt := testOptions()
	opt.TravelTimes = tt
	s := mustScorer(t, []linkmatch.Child{c}, carers, opt)

	if _, _, broken := plain.Check(0, 1); !broken.Has(RuleDistance) {
		t.Fatal("K2 is within the maximum distance without travel times; the fixture no longer tests the search radius")
	}
	tests := []struct {
		name    string
		carer   int
		roadKm  float64
		minutes float64
		explain string
	}{
		{"road km and minutes", 0, 12, 17, "12 km away (17 min)"},
		{"given child to carer", 1, 39, 50, "39 km away (50 min)"},
		{"minutes only", 2, -1, 9, "(9 min)"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			p, parts, broken := s.Check(0, tc.carer)
			if broken != 0 {
				t.Fatalf("broken: %v", broken.Rules())
			}
			wantKm, wantDist := float32(tc.roadKm), float32(distanceComponent(tc.roadKm, 40))
			if tc.roadKm < 0 { // the estimate stands
				q, qparts, _ := plain.Check(0, tc.carer)
				wantKm, wantDist = q.RoadKm, qparts[linkmatch.ComponentDistance]
			}
			if p.RoadKm != wantKm {
				t.Errorf("RoadKm = %v, want %v", p.RoadKm, wantKm)
			}
			if d := parts[linkmatch.ComponentDistance]; d != wantDist {
				t.Errorf("distance component = %v, want %v", d, wantDist)
			}
			if m := s.minutes(p); m != tc.minutes {
				t.Errorf("minutes = %v, want %v", m, tc.minutes)
			}
			if e := s.Explain(p); !strings.Contains(e, tc.explain) {
				t.Errorf("explanation %q lacks %q", e, tc.explain)
			}
		})
	}

	// The index finds exactly what a check of every carer finds.
	res, err := s.ScoreAll(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	var got, want []int32
	for _, p := range res.Pairs {
		got = append(got, p.Carer)
	}
	for k := range carers {
		if _, _, broken := s.Check(0, k); broken == 0 {
			want = append(want, int32(k))
		}
	}
	if !slices.Equal(got, want) || len(want) != 3 {
		t.Errorf("ScoreAll found carers %v, a check of every carer %v; want all three", got, want)
	}
	if d := s.Diagnose(0); d.Eligible != 3 {
		t.Errorf("Diagnose counts %d eligible, want 3", d.Eligible)
	}
}
