package table

import (
	"strings"
	"unicode"

	"github.com/linkmatch/linkmatch/input"
)

// Limits on what one row may hold. They are far above anything a real
// file holds and stop a single mistaken or hostile cell from multiplying
// through every output: an id of 1 MB copied into each pair, link and
// session once made 698 MB of outputs from a few kB of input.
const (
	// MaxColumns is the most columns a header may have; linkmatch's widest
	// input has fewer than 25.
	MaxColumns = 256
	// MaxCellBytes is the longest value of any cell: a long list of needs
	// or a note is a few hundred bytes.
	MaxCellBytes = 4096
	// MaxRowBytes is the most a whole row may hold, all cells together.
	MaxRowBytes = 64 << 10
	// MaxIDBytes is the longest id (a column named id or ending in _id):
	// council case numbers and linkmatch's own ids are under 20
	// characters.
	MaxIDBytes = 64
)

// IsIDColumn reports whether a column holds ids: it is named id or its name
// ends in _id (child_id, carer_id, link_id…).
func IsIDColumn(name string) bool { return name == "id" || strings.HasSuffix(name, "_id") }

// sizesOK checks the current row against the limits above, recording a
// problem at each cell that breaks one; the row is skipped when any does.
func (r *Reader) sizesOK() bool {
	ok, total := true, 0
	for i, v := range r.rec {
		total += len(v)
		name := r.Header[i]
		switch {
		case len(v) > MaxCellBytes:
			r.Fail(input.ErrOutOfRange, name, "check the file: a value this long is not a real entry",
				"the value is %d bytes long; at most %d are allowed", len(v), MaxCellBytes)
			ok = false
		case IsIDColumn(name) && len(strings.TrimSpace(v)) > MaxIDBytes:
			r.Fail(input.ErrOutOfRange, name, "use a shorter id, such as the case number",
				"the id is %d characters long; at most %d are allowed", len(strings.TrimSpace(v)), MaxIDBytes)
			ok = false
		case IsIDColumn(name) && strings.IndexFunc(v, unicode.IsControl) >= 0:
			r.Fail(input.ErrBadValue, name, "remove the control character (a tab, line break or other invisible character) from the id",
				"the id holds a control character")
			ok = false
		}
	}
	if ok && total > MaxRowBytes {
		r.Problems.Fail(input.ErrOutOfRange, r.File, r.line, 0, "", "check the file: a row this long is not a real entry",
			"the row holds %d bytes; at most %d are allowed", total, MaxRowBytes)
		ok = false
	}
	return ok
}

// crOnly reports whether data's first line ends with a carriage return
// that is not followed by a line feed (classic Mac OS line endings, still
// written by some exports), and at which column (in bytes) of line 1.
// encoding/csv ends lines only at line feeds, so such a file would read as
// one enormous header row whose "column names" are every value in the
// file. Carriage returns inside quoted fields are data and are skipped.
func crOnly(data []byte) (col int, ok bool) {
	quoted := false
	for i, c := range data {
		switch {
		case c == '"':
			quoted = !quoted
		case quoted:
		case c == '\n':
			return 0, false
		case c == '\r':
			if i+1 < len(data) && data[i+1] == '\n' {
				return 0, false
			}
			if i+1 == len(data) {
				return 0, false // a header with no rows, ending in CR: nothing else is misread
			}
			return i + 1, true
		}
	}
	return 0, false
}
