package table

import (
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/linkmatch/linkmatch"
	"github.com/linkmatch/linkmatch/input"
	"github.com/linkmatch/linkmatch/internal/inputfile"
	"github.com/linkmatch/linkmatch/internal/output"
	"github.com/linkmatch/linkmatch/internal/spelling"
)

// Spec names the columns a file must have and those it may have. Any other
// column gives a warning (INTERFACE.md: unknown input columns warn), or an
// error when it is a misspelling of one of them.
type Spec struct {
	Required []string
	Optional []string
	// OneOf lists groups of which at least one column must be present, such
	// as {"lat", "postcode"}.
	OneOf [][]string
	// Name is what the file is ("matches", "children"), so that a file of
	// another kind given in its place is named as such (fileKinds); "" for
	// none.
	Name string
	// Guarded lists optional columns whose values reach a signed document
	// (a short-breaks agreement's medication, pick_up...), and GuardedBy
	// says what reads them ("the written agreements"). While one is
	// missing, any unknown column is an error rather than a warning: it may
	// be that column misspelt beyond spelling.Near's reach (tester:
	// "medicine" emptied C04's agreement of its buccal midazolam).
	Guarded   []string
	GuardedBy string
}

// fileKinds are linkmatch's files told apart by columns that only they
// have, so that a file given in the wrong place is refused as what it is
// ("this looks like a timeline file, not a matches file") rather than
// with a list of missing and unknown columns (tester).
var fileKinds = []struct {
	name string
	cols []string
}{
	{"timeline", []string{"link_id", "date", "kind", "row_id"}},
	{"children", []string{"date_of_birth", "home_authority"}},
	{"carers", []string{"id", "capacity"}},
	{"rates", []string{"effective_from", "unit", "amount_gbp"}},
	{"costs", []string{"item", "rate_gbp", "amount_gbp"}},
	{"pairs", []string{"child_id", "carer_id", "needs_component"}},
	{"matches", []string{"child_id", "carer_id", "score", "mode"}},
}

// otherKind returns the kind of linkmatch file hdr (lower-cased names) is
// when it is one and not spec's; "" otherwise.
func otherKind(hdr []string, spec Spec) string {
	if spec.Name == "" {
		return ""
	}
	for _, k := range fileKinds {
		if k.name == spec.Name {
			continue
		}
		all := true
		for _, c := range k.cols {
			all = all && slices.Contains(hdr, c)
		}
		if all {
			return k.name
		}
	}
	return ""
}

// Reader reads a header-driven CSV file row by row, noting problems in
// Problems as it goes. Build one with OpenLimit or New.
type Reader struct {
	File     string
	Header   []string
	Problems *input.Problems

	cr   *csv.Reader
	data []byte
	raw  []byte
	cols map[string]int
	rec  []string
	line int
	dead bool
	// rows counts the data rows met, usable or not (a row with the wrong
	// number of values, one the CSV syntax stopped at).
	rows int
	// meant holds the known columns an unknown one was taken for (a
	// misspelling already reported, so not reported again as missing).
	meant map[string]bool
}

// OpenLimit reads the whole file at path, of at most maxBytes bytes, and
// prepares a Reader; display names it in problems. A file that cannot be
// read, is not a regular file, is too large, is empty, is not UTF-8 or
// lacks a required column is reported in ps and OpenLimit returns nil.
// Only package scenarios and the commands open files by path.
func OpenLimit(path, display string, spec Spec, ps *input.Problems, maxBytes int64) *Reader {
	data, err := inputfile.Read(path, inputfile.CSV, inputfile.Limits{CSV: maxBytes})
	if inputfile.Problem(ps, display, err, "check the path in scenario.toml or on the command line") {
		return nil
	}
	return New(display, data, spec, ps)
}

// New prepares a Reader over data already in memory: the file must be
// UTF-8 text, not empty, with lines that end in a line feed, and a header
// row that meets spec (header). Problems go to ps, and New returns nil.
func New(display string, data []byte, spec Spec, ps *input.Problems) *Reader {
	data = bytes.TrimPrefix(data, []byte("\xef\xbb\xbf"))
	if len(bytes.TrimSpace(data)) == 0 {
		ps.Fail(input.ErrMalformed, display, 0, 0, "", "the file needs a header row and at least one data row", "the file is empty")
		return nil
	}
	if workbook(data) {
		ps.Fail(input.ErrMalformed, display, 0, 0, "", "open it in Excel and save it as CSV: File → Save As → CSV UTF-8 (Comma delimited) (*.csv)",
			"this looks like a spreadsheet workbook (.xlsx or .xls), not CSV text")
		return nil
	}
	if inputfile.UTF16(data) {
		ps.Fail(input.ErrMalformed, display, 1, 1, "", inputfile.UTF16Hint, inputfile.UTF16Message)
		return nil
	}
	if !utf8.Valid(data) {
		line, col := FirstInvalidUTF8(data)
		ps.Fail(input.ErrMalformed, display, line, col, "", "save the file as UTF-8 (in Excel: Save As → CSV UTF-8)", "the file is not UTF-8 text")
		return nil
	}
	if col, ok := crOnly(data); ok {
		ps.Fail(input.ErrMalformed, display, 1, col, "", "save the file again as CSV with Windows or Unix line endings (in Excel: Save As → CSV UTF-8)",
			"the lines end with a carriage return alone (an old Macintosh format), so the whole file reads as one line")
		return nil
	}
	r := &Reader{File: display, Problems: ps, cols: map[string]int{}, data: data}
	r.cr = csv.NewReader(bytes.NewReader(data))
	r.cr.FieldsPerRecord = -1
	r.cr.ReuseRecord = true
	hdr, err := r.cr.Read()
	if err != nil {
		r.csvProblem(err, 0)
		return nil
	}
	if !r.header(hdr, spec) {
		return nil
	}
	return r
}

// header reads the header row: every column named once, within the
// limits, and spec's required columns (and one of each OneOf group)
// present; a column spec does not know is a warning. It reports whether
// the header can be used.
func (r *Reader) header(hdr []string, spec Spec) bool {
	ps, display := r.Problems, r.File
	if len(hdr) > MaxColumns {
		ps.Fail(input.ErrOutOfRange, display, 1, 0, "", "check that this is the right file", "the header has %d columns; at most %d are allowed", len(hdr), MaxColumns)
		return false
	}
	if len(hdr) == 1 && len(spec.Required)+len(spec.OneOf) > 1 {
		for _, sep := range []struct{ char, name string }{{"\t", "tabs"}, {";", "semicolons"}} {
			if strings.Contains(hdr[0], sep.char) {
				// One column whose name holds the others: not comma-separated.
				ps.Fail(input.ErrMalformed, display, 1, 1, "", "save it as comma-separated values (in Excel: File → Save As → CSV UTF-8 (Comma delimited) (*.csv))",
					"the columns are separated by %s, not commas, so the header reads as one column", sep.name)
				return false
			}
		}
	}
	r.Header = make([]string, len(hdr))
	for i, h := range hdr {
		r.Header[i] = strings.ToLower(strings.TrimSpace(h))
	}
	if kind := otherKind(r.Header, spec); kind != "" {
		ps.Fail(input.ErrMalformed, display, 1, 0, "", "check the file name: give the "+spec.Name+" file here",
			"this looks like a %s file, not a %s file", kind, spec.Name)
		return false
	}
	known := map[string]bool{}
	for _, c := range spec.Required {
		known[c] = true
	}
	for _, c := range spec.Optional {
		known[c] = true
	}
	for _, g := range spec.OneOf {
		for _, c := range g {
			known[c] = true
		}
	}
	ok := true
	var unknown []int
	for i, h := range hdr {
		name := strings.ToLower(strings.TrimSpace(h))
		r.Header[i] = name
		_, col := r.cr.FieldPos(i)
		switch {
		case len(name) > MaxCellBytes:
			ps.Fail(input.ErrOutOfRange, display, 1, col, "", "check that the first line is the header row", "column %d's name is %d bytes long; at most %d are allowed", i+1, len(name), MaxCellBytes)
			ok = false
		case name == "":
			ps.Fail(input.ErrMissingValue, display, 1, col, "", "give every column a name in the header row", "column %d has no name", i+1)
			ok = false
		case r.has(name):
			ps.Fail(input.ErrDuplicate, display, 1, col, name, "remove or rename one of the two columns", "the column %q appears twice", name)
			ok = false
		default:
			r.cols[name] = i
			if !known[name] {
				unknown = append(unknown, i)
			}
		}
	}
	return r.unknownColumns(unknown, spec) && r.requiredColumns(spec) && ok
}

// unknownColumns reports the header's columns spec does not know. One
// close to a known column the header lacks (spelling.Near) is an error:
// its values would otherwise be dropped without a word, as a misspelt
// medication column once emptied signed agreements. Any other is a
// warning, so a file may carry columns of its own. It reports whether
// none was an error.
func (r *Reader) unknownColumns(cols []int, spec Spec) bool {
	if len(cols) == 0 {
		return true
	}
	names := append(append([]string{}, spec.Required...), spec.Optional...)
	for _, g := range spec.OneOf {
		names = append(names, g...)
	}
	var absent []string
	for _, n := range names {
		if !r.has(n) {
			absent = append(absent, n)
		}
	}
	r.meant = map[string]bool{}
	near := map[int]string{}
	for _, i := range cols {
		if n := spelling.Near(r.Header[i], absent); n != "" {
			near[i], r.meant[n] = n, true
		}
	}
	guarded, lacking := r.missing(spec.Guarded), r.missing(spec.Optional)
	ok := true
	for _, i := range cols {
		name := r.Header[i]
		_, col := r.cr.FieldPos(i)
		switch {
		case near[i] != "":
			r.Problems.Fail(input.ErrUnknownName, r.File, 1, col, name,
				"rename the column "+near[i]+" (linkmatch ignores a column it does not know, so its values would be lost)",
				"unknown column %q: did you mean %s?", name, near[i])
			ok = false
		case len(guarded) > 0:
			r.Problems.Fail(input.ErrUnknownName, r.File, 1, col, name,
				"rename it to "+orList(guarded)+" if that is what it holds, or remove it",
				"unknown column %q, and %s has no %s column, which %s read", name, filepath.Base(r.File), orList(guarded), spec.GuardedBy)
			ok = false
		case len(lacking) > 0:
			r.Problems.Warn(input.ErrUnknownName, r.File, 1, col, name,
				"it will be ignored; check the spelling if you meant one of the optional columns the file lacks: "+strings.Join(lacking, ", "), "unknown column %q", name)
		default:
			r.Problems.Warn(input.ErrUnknownName, r.File, 1, col, name, "it will be ignored", "unknown column %q", name)
		}
	}
	return ok
}

// orList joins names as "a", "a or b", "a, b or c".
func orList(names []string) string {
	if len(names) < 2 {
		return strings.Join(names, "")
	}
	return strings.Join(names[:len(names)-1], ", ") + " or " + names[len(names)-1]
}

// missing returns those of cols the header has not, nor meant by a near
// misspelling.
func (r *Reader) missing(cols []string) []string {
	var out []string
	for _, c := range cols {
		if !r.has(c) && !r.meant[c] {
			out = append(out, c)
		}
	}
	return out
}

// requiredColumns reports, as problems, spec's required columns and OneOf
// groups the header lacks; false when any is missing.
func (r *Reader) requiredColumns(spec Spec) bool {
	ok := true
	for _, c := range spec.Required {
		if !r.has(c) && !r.meant[c] {
			r.Problems.Fail(input.ErrMissingColumn, r.File, 1, 0, c, "add it to the header (the first line)", "missing column %q", c)
			ok = false
		}
	}
	for _, g := range spec.OneOf {
		found := false
		for _, c := range g {
			found = found || r.has(c)
		}
		if !found {
			r.Problems.Fail(input.ErrMissingColumn, r.File, 1, 0, g[0], "add one of them to the header (the first line)", "missing column %s", strings.Join(g, " or "))
			ok = false
		}
	}
	return ok
}

// workbook reports whether data is a spreadsheet workbook rather than text:
// a ZIP archive (.xlsx, Office Open XML) or an OLE compound file (.xls).
func workbook(data []byte) bool {
	return bytes.HasPrefix(data, []byte("PK\x03\x04")) || bytes.HasPrefix(data, []byte("\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"))
}

// quoteStart finds, in the record starting at byte from of data, the
// quoted value whose quotes are broken — never closed, or followed by text
// before the next comma or line end — and returns the line and column
// (1-based, in bytes as encoding/csv counts) of its opening quote.
func quoteStart(data []byte, from int) (line, col int, ok bool) {
	at := func(off int) (int, int, bool) {
		nl := bytes.LastIndexByte(data[:off], '\n')
		return bytes.Count(data[:off], []byte("\n")) + 1, off - nl, true
	}
	fieldStart := true
	for i := from; i < len(data); {
		switch c := data[i]; {
		case fieldStart && c == '"':
			open := i
			i++
			for {
				j := bytes.IndexByte(data[i:], '"')
				if j < 0 {
					return at(open) // never closed
				}
				i += j + 1
				if i < len(data) && data[i] == '"' {
					i++ // a doubled quote inside the value
					continue
				}
				break
			}
			if i < len(data) && data[i] != ',' && data[i] != '\n' && data[i] != '\r' {
				return at(open) // text after the closing quote
			}
			fieldStart = false
		case c == ',':
			fieldStart = true
			i++
		case c == '\n':
			return 0, 0, false
		default:
			fieldStart = false
			i++
		}
	}
	return 0, 0, false
}

// FirstInvalidUTF8 returns the 1-based line and column (in characters) of
// the first byte of data that is not UTF-8, for "not UTF-8" problems.
func FirstInvalidUTF8(data []byte) (line, col int) {
	line, col = 1, 1
	for i := 0; i < len(data); {
		c, size := utf8.DecodeRune(data[i:])
		if c == utf8.RuneError && size <= 1 {
			return line, col
		}
		if c == '\n' {
			line, col = line+1, 1
		} else {
			col++
		}
		i += size
	}
	return line, col
}

func (r *Reader) has(name string) bool { _, ok := r.cols[name]; return ok }

// Has reports whether the file has the named column.
func (r *Reader) Has(name string) bool { return r.has(name) }

// csvProblem records a CSV syntax error in the record that starts at byte
// from. A quoted value whose closing quote is missing (or has text after
// it) is reported where its opening quote is: encoding/csv reports where
// it gave up, often lines further on (tester: a stray quote on line 3 was
// reported at line 5, column 228).
func (r *Reader) csvProblem(err error, from int64) {
	var pe *csv.ParseError
	if errors.As(err, &pe) {
		const hint = "check the quotes: a value with a comma or quote must be wrapped in double quotes, with inner quotes doubled"
		if errors.Is(pe.Err, csv.ErrQuote) {
			if line, col, ok := quoteStart(r.data, int(from)); ok {
				r.Problems.Fail(input.ErrMalformed, r.File, line, col, "", hint,
					"the quoted value starting here is not closed properly: its closing quote is missing, or text follows it")
				return
			}
		}
		r.Problems.Fail(input.ErrMalformed, r.File, pe.Line, pe.Column, "", hint, "%v", pe.Err)
		return
	}
	r.Problems.Fail(input.ErrMalformed, r.File, 0, 0, "", "", "cannot read the file: %v", err)
}

// Next advances to the next data row. It returns false at the end of the file
// or at a CSV syntax error (which it records). Blank lines are skipped.
func (r *Reader) Next() bool {
	if r.dead {
		return false
	}
	for {
		from := r.cr.InputOffset()
		rec, err := r.cr.Read()
		r.raw = bytes.Trim(r.data[from:r.cr.InputOffset()], "\r\n")
		if err == io.EOF {
			return false
		}
		if err != nil {
			r.csvProblem(err, from)
			r.dead = true
			r.rows++
			return false
		}
		for i := range rec {
			rec[i] = output.Unguard(rec[i]) // read back what linkmatch wrote
		}
		r.rec = rec
		r.line, _ = r.cr.FieldPos(0)
		if len(rec) != len(r.Header) {
			if len(rec) == 1 && strings.TrimSpace(rec[0]) == "" {
				continue
			}
			r.rows++
			r.Problems.Fail(input.ErrMalformed, r.File, r.line, 0, "", "every row needs one value per header column (leave a value empty rather than leaving it out)", "this row has %d values but the header has %d columns", len(rec), len(r.Header))
			continue
		}
		r.rows++
		if !r.sizesOK() {
			continue
		}
		return true
	}
}

// NoRows reports whether the file has no data row at all below its header:
// not even one that could not be read (which is reported as itself, so a
// file is never said to be empty because its rows are broken).
func (r *Reader) NoRows() bool { return r.rows == 0 }

// Raw returns the current row's record as it stands in the file, without
// its line end: a program that writes the row back unchanged can copy it
// byte for byte.
func (r *Reader) Raw() string { return string(r.raw) }

// Fields returns the current row's values as read, untrimmed, in header
// order. The slice is reused by the next call to Next.
func (r *Reader) Fields() []string { return r.rec }

// Line returns the current row's line number.
func (r *Reader) Line() int { return r.line }

// Get returns the trimmed value of the named column in the current row, or ""
// when the file has no such column.
func (r *Reader) Get(name string) string {
	i, ok := r.cols[name]
	if !ok {
		return ""
	}
	return strings.TrimSpace(r.rec[i])
}

// Pos returns the line and column of the named field in the current row.
func (r *Reader) Pos(name string) (line, col int) {
	i, ok := r.cols[name]
	if !ok {
		return r.line, 0
	}
	return r.cr.FieldPos(i)
}

// Fail records an error of the given kind at the named field of the
// current row.
func (r *Reader) Fail(kind input.Kind, name, hint, format string, args ...any) {
	line, col := r.Pos(name)
	r.Problems.Fail(kind, r.File, line, col, name, hint, format, args...)
}

// Warn records a warning of the given kind at the named field of the
// current row.
func (r *Reader) Warn(kind input.Kind, name, hint, format string, args ...any) {
	line, col := r.Pos(name)
	r.Problems.Warn(kind, r.File, line, col, name, hint, format, args...)
}

// Required returns the value, recording an error when it is empty.
func (r *Reader) Required(name, hint string) (string, bool) {
	v := r.Get(name)
	if v == "" {
		r.Fail(input.ErrMissingValue, name, hint, "this value is required but empty")
		return "", false
	}
	return v, true
}

// Int reads a whole number in [min, max]; an empty cell gives def.
func (r *Reader) Int(name string, def, min, max int, hint string) (int, bool) {
	v := r.Get(name)
	if v == "" {
		return def, true
	}
	n, err := strconv.Atoi(v)
	if err != nil {
		r.Fail(input.ErrBadValue, name, hint, "%q is not a whole number", v)
		return def, false
	}
	if n < min || n > max {
		r.Fail(input.ErrOutOfRange, name, hint, "%d is outside the allowed range %d–%d", n, min, max)
		return def, false
	}
	return n, true
}

// Float reads a number in [min, max]; an empty cell gives def.
func (r *Reader) Float(name string, def, min, max float64, hint string) (float64, bool) {
	v := r.Get(name)
	if v == "" {
		return def, true
	}
	f, err := ParseDecimal(v)
	if err != nil {
		r.Fail(input.ErrBadValue, name, hint, "%q is not a number", v)
		return def, false
	}
	if f < min || f > max {
		r.Fail(input.ErrOutOfRange, name, hint, "%s is outside the allowed range %s–%s", v, fmtNum(min), fmtNum(max))
		return def, false
	}
	return f, true
}

func fmtNum(f float64) string { return strconv.FormatFloat(f, 'f', -1, 64) }

// Date reads a YYYY-MM-DD date; an empty cell gives (0, false, true) when
// optional and an error when required.
func (r *Reader) Date(name string, required bool) (d linkmatch.Date, present, ok bool) {
	v := r.Get(name)
	if v == "" {
		if required {
			r.Fail(input.ErrMissingValue, name, "write the date as YYYY-MM-DD, for example 2012-05-31", "the date is required but empty")
			return 0, false, false
		}
		return 0, false, true
	}
	d, err := linkmatch.ParseDate(v)
	if err != nil {
		r.Fail(input.ErrBadValue, name, "write the date as YYYY-MM-DD, for example 2012-05-31", "%v", err)
		return 0, false, false
	}
	return d, true, true
}

// Enum reads one of the allowed words (case-insensitive); empty gives def.
func (r *Reader) Enum(name string, allowed []string, def string) (string, bool) {
	v := strings.ToLower(r.Get(name))
	if v == "" {
		return def, true
	}
	for _, a := range allowed {
		if v == a {
			return v, true
		}
	}
	r.Fail(input.ErrBadValue, name, "use one of: "+strings.Join(allowed, ", "), "%q is not an allowed value", r.Get(name))
	return def, false
}

// YesNo reads yes/no (also true/false, y/n, 1/0); empty gives def.
func (r *Reader) YesNo(name string, def bool) (bool, bool) {
	switch strings.ToLower(r.Get(name)) {
	case "":
		return def, true
	case "yes", "y", "true", "1":
		return true, true
	case "no", "n", "false", "0":
		return false, true
	}
	r.Fail(input.ErrBadValue, name, "use yes or no", "%q is not yes or no", r.Get(name))
	return def, false
}

// List splits a multi-valued cell on ";" (INTERFACE.md), trimming spaces and
// dropping empty items; items are lower-cased when fold is true.
func (r *Reader) List(name string, fold bool) []string {
	return SplitList(r.Get(name), fold)
}

// SplitList splits a ";"-separated cell.
func SplitList(v string, fold bool) []string {
	if v == "" {
		return nil
	}
	parts := strings.Split(v, ";")
	out := parts[:0]
	for _, p := range parts {
		p = strings.TrimSpace(p)
		if fold {
			p = strings.ToLower(p)
		}
		if p != "" {
			out = append(out, p)
		}
	}
	if len(out) == 0 {
		return nil
	}
	return out
}

// Describe names a place for messages that refer back to another row.
func Describe(file string, line int) string { return fmt.Sprintf("%s:%d", file, line) }

// Seen remembers the line on which each key of one file first appeared, so
// that a repeat (a duplicate id, postcode or need) is reported pointing back
// to the first.
type Seen map[string]int

// First records key at r's current row and reports true; when key was seen
// before, it records an error at the named column — `the <what> "key" is used
// again (first at file:line)` — and reports false.
func (s Seen) First(r *Reader, name, key, what, hint string) bool {
	if first, dup := s[key]; dup {
		r.Fail(input.ErrDuplicate, name, hint, "the %s %q is used again (first at %s)", what, key, Describe(r.File, first))
		return false
	}
	s[key] = r.Line()
	return true
}

// RowsHint is about how many data rows the file holds (its line feeds,
// the header's included): a capacity hint for the rows read from it, so
// that 45,000 carers are not copied each time their slice grows. A
// quoted line break makes it larger than the rows, never smaller.
func (r *Reader) RowsHint() int { return bytes.Count(r.data, []byte{'\n'}) }
