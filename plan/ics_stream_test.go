package plan

import (
	"bytes"
	"math/rand/v2"
	"testing"

	ical "github.com/emersion/go-ical"
)

// TestICSStreamIsGoICal: the streaming encoder writes any calendar — props
// in any order, parameters needing quotes, repeated props and parameter
// lists, nested components — byte for byte as go-ical's Encoder does.
func TestICSStreamIsGoICal(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	values := []string{"plain", "with;semicolon", "a:b", "x,y", "", "Europe/London", "ü and ß"}
	names := []string{"SUMMARY", "DTSTART", "UID", "X-A", "LOCATION", "CATEGORIES", "DESCRIPTION"}
	randomProps := func(props ical.Props) {
		for range 1 + rng.IntN(6) {
			p := ical.NewProp(names[rng.IntN(len(names))])
			p.Value = values[rng.IntN(len(values))]
			for range rng.IntN(3) {
				name := []string{"TZID", "VALUE", "X-P", "ALTREP"}[rng.IntN(4)]
				for range 1 + rng.IntN(2) {
					p.Params.Add(name, values[rng.IntN(len(values))])
				}
			}
			props.Add(p)
		}
	}
	for trial := range 300 {
		cal := ical.NewCalendar()
		cal.Props.SetText(ical.PropProductID, "-//test//EN")
		cal.Props.SetText(ical.PropVersion, "2.0")
		for range 1 + rng.IntN(4) {
			c := ical.NewComponent("X-THING")
			randomProps(c.Props)
			if rng.IntN(2) == 0 {
				child := ical.NewComponent("X-CHILD")
				randomProps(child.Props)
				c.Children = append(c.Children, child)
			}
			cal.Children = append(cal.Children, c)
		}
		var want bytes.Buffer
		if err := ical.NewEncoder(&want).Encode(cal); err != nil {
			t.Fatal(err)
		}
		var got bytes.Buffer
		e := &icsStream{w: &got}
		e.begin(cal.Name)
		e.props(cal.Props)
		for _, c := range cal.Children {
			e.component(c)
		}
		e.end(cal.Name)
		if err := e.close(); err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(got.Bytes(), want.Bytes()) {
			t.Fatalf("trial %d: the stream wrote\n%s\ngo-ical wrote\n%s", trial, got.Bytes(), want.Bytes())
		}
	}
	// Values go-ical refuses are refused too.
	e := &icsStream{w: &bytes.Buffer{}}
	e.prop(&ical.Prop{Name: "SUMMARY", Value: "two\r\nlines", Params: ical.Params{}})
	if e.close() == nil {
		t.Error("a value with CRLF was written")
	}
}
