package main

import (
	"fmt"
	"math"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/linkmatch/linkmatch/geo"
)

// travelScenario writes a small scenario: two children in Taunton and three
// carers, K1 about 8 km away, K2 about 16 km and K3 about 36 km in a
// straight line (47 road km estimated, beyond the 40 km maximum). With
// withTimes, travel_times.csv gives C1–K1 minutes only, C1–K2 minutes and
// road km, C2–K3 a road distance inside the maximum, and C2–K1 one beyond.
func travelScenario(t *testing.T, withTimes bool) string {
	t.Helper()
	dir := t.TempDir()
	toml := "name = \"travel times\"\nchildren = \"children.csv\"\ncarers = \"carers.csv\"\n"
	files := map[string]string{
		"children.csv": "id,date_of_birth,home_authority,lat,lon\nC1,2012-06-15,Somerset,51.0150,-3.1000\nC2,2013-02-01,Somerset,51.0150,-3.1000\n",
		"carers.csv": "id,capacity,lat,lon,authority\n" +
			"K1,2,51.0800,-3.1200,Somerset\nK2,2,51.1500,-3.1300,Somerset\nK3,2,51.3350,-3.1000,Somerset\n",
	}
	if withTimes {
		toml += "travel_times = \"travel_times.csv\"\n"
		files["travel_times.csv"] = "child_id,carer_id,minutes,distance_km\nC1,K1,25,\nC1,K2,31,18.5\nC2,K3,44,38\nC2,K1,70,45\n"
	}
	files["scenario.toml"] = toml + "[plan]\nstart = 2027-01-04\n"
	for name, body := range files {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

// scorePairs runs `linkmatch score` and returns pairs.csv's rows by
// "child carer", each as a map from column name to value.
func scorePairs(t *testing.T, dir string) map[string]map[string]string {
	t.Helper()
	out := filepath.Join(dir, "pairs.csv")
	if code, _, stderr := runCapture(t, "score", dir, "--out", out, "--quiet"); code != 0 {
		t.Fatalf("score exit %d:\n%s", code, stderr)
	}
	rows := readCSV(t, out)
	pairs := map[string]map[string]string{}
	for _, r := range rows[1:] {
		m := map[string]string{}
		for i, h := range rows[0] {
			m[h] = r[i]
		}
		pairs[m["child_id"]+" "+m["carer_id"]] = m
	}
	return pairs
}

func num(t *testing.T, s string) float64 {
	t.Helper()
	f, err := strconv.ParseFloat(s, 64)
	if err != nil {
		t.Fatal(err)
	}
	return f
}

// TestScoreTravelTimes: a scenario's travel_times file replaces the
// estimated minutes (and road km when given) of the pairs it names in
// pairs.csv, in the distance rule and in the distance component; every
// other pair is scored exactly as without the file.
func TestScoreTravelTimes(t *testing.T) {
	before := scorePairs(t, travelScenario(t, false))
	after := scorePairs(t, travelScenario(t, true))

	if _, ok := before["C2 K3"]; ok {
		t.Fatal("C2–K3 is eligible without travel times; the scenario no longer tests the search radius")
	}
	if _, ok := before["C2 K1"]; !ok {
		t.Fatal("C2–K1 is not eligible without travel times; the scenario no longer tests the known distance rule")
	}

	tests := []struct {
		name, pair    string
		minutes, km   float64 // 0 km: the estimate stands
		wantEligible  bool
		changedByFile bool
	}{
		{"minutes only", "C1 K1", 25, 0, true, true},
		{"minutes and road km", "C1 K2", 31, 18.5, true, true},
		{"known road km brings a far carer within the maximum", "C2 K3", 44, 38, true, true},
		{"known road km puts a near carer beyond the maximum", "C2 K1", 0, 0, false, true},
		{"pair not named", "C2 K2", 0, 0, true, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, eligible := after[tt.pair]
			if eligible != tt.wantEligible {
				t.Fatalf("eligible = %v, want %v", eligible, tt.wantEligible)
			}
			if !eligible {
				return
			}
			if !tt.changedByFile {
				if fmt.Sprint(got) != fmt.Sprint(before[tt.pair]) {
					t.Errorf("row changed by a file that does not name it:\n%v\n%v", before[tt.pair], got)
				}
				return
			}
			if m := num(t, got["travel_minutes"]); m != tt.minutes {
				t.Errorf("travel_minutes = %v, want %v from travel_times.csv", m, tt.minutes)
			}
			wantKm := tt.km
			if wantKm == 0 {
				wantKm = num(t, before[tt.pair]["distance_km"])
			}
			if km := num(t, got["distance_km"]); km != wantKm {
				t.Errorf("distance_km = %v, want %v", km, wantKm)
			}
			// distance_km is written to 0.1 km, so miles and the component
			// computed from the unrounded distance may differ in the last place.
			if mi := num(t, got["distance_miles"]); math.Abs(mi-wantKm/geo.KmPerMile) > 0.1 {
				t.Errorf("distance_miles = %v, want %.1f", mi, wantKm/geo.KmPerMile)
			}
			if d := num(t, got["distance_component"]); math.Abs(d-(1-wantKm/40)) > 0.002 {
				t.Errorf("distance_component = %v, want %.3f (1 − km ÷ 40)", d, 1-wantKm/40)
			}
		})
	}
}

// TestCostTravelTimes: costing pays mileage on the road distance the
// travel times give for the pair, not on the estimate.
func TestCostTravelTimes(t *testing.T) {
	dir := costScenario(t, seed000Timeline)
	toml, err := os.ReadFile(filepath.Join(dir, "scenario.toml"))
	if err != nil {
		t.Fatal(err)
	}
	toml = []byte(strings.Replace(string(toml), "rates = \"rates.csv\"\n", "rates = \"rates.csv\"\ntravel_times = \"travel_times.csv\"\n", 1))
	for name, body := range map[string]string{
		"scenario.toml":    string(toml),
		"travel_times.csv": "child_id,carer_id,minutes,distance_km\nC1,K1,30,20\n",
	} {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	_, out := costJanuary(t, dir)
	rows := readCSV(t, out)
	col := map[string]int{}
	for i, h := range rows[0] {
		col[h] = i
	}
	trips := 0
	want := strconv.FormatFloat(2*20/geo.KmPerMile, 'f', 1, 64) // a round trip of 20 road km each way
	for _, r := range rows[1:] {
		if r[col["item"]] != "mileage" {
			continue
		}
		trips++
		if r[col["miles"]] != want {
			t.Errorf("mileage row %v: miles %s, want %s", r, r[col["miles"]], want)
		}
	}
	if trips != 6 {
		t.Errorf("%d mileage rows, want 6", trips)
	}
}
