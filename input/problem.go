// Package input says what is wrong with a user's input files, and where: a
// Problem is one mistake placed at file:line:column (column name), with what
// is wrong and what to do about it; Problems collects every mistake found, so
// a user sees all of them at once; InvalidError is the error a loader returns
// when at least one of them is an error rather than a warning.
//
// Each problem also carries a Kind, so callers and tests ask what went wrong
// with errors.Is rather than by matching message text:
//
//	if errors.Is(err, input.ErrDuplicate) { … }   // some id is given twice
//	if errors.Is(err, input.ErrInvalid) { … }     // any error at all: exit 2
//
// The text of a problem is written for the social workers and finance
// officers who fix the files (INTERFACE.md: "file:line:column (column name):
// problem"); it is modelled on encoding/csv's ParseError. The package is
// public so that every linkmatch package that reads files can report into
// the same Problems, inside the module or outside it.
package input

import (
	"fmt"
	"sort"
	"strings"
)

// Kind is what sort of mistake a Problem is. The kinds are constants, so no
// package can change them, and each is an error for errors.Is.
type Kind string

// Error returns the kind in words.
func (k Kind) Error() string { return string(k) }

// ErrInvalid is matched (errors.Is) by every problem that is an error, not a
// warning, and by every InvalidError: the input is wrong, the command exits 2
// and writes nothing.
const ErrInvalid Kind = "invalid input"

// The kinds of problem. A Problem has at most one; problems recorded with
// Problems.Errorf or Problems.Warnf have none.
const (
	// ErrMissingFile: a file the input names cannot be found or read.
	ErrMissingFile Kind = "missing file"
	// ErrMalformed: a file cannot be read as what it should be at all — not
	// UTF-8, broken CSV quoting, a row of the wrong length, not TOML, not
	// GeoJSON, or empty.
	ErrMalformed Kind = "malformed file"
	// ErrMissingColumn: a required column (or scenario.toml setting) is
	// absent.
	ErrMissingColumn Kind = "missing column"
	// ErrMissingValue: a required value is empty.
	ErrMissingValue Kind = "missing value"
	// ErrBadValue: a value cannot be read as what it should be: not a
	// number, a date, a yes/no, one of the allowed words, a postcode.
	ErrBadValue Kind = "bad value"
	// ErrOutOfRange: a value is readable but outside what it can be (a
	// capacity of 9, a child aged 18, a location outside the United Kingdom).
	ErrOutOfRange Kind = "value out of range"
	// ErrDuplicate: something that must be unique is given twice (an id, a
	// column, a postcode, a need).
	ErrDuplicate Kind = "duplicate"
	// ErrUnknownName: a name nobody knows: a column or setting the tool does
	// not read, a need not in the vocabulary, a carer id no carer has, an
	// authority not in the boundaries, a postcode not in the lookup.
	ErrUnknownName Kind = "unknown name"
	// ErrConflict: values that are each fine but cannot all be true (more
	// current links than capacity, an empty age range, overlapping rate
	// bands).
	ErrConflict Kind = "conflicting values"
)

// Problem is one thing wrong with an input, at a place. Line and Column are
// 1-based; 0 means the problem is about the whole file (or the whole line).
type Problem struct {
	File       string
	Line       int
	Column     int
	ColumnName string
	Message    string // what is wrong
	Hint       string // what to do about it
	Warning    bool   // a warning does not make the input invalid
	Kind       Kind   // what sort of mistake; "" when not classified
}

// Error formats the problem as file:line:column (column name): problem — what to do.
func (p Problem) Error() string {
	var b strings.Builder
	b.WriteString(p.File)
	if p.Line > 0 {
		fmt.Fprintf(&b, ":%d", p.Line)
		if p.Column > 0 {
			fmt.Fprintf(&b, ":%d", p.Column)
		}
	}
	if p.ColumnName != "" {
		fmt.Fprintf(&b, " (%s)", p.ColumnName)
	}
	b.WriteString(": ")
	if p.Warning {
		b.WriteString("warning: ")
	}
	b.WriteString(p.Message)
	if p.Hint != "" {
		b.WriteString(" — ")
		b.WriteString(p.Hint)
	}
	return b.String()
}

// Unwrap lets errors.Is match the problem's Kind, and ErrInvalid when the
// problem is an error rather than a warning.
func (p Problem) Unwrap() []error {
	var out []error
	if !p.Warning {
		out = append(out, ErrInvalid)
	}
	if p.Kind != "" {
		out = append(out, p.Kind)
	}
	return out
}

// Problems collects every problem found in a set of inputs, so that a user
// sees all of them at once rather than one per run. The zero value is ready
// to use.
type Problems struct {
	List []Problem
}

// Add records a problem.
func (ps *Problems) Add(p Problem) { ps.List = append(ps.List, p) }

// Fail records an error of the given kind at a place: the message is
// format and args, hint says what to do.
func (ps *Problems) Fail(kind Kind, file string, line, col int, colName, hint, format string, args ...any) {
	ps.Add(Problem{File: file, Line: line, Column: col, ColumnName: colName, Message: fmt.Sprintf(format, args...), Hint: hint, Kind: kind})
}

// Warn records a warning of the given kind at a place.
func (ps *Problems) Warn(kind Kind, file string, line, col int, colName, hint, format string, args ...any) {
	ps.Add(Problem{File: file, Line: line, Column: col, ColumnName: colName, Message: fmt.Sprintf(format, args...), Hint: hint, Warning: true, Kind: kind})
}

// ErrorCount returns how many problems are errors, not warnings.
func (ps *Problems) ErrorCount() int {
	n := 0
	for _, p := range ps.List {
		if !p.Warning {
			n++
		}
	}
	return n
}

// Warnings returns the warnings only.
func (ps *Problems) Warnings() []Problem {
	var out []Problem
	for _, p := range ps.List {
		if p.Warning {
			out = append(out, p)
		}
	}
	return out
}

// Sort orders problems by file, line, column, so reports read top to bottom;
// problems at the same place keep the order they were found in.
func (ps *Problems) Sort() {
	sort.SliceStable(ps.List, func(i, j int) bool {
		a, b := ps.List[i], ps.List[j]
		if a.File != b.File {
			return a.File < b.File
		}
		if a.Line != b.Line {
			return a.Line < b.Line
		}
		return a.Column < b.Column
	})
}

// Err returns nil when there are no errors (warnings alone are not an error),
// and otherwise an *InvalidError holding every problem.
func (ps *Problems) Err() error {
	if ps.ErrorCount() == 0 {
		return nil
	}
	ps.Sort()
	return &InvalidError{Problems: append([]Problem(nil), ps.List...)}
}

// InvalidError is the error for an input with at least one problem. It
// matches ErrInvalid with errors.Is, and the Kind of each of its errors
// (errors.Is(err, ErrDuplicate) when some id is given twice); use errors.As
// to list the problems, or to get the first error as a Problem.
type InvalidError struct {
	Problems []Problem // errors and warnings, sorted by place
}

func (e *InvalidError) Error() string {
	var b strings.Builder
	n := 0
	for _, p := range e.Problems {
		if !p.Warning {
			n++
		}
	}
	fmt.Fprintf(&b, "%d problem(s) in the input:", n)
	for _, p := range e.Problems {
		b.WriteString("\n  ")
		b.WriteString(p.Error())
	}
	return b.String()
}

// Is makes errors.Is(err, ErrInvalid) true.
func (e *InvalidError) Is(target error) bool { return target == ErrInvalid }

// Unwrap returns the errors among the problems (not the warnings), so that
// errors.Is and errors.As look into each.
func (e *InvalidError) Unwrap() []error {
	var out []error
	for _, p := range e.Problems {
		if !p.Warning {
			out = append(out, p)
		}
	}
	return out
}
