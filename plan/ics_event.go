package plan

import (
	"errors"
	"time"
	"unicode/utf8"

	"github.com/linkmatch/linkmatch"
)

// errICSLineBreak is go-ical's refusal of a value holding a carriage
// return, which no property line may (RFC 5545 §3.1).
var errICSLineBreak = errors.New("ical: failed to encode property value: contains a CR or LF")

// appendEvent appends the VEVENT of session s to e's buffer, byte for byte
// as go-ical encodes a new event: event(s) with UID uid, stamped by
// stampEvent with no previous event (SEQUENCE 0, DTSTAMP dtstamp) —
// properties in name order, text escaped as SetText escapes it. Writing the bytes directly rather than through an ical.Event
// and its maps makes a national calendar (1.1 million events) take about
// as long as timeline.csv (issue 15); TestAppendEventIsGoICal holds the
// two to the same bytes.
func (e *icsStream) appendEvent(s *linkmatch.Session, uid string, dtstamp time.Time, london *time.Location) {
	if e.err != nil {
		return
	}
	b := append(e.buf, "BEGIN:VEVENT\r\n"...)
	b = append(b, "CATEGORIES:"...)
	b = appendICSText(b, s.Kind.String())
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
		b = end.AppendFormat(b, icsLocalFormat)
		b = append(b, "\r\n"...)
	}
	b = append(b, "DTSTAMP:"...)
	b = dtstamp.UTC().AppendFormat(b, icsUTCFormat)
	b = append(b, "\r\nDTSTART;TZID="+LondonTZID+":"...)
	b = start.AppendFormat(b, icsLocalFormat)
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
		what = s.Kind.String()
	}
	b = append(b, "SUMMARY:"...)
	for _, part := range [...]string{what, " (", s.Kind.String(), ", ", s.Stage, "): link ", s.LinkID, " (child ", s.ChildID, ", carer ", s.CarerID, ")"} {
		b = appendICSText(b, part)
	}
	b = append(b, "\r\nUID:"...)
	b = appendICSText(b, uid)
	b = append(b, "\r\nEND:VEVENT\r\n"...)
	e.buf = b
	for _, v := range [...]string{s.Kind.String(), s.Notes, s.Location, what, s.Stage, s.LinkID, s.ChildID, s.CarerID, uid} {
		if hasCR(v) {
			e.err = errICSLineBreak
			return
		}
	}
	if len(e.buf) >= icsFlushAt {
		e.flush()
	}
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
	for i := 0; i < len(text); {
		c := text[i]
		if c < utf8.RuneSelf {
			switch c {
			case '\\', ';', ',':
				b = append(b, '\\', c)
			case '\n':
				b = append(b, '\\', 'n')
			default:
				b = append(b, c)
			}
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(text[i:])
		b = utf8.AppendRune(b, r) // utf8.RuneError for a bad byte, as WriteRune writes it
		i += size
	}
	return b
}

// hasCR reports whether a value holds a carriage return, which go-ical
// refuses to write (a line feed it escapes).
func hasCR(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] == '\r' {
			return true
		}
	}
	return false
}
