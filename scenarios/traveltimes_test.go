package scenarios

import (
	"errors"
	"path/filepath"
	"strings"
	"testing"

	"github.com/linkmatch/linkmatch/input"
)

// withTravelTimes is the minimal scenario naming travel_times.csv.
func withTravelTimes(t *testing.T, file string) string {
	t.Helper()
	toml := strings.Replace(mustRead(t, filepath.Join("testdata", "valid", "minimal", "scenario.toml")),
		"rates = \"rates.csv\"", "rates = \"rates.csv\"\ntravel_times = \"travel_times.csv\"", 1)
	return writeScenario(t, map[string]string{"scenario.toml": toml, "travel_times.csv": file})
}

func TestTravelTimesFile(t *testing.T) {
	s, _, err := LoadWith(withTravelTimes(t, "child_id,carer_id,minutes,distance_km\nC1,K1,12,\nC2,K2,35,41.5\n"), LoadOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if j, ok := s.TravelTimes.Lookup("K1", "C1"); !ok || j.Minutes != 12 || j.RoadKm != 0 {
		t.Errorf("K1 → C1 = %+v, %v; want 12 minutes, no road km", j, ok)
	}
	if j, ok := s.TravelTimes.Lookup("K2", "C2"); !ok || j.Minutes != 35 || j.RoadKm != 41.5 {
		t.Errorf("K2 → C2 = %+v, %v; want 35 minutes, 41.5 km", j, ok)
	}
	c, k := &s.Children[1], &s.Carers[1]
	if trip := s.Trip(c, k); trip.RoadKm != 41.5 || trip.Minutes != 35 || !trip.FromTable {
		t.Errorf("Trip(C2, K2) = %+v, want the file's journey", trip)
	}
	if trip := s.Trip(&s.Children[0], k); trip.FromTable {
		t.Errorf("Trip(C1, K2) = %+v, want the estimate", trip)
	}
}

// TestTravelTimesProblems: each mistake is placed and has its kind.
func TestTravelTimesProblems(t *testing.T) {
	const head = "child_id,carer_id,minutes,distance_km\n"
	tests := []struct {
		name      string
		rows      string
		kind      input.Kind
		line, col int
		column    string
	}{
		{"unknown child", "C9,K1,12,\n", input.ErrUnknownName, 2, 1, "child_id"},
		{"unknown carer", "C1,K9,12,\n", input.ErrUnknownName, 2, 4, "carer_id"},
		{"pair given twice", "C1,K1,12,\nC1,K1,14,\n", input.ErrDuplicate, 3, 1, "child_id"},
		{"minutes missing", "C1,K1,,\n", input.ErrMissingValue, 2, 7, "minutes"},
		{"minutes out of range", "C1,K1,700,\n", input.ErrOutOfRange, 2, 7, "minutes"},
		{"distance not a number", "C1,K1,12,far\n", input.ErrBadValue, 2, 10, "distance_km"},
		{"distance zero", "C1,K1,12,0\n", input.ErrOutOfRange, 2, 10, "distance_km"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, ps, err := LoadWith(withTravelTimes(t, head+tt.rows), LoadOptions{})
			if !errors.Is(err, input.ErrInvalid) || !errors.Is(err, tt.kind) {
				t.Fatalf("err = %v, want one of kind %q", err, tt.kind)
			}
			for _, p := range ps.List {
				if filepath.Base(p.File) == "travel_times.csv" && p.Line == tt.line && p.Column == tt.col &&
					p.ColumnName == tt.column && errors.Is(p, tt.kind) {
					return
				}
			}
			t.Errorf("no %q problem at travel_times.csv:%d:%d (%s); got %v", tt.kind, tt.line, tt.col, tt.column, ps.List)
		})
	}
}
