package plan

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"math/rand/v2"
	"testing"
	"time"

	ical "github.com/emersion/go-ical"

	"github.com/linkmatch/linkmatch"
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

// TestAppendEventIsGoICal: the event bytes UpdateICS writes directly for a
// new event are go-ical's for event and stampEvent's ical.Event — on random sessions with text that needs
// escaping, non-ASCII and invalid UTF-8, empty fields, milestones with no
// end, stays over midnight, sessions cancelled or moved, and times in the hour the clocks skip or repeat
// — and a carriage return is refused as go-ical refuses it.
func TestAppendEventIsGoICal(t *testing.T) {
	london, err := time.LoadLocation(LondonTZID)
	if err != nil {
		t.Fatal(err)
	}
	rng := rand.New(rand.NewPCG(5, 6))
	texts := []string{"", "tea at the carer's home", "a, b; c\\d", "line one\nline two", "Zoë — café", "bad \xff\xfe bytes", "\xe2\x82", "£5;,"}
	pick := func() string { return texts[rng.IntN(len(texts))] }
	kinds := linkmatch.SessionKindNames()
	days := []linkmatch.Date{linkmatch.DateOf(2027, 3, 28), linkmatch.DateOf(2027, 10, 31), linkmatch.DateOf(2027, 6, 5), linkmatch.DateOf(2028, 2, 29)}
	dtstamp := linkmatch.DateOf(2027, 1, 4).Time(time.UTC)
	for trial := range 3000 {
		k, _ := linkmatch.ParseSessionKind(kinds[rng.IntN(len(kinds))])
		d := days[rng.IntN(len(days))]
		s := linkmatch.Session{LinkID: "L-" + pick(), ChildID: pick(), CarerID: pick(), Date: d, Start: linkmatch.Clock(rng.IntN(24 * 60)),
			EndDate: d.AddDays(rng.IntN(2)), End: linkmatch.Clock(rng.IntN(24 * 60)), Kind: k, Stage: pick(), Location: pick(), Activity: pick(), Notes: pick()}
		s.RowID = fmt.Sprintf("%s/%d", s.LinkID, trial)
		switch rng.IntN(4) {
		case 1:
			s.Status = linkmatch.StatusCancelled
		case 2:
			s.Status, s.MovedTo = linkmatch.StatusMoved, d.AddDays(3)
		case 3:
			s.Status, s.MovedTo, s.MovedTime, s.MovedAt = linkmatch.StatusMoved, d.AddDays(-2), true, linkmatch.Clock(rng.IntN(24*60))
		}
		cal := ical.NewCalendar()
		cal.Props.SetText(ical.PropProductID, "-//test//EN")
		cal.Props.SetText(ical.PropVersion, "2.0")
		ev := event(&s, london)
		stampEvent(ev, nil, dtstamp)
		cal.Children = append(cal.Children, ev.Component)
		var want bytes.Buffer
		if err := ical.NewEncoder(&want).Encode(cal); err != nil {
			t.Fatal(err)
		}
		var got bytes.Buffer
		e := &icsStream{w: &got}
		e.begin(cal.Name)
		e.props(cal.Props)
		e.appendEvent(&s, s.RowID, dtstamp, london)
		e.end(cal.Name)
		if err := e.close(); err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(got.Bytes(), want.Bytes()) {
			t.Fatalf("trial %d: appendEvent wrote\n%q\ngo-ical wrote\n%q", trial, got.Bytes(), want.Bytes())
		}
	}
	s := linkmatch.Session{LinkID: "L1", ChildID: "C1", CarerID: "K1", Date: days[2], EndDate: days[2], Notes: "a\r\nb"}
	e := &icsStream{w: &bytes.Buffer{}}
	e.appendEvent(&s, "L1-1", dtstamp, london)
	if e.close() == nil {
		t.Error("an event with a carriage return in its notes was written")
	}
}

// BenchmarkWriteNational writes a national plan (7,000 links, about a
// million rows) as timeline.csv and as timeline.ics, to io.Discard: the
// calendar should take about as long as the CSV (issue 15); ns/row is the
// time per timeline row (per event).
func BenchmarkWriteNational(b *testing.B) {
	london, err := time.LoadLocation(LondonTZID)
	if err != nil {
		b.Fatal(err)
	}
	p := newTestPlanner(b, Options{})
	sessions, err := sessionsOf(p.PlanAll(context.Background(), genLinks(42, 7000)))
	if err != nil {
		b.Fatal(err)
	}
	b.Run("csv", func(b *testing.B) {
		for b.Loop() {
			if err := WriteTimeline(io.Discard, sessions); err != nil {
				b.Fatal(err)
			}
		}
		b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*len(sessions)), "ns/row")
	})
	b.Run("ics", func(b *testing.B) {
		for b.Loop() {
			if err := WriteICS(io.Discard, sessions, london, p.start); err != nil {
				b.Fatal(err)
			}
		}
		b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*len(sessions)), "ns/row")
	})
}
