package match

import (
	"time"

	"github.com/linkmatch/linkmatch"
)

// A carer's time, as well as their capacity, limits how many children they
// can link with at once (family-finder tryout, item 1: a carer who offers
// only weekends was given four children, none of whom could be introduced).
//
// The measure is a fortnight of term time, the rhythm of the default
// step-down template (plan/defaults/template.toml: days out and weekend
// stays every second week; seed 001 §3 and seed 000's "two weekends a
// month"). In its busiest stage before the move, Preparing, each child has,
// every fortnight:
//
//   - a weekend stay from Saturday morning to Sunday tea-time (seed 000),
//     which takes both weekend days, and
//   - a tea each week (seed 000: "dinner once per week"), after school on
//     a weekday evening or, for a carer who offers none, on a free day.
//
// Children who are not siblings never share the carer's time (seed 003:
// each child's sessions are individual), so the children a carer's
// fortnight holds is the largest n with 2n weekend days and 2n teas in it,
// the teas taking the weekday evenings offered and then the weekend days
// the stays leave. Only term time counts: weekday daytime (school
// holidays) is not there every fortnight.
const (
	stayDaysPerChild = 2 // a weekend stay: Saturday and Sunday
	teasPerChild     = 2 // a tea a week
)

// TimePlaces is how many children the carer's availability can run the
// step-down stages for at once (see above): 1 for a carer who offers only
// weekends, 2 for weekends and weekday evenings. It is at least 1: a carer
// whose time cannot hold even one child's full pattern still takes one
// child, and the plan says what could not be fitted (plan_warnings.csv).
func TimePlaces(a linkmatch.Availability) int {
	days, evenings := fortnight(a)
	n := 0
	for n < maxTimePlaces {
		m := n + 1
		if stayDaysPerChild*m > days || teasPerChild*m > evenings+days-stayDaysPerChild*m {
			break
		}
		n = m
	}
	return max(n, 1)
}

// maxTimePlaces bounds TimePlaces: no carer links with more than four
// children (seed 001 §3), however much time they offer.
const maxTimePlaces = 4

// fortnight counts the weekend days and the weekday evenings a carer offers
// in two weeks of term time.
func fortnight(a linkmatch.Availability) (days, evenings int) {
	for wd := range 7 {
		d := time.Weekday(wd)
		if d == time.Saturday || d == time.Sunday {
			if a.Offers(d, linkmatch.PartDay) {
				days += 2
			}
			continue
		}
		if a.Offers(d, linkmatch.PartEvening) {
			evenings += 2
		}
	}
	return days, evenings
}

// StepDownPlaces is how many more children the carer can link with in the
// step-down scheme: their places (capacity less current links) and no more
// than their time holds, less the children they already link with. It is
// the places BuildProblem gives the solver.
func StepDownPlaces(k *linkmatch.Carer) int {
	return max(min(k.Places(), TimePlaces(k.Availability)-k.CurrentLinks), 0)
}
