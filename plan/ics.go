package plan

import (
	"fmt"
	"io"
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
// The output is deterministic: each UID is "<link id>-<n>@linkmatch" where n
// counts the link's rows from 1 in the order given; DTSTAMP is stamp (the
// plan start, say) rather than the clock; times carry TZID=Europe/London with
// a VTIMEZONE for the UK's rule (last Sunday of March to last Sunday of
// October, since 1996). SUMMARY names the kind, stage and ids only — never
// a name (PRODUCT.md, data protection). A milestone has no DTEND: an event
// with a start only lasts no time (RFC 5545 §3.6.1).
func WriteICS(w io.Writer, sessions []linkmatch.Session, london *time.Location, stamp linkmatch.Date) error {
	if london == nil || london.String() != LondonTZID {
		return fmt.Errorf("write iCalendar: times must be in %s", LondonTZID)
	}
	cal := ical.NewCalendar()
	cal.Props.SetText(ical.PropProductID, "-//linkmatch//step-down plan//EN")
	cal.Props.SetText(ical.PropVersion, "2.0")
	cal.Props.SetText(ical.PropCalendarScale, "GREGORIAN")
	// Written event by event (icsStream): the calendar's events are never
	// all in memory at once.
	enc := &icsStream{w: w}
	enc.begin(ical.CompCalendar)
	enc.props(cal.Props)
	enc.component(londonTimezone())
	dtstamp := stamp.Time(time.UTC)
	seen := map[string]int{}
	var uid []byte
	for i := range sessions {
		s := &sessions[i]
		seen[s.LinkID]++
		uid = icsUID(uid, s.LinkID, seen[s.LinkID])
		enc.appendEvent(s, string(uid), dtstamp, london)
	}
	enc.end(ical.CompCalendar)
	return enc.close()
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
