package plan

import (
	"fmt"
	"github.com/linkmatch/linkmatch/internal/english"
	"slices"

	"github.com/linkmatch/linkmatch"
)

// segments are a link's stages laid out in time: segment k is stage
// stage[k] from start[k] to the day before start[k+1] (start has one entry
// more than stage: the day after the plan). Usually the template's stages
// in order, once each; a review that steps a link back (seed 003: link
// workers monitor outcomes "to inform either Stepping Up or Stepping Down")
// repeats the previous stage and then the stage under review, so a stage
// may have several segments.
type segments struct {
	start []linkmatch.Date
	stage []int
	// cut marks a segment ended early by a review's decision (advance or
	// step back): that review was its stage-gate, so no other is planned
	// and its sessions are not counted short.
	cut []bool
	// marks are the plan changes the link's decisions and extensions made,
	// shown as milestones in the timeline from the day they take effect.
	marks []mark
	// factor is the link's pacing factor (Template.Factor).
	factor float64
}

// mark is a plan change shown in the timeline: a milestone on the day it
// takes effect, in the stage it concerns.
type mark struct {
	date     linkmatch.Date
	stage    int
	activity string
	note     string
	// why is the change in changes.csv's words: "hold", "advance",
	// "step back" or "extend".
	why string
	// child is the child whose decision it was, when the mark is shared by
	// siblings; empty for the link's own.
	child string
	// given: an extension given in this run (--extend), not read back from
	// the timeline.
	given bool
}

// markPrefix starts the activity of every plan-change milestone, so a
// re-plan can tell them from the template's milestones.
const markPrefix = "plan change: "

func (s *segments) n() int { return len(s.stage) }

func (s *segments) clone() segments {
	return segments{start: slices.Clone(s.start), stage: slices.Clone(s.stage), cut: slices.Clone(s.cut), marks: slices.Clone(s.marks), factor: s.factor}
}

// at returns the segment in force on day d (the first before the plan
// starts, the last after it ends).
func (s *segments) at(d linkmatch.Date) int {
	for k := s.n() - 1; k > 0; k-- {
		if d >= s.start[k] {
			return k
		}
	}
	return 0
}

// end is the day after segment k.
func (s *segments) end(k int) linkmatch.Date { return s.start[k+1] }

// shift moves every boundary from segment k on (the day after the plan
// included) by days.
func (s *segments) shift(k, days int) {
	for i := k; i < len(s.start); i++ {
		s.start[i] = s.start[i].AddDays(days)
	}
}

// factor is the link's pacing factor: the child's complexity and age on
// the link's start.
func (p *Planner) factor(in *PlanInput, start linkmatch.Date) float64 {
	return p.tmpl.Factor(in.Child.Complexity, linkmatch.AgeOn(in.Child.DateOfBirth, start))
}

// baseSegments lays out the template's stages for a link from its start,
// paced for the child, before any decision. A link under way
// (linkmatch.Link.Stage) is in its current stage from StageSince (else from
// its start) for that stage's paced length (or to StageUntil), and at least
// a week from its start so that a stage-gate review can be held; the
// earlier stages are history, laid out back from StageSince and never
// planned. Pacing takes the child's age when the link began.
func (p *Planner) baseSegments(in *PlanInput, start linkmatch.Date) segments {
	n := len(p.tmpl.Stages)
	paceFrom := start
	if in.Link.UnderWay() && in.Link.Started != 0 {
		paceFrom = in.Link.Started // paced as when the link began
	}
	f := p.factor(in, paceFrom)
	s := segments{start: make([]linkmatch.Date, n+1), stage: make([]int, n), cut: make([]bool, n), factor: f}
	cur, since := 0, start
	if in.Link.UnderWay() {
		cur = max(p.tmpl.Stage(in.Link.Stage), 0)
		if in.Link.StageSince != 0 {
			since = in.Link.StageSince
		}
	}
	// History: the stages before the current one, back from the day it
	// began with their paced lengths, none before Started.
	d := since
	for i := cur - 1; i >= 0; i-- {
		d = d.AddDays(-7 * p.tmpl.PacedWeeks(i, f))
		if in.Link.Started != 0 {
			d = max(d, min(in.Link.Started, since))
		}
		s.stage[i], s.start[i] = i, d
	}
	d = since
	for i := cur; i < n; i++ {
		s.stage[i], s.start[i] = i, d
		st := &p.tmpl.Stages[i]
		if st.Until != UntilWeeks {
			d = p.untilDate(st, in, d)
			break // only the last stage is open-ended
		}
		d = d.AddDays(7 * p.tmpl.PacedWeeks(i, f))
		if i == cur && in.Link.StageUntil != 0 {
			d = in.Link.StageUntil.AddDays(1) // as an earlier plan had it
		}
		if i == cur && d < start.AddDays(7) {
			d = start.AddDays(7) // an overdue stage still gets its last week
		}
	}
	s.start[n] = d
	return s
}

// reopen recomputes the end of an open-ended last segment after its start
// moved.
func (p *Planner) reopen(s *segments, in *PlanInput) {
	last := s.n() - 1
	if st := &p.tmpl.Stages[s.stage[last]]; st.Until != UntilWeeks && s.stage[last] == len(p.tmpl.Stages)-1 {
		s.start[last+1] = p.untilDate(st, in, s.start[last])
	}
}

// openEnded reports whether segment k runs to the end of the plan rather
// than for a number of weeks.
func (p *Planner) openEnded(s *segments, k int) bool {
	return k == s.n()-1 && p.tmpl.Stages[s.stage[k]].Until != UntilWeeks
}

// adjustment is one change to a link's stages: a review's decision
// (progress.csv) or an extension (--extend, or one recorded in the
// timeline by an earlier re-plan). Adjustments apply in date order.
type adjustment struct {
	date  linkmatch.Date
	stage int
	weeks int
	// decision indexes Options.Decisions; -1 for an extension.
	decision int
	outcome  Outcome
	// extension: applies to the first segment of the stage ending after
	// date (an extension given now, dated the day before the as-of date)
	// or, when recorded, ending on date (the milestone stands on the day
	// the stage would have ended).
	recorded bool
	// child is the child whose decision or extension it was, when siblings
	// share it (mark.child); empty for a link's own, or the whole group's.
	child string
	// link is the link an extension given now was given for (--extend
	// LINK:STAGE=WEEKS); empty for one given for every link.
	link string
}

// applyAll applies the adjustments to s in order and records their marks.
func (p *Planner) applyAll(s *segments, in *PlanInput, adj []adjustment) error {
	slices.SortStableFunc(adj, func(a, b adjustment) int {
		if a.date != b.date {
			return int(a.date - b.date)
		}
		return boolInt(a.decision < 0) - boolInt(b.decision < 0) // decisions first
	})
	for _, a := range adj {
		var err error
		n := len(s.marks)
		if a.decision < 0 {
			if !p.extendStage(s, in, a) && a.link != "" && a.weeks > 0 {
				return p.notExtended(s, a)
			}
		} else {
			err = p.decide(s, in, a)
		}
		if err != nil {
			return err
		}
		for k := n; k < len(s.marks); k++ {
			s.marks[k].child = a.child
		}
	}
	p.moveOnWorkingDay(s)
	return nil
}

// moveOnWorkingDay puts the start of the move stage (the day the child
// moves) on a working day: a move that falls on a weekend or a bank holiday
// (a hold's whole weeks from a Monday can reach the Summer bank holiday; a
// step back starts the day after a Friday review) is on the next working
// day, the stage before it a day or two longer, as the first plan's moves
// are (the social worker visits within a week of the move and the move is
// planned at a review: CPPCR 2010 regs 28 and 32). A move before the as-of
// date is history and stays.
func (p *Planner) moveOnWorkingDay(s *segments) {
	mv := p.tmpl.MoveStage()
	if mv < 0 || p.cal == nil {
		return
	}
	for k := range s.n() {
		if s.stage[k] != mv || s.start[k] < p.asOf || !p.cal.Weekend(s.start[k]) {
			continue
		}
		d := s.start[k]
		for p.cal.Weekend(d) {
			d = d.AddDays(1)
		}
		if k == 0 || d >= s.end(k) {
			continue
		}
		for i := range s.marks {
			if m := &s.marks[i]; m.stage == mv && m.date == s.start[k] {
				m.date = d
			}
		}
		s.start[k] = d
	}
}

func boolInt(b bool) int {
	if b {
		return 1
	}
	return 0
}

// extendStage lengthens the segment of a.stage that has not ended by
// a.date (or, for an extension recorded in the timeline, that ends on
// a.date) by a.weeks: later stages start later. A stage already over is
// not extended: its past is kept. It reports whether it extended one.
func (p *Planner) extendStage(s *segments, in *PlanInput, a adjustment) bool {
	if a.weeks == 0 {
		return false
	}
	for k := range s.n() {
		if s.stage[k] != a.stage || p.openEnded(s, k) {
			continue
		}
		end := s.end(k)
		if (a.recorded && end >= a.date) || (!a.recorded && end > a.date) {
			old := end
			s.shift(k+1, 7*a.weeks)
			p.reopen(s, in)
			s.marks = append(s.marks, mark{date: old, stage: a.stage,
				activity: fmt.Sprintf("%s%s extended by %s", markPrefix, p.tmpl.Stages[a.stage].Name, weeksText(a.weeks)),
				note:     "the stage was extended when the plan was re-planned", why: reasonExtend, given: !a.recorded})
			return true
		}
	}
	return false
}

// notExtended is the error of an extension given for one link (--extend
// LINK:STAGE=WEEKS) that extends nothing: the link's stage is over by the
// as-of date, runs to the end of the plan, or is not in its plan.
func (p *Planner) notExtended(s *segments, a adjustment) error {
	name := p.tmpl.Stages[a.stage].Name
	last := -1
	for k := range s.n() {
		if s.stage[k] == a.stage {
			last = k
		}
	}
	why := fmt.Sprintf("its plan has no %s stage", name)
	switch {
	case last >= 0 && p.openEnded(s, last):
		why = fmt.Sprintf("%s runs to the end of the plan, so it has no length to extend", name)
	case last >= 0:
		why = fmt.Sprintf("its %s stage ended on %s, before the as-of date %s", name, s.end(last).AddDays(-1), a.date)
	}
	return fmt.Errorf("%w: --extend %s:%s=%d changes nothing: %s; extend the stage the link is in now, or one still to come",
		ErrBadOption, a.link, name, a.weeks, why)
}

func weeksText(w int) string { return fmt.Sprintf("%d %s", w, plural(w, "week", "weeks")) }

func plural(n int, one, many string) string { return english.Plural(n, one, many) }

// DecisionError is a review decision (Options.Decisions) that cannot apply
// to its link's plan: the stage it names is not the link's stage on its
// date, there is no stage to move on to, or a step back is impossible.
// Index is the decision's index in Options.Decisions; Column is the
// progress.csv column at fault.
type DecisionError struct {
	Index   int
	Column  string
	Problem string
	Hint    string
}

func (e *DecisionError) Error() string {
	return fmt.Sprintf("decision %d: %s — %s", e.Index+1, e.Problem, e.Hint)
}

// Unwrap makes a DecisionError an ErrBadDecision.
func (e *DecisionError) Unwrap() error { return ErrBadDecision }

// decide applies a review's decision (seed 003: link workers monitor
// outcomes "to inform either Stepping Up or Stepping Down"; seed 001 §3:
// the stages build on each other). The stage under review is the link's
// stage on the review's date, or the one just before when the review was
// held a little after the stage's planned end.
//   - hold: the stage goes on for the weeks given; later stages start later.
//   - advance: the next stage begins the day after the review (two weeks
//     after it when the next stage is the move, so that the move is planned
//     at a review and carried out after it: CPPCR 2010 regs 32 and 37); no
//     change when it has already begun.
//   - step back: from the day after the review the link returns to the
//     previous stage's pattern for the weeks given (default: that stage's
//     paced length), then takes the stage under review again from its
//     start. Not before the first stage, nor once the child has moved.
func (p *Planner) decide(s *segments, in *PlanInput, a adjustment) error {
	d := &p.decisions[a.decision]
	name := p.tmpl.Stages[a.stage].Name
	k := -1
	for i := range s.n() {
		if s.stage[i] == a.stage && s.start[i] <= a.date {
			k = i
		}
	}
	now := s.at(a.date)
	late := k >= 0 && now == k+1 && a.date < s.end(k).AddDays(lateReviewDays)
	if k < 0 || (now != k && !late) {
		return &DecisionError{Index: a.decision, Column: "stage",
			Problem: fmt.Sprintf("link %s is not at the %s stage on %s: its plan has it at %s then", d.LinkID, name, a.date, p.tmpl.Stages[s.stage[now]].Name),
			Hint:    "give the stage the link was in at the review (see the stage column of the timeline on that date)"}
	}
	reviewed := fmt.Sprintf("decided at the review on %s", a.date)
	switch a.outcome {
	case OutcomeHold:
		if p.openEnded(s, k) {
			return &DecisionError{Index: a.decision, Column: "outcome",
				Problem: fmt.Sprintf("%s runs to the end of the plan, so it cannot be held", name),
				Hint:    "hold a stage that has a length, or end the link with --end"}
		}
		old := s.end(k)
		s.shift(k+1, 7*a.weeks)
		p.reopen(s, in)
		s.marks = append(s.marks, mark{date: old, stage: a.stage,
			activity: fmt.Sprintf("%s%s goes on for %d more %s", markPrefix, name, a.weeks, plural(a.weeks, "week", "weeks")), note: reviewed, why: reasonHold})
	case OutcomeAdvance:
		if k == s.n()-1 {
			return &DecisionError{Index: a.decision, Column: "outcome",
				Problem: fmt.Sprintf("%s is the last stage: there is no stage to move on to", name),
				Hint:    "use hold or step_back, or leave the plan as it is"}
		}
		next := a.date.AddDays(1)
		if s.stage[k+1] == p.tmpl.MoveStage() {
			next = a.date.AddDays(advanceMoveDays)
		}
		if next >= s.end(k) {
			return nil // the next stage has begun or begins sooner anyway
		}
		s.shift(k+1, int(next-s.end(k)))
		s.cut[k] = true
		p.reopen(s, in)
		s.marks = append(s.marks, mark{date: next, stage: s.stage[k+1],
			activity: fmt.Sprintf("%s%s begins early", markPrefix, p.tmpl.Stages[s.stage[k+1]].Name), note: reviewed, why: reasonAdvance})
	case OutcomeStepBack:
		move := p.tmpl.MoveStage()
		switch {
		case a.stage == 0:
			return &DecisionError{Index: a.decision, Column: "outcome",
				Problem: fmt.Sprintf("%s is the first stage: there is no stage to step back to", name),
				Hint:    "use hold to give the stage more time"}
		case move < 0:
			return &DecisionError{Index: a.decision, Column: "outcome",
				Problem: "short breaks have no stages to step back through",
				Hint:    "use hold, or review the written agreement"}
		case s.stage[now] >= move:
			return &DecisionError{Index: a.decision, Column: "outcome",
				Problem: fmt.Sprintf("the child has moved by %s, so the link cannot step back", a.date),
				Hint:    "use hold, or plan a new link"}
		}
		p.stepBack(s, in, now, a, reviewed)
	}
	return nil
}

// lateReviewDays: a review of a stage may be held up to two weeks after
// the stage's planned end (a stage-gate review is planned in the stage's
// last week and may slip); a review of a stage that ended longer ago is
// not about the stage the link is in, and is refused.
const lateReviewDays = 14

// advanceMoveDays: an advance into the move stage moves the child two weeks
// after the review, not the next day, so the move is planned at a review
// and a pre-move review can be held a week before it (CPPCR 2010 regs 32
// and 37; preMoveReviewLeadDay).
const advanceMoveDays = 14

// stepBack cuts segment now at the day after the review and inserts the
// previous stage and the stage under review again; the later stages follow
// with the lengths they had.
func (p *Planner) stepBack(s *segments, in *PlanInput, now int, a adjustment, reviewed string) {
	prev := a.stage - 1
	f := s.factor
	back := a.weeks
	if back == 0 {
		back = p.tmpl.PacedWeeks(prev, f)
	}
	from := a.date.AddDays(1)
	again := from.AddDays(7 * back)
	resume := again.AddDays(7 * p.tmpl.PacedWeeks(a.stage, f))
	// The stages after the one under review, with their lengths; the one
	// in force (when the review was late) is taken again in full.
	var rest []int
	var lengths []int
	first := now
	if s.stage[now] == a.stage {
		first = now + 1
	}
	for k := first; k < s.n(); k++ {
		rest = append(rest, s.stage[k])
		lengths = append(lengths, int(s.end(k)-s.start[k]))
	}
	out := segments{marks: s.marks, factor: f}
	for k := 0; k <= now; k++ {
		out.stage = append(out.stage, s.stage[k])
		out.start = append(out.start, s.start[k])
		out.cut = append(out.cut, s.cut[k] || k == now)
	}
	out.stage = append(out.stage, prev, a.stage)
	out.start = append(out.start, from, again)
	out.cut = append(out.cut, false, false)
	d := resume
	for i, st := range rest {
		out.stage = append(out.stage, st)
		out.start = append(out.start, d)
		out.cut = append(out.cut, false)
		d = d.AddDays(lengths[i])
	}
	out.start = append(out.start, d)
	p.reopen(&out, in)
	out.marks = append(out.marks, mark{date: from, stage: prev,
		activity: fmt.Sprintf("%ssteps back to %s, then %s again", markPrefix, p.tmpl.Stages[prev].Name, p.tmpl.Stages[a.stage].Name), note: reviewed, why: reasonStepBack})
	*s = out
}
