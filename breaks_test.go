package linkmatch

import (
	"strings"
	"testing"
)

func TestParseBreaks(t *testing.T) {
	cases := []struct {
		name, in, want string // want: String() of the result, or "error: …" text
	}{
		{"two kinds", "2 after_school + 1 overnight per month", "2 after_school + 1 overnight per month"},
		{"one kind", "1 weekend per month", "1 weekend per month"},
		{"spacing and case", "  2  After_School+1 day   PER MONTH ", "2 after_school + 1 day per month"},
		{"empty is none", "", ""},
		{"no per month", "2 after_school", "error: does not end"},
		{"a word for a number", "two after_school per month", "error: not a number of breaks"},
		{"zero", "0 day per month", "error: not a number of breaks"},
		{"a kind twice", "1 day + 2 day per month", "error: given twice"},
		{"a kind with a space", "1 day out per month", "error: not a number and a kind"},
		{"a bad kind", "1 Day-Out per month", "error: not a kind of break"},
		{"more than one a day", "20 day + 12 overnight per month", "error: more than one a day"},
		{"a missing term", "1 day + per month", "error: not a number and a kind"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got, err := ParseBreaks(c.in)
			if msg, bad := strings.CutPrefix(c.want, "error: "); bad {
				if err == nil || !strings.Contains(err.Error(), msg) {
					t.Fatalf("ParseBreaks(%q) = %v, %v; want an error with %q", c.in, got, err, msg)
				}
				return
			}
			if err != nil || got.String() != c.want {
				t.Fatalf("ParseBreaks(%q) = %q, %v; want %q", c.in, got, err, c.want)
			}
		})
	}
	b, _ := ParseBreaks("2 after_school + 1 overnight per month")
	if b.Total() != 3 || b.Count("overnight") != 1 || b.Count("day") != 0 {
		t.Errorf("total %d, overnights %d, days %d", b.Total(), b.Count("overnight"), b.Count("day"))
	}
}

// FuzzParseBreaks: any text either fails to parse or parses to breaks
// that write back to text parsing to the same breaks.
func FuzzParseBreaks(f *testing.F) {
	for _, s := range []string{"2 after_school + 1 overnight per month", "1 weekend per month", "", "3 x per month", "1 a+2 b per month"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		b, err := ParseBreaks(s)
		if err != nil {
			return
		}
		again, err := ParseBreaks(b.String())
		if err != nil || again.String() != b.String() || again.Total() != b.Total() || b.Total() > MaxBreaksPerMonth {
			t.Fatalf("%q → %q → %q, %v", s, b, again, err)
		}
	})
}

func TestSchemeAndStatus(t *testing.T) {
	for _, n := range SchemeNames() {
		s, ok := ParseScheme(n)
		if b, _ := s.MarshalText(); !ok || s.String() != n || string(b) != n {
			t.Errorf("scheme %q round trip: %v %v", n, s, ok)
		}
	}
	if _, ok := ParseScheme("respite"); ok {
		t.Error("respite is not a scheme")
	}
	for _, n := range CarerStatusNames() {
		if s, ok := ParseCarerStatus(n); !ok || s.String() != n {
			t.Errorf("status %q round trip", n)
		}
	}
	start := MustParseDate("2027-01-04")
	approved := Carer{}
	later := Carer{Status: StatusInAssessment, ApprovalExpected: start.AddDays(60)}
	earlier := Carer{Status: StatusInAssessment, ApprovalExpected: start.AddDays(-5)}
	if approved.FirstDay(start) != start || later.FirstDay(start) != start.AddDays(60) || earlier.FirstDay(start) != start || !later.Provisional() || approved.Provisional() {
		t.Error("FirstDay or Provisional is wrong")
	}
	o := Offer{Kinds: []string{"day"}}
	if !o.Offers("day") || o.Offers("overnight") || !(Offer{}).Offers("overnight") {
		t.Error("Offers is wrong")
	}
}

// TestFamilyBringsAndCollects reads children.csv's pick_up and drop_off by
// who is named first; only a family doing both leaves the carer no trip.
func TestFamilyBringsAndCollects(t *testing.T) {
	for _, tc := range []struct {
		pickUp, dropOff string
		want            bool
	}{
		{"a parent brings the child to the carer's home", "a parent collects from the carer's home", true},
		{"Mum drops him off", "Dad collects", true},
		{"the carer collects from school", "a parent collects from the carer's home", false},
		{"a parent brings the child to the carer's home", "the carer takes the child home", false},
		{"the carer collects from the family home in an adapted car", "the carer takes the child home", false},
		{"the Family Link carer collects", "the family collects", false},
		{"", "", false},
		{"taxi", "taxi", false},
	} {
		c := Child{PickUp: tc.pickUp, DropOff: tc.dropOff}
		if got := c.FamilyBringsAndCollects(); got != tc.want {
			t.Errorf("%q / %q: %v, want %v", tc.pickUp, tc.dropOff, got, tc.want)
		}
	}
}

// TestStayDaysOf: Saturday morning to Sunday tea-time is seed 000's day
// and a half; an evening-to-morning overnight has no day in care; whole
// days between arrival and departure are full days.
func TestStayDaysOf(t *testing.T) {
	d := MustParseDate
	h := func(hh, mm int) Clock { return Clock(hh*60 + mm) }
	for _, tc := range []struct {
		name             string
		kind             SessionKind
		from             string
		start            Clock
		to               string
		end              Clock
		wantFull, wantHf int
	}{
		{"weekend", KindDayAndHalf, "2027-02-20", h(10, 0), "2027-02-21", h(17, 0), 1, 1},
		{"overnight", KindOvernight, "2027-02-19", h(17, 0), "2027-02-20", h(10, 0), 0, 0},
		{"afternoon arrival, late departure", KindOvernight, "2027-02-19", h(14, 0), "2027-02-20", h(18, 0), 1, 1},
		{"few days", KindOvernight, "2027-02-15", h(10, 0), "2027-02-18", h(16, 0), 3, 1},
		{"no times, weekend", KindDayAndHalf, "2027-02-20", 0, "2027-02-21", 0, 1, 1},
		{"no times, overnight", KindOvernight, "2027-02-20", 0, "2027-02-21", 0, 0, 0},
		{"same day", KindOvernight, "2027-02-20", h(10, 0), "2027-02-20", h(17, 0), 0, 0},
	} {
		full, half := StayDaysOf(tc.kind, d(tc.from), tc.start, d(tc.to), tc.end)
		if full != tc.wantFull || half != tc.wantHf {
			t.Errorf("%s: %d full, %d half days; want %d, %d", tc.name, full, half, tc.wantFull, tc.wantHf)
		}
	}
}
