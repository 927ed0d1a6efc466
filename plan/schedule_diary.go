package plan

import "github.com/linkmatch/linkmatch"

// diary holds every booked minute of every carer and child in one planning
// run, by person and day, and the carers' occupied bedrooms by night. Keys
// are person index << 32 | day, so one map serves thousands of people
// without a map per person.
type diary struct {
	carer map[uint64][]span
	child map[uint64][]span
	beds  map[uint64]int
}

// span is a booked part of one day.
type span struct {
	from, to    linkmatch.Clock
	joint, paid bool
}

func newDiary(links int) *diary {
	// About 60 booked days per link (measured on the default template); a
	// size hint only.
	return &diary{
		carer: make(map[uint64][]span, 60*links),
		child: make(map[uint64][]span, 60*links),
		beds:  make(map[uint64]int, 8*links),
	}
}

func dayKey(who uint32, d linkmatch.Date) uint64 { return uint64(who)<<32 | uint64(uint32(d)) }

// free reports whether who has nothing booked during s; joint rows may share
// time with other joint rows (the template's joint activities).
func (d *diary) free(m map[uint64][]span, who uint32, s slot, joint bool) bool {
	for day := s.date; day <= s.endDate; day++ {
		from, to := dayPart(s, day)
		if from == to && day != s.date {
			continue
		}
		for _, sp := range m[dayKey(who, day)] {
			if overlaps(from, to, sp.from, sp.to) && !(joint && sp.joint) {
				return false
			}
		}
	}
	return true
}

// overlaps reports whether [a1, a2) and [b1, b2) share time; a zero-length
// interval overlaps an interval it lies strictly inside.
func overlaps(a1, a2, b1, b2 linkmatch.Clock) bool {
	if a1 == a2 {
		return b1 < a1 && a1 < b2
	}
	if b1 == b2 {
		return a1 < b1 && b1 < a2
	}
	return a1 < b2 && b1 < a2
}

// paidOn reports whether the child already has a session with a carer on
// day dd: one a day keeps the plan paced for the child.
func (d *diary) paidOn(child uint32, dd linkmatch.Date) bool {
	for _, sp := range d.child[dayKey(child, dd)] {
		if sp.paid {
			return true
		}
	}
	return false
}

// bedsFree reports whether the carer has a spare bedroom every night of s.
func (d *diary) bedsFree(carer uint32, s slot, bedrooms int) bool {
	for n := s.date; n < s.endDate; n++ {
		if d.beds[dayKey(carer, n)] >= bedrooms {
			return false
		}
	}
	return true
}

// bookNeeds books s in the diaries of whoever it needs.
func (d *diary) bookNeeds(lp *linkPlan, s slot, n needs) {
	for day := s.date; day <= s.endDate; day++ {
		from, to := dayPart(s, day)
		if from == to && day != s.date {
			continue
		}
		if n.carer {
			k := dayKey(lp.carer, day)
			d.carer[k] = append(d.carer[k], span{from, to, n.joint, n.paid})
		}
		if n.child {
			k := dayKey(lp.child, day)
			d.child[k] = append(d.child[k], span{from, to, n.joint, n.paid})
		}
	}
	if n.carer {
		for night := s.date; night < s.endDate; night++ {
			d.beds[dayKey(lp.carer, night)]++
		}
	}
}

// book books a row kept from an earlier plan.
func (d *diary) book(lp *linkPlan, r *row) {
	d.bookNeeds(lp, slot{r.Date, r.EndDate, r.Start, r.End}, r.needs)
}
