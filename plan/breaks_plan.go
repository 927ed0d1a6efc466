package plan

import (
	"cmp"
	"fmt"
	"slices"
	"strings"

	"github.com/linkmatch/linkmatch"
)

// This file plans the agreed stage of a short-breaks template (seed 002):
// each link's written agreement, month by month. Introductions are planned
// like any stage (schedule_stages.go); the agreed breaks come after them,
// fallbacks included, so that an overnight is never planned before the
// child has met the carer.

// patBreak0 marks the rows of agreed breaks: a row of the link's k-th agreed
// break has pat = patBreak0 - k. Like patGate and patStatutory it is
// negative, so the pattern counts of the stages never see it.
const patBreak0 = -10

// staggerDays: a short-breaks carer with several new links meets one new
// family at a time — each further link's Introductions start two weeks
// after the one before (in link id order) — so a carer who offers a few
// sessions a week is not asked for everyone's introductions at once. A
// practice judgement; two weeks is half the default Introductions.
const staggerDays = 14

// firstDays returns, for each link (indexes of links, planned in order),
// the first day of its plan: the plan start, or the expected approval of a
// carer still in assessment (issue 17: the link's first session comes
// after approval); under a short-breaks template, a carer's k-th link
// starts k × staggerDays later, and for a carer who offers at most one
// session a week, once the link before has finished its Introductions:
// two links' Introductions in the same weeks cannot both have that one
// session, and the second child never met the carer (a README-only
// tester's generate --scheme short_breaks --children 60 --carers 120
// --seed 2: L-C00014-K00071 had no Introductions and no break all year,
// though the carer was free from March). The days follow from the links
// alone, so a re-plan lays every link out as the first plan did.
func (p *Planner) firstDays(links []PlanInput, order []int) []linkmatch.Date {
	out := make([]linkmatch.Date, len(links))
	seen := map[string]int{}
	introsEnd := map[string]linkmatch.Date{}
	agreed := p.tmpl.AgreedStage()
	for _, i := range order {
		c := &links[i].Carer
		out[i] = c.FirstDay(p.linkStart)
		if p.tmpl.Scheme != linkmatch.SchemeShortBreaks {
			continue
		}
		out[i] = out[i].AddDays(staggerDays * seen[c.ID])
		seen[c.ID]++
		if c.Offer.MostPerWeek == 1 && agreed > 0 {
			out[i] = max(out[i], introsEnd[c.ID])
			introsEnd[c.ID] = p.baseSegments(&links[i], out[i]).start[agreed]
		}
	}
	return out
}

// agreedBreak is one line of a link's written agreement: PerMonth breaks of
// a kind the template offers.
type agreedBreak struct {
	kind     *BreakKind
	perMonth int
}

// agreement returns the link's agreed breaks: PlanInput.Breaks, or the
// child's assessed breaks, each matched to the template's kind (a kind the
// template does not offer is left out; package scenarios refuses it as bad
// input). The order is the agreement's.
func (p *Planner) agreement(lp *linkPlan) []agreedBreak {
	bs := lp.in.Breaks
	if bs == nil {
		bs = lp.in.Child.Breaks
	}
	var out []agreedBreak
	for _, b := range bs {
		if k := p.tmpl.Break(b.Kind); k != nil && b.PerMonth > 0 {
			out = append(out, agreedBreak{kind: k, perMonth: b.PerMonth})
		}
	}
	return out
}

// placingOrder returns the agreement's indexes, the longest breaks first
// (stays before days before evenings; stable), so a stay chooses its
// weekend before an after-school tea takes a day of it.
func placingOrder(ab []agreedBreak) []int {
	out := make([]int, len(ab))
	for i := range out {
		out[i] = i
	}
	length := func(k *BreakKind) int {
		return k.StayNights()*int(minutesPerDay) + int(k.End) - int(k.Start)
	}
	slices.SortStableFunc(out, func(a, b int) int { return cmp.Compare(length(ab[b].kind), length(ab[a].kind)) })
	return out
}

// monthWant is how many breaks of an agreed PerMonth the days [lo, hi) of
// the calendar month starting on month should hold: all of them for a whole
// month, and the share of the days rounded half up for a month the agreed
// stage only partly covers (the month Introductions end, and the last).
func monthWant(perMonth int, month, lo, hi linkmatch.Date) int {
	days := int(month.AddMonths(1) - month)
	covered := int(hi - lo)
	if covered >= days {
		return perMonth
	}
	return (2*perMonth*covered + days) / (2 * days)
}

// monthStart returns the first day of d's calendar month.
func monthStart(d linkmatch.Date) linkmatch.Date {
	y, m, _ := d.Civil()
	return linkmatch.DateOf(y, m, 1)
}

// metOn returns the first day an overnight break may start: the day after
// the end of the link's last session with the child in the stages before
// the agreed one (Introductions), kept rows included; zero when the child
// has had none, and then no overnight is planned (issue 17: a link must
// never begin with an overnight before the child has met the carer).
func (p *Planner) metOn(lp *linkPlan) linkmatch.Date {
	agreed := p.tmpl.AgreedStage()
	var last linkmatch.Date
	for _, rows := range [][]row{lp.kept, lp.rows} {
		for i := range rows {
			r := &rows[i]
			if r.stage < agreed && r.Kind.WithChild() {
				last = max(last, r.EndDate)
			}
		}
	}
	if last == 0 {
		return 0
	}
	return last.AddDays(1)
}

// planAgreed places the link's written agreement in the agreed stage: for
// each calendar month, each kind's agreed number of breaks (monthWant),
// spread through the month — the k-th of n breaks first tried in the k-th
// n-th of the month, then anywhere in it, then in the kind's fallback
// window. Breaks kept from an earlier plan count. A month left short is
// reported by checkBreaks with the reason.
func (p *Planner) planAgreed(lp *linkPlan, d *diary) {
	si := p.tmpl.AgreedStage()
	if si < 0 {
		return
	}
	ab := p.agreement(lp)
	from, end := lp.seg.start[si], min(lp.seg.start[si+1], lp.horizon)
	met := p.metOn(lp)
	st := &p.tmpl.Stages[si]
	var buf []slot
	for month := monthStart(from); month < end; month = month.AddMonths(1) {
		lo, hi := max(month, from), min(month.AddMonths(1), end)
		for _, k := range placingOrder(ab) {
			b := ab[k]
			need := monthWant(b.perMonth, month, lo, hi) - lp.breaksIn(k, lo, hi)
			start := max(lo, lp.lower)
			if b.kind.StayNights() > 0 {
				if met == 0 {
					continue // no Introductions: checkBreaks says so
				}
				start = max(start, met)
			}
			spec := rowSpec{kind: b.kind.Kind, stage: si, seg: lp.segAt(start), pat: patBreak0 - k, stageName: st.Name,
				location: b.kind.Location, activity: b.kind.Activity, note: b.kind.Note}
			for i := range need {
				span := int(hi - start)
				if span <= 0 {
					break
				}
				segLo := start.AddDays(span * i / need)
				segHi := start.AddDays(span * (i + 1) / need)
				var ok bool
				// With no gap required (min_stay_gap_days = 0) stays still
				// keep a night at home between them where they can: a
				// tryout found a Friday overnight to Saturday 10:00 and a
				// weekend stay from Saturday 10:00 every month, one stay
				// shown as two, with no warning.
				gap := max(p.tmpl.MinStayGapDays, 1)
				for _, try := range [][2]linkmatch.Date{{segLo, segHi}, {start, hi}} {
					if buf, ok = p.placeBreak(lp, d, &b.kind.Pattern, try[0], try[1], end, gap, spec, buf); ok {
						break
					}
				}
				if !ok && b.kind.Fallback != nil {
					fb := spec
					fb.kind, fb.activity = b.kind.Fallback.Kind, b.kind.Fallback.Activity
					fb.note = joinNote(b.kind.Fallback.Note, "instead of "+b.kind.Activity+": "+p.insteadWhy(b.kind, start, hi))
					buf, ok = p.placeBreak(lp, d, b.kind.Fallback, start, hi, end, gap, fb, buf)
				}
				if !ok && b.kind.StayNights() > 0 {
					// The agreement comes first: a stay closer to another
					// than min_stay_gap_days, which checkBreaks warns of —
					// on another day than one ends if it can be (a tester
					// read a Friday overnight ending at 10:00 on Saturday
					// and a weekend stay starting then: one stay shown as
					// two, with a pointless handover), else even that.
					for _, g := range []int{1, 0} {
						if g >= gap {
							continue // tried above
						}
						if buf, ok = p.placeBreak(lp, d, &b.kind.Pattern, start, hi, end, g, spec, buf); ok {
							break
						}
					}
				}
			}
		}
	}
}

// insteadWhy says why a break of kind k falls back in days [from, to): no
// school for an after-school break (issue 17: the carer collects from
// school), else no free time.
func (p *Planner) insteadWhy(k *BreakKind, from, to linkmatch.Date) string {
	if k.Window == WindowAfterSchool {
		if h := p.cal.NoSchoolIn(from, to); h != "" {
			return "no school in " + h
		}
	}
	return "the carer has no free time for it this month"
}

// placeBreak places one break of pattern pat in days [from, to), ending
// before end: the first candidate slot, preferred days first, that fits,
// and, for a stay, at least gap days from the child's other stays
// (stayNear); whatever the gap, never making the child's nights away in a
// row more than the template's max_stay_nights (awayInRow).
func (p *Planner) placeBreak(lp *linkPlan, d *diary, pat *Pattern, from, to, end linkmatch.Date, gap int, spec rowSpec, buf []slot) ([]slot, bool) {
	n := needsOf(pat)
	buf = p.candidates(pat, from, to, buf)
	for _, s := range buf {
		if s.endDate >= end || lp.recordedAway(s) || !p.fits(party{lp}, d, s, n) {
			continue
		}
		if stay := s.endDate > s.date; stay && (gap > 0 && d.stayNear(lp.child, s, gap) || d.awayInRow(lp.child, s) > p.tmpl.MaxStayNights) {
			continue
		}
		party{lp}.add(d, s, n, spec)
		return buf, true
	}
	return buf, false
}

// recordedAway reports whether slot s overlaps the recorded time of one of
// the link's breaks that did not happen then: cancelled, or moved away (to
// a new date or still to be rearranged). A re-plan never books the link's
// break into a time recorded as given up (a tester's re-plan of the B&NES
// demo put C01's replacement tea at the very time of the cancelled one).
func (lp *linkPlan) recordedAway(s slot) bool {
	from, to := minuteOf(s.date, s.start), minuteOf(s.endDate, s.end)
	for i := range lp.kept {
		r := &lp.kept[i]
		if r.pat > patBreak0 || r.Status != linkmatch.StatusCancelled && r.Status != linkmatch.StatusMoved {
			continue
		}
		if minuteOf(r.Date, r.Start) < to && from < minuteOf(r.EndDate, r.End) {
			return true
		}
	}
	return false
}

// minuteOf is the minutes from the epoch to clock c on day d.
func minuteOf(d linkmatch.Date, c linkmatch.Clock) int64 {
	return int64(d)*int64(minutesPerDay) + int64(c)
}

// breaksIn counts the link's breaks of its k-th agreed kind that start in
// days [lo, hi), kept rows included where they happen: a recorded break
// cancelled, or moved with no new date, does not count, and one moved
// counts on its new day (issue 17: a month whose breaks were cancelled
// still counted as kept).
func (lp *linkPlan) breaksIn(k int, lo, hi linkmatch.Date) int {
	n := 0
	for _, rows := range [][]row{lp.kept, lp.rows} {
		for i := range rows {
			r := &rows[i]
			if r.pat != patBreak0-k {
				continue
			}
			if s, ok := r.Occurs(); ok && s.Date >= lo && s.Date < hi {
				n++
			}
		}
	}
	return n
}

// recordedChanges says, in plain words, which of the link's recorded
// breaks of its k-th agreed kind planned in days [lo, hi) did not happen
// there: "1 cancelled, 1 moved to 2027-04-02"; "" when none.
func (lp *linkPlan) recordedChanges(k int, lo, hi linkmatch.Date) string {
	cancelled := 0
	var moved []string
	for i := range lp.kept {
		r := &lp.kept[i]
		if r.pat != patBreak0-k || r.Date < lo || r.Date >= hi {
			continue
		}
		s, ok := r.Occurs()
		switch {
		case !ok && r.Status == linkmatch.StatusCancelled:
			cancelled++
		case !ok:
			moved = append(moved, "moved, no new date yet")
		case s.Date < lo || s.Date >= hi:
			moved = append(moved, "moved to "+s.Date.String())
		}
	}
	var parts []string
	if cancelled > 0 {
		parts = append(parts, fmt.Sprintf("%d cancelled", cancelled))
	}
	parts = append(parts, moved...)
	return strings.Join(parts, ", ")
}

// noSchool reports whether the n days from d have no school.
func (p *Planner) noSchool(d linkmatch.Date, n int) bool {
	for i := range n {
		if p.cal.SchoolDay(d.AddDays(i)) {
			return false
		}
	}
	return true
}

// offerUsed says, in plain words, which part of the carer's offer (seed
// 002: each carer decides how much they do) a session at s would exceed:
// their most sessions in a week (Monday to Sunday), their sessions a month
// or their nights a month, counted over all the carer's linked children.
// Introductions are extra to the agreed breaks the carer offers a month
// (matching gave those sessions to the agreements), so they count only
// against the week. It returns "" when s fits the offer, or the carer gave
// no offer.
func (p *Planner) offerUsed(lp *linkPlan, d *diary, s slot) string {
	o := lp.in.Carer.Offer
	if o.SessionsPerMonth == 0 && o.MostPerWeek == 0 && o.OvernightsPerMonth == 0 {
		return "" // no offer given: only the diary limits the carer
	}
	list := d.carer[lp.carer]
	if o.MostPerWeek > 0 {
		ws := s.date.AddDays(-((int(s.date.Weekday()) + 6) % 7))
		if n := d.paidInWeek(list, ws); n >= o.MostPerWeek {
			return fmt.Sprintf("the carer offers at most %d %s a week, and that week's are planned", o.MostPerWeek, plural(o.MostPerWeek, "session", "sessions"))
		}
	}
	month := monthStart(s.date)
	sessions, nights := d.paidStarting(list, month, month.AddMonths(1))
	intro := s.date < lp.seg.start[len(lp.seg.start)-2]
	if o.SessionsPerMonth > 0 && sessions >= o.SessionsPerMonth && !intro {
		return fmt.Sprintf("the carer offers %d %s a month, and that month's are planned", o.SessionsPerMonth, plural(o.SessionsPerMonth, "session", "sessions"))
	}
	if stay := int(s.endDate - s.date); stay > 0 && nights+stay > o.OvernightsPerMonth {
		return fmt.Sprintf("the carer offers %d %s a month, and that month's are planned", o.OvernightsPerMonth, plural(o.OvernightsPerMonth, "night", "nights"))
	}
	return ""
}

// paidInWeek counts the sessions with a child in list that start in the
// week from ws, Introductions included.
func (d *diary) paidInWeek(list []booking, ws linkmatch.Date) int {
	lo, hi := d.at(ws, 0), d.at(ws.AddDays(7), 0)
	n := 0
	d.overlapping(list, lo, hi, func(b booking) bool {
		if b.paid && b.from >= lo {
			n++
		}
		return true
	})
	return n
}

// paidStarting counts the agreed breaks in list that start in days [from,
// to) (Introductions left out), and the nights every session spans.
func (d *diary) paidStarting(list []booking, from, to linkmatch.Date) (sessions, nights int) {
	lo, hi := d.at(from, 0), d.at(to, 0)
	d.overlapping(list, lo, hi, func(b booking) bool {
		if b.paid && b.from >= lo {
			if !b.intro {
				sessions++
			}
			nights += int(b.to/int32(minutesPerDay) - b.from/int32(minutesPerDay))
		}
		return true
	})
	return sessions, nights
}

// approvalDay is the day a provisional link's carer is expected to be
// approved, the carer's approval_expected (or the plan's start, when that
// is past), and whether this plan shows it: a tester found a link whose
// Introductions waited for the carer's other link dated it then.
func (p *Planner) approvalDay(lp *linkPlan) (linkmatch.Date, bool) {
	c := &lp.in.Carer
	day := c.FirstDay(p.start)
	return day, c.Provisional() && day >= lp.lower && day < lp.horizon
}

// planProvisional marks the first day of a link with a carer still in
// assessment: nothing is planned with the child before the panel's
// expected approval (issue 17).
func (p *Planner) planProvisional(lp *linkPlan) {
	c := &lp.in.Carer
	first, ok := p.approvalDay(lp)
	if !ok {
		return
	}
	lp.rows = append(lp.rows, row{Session: linkmatch.Session{
		Date: first, Start: 9 * 60, EndDate: first, End: 9 * 60, Kind: linkmatch.KindMilestone,
		Stage: p.tmpl.Stages[0].Name, Location: lp.where(first),
		Activity: "the carer's approval is expected: the provisional link can begin",
		Notes:    fmt.Sprintf("the carer is still being assessed; nothing is planned with the child before the panel's expected approval on %s", c.ApprovalExpected),
	}, stage: 0, pat: patStatutory})
}

// Regulation 48 of the Care Planning, Placement and Case Review (England)
// Regulations 2010 (SI 2010/959), as amended — "Application of these
// Regulations with modifications to short breaks" — applies where a child
// not in care is placed "in a series of short-term placements with the same
// person" and the breaks "do not exceed 75 days in total in any period of
// 12 months". The revised text (legislation.gov.uk, amendment F1 to reg
// 48(2)(c)) no longer limits a single placement to 17 days. In place of
// reg 33 the child's case is reviewed within 3 months of the start of the
// first placement and then at intervals of not more than 6 months; in
// place of reg 28(2) the social worker visits the child "on days when C is
// in fact placed", at intervals agreed with the IRO and the parents and in
// any event first within 3 months of the first placement and then at most
// 6 months apart.
const (
	reg48MaxDays        = 75
	reg48FirstMonths    = 3
	reg48IntervalMonths = 6
	// reg48SettleDays: the first visit is planned at a break at least two
	// weeks after the first, once the child has had a break or two to
	// settle (a practice judgement within the three months).
	reg48SettleDays = 14
	// reg48VisitMinutes is how long a visit lasts and reg48VisitAfter how
	// long after the break starts it begins: the child has arrived.
	reg48VisitMinutes = 45
	reg48VisitAfter   = 60
)

// firstBreak returns the date of the link's first agreed break (kept rows
// included), or zero: the start of the first placement of regulation 48.
func (lp *linkPlan) firstBreak() linkmatch.Date {
	var first linkmatch.Date
	for _, rows := range [][]row{lp.kept, lp.rows} {
		for i := range rows {
			if r := &rows[i]; r.pat <= patBreak0 && (first == 0 || r.Date < first) {
				first = r.Date
			}
		}
	}
	return first
}

// planReviews48 places the reviews of regulation 48: within 3 months of the
// first break, then at most 6 months after the last, each as late as a
// working day allows (placeReview48), at the family home with the carer
// when they are free.
func (p *Planner) planReviews48(lp *linkPlan, d *diary) {
	first := lp.firstBreak()
	if first == 0 {
		return
	}
	anchor := first
	months := reg48FirstMonths
	note := "short breaks review, within 3 months of the first break (CPPCR 2010 reg 48(3), in place of reg 33)"
	for k := 0; k < 100; k++ {
		due := anchor.AddMonths(months)
		var held linkmatch.Date
		for _, r := range lp.kept {
			if r.Kind == linkmatch.KindReview && r.Date > anchor && r.Date <= due && (held == 0 || r.Date < held) {
				held = r.Date
			}
		}
		if held == 0 {
			if due >= lp.careEnds() {
				return
			}
			day, ok := p.placeReview48(lp, d, max(anchor.AddDays(1), due.AddDays(-reviewLeadDays)), due, note)
			if !ok {
				return
			}
			held = day
		}
		anchor, months = held, reg48IntervalMonths
		note = "short breaks review, at most 6 months after the last (CPPCR 2010 reg 48(3), in place of reg 33)"
	}
}

// placeReview48 places a review as late as possible in [lo, hi], else the
// first working day after hi; with the carer if they are free, otherwise
// without them (the carer sends a written report).
func (p *Planner) placeReview48(lp *linkPlan, d *diary, lo, hi linkmatch.Date, note string) (linkmatch.Date, bool) {
	lo = max(lo, lp.lower)
	latest := lp.careEnds().AddDays(-1)
	withCarer := needs{carer: true, work: true}
	for _, n := range []needs{withCarer, {work: true}} {
		text := note
		if n != withCarer {
			text += "; the carer sends a written report"
		}
		try := func(day linkmatch.Date) bool {
			s, ok := meetingSlot(p.cal, day, reviewStart, reviewEnd)
			if !ok || p.cal.ClosedBetween(day, day) || !p.fits(party{lp}, d, s, n) {
				return false
			}
			si := lp.stageAt(day)
			party{lp}.add(d, s, n, rowSpec{kind: linkmatch.KindReview, stage: si, seg: lp.segAt(day), pat: patStatutory, stageName: p.tmpl.Stages[si].Name,
				location: locFamily, activity: "short breaks review", note: text})
			return true
		}
		for day := min(hi, latest); day >= lo; day-- {
			if try(day) {
				return day, true
			}
		}
		for day := max(hi.AddDays(1), lp.lower); day <= latest; day++ {
			if try(day) {
				return day, true
			}
		}
	}
	return 0, false
}

// planVisits48 places the social worker's visits of regulation 48 on days
// the child is at a break: the first at a break between two weeks and 3
// months after the first break (else the first break after that), then at
// the latest break at most 6 months after the last visit. A visit takes
// nobody's diary time: it happens during the break, at the carer's.
func (p *Planner) planVisits48(lp *linkPlan, d *diary) {
	first := lp.firstBreak()
	if first == 0 {
		return
	}
	breaks, held := breaksAndVisits(lp)
	var visits []row
	lp.lateVisits = nil
	anchor, due := first, first.AddMonths(reg48FirstMonths)
	note := "social worker's visit during a break, within 3 months of the first (CPPCR 2010 reg 48(3)(c), in place of reg 28(2))"
	for firstVisit := true; due < lp.careEnds(); firstVisit = false {
		if h, ok := firstIn(held, anchor.AddDays(1), due); ok {
			anchor, due = h, h.AddMonths(reg48IntervalMonths)
			continue
		}
		pick, late := p.visitBreakInTime(lp, breaks, first, anchor, due, firstVisit)
		if pick == nil {
			pick, late = p.visitBreakLate(lp, breaks, first, anchor, due, firstVisit)
		}
		if pick == nil {
			break
		}
		start := min(pick.Start+reg48VisitAfter, minutesPerDay-1-reg48VisitMinutes)
		visits = append(visits, row{Session: linkmatch.Session{
			Date: pick.Date, Start: start, EndDate: pick.Date, End: start + reg48VisitMinutes,
			Kind: linkmatch.KindVisit, Stage: pick.Stage, Location: pick.Location,
			Activity: "social worker's visit", Notes: note + late,
		}, stage: pick.stage, seg: pick.seg, pat: patStatutory})
		anchor, due = pick.Date, pick.Date.AddMonths(reg48IntervalMonths)
		note = "social worker's visit during a break, at most 6 months after the last (CPPCR 2010 reg 48(3)(c), in place of reg 28(2))"
	}
	lp.rows = append(lp.rows, visits...)
}

// breaksAndVisits returns the link's breaks, kept and planned, in date
// order, and the days of the visits a re-plan kept that happen (a visit
// missed is planned again).
func breaksAndVisits(lp *linkPlan) (breaks []*row, held []linkmatch.Date) {
	for _, rows := range [][]row{lp.kept, lp.rows} {
		for i := range rows {
			r := &rows[i]
			switch {
			case r.pat <= patBreak0:
				breaks = append(breaks, r)
			case r.Kind == linkmatch.KindVisit:
				if s, ok := r.Occurs(); ok {
					held = append(held, s.Date)
				}
			}
		}
	}
	slices.SortFunc(breaks, func(a, b *row) int { return cmp.Compare(a.Date, b.Date) })
	return breaks, held
}

// visitBreakInTime picks the break for a visit due by due after anchor:
// for the first visit, the first break at least two weeks after the first
// break; for later ones, the latest in time, which keeps the visits far
// apart. A break on a working day comes first, else a weekend one (late
// says so); only when no break falls in time at all is the visit late
// (visitBreakLate). A tester found a visit 192 days after the first break,
// "late … no break before then", with seven weekend breaks before its due
// day: the late search ran before the weekend one.
func (p *Planner) visitBreakInTime(lp *linkPlan, breaks []*row, first, anchor, due linkmatch.Date, firstVisit bool) (pick *row, late string) {
	for _, working := range []bool{true, false} {
		for _, r := range breaks {
			switch {
			case r.Date < lp.lower || r.Date <= anchor && !firstVisit || working && !p.workingDay(r.Date):
			case firstVisit && r.Date >= first.AddDays(reg48SettleDays) && r.Date <= due && pick == nil:
				pick = r
			case !firstVisit && r.Date <= due:
				pick = r // the latest in time keeps the visits far apart
			}
		}
		if pick != nil {
			if !working {
				late = "; at a weekend: the child has no break on a working day in this time"
			}
			return pick, late
		}
	}
	return nil, ""
}

// visitBreakLate picks the first break after due for a visit no break
// falls in time for, records it in lp.lateVisits, and says why it is late.
func (p *Planner) visitBreakLate(lp *linkPlan, breaks []*row, first, anchor, due linkmatch.Date, firstVisit bool) (pick *row, late string) {
	from := max(anchor.AddDays(1), lp.lower)
	if firstVisit {
		from = max(first.AddDays(reg48SettleDays), lp.lower)
	}
	for _, r := range breaks {
		if r.Date > due && r.Date >= lp.lower {
			late = fmt.Sprintf("; late: due by %s, and there is no break from %s to then", due, from)
			lp.lateVisits = append(lp.lateVisits, lateVisit{on: r.Date, from: from, due: due})
			if !p.workingDay(r.Date) {
				late += "; not a working day: the child has no break on a working day from the due day to this one"
			}
			return r, late
		}
	}
	return nil, ""
}

// gateTime is a time a stage-gate meeting is tried at: start to end on a
// working day; carerTime asks that the carer offers the time
// (availability), and note is added to the meeting's row.
type gateTime struct {
	start, end linkmatch.Clock
	carerTime  bool
	note       string
}

// afterSchoolMeeting is the short-breaks agreement meeting's second
// choice, 16:00 to 17:00 on a working day: after school, still within the
// social worker's day, for a carer who offers only weekday evenings.
var afterSchoolMeeting = [2]linkmatch.Clock{16 * 60, 17 * 60}

// gateTimes returns the times a stage gate of lp is tried at, in order. A
// step-down gate is a professional meeting: the carer attends in working
// hours as part of the link role. A short-breaks agreement meeting is with
// a Family Link carer who decides how much they do (seed 002), so it is
// first tried at the template's time on a day the carer offers it, then
// after school (afterSchoolMeeting) when they offer that, and only then in
// working hours outside their offer, saying so on the row (issue 17: the
// meeting was booked at a time the carer never offered).
func (p *Planner) gateTimes(lp *linkPlan, g *Pattern) []gateTime {
	if !lp.atHome {
		return []gateTime{{start: g.Start, end: g.End}}
	}
	return []gateTime{
		{start: g.Start, end: g.End, carerTime: true},
		{start: afterSchoolMeeting[0], end: afterSchoolMeeting[1], carerTime: true},
		{start: g.Start, end: g.End, note: offTimesNote(lp)},
	}
}

// offTimesNote is the note of a session with the social worker planned on
// a working day outside the times lp's carer offers.
func offTimesNote(lp *linkPlan) string {
	return fmt.Sprintf("outside the times the carer offers (%s): the social worker meets on working days, so agree this time with the carer first",
		strings.Join(lp.avail.Words(), ", "))
}

// withSocialWorker reports whether a session of pattern pat is with the
// Family Link social worker: in short breaks, one at the family home
// (Introductions' first meeting, "with the Family Link social worker"),
// so only on a working day (workingDay).
func (p *Planner) withSocialWorker(pat *Pattern) bool {
	return p.tmpl.Scheme == linkmatch.SchemeShortBreaks && pat.Location == locFamily
}

// stayNear reports whether the child (diary index) has a stay, with any
// carer, ending fewer than gap days before s starts or starting fewer than
// gap days after s ends (days counted from the end day of one stay to the
// start day of the next: a Sunday end and the next Saturday are 6 days).
func (d *diary) stayNear(child uint32, s slot, gap int) bool {
	lo, hi := d.at(s.date.AddDays(1-gap), 0), d.at(s.endDate.AddDays(gap), 0)
	return !d.overlapping(d.child[child], lo, hi, func(b booking) bool {
		return !(b.paid && b.to/int32(minutesPerDay) > b.from/int32(minutesPerDay))
	})
}

// awayInRow is how many nights in a row the child (diary index) would be
// away if slot s, a stay, were booked: its own nights and those of the
// child's stays, with any carer, it runs into with no night at home
// between — one ending on the day s starts, one starting on the day s
// ends, and so on. Back-to-back stays are one stay to the child, so
// together they are held to max_stay_nights, the longest single stay
// (seed 002: overnight stays "for one night, a weekend or a few days").
func (d *diary) awayInRow(child uint32, s slot) int {
	list := d.child[child]
	nights := int(s.endDate - s.date)
	// stayOn finds the child's stay ending (ends) or starting (!ends) on
	// day, and returns its other end day.
	stayOn := func(day linkmatch.Date, ends bool) (linkmatch.Date, bool) {
		var other linkmatch.Date
		found := !d.overlapping(list, d.at(day, 0), d.at(day+1, 0), func(b booking) bool {
			from, to := d.dayOf(b.from), d.dayOf(b.to)
			if !b.paid || to <= from {
				return true
			}
			if ends && to == day && from < day {
				other = from
				return false
			}
			if !ends && from == day && to > day {
				other = to
				return false
			}
			return true
		})
		return other, found
	}
	for day, ok := stayOn(s.date, true); ok; day, ok = stayOn(day, true) {
		nights += int(s.date - day)
		s.date = day
	}
	for day, ok := stayOn(s.endDate, false); ok; day, ok = stayOn(day, false) {
		nights += int(day - s.endDate)
		s.endDate = day
	}
	return nights
}

// workingDay reports whether the social worker works on day: a weekday that
// is not a bank holiday nor a closed day. Regulation 48's visits are "on
// days when C is in fact placed"; they are made on working days wherever
// the child has a break on one (issue 17: visits fell on Saturdays).
func (p *Planner) workingDay(day linkmatch.Date) bool {
	return !p.cal.Weekend(day) && !p.cal.Closed(day)
}
