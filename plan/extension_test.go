package plan

import "testing"

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
