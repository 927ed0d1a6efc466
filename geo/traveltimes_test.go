package geo

import (
	"errors"
	"math"
	"slices"
	"testing"
)

func TestTravelTimes(t *testing.T) {
	tt, err := NewTravelTimes([]Journey{
		{From: "K1", To: "C1", Minutes: 35},
		{From: "K2", To: "C1", Minutes: 20, RoadKm: 12.5},
		{From: "Somerset", To: "Devon", Minutes: 55},
		{From: "Devon", To: "Somerset", Minutes: 60},
	})
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name     string
		from, to string
		want     float64
		ok       bool
	}{
		{"as given", "K1", "C1", 35, true},
		{"reverse direction falls back", "C1", "K1", 35, true},
		{"one way", "Somerset", "Devon", 55, true},
		{"both directions given", "Devon", "Somerset", 60, true},
		{"not in the table", "K1", "C2", 0, false},
	}
	for _, c := range tests {
		t.Run(c.name, func(t *testing.T) {
			j, ok := tt.Lookup(c.from, c.to)
			if j.Minutes != c.want || ok != c.ok || (ok && (j.From != c.from || j.To != c.to)) {
				t.Errorf("Lookup(%s, %s) = %+v, %v; want %v minutes, %v", c.from, c.to, j, ok, c.want, c.ok)
			}
		})
	}

	trip := DefaultTravelModel().TripKm(10)
	if got := tt.Apply(trip, "C1", "K1"); got.Minutes != 35 || !got.FromTable || got.RoadKm != trip.RoadKm || got.RoadMiles != trip.RoadMiles {
		t.Errorf("Apply with minutes only = %+v; want the estimated distance kept", got)
	}
	if got := tt.Apply(trip, "K2", "C1"); got.Minutes != 20 || got.RoadKm != 12.5 || math.Abs(got.RoadMiles-12.5/KmPerMile) > 1e-12 || got.StraightKm != trip.StraightKm {
		t.Errorf("Apply with road km = %+v", got)
	}
	if got := tt.Apply(trip, "K9", "C9"); got != trip {
		t.Errorf("Apply without an entry changed the trip: %+v", got)
	}

	var froms []string
	for _, j := range tt.Journeys() {
		froms = append(froms, j.From+">"+j.To)
	}
	if want := []string{"Devon>Somerset", "K1>C1", "K2>C1", "Somerset>Devon"}; !slices.Equal(froms, want) {
		t.Errorf("Journeys = %q, want %q", froms, want)
	}

	var none *TravelTimes
	if _, ok := none.Lookup("K1", "C1"); ok || none.Apply(trip, "a", "b") != trip || none.Journeys() != nil {
		t.Error("a nil TravelTimes is not empty")
	}
}

func TestNewTravelTimesRejects(t *testing.T) {
	for name, js := range map[string][]Journey{
		"negative minutes":     {{From: "K1", To: "C1", Minutes: -5}},
		"minutes not a number": {{From: "K1", To: "C1", Minutes: math.NaN()}},
		"infinite road km":     {{From: "K1", To: "C1", Minutes: 5, RoadKm: math.Inf(1)}},
		"negative road km":     {{From: "K1", To: "C1", Minutes: 5, RoadKm: -1}},
		"given twice":          {{From: "K1", To: "C1", Minutes: 5}, {From: "K1", To: "C1", Minutes: 6}},
	} {
		if _, err := NewTravelTimes(js); !errors.Is(err, ErrInvalidJourney) {
			t.Errorf("%s: err = %v, want ErrInvalidJourney", name, err)
		}
	}
}
