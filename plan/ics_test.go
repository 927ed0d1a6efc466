package plan

import (
	"bytes"
	"context"
	"testing"
	"time"
	_ "time/tzdata" // Europe/London on machines without a zone database

	ical "github.com/emersion/go-ical"
)

func TestWriteICS(t *testing.T) {
	london, err := time.LoadLocation(LondonTZID)
	if err != nil {
		t.Fatal(err)
	}
	p := newTestPlanner(t, Options{})
	sessions, err := sessionsOf(p.PlanAll(context.Background(), fixtureLinks()))
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := WriteICS(&buf, sessions, london, p.start); err != nil {
		t.Fatal(err)
	}
	golden(t, "fixture_timeline.ics", buf.Bytes())

	cal, err := ical.NewDecoder(bytes.NewReader(buf.Bytes())).Decode()
	if err != nil {
		t.Fatal(err)
	}
	events := cal.Events()
	if len(events) != len(sessions) {
		t.Fatalf("%d events for %d rows", len(events), len(sessions))
	}
	uids := map[string]bool{}
	for i, ev := range events {
		s := &sessions[i]
		uid, _ := ev.Props.Text(ical.PropUID)
		if uids[uid] {
			t.Errorf("UID %s used twice", uid)
		}
		uids[uid] = true
		start, err := ev.DateTimeStart(london)
		if err != nil {
			t.Fatal(err)
		}
		if want := at(s.Date, s.Start, london); !start.Equal(want) {
			t.Errorf("event %d starts %v, want %v", i, start, want)
		}
		end, err := ev.DateTimeEnd(london)
		if err != nil {
			t.Fatal(err)
		}
		if want := at(s.EndDate, s.End, london); !end.Equal(want) {
			t.Errorf("event %d ends %v, want %v", i, end, want)
		}
		if sum, _ := ev.Props.Text(ical.PropSummary); !bytes.Contains([]byte(sum), []byte(s.LinkID)) {
			t.Errorf("summary %q does not name the link", sum)
		}
	}
	// British Summer Time: a 16:30 session in July is 15:30 UTC.
	july := at(sessions[0].Date.AddDays(200), 16*60+30, london)
	if july.UTC().Hour() != 15 {
		t.Errorf("16:30 in July is %v UTC", july.UTC())
	}
}

func TestWriteICSNeedsLondon(t *testing.T) {
	if err := WriteICS(&bytes.Buffer{}, nil, time.UTC, testStart); err == nil {
		t.Error("UTC accepted")
	}
}
