package geo

import (
	"fmt"
	"io"
)

// TravelTimes is a user-supplied table of driving times in minutes that
// overrides the TravelModel estimate. Its keys are plain strings and mean
// whatever the caller looks them up with: the CLI looks up carer id → child
// id first and then authority name → authority name, so a table can give
// exact times for particular journeys or typical times between authorities.
// A time given in one direction is used for both unless the reverse is
// also given. A nil *TravelTimes is an empty table.
type TravelTimes struct {
	m map[[2]string]float64
}

// ParseTravelTimes reads travel_times.csv: a header row and the columns
// from, to, minutes (other columns are ignored). Problems are reported as
// *ParseError with line and column.
//
//	from,to,minutes
//	C001,K001,35
//	Somerset,Devon,55
func ParseTravelTimes(r io.Reader) (*TravelTimes, error) {
	t, err := newTable(r, "from", "to", "minutes")
	if err != nil {
		return nil, err
	}
	tt := &TravelTimes{m: map[[2]string]float64{}}
	first := map[[2]string]int{}
	for {
		if err := t.next(); err == io.EOF {
			return tt, nil
		} else if err != nil {
			return nil, err
		}
		from, err := t.text("from")
		if err != nil {
			return nil, err
		}
		to, err := t.text("to")
		if err != nil {
			return nil, err
		}
		minutes, err := t.number("minutes")
		if err != nil {
			return nil, err
		}
		if minutes < 0 {
			return nil, t.errAt("minutes", fmt.Errorf("%w, got %v", ErrNegativeMinutes, minutes))
		}
		key := [2]string{from, to}
		if line, dup := first[key]; dup {
			return nil, t.errAt("from", fmt.Errorf("%w: %s → %s is already given on line %d", ErrDuplicateKey, from, to, line))
		}
		first[key] = t.line
		tt.m[key] = minutes
	}
}

// Len returns the number of entries.
func (t *TravelTimes) Len() int {
	if t == nil {
		return 0
	}
	return len(t.m)
}

// Minutes returns the time from → to, falling back to to → from.
func (t *TravelTimes) Minutes(from, to string) (float64, bool) {
	if t == nil {
		return 0, false
	}
	if m, ok := t.m[[2]string{from, to}]; ok {
		return m, true
	}
	m, ok := t.m[[2]string{to, from}]
	return m, ok
}

// Apply returns trip with its Minutes replaced by the table's from → to
// time when there is one (and FromTable set). Distances are unchanged.
func (t *TravelTimes) Apply(trip Trip, from, to string) Trip {
	if m, ok := t.Minutes(from, to); ok {
		trip.Minutes, trip.FromTable = m, true
	}
	return trip
}
