package geo

import (
	"math"
	"testing"
)

func TestHaversineKm(t *testing.T) {
	tests := []struct {
		name   string
		a, b   Point
		wantKm float64
		tolKm  float64
	}{
		// London (51.5074, -0.1278) to Paris (48.8566, 2.3522): 343.5 km on the mean sphere.
		{"London–Paris", LatLon(51.5074, -0.1278), LatLon(48.8566, 2.3522), 343.5, 0.1},
		{"same point", LatLon(51.0150, -3.1030), LatLon(51.0150, -3.1030), 0, 1e-12},
		// One degree of latitude on the mean sphere is R·π/180 = 111.195 km.
		{"one degree of latitude", LatLon(50, -2), LatLon(51, -2), 111.195, 0.001},
		// One degree of longitude at the equator, likewise.
		{"one degree of longitude at the equator", LatLon(0, 0), LatLon(0, 1), 111.195, 0.001},
		// Half the circumference: π R.
		{"antipodes", LatLon(0, 0), LatLon(0, 180), math.Pi * EarthRadiusKm, 1e-6},
		{"pole to pole", LatLon(90, 0), LatLon(-90, 0), math.Pi * EarthRadiusKm, 1e-6},
		// A quarter meridian, equator to pole: π R / 2.
		{"equator to pole", LatLon(0, 10), LatLon(90, 10), math.Pi * EarthRadiusKm / 2, 1e-6},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := HaversineKm(tt.a, tt.b)
			if math.Abs(got-tt.wantKm) > tt.tolKm {
				t.Errorf("HaversineKm = %.4f km, want %.4f ± %g", got, tt.wantKm, tt.tolKm)
			}
			if back := HaversineKm(tt.b, tt.a); back != got {
				t.Errorf("not symmetric: %v vs %v", got, back)
			}
		})
	}
}

func TestTravelModel(t *testing.T) {
	tests := []struct {
		name                   string
		model                  TravelModel
		straightKm             float64
		roadKm, miles, minutes float64
	}{
		{"default 10 km", DefaultTravelModel(), 10, 13, 13 / 1.609344, 19.5},
		{"default zero", DefaultTravelModel(), 0, 0, 0, 0},
		{"no circuity 60 km/h", TravelModel{Circuity: 1, SpeedKmh: 60}, 30, 30, 30 / 1.609344, 30},
		{"one mile", TravelModel{Circuity: 1, SpeedKmh: 1.609344}, 1.609344, 1.609344, 1, 60},
		{"circuity 1.5 at 30 km/h", TravelModel{Circuity: 1.5, SpeedKmh: 30}, 20, 30, 30 / 1.609344, 60},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := tt.model.TripKm(tt.straightKm)
			near := func(a, b float64) bool { return math.Abs(a-b) < 1e-9 }
			if !near(got.StraightKm, tt.straightKm) || !near(got.RoadKm, tt.roadKm) ||
				!near(got.RoadMiles, tt.miles) || !near(got.Minutes, tt.minutes) || got.FromTable {
				t.Errorf("TripKm(%v) = %+v, want road %v km, %v miles, %v min", tt.straightKm, got, tt.roadKm, tt.miles, tt.minutes)
			}
		})
	}
}

func TestTravelModelTripUsesHaversine(t *testing.T) {
	a, b := LatLon(51.0150, -3.1030), LatLon(50.7184, -3.5339)
	m := DefaultTravelModel()
	if got, want := m.Trip(a, b).RoadKm, HaversineKm(a, b)*DefaultCircuity; got != want {
		t.Errorf("Trip road km = %v, want %v", got, want)
	}
}

func TestTravelModelValidate(t *testing.T) {
	tests := []struct {
		name  string
		m     TravelModel
		valid bool
	}{
		{"default", DefaultTravelModel(), true},
		{"circuity below 1", TravelModel{Circuity: 0.9, SpeedKmh: 40}, false},
		{"zero speed", TravelModel{Circuity: 1.3}, false},
		{"NaN circuity", TravelModel{Circuity: math.NaN(), SpeedKmh: 40}, false},
		{"infinite speed", TravelModel{Circuity: 1.3, SpeedKmh: math.Inf(1)}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if err := tt.m.Validate(); (err == nil) != tt.valid {
				t.Errorf("Validate() = %v, want valid=%v", err, tt.valid)
			}
		})
	}
}
