package plan

import (
	"slices"
	"time"

	"github.com/linkmatch/linkmatch"
)

// linkPlan is the working state of one link while it is planned.
type linkPlan struct {
	in           *PlanInput
	carer, child uint32 // diary indexes
	avail        linkmatch.Availability
	// overnights is true when stays are agreed by the child's care plan and
	// the carer's approval, and the carer has a spare bedroom (seed 001 §5:
	// "a home which can comfortably accommodate all who live there").
	overnights bool
	lw         WeeklySlot
	stageStart []linkmatch.Date // stageStart[i] is stage i's first day; the last entry is the day after the plan
	move       linkmatch.Date
	lower      linkmatch.Date     // nothing new before this day (plan start, or as-of when re-planning)
	horizon    linkmatch.Date     // nothing on or after this day
	ends       bool               // the link ends (seed 001 §6) on horizon-1
	patBase    []int              // first index in count of each stage's patterns
	count      []int              // sessions of each pattern so far, kept ones included
	short      [][]linkmatch.Date // by pattern like count: weeks left short of a session with a fallback; nil for none
	kept       []row
	rows       []row
}

func (p *Planner) newLinkPlan(in *PlanInput, carer, child uint32) *linkPlan {
	lp := &linkPlan{in: in, carer: carer, child: child, avail: in.Carer.Availability.Normalize(), lw: in.LinkWorker, lower: p.asOf}
	if lp.lw.IsZero() {
		lp.lw = DefaultLinkWorkerSlot(in.Child.ID)
	}
	lp.overnights = in.Child.Overnight && in.Carer.Overnight && in.Carer.Bedrooms >= 1
	f := p.tmpl.Factor(in.Child.Complexity, linkmatch.AgeOn(in.Child.DateOfBirth, p.start))
	// Stage boundaries: a boundary already passed by the as-of date stays
	// where the plan had it (the past is kept), so an extension only
	// lengthens a stage that has not ended by then.
	old, d := p.start, p.start
	n := 0
	for i := range p.tmpl.Stages {
		lp.stageStart = append(lp.stageStart, d)
		w := p.tmpl.PacedWeeks(i, f)
		old = old.AddDays(7 * w)
		if old <= p.asOf {
			d = old
		} else {
			d = d.AddDays(7 * (w + p.extend[i]))
		}
		lp.patBase = append(lp.patBase, n)
		n += len(p.tmpl.Stages[i].Sessions)
	}
	lp.stageStart = append(lp.stageStart, d)
	lp.count = make([]int, n)
	lp.move = lp.stageStart[p.tmpl.MoveStage()]
	lp.horizon = d
	if e, ok := p.ends[in.Link.ID]; ok && e.AddDays(1) < lp.horizon {
		lp.horizon, lp.ends = e.AddDays(1), true
	}
	return lp
}

func (lp *linkPlan) patIndex(stage, pat int) int { return lp.patBase[stage] + pat }

// stageAt returns the stage in force on day d.
func (lp *linkPlan) stageAt(d linkmatch.Date) int {
	for i := len(lp.stageStart) - 2; i > 0; i-- {
		if d >= lp.stageStart[i] {
			return i
		}
	}
	return 0
}

// slot is a candidate time for a row.
type slot struct {
	date, endDate linkmatch.Date
	start, end    linkmatch.Clock
}

// needs says whose time a row takes: the carer's (sessions, meetings,
// reviews they attend) and the child's (sessions with the child, reviews,
// visits), and whether the child's school day and link-worker session must be
// avoided (paid sessions with the child).
type needs struct {
	carer, child, paid, joint bool
}

// fits reports whether a row at s fits everyone's diary and availability.
func (p *Planner) fits(lp *linkPlan, d *diary, s slot, n needs) bool {
	if s.date < lp.lower || s.endDate >= lp.horizon {
		return false
	}
	if n.carer {
		if !p.carerAvailable(lp.avail, s) || !d.free(d.carer[lp.carer], s, n.joint) {
			return false
		}
		if s.endDate > s.date && !d.bedsFree(lp.carer, s, lp.in.Carer.Bedrooms) {
			return false
		}
	}
	if n.child {
		if !d.free(d.child[lp.child], s, false) {
			return false
		}
		if n.paid {
			if d.paidOn(lp.child, s.date) || p.atSchool(s) || lp.atLinkWorker(s) {
				return false
			}
		}
	}
	return true
}

// school hours on a school day, when a child cannot be with the carer:
// 08:30 to 16:00 covers the school day and the journey (schoolEnds).
const schoolStarts linkmatch.Clock = 8*60 + 30

// atSchool reports whether s overlaps school hours on a school day.
func (p *Planner) atSchool(s slot) bool {
	for d := s.date; d <= s.endDate; d++ {
		from, to := dayPart(s, d)
		if from < schoolEnds && to > schoolStarts && p.cal.SchoolDay(d) {
			return true
		}
	}
	return false
}

// atLinkWorker reports whether s overlaps the child's weekly link-worker
// session, which only runs while the child lives in the residential home
// (before the move).
func (lp *linkPlan) atLinkWorker(s slot) bool {
	for d := s.date; d <= s.endDate && d < lp.move; d++ {
		from, to := dayPart(s, d)
		if d.Weekday() == lp.lw.Day && from < lp.lw.End && to > lp.lw.Start {
			return true
		}
	}
	return false
}

// dayPart returns the minutes of day d that s covers.
func dayPart(s slot, d linkmatch.Date) (from, to linkmatch.Clock) {
	from, to = 0, minutesPerDay
	if d == s.date {
		from = s.start
	}
	if d == s.endDate {
		to = s.end
	}
	return from, to
}

const minutesPerDay linkmatch.Clock = 24 * 60

// dayFlag is the availability flag of a weekday: AvailMon is bit 0 and
// AvailSun bit 6, while time.Sunday is 0.
func dayFlag(wd time.Weekday) linkmatch.Availability {
	return linkmatch.AvailMon << ((int(wd) + 6) % 7)
}

// carerAvailable applies the carer's availability (carers.csv): the day
// must be one of theirs; on a working weekday (not a bank holiday) time
// before schoolEnds needs "daytime" and time after it needs "evenings".
// Weekends and bank holidays need only the day.
func (p *Planner) carerAvailable(a linkmatch.Availability, s slot) bool {
	for d := s.date; d <= s.endDate; d++ {
		from, to := dayPart(s, d)
		if from == to && d != s.date {
			continue // ends at midnight: nothing of this day is used
		}
		if !a.Has(dayFlag(d.Weekday())) {
			return false
		}
		if p.cal.Weekend(d) {
			continue
		}
		if from < schoolEnds && !a.Has(linkmatch.AvailDaytime) {
			return false
		}
		if to > schoolEnds && !a.Has(linkmatch.AvailEvenings) {
			return false
		}
	}
	return true
}

// candidates returns the slots a pattern's window offers in days [from, to),
// preferred days first, then the others in date order.
func (p *Planner) candidates(lp *linkPlan, pat *Pattern, from, to linkmatch.Date, buf []slot) []slot {
	buf = buf[:0]
	add := func(d linkmatch.Date) {
		switch pat.Window {
		case WindowAfterSchool:
			if !p.cal.Weekend(d) {
				buf = append(buf, slot{d, d, pat.Start, pat.End})
			}
		case WindowDay:
			if !p.cal.SchoolDay(d) {
				buf = append(buf, slot{d, d, pat.Start, pat.End})
			}
		case WindowWeekendStay:
			if d.Weekday() == time.Saturday {
				buf = append(buf, slot{d, d.AddDays(1), pat.Start, pat.End})
			}
		case WindowOvernight:
			if !p.cal.SchoolDay(d.AddDays(1)) {
				buf = append(buf, slot{d, d.AddDays(1), pat.Start, pat.End})
			}
		case WindowMeeting:
			if s, ok := meetingSlot(p.cal, lp.avail, d, pat.Start, pat.End); ok {
				buf = append(buf, s)
			}
		case WindowStageStart:
			buf = append(buf, slot{d, d, pat.Start, pat.End})
		}
	}
	for _, wd := range pat.Days {
		for d := from; d < to; d++ {
			if d.Weekday() == wd {
				add(d)
			}
		}
	}
	for d := from; d < to; d++ {
		if !slices.Contains(pat.Days, d.Weekday()) {
			add(d)
		}
	}
	return buf
}

// eveningMeeting is when a meeting starts for a carer who is not free in the
// day: 17:00, after most working days end.
const eveningMeeting linkmatch.Clock = 17 * 60

// meetingSlot is a meeting of the adults on day d: on a working weekday, in
// the day (start–end) when the carer is free in the day, else the same
// length from 17:00; at a weekend only for a carer free on no weekday.
func meetingSlot(cal *Calendar, a linkmatch.Availability, d linkmatch.Date, start, end linkmatch.Clock) (slot, bool) {
	if cal.Weekend(d) {
		if a&linkmatch.AvailWeekdays != 0 {
			return slot{}, false
		}
		return slot{d, d, start, end}, true
	}
	if a.Has(linkmatch.AvailDaytime) {
		return slot{d, d, start, end}, true
	}
	return slot{d, d, eveningMeeting, eveningMeeting + end - start}, true
}

// add records a row for the link and books it in the diary.
func (lp *linkPlan) add(d *diary, s slot, n needs, kind linkmatch.SessionKind, stage, pat int, stageName, location, note string) {
	r := row{
		Session: linkmatch.Session{
			LinkID: lp.in.Link.ID, ChildID: lp.in.Child.ID, CarerID: lp.in.Carer.ID,
			Date: s.date, Start: s.start, EndDate: s.endDate, End: s.end,
			Kind: kind, Stage: stageName, Location: location, Notes: note,
		},
		stage: stage, pat: pat, needs: n,
	}
	lp.rows = append(lp.rows, r)
	d.bookNeeds(lp, s, n)
}
