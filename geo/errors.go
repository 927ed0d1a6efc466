package geo

import (
	"errors"
	"fmt"
	"strconv"
)

// Kinds of boundary-file problem. A *BoundaryError wraps exactly one of them,
// so callers can test with errors.Is(err, geo.ErrUnclosedRing).
var (
	ErrNotJSON          = errors.New("not JSON")
	ErrNotGeoJSON       = errors.New("not a GeoJSON FeatureCollection")
	ErrNoFeatures       = errors.New("no features")
	ErrGeometryType     = errors.New("wrong geometry type")
	ErrProjected        = errors.New("coordinates are projected metres, not degrees")
	ErrCoordinates      = errors.New("bad coordinates")
	ErrUnclosedRing     = errors.New("unclosed ring")
	ErrMissingName      = errors.New("missing name")
	ErrDuplicateName    = errors.New("duplicate name")
	ErrInvalidTolerance = errors.New("invalid tolerance")
	ErrInvalidCellSize  = errors.New("invalid cell size")
	ErrInvalidPostcode  = errors.New("invalid postcode")
	ErrInvalidNumber    = errors.New("invalid number")
	ErrMissingColumn    = errors.New("missing column")
	ErrDuplicateKey     = errors.New("duplicate entry")
	ErrCoordinateRange  = errors.New("coordinate out of range")
	ErrNegativeMinutes  = errors.New("minutes must be a finite number ≥ 0")
	ErrEmptyField       = errors.New("empty field")
)

// BoundaryError describes what is wrong with a boundary (GeoJSON) file:
// which feature, what kind of problem, and what to do about it.
type BoundaryError struct {
	Feature int    // 0-based index in "features"; -1 when about the whole file
	Name    string // the feature's name when known
	Kind    error  // one of the Err* sentinels above
	Detail  string // what exactly is wrong and how to fix it
}

func (e *BoundaryError) Error() string {
	s := "boundaries: "
	if e.Feature >= 0 {
		s += "feature " + strconv.Itoa(e.Feature)
		if e.Name != "" {
			s += " (" + strconv.Quote(e.Name) + ")"
		}
		s += ": "
	}
	s += e.Kind.Error()
	if e.Detail != "" {
		s += ": " + e.Detail
	}
	return s
}

// Unwrap returns the kind, for errors.Is.
func (e *BoundaryError) Unwrap() error { return e.Kind }

// ParseError is a problem at a position in a CSV input (travel times,
// postcodes). Line and Column are 1-based; Column counts bytes, as in
// encoding/csv. The caller adds the file name.
type ParseError struct {
	Line       int
	Column     int
	ColumnName string // header name of the column, when known
	Err        error
}

func (e *ParseError) Error() string {
	s := fmt.Sprintf("%d:%d", e.Line, e.Column)
	if e.ColumnName != "" {
		s += " (" + e.ColumnName + ")"
	}
	return s + ": " + e.Err.Error()
}

// Unwrap returns the underlying problem, for errors.Is and errors.As.
func (e *ParseError) Unwrap() error { return e.Err }
