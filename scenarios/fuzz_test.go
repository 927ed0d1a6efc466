package scenarios

import (
	"io/fs"
	"testing"

	"github.com/linkmatch/linkmatch/input"
	"github.com/linkmatch/linkmatch/internal/inputfile"
)

// fuzzLoader is a loader whose every file read returns data, with the
// default needs vocabulary and the demo's plan start, so one loader
// function can be fuzzed without the cost of a whole scenario.
func fuzzLoader(data []byte) *loader {
	ps := &input.Problems{}
	s := &Scenario{}
	s.Plan.Start = 20822 // 2027-01-04
	l := &loader{
		read:        func(rel string, _ inputfile.Kind) ([]byte, string, error) { return data, rel, nil },
		ps:          ps,
		s:           s,
		today:       s.Plan.Start,
		allChildIDs: map[string]bool{}, allCarerIDs: map[string]bool{}, siblingCounts: map[string]int{},
	}
	l.loadNeeds("")
	return l
}

// checkProblems: every problem is placed in the file it is about, with
// sane positions.
func checkProblems(t *testing.T, ps *input.Problems) {
	for _, p := range ps.List {
		if p.Line < 0 || p.Column < 0 || p.Message == "" {
			t.Fatalf("malformed problem %+v", p)
		}
		_ = p.Error()
	}
}

func seedFrom(f *testing.F, name string) {
	data, err := fs.ReadFile(Demo(), name)
	if err != nil {
		f.Fatal(err)
	}
	f.Add(data)
	f.Add([]byte(""))
	f.Add([]byte("\xef\xbb\xbfid\r\n\"a\r\n"))
}

func FuzzChildren(f *testing.F) {
	seedFrom(f, "children.csv")
	f.Add([]byte("id,date_of_birth,home_authority,lat,lon,exclusions,sibling_group,known_adults\nC1,2012-01-01,X,51,-3,\"circle:1,2,3;authority:\",S,K\n"))
	f.Add([]byte("id,date_of_birth,home_authority,postcode\nC1,2012-01-01,X,ta1 1aa\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		l := fuzzLoader(data)
		l.loadChildren("children.csv")
		l.crossCheck()
		if len(l.s.Children) != len(l.childRows) {
			t.Fatalf("%d children but %d row positions", len(l.s.Children), len(l.childRows))
		}
		checkProblems(t, l.ps)
	})
}

func FuzzCarers(f *testing.F) {
	seedFrom(f, "carers.csv")
	f.Add([]byte("id,capacity,postcode,current_links,age_min,age_max\nK1,2,ta11aa,3,9,8\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		l := fuzzLoader(data)
		l.loadCarers("carers.csv")
		l.crossCheck()
		for _, c := range l.s.Carers {
			if c.Capacity < 1 || c.Capacity > 4 || c.CurrentLinks > c.Capacity || c.AgeMin > c.AgeMax {
				t.Fatalf("an out-of-range carer was accepted: %+v", c)
			}
		}
		checkProblems(t, l.ps)
	})
}

func FuzzRates(f *testing.F) {
	seedFrom(f, "rates.csv")
	f.Fuzz(func(t *testing.T, data []byte) {
		l := fuzzLoader(data)
		l.loadRates("rates.csv")
		for _, r := range l.s.Rates {
			if r.AgeMin > r.AgeMax || r.Amount < 0 || r.Amount > maxRate {
				t.Fatalf("an out-of-range rate was accepted: %+v", r)
			}
		}
		checkProblems(t, l.ps)
	})
}

func FuzzScenarioTOML(f *testing.F) {
	seedFrom(f, "scenario.toml")
	f.Add([]byte("children = 'c.csv'\ncarers = \"\"\"k\n\"\"\"\n[match.weights]\n\"a.b\" = 1e400\n[payments]\nretainer_weekly_gbp = -0.0\n"))
	f.Add([]byte("[plan]\nstart = 2027-01-04T10:00:00\n[geo]\ncircuity = nan\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		var ps input.Problems
		cfg, ok := parseConfig(data, "scenario.toml", &ps)
		if !ok && ps.ErrorCount() == 0 {
			t.Fatal("unreadable TOML without an error")
		}
		if cfg.payments.RetainerWeekly < 0 || cfg.payments.MileagePerMile < 0 || cfg.match.MaxDistanceKm <= 0 {
			t.Fatalf("out-of-range settings accepted: %+v %+v", cfg.payments, cfg.match)
		}
		checkProblems(t, &ps)
	})
}

func FuzzTravelTimes(f *testing.F) {
	f.Add([]byte("child_id,carer_id,minutes,distance_km\nC1,K1,12,\nC1,K2,30,18.5\n"))
	f.Add([]byte("child_id,carer_id,minutes\nC1,K1,-1\nC9,K1,5\nC1,K1,5\nC1,K1,6\n"))
	f.Add([]byte("\xef\xbb\xbfchild_id,carer_id,minutes,distance_km\r\nC1,K1,NaN,1e9\r\n"))
	f.Add([]byte(""))
	f.Fuzz(func(t *testing.T, data []byte) {
		l := fuzzLoader(data)
		l.allChildIDs["C1"] = true
		l.allCarerIDs["K1"], l.allCarerIDs["K2"] = true, true
		l.loadTravelTimes("travel_times.csv")
		for _, j := range l.s.TravelTimes.Journeys() {
			if !l.allCarerIDs[j.From] || !l.allChildIDs[j.To] || j.Minutes < 0 || j.Minutes > maxJourneyMinutes ||
				(j.RoadKm != 0 && (j.RoadKm < 0.1 || j.RoadKm > maxTravelKm)) {
				t.Fatalf("an unusable journey was accepted: %+v", j)
			}
		}
		checkProblems(t, l.ps)
	})
}
