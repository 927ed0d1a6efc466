package plan

import (
	"fmt"
	"slices"
	"strings"

	"github.com/linkmatch/linkmatch"
)

// Reasons a link's rows change in a re-plan, as changes.csv words them.
const (
	reasonNewLink    = "new link"
	reasonHold       = "hold"
	reasonAdvance    = "advance"
	reasonStepBack   = "step back"
	reasonExtend     = "extend"
	reasonEnd        = "end"
	reasonClash      = "clash"
	reasonRearranged = "rearranged"
	reasonExtended   = "plan extended"
	reasonRemoved    = "link removed"
	reasonInputs     = "inputs changed"
	reasonByHand     = "added by hand"
	reasonRecorded   = "recorded"
	reasonPastEnd    = "past the plan's end"
)

// settlement is what a re-plan decided for each link before planning:
// which recorded rows it keeps, which it drops to plan again, and why.
type settlement struct {
	// old is the timeline re-planned; oldBy its rows by link, in date order.
	old   []linkmatch.Session
	oldBy map[string][]int
	// byHand marks the rows of old added by hand (rowsByHand).
	byHand []bool
	// why says, by link index, why the link's plan changes; a link with no
	// entry keeps its recorded rows.
	why map[int32]reason
	// dropped are, by link index, the indexes in old of the recorded rows
	// the link plans again.
	dropped map[int32][]int
	// blocks are times a link must not use again: a session to be
	// rearranged keeps its old time free of the link's new rows.
	blocks map[int32][]block
	// rowWhy says, by index in old, why a row kept whole until now was
	// planned again (a clash names the session moved into its time; a
	// rearrangement its own move), when that is not its link's reason.
	rowWhy map[int]reason
	// pastEnd lists the recorded rows moved to a day after their plan's
	// end, dropped from the timeline (dropPastEnd).
	pastEnd []Change
}

// reason is why a link's plan changed: a word for changes.csv's reason
// column and the plain words of its why column.
type reason struct{ code, text string }

type block struct {
	slot  slot
	needs needs
}

// settle decides, link by link, what a re-plan keeps (Options.AsOf):
//
//   - every recorded row before the as-of date stays as it was, and so do
//     rows from it on that record something (cancelled, or moved to a new
//     time);
//   - a link whose recorded rows from the as-of date still fit its stages
//     (the same stages on the same days, the same plan changes, the same
//     end) keeps them all: nothing new is known about it;
//   - a link whose stages changed (a review's decision, an extension, an
//     ending, a link new to the plan) is planned afresh from the as-of
//     date, with its siblings (who share its stages); one whose plan only
//     runs longer now is planned on from the end of its recorded plan;
//   - a recorded row moved to a new time takes that time: a planned row of
//     any link in the way (the carer's or the child's time) is planned
//     again, in its own week, and listed as a clash; a row moved with no
//     new date is rearranged in its week.
func (p *Planner) settle(st *settlement, lps []*linkPlan, units []party, order []int) {
	st.why, st.dropped, st.blocks, st.rowWhy = map[int32]reason{}, map[int32][]int{}, map[int32][]block{}, map[int]reason{}
	for _, u := range units {
		cutoff := linkmatch.Date(0)
		var cause reason
		var causeChild string
		extend := map[*linkPlan]linkmatch.Date{}
		for _, lp := range u {
			rows := st.oldBy[lp.in.Link.ID]
			if len(rows) == 0 {
				cutoff, cause, causeChild = p.asOf, reason{reasonNewLink, "a link not in the timeline re-planned"}, lp.in.Child.ID
				continue
			}
			fits, from, why := p.recordedFits(lp, st.old, rows)
			switch {
			case !fits:
				if cause.code == "" || cause.code == reasonExtended {
					cause, causeChild = why, lp.in.Child.ID
				}
				cutoff = p.asOf
			case from != 0:
				extend[lp] = from
				if cause.code == "" {
					cause = why
				}
			}
		}
		for _, lp := range u {
			from := cutoff
			if from == 0 {
				from = extend[lp]
			}
			if from == 0 {
				lp.replan, lp.lower = false, lp.horizon
				p.keep(st, lp, linkmatch.Date(1<<30))
				continue
			}
			p.keep(st, lp, from)
			lp.lower = from
			r := cause
			if causeChild != "" && causeChild != lp.in.Child.ID {
				r.text = fmt.Sprintf("%s, for the sibling group (about %s)", r.text, causeChild)
			}
			st.why[lp.idx] = r
		}
	}
	p.settleMoves(st, lps, order)
}

// keep sets lp's kept rows from the recorded timeline: every row before
// from, and every row after it that records something; the rest are
// dropped, to be planned again.
func (p *Planner) keep(st *settlement, lp *linkPlan, from linkmatch.Date) {
	rows := st.oldBy[lp.in.Link.ID]
	lp.kept = make([]row, 0, len(rows))
	if lp.in.Link.UnderWay() && len(rows) > 0 {
		lp.history = min(lp.history, st.old[rows[0]].Date) // known since its first recorded row
	}
	for _, i := range rows {
		s := &st.old[i]
		if s.Date < from || (s.Status != linkmatch.StatusPlanned && s.Date >= p.asOf) {
			lp.kept = append(lp.kept, p.keptRow(lp, s, i))
		} else {
			st.dropped[lp.idx] = append(st.dropped[lp.idx], i)
		}
	}
}

// recordedFits reports whether link lp's recorded rows (indexes rows in
// old) from the as-of date still fit its stages: every row planned there
// in the stage the link is in on its day, no row past the end of the
// plan, the same plan changes and the same ending. When they fit but the plan now runs past
// the recorded end of the planning period, it returns that day: the link
// is planned on from there. why says what no longer fits.
func (p *Planner) recordedFits(lp *linkPlan, old []linkmatch.Session, rows []int) (fits bool, from linkmatch.Date, why reason) {
	var recorded []*linkmatch.Session // plan-change milestones
	var ends, periodEnd linkmatch.Date
	stageOff := false
	for _, i := range rows {
		s := &old[i]
		if s.Kind == linkmatch.KindMilestone {
			switch {
			case s.Activity == linkmatch.ActivityLinkEnds:
				ends = s.Date
			case s.Activity == linkmatch.ActivityPlanEnds, s.Activity == linkmatch.ActivityAgreementCarriesOn:
				periodEnd = s.Date
			case strings.HasPrefix(s.Activity, markPrefix):
				recorded = append(recorded, s)
			}
		}
		if s.Date < p.asOf || s.Status != linkmatch.StatusPlanned {
			continue
		}
		if s.Date >= lp.horizon && !(s.Kind == linkmatch.KindMilestone && s.Date == lp.horizon) { // the 18th birthday stands on the day after the plan
			if lp.ends {
				return false, 0, reason{reasonEnd, fmt.Sprintf("the link ends on %s", lp.horizon.AddDays(-1))}
			}
			stageOff = true
			continue
		}
		k := lp.segAt(s.Date)
		si := lp.seg.stage[k]
		if !strings.EqualFold(s.Stage, p.tmpl.Stages[si].Name) {
			stageOff = true
		}
	}
	// Each plan change shows as its milestone, on its day or later (a
	// decision recorded late stands on the as-of date of the re-plan that
	// made it); the first one missing says why.
	matched := make([]bool, len(recorded))
	for k := range lp.seg.marks {
		m := &lp.seg.marks[k]
		if m.date >= lp.horizon {
			continue
		}
		j := slices.IndexFunc(recorded, func(s *linkmatch.Session) bool { return s.Activity == m.activity && s.Date >= m.date })
		for j >= 0 && matched[j] {
			next := slices.IndexFunc(recorded[j+1:], func(s *linkmatch.Session) bool { return s.Activity == m.activity && s.Date >= m.date })
			if next < 0 {
				j = -1
			} else {
				j += 1 + next
			}
		}
		if j < 0 {
			return false, 0, reason{m.why, fmt.Sprintf("%s (%s)", strings.TrimPrefix(m.activity, markPrefix), m.note)}
		}
		matched[j] = true
	}
	withdrawn := false
	for j, s := range recorded {
		withdrawn = withdrawn || (!matched[j] && s.Date >= p.asOf)
	}
	if lp.ends && ends != lp.horizon.AddDays(-1) {
		return false, 0, reason{reasonEnd, fmt.Sprintf("the link ends on %s", lp.horizon.AddDays(-1))}
	}
	if !lp.ends && ends != 0 {
		return false, 0, reason{reasonInputs, "the link no longer ends"}
	}
	if stageOff || withdrawn {
		return false, 0, reason{reasonInputs, "the link's stages no longer match the timeline re-planned (a decision was withdrawn, or the scenario or the template changed)"}
	}
	if last := lp.horizon.AddDays(-1); periodEnd != 0 && periodEnd >= p.asOf && periodEnd < last && !lp.cutAt18 {
		return true, periodEnd, reason{reasonExtended, fmt.Sprintf("the plan now runs to %s", last)}
	}
	return true, 0, reason{}
}

// settleMoves gives recorded rows moved to a new time (status moved with a
// date) their time: a planned row kept from the as-of date that needs the
// same carer or child then is dropped and planned again in its week, its
// link keeping every other row. A row moved with no new date is dropped
// and rearranged in its week, away from its old time.
func (p *Planner) settleMoves(st *settlement, lps []*linkPlan, order []int) {
	p.dropPastEnd(st, lps, order)
	drop := p.clashes(st, lps, order)
	for _, i := range order {
		lp := lps[i]
		for j := range lp.kept {
			r := &lp.kept[j]
			if r.Status == linkmatch.StatusMoved && r.Date >= p.asOf {
				dropVisitsOf(st, lp, r, drop)
			}
			if r.Status == linkmatch.StatusMoved && r.MovedTo == 0 && r.Date >= p.asOf {
				drop[lp] = append(drop[lp], j)
				st.blocks[lp.idx] = append(st.blocks[lp.idx], block{slot{r.Date, r.EndDate, r.Start, r.End}, needs{carer: r.needs.carer, child: r.needs.child && !r.needs.carer}})
				why := reason{reasonRearranged, fmt.Sprintf("the %s on %s is to be rearranged", r.Kind, r.Date)}
				st.rowWhy[int(r.src-1)] = why
				if _, ok := st.why[lp.idx]; !ok {
					st.why[lp.idx] = why
				}
			}
		}
	}
	for _, i := range order {
		if js := drop[lps[i]]; len(js) > 0 {
			p.redo(st, lps[i], js)
		}
	}
}

// dropPastEnd settles the recorded rows moved to a day from the as-of date
// on that is after their link's plan ends (the planning horizon, an
// --end, the 18th birthday): a timeline plans nothing past its end, and
// the cost of a session there would be paid outside every plan (seed 001
// §6: nothing after the link ends). A row dated from the as-of date on is
// dropped. One dated before it was moved before the ending was decided:
// its row is the record of what was agreed and stays, cancelled, with a
// note of its move (before, it was kept at its new day, after the link
// ended, and costed there). Each is listed in changes.csv as cancelled,
// saying where it was moved and when the plan ends, so the family finder
// can move it within the plan or carry it into the next one; nothing
// replaces it in its old week (the recorded move says that time does not
// suit).
func (p *Planner) dropPastEnd(st *settlement, lps []*linkPlan, order []int) {
	for _, i := range order {
		lp := lps[i]
		n := 0
		for j := range lp.kept {
			r := &lp.kept[j]
			if s, ok := r.Occurs(); ok && r.Status == linkmatch.StatusMoved && s.Date >= p.asOf && s.EndDate >= lp.horizon {
				why, note := pastEndWhy(lp, &s, r.Date < p.asOf)
				st.pastEnd = append(st.pastEnd, change(lp.in, nil, &st.old[r.src-1], ChangeCancelled, why))
				if r.Date >= p.asOf {
					continue // dropped
				}
				r.Status, r.MovedTo, r.MovedAt, r.MovedTime = linkmatch.StatusCancelled, 0, 0, false
				r.Notes = joinNote(r.Notes, note)
				r.src = 0 // no longer as recorded: written from its cells
			}
			lp.kept[n] = *r
			n++
		}
		lp.kept = lp.kept[:n]
	}
}

// pastEndWhy says why a session of lp recorded as moved to s, after the
// plan's end, is cancelled (changes.csv's why) and, for one dated before
// the as-of date (kept, cancelled), the note its row takes.
func pastEndWhy(lp *linkPlan, s *linkmatch.Session, kept bool) (why reason, note string) {
	last := lp.horizon.AddDays(-1)
	end, next := "the plan's last day "+last.String(), ", or plan it in the next period's plan"
	if lp.ends {
		end, next = "the link ends on "+last.String(), ""
	}
	what := "not kept"
	if kept {
		what = "cancelled"
	}
	why = reason{reasonPastEnd, fmt.Sprintf("recorded as moved to %s %s, after %s: %s, as nothing is planned past the end; move it to a day by %s%s",
		s.Date, s.Start, end, what, last, next)}
	return why, fmt.Sprintf("cancelled: it was moved to %s %s, after %s", s.Date, s.Start, end)
}

// dropVisitsOf drops the social worker's planned visits that a moved break
// r of lp carried: regulation 48(3)(c) of the Care Planning, Placement and
// Case Review (England) Regulations 2010 has them "on days when C is in
// fact placed", so a visit cannot stay on a day the break has left. The
// visit is planned again (planVisits48) at a break within its time, the
// moved one included; the link's reason says the break moved.
func dropVisitsOf(st *settlement, lp *linkPlan, r *row, drop map[*linkPlan][]int) {
	if r.pat > patBreak0 {
		return // not an agreed break: no visit rides on it
	}
	for j := range lp.kept {
		v := &lp.kept[j]
		if v.Kind == linkmatch.KindVisit && v.Status == linkmatch.StatusPlanned && v.Date >= r.Date && v.Date <= r.EndDate && !slices.Contains(drop[lp], j) {
			drop[lp] = append(drop[lp], j)
			if _, ok := st.why[lp.idx]; !ok {
				st.why[lp.idx] = reason{reasonRearranged, fmt.Sprintf("the %s on %s, which carried the social worker's visit, is to be rearranged", r.Kind, r.Date)}
			}
		}
	}
}

// clashes returns, by link, the kept planned rows (indexes in kept) that a
// recorded row moved to a new time from the as-of date on takes the time
// of: the same carer's or the same child's. Each such link's reason is a
// clash, naming the moved row.
func (p *Planner) clashes(st *settlement, lps []*linkPlan, order []int) map[*linkPlan][]int {
	drop := map[*linkPlan][]int{}
	for _, mi := range order {
		mover := lps[mi]
		for at := range mover.kept {
			fr := &mover.kept[at]
			s, ok := fr.Occurs()
			if fr.Status != linkmatch.StatusMoved || !ok || s.EndDate < p.asOf {
				continue
			}
			from, to := instant(s.Date, s.Start), instant(s.EndDate, s.End)
			for _, i := range order {
				lp := lps[i]
				carer := fr.needs.carer && lp.in.Carer.ID == mover.in.Carer.ID
				child := fr.needs.child && lp.in.Child.ID == mover.in.Child.ID
				if !carer && !child {
					continue
				}
				for j := range lp.kept {
					r := &lp.kept[j]
					if r.Status != linkmatch.StatusPlanned || r.Date < p.asOf || !(carer && r.needs.carer || child && r.needs.child) {
						continue
					}
					if instant(r.Date, r.Start) < to && from < max(instant(r.EndDate, r.End), instant(r.Date, r.Start)+1) && !slices.Contains(drop[lp], j) {
						drop[lp] = append(drop[lp], j)
						why := reason{reasonClash, fmt.Sprintf("the %s of %s on %s was moved to %s %s", fr.Kind, mover.in.Link.ID, fr.Date, s.Date, s.Start)}
						st.rowWhy[int(r.src-1)] = why
						if _, ok := st.why[lp.idx]; !ok {
							st.why[lp.idx] = why
						}
					}
				}
			}
		}
	}
	return drop
}

// redo drops kept rows js of lp, to be planned again: a link kept whole
// until now is planned again only in those rows' weeks.
func (p *Planner) redo(st *settlement, lp *linkPlan, js []int) {
	if !lp.replan {
		lp.replan, lp.lower = true, p.asOf
		lp.redo = map[weekKey]bool{}
	}
	gone := map[int32]bool{}
	for _, j := range js {
		r := &lp.kept[j]
		gone[r.src] = true
		if lp.redo != nil {
			if r.Kind == linkmatch.KindLinkWorker {
				lp.redo[weekKey{-1, r.Date}] = true
			} else if r.pat >= 0 {
				ci := lp.patIndex(int(r.seg), r.pat)
				lp.redo[lp.weekOf(ci, int(r.seg), r.Date)] = true
			}
		}
		st.dropped[lp.idx] = append(st.dropped[lp.idx], int(r.src-1))
	}
	lp.kept = slices.DeleteFunc(lp.kept, func(r row) bool { return gone[r.src] })
	// In date order, as reconcile pairs them.
	slices.SortFunc(st.dropped[lp.idx], func(a, b int) int { return compareSessions(&st.old[a], &st.old[b]) })
}

// instant is an absolute time in minutes, for overlaps across midnight.
func instant(d linkmatch.Date, c linkmatch.Clock) int64 {
	return int64(d)*int64(minutesPerDay) + int64(c)
}
