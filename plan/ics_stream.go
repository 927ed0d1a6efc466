package plan

import (
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"
	"time"

	ical "github.com/emersion/go-ical"

	"github.com/linkmatch/linkmatch/internal/output"
)

// icsStream writes an iCalendar file one component at a time, byte for
// byte as go-ical's Encoder writes a whole calendar (BEGIN, the properties
// sorted by name, their parameters sorted by name and quoted when they
// hold ";", ":" or ",", the children, END; every line ending CRLF), so
// that a plan's events never all stand in memory as one ical.Calendar: a
// national timeline's 1.1 million events took 3.6 GB that way (issue 15).
// The first error sticks: later writes do nothing, and err returns it.
type icsStream struct {
	w   io.Writer
	buf []byte
	err error
	// flushAt is how many bytes to gather before writing them (0:
	// icsFlushAt); newICSStream sets it for w (output.ChunkFor).
	flushAt int
	// stamp is the DTSTAMP line of stampAt (stampLine).
	stamp   []byte
	stampAt time.Time
}

// icsFlushAt is how many bytes an icsStream gathers before writing them,
// unless its flushAt says otherwise.
const icsFlushAt = 64 << 10

// newICSStream returns a stream writing to w in chunks sized for w: larger
// than a bufio.Writer's buffer, so that bufio does not copy them again.
func newICSStream(w io.Writer) *icsStream {
	at := output.ChunkFor(w)
	return &icsStream{w: w, flushAt: at, buf: make([]byte, 0, at+8<<10)}
}

// full reports whether the buffer holds enough to write.
func (e *icsStream) full() bool {
	at := e.flushAt
	if at == 0 {
		at = icsFlushAt
	}
	return len(e.buf) >= at
}

// begin opens a component of the given name (ical.CompCalendar, say).
func (e *icsStream) begin(name string) { e.line("BEGIN", name) }

// end closes the component of the given name.
func (e *icsStream) end(name string) { e.line("END", name) }

func (e *icsStream) line(name, value string) {
	e.buf = append(e.buf, name...)
	e.buf = append(e.buf, ':')
	e.buf = append(e.buf, value...)
	e.buf = append(e.buf, '\r', '\n')
}

// props writes a component's properties, sorted by name.
func (e *icsStream) props(props ical.Props) {
	var names [16]string
	sorted := names[:0]
	for name := range props {
		sorted = append(sorted, name)
	}
	slices.Sort(sorted)
	for _, name := range sorted {
		for i := range props[name] {
			e.prop(&props[name][i])
		}
	}
}

// prop writes one property line; the checks are go-ical's.
func (e *icsStream) prop(p *ical.Prop) {
	if e.err != nil {
		return
	}
	e.buf = append(e.buf, p.Name...)
	var names [4]string
	sorted := names[:0]
	for name := range p.Params {
		sorted = append(sorted, name)
	}
	slices.Sort(sorted)
	for _, name := range sorted {
		e.buf = append(e.buf, ';')
		e.buf = append(e.buf, name...)
		e.buf = append(e.buf, '=')
		for i, v := range p.Params[name] {
			if i > 0 {
				e.buf = append(e.buf, ',')
			}
			if strings.ContainsRune(v, '"') {
				e.err = errors.New("ical: failed to encode param value: contains a double-quote")
				return
			}
			if strings.ContainsAny(v, ";:,") {
				e.buf = append(e.buf, '"')
				e.buf = append(e.buf, v...)
				e.buf = append(e.buf, '"')
			} else {
				e.buf = append(e.buf, v...)
			}
		}
	}
	if strings.ContainsAny(p.Value, "\r\n") {
		e.err = errors.New("ical: failed to encode property value: contains a CR or LF")
		return
	}
	e.buf = append(e.buf, ':')
	e.buf = append(e.buf, p.Value...)
	e.buf = append(e.buf, '\r', '\n')
}

// component writes c and its children whole.
func (e *icsStream) component(c *ical.Component) {
	e.begin(c.Name)
	e.props(c.Props)
	for _, child := range c.Children {
		e.component(child)
	}
	e.end(c.Name)
	if e.full() {
		e.flush()
	}
}

// flush writes what has been gathered.
func (e *icsStream) flush() {
	if e.err == nil && len(e.buf) > 0 {
		_, e.err = e.w.Write(e.buf)
	}
	e.buf = e.buf[:0]
}

// close writes what is left and returns the first error.
func (e *icsStream) close() error {
	e.flush()
	if e.err != nil {
		return fmt.Errorf("write iCalendar: %w", e.err)
	}
	return nil
}
