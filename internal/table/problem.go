// Package table reads the header-driven CSV files linkmatch takes as input and
// reports every problem with its place: file, line, column and column name,
// what is wrong and what to do (INTERFACE.md; modelled on encoding/csv's
// ParseError). The problems themselves are package input's, so that public
// packages can take and return them.
//
// Inputs are UTF-8 CSV with a header row; a byte-order mark and CRLF line ends
// are accepted; columns are found by header name, so their order is free;
// an unknown column is a warning, not an error, unless it is close to a
// known column the file lacks (a misspelling, package spelling), which is
// refused with "did you mean". A file whose lines end with a
// carriage return alone is refused (it would read as one line), and so is
// any row with a cell, an id or a total length over the limits in
// limits.go; files are read through package inputfile, so only regular
// files of bounded size are read at all.
package table
