package linkmatch

import "testing"

// TestGBP: amounts for people to read carry a pound sign and thousands
// separators; the digits are String's.
func TestGBP(t *testing.T) {
	for _, tc := range []struct {
		p    Pence
		want string
	}{
		{0, "£0.00"},
		{5, "£0.05"},
		{99999, "£999.99"},
		{100000, "£1,000.00"},
		{11652832, "£116,528.32"},
		{25483925, "£254,839.25"},
		{123456789012, "£1,234,567,890.12"},
		{-350, "-£3.50"},
		{-100000, "-£1,000.00"},
	} {
		if got := tc.p.GBP(); got != tc.want {
			t.Errorf("%d pence: %q, want %q", int64(tc.p), got, tc.want)
		}
	}
}
