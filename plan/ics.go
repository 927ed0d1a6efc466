package plan

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"
	"time"

	ical "github.com/emersion/go-ical"

	"github.com/linkmatch/linkmatch"
)

// LondonTZID is the only zone timelines use: dates and times in linkmatch
// are civil times in England (STYLE.md).
const LondonTZID = "Europe/London"

// WriteICS writes sessions as an iCalendar file (RFC 5545), one VEVENT per
// timeline row, in the order given, so a planner can load a plan into a
// calendar. london must be the Europe/London zone (commands embed tzdata).
//
// The output is deterministic: each UID is the row's row_id with
// "@linkmatch" (rows without one are numbered as timelines number them), so
// an event keeps its UID across re-plans; DTSTAMP is stamp (the plan's
// as-of date) rather than the clock and SEQUENCE is 0; times carry
// TZID=Europe/London with a VTIMEZONE for the UK's rule (last Sunday of
// March to last Sunday of October, since 1996). SUMMARY names the kind,
// stage and ids only — never a name (PRODUCT.md, data protection). A
// milestone has no DTEND: an event with a start only lasts no time (RFC
// 5545 §3.6.1). A session recorded as moved is at its new time; one
// recorded as cancelled, or moved with no new date yet, is STATUS:CANCELLED.
func WriteICS(w io.Writer, sessions []linkmatch.Session, london *time.Location, stamp linkmatch.Date) error {
	return UpdateICS(w, sessions, london, stamp, nil)
}

// UpdateICS writes sessions as WriteICS does, as an update of previous (a
// calendar written by linkmatch for the same links; nil or empty for
// none), so that calendar programs that imported it show the changes
// (RFC 5546 §2.1.4, §3.2): an event unchanged since previous keeps its
// SEQUENCE and DTSTAMP, so it is written byte for byte as before; a changed
// event keeps its UID with SEQUENCE one higher and DTSTAMP stamp; an event
// of previous that sessions no longer have is written again as
// STATUS:CANCELLED, one SEQUENCE higher, after the others. previous that is
// not an iCalendar file is an error (ErrNotCalendar).
func UpdateICS(w io.Writer, sessions []linkmatch.Session, london *time.Location, stamp linkmatch.Date, previous []byte) error {
	if london == nil || london.String() != LondonTZID {
		return fmt.Errorf("write iCalendar: times must be in %s", LondonTZID)
	}
	prev, order, err := readPrevious(previous)
	if err != nil {
		return err
	}
	cal := ical.NewCalendar()
	cal.Props.SetText(ical.PropProductID, "-//linkmatch//link plan//EN")
	cal.Props.SetText(ical.PropVersion, "2.0")
	cal.Props.SetText(ical.PropCalendarScale, "GREGORIAN")
	// Written event by event (icsStream): the calendar's events are never
	// all in memory at once (a national plan's took 3.6 GB; issue 15).
	enc := newICSStream(w)
	enc.begin(ical.CompCalendar)
	enc.props(cal.Props)
	enc.component(londonTimezone())
	dtstamp := stamp.Time(time.UTC)
	sessions = withRowIDs(sessions, nil)
	var written map[string]bool
	if len(prev) > 0 {
		written = make(map[string]bool, len(sessions))
	}
	var uid []byte
	for i := range sessions {
		s := &sessions[i]
		if len(prev) == 0 {
			// A new event (every event of a first calendar): its bytes
			// directly, as event and stampEvent would make them.
			enc.appendEvent(s, s.RowID, dtstamp, london)
			continue
		}
		uid = append(append(uid[:0], s.RowID...), "@linkmatch"...)
		old := prev[string(uid)]
		if old == nil {
			enc.appendEvent(s, s.RowID, dtstamp, london)
			continue
		}
		written[string(uid)] = true
		ev := event(s, london)
		stampEvent(ev, old, dtstamp)
		enc.component(ev.Component)
	}
	for _, uid := range order {
		old := prev[uid]
		if written[uid] {
			continue
		}
		ev := ical.NewEvent()
		for name, ps := range old.Props {
			if name != ical.PropSequence && name != ical.PropDateTimeStamp {
				ev.Props[name] = ps
			}
		}
		ev.SetStatus(ical.EventCancelled)
		stampEvent(ev, old, dtstamp)
		enc.component(ev.Component)
	}
	enc.end(ical.CompCalendar)
	return enc.close()
}

// ErrNotCalendar: the previous calendar given to UpdateICS cannot be read.
var ErrNotCalendar = errors.New("not an iCalendar file")

// readPrevious reads a previous calendar's events by UID, and the UIDs in
// file order.
func readPrevious(data []byte) (map[string]*ical.Event, []string, error) {
	prev := map[string]*ical.Event{}
	if len(bytes.TrimSpace(data)) == 0 {
		return prev, nil, nil
	}
	cal, err := ical.NewDecoder(bytes.NewReader(data)).Decode()
	if err != nil {
		return nil, nil, fmt.Errorf("%w: %v", ErrNotCalendar, err)
	}
	var order []string
	for _, ev := range cal.Events() {
		uid, err := ev.Props.Text(ical.PropUID)
		if err != nil || uid == "" {
			continue
		}
		if _, dup := prev[uid]; !dup {
			order = append(order, uid)
		}
		prev[uid] = &ev
	}
	return prev, order, nil
}

// event is the VEVENT of one timeline row, without SEQUENCE and DTSTAMP.
func event(s *linkmatch.Session, london *time.Location) *ical.Event {
	ev := ical.NewEvent()
	ev.Props.SetText(ical.PropUID, s.RowID+"@linkmatch")
	when, occurs := s.Occurs()
	if !occurs {
		when = *s
		ev.SetStatus(ical.EventCancelled)
	}
	start := at(when.Date, when.Start, london)
	ev.Props.SetDateTime(ical.PropDateTimeStart, start)
	if end := at(when.EndDate, when.End, london); end.After(start) {
		ev.Props.SetDateTime(ical.PropDateTimeEnd, end)
	}
	what := s.Activity
	if what == "" {
		what = s.Kind.String()
	}
	ev.Props.SetText(ical.PropSummary, fmt.Sprintf("%s (%s, %s): link %s (child %s, carer %s)", what, s.Kind, s.Stage, s.LinkID, s.ChildID, s.CarerID))
	if s.Location != "" {
		ev.Props.SetText(ical.PropLocation, s.Location)
	}
	if s.Notes != "" {
		ev.Props.SetText(ical.PropDescription, s.Notes)
	}
	ev.Props.SetText(ical.PropCategories, s.Kind.String())
	return ev
}

// stampEvent sets ev's SEQUENCE and DTSTAMP: as old had them when ev says
// the same as old, else one SEQUENCE higher (0 for a new event) and
// DTSTAMP stamp.
func stampEvent(ev *ical.Event, old *ical.Event, stamp time.Time) {
	seq := 0
	if old != nil {
		if p := old.Props.Get(ical.PropSequence); p != nil {
			if n, err := p.Int(); err == nil {
				seq = n
			}
		}
		if sameEvent(ev, old) {
			if p := old.Props.Get(ical.PropDateTimeStamp); p != nil {
				ev.Props.Set(p)
				ev.Props.Set(&ical.Prop{Name: ical.PropSequence, Params: ical.Params{}, Value: strconv.Itoa(seq)})
				return
			}
		}
		seq++
	}
	ev.Props.SetDateTime(ical.PropDateTimeStamp, stamp)
	ev.Props.Set(&ical.Prop{Name: ical.PropSequence, Params: ical.Params{}, Value: strconv.Itoa(seq)})
}

// sameEvent reports whether two events say the same, SEQUENCE and DTSTAMP
// aside.
func sameEvent(a, b *ical.Event) bool {
	return fingerprint(a) == fingerprint(b)
}

func fingerprint(ev *ical.Event) string {
	names := make([]string, 0, len(ev.Props))
	for name := range ev.Props {
		if name != ical.PropSequence && name != ical.PropDateTimeStamp {
			names = append(names, name)
		}
	}
	slices.Sort(names)
	var b strings.Builder
	for _, name := range names {
		for _, p := range ev.Props[name] {
			b.WriteString(name)
			for _, k := range sortedKeys(p.Params) {
				fmt.Fprintf(&b, ";%s=%s", k, strings.Join(p.Params[k], ","))
			}
			b.WriteString(":")
			b.WriteString(p.Value)
			b.WriteString("\n")
		}
	}
	return b.String()
}

// at is the instant of clock c on day d in loc.
func at(d linkmatch.Date, c linkmatch.Clock, loc *time.Location) time.Time {
	y, m, dd := d.Civil()
	return time.Date(y, m, dd, int(c)/60, int(c)%60, 0, 0, loc)
}

// londonTimezone is the VTIMEZONE for Europe/London: GMT in winter, BST
// (UTC+1) from 01:00 UTC on the last Sunday of March to 01:00 UTC on the
// last Sunday of October (The Summer Time Order 2002, following EU
// Directive 2000/84/EC).
func londonTimezone() *ical.Component {
	tz := ical.NewComponent(ical.CompTimezone)
	tz.Props.SetText(ical.PropTimezoneID, LondonTZID)
	part := func(name, start, rule, from, to, abbr string) *ical.Component {
		c := ical.NewComponent(name)
		c.Props.Set(&ical.Prop{Name: ical.PropDateTimeStart, Params: ical.Params{}, Value: start})
		c.Props.Set(&ical.Prop{Name: ical.PropRecurrenceRule, Params: ical.Params{}, Value: rule})
		c.Props.Set(&ical.Prop{Name: ical.PropTimezoneOffsetFrom, Params: ical.Params{}, Value: from})
		c.Props.Set(&ical.Prop{Name: ical.PropTimezoneOffsetTo, Params: ical.Params{}, Value: to})
		c.Props.SetText(ical.PropTimezoneName, abbr)
		return c
	}
	tz.Children = append(tz.Children,
		part(ical.CompTimezoneDaylight, "19700329T010000", "FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU", "+0000", "+0100", "BST"),
		part(ical.CompTimezoneStandard, "19701025T020000", "FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU", "+0100", "+0000", "GMT"),
	)
	return tz
}

// IsCalendar reports whether data can be the previous calendar of
// UpdateICS: an iCalendar file, or nothing at all.
func IsCalendar(data []byte) bool {
	_, _, err := readPrevious(data)
	return err == nil
}

// CarerAttends reports whether the link carer is there for s, so that a
// carer's own calendar (plan --ics-dir, carer-<id>.ics) holds only what
// they go to: sessions with the child, meetings, reviews they attend, and
// the milestones of their links (the move, the end of the link). The
// child's link-worker sessions, the social worker's visits and reviews the
// carer sends a written report to are not theirs (tryout: 93 events in one
// carer's calendar, most of them other people's).
func CarerAttends(s *linkmatch.Session) bool {
	return s.Kind == linkmatch.KindMilestone || rowNeeds(s).carer
}
