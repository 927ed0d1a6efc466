package plan

import (
	"fmt"
	"slices"

	"github.com/linkmatch/linkmatch"
)

// checkProvisional warns of a link whose carer is still in assessment
// (any scheme), and adds the short-breaks checks of a short-breaks plan.
func (p *Planner) checkProvisional(lp *linkPlan, d *diary, all []*linkPlan) []Warning {
	var out []Warning
	if c := &lp.in.Carer; c.Provisional() && lp.seg.start[0] >= lp.lower && lp.seg.start[0] < lp.horizon {
		out = append(out, Warning{LinkID: lp.in.Link.ID, ChildID: lp.in.Child.ID, CarerID: lp.in.Carer.ID,
			Stage: p.tmpl.Stages[0].Name, Problem: ProblemProvisional, What: "the carer's approval",
			From: lp.seg.start[0], To: lp.horizon.AddDays(-1),
			Why: fmt.Sprintf("the carer is still being assessed: the link is provisional, and nothing is planned with the child before the panel's expected approval on %s", c.ApprovalExpected)})
	}
	if lp.atHome {
		out = append(out, p.checkBreaks(lp, d, all)...)
	}
	return out
}

// checkBreaks lists the ways a short-breaks plan falls short (issue 17): a
// month with fewer breaks of a kind than the written agreement sets, a
// child who has not met the carer in Introductions (so no overnight is
// planned), and breaks with one carer adding up to more than 75 days in
// some 12 months (regulation 48).
func (p *Planner) checkBreaks(lp *linkPlan, d *diary, all []*linkPlan) []Warning {
	var out []Warning
	warn := func(stage string, pr Problem, what string, short int, unit string, from, to linkmatch.Date, why string) {
		out = append(out, Warning{LinkID: lp.in.Link.ID, ChildID: lp.in.Child.ID, CarerID: lp.in.Carer.ID,
			Stage: stage, Problem: pr, What: what, Short: short, Unit: unit, From: from, To: to, Why: why})
	}
	si := p.tmpl.AgreedStage()
	if si < 0 {
		return nil
	}
	met := p.metOn(lp)
	intro := p.tmpl.Stages[0].Name
	if met == 0 && lp.seg.start[0] >= lp.lower && lp.seg.start[si] <= lp.horizon {
		var pats []*Pattern
		for i := range si {
			for j := range p.tmpl.Stages[i].Sessions {
				pat := &p.tmpl.Stages[i].Sessions[j]
				if pat.Kind.Paid() {
					pats = append(pats, pat, pat.Fallback)
				}
			}
		}
		warn(intro, ProblemNoIntroductions, "meeting the carer before the agreed breaks", 0, "", lp.seg.start[0], lp.seg.start[si].AddDays(-1),
			"the child has no session with the carer in Introductions, so no overnight stay is planned until they have met: "+
				p.why(lp, d, all, pats, max(lp.seg.start[0], lp.lower), min(lp.seg.start[si], lp.horizon)))
	}

	// Children's short breaks end at 18 (Children Act 1989 s.17 and s.105:
	// a child is under 18); the young person's breaks with this carer end
	// the day before, so the transition to adult services must be planned.
	if lp.cutAt18 && lp.eighteen >= lp.lower && lp.eighteen > lp.seg.start[0] {
		last := lp.eighteen.AddDays(-1)
		warn(p.tmpl.Stages[lp.stageAt(last)].Name, ProblemEndsAt18, "short breaks as a child", 0, "", last, last,
			fmt.Sprintf("the young person turns 18 on %s: children's short breaks end on %s, so this agreement ends then; plan the transition to adult services (a needs assessment under the Care Act 2014) well before", lp.eighteen, last))
	}

	if w, ok := p.introBeyondOffer(lp, si); ok {
		out = append(out, w)
	}

	ab := p.agreement(lp)
	st := &p.tmpl.Stages[si]
	from, end := lp.seg.start[si], min(lp.seg.start[si+1], lp.horizon)
	for month := monthStart(from); month < end; month = month.AddMonths(1) {
		lo, hi := max(month, from), min(month.AddMonths(1), end)
		for k, b := range ab {
			want := monthWant(b.perMonth, month, lo, hi)
			got := lp.breaksIn(k, lo, hi)
			if got >= want {
				continue
			}
			changed := lp.recordedChanges(k, lo, hi)
			if hi <= lp.lower && changed == "" {
				continue // the past, kept as it was
			}
			var reason string
			whyFrom := max(lo, lp.lower)
			switch {
			case hi <= lp.lower:
				reason = "recorded: " + changed + " (the month is past, so nothing can be planned in its place)"
			case b.kind.StayNights() > 0 && met == 0:
				reason = "the child has not met the carer in Introductions, and a stay comes only after they have"
			case b.kind.StayNights() > 0 && met >= hi:
				reason = fmt.Sprintf("Introductions end on %s, and a stay comes only after the child has met the carer", met.AddDays(-1))
			default:
				if b.kind.StayNights() > 0 {
					whyFrom = max(whyFrom, met)
				}
				reason = p.why(lp, d, all, []*Pattern{&b.kind.Pattern, b.kind.Fallback}, whyFrom, hi)
			}
			if changed != "" && hi > lp.lower {
				reason = "recorded: " + changed + "; and " + reason
			}
			y, m, _ := month.Civil()
			warn(st.Name, ProblemAgreementShort, b.kind.Activity, want-got, "sessions", lo, hi.AddDays(-1),
				fmt.Sprintf("%d of %d agreed %s breaks planned in %s %d: %s", got, want, PlainKind(b.kind.Name), m, y, reason))
		}
	}

	out = append(out, p.staysClose(lp, all)...)
	out = append(out, p.visitsMissed(lp)...)
	for _, l := range lp.lateVisits {
		warn(st.Name, ProblemVisitLate, "social worker's visit", 1, "visits", l.due, l.on,
			fmt.Sprintf("the social worker's visit was due by %s (CPPCR 2010 reg 48(3)(c): at a break, within 3 months of the first, then at most 6 months apart), and the child has no break from %s to then: it is planned at the break on %s; visit the child at home in time, or agree an earlier break", l.due, l.from, l.on))
	}

	if w, ok := p.over75(lp); ok {
		w.LinkID, w.ChildID, w.CarerID = lp.in.Link.ID, lp.in.Child.ID, lp.in.Carer.ID
		w.Stage = st.Name
		out = append(out, w)
	}
	return out
}

// BreakDays returns the calendar days a link's breaks touch, sorted and
// each once: the days regulation 48 counts (a one-night stay touches two
// days). Counting every day with any time away with the carer, not only
// nights, is the cautious reading of "75 days in total"; a session at the
// family home (the first introduction) is not a break away from it.
func BreakDays(sessions []linkmatch.Session) []linkmatch.Date {
	var days []linkmatch.Date
	for i := range sessions {
		s := &sessions[i]
		if !s.Kind.WithChild() || s.Location == locFamily {
			continue
		}
		for d := s.Date; d <= s.EndDate; d++ {
			days = append(days, d)
		}
	}
	slices.Sort(days)
	return slices.Compact(days)
}

// Over75Days returns the first period of 12 months, from a day with a
// break, in which days (sorted, each once, as BreakDays gives) number more
// than regulation 48's 75, and how many they are; ok is false when there is
// none.
func Over75Days(days []linkmatch.Date) (from, to linkmatch.Date, n int, ok bool) {
	j := 0
	for i, d := range days {
		end := d.AddMonths(12)
		for j < len(days) && days[j] < end {
			j++
		}
		if j-i > reg48MaxDays {
			return d, end.AddDays(-1), j - i, true
		}
	}
	return 0, 0, 0, false
}

// over75 checks the link's days with the child against regulation 48's 75
// days in any 12 months.
func (p *Planner) over75(lp *linkPlan) (Warning, bool) {
	var ss []linkmatch.Session
	for _, rows := range [][]row{lp.kept, lp.rows} {
		for i := range rows {
			ss = append(ss, rows[i].Session)
		}
	}
	from, to, n, ok := Over75Days(BreakDays(ss))
	if !ok {
		return Warning{}, false
	}
	return Warning{Problem: ProblemOver75Days, What: "days of short breaks with this carer", Short: n - reg48MaxDays, Unit: "days", From: from, To: to,
		Why: fmt.Sprintf("%d days with the carer in the 12 months from %s, more than the 75 in any 12 months that short breaks may add up to (CPPCR 2010 reg 48(2)): "+
			"beyond that the child would be looked after under the full care-planning rules; agree fewer breaks, or plan for that", n, from)}, true
}

// introBeyondOffer warns when a link's Introductions hold more sessions
// than the carer offers in that time: the carer's sessions a month, pro
// rata over the days of Introductions (rounded). Introductions come on top
// of the agreed breaks the carer offers (offerUsed counts them against the
// week only), so a carer who offers two sessions a month may be asked for
// four or five in the first month; seed 002 leaves how much they do to the
// carer, so the coordinator checks with them (issue 17).
func (p *Planner) introBeyondOffer(lp *linkPlan, si int) (Warning, bool) {
	spm := lp.in.Carer.Offer.SessionsPerMonth
	from, to := lp.seg.start[0], lp.seg.start[si]
	if spm == 0 || to <= lp.lower || from >= lp.horizon {
		return Warning{}, false
	}
	n := 0
	var last linkmatch.Date
	for _, rows := range [][]row{lp.kept, lp.rows} {
		for i := range rows {
			if r := &rows[i]; r.stage < si && r.Kind.Paid() {
				n++
				last = max(last, r.Date)
			}
		}
	}
	days := int(to - from)
	offered := (days*spm + 15) / 30
	if n <= offered {
		return Warning{}, false
	}
	return Warning{LinkID: lp.in.Link.ID, ChildID: lp.in.Child.ID, CarerID: lp.in.Carer.ID, Stage: p.tmpl.Stages[0].Name,
		Problem: ProblemIntroductionsBeyondOffer, What: "introductory sessions", Short: n - offered, Unit: "sessions", From: from, To: max(last, to.AddDays(-1)),
		Why: fmt.Sprintf("Introductions plan %d sessions with the child in %d days; the carer offers %d sessions a month (about %d in that time), and Introductions come on top of their agreed breaks: "+
			"check the carer can give them, or lengthen Introductions (the template's weeks)", n, days, spm, offered)}, true
}

// staysClose warns of each of the link's planned stays that starts fewer
// than the template's min_stay_gap_days after the end of another of the
// child's stays, with this carer or another (issue 17: stays on
// consecutive weekends). The planner keeps the gap wherever it can and
// breaks it only to keep the written agreement's number of stays.
func (p *Planner) staysClose(lp *linkPlan, all []*linkPlan) []Warning {
	gap := p.tmpl.MinStayGapDays
	if gap <= 0 {
		return nil
	}
	type stay struct{ from, to linkmatch.Date }
	var mine, child []stay
	for _, o := range all {
		if o.child != lp.child {
			continue
		}
		for _, rows := range [][]row{o.kept, o.rows} {
			for i := range rows {
				r := &rows[i]
				s, ok := r.Occurs() // where a recorded stay happened
				if r.pat <= patBreak0 && ok && s.EndDate > s.Date {
					child = append(child, stay{s.Date, s.EndDate})
					if o == lp {
						mine = append(mine, stay{s.Date, s.EndDate})
					}
				}
			}
		}
	}
	n, closest := 0, gap
	var first, last linkmatch.Date
	for _, s := range mine {
		if s.from < lp.lower {
			continue
		}
		for _, o := range child {
			if o.from < s.from && int(s.from-o.to) < gap {
				if n == 0 {
					first = s.from
				}
				n, last, closest = n+1, s.from, min(closest, int(s.from-o.to))
				break
			}
		}
	}
	if n == 0 {
		return nil
	}
	when := fmt.Sprintf("between %s and %s", first, last)
	if first == last {
		when = "on " + first.String()
	}
	return []Warning{{LinkID: lp.in.Link.ID, ChildID: lp.in.Child.ID, CarerID: lp.in.Carer.ID,
		Stage: p.tmpl.Stages[p.tmpl.AgreedStage()].Name, Problem: ProblemStaysClose, What: "stays starting soon after another",
		Short: n, Unit: "stays", From: first, To: last,
		Why: fmt.Sprintf("%s fewer than %d days after the end of the child's previous stay (min_stay_gap_days; the closest %s; %s): "+
			"the month's agreed stays would not fit otherwise; agree it with the family, or agree fewer stays", fmt.Sprintf("%d %s", n, plural(n, "stay starts", "stays start")), gap, fmt.Sprintf("%d %s", closest, plural(closest, "day", "days")), when)}}
}

// visitsMissed warns of each social worker's visit of regulation 48 that
// the actuals record as cancelled, or moved with no new date (issue 17): a
// statutory visit missed. The re-plan plans one again at a later break
// (planVisits48); the warning says when, or that none could be planned.
func (p *Planner) visitsMissed(lp *linkPlan) []Warning {
	var held []linkmatch.Date
	for _, rows := range [][]row{lp.kept, lp.rows} {
		for i := range rows {
			if r := &rows[i]; r.Kind == linkmatch.KindVisit {
				if s, ok := r.Occurs(); ok {
					held = append(held, s.Date)
				}
			}
		}
	}
	slices.Sort(held)
	var out []Warning
	for i := range lp.kept {
		r := &lp.kept[i]
		if r.Kind != linkmatch.KindVisit {
			continue
		}
		if _, ok := r.Occurs(); ok {
			continue
		}
		what := "cancelled"
		if r.Status == linkmatch.StatusMoved {
			what = "moved with no new date"
		}
		next := "no later visit is planned: the child has no break before the plan ends, so arrange one with the family"
		to := r.Date
		if j, _ := slices.BinarySearch(held, r.Date.AddDays(1)); j < len(held) {
			to = held[j]
			next = fmt.Sprintf("the next is planned at the break on %s", held[j])
		}
		out = append(out, Warning{LinkID: lp.in.Link.ID, ChildID: lp.in.Child.ID, CarerID: lp.in.Carer.ID,
			Stage: r.Stage, Problem: ProblemVisitMissed, What: "social worker's visit", Short: 1, Unit: "visits", From: r.Date, To: to,
			Why: fmt.Sprintf("the social worker's visit on %s is recorded %s (CPPCR 2010 reg 48(3)(c): visits on days the child is at a break, at most 6 months apart); %s", r.Date, what, next)})
	}
	return out
}
