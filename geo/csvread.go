package geo

import (
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"
)

// table reads a small CSV file with a header row, finding columns by name
// (case-insensitive, surrounding space ignored). A UTF-8 byte-order mark
// and CRLF line ends are accepted; unknown columns are ignored.
type table struct {
	r    *csv.Reader
	col  map[string]int
	rec  []string
	line int // line of the current record
}

func newTable(r io.Reader, required ...string) (*table, error) {
	t := &table{r: csv.NewReader(r), col: map[string]int{}}
	t.r.ReuseRecord = true
	head, err := t.r.Read()
	if err == io.EOF {
		return nil, &ParseError{Line: 1, Column: 1, Err: fmt.Errorf("%w: the file is empty; expected a header row with %s", ErrMissingColumn, strings.Join(required, ","))}
	}
	if err != nil {
		return nil, csvError(err)
	}
	for i, h := range head {
		if i == 0 {
			h = strings.TrimPrefix(h, "\ufeff")
		}
		h = strings.ToLower(strings.TrimSpace(h))
		if _, dup := t.col[h]; !dup {
			t.col[h] = i
		}
	}
	for _, name := range required {
		if _, ok := t.col[name]; !ok {
			return nil, &ParseError{Line: 1, Column: 1, Err: fmt.Errorf("%w %q; the header needs %s", ErrMissingColumn, name, strings.Join(required, ","))}
		}
	}
	return t, nil
}

// next reads the next record; it returns io.EOF at the end.
func (t *table) next() error {
	rec, err := t.r.Read()
	if err != nil {
		if err == io.EOF {
			return err
		}
		return csvError(err)
	}
	t.rec = rec
	t.line, _ = t.r.FieldPos(0)
	return nil
}

func csvError(err error) error {
	var pe *csv.ParseError
	if errors.As(err, &pe) {
		return &ParseError{Line: pe.Line, Column: pe.Column, Err: pe.Err}
	}
	return fmt.Errorf("reading CSV: %w", err)
}

// field returns the trimmed value of the named column in the current record.
func (t *table) field(name string) string {
	return strings.TrimSpace(t.rec[t.col[name]])
}

// errAt returns a ParseError positioned at the named column of the
// current record.
func (t *table) errAt(name string, err error) error {
	line, col := t.r.FieldPos(t.col[name])
	return &ParseError{Line: line, Column: col, ColumnName: name, Err: err}
}

// text returns a non-empty field or a positioned error.
func (t *table) text(name string) (string, error) {
	s := t.field(name)
	if s == "" {
		return "", t.errAt(name, ErrEmptyField)
	}
	return s, nil
}

// number parses a finite decimal field.
func (t *table) number(name string) (float64, error) {
	s := t.field(name)
	f, err := strconv.ParseFloat(s, 64)
	if err != nil || math.IsNaN(f) || math.IsInf(f, 0) {
		return 0, t.errAt(name, fmt.Errorf("%w %q; want a decimal number such as 51.015", ErrInvalidNumber, s))
	}
	return f, nil
}
