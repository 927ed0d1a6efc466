package geo

import "testing"

func TestNormalisePostcode(t *testing.T) {
	tests := []struct {
		in, want string
		ok       bool
	}{
		{"ta1 1aa", "TA1 1AA", true},
		{"TA11AA", "TA1 1AA", true},
		{"  TA1   1AA ", "TA1 1AA", true},
		{"sw1a1aa", "SW1A 1AA", true},
		{"M1 1AE", "M1 1AE", true},
		{"B33 8TH", "B33 8TH", true},
		{"EC1A 1BB", "EC1A 1BB", true},
		{"W1A\u00a00AX", "W1A 0AX", true},
		{"", "", false},
		{"TA1", "", false},
		{"TA1 1A", "", false},
		{"TA1 AAA", "", false},
		{"1A1 1AA", "", false},
		{"TA1-1AA", "", false},
		{"ABCDE 1AA", "", false},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			got, ok := NormalisePostcode(tt.in)
			if got != tt.want || ok != tt.ok {
				t.Errorf("NormalisePostcode(%q) = %q, %v; want %q, %v", tt.in, got, ok, tt.want, tt.ok)
			}
		})
	}
}
