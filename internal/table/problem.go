// Package table reads the header-driven CSV files linkmatch takes as input and
// reports every problem with its place: file, line, column and column name,
// what is wrong and what to do (INTERFACE.md; modelled on encoding/csv's
// ParseError).
//
// Inputs are UTF-8 CSV with a header row; a byte-order mark and CRLF line ends
// are accepted; columns are found by header name, so their order is free;
// unknown columns are a warning, not an error.
package table

import (
	"errors"
	"fmt"
	"sort"
	"strings"
)

// ErrInvalid is matched (errors.Is) by every error that means "the input is
// wrong": the command exits 2 and writes nothing.
var ErrInvalid = errors.New("invalid input")

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

// Unwrap lets errors.Is(problem, ErrInvalid) hold for errors (not warnings).
func (p Problem) Unwrap() error {
	if p.Warning {
		return nil
	}
	return ErrInvalid
}

// Problems collects every problem found in a set of inputs, so that a user
// sees all of them at once rather than one per run.
type Problems struct {
	List []Problem
}

// Add records a problem.
func (ps *Problems) Add(p Problem) { ps.List = append(ps.List, p) }

// Errorf records an error at a place.
func (ps *Problems) Errorf(file string, line, col int, colName, hint, format string, args ...any) {
	ps.Add(Problem{File: file, Line: line, Column: col, ColumnName: colName, Message: fmt.Sprintf(format, args...), Hint: hint})
}

// Warnf records a warning at a place.
func (ps *Problems) Warnf(file string, line, col int, colName, hint, format string, args ...any) {
	ps.Add(Problem{File: file, Line: line, Column: col, ColumnName: colName, Message: fmt.Sprintf(format, args...), Hint: hint, Warning: true})
}

// Merge appends other's problems.
func (ps *Problems) Merge(other *Problems) {
	if other != nil {
		ps.List = append(ps.List, other.List...)
	}
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
// matches ErrInvalid with errors.Is; use errors.As to list the problems.
type InvalidError struct {
	Problems []Problem
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
