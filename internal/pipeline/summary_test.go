package pipeline

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/linkmatch/linkmatch"
	"github.com/linkmatch/linkmatch/match"
)

// TestPrintSummary checks validate's summary against the scenario it
// describes: its counts, the mode and template a run would use, and
// counts in the right number ("1 carer", never "1 carers").
func TestPrintSummary(t *testing.T) {
	sc := loadScenario(t, "", nil)
	prep, err := Prepare(sc, Options{})
	if err != nil {
		t.Fatal(err)
	}
	var b strings.Builder
	PrintSummary(&b, sc, prep, 1)
	out := b.String()
	sum := sc.Summary()
	for _, want := range []string{
		sc.Name + ": valid\n",
		fmt.Sprintf("  children:          %d\n", len(sc.Children)),
		fmt.Sprintf("  carers:            %d\n", len(sc.Carers)),
		fmt.Sprintf("  free places:       %d ", sum.FreePlaces),
		"  matching mode:     " + prep.Mode.String() + "\n",
		"  stage template:    " + prep.Template.Name + "\n",
		"  warnings:          1\n",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("summary lacks %q:\n%s", want, out)
		}
	}
	if n := sum.InAssessment; n == 1 && !strings.Contains(out, "1 carer (") || n != 1 && n > 0 && !strings.Contains(out, fmt.Sprintf("%d carers (", n)) {
		t.Errorf("in assessment: %d carers, said as:\n%s", n, out)
	}
}

// TestRunJSONSettings: run.json's settings use scenario.toml's own keys,
// the mode the run chose its links in and every weight the scores used —
// never Go field names, an empty mode or empty weights (tryout 15).
func TestRunJSONSettings(t *testing.T) {
	rec := &Record{Totals: Totals{Mode: "stable"}}
	rec.Match.MaxDistanceKm = 40
	rec.Geo.NameProperty = "name"
	data, err := json.Marshal(rec)
	if err != nil {
		t.Fatal(err)
	}
	var got struct {
		Settings struct {
			Match map[string]any `json:"match"`
			Geo   map[string]any `json:"geo"`
		} `json:"settings"`
	}
	if err := json.Unmarshal(data, &got); err != nil {
		t.Fatal(err)
	}
	for _, k := range []string{"max_distance_km", "distant_authorities", "weights", "mode", "max_carers_per_child"} {
		if _, ok := got.Settings.Match[k]; !ok {
			t.Errorf("settings.match lacks %q: %s", k, data)
		}
	}
	for _, k := range []string{"name_property", "code_property", "circuity", "speed_kmh", "neighbour_tolerance_m"} {
		if _, ok := got.Settings.Geo[k]; !ok {
			t.Errorf("settings.geo lacks %q: %s", k, data)
		}
	}
	if got.Settings.Match["mode"] != "stable" {
		t.Errorf("mode %v, want the run's mode, stable", got.Settings.Match["mode"])
	}
	w, _ := got.Settings.Match["weights"].(map[string]any)
	if len(w) != len(linkmatch.Components()) || w["needs"] != match.DefaultWeights()[linkmatch.ComponentNeeds] {
		t.Errorf("weights %v, want every component with its default", w)
	}
}

// TestTimingsToTheMillisecond: timings.json's seconds are whole
// milliseconds, without floating-point noise (2.829, not
// 2.8289999999999997).
func TestTimingsToTheMillisecond(t *testing.T) {
	data, err := json.Marshal(Timings{Score: 2829 * time.Millisecond, Match: 1234567 * time.Microsecond, Plan: 100 * time.Microsecond})
	if err != nil {
		t.Fatal(err)
	}
	if want := `{"timings_seconds":{"match":1.235,"plan":0,"score":2.829}}`; string(data) != want {
		t.Errorf("got %s, want %s", data, want)
	}
}
