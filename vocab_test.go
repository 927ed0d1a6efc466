package linkmatch

import (
	"encoding/json"
	"slices"
	"strings"
	"testing"
)

func TestBorderString(t *testing.T) {
	tests := []struct {
		b    Border
		want string
	}{
		{BorderUnknown, "unknown"}, {BorderSame, "same"}, {BorderNeighbour, "neighbour"},
		{BorderDistant, "distant"}, {Border(9), "unknown"},
	}
	for _, tt := range tests {
		if got := tt.b.String(); got != tt.want {
			t.Errorf("Border(%d) = %q, want %q", tt.b, got, tt.want)
		}
	}
}

func TestDistantPolicy(t *testing.T) {
	if got := DistantPolicyNames(); !slices.Equal(got, []string{"allow", "penalise", "forbid"}) {
		t.Errorf("names = %q, want allow, penalise, forbid (most to least permissive)", got)
	}
	for _, n := range DistantPolicyNames() {
		p, ok := ParseDistantPolicy(n)
		text, err := p.MarshalText()
		if err != nil || !ok || p.String() != n || string(text) != n {
			t.Errorf("%q round trip gave %v, %v, %q, %v", n, p, ok, text, err)
		}
	}
	var zero DistantPolicy
	if zero != PolicyPenalise {
		t.Error("the zero policy is not the default, penalise")
	}
	for _, bad := range []string{"", "Allow", "sometimes"} {
		if _, ok := ParseDistantPolicy(bad); ok {
			t.Errorf("%q accepted", bad)
		}
	}
}

func TestComponents(t *testing.T) {
	names := ComponentNames()
	if len(names) != NumComponents || len(Components()) != NumComponents {
		t.Fatalf("%d names, %d components, want %d", len(names), len(Components()), NumComponents)
	}
	for i, c := range Components() {
		p, ok := ParseComponent(names[i])
		if c != Component(i) || !ok || p != c || c.String() != names[i] {
			t.Errorf("component %d: %v, %q round trip failed", i, c, names[i])
		}
	}
	if _, ok := ParseComponent("needz"); ok {
		t.Error("unknown name accepted")
	}
	// run.json writes weights by name.
	b, err := json.Marshal(map[Component]float64{ComponentNeeds: 30, ComponentBorder: 10})
	if err != nil || string(b) != `{"border":10,"needs":30}` {
		t.Errorf("weights as JSON = %s, %v", b, err)
	}
}

// TestAvailabilityString: every set of flags is written as words that
// read back as the same set (an empty set and every time are both "any").
func TestAvailabilityString(t *testing.T) {
	tests := []struct {
		a    Availability
		want string
	}{
		{0, "any"},
		{AvailAll, "any"},
		{AvailWeekends | AvailEvenings, "weekends;evenings"},
		{AvailWeekdays | AvailSat | AvailDaytime, "weekdays;sat;daytime"},
		{AvailWed | AvailSat | AvailSun, "weekends;wed"},
	}
	for _, tt := range tests {
		if got := tt.a.String(); got != tt.want {
			t.Errorf("%09b = %q, want %q", tt.a, got, tt.want)
		}
	}
	for a := Availability(1); a < AvailAll; a++ {
		var back Availability
		for _, w := range strings.Split(a.String(), ";") {
			f, ok := ParseAvailabilityWord(w)
			if !ok {
				t.Fatalf("%09b: %q is not an availability word", a, w)
			}
			back |= f
		}
		if back != a {
			t.Fatalf("%09b written %q reads back as %09b", a, a.String(), back)
		}
	}
}
