package plan

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/linkmatch/linkmatch"
)

// Notes a re-plan reads back from a recorded timeline (the milestones it
// reads are the root package's Activity words).
const (
	// fillNote starts the note of an extra session closing a gap in contact.
	fillNote = "an extra session, so the child does not go more than"
	// writtenReport ends the note of a review the carer does not attend.
	writtenReport = "the link carer sends a written report"
)

// ActualError is a recorded timeline row (Options.Actuals) that cannot be
// true: Index is its index there, Column the timeline.csv column at fault.
type ActualError struct {
	Index   int
	Column  string
	Problem string
	Hint    string
}

func (e *ActualError) Error() string {
	return fmt.Sprintf("recorded row %d: %s — %s", e.Index+1, e.Problem, e.Hint)
}

// Unwrap makes an ActualError an ErrBadActual.
func (e *ActualError) Unwrap() error { return ErrBadActual }

// readRecorded checks the actuals and reads back what earlier re-plans
// recorded in them: extensions (a plan-change milestone "X extended by N
// weeks", standing on the day the stage would have ended) and endings (the
// milestone "the link ends"). A row recorded as done on or after the as-of
// date, one moved from it on to a day before it, or two rows with one row
// id, cannot be.
func (p *Planner) readRecorded() error {
	ids := map[string]int{}
	for i := range p.actuals {
		s := &p.actuals[i]
		switch {
		case s.Status == linkmatch.StatusDone && s.Date >= p.asOf:
			return &ActualError{Index: i, Column: "status",
				Problem: fmt.Sprintf("the session on %s is recorded as done, but that is not before the as-of date %s", s.Date, p.asOf),
				Hint:    "record only what has happened: leave the status empty, or re-plan as of a later date"}
		case s.Status == linkmatch.StatusMoved && s.MovedTo != 0 && s.Date >= p.asOf && s.MovedTo < p.asOf:
			return &ActualError{Index: i, Column: "status",
				Problem: fmt.Sprintf("the session on %s is moved to %s, before the as-of date %s: the re-plan cannot move it into the past", s.Date, s.MovedTo, p.asOf),
				Hint:    "a session that took place early: give the row the day it happened as its date, and mark it done"}
		case s.RowID != "":
			if first, dup := ids[s.RowID]; dup {
				return &ActualError{Index: i, Column: "row_id",
					Problem: fmt.Sprintf("the row id %q is used again (first by recorded row %d)", s.RowID, first+1),
					Hint:    "keep the row ids linkmatch wrote; give a row you add by hand an empty row_id"}
			}
			ids[s.RowID] = i
		}
		if s.Kind != linkmatch.KindMilestone {
			continue
		}
		if s.Activity == linkmatch.ActivityLinkEnds {
			if p.recordedEnds == nil {
				p.recordedEnds = map[string]bool{}
			}
			p.ends[s.LinkID], p.recordedEnds[s.LinkID] = s.Date, true
			continue
		}
		if rest, ok := strings.CutPrefix(s.Activity, markPrefix); ok {
			if si := p.tmpl.Stage(s.Stage); si >= 0 {
				if w, ok := extendedWeeks(rest, p.tmpl.Stages[si].Name); ok {
					p.adjust[s.LinkID] = append(p.adjust[s.LinkID], adjustment{date: s.Date, stage: si, weeks: w, decision: -1, recorded: true})
				}
			}
		}
	}
	return nil
}

// extendedWeeks reads "<stage> extended by N week(s)".
func extendedWeeks(s, stage string) (int, bool) {
	rest, ok := strings.CutPrefix(s, stage+" extended by ")
	if !ok {
		return 0, false
	}
	n, unit, _ := strings.Cut(rest, " ")
	w, err := strconv.Atoi(n)
	if err != nil || w < 1 || w > maxStageWeeks || (unit != "week" && unit != "weeks") {
		return 0, false
	}
	return w, true
}

// recordedEnd reports whether link id's ending was read back from the
// actuals (the link may since have left the plan).
func (p *Planner) recordedEnd(id string) bool { return p.recordedEnds[id] }

// keptRow is what the planner knows of a recorded row of link lp at index
// src of the timeline re-planned: its stage and segment, the template
// pattern it is a session of (by stage, kind and activity; patGate for a
// stage-gate review, else patStatutory), and whose time it takes.
func (p *Planner) keptRow(lp *linkPlan, s *linkmatch.Session, src int) row {
	r := row{Session: *s, src: int32(src + 1), pat: patStatutory}
	k := lp.segAt(s.Date)
	r.seg = int32(k)
	r.stage = p.tmpl.Stage(s.Stage)
	if r.stage < 0 {
		r.stage = lp.seg.stage[k]
	}
	if r.stage == lp.seg.stage[k] {
		r.pat = p.patternOf(r.stage, s)
	}
	if r.stage == p.tmpl.AgreedStage() && r.stage >= 0 {
		r.pat = p.breakOf(lp, s) // short breaks: which line of the agreement
	}
	r.fill = strings.HasPrefix(s.Notes, fillNote)
	r.needs = rowNeeds(s)
	return r
}

// patternOf returns the pattern of stage si that s is a session of.
func (p *Planner) patternOf(si int, s *linkmatch.Session) int {
	st := &p.tmpl.Stages[si]
	if g := st.Gate; g != nil && s.Kind == linkmatch.KindMeeting && s.Activity == g.Activity {
		return patGate
	}
	for pi := range st.Sessions {
		pat := &st.Sessions[pi]
		for _, c := range []*Pattern{pat, pat.Fallback, pat.Instead} {
			if c == nil {
				continue
			}
			if sameActivity(c.Activity, s) && (c.Kind == s.Kind || s.Kind == linkmatch.KindStayingPut) {
				return pi
			}
			if f := c.Fallback; c == pat.Instead && f != nil && sameActivity(f.Activity, s) && (f.Kind == s.Kind || s.Kind == linkmatch.KindStayingPut) {
				return pi
			}
		}
	}
	return patStatutory
}

// sameActivity reports whether s is of a pattern with activity a: as the
// template words it, or as reworded for a young person staying put after
// 18 (stayingPutWords).
func sameActivity(a string, s *linkmatch.Session) bool {
	if a == s.Activity {
		return true
	}
	reworded := strings.Contains(s.Activity, "Staying Put") || strings.Contains(s.Activity, "young person")
	return reworded && stayingPutWords(a) == s.Activity
}

// breakOf returns the pattern mark (patBreak0 - k) of the link's k-th
// agreed break a recorded row of the agreed stage is: a break planned in
// its kind's fallback window says so in its notes ("instead of <the
// kind's activity>:", planAgreed), any other by its kind and activity;
// patStatutory for a review or visit.
func (p *Planner) breakOf(lp *linkPlan, s *linkmatch.Session) int {
	ab := p.agreement(lp)
	for k, b := range ab {
		if b.kind.Fallback != nil && strings.Contains(s.Notes, "instead of "+b.kind.Activity+":") {
			return patBreak0 - k
		}
	}
	for k, b := range ab {
		if b.kind.Activity == s.Activity && (b.kind.Kind == s.Kind || s.Kind == linkmatch.KindStayingPut) {
			return patBreak0 - k
		}
	}
	return patStatutory
}

// rowNeeds says whose time a recorded row takes, as the planner booked it:
// sessions with the child take the carer and the child (a stay a bedroom);
// meetings the carer; reviews the child and, unless they send a report,
// the carer; visits and link-worker sessions the child; milestones nobody.
func rowNeeds(s *linkmatch.Session) needs {
	switch {
	case s.Kind.WithChild():
		n := needs{carer: true, child: true, paid: true}
		if s.EndDate > s.Date {
			n.beds = 1
		}
		return n
	case s.Kind == linkmatch.KindMeeting:
		return needs{carer: true, work: true}
	case s.Kind == linkmatch.KindReview:
		return needs{carer: !strings.Contains(s.Notes, writtenReport), child: true, work: true}
	case s.Kind == linkmatch.KindVisit:
		return needs{child: true, work: true}
	case s.Kind == linkmatch.KindLinkWorker:
		return needs{child: true}
	}
	return needs{}
}

// countKept counts the kept sessions of each pattern of each segment, and
// of each week, so that planning fills only what they leave short. A
// session moved with no new date yet does not count: it is to be
// rearranged. A cancelled one decides its week (it is not replaced there)
// but does not count towards a pattern's Max: a first overnight that was
// cancelled is still to come.
func (lp *linkPlan) countKept(p *Planner) {
	clear(lp.count)
	lp.keptWeeks = nil
	// A session limited in number (a first overnight) due before what the
	// timeline knows of a link under way is taken to have happened.
	for k, si := range lp.seg.stage {
		for pi := range p.tmpl.Stages[si].Sessions {
			pat := &p.tmpl.Stages[si].Sessions[pi]
			if pat.Max > 0 && lp.seg.start[k].AddDays(7*(pat.FromWeek-1)) < lp.history {
				lp.count[lp.patIndex(k, pi)] = pat.Max
			}
		}
	}
	for i := range lp.kept {
		r := &lp.kept[i]
		if r.pat < 0 || (r.Status == linkmatch.StatusMoved && r.MovedTo == 0) {
			continue
		}
		ci := lp.patIndex(int(r.seg), r.pat)
		if r.Status != linkmatch.StatusCancelled {
			lp.count[ci]++
		}
		if r.Date >= lp.lower.AddDays(-7) {
			if lp.keptWeeks == nil {
				lp.keptWeeks = map[weekKey]int{}
			}
			lp.keptWeeks[lp.weekOf(ci, int(r.seg), r.Date)]++
		}
	}
}

// weekKey is a pattern (its index in count) and the first day of a week of
// its segment.
type weekKey struct {
	ci   int
	week linkmatch.Date
}

// weekOf returns the key of the week of segment k holding day.
func (lp *linkPlan) weekOf(ci, k int, day linkmatch.Date) weekKey {
	first := lp.seg.start[k]
	return weekKey{ci, first.AddDays(7 * floorDiv(int(day-first), 7))}
}

func floorDiv(a, b int) int {
	q := a / b
	if a%b != 0 && (a < 0) != (b < 0) {
		q--
	}
	return q
}

// keptInWeek returns how many kept sessions of pattern ci fall in the week
// starting ws.
func (lp *linkPlan) keptInWeek(ci int, ws linkmatch.Date) int {
	return lp.keptWeeks[weekKey{ci, ws}]
}

// redoes reports whether new rows of pattern ci may be placed in the week
// starting ws: always, unless only some rows of the link are re-planned
// (a clash moved them, or they are to be rearranged), then only in their
// weeks. ci is -1 for the child's link-worker session, ws its day.
func (lp *linkPlan) redoes(ci int, ws linkmatch.Date) bool {
	return lp.redo == nil || lp.redo[weekKey{ci, ws}]
}

// keptGate reports whether segment k's stage-gate review is kept: one in
// the segment's last week. A review earlier in the segment (the one that
// held the stage, before the stage was lengthened) leaves the new end of
// the stage its own review.
func (lp *linkPlan) keptGate(k int) bool {
	last := lp.seg.end(k).AddDays(-7)
	for i := range lp.kept {
		if r := &lp.kept[i]; r.pat == patGate && int(r.seg) == k && r.Date >= last {
			return true
		}
	}
	return false
}

// keptMark reports whether a kept row is the milestone of plan change m:
// its words, on its day or later.
func (lp *linkPlan) keptMark(m mark) bool {
	for i := range lp.kept {
		if r := &lp.kept[i]; r.Kind == linkmatch.KindMilestone && r.Activity == m.activity && r.Date >= m.date {
			return true
		}
	}
	return false
}

// keptHas reports whether a kept row of kind on day has activity.
func (lp *linkPlan) keptHas(day linkmatch.Date, kind linkmatch.SessionKind, activity string) bool {
	for i := range lp.kept {
		if r := &lp.kept[i]; r.Date == day && r.Kind == kind && r.Activity == activity {
			return true
		}
	}
	return false
}

// planMarks shows the link's plan changes — a review's decision, an
// extension — as milestones on the days they take effect, so a carer and
// a social worker reading the timeline see why the plan changed there (and
// a later re-plan reads an extension back).
//
// A decision's milestone stands on the day its change takes effect, or on
// the as-of date when that day is past (a review recorded late still shows
// in the plan it changes); an extension's always stands where the stage
// would have ended, after the as-of date, to be read back.
func (p *Planner) planMarks(lp *linkPlan) {
	for _, m := range lp.seg.marks {
		if m.date >= lp.horizon || lp.keptMark(m) {
			continue
		}
		if m.date < lp.lower {
			if m.why == reasonExtend {
				continue
			}
			m.date = lp.lower
		}
		note := m.note
		if m.child != "" && m.child != lp.in.Child.ID {
			note += ", for the sibling group (the decision was about " + m.child + ")"
		}
		k := lp.segAt(m.date)
		lp.rows = append(lp.rows, row{Session: linkmatch.Session{
			Date: m.date, Start: 9 * 60, EndDate: m.date, End: 9 * 60, Kind: linkmatch.KindMilestone,
			Stage: p.tmpl.Stages[m.stage].Name, Location: lp.where(m.date), Activity: m.activity, Notes: note,
		}, stage: m.stage, seg: int32(k), pat: patStatutory})
	}
}
