package plan

import (
	"testing"

	"github.com/linkmatch/linkmatch"
)

func TestParseExtension(t *testing.T) {
	for _, c := range []struct {
		in   string
		want Extension
		bad  bool
	}{
		{in: "Developing=3", want: Extension{Stage: "Developing", Weeks: 3}},
		{in: " L-C001-K004 : Developing = 2 ", want: Extension{LinkID: "L-C001-K004", Stage: "Developing", Weeks: 2}},
		{in: "Developing=104", want: Extension{Stage: "Developing", Weeks: 104}},
		{in: "Developing=0", bad: true},
		{in: "Developing=105", bad: true},
		{in: "Developing", bad: true},
		{in: "=3", bad: true},
		{in: ":Developing=3", bad: true},
		{in: "Developing=three", bad: true},
	} {
		got, err := ParseExtension(c.in)
		if c.bad {
			if err == nil {
				t.Errorf("%q: got %+v, want an error", c.in, got)
			}
			continue
		}
		if err != nil || got != c.want {
			t.Errorf("%q: got %+v, %v; want %+v", c.in, got, err, c.want)
		}
	}
}

func TestParseEnd(t *testing.T) {
	for _, c := range []struct {
		in   string
		id   string
		date linkmatch.Date
		bad  bool
	}{
		{in: "L-C001-K004=2027-06-30", id: "L-C001-K004", date: linkmatch.DateOf(2027, 6, 30)},
		{in: " L-1 = 2027-01-02 ", id: "L-1", date: linkmatch.DateOf(2027, 1, 2)},
		{in: "L-1", bad: true},
		{in: "=2027-06-30", bad: true},
		{in: "L-1=30/06/2027", bad: true},
	} {
		id, d, err := ParseEnd(c.in)
		if c.bad {
			if err == nil {
				t.Errorf("%q: got %s %s, want an error", c.in, id, d)
			}
			continue
		}
		if err != nil || id != c.id || d != c.date {
			t.Errorf("%q: got %q %s %v; want %q %s", c.in, id, d, err, c.id, c.date)
		}
	}
}
