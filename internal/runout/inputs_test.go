package runout

import (
	"os"
	"path/filepath"
	"slices"
	"testing"

	"github.com/linkmatch/linkmatch/scenarios"
)

// TestInputChecksumsEveryNamedFile: run.json's inputs_sha256 covers every
// file scenario.toml names — terms and bank holidays too, which it once
// left out, so report could not say they changed since the run (tester).
func TestInputChecksumsEveryNamedFile(t *testing.T) {
	dir := t.TempDir()
	names := []string{"scenario.toml", "children.csv", "carers.csv", "rates.csv", "terms.csv", "holidays.csv", "pinned.csv", "postcodes.csv", "travel.csv"}
	for _, n := range names {
		if err := os.WriteFile(filepath.Join(dir, n), []byte(n+"\n"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	at := func(n string) string { return filepath.Join(dir, n) }
	sc := &scenarios.Scenario{Dir: dir, Path: at("scenario.toml"), Files: scenarios.Files{
		Children: at("children.csv"), Carers: at("carers.csv"), Rates: at("rates.csv"), Terms: at("terms.csv"),
		BankHolidays: at("holidays.csv"), Pinned: at("pinned.csv"), Postcodes: at("postcodes.csv"), TravelTimes: at("travel.csv"),
	}}
	sums, err := inputChecksums(sc)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for n := range sums {
		got = append(got, n)
	}
	slices.Sort(got)
	want := slices.Clone(names)
	slices.Sort(want)
	if !slices.Equal(got, want) {
		t.Errorf("inputs_sha256 covers %v, want %v", got, want)
	}
}
