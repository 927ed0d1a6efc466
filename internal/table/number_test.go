package table

import (
	"math"
	"strconv"
	"testing"
)

func TestParseDecimal(t *testing.T) {
	tests := []struct {
		in   string
		want float64
		ok   bool
	}{
		{"51.0173", 51.0173, true},
		{"-3.1021", -3.1021, true},
		{"+4", 4, true},
		{"12", 12, true},
		{"12.", 12, true},
		{".5", 0.5, true},
		{"1E-05", 1e-5, true},
		{"2.5e+3", 2500, true},
		{"-0", 0, true},
		{"-0.000", 0, true},
		{"0x1p4", 0, false},
		{"0x1.98p5", 0, false},
		{"1_000", 0, false},
		{"0x_1p0", 0, false},
		{"Inf", 0, false},
		{"-infinity", 0, false},
		{"NaN", 0, false},
		{"", 0, false},
		{"-", 0, false},
		{".", 0, false},
		{"1e", 0, false},
		{"1e+", 0, false},
		{"1.2.3", 0, false},
		{"12 km", 0, false},
		{"1e999", 0, false},
	}
	for _, tt := range tests {
		got, err := ParseDecimal(tt.in)
		if (err == nil) != tt.ok || got != tt.want {
			t.Errorf("ParseDecimal(%q) = %v, %v; want %v, ok %t", tt.in, got, err, tt.want, tt.ok)
		}
		if tt.ok && math.Signbit(got) && got == 0 {
			t.Errorf("ParseDecimal(%q) gave -0", tt.in)
		}
	}
}

// FuzzParseDecimal: what ParseDecimal accepts, strconv.ParseFloat reads as
// the same number (never -0), and it never accepts hexadecimal,
// underscores, infinities or NaN.
func FuzzParseDecimal(f *testing.F) {
	for _, s := range []string{"51.0173", "-0", "0x1p4", "1_000", "1E-05", "Inf", ".5"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		got, err := ParseDecimal(s)
		if err != nil {
			return
		}
		want, werr := strconv.ParseFloat(s, 64)
		if werr != nil || got != want || math.IsNaN(got) || math.IsInf(got, 0) || (got == 0 && math.Signbit(got)) {
			t.Errorf("ParseDecimal(%q) = %v; ParseFloat says %v, %v", s, got, want, werr)
		}
		for _, c := range s {
			if c == 'x' || c == 'X' || c == '_' || c == 'p' || c == 'P' {
				t.Errorf("ParseDecimal(%q) accepted %q", s, c)
			}
		}
	})
}
