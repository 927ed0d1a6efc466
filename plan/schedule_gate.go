package plan

import (
	"fmt"
	"slices"

	"github.com/linkmatch/linkmatch"
)

// Readiness to move on (family-finder tryout, item 1): a step-down link
// whose child never met the carer must not run on to overnights and a move
// as if they had. Each stage before the move builds on the one before it
// (seed 001 §3: Building, then Developing, then Preparing, each ending in a
// stage-gate review), and the first stage is the introduction on home
// ground with the child's link worker (seed 003), so:
//
//   - a stage before the move is passed when the child had at least one
//     session with the carer in it (Introductions: an introductory
//     meeting). A stage the child spent without seeing the carer at all
//     has not begun its work; a stage merely short of sessions is listed
//     as short_sessions, with the reason, and the review decides;
//   - the first stage not passed is where the plan stops: its stage-gate
//     review is held (that review decides: hold the stage, step back, or
//     look for another carer), and nothing after it is planned — no later
//     stage, no overnight, no move. A not_ready_to_move warning says why.
//
// As Introductions come first, every link's first session with the child
// is then an introductory meeting, and no overnight (Developing onwards in
// the default template) comes before one. The same rule holds for short
// breaks by metOn (no overnight before Introductions).

// readiness records where a link's plan stops because the child is not
// ready to move on.
type readiness struct {
	seg       int // the segment not passed
	got, want int // sessions with the carer held and asked for in it
	need      int // the least that passes it: 1
}

// gateUnit checks a step-down planning unit (a link, or siblings with one
// carer, who move together) stage by stage before the move, and stops the
// plan of every member at the end of the first stage one of them did not
// pass (see above).
func (p *Planner) gateUnit(u party) {
	if p.tmpl.Scheme != linkmatch.SchemeStepDown {
		return
	}
	lead := u[0]
	for k := range lead.seg.stage {
		start, end := lead.seg.start[k], lead.seg.end(k)
		if start >= lead.move {
			return // from the move on, nothing to pass
		}
		var fail *readiness
		for _, lp := range u {
			if end > lp.horizon || start < lp.history {
				continue // beyond the plan, or before what is known
			}
			if r := p.stageContact(lp, k); r.want > 0 && r.got < r.need {
				fail = &r
				break
			}
		}
		if fail == nil {
			continue
		}
		// A stage not passed in the past (a re-plan, with no review's
		// decision to hold it or step back) stops the plan at the as-of date.
		for _, lp := range u {
			if cut := max(end, lp.lower); cut < lp.horizon {
				r := p.stageContact(lp, k) // each sibling's own count
				lp.notReady = &r
				p.stopAt(lp, cut)
			}
		}
		return
	}
}

// stageContact counts the sessions with the carer segment k asks for in
// lp's plan and those it has.
func (p *Planner) stageContact(lp *linkPlan, k int) readiness {
	r := readiness{seg: k}
	st := &p.tmpl.Stages[lp.seg.stage[k]]
	dates := lp.patternDates()
	for pi := range st.Sessions {
		eff := lp.effective(&st.Sessions[pi])
		if eff == nil || eff.Window == WindowStageStart || !eff.Kind.WithChild() {
			continue
		}
		// The whole stage counts, past weeks included: what happened.
		want, got, _ := p.expectedFrom(lp, k, pi, dates[lp.patIndex(k, pi)], lp.history)
		r.want += want
		r.got += got
	}
	r.need = 1
	return r
}

// stopAt ends lp's plan on the day before cut: its rows from cut on are
// dropped, and a milestone on the last day says the plan stops there.
func (p *Planner) stopAt(lp *linkPlan, cut linkmatch.Date) {
	rows := lp.rows[:0]
	for _, r := range lp.rows {
		if r.Date < cut {
			rows = append(rows, r)
		}
	}
	clear(lp.rows[len(rows):])
	lp.rows = rows
	lp.horizon = cut
	last := cut.AddDays(-1)
	if last < lp.lower || lp.keptHas(last, linkmatch.KindMilestone, linkmatch.ActivityNotReady) {
		return
	}
	k := lp.segAt(last)
	si := lp.seg.stage[k]
	lp.rows = append(lp.rows, row{Session: linkmatch.Session{
		Date: last, Start: 17 * 60, EndDate: last, End: 17 * 60, Kind: linkmatch.KindMilestone,
		Stage: p.tmpl.Stages[si].Name, Location: lp.where(last), Activity: linkmatch.ActivityNotReady,
		Notes: "the later stages and the move are not planned until the child has had enough time with the carer: decide at the stage review whether to hold this stage, step back or look for another carer, then re-plan",
	}, stage: si, seg: int32(k), pat: patStatutory})
}

// notReadyWarning is the not_ready_to_move warning of a plan gateUnit
// stopped.
func (p *Planner) notReadyWarning(lp *linkPlan) Warning {
	r := lp.notReady
	k := r.seg
	st := &p.tmpl.Stages[lp.seg.stage[k]]
	from, to := lp.seg.start[k], lp.seg.end(k).AddDays(-1)
	var why string
	if k == 0 {
		why = fmt.Sprintf("the child has not met the carer: %d of the %d introductory %s could be planned",
			r.got, r.want, plural(r.want, "meeting", "meetings"))
	} else {
		why = fmt.Sprintf("the child did not see the carer in %s: none of its %d sessions with the carer could be planned", st.Name, r.want)
	}
	why += fmt.Sprintf(", so no later stage, overnight stay or move is planned: the plan stops at the end of %s on %s, after its review (see this stage's short_sessions rows for why sessions could not be planned). Decide at that review whether to hold the stage, step back or look for another carer, then re-plan",
		st.Name, to)
	return Warning{LinkID: lp.in.Link.ID, ChildID: lp.in.Child.ID, CarerID: lp.in.Carer.ID,
		Stage: st.Name, Problem: ProblemNotReady, What: "the move to the long-term foster carer",
		Short: r.need - r.got, Unit: "sessions", From: from, To: to, Why: why}
}

// patternDates returns the dates of each pattern's sessions that take
// place (indexed as count), kept rows included and cancelled ones left
// out, sorted.
func (lp *linkPlan) patternDates() [][]linkmatch.Date {
	dates := make([][]linkmatch.Date, len(lp.count))
	for _, rows := range [][]row{lp.kept, lp.rows} {
		for i := range rows {
			if r := &rows[i]; r.pat >= 0 {
				if _, ok := r.Occurs(); !ok {
					continue
				}
				ci := lp.patIndex(int(r.seg), r.pat)
				dates[ci] = append(dates[ci], r.Date)
			}
		}
	}
	for _, ds := range dates {
		slices.Sort(ds)
	}
	return dates
}

// gateOf returns when segment k's stage-gate review of lp begins: the last
// one held or planned in the segment (a review that held the stage is
// followed by one at the new end); ok is false when it has none.
func (lp *linkPlan) gateOf(k int) (day linkmatch.Date, at linkmatch.Clock, ok bool) {
	for _, rows := range [][]row{lp.kept, lp.rows} {
		for i := range rows {
			r := &rows[i]
			if r.pat != patGate || int(r.seg) != k {
				continue
			}
			if _, occurs := r.Occurs(); !occurs {
				continue
			}
			if !ok || r.Date > day || r.Date == day && r.Start > at {
				day, at, ok = r.Date, r.Start, true
			}
		}
	}
	return day, at, ok
}

// gateBound is when the first stage-gate review of a party's members in a
// segment begins; a slot of the segment must end by then (none: no bound).
type gateBound struct {
	day  linkmatch.Date
	at   linkmatch.Clock
	none bool
}

// gateOfParty returns the bound the stage-gate reviews of pt's members put
// on segment k's sessions. A stage's sessions end before its review, which
// looks back on the whole stage (template: "a stage-gate review at its
// end"): a tea or a weekend stay after the review would be part of a stage
// already judged. Short breaks have no stage reviews to bound them: their
// Introductions' review is followed by the agreement's own rhythm.
func (p *Planner) gateOfParty(pt party, k int) gateBound {
	b := gateBound{none: true}
	if p.tmpl.Scheme != linkmatch.SchemeStepDown {
		return b
	}
	for _, lp := range pt {
		if day, at, ok := lp.gateOf(k); ok && (b.none || day < b.day || day == b.day && at < b.at) {
			b = gateBound{day: day, at: at}
		}
	}
	return b
}

// after reports whether slot s ends after the review has begun.
func (b gateBound) after(s slot) bool {
	return !b.none && (s.endDate > b.day || s.endDate == b.day && s.end > b.at)
}
