package plan

import (
	"bytes"
	"context"
	"errors"
	"testing"
	"time"
	_ "time/tzdata" // Europe/London on machines without a zone database

	ical "github.com/emersion/go-ical"

	"github.com/linkmatch/linkmatch"
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
	if err := WriteICS(&buf, sessions, london, p.Start()); err != nil {
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

// TestUpdateICS: updating a calendar with the same rows changes nothing,
// byte for byte; a moved row keeps its UID one SEQUENCE higher; a row no
// longer planned is written again, cancelled; a file that is not a
// calendar is refused.
func TestUpdateICS(t *testing.T) {
	london, err := time.LoadLocation(LondonTZID)
	if err != nil {
		t.Fatal(err)
	}
	p := newTestPlanner(t, Options{})
	sessions, err := sessionsOf(p.PlanAll(context.Background(), fixtureLinks()))
	if err != nil {
		t.Fatal(err)
	}
	sessions = sessions[:20]
	var first, same bytes.Buffer
	if err := WriteICS(&first, sessions, london, testStart); err != nil {
		t.Fatal(err)
	}
	later := testStart.AddDays(30)
	if err := UpdateICS(&same, sessions, london, later, first.Bytes()); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(first.Bytes(), same.Bytes()) {
		t.Error("an update with nothing changed changed the calendar")
	}
	changed := append([]linkmatch.Session(nil), sessions[1:]...)
	changed[0].Date, changed[0].EndDate = changed[0].Date.AddDays(1), changed[0].EndDate.AddDays(1)
	var upd bytes.Buffer
	if err := UpdateICS(&upd, changed, london, later, first.Bytes()); err != nil {
		t.Fatal(err)
	}
	cal, err := ical.NewDecoder(bytes.NewReader(upd.Bytes())).Decode()
	if err != nil {
		t.Fatal(err)
	}
	byUID := map[string]ical.Event{}
	for _, ev := range cal.Events() {
		uid, _ := ev.Props.Text(ical.PropUID)
		byUID[uid] = ev
	}
	seq := func(uid string) (int, string) {
		ev := byUID[uid]
		n, _ := ev.Props.Get(ical.PropSequence).Int()
		st, _ := ev.Props.Text(ical.PropStatus)
		return n, st
	}
	if n, st := seq(sessions[0].RowID + "@linkmatch"); n != 1 || st != "CANCELLED" {
		t.Errorf("the removed event: SEQUENCE %d, STATUS %q", n, st)
	}
	if n, _ := seq(changed[0].RowID + "@linkmatch"); n != 1 {
		t.Errorf("the moved event: SEQUENCE %d", n)
	}
	if stamp := byUID[changed[0].RowID+"@linkmatch"].Props.Get(ical.PropDateTimeStamp).Value; stamp != "20270203T000000Z" {
		t.Errorf("the moved event's DTSTAMP %s, want the as-of date", stamp)
	}
	if n, _ := seq(changed[1].RowID + "@linkmatch"); n != 0 {
		t.Errorf("an unchanged event: SEQUENCE %d", n)
	}
	if err := UpdateICS(&bytes.Buffer{}, changed, london, later, []byte("link_id,date\n")); !errors.Is(err, ErrNotCalendar) {
		t.Errorf("a CSV file as the previous calendar: %v", err)
	}
}
