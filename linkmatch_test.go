package linkmatch

import (
	"fmt"
	"math"
	"math/big"
	"math/rand/v2"
	"strings"
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

// TestPenceString checks the hand-written formatting against fmt's
// pounds-and-pence on edge and random amounts, and that ParseGBP reads
// back every non-negative one.
func TestPenceString(t *testing.T) {
	ref := func(p Pence) string {
		v := big.NewInt(int64(p))
		sign := ""
		if v.Sign() < 0 {
			sign = "-"
			v.Neg(v)
		}
		q, r := new(big.Int).QuoRem(v, big.NewInt(100), new(big.Int))
		return fmt.Sprintf("%s%s.%02d", sign, q, r.Int64())
	}
	cases := []Pence{0, 1, 9, 10, 99, 100, 101, 999, 1000, -1, -10, -99, -100, -101, math.MaxInt64, math.MinInt64, math.MinInt64 + 1}
	rng := rand.New(rand.NewPCG(1, 1))
	for range 10000 {
		cases = append(cases, Pence(rng.Int64N(1e12)-5e11), Pence(int64(rng.Uint64())))
	}
	for _, p := range cases {
		if got, want := p.String(), ref(p); got != want {
			t.Fatalf("Pence(%d).String() = %q, want %q", int64(p), got, want)
		}
		if p >= 0 && p < 1e15 {
			if back, err := ParseGBP(p.String()); err != nil || back != p {
				t.Fatalf("ParseGBP(%q) = %d, %v", p.String(), back, err)
			}
		}
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
	if Availability(0).Normalize() != AvailAll {
		t.Error("empty availability should mean any time")
	}
	if _, ok := ParseAvailabilityWord("fortnightly"); ok {
		t.Error("unknown word accepted")
	}
}

// offersOfWord is what one availability word offers, written out by hand
// from the README's list: a cell per weekday (Sunday first) and day part.
func offersOfWord(word string) (cells [7][2]bool) {
	set := func(wd time.Weekday, parts ...DayPart) {
		for _, p := range parts {
			cells[wd][p] = true
		}
	}
	weekdays := []time.Weekday{time.Monday, time.Tuesday, time.Wednesday, time.Thursday, time.Friday}
	switch word {
	case "mon", "tue", "wed", "thu", "fri", "sat", "sun":
		wd, _ := ParseWeekday(word)
		set(wd, PartDay, PartEvening)
	case "weekdays":
		for _, wd := range weekdays {
			set(wd, PartDay, PartEvening)
		}
	case "weekends":
		set(time.Saturday, PartDay, PartEvening)
		set(time.Sunday, PartDay, PartEvening)
	case "evenings":
		for _, wd := range weekdays {
			set(wd, PartEvening)
		}
	case "daytime":
		for _, wd := range weekdays {
			set(wd, PartDay)
		}
	case "any":
		for wd := range 7 {
			set(time.Weekday(wd), PartDay, PartEvening)
		}
	}
	return cells
}

// TestAvailabilityUnion checks every combination of one, two and three
// words (and a sample of larger sets): a set offers exactly the union of
// what each of its words offers (issue 12: "weekends;evenings" is weekends
// and weekday evenings).
func TestAvailabilityUnion(t *testing.T) {
	words := AvailabilityNames()
	check := func(set []string) {
		t.Helper()
		var a Availability
		var want [7][2]bool
		for _, w := range set {
			f, ok := ParseAvailabilityWord(w)
			if !ok {
				t.Fatalf("%q not parsed", w)
			}
			a |= f
			o := offersOfWord(w)
			for d := range 7 {
				for p := range 2 {
					want[d][p] = want[d][p] || o[d][p]
				}
			}
		}
		for d := range 7 {
			for p := range 2 {
				if got := a.Offers(time.Weekday(d), DayPart(p)); got != want[d][p] {
					t.Errorf("%s: Offers(%s, part %d) = %v, want %v", strings.Join(set, ";"), time.Weekday(d), p, got, want[d][p])
				}
			}
		}
		// Writing the set back as words and reading it again offers the same.
		var back Availability
		for _, w := range a.Words() {
			f, _ := ParseAvailabilityWord(w)
			back |= f
		}
		for d := range 7 {
			for p := range 2 {
				if back.Offers(time.Weekday(d), DayPart(p)) != want[d][p] {
					t.Errorf("%s: Words() = %v offers something else", strings.Join(set, ";"), a.Words())
				}
			}
		}
	}
	for i := range words {
		check(words[i : i+1])
		for j := i + 1; j < len(words); j++ {
			check([]string{words[i], words[j]})
			for k := j + 1; k < len(words); k++ {
				check([]string{words[i], words[j], words[k]})
			}
		}
	}
	for _, tc := range []struct {
		name  string
		words []string
	}{
		{"the README's example carer", []string{"weekends", "evenings"}},
		{"one day and evenings", []string{"mon", "evenings"}},
		{"days and daytime", []string{"sat", "sun", "daytime"}},
		{"everything named", []string{"mon", "tue", "wed", "thu", "fri", "sat", "sun", "evenings", "daytime"}},
	} {
		t.Run(tc.name, func(t *testing.T) { check(tc.words) })
	}
}

// TestAvailabilityWrittenReadsBack: for every set of flags, the words String
// writes to carers.csv and the words Words gives for messages, read back as
// a union (as the carers.csv loader does), offer exactly the same times as
// the set itself; Words never needs more words than String.
func TestAvailabilityWrittenReadsBack(t *testing.T) {
	readBack := func(words []string) Availability {
		t.Helper()
		var back Availability
		for _, w := range words {
			f, ok := ParseAvailabilityWord(w)
			if !ok {
				t.Fatalf("%q is not an availability word", w)
			}
			back |= f
		}
		return back
	}
	for a := Availability(0); a <= AvailAll; a++ {
		written := strings.Split(a.String(), ";")
		for _, tc := range []struct {
			name  string
			words []string
		}{{"String", written}, {"Words", a.Words()}} {
			back := readBack(tc.words)
			for d := range 7 {
				for p := range 2 {
					wd, part := time.Weekday(d), DayPart(p)
					if back.Offers(wd, part) != a.Offers(wd, part) {
						t.Fatalf("%09b: %s %q offers %s part %d = %v, the set %v",
							a, tc.name, strings.Join(tc.words, ";"), wd, p, back.Offers(wd, part), a.Offers(wd, part))
					}
				}
			}
		}
		if len(a.Words()) > len(written) {
			t.Errorf("%09b: Words %v longer than String %q", a, a.Words(), a.String())
		}
	}
}

func TestWeeklySlot(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want WeeklySlot
		ok   bool
	}{
		{"tue 17:30-18:30", WeeklySlot{time.Tuesday, 17*60 + 30, 18*60 + 30}, true},
		{"  SAT 14:00 - 15:00 ", WeeklySlot{time.Saturday, 14 * 60, 15 * 60}, true},
		{"tue 18:30-17:30", WeeklySlot{}, false},
		{"tuesday 17:30-18:30", WeeklySlot{}, false},
		{"tue 17:30", WeeklySlot{}, false},
		{"", WeeklySlot{}, false},
	} {
		got, err := ParseWeeklySlot(tc.in)
		if (err == nil) != tc.ok || got != tc.want {
			t.Errorf("ParseWeeklySlot(%q) = %v, %v; want %v, ok %v", tc.in, got, err, tc.want, tc.ok)
		}
		if tc.ok && got.String() != strings.ToLower(strings.ReplaceAll(strings.TrimSpace(tc.in), " - ", "-")) {
			t.Errorf("String() = %q", got.String())
		}
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

// TestAppendIsString: Date.Append and Pence.Append append exactly what
// String returns, after whatever the buffer holds, for dates of every era
// (years outside 0–9999 included) and amounts of every sign and size.
func TestAppendIsString(t *testing.T) {
	dates := []Date{0, 1, -1, MustParseDate("2027-01-04"), MustParseDate("9999-12-31"), MustParseDate("9999-12-31") + 1, -800000, 4000000}
	for d := Date(-2000); d < 800000; d += 997 {
		dates = append(dates, d)
	}
	for _, d := range dates {
		if got, want := string(d.Append([]byte("x,"))), "x,"+d.String(); got != want {
			t.Errorf("Date(%d).Append = %q, want %q", int(d), got, want)
		}
	}
	amounts := []Pence{0, 1, -1, 9, -9, 10, 99, 100, -100, 123456789, -123456789, 1<<63 - 1, -1 << 63}
	for _, p := range amounts {
		if got, want := string(p.Append([]byte("x,"))), "x,"+p.String(); got != want {
			t.Errorf("Pence(%d).Append = %q, want %q", int64(p), got, want)
		}
	}
}

func TestParseMonthDay(t *testing.T) {
	tests := []struct {
		in   string
		want MonthDay
		ok   bool
	}{
		{"12-25", MonthDay{time.December, 25}, true},
		{"01-01", MonthDay{time.January, 1}, true},
		{"02-29", MonthDay{time.February, 29}, true},
		{"02-30", MonthDay{}, false},
		{"13-01", MonthDay{}, false},
		{"1-1", MonthDay{}, false},
		{"25 Dec", MonthDay{}, false},
		{"2027-12-25", MonthDay{}, false},
		{"", MonthDay{}, false},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			got, err := ParseMonthDay(tt.in)
			if (err == nil) != tt.ok {
				t.Fatalf("ParseMonthDay(%q) error = %v, want ok=%v", tt.in, err, tt.ok)
			}
			if got != tt.want {
				t.Errorf("ParseMonthDay(%q) = %v, want %v", tt.in, got, tt.want)
			}
			if tt.ok && got.String() != tt.in {
				t.Errorf("String() = %q, want %q", got.String(), tt.in)
			}
		})
	}
}
