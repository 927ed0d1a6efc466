package plan

import (
	"errors"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/linkmatch/linkmatch"
)

// errICSLineBreak is go-ical's refusal of a value holding a carriage
// return, which no property line may (RFC 5545 §3.1).
var errICSLineBreak = errors.New("ical: failed to encode property value: contains a CR or LF")

// appendEvent appends the VEVENT of session s to e's buffer, byte for byte
// as go-ical encodes a new event: event(s) with UID rowID + "@linkmatch",
// stamped by stampEvent with no previous event (SEQUENCE 0, DTSTAMP
// dtstamp) — properties in name order, text escaped as SetText escapes it.
// Writing the bytes directly rather than through an ical.Event and its
// maps makes a national calendar (1.1 million events) take about as long
// as timeline.csv (issue 15); TestAppendEventIsGoICal holds the two to the
// same bytes.
func (e *icsStream) appendEvent(s *linkmatch.Session, rowID string, dtstamp time.Time, london *time.Location) {
	if e.err != nil {
		return
	}
	kind := s.Kind.String()
	b := append(e.buf, "BEGIN:VEVENT\r\nCATEGORIES:"...)
	b = appendICSText(b, kind)
	b = append(b, "\r\n"...)
	if s.Notes != "" {
		b = append(b, "DESCRIPTION:"...)
		b = appendICSText(b, s.Notes)
		b = append(b, "\r\n"...)
	}
	when, occurs := s.Occurs()
	if !occurs {
		when = *s
	}
	start := at(when.Date, when.Start, london)
	if end := at(when.EndDate, when.End, london); end.After(start) {
		b = append(b, "DTEND;TZID="+LondonTZID+":"...)
		b = appendICSLocal(b, end, when.EndDate, when.End)
		b = append(b, "\r\n"...)
	}
	b = append(b, e.stampLine(dtstamp)...)
	b = append(b, "DTSTART;TZID="+LondonTZID+":"...)
	b = appendICSLocal(b, start, when.Date, when.Start)
	b = append(b, "\r\n"...)
	if s.Location != "" {
		b = append(b, "LOCATION:"...)
		b = appendICSText(b, s.Location)
		b = append(b, "\r\n"...)
	}
	b = append(b, "SEQUENCE:0\r\n"...)
	if !occurs {
		b = append(b, "STATUS:CANCELLED\r\n"...)
	}
	what := s.Activity
	if what == "" {
		what = kind
	}
	// SUMMARY's literal parts are written escaped (a comma gets a
	// backslash); the values are escaped as they are written.
	b = append(b, "SUMMARY:"...)
	b = appendICSText(b, what)
	b = append(b, " ("...)
	b = appendICSText(b, kind)
	b = append(b, "\\, "...)
	b = appendICSText(b, s.Stage)
	b = append(b, "): link "...)
	b = appendICSText(b, s.LinkID)
	b = append(b, " (child "...)
	b = appendICSText(b, s.ChildID)
	b = append(b, "\\, carer "...)
	b = appendICSText(b, s.CarerID)
	b = append(b, ")\r\nUID:"...)
	b = appendICSText(b, rowID)
	b = append(b, "@linkmatch\r\nEND:VEVENT\r\n"...)
	e.buf = b
	for _, v := range [...]string{kind, s.Notes, s.Location, what, s.Stage, s.LinkID, s.ChildID, s.CarerID, rowID} {
		if strings.IndexByte(v, '\r') >= 0 {
			e.err = errICSLineBreak
			return
		}
	}
	if e.full() {
		e.flush()
	}
}

// stampLine is the DTSTAMP line of dtstamp, made once per calendar: every
// new event of a calendar has the same.
func (e *icsStream) stampLine(dtstamp time.Time) []byte {
	if e.stamp == nil || !e.stampAt.Equal(dtstamp) {
		e.stamp = append([]byte("DTSTAMP:"), dtstamp.UTC().Format(icsUTCFormat)+"\r\n"...)
		e.stampAt = dtstamp
	}
	return e.stamp
}

// appendICSLocal appends t, the instant at clock c on day d in London, as
// t.AppendFormat(b, icsLocalFormat) does. When t's wall clock is d and c —
// every time but one in the hour the clocks skip, or a clock of 24:00 or
// later, which time.Date moves on — the digits come from d and c rather
// than from working the wall clock out of t again.
func appendICSLocal(b []byte, t time.Time, d linkmatch.Date, c linkmatch.Clock) []byte {
	const secondsPerDay = 86400
	if _, off := t.Zone(); c < 0 || c >= 24*60 || t.Unix()+int64(off) != int64(d)*secondsPerDay+int64(c)*60 {
		return t.AppendFormat(b, icsLocalFormat)
	}
	y, m, dd := d.Civil()
	if y < 0 || y > 9999 {
		return t.AppendFormat(b, icsLocalFormat)
	}
	h, mm := int(c)/60, int(c)%60
	return append(b,
		byte('0'+y/1000), byte('0'+y/100%10), byte('0'+y/10%10), byte('0'+y%10),
		byte('0'+int(m)/10), byte('0'+int(m)%10), byte('0'+dd/10), byte('0'+dd%10), 'T',
		byte('0'+h/10), byte('0'+h%10), byte('0'+mm/10), byte('0'+mm%10), '0', '0')
}

// The DATE-TIME forms go-ical writes: UTC, and local time with a TZID.
const (
	icsUTCFormat   = "20060102T150405Z"
	icsLocalFormat = "20060102T150405"
)

// appendICSText appends text escaped as a TEXT value (RFC 5545 §3.3.11) as
// go-ical's Prop.SetText escapes it: a backslash, semicolon or comma gets
// a backslash before it, a line feed becomes \n, and bytes that are not
// UTF-8 become U+FFFD (SetText reads the text rune by rune).
func appendICSText(b []byte, text string) []byte {
	for {
		// The run of bytes written as they are, in one append.
		i := 0
		for i < len(text) && !icsSpecial[text[i]] {
			i++
		}
		b = append(b, text[:i]...)
		if i == len(text) {
			return b
		}
		text = text[i:]
		if c := text[0]; c < utf8.RuneSelf {
			if c == '\n' {
				c = 'n'
			}
			b = append(b, '\\', c)
			text = text[1:]
			continue
		}
		r, size := utf8.DecodeRuneInString(text)
		b = utf8.AppendRune(b, r) // utf8.RuneError for a bad byte, as WriteRune writes it
		text = text[size:]
	}
}

// icsSpecial marks the bytes appendICSText does not copy as they are: the
// ones it escapes, and every byte of a multi-byte (or invalid) sequence.
var icsSpecial = func() (t [256]bool) {
	for _, c := range "\\;,\n" {
		t[c] = true
	}
	for c := utf8.RuneSelf; c < 256; c++ {
		t[c] = true
	}
	return t
}()
