package plan

import (
	"slices"
	"strings"
	"time"

	"github.com/linkmatch/linkmatch"
)

// linkPlan is the working state of one link while it is planned.
type linkPlan struct {
	in           *PlanInput
	idx          int32  // index in the planning run, the owner of its diary bookings
	carer, child uint32 // diary indexes
	avail        linkmatch.Availability
	// overnights is true when stays are agreed by the child's care plan and
	// the carer's approval, and the carer has a spare bedroom (seed 001 §5:
	// "a home which can comfortably accommodate all who live there").
	overnights bool
	lw         linkmatch.WeeklySlot
	// seg are the link's stages in time (segments); seg.start[0] is the
	// link's first day, the last boundary the day after its plan.
	seg  segments
	move linkmatch.Date
	// lower: nothing new before this day (the plan start, the as-of date
	// when re-planning, or later when the link's plan is kept to a later
	// day); asOf: the day from which warnings are reported.
	lower, asOf linkmatch.Date
	// history is the first day whose contact with the carer is known: the
	// link's start, or for a link under way with no recorded timeline, the
	// as-of date (what happened before is not known).
	history linkmatch.Date
	horizon linkmatch.Date // nothing on or after this day
	ends    bool           // the link ends (seed 001 §6) on horizon-1
	// replan is true when the planner places new rows for the link; a link
	// whose recorded timeline still fits its plan is kept as it is.
	replan bool
	// eighteen is the 18th birthday. Without Staying Put the plan stops
	// the day before it (cutAt18); with it, sessions from it on are
	// Staying Put time.
	eighteen linkmatch.Date
	cutAt18  bool
	// atHome is true under a short-breaks template: the child lives with
	// their family, and goes home after every break (seed 002).
	atHome bool
	// siblings are the other links of the child's sibling group with the
	// same carer, in link id order: they share stage dates and joint
	// sessions (issue 12: siblings move together).
	siblings []*linkPlan
	patBase  []int              // first index in count of each segment's patterns
	count    []int              // sessions of each pattern of each segment so far, kept ones included
	short    [][]linkmatch.Date // by pattern like count: weeks left short of a session with a fallback; nil for none
	kept     []row
	rows     []row
	// keptWeeks counts kept sessions by pattern and week (countKept).
	keptWeeks map[weekKey]int
	// missedReviews are the looked-after reviews, before the move and after
	// it, held after their due day or not at all (planReviews), in the
	// order met: each is a review_missing warning (check).
	missedReviews []missedReview
	// notReady, when not nil, says where the plan stops because the child
	// is not ready to move on (gateUnit); horizon is then that day.
	notReady *readiness
	// redo, when not nil, limits new pattern sessions and link-worker
	// sessions to the weeks of the rows a clash or a rearrangement
	// removed; everything else of the link is kept.
	redo map[weekKey]bool
	// lateVisits are regulation 48's visits placed after their due day
	// (planVisits48), each with its due day and the first day a break
	// would have served, for checkBreaks' visit_late warnings.
	lateVisits []lateVisit
}

// lateVisit is a visit of regulation 48 held at the first break after its
// due day: none fell from the day from to due.
type lateVisit struct {
	on, from, due linkmatch.Date
}

// stayingPutAge21: Staying Put arrangements can run to the young person's
// 21st birthday (Children Act 1989 s.23CZA(3)).
const stayingPutEnds = 21

// adultAge: the child leaves care at 18 (Children Act 1989 s.22, s.105).
const adultAge = 18

// untilDate is the day after an open-ended stage that starts on from:
// never before a week after it starts, and never past the planning horizon.
func (p *Planner) untilDate(st *Stage, in *PlanInput, from linkmatch.Date) linkmatch.Date {
	end := p.horizon.AddDays(1)
	switch st.Until {
	case UntilEighteen:
		end = min(end, linkmatch.Birthday(in.Child.DateOfBirth, adultAge))
	case UntilDate:
		end = min(end, st.UntilDate.AddDays(1))
	}
	return max(end, from.AddDays(7))
}

func (p *Planner) newLinkPlan(in *PlanInput, idx int32, carer, child uint32, seg segments) *linkPlan {
	lp := &linkPlan{in: in, idx: idx, carer: carer, child: child, avail: in.Carer.Availability.Normalize(), lw: in.Child.LinkWorker,
		lower: p.asOf, asOf: p.asOf, replan: true, atHome: p.tmpl.Scheme == linkmatch.SchemeShortBreaks}
	if lp.lw.IsZero() {
		lp.lw = p.tmpl.LinkWorker
	}
	lp.overnights = in.Child.Overnight && in.Carer.Overnight && in.Carer.Bedrooms >= 1
	lp.setStages(p, seg)
	return lp
}

// setStages sets the stage segments and everything that follows from them:
// the move, the horizon cut by the 18th birthday (or the 21st when the
// young person stays put), the planning horizon and an ending, and the
// pattern counters.
func (lp *linkPlan) setStages(p *Planner, seg segments) {
	lp.seg = seg.clone()
	lp.move = lp.seg.start[len(lp.seg.start)-1]
	for k, st := range lp.seg.stage {
		if st == p.tmpl.MoveStage() {
			lp.move = lp.seg.start[k]
			break
		}
	}
	lp.history = lp.seg.start[0]
	if lp.in.Link.UnderWay() {
		lp.history = max(lp.history, p.asOf)
	}
	lp.horizon = lp.seg.start[len(lp.seg.start)-1]
	lp.horizon = min(lp.horizon, p.horizon.AddDays(1))
	lp.eighteen = linkmatch.Birthday(lp.in.Child.DateOfBirth, adultAge)
	lp.cutAt18 = false
	if lp.in.Child.StayingPut {
		lp.horizon = min(lp.horizon, linkmatch.Birthday(lp.in.Child.DateOfBirth, stayingPutEnds))
	} else if lp.eighteen < lp.horizon {
		lp.horizon, lp.cutAt18 = lp.eighteen, true
	}
	lp.ends = false
	if e, ok := p.endOf(lp.in.Link.ID); ok && e.AddDays(1) < lp.horizon {
		lp.horizon, lp.ends, lp.cutAt18 = e.AddDays(1), true, false
	}
	lp.horizon = max(lp.horizon, lp.seg.start[0])
	lp.patBase = lp.patBase[:0]
	n := 0
	for _, si := range lp.seg.stage {
		lp.patBase = append(lp.patBase, n)
		n += len(p.tmpl.Stages[si].Sessions)
	}
	lp.count = make([]int, n)
}

func (lp *linkPlan) patIndex(seg, pat int) int { return lp.patBase[seg] + pat }

// segAt returns the segment in force on day d.
func (lp *linkPlan) segAt(d linkmatch.Date) int { return lp.seg.at(d) }

// stageAt returns the stage in force on day d.
func (lp *linkPlan) stageAt(d linkmatch.Date) int { return lp.seg.stage[lp.seg.at(d)] }

// slot is a candidate time for a row.
type slot struct {
	date, endDate linkmatch.Date
	start, end    linkmatch.Clock
}

// needs says whose time a row takes and on what terms.
type needs struct {
	// carer: the row takes the carer's time (booked in their diary); the
	// first row of a joint sibling session books it for all.
	carer bool
	// child: the row takes the child's time.
	child bool
	// paid: a session with the child: it keeps clear of school and of a
	// second session that day, and follows the carer's availability.
	paid bool
	// work: a professional meeting on a working day in working hours; the
	// carer attends whatever days they offer for the child.
	work bool
	// beds is how many spare bedrooms a stay needs (one per child).
	beds int8
}

// party is the links one session is for: one link, or siblings sharing a
// joint session. party[0] books the carer.
type party []*linkPlan

// fits reports whether a row at s fits everyone's diary and availability.
func (p *Planner) fits(pt party, d *diary, s slot, n needs) bool {
	lead := pt[0]
	if p.closedFor(s, n) {
		return false
	}
	if n.carer {
		if !n.work && !p.carerAvailable(lead.avail, s) {
			return false
		}
		if !d.free(d.carer[lead.carer], s) {
			return false
		}
		if s.endDate > s.date && n.child && !d.bedsFree(lead.carer, s, len(pt), lead.in.Carer.Bedrooms) {
			return false
		}
		if n.paid && lead.atHome && p.offerUsed(lead, d, s) != "" {
			return false
		}
	}
	for _, lp := range pt {
		if s.date < lp.lower || s.endDate >= lp.horizon {
			return false
		}
		if n.child {
			if !d.free(d.child[lp.child], s) {
				return false
			}
			if n.paid && (d.paidOn(lp.child, s.date) || p.atSchool(s)) {
				return false
			}
		}
	}
	return true
}

// closedFor reports whether s touches a closed day (no session, meeting or
// visit: the scenario's [plan] closed_days, by default Christmas Day, Boxing
// Day and New Year's Day), or, for a professional meeting or visit, runs
// into a closed afternoon (Christmas Eve from noon by default). An
// overnight ending on a closed morning touches it; one ending at midnight
// does not. A session kept out of its day is placed on another day of its
// week, as for any clash.
func (p *Planner) closedFor(s slot, n needs) bool {
	if !n.carer && !n.child {
		return false // a milestone takes nobody's time
	}
	for day := s.date; day <= s.endDate; day++ {
		if from, to := dayPart(s, day); from == to && day != s.date {
			continue
		}
		if p.cal.Closed(day) {
			return true
		}
	}
	if n.work && p.cal.ClosedAfternoon(s.date) && s.end > ClosedAfternoonFrom {
		return true
	}
	return false
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

// carerAvailable applies the carer's availability (carers.csv): every part
// of every day s touches must be offered (linkmatch.Availability.Offers:
// the union of the carer's words). Time before schoolEnds is the day part,
// time from it the evening part; a bank holiday is the weekday it falls on.
func (p *Planner) carerAvailable(a linkmatch.Availability, s slot) bool { return availableAt(a, s) }

// availableAt is carerAvailable's rule, needing no planner.
func availableAt(a linkmatch.Availability, s slot) bool {
	for d := s.date; d <= s.endDate; d++ {
		from, to := dayPart(s, d)
		if from == to && d != s.date {
			continue // ends at midnight: nothing of this day is used
		}
		wd := d.Weekday()
		if from < schoolEnds && !a.Offers(wd, linkmatch.PartDay) {
			return false
		}
		if to > schoolEnds && !a.Offers(wd, linkmatch.PartEvening) {
			return false
		}
	}
	return true
}

// candidates returns the slots a pattern's window offers in days [from, to),
// preferred days first, then the others in date order.
func (p *Planner) candidates(pat *Pattern, from, to linkmatch.Date, buf []slot) []slot {
	buf = buf[:0]
	add := func(d linkmatch.Date) {
		if p.tmpl.Scheme == linkmatch.SchemeShortBreaks && (p.cal.ClosedBetween(d, d.AddDays(max(pat.StayNights(), 0))) ||
			p.withSocialWorker(pat) && !p.workingDay(d)) {
			return // a session at the family home is with the social worker: working days only
		}
		switch pat.Window {
		case WindowAfterSchool:
			// Only on a school day, in both schemes: for short breaks the
			// carer collects the child from school (seed 002, issue 17);
			// a step-down "after school" session is timed round the
			// school day too (16:30), and in the holidays the child is
			// free all day, so the session takes its fallback's daytime
			// slot or another day (the template's fallback), as short
			// breaks do. The calendar's terms are the scenario's terms
			// file or DefaultTerms, for both schemes.
			// holidayEvening's pattern (Holidays) takes the weekdays
			// without school instead.
			if p.cal.SchoolDay(d) != pat.Holidays && !p.cal.Weekend(d) {
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
		case WindowStay:
			if p.noSchool(d.AddDays(1), pat.Nights) {
				buf = append(buf, slot{d, d.AddDays(pat.Nights), pat.Start, pat.End})
			}
		case WindowMeeting:
			if s, ok := meetingSlot(p.cal, d, pat.Start, pat.End); ok {
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

// meetingSlot is a professional meeting on day d: only on a working day (a
// weekday that is not a bank holiday), start to end, which the template
// keeps within working hours (issue 12: no meetings at weekends or on bank
// holidays; the carer attends as part of the link role).
func meetingSlot(cal *Calendar, d linkmatch.Date, start, end linkmatch.Clock) (slot, bool) {
	if cal.Weekend(d) {
		return slot{}, false
	}
	return slot{d, d, start, end}, true
}

// rowSpec is what a new row says, apart from its time.
type rowSpec struct {
	kind                                linkmatch.SessionKind
	stage, seg, pat                     int
	stageName, location, activity, note string
	fill                                bool // an extra session closing a gap in contact
}

// add records a row for every link of the party and books it: the carer
// once (for a joint session, with a bedroom per child), each child once.
// Sessions with a young person staying put on or after their 18th birthday
// become Staying Put time.
func (pt party) add(d *diary, s slot, n needs, spec rowSpec) {
	for i, lp := range pt {
		ni := n
		ni.carer = n.carer && i == 0
		if ni.carer && s.endDate > s.date && n.child {
			ni.beds = int8(len(pt))
		}
		kind := spec.kind
		if kind.Paid() && s.endDate >= lp.eighteen {
			kind = linkmatch.KindStayingPut // only reached when staying put: otherwise the horizon is the 18th birthday
		}
		note, activity := spec.note, spec.activity
		if lp.in.Child.StayingPut && s.date >= lp.eighteen {
			note, activity = stayingPutWords(note), stayingPutWords(activity)
		}
		if len(pt) > 1 {
			note = joinNote(note, "together with "+siblingList(pt, lp))
		}
		r := row{
			Session: linkmatch.Session{
				Date: s.date, Start: s.start, EndDate: s.endDate, End: s.end,
				Kind: kind, Stage: spec.stageName, Location: spec.location, Activity: activity, Notes: note,
			},
			stage: spec.stage, seg: int32(spec.seg), pat: spec.pat, needs: ni, fill: spec.fill,
		}
		lp.rows = append(lp.rows, r)
		d.bookNeeds(lp, s, ni, kind)
	}
}

// stayingPutWords rewords a template's text for a young person staying
// put after 18 (Children Act 1989 s.23CZA): the long-term foster carer is
// now their Staying Put carer, who is not given "a break" from an adult
// living with them as from a child in care; time with the link carer is the
// young person's own choice.
func stayingPutWords(text string) string {
	return strings.NewReplacer(
		"a break for the long-term carer", "time with the link carer, as the young person wishes",
		"support and advice for the long-term carer", "support and advice for the Staying Put carer",
		"the long-term carer", "the Staying Put carer",
		"the child's", "the young person's",
	).Replace(text)
}

// siblingList names the other children of the party, for notes.
func siblingList(pt party, self *linkPlan) string {
	out := ""
	for _, o := range pt {
		if o == self {
			continue
		}
		if out != "" {
			out += ", "
		}
		out += o.in.Child.ID
	}
	if len(pt) > 2 {
		return "siblings " + out
	}
	return "sibling " + out
}

func joinNote(a, b string) string {
	switch {
	case a == "":
		return b
	case b == "":
		return a
	}
	return a + "; " + b
}
