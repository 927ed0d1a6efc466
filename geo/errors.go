package geo

import (
	"errors"
	"strconv"
)

// Kinds of problem. A *BoundaryError wraps exactly one of the boundary-file
// kinds, so callers can test with errors.Is(err, geo.ErrUnclosedRing); the
// last three are wrapped by the errors of NeighbourGraph, NewPointIndex and
// NewTravelTimes.
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
	ErrInvalidJourney   = errors.New("invalid journey")
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
