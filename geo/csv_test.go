package geo

import (
	"errors"
	"strings"
	"testing"
)

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

func TestParsePostcodes(t *testing.T) {
	in := "\ufeffPostcode,lat,lon,extra\r\nta1 1aa,51.0150,-3.1030,x\r\nBA1 1AA, 51.3811 ,-2.3590,y\r\n"
	p, err := ParsePostcodes(strings.NewReader(in))
	if err != nil {
		t.Fatal(err)
	}
	if p.Len() != 2 {
		t.Errorf("Len = %d", p.Len())
	}
	if pt, ok := p.Lookup("TA11AA"); !ok || pt != LatLon(51.0150, -3.1030) {
		t.Errorf("Lookup(TA11AA) = %v, %v", pt, ok)
	}
	if _, ok := p.Lookup("ZZ9 9ZZ"); ok {
		t.Error("found an absent postcode")
	}
	var none *Postcodes
	if _, ok := none.Lookup("TA1 1AA"); ok || none.Len() != 0 {
		t.Error("nil Postcodes not empty")
	}
}

func TestCSVErrors(t *testing.T) {
	tests := []struct {
		name       string
		parse      func(string) error
		input      string
		kind       error
		line, col  int
		columnName string
	}{
		{"postcodes: empty file", postcodes, "", ErrMissingColumn, 1, 1, ""},
		{"postcodes: missing lon", postcodes, "postcode,lat\nTA1 1AA,51\n", ErrMissingColumn, 1, 1, ""},
		{"postcodes: bad postcode", postcodes, "postcode,lat,lon\nTA1 1AA,51,-3\nnope,51,-3\n", ErrInvalidPostcode, 3, 1, "postcode"},
		{"postcodes: bad lat", postcodes, "postcode,lat,lon\nTA1 1AA,north,-3\n", ErrInvalidNumber, 2, 9, "lat"},
		{"postcodes: NaN lon", postcodes, "postcode,lat,lon\nTA1 1AA,51,NaN\n", ErrInvalidNumber, 2, 12, "lon"},
		{"postcodes: lat out of range", postcodes, "postcode,lat,lon\nTA1 1AA,-3.1,51.0\nTA1 1AB,351,-3\n", ErrCoordinateRange, 3, 9, "lat"},
		{"postcodes: duplicate", postcodes, "postcode,lat,lon\nTA1 1AA,51,-3\nta11aa,51,-3\n", ErrDuplicateKey, 3, 1, "postcode"},
		{"travel: negative", travel, "from,to,minutes\nC1,K1,-5\n", ErrNegativeMinutes, 2, 7, "minutes"},
		{"travel: empty to", travel, "from,to,minutes\nC1,,5\n", ErrEmptyField, 2, 4, "to"},
		{"travel: not a number", travel, "from,to,minutes\nC1,K1,5\nC2,K1,ten\n", ErrInvalidNumber, 3, 7, "minutes"},
		{"travel: duplicate", travel, "from,to,minutes\nC1,K1,5\nC1,K1,6\n", ErrDuplicateKey, 3, 1, "from"},
		{"travel: missing minutes", travel, "from,to\n", ErrMissingColumn, 1, 1, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := tt.parse(tt.input)
			var pe *ParseError
			if !errors.As(err, &pe) {
				t.Fatalf("error %v (%T) is not a *ParseError", err, err)
			}
			if !errors.Is(err, tt.kind) {
				t.Errorf("error %q is not %v", err, tt.kind)
			}
			if pe.Line != tt.line || pe.Column != tt.col || pe.ColumnName != tt.columnName {
				t.Errorf("position %d:%d (%s), want %d:%d (%s): %v", pe.Line, pe.Column, pe.ColumnName, tt.line, tt.col, tt.columnName, err)
			}
		})
	}
}

// TestCSVSyntaxErrorPosition checks that encoding/csv's own errors keep
// their position.
func TestCSVSyntaxErrorPosition(t *testing.T) {
	err := travel("from,to,minutes\nC1,\"K1,5\n")
	var pe *ParseError
	if !errors.As(err, &pe) || pe.Line != 2 {
		t.Errorf("error = %v, want a ParseError on line 2", err)
	}
	err = travel("from,to,minutes\nC1,K1\n")
	if !errors.As(err, &pe) || pe.Line != 2 {
		t.Errorf("short row error = %v, want a ParseError on line 2", err)
	}
}

func postcodes(s string) error { _, err := ParsePostcodes(strings.NewReader(s)); return err }
func travel(s string) error    { _, err := ParseTravelTimes(strings.NewReader(s)); return err }

func TestTravelTimes(t *testing.T) {
	tt, err := ParseTravelTimes(strings.NewReader("from,to,minutes\nC1,K1,35\nSomerset,Devon,55\nDevon,Somerset,60\n"))
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		from, to string
		want     float64
		ok       bool
	}{
		{"C1", "K1", 35, true},
		{"K1", "C1", 35, true}, // reverse direction falls back
		{"Somerset", "Devon", 55, true},
		{"Devon", "Somerset", 60, true}, // both directions given
		{"C1", "K2", 0, false},
	}
	for _, c := range tests {
		if got, ok := tt.Minutes(c.from, c.to); got != c.want || ok != c.ok {
			t.Errorf("Minutes(%s, %s) = %v, %v; want %v, %v", c.from, c.to, got, ok, c.want, c.ok)
		}
	}
	trip := DefaultTravelModel().TripKm(10)
	if got := tt.Apply(trip, "C1", "K1"); got.Minutes != 35 || !got.FromTable || got.RoadKm != trip.RoadKm {
		t.Errorf("Apply = %+v", got)
	}
	if got := tt.Apply(trip, "C9", "K9"); got != trip {
		t.Errorf("Apply without entry changed the trip: %+v", got)
	}
	var none *TravelTimes
	if _, ok := none.Minutes("C1", "K1"); ok || none.Len() != 0 || none.Apply(trip, "a", "b") != trip {
		t.Error("nil TravelTimes is not empty")
	}
}

func TestZones(t *testing.T) {
	taunton, exeter := LatLon(51.0150, -3.1030), LatLon(50.7184, -3.5339)
	d := HaversineKm(taunton, exeter)
	zs := Zones{{Centre: taunton, RadiusKm: d}, {Authority: "Dorset"}}
	tests := []struct {
		name      string
		p         Point
		authority string
		want      bool
	}{
		{"centre", taunton, "Somerset", true},
		{"on the circle", exeter, "Devon", true},
		{"beyond the circle", LatLon(50.3, -4.5), "Cornwall", false},
		{"inside the authority zone", LatLon(50.7, -2.4), "Dorset", true},
		{"authority unknown", LatLon(50.7, -2.4), "", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := zs.Contains(tt.p, tt.authority); got != tt.want {
				t.Errorf("Contains = %v, want %v", got, tt.want)
			}
		})
	}
	if (Zones{}).Contains(taunton, "Somerset") {
		t.Error("no zones contain a point")
	}
}
