package scenarios

import (
	"github.com/linkmatch/linkmatch/geo"
	"github.com/linkmatch/linkmatch/input"
	"github.com/linkmatch/linkmatch/internal/table"
)

var travelTimesSpec = table.Spec{
	Required: []string{"child_id", "carer_id", "minutes"},
	Optional: []string{"distance_km"},
}

// maxJourneyMinutes bounds one journey: ten hours' driving is far beyond
// any link carer's trip, and catches seconds typed as minutes.
const maxJourneyMinutes = 600

// loadTravelTimes reads travel_times.csv: driving times, and optionally
// road distances, known for particular child–carer pairs (measured, or
// from a route planner). They replace the estimate for those pairs when
// scoring and costing. Every child and carer named must be in the scenario,
// and each pair is given once.
func (l *loader) loadTravelTimes(rel string) {
	r := l.open(rel, travelTimesSpec)
	if r == nil {
		return
	}
	seen := table.Seen{}
	var journeys []geo.Journey
	for r.Next() {
		child, ok := l.knownID(r, "child_id", l.allChildIDs, "child", "children.csv")
		carer, good := l.knownID(r, "carer_id", l.allCarerIDs, "carer", "carers.csv")
		ok = ok && good && seen.First(r, "child_id", child+", "+carer, "child and carer", "give each child and carer once")
		hint := "give the driving time in minutes, from 0 to 600"
		if _, present := r.Required("minutes", hint); !present {
			ok = false
		}
		minutes, good := r.Float("minutes", 0, 0, maxJourneyMinutes, hint)
		ok = ok && good
		km, good := r.Float("distance_km", 0, 0.1, maxTravelKm,
			"give the road distance in km, from 0.1 to 500, or leave it empty to keep the estimate")
		if ok && good {
			journeys = append(journeys, geo.Journey{From: carer, To: child, Minutes: minutes, RoadKm: km})
		}
	}
	tt, err := geo.NewTravelTimes(journeys)
	if err != nil { // the rows were checked above; this is a fault, reported rather than hidden
		l.ps.Fail(input.ErrBadValue, r.File, 0, 0, "", "check the file", "%v", err)
		return
	}
	l.s.TravelTimes = tt
}

// knownID reads a required id that must name a row of another file (ids
// holds every id seen there, rows with problems included). When that file
// gave no ids at all (it is missing or empty, already reported), any id is
// accepted, rather than reporting every row again.
func (l *loader) knownID(r *table.Reader, col string, ids map[string]bool, what, file string) (string, bool) {
	id, ok := r.Required(col, "give the "+what+"'s id from "+file)
	if ok && len(ids) > 0 && !ids[id] {
		r.Fail(input.ErrUnknownName, col, "use a "+what+" id from "+file, "no %s has the id %q", what, id)
		return id, false
	}
	return id, ok
}
