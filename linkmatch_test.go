package linkmatch

import (
	"testing"
	"time"
)

func TestParseDate(t *testing.T) {
	tests := []struct {
		in   string
		want string
		ok   bool
	}{
		{"2027-01-04", "2027-01-04", true},
		{"2024-02-29", "2024-02-29", true},
		{"1969-12-31", "1969-12-31", true},
		{"2027-02-29", "", false},
		{"2027-13-01", "", false},
		{"27-01-04", "", false},
		{"2027/01/04", "", false},
		{"", "", false},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			d, err := ParseDate(tt.in)
			if (err == nil) != tt.ok {
				t.Fatalf("ParseDate(%q) error = %v, want ok=%v", tt.in, err, tt.ok)
			}
			if tt.ok && d.String() != tt.want {
				t.Errorf("ParseDate(%q) = %s, want %s", tt.in, d, tt.want)
			}
		})
	}
}

func TestDateArithmetic(t *testing.T) {
	d := MustParseDate("2027-01-04")
	if got := d.Weekday(); got != time.Monday {
		t.Errorf("2027-01-04 weekday = %v, want Monday", got)
	}
	if got := MustParseDate("1970-01-01").Weekday(); got != time.Thursday {
		t.Errorf("1970-01-01 weekday = %v", got)
	}
	if got := MustParseDate("1969-12-28").Weekday(); got != time.Sunday {
		t.Errorf("1969-12-28 weekday = %v, want Sunday", got)
	}
	if got := MustParseDate("2027-01-31").AddMonths(1).String(); got != "2027-02-28" {
		t.Errorf("31 Jan + 1 month = %s", got)
	}
	if got := MustParseDate("2024-02-29").AddYears(1).String(); got != "2025-02-28" {
		t.Errorf("29 Feb + 1 year = %s", got)
	}
	if got := d.AddDays(-4).String(); got != "2026-12-31" {
		t.Errorf("AddDays(-4) = %s", got)
	}
	if got := d.Time(time.UTC).Format("2006-01-02"); got != "2027-01-04" {
		t.Errorf("Time = %s", got)
	}
}

func TestAgeOn(t *testing.T) {
	tests := []struct {
		dob, on string
		want    int
	}{
		{"2012-05-31", "2027-05-30", 14},
		{"2012-05-31", "2027-05-31", 15},
		{"2008-02-29", "2026-02-28", 17},
		{"2008-02-29", "2026-03-01", 18},
		{"2008-02-29", "2028-02-29", 20},
	}
	for _, tt := range tests {
		if got := AgeOn(MustParseDate(tt.dob), MustParseDate(tt.on)); got != tt.want {
			t.Errorf("AgeOn(%s, %s) = %d, want %d", tt.dob, tt.on, got, tt.want)
		}
	}
	if got := Birthday(MustParseDate("2008-02-29"), 18).String(); got != "2026-03-01" {
		t.Errorf("18th birthday of a leapling = %s, want 2026-03-01", got)
	}
}

func TestParseGBP(t *testing.T) {
	tests := []struct {
		in   string
		want Pence
		ok   bool
	}{
		{"14.93", 1493, true},
		{"100", 10000, true},
		{"0.45", 45, true},
		{"44.7", 4470, true},
		{"1.234", 0, false},
		{"-1", 0, false},
		{"£5", 0, false},
		{"1,000", 0, false},
		{".5", 0, false},
		{"5.", 0, false},
	}
	for _, tt := range tests {
		got, err := ParseGBP(tt.in)
		if (err == nil) != tt.ok || (tt.ok && got != tt.want) {
			t.Errorf("ParseGBP(%q) = %d, %v; want %d ok=%v", tt.in, got, err, tt.want, tt.ok)
		}
	}
}

func TestPenceRounding(t *testing.T) {
	// £100 a week for 3 days: 42.857… → £42.86.
	if got := Pence(10000).Ratio(3, 7); got != 4286 {
		t.Errorf("10000 × 3/7 = %d, want 4286", got)
	}
	if got := Pence(1).Ratio(1, 2); got != 1 {
		t.Errorf("half a penny rounds up: got %d", got)
	}
	if got := Pence(-150).String(); got != "-1.50" {
		t.Errorf("String = %q", got)
	}
	if got := Pence(54930).String(); got != "549.30" {
		t.Errorf("String = %q", got)
	}
}

func TestClock(t *testing.T) {
	for _, s := range []string{"00:00", "09:05", "23:59"} {
		c, ok := ParseClock(s)
		if !ok || c.String() != s {
			t.Errorf("ParseClock(%q) = %v, %v", s, c, ok)
		}
	}
	for _, s := range []string{"24:00", "9:05", "12:60", "ab:cd"} {
		if _, ok := ParseClock(s); ok {
			t.Errorf("ParseClock(%q) accepted", s)
		}
	}
}

func TestEnums(t *testing.T) {
	for _, n := range ComplexityNames() {
		c, ok := ParseComplexity(n)
		if !ok || c.String() != n {
			t.Errorf("complexity %q round trip failed", n)
		}
	}
	for _, n := range TierNames() {
		c, ok := ParseTier(n)
		if !ok || c.String() != n {
			t.Errorf("tier %q round trip failed", n)
		}
	}
	for _, n := range SessionKindNames() {
		k, ok := ParseSessionKind(n)
		if !ok || k.String() != n {
			t.Errorf("kind %q round trip failed", n)
		}
	}
	if !KindDayAndHalf.Paid() || KindReview.Paid() {
		t.Error("Paid() wrong")
	}
}

func TestAvailability(t *testing.T) {
	a, _ := ParseAvailabilityWord("weekends")
	n := a.Normalize()
	if !n.Has(AvailSat|AvailSun|AvailEvenings|AvailDaytime) || n.Has(AvailMon) {
		t.Errorf("weekends normalised to %b", n)
	}
	e, _ := ParseAvailabilityWord("evenings")
	if n := e.Normalize(); !n.Has(AvailWeekdays|AvailWeekends) || n.Has(AvailDaytime) {
		t.Errorf("evenings normalised to %b", n)
	}
	if Availability(0).Normalize() != AvailAll {
		t.Error("empty availability should mean any time")
	}
	if _, ok := ParseAvailabilityWord("fortnightly"); ok {
		t.Error("unknown word accepted")
	}
}

func TestPlaces(t *testing.T) {
	c := Carer{Capacity: 2, CurrentLinks: 3}
	if c.Places() != 0 {
		t.Errorf("over-full carer has %d places", c.Places())
	}
	c.CurrentLinks = 1
	if c.Places() != 1 {
		t.Errorf("places = %d", c.Places())
	}
}
