package plan

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"testing"
	"time"
	_ "time/tzdata" // Europe/London on machines without a zone database

	ical "github.com/emersion/go-ical"

	"github.com/linkmatch/linkmatch"
)

// TestWriteICS decodes the written calendar and reads every event's time
// through the VTIMEZONE the file itself carries — not through Go's zone
// database, which the writer used — so a calendar program that knows only
// the file would put each session at the same instant as the timeline.
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
	zone := readVTimezone(t, cal)
	events := cal.Events()
	if len(events) != len(sessions) {
		t.Fatalf("%d events for %d rows", len(events), len(sessions))
	}
	uids := map[string]bool{}
	for i, ev := range events {
		s := &sessions[i]
		uid := text(t, ev.Props, ical.PropUID)
		if uids[uid] {
			t.Errorf("UID %s used twice", uid)
		}
		uids[uid] = true
		if want := at(s.Date, s.Start, london); !zone.instant(t, ev.Props.Get(ical.PropDateTimeStart)).Equal(want) {
			t.Errorf("event %d (%s) starts %v by the file's VTIMEZONE, want %v", i, uid, zone.instant(t, ev.Props.Get(ical.PropDateTimeStart)), want.UTC())
		}
		end := ev.Props.Get(ical.PropDateTimeEnd)
		want := at(s.EndDate, s.End, london)
		switch {
		case end == nil && want.After(at(s.Date, s.Start, london)):
			t.Errorf("event %d (%s) has no end, want %v", i, uid, want.UTC())
		case end != nil && !zone.instant(t, end).Equal(want):
			t.Errorf("event %d (%s) ends %v by the file's VTIMEZONE, want %v", i, uid, zone.instant(t, end), want.UTC())
		}
		if sum := text(t, ev.Props, ical.PropSummary); !strings.Contains(sum, s.LinkID) {
			t.Errorf("summary %q does not name the link", sum)
		}
	}
	// The written rule gives the clock changes of Go's Europe/London for
	// every year the plan covers, and the years on either side.
	first, last := sessions[0].Date.Year(), sessions[len(sessions)-1].EndDate.Year()
	for y := first - 1; y <= last+1; y++ {
		zone.checkYear(t, y, london)
	}
}

// text is a property's text, failing the test when it is missing.
func text(t *testing.T, props ical.Props, name string) string {
	t.Helper()
	s, err := props.Text(name)
	if err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	return s
}

// raw is a property's value as written, failing the test when it is
// missing.
func raw(t *testing.T, props ical.Props, name string) string {
	t.Helper()
	p := props.Get(name)
	if p == nil {
		t.Fatalf("no %s", name)
	}
	return p.Value
}

// vtimezone is the time zone a calendar file describes: its name and its
// two yearly observances.
type vtimezone struct {
	id                 string
	daylight, standard observance
}

// observance is one STANDARD or DAYLIGHT part of a VTIMEZONE: from its
// DTSTART's year on, every year on the last Sunday (BYDAY=-1SU) of month,
// at local wall-clock hour:minute in the offset before the change (from),
// the offset becomes to.
type observance struct {
	month        time.Month
	hour, minute int
	from, to     time.Duration
	name         string
}

// readVTimezone decodes the calendar's one VTIMEZONE, accepting only what
// a UK rule needs (a yearly last-Sunday RRULE): anything else fails the
// test, since the check below would not understand it.
func readVTimezone(t *testing.T, cal *ical.Calendar) vtimezone {
	t.Helper()
	var z vtimezone
	n := 0
	for _, c := range cal.Children {
		if c.Name != ical.CompTimezone {
			continue
		}
		n++
		z.id = text(t, c.Props, ical.PropTimezoneID)
		for _, part := range c.Children {
			o := readObservance(t, part)
			switch part.Name {
			case ical.CompTimezoneDaylight:
				z.daylight = o
			case ical.CompTimezoneStandard:
				z.standard = o
			default:
				t.Fatalf("unexpected %s in VTIMEZONE", part.Name)
			}
		}
	}
	if n != 1 || z.id != LondonTZID || z.daylight.name == "" || z.standard.name == "" {
		t.Fatalf("want one VTIMEZONE %s with a DAYLIGHT and a STANDARD part; got %d, %+v", LondonTZID, n, z)
	}
	return z
}

func readObservance(t *testing.T, c *ical.Component) observance {
	t.Helper()
	start := raw(t, c.Props, ical.PropDateTimeStart) // local time, no zone
	st, err := time.Parse("20060102T150405", start)
	if err != nil {
		t.Fatalf("DTSTART %q: %v", start, err)
	}
	rule := raw(t, c.Props, ical.PropRecurrenceRule)
	want := fmt.Sprintf("FREQ=YEARLY;BYMONTH=%d;BYDAY=-1SU", int(st.Month()))
	if rule != want {
		t.Fatalf("RRULE %q: this check understands only %q", rule, want)
	}
	if !isLastSunday(st) {
		t.Errorf("DTSTART %s is not the last Sunday of its month, as its RRULE says", start)
	}
	return observance{
		month: st.Month(), hour: st.Hour(), minute: st.Minute(),
		from: offset(t, raw(t, c.Props, ical.PropTimezoneOffsetFrom)),
		to:   offset(t, raw(t, c.Props, ical.PropTimezoneOffsetTo)),
		name: text(t, c.Props, ical.PropTimezoneName),
	}
}

func isLastSunday(d time.Time) bool {
	return d.Weekday() == time.Sunday && d.AddDate(0, 0, 7).Month() != d.Month()
}

// offset reads a UTC offset such as "+0100".
func offset(t *testing.T, s string) time.Duration {
	t.Helper()
	if len(s) != 5 || (s[0] != '+' && s[0] != '-') {
		t.Fatalf("offset %q is not ±HHMM", s)
	}
	h, err1 := strconv.Atoi(s[1:3])
	m, err2 := strconv.Atoi(s[3:5])
	if err1 != nil || err2 != nil {
		t.Fatalf("offset %q is not ±HHMM", s)
	}
	d := time.Duration(h)*time.Hour + time.Duration(m)*time.Minute
	if s[0] == '-' {
		d = -d
	}
	return d
}

// change is the instant o's change happens in year y.
func (o observance) change(y int) time.Time {
	d := time.Date(y, o.month+1, 1, o.hour, o.minute, 0, 0, time.UTC).AddDate(0, 0, -1)
	for d.Weekday() != time.Sunday {
		d = d.AddDate(0, 0, -1)
	}
	return d.Add(-o.from) // local wall clock in the old offset → UTC
}

// offsetAt is the UTC offset the zone gives the instant u.
func (z vtimezone) offsetAt(u time.Time) time.Duration {
	y := u.UTC().Year()
	if !u.Before(z.daylight.change(y)) && u.Before(z.standard.change(y)) {
		return z.daylight.to
	}
	return z.standard.to
}

// instant reads a DTSTART or DTEND written as local time with
// TZID=Europe/London, through the zone's own rule.
func (z vtimezone) instant(t *testing.T, p *ical.Prop) time.Time {
	t.Helper()
	if tzid := p.Params.Get(ical.PropTimezoneID); tzid != z.id {
		t.Fatalf("%s has TZID %q, want %q", p.Name, tzid, z.id)
	}
	local, err := time.Parse("20060102T150405", p.Value)
	if err != nil {
		t.Fatalf("%s %q: %v", p.Name, p.Value, err)
	}
	// A wall-clock time maps to the instant whose offset, by the rule,
	// gives it back; try the winter and the summer offset.
	for _, off := range []time.Duration{z.standard.to, z.daylight.to} {
		if u := local.Add(-off); z.offsetAt(u) == off {
			return u
		}
	}
	t.Fatalf("%s %s falls in the hour the clocks skip", p.Name, p.Value)
	return time.Time{}
}

// checkYear compares the zone's clock changes in year y with Go's
// Europe/London: summer time starts and ends at the same instants, with
// the same offsets.
func (z vtimezone) checkYear(t *testing.T, y int, london *time.Location) {
	t.Helper()
	summerStart, summerEnd := time.Date(y, time.July, 1, 12, 0, 0, 0, london).ZoneBounds()
	if got := z.daylight.change(y); !got.Equal(summerStart) {
		t.Errorf("%d: the file's %s starts %v, Europe/London's at %v", y, z.daylight.name, got, summerStart.UTC())
	}
	if got := z.standard.change(y); !got.Equal(summerEnd) {
		t.Errorf("%d: the file's %s starts %v, Europe/London's at %v", y, z.standard.name, got, summerEnd.UTC())
	}
	for _, c := range []struct {
		when time.Time
		off  time.Duration
	}{{time.Date(y, time.January, 15, 12, 0, 0, 0, london), z.standard.to}, {time.Date(y, time.July, 15, 12, 0, 0, 0, london), z.daylight.to}} {
		if _, secs := c.when.Zone(); time.Duration(secs)*time.Second != c.off {
			t.Errorf("%d: Europe/London's offset on %s is %v, the file's %v", y, c.when.Format("2 January"), time.Duration(secs)*time.Second, c.off)
		}
	}
}

// TestVTimezoneReadsClockChanges: the interpreter the test above relies on
// reads wall-clock times either side of both clock changes the way Go's
// zone database does, so a wrong VTIMEZONE would be caught.
func TestVTimezoneReadsClockChanges(t *testing.T) {
	london, err := time.LoadLocation(LondonTZID)
	if err != nil {
		t.Fatal(err)
	}
	z := vtimezone{id: LondonTZID,
		daylight: observance{month: time.March, hour: 1, from: 0, to: time.Hour, name: "BST"},
		standard: observance{month: time.October, hour: 2, from: time.Hour, to: 0, name: "GMT"}}
	for _, local := range []string{"20270328T005900", "20270328T020000", "20271031T005900", "20271031T020000", "20270704T163000", "20270104T163000"} {
		p := &ical.Prop{Name: ical.PropDateTimeStart, Params: ical.Params{ical.PropTimezoneID: []string{LondonTZID}}, Value: local}
		lt, err := time.ParseInLocation("20060102T150405", local, london)
		if err != nil {
			t.Fatal(err)
		}
		if got := z.instant(t, p); !got.Equal(lt) {
			t.Errorf("%s: %v, Go says %v", local, got, lt.UTC())
		}
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
		uid, err := ev.Props.Text(ical.PropUID)
		if err != nil {
			t.Fatal(err)
		}
		byUID[uid] = ev
	}
	seq := func(uid string) (int, string) {
		ev := byUID[uid]
		n, err := ev.Props.Get(ical.PropSequence).Int()
		if err != nil {
			t.Fatalf("%s: SEQUENCE: %v", uid, err)
		}
		st, err := ev.Props.Text(ical.PropStatus)
		if err != nil {
			t.Fatalf("%s: STATUS: %v", uid, err)
		}
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

// TestCarerAttends: a carer's own calendar holds sessions, meetings,
// reviews they attend and milestones, not the child's link-worker
// sessions, the social worker's visits or reviews they send a report to.
func TestCarerAttends(t *testing.T) {
	tests := []struct {
		name  string
		kind  linkmatch.SessionKind
		notes string
		want  bool
	}{
		{"a session", linkmatch.KindHalfDay, "", true},
		{"staying put time", linkmatch.KindStayingPut, "", true},
		{"a meeting", linkmatch.KindMeeting, "", true},
		{"a review they attend", linkmatch.KindReview, "looked-after review", true},
		{"a review they send a report to", linkmatch.KindReview, "looked-after review; " + writtenReport, false},
		{"a visit", linkmatch.KindVisit, "", false},
		{"a link-worker session", linkmatch.KindLinkWorker, "the carer is not booked at this time", false},
		{"the move", linkmatch.KindMilestone, "", true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := linkmatch.Session{Kind: tt.kind, Notes: tt.notes}
			if got := CarerAttends(&s); got != tt.want {
				t.Errorf("CarerAttends = %v, want %v", got, tt.want)
			}
		})
	}
}

// TestICSProductID: the calendar names linkmatch's link plan, which is a
// step-down plan or a short-breaks plan alike (issue 17: a Family Link
// calendar said "step-down plan").
func TestICSProductID(t *testing.T) {
	london, err := time.LoadLocation(LondonTZID)
	if err != nil {
		t.Skip("no tzdata here")
	}
	var buf bytes.Buffer
	if err := WriteICS(&buf, nil, london, testStart); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(buf.String(), "\r\nPRODID:-//linkmatch//link plan//EN\r\n") || strings.Contains(buf.String(), "step-down") {
		t.Errorf("calendar head:\n%s", buf.String()[:min(200, buf.Len())])
	}
}
