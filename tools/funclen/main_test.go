package main

import (
	"path/filepath"
	"slices"
	"strconv"
	"testing"
)

// TestFind: functions over the limit are listed unless their comment says
// why they are long; test files only with tests; the count runs from func
// to the closing brace.
func TestFind(t *testing.T) {
	tests := []struct {
		name  string
		tests bool
		want  []string
	}{
		{"code only", false, []string{"Long 84", "T.Method 84"}},
		{"with tests", true, []string{"Long 84", "T.Method 84", "LongT 84", "T.MethodT 84"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			long, err := find("testdata/src", 80, tt.tests)
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, l := range long {
				got = append(got, l.Name+" "+itoa(l.Lines))
				if filepath.Base(l.Pos.Filename) != "src.go" && filepath.Base(l.Pos.Filename) != "src_test.go" {
					t.Errorf("%v: unexpected file", l)
				}
			}
			if !slices.Equal(got, tt.want) {
				t.Errorf("got %q, want %q", got, tt.want)
			}
		})
	}
}

func itoa(n int) string { return strconv.Itoa(n) }
