package cost

import (
	"bytes"
	"encoding/csv"
	"errors"
	"io"
	"os"
	"strconv"
	"testing"

	"github.com/linkmatch/linkmatch"
)

// ratesCSV reads a rates.csv table (INTERFACE.md) for the tests. The
// scenarios package is the real loader, with every check and problem; this
// one only fails the test on a value it cannot read. Each rate's Line is
// its line in the file, as the loader sets it.
func ratesCSV(t testing.TB, data []byte) []linkmatch.Rate {
	t.Helper()
	r := csv.NewReader(bytes.NewReader(data))
	header, err := r.Read()
	if err != nil {
		t.Fatalf("rates.csv header: %v", err)
	}
	col := map[string]int{}
	for i, name := range header {
		col[name] = i
	}
	var out []linkmatch.Rate
	for {
		rec, err := r.Read()
		if errors.Is(err, io.EOF) {
			return out
		}
		if err != nil {
			t.Fatalf("rates.csv: %v", err)
		}
		line, _ := r.FieldPos(0)
		get := func(name string) string {
			i, ok := col[name]
			if !ok {
				t.Fatalf("rates.csv has no %s column", name)
			}
			return rec[i]
		}
		var errs []error
		from, err := linkmatch.ParseDate(get("effective_from"))
		errs = append(errs, err)
		tier, ok := linkmatch.ParseTier(get("tier"))
		if !ok {
			errs = append(errs, errors.New("bad tier "+get("tier")))
		}
		unit, ok := ParseUnit(get("unit"))
		if !ok {
			errs = append(errs, errors.New("bad unit "+get("unit")))
		}
		ageMin, err := strconv.Atoi(get("age_min"))
		errs = append(errs, err)
		ageMax, err := strconv.Atoi(get("age_max"))
		errs = append(errs, err)
		amount, err := linkmatch.ParseGBP(get("amount_gbp"))
		errs = append(errs, err)
		if err := errors.Join(errs...); err != nil {
			t.Fatalf("rates.csv line %d: %v", line, err)
		}
		out = append(out, linkmatch.Rate{EffectiveFrom: from, Tier: tier, AgeMin: ageMin, AgeMax: ageMax, Unit: unit, Amount: amount, Line: line})
	}
}

// ratesFile reads a rates.csv file with ratesCSV.
func ratesFile(t testing.TB, path string) []linkmatch.Rate {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return ratesCSV(t, data)
}
