package geo

import (
	"fmt"
	"math"
	"slices"
	"strings"
)

// Journey is a trip between two named places whose driving time, and
// perhaps road distance, is known — measured, or taken from a route planner
// — and replaces the TravelModel's estimate. The names mean whatever the
// caller looks them up with; linkmatch uses a carer's id as From and a
// child's id as To.
type Journey struct {
	From, To string
	Minutes  float64 // driving time, minutes
	RoadKm   float64 // road distance, km; 0 when not known (the estimate stands)
}

// TravelTimes is a table of known journeys. A journey given in one
// direction is used for both unless the reverse is also given. A nil
// *TravelTimes is an empty table. It is immutable and safe for concurrent
// use.
type TravelTimes struct {
	m map[[2]string]Journey
}

// NewTravelTimes builds the table. Minutes must be finite and ≥ 0, RoadKm
// finite and ≥ 0, and no journey (From, To) may be given twice; any other
// journey is an error wrapping ErrInvalidJourney. The slice is copied.
func NewTravelTimes(journeys []Journey) (*TravelTimes, error) {
	t := &TravelTimes{m: make(map[[2]string]Journey, len(journeys))}
	for _, j := range journeys {
		if !(j.Minutes >= 0) || math.IsInf(j.Minutes, 0) || !(j.RoadKm >= 0) || math.IsInf(j.RoadKm, 0) {
			return nil, fmt.Errorf("geo: journey %s → %s: %w: minutes %v and road km %v must be finite numbers ≥ 0",
				j.From, j.To, ErrInvalidJourney, j.Minutes, j.RoadKm)
		}
		key := [2]string{j.From, j.To}
		if _, dup := t.m[key]; dup {
			return nil, fmt.Errorf("geo: journey %s → %s: %w: given twice", j.From, j.To, ErrInvalidJourney)
		}
		t.m[key] = j
	}
	return t, nil
}

// Journeys returns every journey of the table, ordered by From then To.
func (t *TravelTimes) Journeys() []Journey {
	if t == nil {
		return nil
	}
	out := make([]Journey, 0, len(t.m))
	for _, j := range t.m {
		out = append(out, j)
	}
	slices.SortFunc(out, func(a, b Journey) int {
		if c := strings.Compare(a.From, b.From); c != 0 {
			return c
		}
		return strings.Compare(a.To, b.To)
	})
	return out
}

// Lookup returns the journey from → to, falling back to to → from (with
// From and To as asked).
func (t *TravelTimes) Lookup(from, to string) (Journey, bool) {
	if t == nil {
		return Journey{}, false
	}
	if j, ok := t.m[[2]string{from, to}]; ok {
		return j, true
	}
	j, ok := t.m[[2]string{to, from}]
	j.From, j.To = from, to
	return j, ok
}

// Apply returns trip with the known journey from → to in place of the
// estimate, when the table has one: Minutes always, RoadKm and RoadMiles
// when the journey's road distance is known; FromTable is then set.
// StraightKm is unchanged.
func (t *TravelTimes) Apply(trip Trip, from, to string) Trip {
	j, ok := t.Lookup(from, to)
	if !ok {
		return trip
	}
	trip.Minutes, trip.FromTable = j.Minutes, true
	if j.RoadKm > 0 {
		trip.RoadKm, trip.RoadMiles = j.RoadKm, j.RoadKm/KmPerMile
	}
	return trip
}
