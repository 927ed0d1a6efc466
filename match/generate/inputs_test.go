package generate

import (
	"errors"
	"testing"

	"github.com/linkmatch/linkmatch"
)

// TestPrepare checks the files a generated scenario carries: the demo's
// rates for each scheme, the boundaries only when given, and bad
// boundaries refused as a *BoundariesError naming the file.
func TestPrepare(t *testing.T) {
	tests := []struct {
		name       string
		scheme     linkmatch.Scheme
		boundaries Source
		wantBounds bool
		wantErr    bool
	}{
		{"step-down without boundaries", linkmatch.SchemeStepDown, Source{}, false, false},
		{"short breaks without boundaries", linkmatch.SchemeShortBreaks, Source{}, false, false},
		{"boundaries that are not GeoJSON", linkmatch.SchemeStepDown, Source{Name: "b.geojson", Data: []byte("not json")}, false, true},
	}
	rates := map[linkmatch.Scheme]string{}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			o := Options{Scheme: tc.scheme}
			files, err := Prepare(&o, Source{}, tc.boundaries)
			var be *BoundariesError
			if tc.wantErr {
				if !errors.As(err, &be) || be.Name != tc.boundaries.Name {
					t.Fatalf("err = %v, want a *BoundariesError for %s", err, tc.boundaries.Name)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if len(files.Rates) == 0 || (files.Boundaries != nil) != tc.wantBounds || o.Locate != nil {
				t.Errorf("files %d bytes of rates, boundaries %v, locate set %v", len(files.Rates), files.Boundaries != nil, o.Locate != nil)
			}
			rates[tc.scheme] = string(files.Rates)
		})
	}
	if rates[linkmatch.SchemeStepDown] == rates[linkmatch.SchemeShortBreaks] {
		t.Error("short breaks carry the step-down demo's rates, want the Family Link demo's")
	}
}
