package plan

import (
	"fmt"
	"slices"
	"strings"

	"github.com/linkmatch/linkmatch"
)

// The statutory rhythm around a link, from the Care Planning, Placement and
// Case Review (England) Regulations 2010 (SI 2010/959, "the 2010
// Regulations") and seed 001 §6.
const (
	// reviewMonths: reg 33(2)(c): each review after the second is held no
	// more than 6 months after the previous one.
	reviewMonths = 6
	// secondReviewMonths: reg 33(2)(b): the second review is held no more
	// than 3 months after the first.
	secondReviewMonths = 3
	// firstReviewWorkingDays: reg 33(2)(a): the first review is within 20
	// working days. linkmatch treats the move to the long-term carer as the
	// start of a new placement and restarts the cycle from it (PRODUCT.md).
	firstReviewWorkingDays = 20
	// firstVisitDays: reg 28(2)(a): a visit within one week of the start of
	// any placement.
	firstVisitDays = 7
	// visitDays: reg 28(2)(b): then at intervals of not more than six weeks
	// in the first year of the placement.
	visitDays = 42
	// noticeDays: seed 001 §6: "The notice period is 28 days."
	noticeDays = 28
	// preMoveReviewDays: the review before the move (reg 32(2)) is held in
	// the five weeks before it, at least a week ahead so that its decisions
	// can be carried out (reg 37); a kept review inside the window counts.
	preMoveReviewDays    = 35
	preMoveReviewLeadDay = 7
	// reviewLeadDays: a review is planned in the four weeks up to its due
	// date, as late as a slot allows, so the cycle does not drift earlier.
	reviewLeadDays = 28
	// supportMeetingLeadDays: the placement support meeting (seed 001 §6:
	// "prior to reaching this stage") is planned in the four weeks before
	// notice is given.
	supportMeetingLeadDays = 28
	// stayingPutAge: the first review after a young person's 16th birthday
	// considers Staying Put (Children Act 1989 s.23CZA, inserted by the
	// Children and Families Act 2014 s.98; guidance: DfE, "Staying Put", 2013).
	stayingPutAge = 16
)

// Review and visit times: a review is a meeting of the child, carer,
// social worker and IRO, held in the day (10:00–11:30) or, for a carer who
// works days, from 17:00; a visit sees the child after school (16:30–17:30).
const (
	reviewStart, reviewEnd linkmatch.Clock = 10 * 60, 11*60 + 30
	visitStart, visitEnd   linkmatch.Clock = 16*60 + 30, 17*60 + 30
)

const (
	locHome     = "residential home"
	locLongTerm = "long-term carer's home"
	// locFamily: in short breaks the child lives at home with their
	// family (seed 002).
	locFamily = "family home"
)

// planReviews places the child's looked-after reviews: the 6-monthly cycle
// from the last review (reg 33(2)(c)) up to the move, a review before the
// move (reg 32(2): no significant change to the care plan without a review),
// then a new cycle from the move (reg 33(2)(a)–(c)). The first review on or
// after the 16th birthday is flagged to consider Staying Put.
func (p *Planner) planReviews(lp *linkPlan, d *diary) {
	last, reviews := keptReviews(lp)
	// With no review known (children.csv last_review empty, and none in
	// the timeline), the 6-monthly rhythm runs from the start of what is
	// planned: a child in care has had reviews, so none may be planned
	// more than 6 months on (before, the first was the review before the
	// move, ten months after the start for a slow plan).
	unknown := last == 0 && lp.move > lp.lower
	if unknown {
		last = lp.lower
	}

	// The review before the move.
	preMove := linkmatch.Date(0)
	for _, r := range reviews {
		if r < lp.move && r >= lp.move.AddDays(-preMoveReviewDays) {
			preMove = r
		}
	}
	lo, hi := lp.move.AddDays(-preMoveReviewDays), lp.move.AddDays(-preMoveReviewLeadDay)
	planPreMove := preMove == 0 && lp.move > lp.lower

	// The 6-monthly cycle up to the review before the move (or up to its
	// window, when it is still to be planned).
	if last != 0 && last < lp.move {
		limit := lp.move
		switch {
		case preMove != 0:
			limit = preMove
		case planPreMove:
			limit = lo
		}
		last, reviews = p.planReviewCycle(lp, d, reviews, last, limit, unknown)
	}
	if planPreMove {
		reviews = p.planPreMoveReview(lp, d, reviews, last, lo, hi, unknown)
	}

	reviews = p.reviewsAfterMove(lp, d, reviews)
	if r := lp.in.Child.LastReview; r != 0 {
		reviews = append(reviews, r) // it may already have been the first after 16
	}
	p.flagStayingPut(lp, reviews)
}

// keptReviews returns the day the link's review cycle runs from and the
// reviews a re-plan keeps, in date order. Siblings with one carer hold
// their reviews together (joinSiblingReview) on one cycle: that of the
// sibling whose last review was longest ago, so that no child's review is
// late.
func keptReviews(lp *linkPlan) (last linkmatch.Date, reviews []linkmatch.Date) {
	last = lp.in.Child.LastReview
	for _, o := range lp.siblings {
		if r := o.in.Child.LastReview; r != 0 && (last == 0 || r < last) {
			last = r
		}
	}
	for _, r := range lp.kept {
		if r.Kind == linkmatch.KindReview {
			reviews = append(reviews, r.Date)
			last = max(last, r.Date)
		}
	}
	return last, reviews
}

// planReviewCycle places the 6-monthly reviews (reg 33(2)(c)) after last,
// each due before limit, adding them to reviews; a review held late or not
// at all is warned. unknown says that no last review is known, and last
// is the plan's start. It returns the last review held and the reviews.
func (p *Planner) planReviewCycle(lp *linkPlan, d *diary, reviews []linkmatch.Date, last, limit linkmatch.Date, unknown bool) (linkmatch.Date, []linkmatch.Date) {
	for due := last.AddMonths(reviewMonths); due < limit; due = last.AddMonths(reviewMonths) {
		note := "looked-after review, at most 6 months after the last (CPPCR 2010 reg 33(2)(c))"
		switch {
		case unknown && last == lp.lower:
			note = "looked-after review, at most 6 months after the plan's start, as no last review is known (children.csv last_review) (CPPCR 2010 reg 33(2)(c))"
		case due < lp.lower:
			note = fmt.Sprintf("looked-after review, overdue since %s (CPPCR 2010 reg 33(2)(c))", due)
		}
		day, ok := p.placeReview(lp, d, last, due.AddDays(-reviewLeadDays), due, limit.AddDays(-1), note)
		if ok {
			reviews = append(reviews, day)
		}
		if !ok || day > due {
			lp.missReview(missedReview{due: due, held: day, last: last, fromStart: unknown && last == lp.lower}, ok)
		}
		if !ok || day <= last {
			break
		}
		last = day
	}
	return last, reviews
}

// planPreMoveReview places the review before the move (reg 32(2)) between
// lo and hi, adding it to reviews. A 6-monthly review falling due inside
// its window is this review, held by its due date: not two reviews a few
// days apart. unknown is as for planReviewCycle.
func (p *Planner) planPreMoveReview(lp *linkPlan, d *diary, reviews []linkmatch.Date, last, lo, hi linkmatch.Date, unknown bool) []linkmatch.Date {
	cycleDue := linkmatch.Date(0)
	if last != 0 {
		due := last.AddMonths(reviewMonths)
		for due < lo {
			due = due.AddMonths(reviewMonths)
		}
		if due < hi {
			hi, cycleDue = due, due
		}
	}
	day, ok := p.placeReview(lp, d, lo.AddDays(-1), lo, hi, lp.move.AddDays(-1),
		"review before the move: no significant change to the care plan without a review (CPPCR 2010 reg 32(2))")
	if ok {
		reviews = append(reviews, day)
	}
	switch {
	case !ok && lp.move < lp.careEnds():
		// The move is in the plan, but no review before it.
		lp.missReview(missedReview{due: lp.move.AddDays(-1), preMove: true}, false)
	case ok && cycleDue != 0 && day > cycleDue:
		lp.missReview(missedReview{due: cycleDue, held: day, last: last, preMove: true, fromStart: unknown && last == lp.lower}, true)
	}
	return reviews
}

// missedReview is a looked-after review held after its due day, or not
// at all: a review_missing warning.
type missedReview struct {
	// due is the day it was due by; held the day it is held, 0 when not.
	due, held linkmatch.Date
	// last is the review before it, for a 6-monthly one before the move;
	// fromStart: none is known, and last is the plan's start.
	last      linkmatch.Date
	fromStart bool
	// after: a review of the new cycle from the move (reg 33(2)(a)–(c));
	// preMove: the review before the move (reg 32(2)); neither: a
	// 6-monthly review before the move (reg 33(2)(c)).
	after, preMove bool
}

// missReview records m (held when ok) for check to warn of, unless it was
// due before the part of the plan being made (an overdue review is held
// as soon as it can be; nothing says it was overdue yet: README, "Carried
// over after the move") or after the plan ends (at
// the horizon or at 18). After the move only the
// first is recorded: the cycle runs on from the late review.
func (lp *linkPlan) missReview(m missedReview, ok bool) {
	if !ok {
		m.held = 0
	}
	if m.due < lp.lower || m.due >= lp.careEnds() || m.after && slices.ContainsFunc(lp.missedReviews, func(o missedReview) bool { return o.after }) {
		return
	}
	lp.missedReviews = append(lp.missedReviews, m)
}

// why says, for review_missing, what was due, what happened and the rule.
func (m missedReview) why(move linkmatch.Date) string {
	since := fmt.Sprintf("6 months after the last, on %s", m.last)
	if m.fromStart {
		since = fmt.Sprintf("6 months after the plan's start on %s, no last review being known", m.last)
	}
	late := func(what string) string {
		if m.held == 0 {
			return what + " could not be planned"
		}
		return fmt.Sprintf("%s could not be planned by then (no working day free for the child and the social worker): it is held late, on %s, %d %s after it was due", what, m.held, m.held-m.due, plural(int(m.held-m.due), "day", "days"))
	}
	switch {
	case m.after && m.held == 0:
		return fmt.Sprintf("the looked-after review due by %s after the move could not be planned (no working day free for the child and the social worker, or the plan ends first); CPPCR 2010 reg 33 sets the reviews after a move", m.due)
	case m.after:
		return late(fmt.Sprintf("the looked-after review due by %s after the move", m.due)) + "; CPPCR 2010 reg 33 sets the reviews after a move"
	case m.preMove && m.held == 0:
		return fmt.Sprintf("the review before the move on %s could not be planned (no working day free for the child and the social worker in the %d days before it): the move is planned without one, but CPPCR 2010 reg 32(2) allows no significant change to the care plan without a review; hold one, or move later", move, preMoveReviewDays)
	case m.preMove:
		return late(fmt.Sprintf("the review before the move on %s, also the looked-after review due by %s (%s),", move, m.due, since)) + "; CPPCR 2010 reg 33(2)(c) sets a review at most every 6 months"
	case m.held == 0:
		return fmt.Sprintf("the looked-after review due by %s (%s) could not be planned before the move (no working day free for the child and the social worker); CPPCR 2010 reg 33(2)(c) sets a review at most every 6 months", m.due, since)
	}
	return late(fmt.Sprintf("the looked-after review due by %s (%s)", m.due, since)) + "; CPPCR 2010 reg 33(2)(c) sets a review at most every 6 months"
}

// reviewsAfterMove places the new cycle of reviews from the move (reg
// 33(2)(a)–(c)) and returns reviews with them. When the move is before what
// the timeline knows (a link under way), the cycle goes on from the last
// review known since the move; with none known, a review is due now. A
// review kept from the timeline re-planned counts where it was held, even
// late.
func (p *Planner) reviewsAfterMove(lp *linkPlan, d *diary, reviews []linkmatch.Date) []linkmatch.Date {
	anchor, k0 := lp.move, 0
	if lp.move < lp.history {
		last := lp.in.Child.LastReview
		for _, r := range reviews {
			last = max(last, r)
		}
		switch {
		case last < lp.move:
			anchor, k0 = lp.history.AddDays(-1), -1
		case last <= p.cal.WorkingDaysAfter(lp.move, firstReviewWorkingDays):
			anchor, k0 = last, 1
		default:
			anchor, k0 = last, 2
		}
	}
	for k := k0; anchor < lp.careEnds(); k++ {
		due, note := p.reviewDue(lp, k, anchor)
		if held, ok := firstIn(reviews, anchor.AddDays(1), max(due, lp.lower.AddDays(-1))); ok {
			anchor = held // kept from the timeline re-planned, perhaps late
			continue
		}
		if due >= lp.careEnds() {
			break
		}
		day, ok := p.placeReview(lp, d, anchor, max(anchor.AddDays(1), due.AddDays(-reviewLeadDays)), due, lp.careEnds().AddDays(-1), note)
		if !ok || day > due {
			lp.missReview(missedReview{due: due, held: day, after: true}, ok)
		}
		if !ok {
			break
		}
		reviews = append(reviews, day)
		anchor = day
		if k == -1 {
			// With no review since the move known, the one planned now is
			// taken as the first after it: the next is within 3 months
			// (reg 33(2)(b)), then every 6 (a review may always be held
			// earlier than the longest interval the regulation allows).
			k = 0
		}
	}
	return reviews
}

// reviewDue is when the k-th review after the move is due, anchor being
// the last one held (k -1: the first known of a link under way).
func (p *Planner) reviewDue(lp *linkPlan, k int, anchor linkmatch.Date) (linkmatch.Date, string) {
	switch k {
	case -1:
		return lp.history.AddDays(reviewLeadDays), fmt.Sprintf("looked-after review: no review since the move on %s is known (children.csv last_review), so one is planned now (CPPCR 2010 reg 33)", lp.move)
	case 0:
		return p.cal.WorkingDaysAfter(lp.move, firstReviewWorkingDays), "first review after the move, within 20 working days (CPPCR 2010 reg 33(2)(a))"
	case 1:
		return anchor.AddMonths(secondReviewMonths), "second review after the move, within 3 months of the first (CPPCR 2010 reg 33(2)(b))"
	}
	return anchor.AddMonths(reviewMonths), "looked-after review, at most 6 months after the last (CPPCR 2010 reg 33(2)(c))"
}

// placeReview places a review as late as possible in [lo, hi], else as early
// as possible after hi up to latest (late, but held). The carer attends when
// they can; otherwise the review is held without them and they send a
// written report (seed 001 §5: "contribute to written reports for a child's
// review and attend review meetings"). A sibling with the same carer whose
// review is already planned after this child's last one (after) and by hi
// is joined: the two reviews are held together, on one day (see
// joinSiblingReview).
func (p *Planner) placeReview(lp *linkPlan, d *diary, after, lo, hi, latest linkmatch.Date, note string) (linkmatch.Date, bool) {
	lo = max(lo, lp.lower)
	latest = min(latest, lp.careEnds().AddDays(-1))
	hi = min(hi, latest)
	// An overdue review (due before the plan) is held as soon as it can:
	// with a sibling's in the plan's first weeks.
	joinBy := hi
	if hi < lo {
		joinBy = min(lo.AddDays(reviewLeadDays), latest)
	}
	if day, ok := p.joinSiblingReview(lp, d, max(after.AddDays(1), lp.lower), joinBy, note); ok {
		return day, true
	}
	try := func(day linkmatch.Date, n needs, note string) bool {
		s, ok := meetingSlot(p.cal, day, reviewStart, reviewEnd)
		if !ok || !p.fits(party{lp}, d, s, n) {
			return false
		}
		si := lp.stageAt(day)
		party{lp}.add(d, s, n, rowSpec{kind: linkmatch.KindReview, stage: si, seg: lp.segAt(day), pat: patStatutory, stageName: p.tmpl.Stages[si].Name,
			location: lp.where(day), activity: "looked-after review", note: note})
		return true
	}
	withCarer := needs{carer: true, child: true, work: true}
	for _, n := range []needs{withCarer, {child: true, work: true}} {
		if n != withCarer {
			note += "; the link carer sends a written report"
		}
		for day := hi; day >= lo; day-- {
			if try(day, n, note) {
				return day, true
			}
		}
		for day := max(hi.AddDays(1), lp.lower); day <= latest; day++ {
			if try(day, n, note) {
				return day, true
			}
		}
	}
	return 0, false
}

// joinSiblingReview holds lp's review together with a sibling's (the same
// carer, the same stage dates) already planned in [lo, hi], the latest such:
// one meeting for the siblings, on one day and at one time, as IROs
// commonly hold siblings' reviews in one placement (issue 12: siblings share
// their stage dates; a review a day apart made their stage tables differ).
// Holding a review earlier than due is always allowed (CPPCR 2010 reg
// 33(2): "not more than"), and from then on the siblings' cycles are one.
func (p *Planner) joinSiblingReview(lp *linkPlan, d *diary, lo, hi linkmatch.Date, note string) (linkmatch.Date, bool) {
	var best *row
	for _, sib := range lp.siblings {
		for i := range sib.rows {
			r := &sib.rows[i]
			if r.Kind == linkmatch.KindReview && r.Date >= lo && r.Date <= hi && (best == nil || r.Date > best.Date) {
				best = r
			}
		}
	}
	if best == nil {
		return 0, false
	}
	s := slot{best.Date, best.EndDate, best.Start, best.End}
	n := needs{child: true, work: true} // the carer's time is booked by the sibling's review
	if !p.fits(party{lp}, d, s, n) {
		return 0, false
	}
	if strings.Contains(best.Notes, writtenReport) {
		note += "; " + writtenReport
	}
	si := lp.stageAt(s.date)
	party{lp}.add(d, s, n, rowSpec{kind: linkmatch.KindReview, stage: si, seg: lp.segAt(s.date), pat: patStatutory, stageName: p.tmpl.Stages[si].Name,
		location: lp.where(s.date), activity: "looked-after review", note: note + "; held together with the sibling's review"})
	return s.date, true
}

// flagStayingPut notes on every new looked-after review from the 16th
// birthday to the 18th that the review plans for the young person's 18th
// birthday: the first such review considers Staying Put (Children Act 1989
// s.23CZA, inserted by the Children and Families Act 2014 s.98: a young
// person in foster care may stay with their foster carer after 18) and the
// pathway plan for leaving care (Care Leavers (England) Regulations 2010;
// CPPCR 2010 Part 7), and the later ones keep that plan under review. A
// kept review may already have been the first. The notes are plain words
// for social workers; the sources stay here.
func (p *Planner) flagStayingPut(lp *linkPlan, reviews []linkmatch.Date) {
	b16 := linkmatch.Birthday(lp.in.Child.DateOfBirth, stayingPutAge)
	first, ok := linkmatch.Date(0), false
	for _, r := range reviews {
		if r >= b16 && (!ok || r < first) {
			first, ok = r, true
		}
	}
	if !ok {
		return
	}
	later := "planning for 18: Staying Put with the foster family, or leaving-care support, and the pathway plan"
	firstNote := "first review since the 16th birthday: plan for 18 — can the young person stay put with their foster family after 18 (Staying Put), or what leaving-care support and pathway plan do they need?"
	if lp.in.Child.StayingPut {
		later = "planning for 18: the agreed Staying Put arrangement and the pathway plan"
		firstNote = "first review since the 16th birthday: plan for 18 — Staying Put is agreed (the young person stays with their foster family after 18); start the pathway plan"
	}
	for i := range lp.rows {
		r := &lp.rows[i]
		if r.Kind != linkmatch.KindReview || r.Date < b16 || r.Date >= lp.eighteen {
			continue
		}
		if r.Date == first {
			r.Notes += "; " + firstNote
		} else {
			r.Notes += "; " + later
		}
	}
}

// firstIn returns the first date in ds within [lo, hi].
func firstIn(ds []linkmatch.Date, lo, hi linkmatch.Date) (linkmatch.Date, bool) {
	best, ok := linkmatch.Date(0), false
	for _, x := range ds {
		if x >= lo && x <= hi && (!ok || x < best) {
			best, ok = x, true
		}
	}
	return best, ok
}

// planVisits places the social worker's visits to the child in the new
// placement: within a week of the move, then at most every six weeks
// (reg 28(2)(a)–(b)). Visits before the move belong to the residential
// placement's own cycle, which linkmatch does not know, and are not planned.
func (p *Planner) planVisits(lp *linkPlan, d *diary) {
	var held []linkmatch.Date
	for _, r := range lp.kept {
		if r.Kind == linkmatch.KindVisit {
			held = append(held, r.Date)
		}
	}
	anchor, due := lp.move, lp.move.AddDays(firstVisitDays)
	note := "social worker's visit within a week of the move (CPPCR 2010 reg 28(2)(a))"
	if lp.move < lp.history && len(held) == 0 {
		// A link under way: the visits since the move are not known.
		anchor, due = lp.history, lp.history.AddDays(firstVisitDays)
		note = "social worker's visit: no visit since the move is known, so one is planned within a week (CPPCR 2010 reg 28(2)(b))"
	}
	// The first visit is planned even when its week runs past the 18th
	// birthday (a move days before 18): by the day before it.
	for first := true; due < lp.careEnds() || first && anchor < lp.careEnds(); first = false {
		due = min(due, lp.careEnds().AddDays(-1))
		lo := anchor.AddDays(1)
		if first {
			lo = anchor // the move day itself counts
		}
		if h, ok := firstIn(held, lo, max(due, lp.lower.AddDays(-1))); ok {
			anchor, due = h, h.AddDays(visitDays)
		} else {
			day, ok := p.placeVisit(lp, d, first, anchor, due, note)
			if !ok {
				return
			}
			anchor, due = day, day.AddDays(visitDays)
		}
		note = "social worker's visit, at most 6 weeks after the last (CPPCR 2010 reg 28(2)(b))"
	}
}

// placeVisit places a visit in (anchor, due]: the first visit as early as
// possible, later ones as late as possible, keeping the intervals long.
func (p *Planner) placeVisit(lp *linkPlan, d *diary, first bool, anchor, due linkmatch.Date, note string) (linkmatch.Date, bool) {
	n := needs{child: true, work: true}
	try := func(day linkmatch.Date, note string) bool {
		s := slot{day, day, visitStart, visitEnd}
		if p.cal.Weekend(day) || !p.fits(party{lp}, d, s, n) {
			return false
		}
		si := lp.stageAt(day)
		party{lp}.add(d, s, n, rowSpec{kind: linkmatch.KindVisit, stage: si, seg: lp.segAt(day), pat: patStatutory, stageName: p.tmpl.Stages[si].Name,
			location: locLongTerm, activity: "social worker's visit", note: note})
		return true
	}
	if first {
		// reg 28(2)(a): as soon as possible; the move day itself counts.
		for day := max(anchor, lp.lower); day <= due; day++ {
			if try(day, note) {
				return day, true
			}
		}
	} else {
		for day := due; day >= max(anchor.AddDays(1), lp.lower); day-- {
			if try(day, note) {
				return day, true
			}
		}
	}
	// No slot in time (or the due date is already past when re-planning):
	// the first possible day, marked late.
	late := fmt.Sprintf("%s; late: due by %s", note, due)
	for day := max(due.AddDays(1), lp.lower); day < lp.careEnds(); day++ {
		if try(day, late) {
			return day, true
		}
	}
	return 0, false
}

// planEnding plans the end of a link on horizon-1 (seed 001 §6): placement
// support meetings first, to keep the link going where possible, then 28
// days' notice, and the last day.
func (p *Planner) planEnding(lp *linkPlan, d *diary) {
	end := lp.horizon.AddDays(-1)
	if !lp.ends || lp.keptHas(end, linkmatch.KindMilestone, linkmatch.ActivityLinkEnds) {
		return
	}
	notice := end.AddDays(-noticeDays)
	stage := func(day linkmatch.Date) (int, string) {
		i := lp.stageAt(day)
		return i, p.tmpl.Stages[i].Name
	}
	segAt := lp.segAt
	// The support meeting, in the four weeks before notice, as late as possible.
	n := needs{carer: true, work: true}
	placed := false
	// A short-breaks carer's meeting is in the times they offer where it
	// can be, as the agreement meeting is (gateTimes): an --end of a
	// Family Link link booked it at 10:00 on a weekday for a carer who
	// offers weekends and evenings, and VerifyBreaks refused the plan.
	try := func(day linkmatch.Date, gt gateTime, note string) bool {
		s, ok := meetingSlot(p.cal, day, gt.start, gt.end)
		if !ok || gt.carerTime && !p.carerAvailable(lp.avail, s) || !p.fits(party{lp}, d, s, n) {
			return false
		}
		si, name := stage(day)
		party{lp}.add(d, s, n, rowSpec{kind: linkmatch.KindMeeting, stage: si, seg: segAt(day), pat: patStatutory, stageName: name,
			location: lp.where(day), activity: "placement support meeting", note: joinNote(note, gt.note)})
		return true
	}
	const before = "before notice is given: can the link continue?"
	for _, gt := range p.gateTimes(lp, &Pattern{Start: reviewStart, End: reviewEnd}) {
		for day := notice.AddDays(-1); day >= max(notice.AddDays(-supportMeetingLeadDays), lp.lower) && !placed; day-- {
			placed = try(day, gt, before)
		}
		for day := max(notice, lp.lower); day <= end && !placed; day++ {
			placed = try(day, gt, "later than expected: support meetings come before notice is given")
		}
	}
	noteNotice := "28 days' notice that the link will end"
	if notice < lp.lower {
		n := lp.lower.DaysUntil(end)
		noteNotice = fmt.Sprintf("notice that the link will end: %d %s, short of the usual 28", n, plural(n, "day", "days"))
		notice = lp.lower
	}
	si, name := stage(notice)
	party{lp}.add(d, slot{notice, notice, 9 * 60, 9 * 60}, needs{}, rowSpec{kind: linkmatch.KindMilestone, stage: si, seg: segAt(notice), pat: patStatutory,
		stageName: name, location: lp.where(notice), activity: linkmatch.ActivityNotice, note: noteNotice})
	si, name = stage(end)
	party{lp}.add(d, slot{end, end, 17 * 60, 17 * 60}, needs{}, rowSpec{kind: linkmatch.KindMilestone, stage: si, seg: segAt(end), pat: patStatutory,
		stageName: name, location: lp.where(end), activity: linkmatch.ActivityLinkEnds,
		note: "the carer keeps caring for the child until arrangements are made in the child's best interest"})
}

// careEnds is the day the child stops being looked after: the 18th
// birthday, or the end of the plan if that is sooner. Looked-after reviews
// and social-worker visits stop then (Children Act 1989 s.105: a child is
// under 18).
func (lp *linkPlan) careEnds() linkmatch.Date { return min(lp.horizon, lp.eighteen) }

// where is where the child lives on day: the residential home before the
// move, the long-term carer's home from it.
func (lp *linkPlan) where(day linkmatch.Date) string {
	if lp.atHome {
		return locFamily
	}
	if day < lp.move {
		return locHome
	}
	return locLongTerm
}
