package output

import (
	"bufio"
	"io"
	"strconv"
	"strings"
)

// CSV writes RFC 4180 CSV quickly, for outputs of millions of rows: fields are
// appended to one buffer and handed to the underlying writer in large chunks.
// Text fields are neutralised for spreadsheets (see needsNeutral); numbers written with
// Int or Float are not, since a negative number is not a formula.
type CSV struct {
	w   io.Writer
	buf []byte
	col int
	err error
	// flushAt is how many bytes the buffer gathers before they are written.
	flushAt int
}

// csvChunk is how many bytes a CSV gathers before writing them to a
// writer that does not buffer.
const csvChunk = 60 << 10

// NewCSV returns a CSV writer on w. On a bufio.Writer (a Batch's staged
// file is one) it hands over chunks larger than the bufio.Writer's buffer,
// which bufio passes to the file as they are rather than copying them into
// its buffer first: one copy of each byte fewer (a national run writes
// 1.4 GB of CSV and iCalendar; issue 15).
func NewCSV(w io.Writer) *CSV {
	return &CSV{w: w, buf: make([]byte, 0, 64<<10), flushAt: ChunkFor(w)}
}

// ChunkFor is how many bytes a writer of large files to w should gather
// before each Write: more than a bufio.Writer's buffer, so that bufio
// writes them through without copying them (when nothing is buffered, a
// Write larger than the buffer goes straight to the writer beneath), and
// csvChunk for any other writer.
func ChunkFor(w io.Writer) int {
	if bw, ok := w.(*bufio.Writer); ok && bw.Size() >= csvChunk {
		return bw.Size() + 1
	}
	return csvChunk
}

// Header writes the header row.
func (c *CSV) Header(cols ...string) {
	for _, s := range cols {
		c.String(s)
	}
	c.End()
}

// Row writes a row of text fields.
func (c *CSV) Row(fields ...string) {
	for _, s := range fields {
		c.String(s)
	}
	c.End()
}

func (c *CSV) sep() {
	if c.col > 0 {
		c.buf = append(c.buf, ',')
	}
	c.col++
}

// String writes a text field, neutralised and quoted as needed.
func (c *CSV) String(s string) {
	c.sep()
	c.buf = appendField(c.buf, s)
}

// csvQuoted marks the bytes that make a field need quotes (RFC 4180 §2).
var csvQuoted = [256]bool{',': true, '"': true, '\r': true, '\n': true}

// appendField appends s as String writes it: after a single quote when a
// spreadsheet would read it as a formula (needsNeutral), and in double
// quotes, with each double quote doubled, when it holds a comma, a double
// quote or a line break. One pass over s finds whether it needs quotes,
// without building the neutralised string.
func appendField(b []byte, s string) []byte {
	quoted := false
	for i := 0; i < len(s); i++ {
		if csvQuoted[s[i]] {
			quoted = true
			break
		}
	}
	if quoted {
		b = append(b, '"')
	}
	if needsNeutral(s) {
		b = append(b, '\'')
	}
	if !quoted {
		return append(b, s...)
	}
	for {
		i := strings.IndexByte(s, '"')
		if i < 0 {
			break
		}
		b = append(b, s[:i+1]...)
		b = append(b, '"')
		s = s[i+1:]
	}
	b = append(b, s...)
	return append(b, '"')
}

// Int writes an integer field.
func (c *CSV) Int(n int64) {
	c.sep()
	c.buf = strconv.AppendInt(c.buf, n, 10)
}

// Float writes a number with a fixed number of decimals (deterministic),
// or with as many as it needs when decimals is -1. It never writes "-0"
// or "-0.00": a number that rounds to zero is written without a sign.
func (c *CSV) Float(f float64, decimals int) {
	c.sep()
	c.buf = appendFloat(c.buf, f, decimals)
}

// appendFloat appends f in decimal notation with decimals places (-1: as
// many as it needs), as CSV.Float writes it: never a "-0".
func appendFloat(b []byte, f float64, decimals int) []byte {
	start := len(b)
	b = strconv.AppendFloat(b, f, 'f', decimals, 64)
	if b[start] != '-' {
		return b
	}
	for _, c := range b[start+1:] {
		if c != '0' && c != '.' {
			return b
		}
	}
	return append(b[:start], b[start+1:]...)
}

// Raw writes a field that the caller guarantees needs neither quoting nor
// neutralising (for example a date or an id already checked).
func (c *CSV) Raw(s string) {
	c.sep()
	c.buf = append(c.buf, s...)
}

// Appended writes a field that appendTo appends to the row unquoted, as
// Raw writes it: for a value with an Append method (linkmatch.Date,
// linkmatch.Pence), written without making a string of each of millions.
func (c *CSV) Appended(appendTo func([]byte) []byte) {
	c.sep()
	c.buf = appendTo(c.buf)
}

// End finishes the row.
func (c *CSV) End() {
	c.buf = append(c.buf, '\n')
	c.col = 0
	if len(c.buf) >= c.flushAt {
		c.flush()
	}
}

func (c *CSV) flush() {
	if c.err == nil && len(c.buf) > 0 {
		_, c.err = c.w.Write(c.buf)
	}
	c.buf = c.buf[:0]
}

// Flush writes what is buffered and returns the first error met.
func (c *CSV) Flush() error {
	c.flush()
	return c.err
}

// needsNeutral reports whether a spreadsheet would treat s as a formula:
// cells starting with =, +, -, @, tab or carriage return (OWASP CSV
// Injection). Such cells are prefixed with a single quote, which spreadsheets
// show as text and do not display. A cell that already starts with a quote
// before one of those is guarded too, so that Unguard gives back exactly
// what was written: "'=x" is written "”=x".
func needsNeutral(s string) bool {
	if s == "" {
		return false
	}
	switch s[0] {
	case '=', '+', '-', '@', '\t', '\r':
		return true
	case '\'':
		return needsNeutral(s[1:])
	}
	return false
}

// Unguard undoes the guard String writes: a cell of a CSV file that starts
// with a single quote before what a spreadsheet would run as a formula
// loses that quote. Readers of linkmatch's inputs apply it to every cell,
// so that every command reads back the files linkmatch wrote (an id
// "-17" is written "'-17" and read as "-17"), and a cell saved from a
// spreadsheet that kept the quote reads as the spreadsheet showed it.
func Unguard(s string) string {
	if len(s) > 1 && s[0] == '\'' && needsNeutral(s[1:]) {
		return s[1:]
	}
	return s
}
