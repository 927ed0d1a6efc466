package plan

import (
	"slices"
	"sort"

	"github.com/linkmatch/linkmatch"
)

// diary holds every booking of every carer and child in one planning run:
// per person, a list sorted by start time, in minutes from the plan start.
// Lists stay short (a carer with four links has a few hundred bookings), so
// a binary search and a short scan answer "is this time free?" without a
// map lookup per day.
type diary struct {
	carer, child [][]booking
	origin       linkmatch.Date
	maxLen       int32 // the longest booking so far, to bound the backward scan
}

// booking is a booked interval [from, to) in minutes after the origin, and
// whose it is: the link that booked it (an index in the planning run), its
// kind, and the bedrooms a stay takes.
type booking struct {
	from, to int32
	owner    int32
	kind     linkmatch.SessionKind
	paid     bool
	beds     int8
	// intro marks a session of short breaks' Introductions: extra to the
	// agreed breaks, so outside a carer's monthly offer.
	intro bool
}

func newDiary(carers, children int, origin linkmatch.Date) *diary {
	return &diary{carer: make([][]booking, carers), child: make([][]booking, children), origin: origin}
}

// at returns the minute of clock c on day d.
func (d *diary) at(day linkmatch.Date, c linkmatch.Clock) int32 {
	return int32(day-d.origin)*int32(minutesPerDay) + int32(c)
}

// dayOf is the day holding minute m after the origin (at's inverse).
func (d *diary) dayOf(m int32) linkmatch.Date {
	day := m / int32(minutesPerDay)
	if m < 0 && m%int32(minutesPerDay) != 0 {
		day-- // round towards the earlier day
	}
	return d.origin + linkmatch.Date(day)
}

// overlapping calls f for each booking in list that overlaps [from, to),
// until f returns false; it reports whether f never did.
func (d *diary) overlapping(list []booking, from, to int32, f func(b booking) bool) bool {
	i := sort.Search(len(list), func(i int) bool { return list[i].from >= from-d.maxLen })
	for ; i < len(list) && list[i].from < to; i++ {
		if b := list[i]; b.to > from && !f(b) {
			return false
		}
	}
	return true
}

// free reports whether list has nothing booked during s. Nothing shares a
// person's time: a carer never has two children's sessions at once, and
// siblings' joint sessions are one booking (issue 12: handovers never
// overlap).
func (d *diary) free(list []booking, s slot) bool {
	_, busy := d.conflict(list, s)
	return !busy
}

// conflict returns the first booking in list that overlaps s.
func (d *diary) conflict(list []booking, s slot) (booking, bool) {
	from, to := d.at(s.date, s.start), d.at(s.endDate, s.end)
	if from == to {
		to++ // an instant is busy when it falls inside a booking
	}
	var found booking
	ok := !d.overlapping(list, from, to, func(b booking) bool { found = b; return false })
	return found, ok
}

// paidOn reports whether the child already has a session with a carer on
// day dd: one a day keeps the plan paced for the child.
func (d *diary) paidOn(child uint32, dd linkmatch.Date) bool {
	return !d.overlapping(d.child[child], d.at(dd, 0), d.at(dd+1, 0), func(b booking) bool { return !b.paid })
}

// bedsFree reports whether the carer has need spare bedrooms every night of
// s: a stay uses a bedroom per child on each night whose midnight it spans.
func (d *diary) bedsFree(carer uint32, s slot, need, bedrooms int) bool {
	need = max(need, 1)
	for night := s.date; night < s.endDate; night++ {
		midnight := d.at(night+1, 0)
		used := 0
		d.overlapping(d.carer[carer], midnight, midnight+1, func(b booking) bool {
			if b.from < midnight {
				used += max(int(b.beds), 1)
			}
			return true
		})
		if used+need > bedrooms {
			return false
		}
	}
	return true
}

// bookNeeds books s in the diaries of whoever it needs.
func (d *diary) bookNeeds(lp *linkPlan, s slot, n needs, kind linkmatch.SessionKind) {
	b := booking{from: d.at(s.date, s.start), to: d.at(s.endDate, s.end), owner: lp.idx, kind: kind, paid: n.paid, beds: n.beds,
		intro: lp.atHome && s.date < lp.seg.start[len(lp.seg.start)-2]}
	if b.to == b.from {
		return // milestones take nobody's time
	}
	d.maxLen = max(d.maxLen, b.to-b.from)
	insert := func(list []booking) []booking {
		i := sort.Search(len(list), func(i int) bool { return list[i].from > b.from })
		return slices.Insert(list, i, b)
	}
	if n.carer {
		d.carer[lp.carer] = insert(d.carer[lp.carer])
	}
	if n.child {
		d.child[lp.child] = insert(d.child[lp.child])
	}
}

// book books a row kept from the timeline re-planned, at the time it
// takes place (a moved session at its new time); a cancelled session, or
// one still to be rearranged, takes nobody's time.
func (d *diary) book(lp *linkPlan, r *row) {
	s, ok := r.Occurs()
	if !ok {
		return
	}
	d.bookNeeds(lp, slot{s.Date, s.EndDate, s.Start, s.End}, r.needs, r.Kind)
}
