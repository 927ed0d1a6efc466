package match

import (
	"context"
	"errors"
	"math"
	"math/rand/v2"
	"strconv"
	"testing"

	"github.com/linkmatch/linkmatch"
	"github.com/linkmatch/linkmatch/geo"
)

func near(a, b float64) bool { return math.Abs(a-b) < 1e-9 }

func TestComponents(t *testing.T) {
	tests := []struct {
		name string
		got  float64
		want float64
	}{
		{"needs: none recorded", needsComponent(0, 0), 1},
		{"needs: all met", needsComponent(3, 3), 1},
		{"needs: weighted share", needsComponent(2, 3), 2.0 / 3},
		{"needs: none met", needsComponent(0, 3), 0},
		{"distance: at home", distanceComponent(0, 40), 1},
		{"distance: half way", distanceComponent(20, 40), 0.5},
		{"distance: at maximum", distanceComponent(40, 40), 0},
		{"distance: beyond", distanceComponent(50, 40), 0},
		{"border: same", borderComponent(linkmatch.BorderSame, 0, linkmatch.PolicyPenalise), 1},
		{"border: neighbour", borderComponent(linkmatch.BorderNeighbour, 1, linkmatch.PolicyPenalise), 0.7},
		{"border: distant two steps", borderComponent(linkmatch.BorderDistant, 2, linkmatch.PolicyPenalise), 0.3},
		{"border: distant three steps", borderComponent(linkmatch.BorderDistant, 3, linkmatch.PolicyPenalise), 0.2},
		{"border: distant far", borderComponent(linkmatch.BorderDistant, 9, linkmatch.PolicyPenalise), 0},
		{"border: distant allowed", borderComponent(linkmatch.BorderDistant, 4, linkmatch.PolicyAllow), 0.7},
		{"border: unknown", borderComponent(linkmatch.BorderUnknown, 0, linkmatch.PolicyPenalise), 0.5},
		{"experience: new standard carer, low", experienceComponent(0, linkmatch.TierStandard, linkmatch.ComplexityLow), 0.4},
		{"experience: 1 year standard, low", experienceComponent(1, linkmatch.TierStandard, linkmatch.ComplexityLow), 1},
		{"experience: 3 years standard, medium", experienceComponent(3, linkmatch.TierStandard, linkmatch.ComplexityMedium), 0.8},
		{"experience: 3 years plus, medium", experienceComponent(3, linkmatch.TierFosteringPlus, linkmatch.ComplexityMedium), 1},
		{"experience: 2.5 years standard, high", experienceComponent(2.5, linkmatch.TierStandard, linkmatch.ComplexityHigh), 0.3},
		{"experience: 10 years plus, high", experienceComponent(10, linkmatch.TierFosteringPlus, linkmatch.ComplexityHigh), 1},
		{"capacity: first child", capacityComponent(4, 0), 1},
		{"capacity: fourth child", capacityComponent(4, 3), 0.25},
		{"capacity: second of two", capacityComponent(2, 1), 0.5},
		{"capacity: none", capacityComponent(0, 0), 0},
		{"relationship: known adult", relationshipComponent(true), 1},
		{"relationship: stranger", relationshipComponent(false), 0},
		{"preferences: none stated", preferencesComponent(0, 0), 1},
		{"preferences: half met", preferencesComponent(1, 2), 0.5},
		{"preferences: none met", preferencesComponent(0, 3), 0},
	}
	for _, tt := range tests {
		if !near(tt.got, tt.want) {
			t.Errorf("%s: got %v, want %v", tt.name, tt.got, tt.want)
		}
	}
}

func TestDefaultWeightsSumTo100(t *testing.T) {
	var sum float64
	for _, w := range DefaultWeights() {
		sum += w
	}
	if sum != 100 {
		t.Errorf("default weights sum to %v", sum)
	}
}

// TestScorePair checks one pair's components and score end to end.
func TestScorePair(t *testing.T) {
	c, k := baseChild(), baseCarer()
	c.Needs = []string{"trauma", "education", "pet_allergy"}            // weights 2, 1, 1; health_liaison missing
	c.Preferences = []string{"pets", "rural"}                           // carer has rural only
	c.KnownAdults = []string{"K1"}                                      // seed 004
	k.Authority, k.CurrentLinks, k.Capacity = "Devon", 1, 4             // neighbour; 3 of 4 places free
	k.Attributes, k.ExperienceYears, k.Tier = []string{"rural"}, 1.5, 0 // standard, half the medium target
	s := mustScorer(t, []linkmatch.Child{c}, []linkmatch.Carer{k}, testOptions())
	p, parts, broken := s.Check(0, 0)
	if broken != 0 {
		t.Fatalf("broken: %v", broken.Rules())
	}
	straight := geo.HaversineKm(geo.LatLon(c.Lat, c.Lon), geo.LatLon(k.Lat, k.Lon))
	road := straight * geo.DefaultCircuity
	want := [linkmatch.NumComponents]float64{
		linkmatch.ComponentNeeds: 0.75, linkmatch.ComponentDistance: 1 - road/40, linkmatch.ComponentBorder: 0.7,
		linkmatch.ComponentExperience: 0.6*0.5 + 0.4*0.5, linkmatch.ComponentCapacity: 0.75, linkmatch.ComponentRelationship: 1, linkmatch.ComponentPreferences: 0.5,
	}
	w := DefaultWeights()
	var score float64
	for i := range want {
		if math.Abs(float64(parts[i])-want[i]) > 1e-6 {
			t.Errorf("%v = %v, want %v", linkmatch.Component(i), parts[i], want[i])
		}
		score += w[i] * want[i]
	}
	if math.Abs(float64(p.Score)-score) > 1e-4 {
		t.Errorf("score %v, want %v", p.Score, score)
	}
	if math.Abs(float64(p.RoadKm)-road) > 1e-4 || p.Border != linkmatch.BorderNeighbour || p.Steps != 1 {
		t.Errorf("pair %+v: want road %v km, neighbour", p, road)
	}
}

func TestWeightsOption(t *testing.T) {
	c, k := baseChild(), baseCarer()
	opt := testOptions()
	needsOnly := map[linkmatch.Component]float64{}
	for _, c := range linkmatch.Components() {
		needsOnly[c] = 0
	}
	needsOnly[linkmatch.ComponentNeeds] = 1
	opt.Weights = needsOnly
	s := mustScorer(t, []linkmatch.Child{c}, []linkmatch.Carer{k}, opt)
	if p, _, _ := s.Check(0, 0); p.Score != 100 {
		t.Errorf("needs-only score = %v, want 100", p.Score)
	}
	allZero := map[linkmatch.Component]float64{}
	for _, c := range linkmatch.Components() {
		allZero[c] = 0
	}
	for name, bad := range map[string]map[linkmatch.Component]float64{
		"unknown component": {linkmatch.NumComponents: 1},
		"negative":          {linkmatch.ComponentNeeds: -1},
		"not a number":      {linkmatch.ComponentNeeds: math.NaN()},
		"all zero":          allZero,
	} {
		opt.Weights = bad
		if _, err := NewScorer(nil, nil, nil, opt); !errors.Is(err, ErrOptions) {
			t.Errorf("weights %s: err = %v, want ErrOptions", name, err)
		}
	}
}

func TestBadOptions(t *testing.T) {
	for name, opt := range map[string]Options{
		"negative distance": {MaxDistanceKm: -1},
		"policy":            {DistantAuthorities: linkmatch.PolicyForbid + 1},
		"circuity":          {Travel: geo.TravelModel{Circuity: 0.5, SpeedKmh: 40}},
	} {
		if _, err := NewScorer(nil, nil, nil, opt); !errors.Is(err, ErrOptions) {
			t.Errorf("%s: err = %v, want ErrOptions", name, err)
		}
	}
	c := baseChild()
	if _, err := NewScorer([]linkmatch.Child{c, c}, nil, nil, Options{}); !errors.Is(err, ErrOptions) {
		t.Errorf("duplicate child: err = %v", err)
	}
}

// randomPeople scatters children and carers over a 100 km square around
// Taunton with random attributes, to compare the indexed scorer with a
// brute-force check of every pair.
func randomPeople(seed uint64, nc, nk int) ([]linkmatch.Child, []linkmatch.Carer) {
	r := rand.New(rand.NewPCG(seed, 1))
	auths := []string{"Somerset", "Devon", "Dorset", "Cornwall", "Kent", ""}
	needs := []string{"trauma", "education", "autism", "pet_allergy"}
	children := make([]linkmatch.Child, nc)
	for i := range children {
		c := linkmatch.Child{ID: "C" + strconv.Itoa(1000+i*7%nc), HomeAuthority: auths[r.IntN(3)],
			DateOfBirth: testStart.AddDays(-365*8 - r.IntN(365*10)),
			Lat:         tauntonLat + r.Float64() - 0.5, Lon: tauntonLon + 1.4*(r.Float64()-0.5),
			Overnight: r.IntN(3) == 0, Complexity: linkmatch.Complexity(r.IntN(3))}
		for _, n := range needs {
			if r.IntN(4) == 0 {
				c.Needs = append(c.Needs, n)
			}
		}
		if r.IntN(10) == 0 {
			c.Exclusions = []linkmatch.Exclusion{{Lat: c.Lat, Lon: c.Lon, RadiusKm: 5}}
		}
		if r.IntN(10) == 0 {
			c.KnownAdults = []string{"K" + strconv.Itoa(r.IntN(nk))}
		}
		children[i] = c
	}
	carers := make([]linkmatch.Carer, nk)
	for i := range carers {
		k := linkmatch.Carer{ID: "K" + strconv.Itoa(i), Authority: auths[r.IntN(len(auths))],
			Lat: tauntonLat + r.Float64() - 0.5, Lon: tauntonLon + 1.4*(r.Float64()-0.5),
			Capacity: 1 + r.IntN(4), CurrentLinks: r.IntN(2), Tier: linkmatch.Tier(r.IntN(2)),
			ExperienceYears: r.Float64() * 12, AgeMin: 5 + r.IntN(5), AgeMax: 12 + r.IntN(7),
			Overnight: r.IntN(2) == 0, MaxTravelKm: float64(r.IntN(3) * 20)}
		if r.IntN(2) == 0 {
			k.Skills = append(k.Skills, "attachment_trauma")
		}
		if r.IntN(3) == 0 {
			k.Skills = append(k.Skills, "autism")
		}
		if r.IntN(5) == 0 {
			k.Household = append(k.Household, "pets")
		}
		carers[i] = k
	}
	return children, carers
}

// TestIndexMatchesBruteForce: the spatial index finds exactly the pairs a
// check of every pair finds, in child id then carer id order.
func TestIndexMatchesBruteForce(t *testing.T) {
	children, carers := randomPeople(7, 60, 400)
	for _, policy := range []linkmatch.DistantPolicy{linkmatch.PolicyPenalise, linkmatch.PolicyForbid} {
		opt := testOptions()
		opt.DistantAuthorities = policy
		s := mustScorer(t, children, carers, opt)
		res, err := s.ScoreAll(t.Context())
		if err != nil {
			t.Fatal(err)
		}
		var want []ScoredPair
		for j := range s.cs {
			ci := int(s.cs[j].orig)
			var excluded [NumRules]int32
			for r := range s.ks {
				p, _, broken := s.Check(ci, int(s.ks[r].orig))
				for _, rule := range broken.Rules() {
					excluded[rule]++
				}
				if broken == 0 {
					want = append(want, p)
				}
			}
			got := res.Children[j].Excluded
			for rule := range NumRules {
				if rule != int(RuleDistance) && got[rule] > excluded[rule] {
					t.Errorf("child %s: %v excluded %d, more than brute force %d", children[ci].ID, Rule(rule), got[rule], excluded[rule])
				}
			}
		}
		if len(res.Pairs) != len(want) || len(want) == 0 {
			t.Fatalf("%s: %d pairs, brute force %d", policy, len(res.Pairs), len(want))
		}
		for i := range want {
			if res.Pairs[i] != want[i] {
				t.Fatalf("%s: pair %d = %+v, want %+v", policy, i, res.Pairs[i], want[i])
			}
		}
	}
}

// TestDeterministicAcrossWorkers: the result does not depend on how many
// goroutines score.
func TestDeterministicAcrossWorkers(t *testing.T) {
	children, carers := randomPeople(3, 300, 500)
	var first *Result
	for _, w := range []int{1, 2, 5} {
		opt := testOptions()
		opt.Workers = w
		res, err := mustScorer(t, children, carers, opt).ScoreAll(t.Context())
		if err != nil {
			t.Fatal(err)
		}
		if first == nil {
			first = res
			continue
		}
		if len(res.Pairs) != len(first.Pairs) {
			t.Fatalf("workers %d: %d pairs, want %d", w, len(res.Pairs), len(first.Pairs))
		}
		for i := range res.Pairs {
			if res.Pairs[i] != first.Pairs[i] {
				t.Fatalf("workers %d: pair %d differs", w, i)
			}
		}
	}
	for i := range first.Children {
		ps := first.Pairs[first.Start[i]:first.Start[i+1]]
		for j := 1; j < len(ps); j++ {
			if carers[ps[j-1].Carer].ID >= carers[ps[j].Carer].ID {
				t.Fatal("pairs not in carer id order")
			}
		}
		if i > 0 && children[first.Children[i-1].Child].ID >= children[first.Children[i].Child].ID {
			t.Fatal("children not in id order")
		}
	}
}

func TestCancel(t *testing.T) {
	children, carers := randomPeople(3, 300, 500)
	s := mustScorer(t, children, carers, testOptions())
	ctx, cancel := context.WithCancel(t.Context())
	cancel()
	if _, err := s.ScoreAll(ctx); !errors.Is(err, context.Canceled) {
		t.Errorf("err = %v, want context.Canceled", err)
	}
	stop := errors.New("stop")
	n := 0
	err := s.Stream(t.Context(), nil, func(*Chunk) error {
		if n++; n == 2 {
			return stop
		}
		return nil
	})
	if !errors.Is(err, stop) {
		t.Errorf("err = %v, want stop", err)
	}
}
