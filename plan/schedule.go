package plan

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/linkmatch/linkmatch"
)

// Errors of NewPlanner and PlanAll, for errors.Is.
var (
	// ErrUnknownStage: an extension or a link under way names a stage the
	// template does not have.
	ErrUnknownStage = errors.New("unknown stage")
	// ErrUnknownLink: an ending, extension or decision names a link that is
	// not being planned.
	ErrUnknownLink = errors.New("unknown link")
	// ErrBadOption: an option is out of range (negative weeks, an as-of or
	// end date before the plan start, two links with one id, a link that
	// started after the as-of date).
	ErrBadOption = errors.New("invalid planning option")
	// ErrBadDecision: a review's decision cannot apply (DecisionError).
	ErrBadDecision = errors.New("invalid decision")
	// ErrBadActual: a recorded timeline row is impossible (ActualError).
	ErrBadActual = errors.New("invalid recorded row")
)

// LinkID is the id of the link between a child and a carer in timelines:
// "L-<child id>-<carer id>" (linkmatch.LinkID). It is stable whatever else
// is matched, so a re-plan or a cost run finds the same link.
func LinkID(childID, carerID string) string { return linkmatch.LinkID(childID, carerID) }

// PlanInput is one link to plan, with the child and carer it joins. The
// child's weekly link-worker session is Child.LinkWorker, or the template's
// default when it is zero. A link under way (Link.Stage) is planned from
// its current stage.
type PlanInput struct {
	Link  linkmatch.Link
	Child linkmatch.Child
	Carer linkmatch.Carer
	// Start is the link's first day; zero means the planner's (Options
	// LinkStart, else Start), or for a link in the recorded timeline, the
	// day of its first row there.
	Start linkmatch.Date
	// Breaks are the link's agreed short breaks under a short-breaks
	// template: the part of the child's assessed breaks this carer gives
	// (matching may share a child between two carers). Nil means all of
	// Child.Breaks.
	Breaks linkmatch.Breaks
}

// Extension adds weeks to one stage of one link ("--extend LINK:STAGE=WEEKS").
type Extension struct {
	LinkID, Stage string
	Weeks         int
}

// Options steer a Planner.
type Options struct {
	// Start is the first day any plan may use (scenario.toml [plan] start).
	Start linkmatch.Date
	// LinkStart is the first day of links with no start of their own (the
	// plan's --start); zero means Start. When re-planning from actuals, a
	// link not in them starts no earlier than AsOf.
	LinkStart linkmatch.Date
	// AsOf re-plans from a date: every row before it is kept exactly as
	// recorded (Actuals) or, without actuals, as the plan without this
	// run's extensions, endings and decisions had it. Rows from AsOf on are
	// re-planned only for links with something new: a decision, an
	// extension, an ending, a clash, or a link not planned before. Zero
	// means Start.
	AsOf linkmatch.Date
	// Actuals is the timeline as it was lived: a previous plan's rows,
	// with their row ids and statuses (done, cancelled, moved).
	Actuals []linkmatch.Session
	// Extend adds weeks to stages by name for every link (a review's
	// outcome: "Developing needs 3 more weeks").
	Extend map[string]int
	// Extensions add weeks to one link's stage.
	Extensions []Extension
	// Decisions are reviews' decisions (progress.csv): hold, advance or
	// step back, one link each.
	Decisions []Decision
	// Ends ends links by id on a date (seed 001 §6): rows after it are
	// dropped; a placement support meeting and 28 days' notice precede it.
	Ends map[string]linkmatch.Date
	// Horizon is the last day any plan may use: an open-ended stage runs to
	// it. Zero means DefaultHorizonYears after Start.
	Horizon linkmatch.Date
}

// DefaultHorizonYears is the planning horizon when none is given: two
// years, the longest a link plan is expected to look ahead (a stage is at
// most 104 weeks, maxStageWeeks).
const DefaultHorizonYears = 2

// Planner plans links with one template and calendar. It is safe for
// concurrent use: PlanAll keeps its state per call.
type Planner struct {
	tmpl      *Template
	cal       *Calendar
	start     linkmatch.Date
	linkStart linkmatch.Date
	asOf      linkmatch.Date
	horizon   linkmatch.Date // the last day planned
	// adjust are the extensions and decisions of each link; "" holds the
	// extensions for every link.
	adjust    map[string][]adjustment
	decisions []Decision
	ends      map[string]linkmatch.Date
	// recordedEnds are the endings read back from the actuals.
	recordedEnds map[string]bool
	actuals      []linkmatch.Session
	// replanning is true when there is a timeline to re-plan from: actuals,
	// or an as-of date after the start.
	replanning bool
	// fallbackOrder lists each stage's patterns, longest sessions first.
	fallbackOrder [][]int
}

// NewPlanner checks the options against the template.
func NewPlanner(t *Template, cal *Calendar, opt Options) (*Planner, error) {
	p := &Planner{tmpl: t, cal: cal, start: opt.Start, linkStart: opt.LinkStart, asOf: opt.AsOf, horizon: opt.Horizon,
		adjust: map[string][]adjustment{}, decisions: opt.Decisions, ends: map[string]linkmatch.Date{}, actuals: opt.Actuals}
	if p.asOf == 0 {
		p.asOf = p.start
	}
	if p.linkStart == 0 {
		p.linkStart = p.start
	}
	if p.horizon == 0 {
		p.horizon = p.start.AddYears(DefaultHorizonYears).AddDays(-1)
	}
	p.replanning = opt.Actuals != nil || p.asOf > p.start
	for i := range t.Stages {
		p.fallbackOrder = append(p.fallbackOrder, longestFirst(&t.Stages[i]))
	}
	switch {
	case p.horizon < p.start:
		return nil, fmt.Errorf("%w: the planning horizon %s is before the plan start %s", ErrBadOption, p.horizon, p.start)
	case p.asOf < p.start:
		return nil, fmt.Errorf("%w: the as-of date %s is before the plan start %s", ErrBadOption, p.asOf, p.start)
	case p.linkStart < p.start:
		return nil, fmt.Errorf("%w: the links' start %s is before the plan start %s", ErrBadOption, p.linkStart, p.start)
	}
	extend := func(link, name string, w int) error {
		i := t.Stage(name)
		if i < 0 {
			return fmt.Errorf("%w %q: the stages are %s", ErrUnknownStage, name, strings.Join(t.StageNames(), ", "))
		}
		if w < 0 || w > maxStageWeeks {
			return fmt.Errorf("%w: extend %s by %d weeks: use 0 to %d", ErrBadOption, name, w, maxStageWeeks)
		}
		// Given now: the stage is extended unless it is over by the as-of date.
		p.adjust[link] = append(p.adjust[link], adjustment{date: p.asOf, stage: i, weeks: w, decision: -1, link: link})
		return nil
	}
	for _, name := range sortedKeys(opt.Extend) {
		if err := extend("", name, opt.Extend[name]); err != nil {
			return nil, err
		}
	}
	for _, e := range opt.Extensions {
		if e.LinkID == "" {
			return nil, fmt.Errorf("%w: an extension of %s names no link", ErrBadOption, e.Stage)
		}
		if err := extend(e.LinkID, e.Stage, e.Weeks); err != nil {
			return nil, err
		}
	}
	if err := p.addDecisions(opt.Decisions); err != nil {
		return nil, err
	}
	if err := p.readRecorded(); err != nil {
		return nil, err
	}
	for _, id := range sortedKeys(opt.Ends) {
		e := opt.Ends[id]
		switch {
		case e < p.start:
			return nil, fmt.Errorf("%w: link %s ends on %s, before the plan start %s", ErrBadOption, id, e, p.start)
		case e < p.asOf && (!p.recordedEnds[id] || p.ends[id] != e):
			// What happened before the as-of date is recorded: an ending
			// cannot be put into it (seed 001 §6: 28 days' notice first).
			return nil, fmt.Errorf("%w: link %s cannot end on %s, before the as-of date %s: the timeline before it records what happened; end the link on %s or later (28 days later gives the usual notice)",
				ErrBadOption, id, e, p.asOf, p.asOf)
		}
		p.ends[id] = e
	}
	return p, nil
}

// addDecisions checks the reviews' decisions against the template and the
// as-of date, and adds each as an adjustment of its link's stages.
func (p *Planner) addDecisions(decisions []Decision) error {
	for i := range decisions {
		d := &decisions[i]
		si := p.tmpl.Stage(d.Stage)
		switch {
		case si < 0:
			return &DecisionError{Index: i, Column: "stage", Problem: fmt.Sprintf("%q is not a stage of the plan", d.Stage),
				Hint: "use one of the template's stages: " + strings.Join(p.tmpl.StageNames(), ", ")}
		case d.Date > p.asOf:
			return &DecisionError{Index: i, Column: "date", Problem: fmt.Sprintf("the review on %s is after the as-of date %s", d.Date, p.asOf),
				Hint: "re-plan as of a date after the review"}
		case d.Outcome == OutcomeHold && (d.Weeks < 1 || d.Weeks > maxStageWeeks),
			d.Weeks < 0 || d.Weeks > maxStageWeeks:
			return &DecisionError{Index: i, Column: "outcome", Problem: fmt.Sprintf("%d weeks is out of range", d.Weeks),
				Hint: fmt.Sprintf("give 1 to %d weeks", maxStageWeeks)}
		}
		p.adjust[d.LinkID] = append(p.adjust[d.LinkID], adjustment{date: d.Date, stage: si, weeks: d.Weeks, decision: i, outcome: d.Outcome})
	}
	return nil
}

func sortedKeys[V any](m map[string]V) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	slices.Sort(out)
	return out
}

// endOf returns the day link id ends, if it does.
func (p *Planner) endOf(id string) (linkmatch.Date, bool) {
	e, ok := p.ends[id]
	return e, ok
}

// Horizon returns the last day any plan may use (Options.Horizon, or its
// default).
func (p *Planner) Horizon() linkmatch.Date { return p.horizon }

// Result is a planning run's outcome: every link's sessions, sorted by
// date, start time and link id, and the warnings that say where a plan is
// thinner than its template and why (plan_warnings.csv).
type Result struct {
	Sessions []linkmatch.Session
	// Recorded gives, for each session kept unchanged from
	// Options.Actuals, 1 + its index there; 0 for every other session.
	// WriteTimelineKept uses it to write such rows back byte for byte.
	Recorded []int32
	Warnings []Warning
	// Changes lists what a re-plan added, moved and cancelled, compared
	// with the timeline it re-planned (changes.csv); nil for a first plan.
	Changes []Change
	// Ahead lists the sessions from the as-of date on that the timeline
	// re-planned records as cancelled or moved to a new day (reason
	// recorded): not the re-plan's changes, but changes.csv lists them too
	// (AllChanges), as the calendars send them.
	Ahead []Change
	// Stages says when each link is in each stage, by link id.
	Stages map[string]LinkStages
}

// LinkStages are one link's stages in time, and the day after its plan
// ends (its 18th birthday, an ending, or the end of the planning horizon).
type LinkStages struct {
	Link  linkmatch.Link
	Spans []StageSpan
	Ends  linkmatch.Date
}

// StageSpan is a stage from From to the day before To.
type StageSpan struct {
	Stage    string
	From, To linkmatch.Date
}

// row is a planned session and what the planner knows about it. Its
// LinkID, ChildID and CarerID are left empty (they are the link's) and
// filled in when PlanAll returns the sessions.
type row struct {
	linkmatch.Session
	stage int
	seg   int32 // the segment of the link's stages it belongs to
	pat   int   // pattern index in the stage; patGate, patStatutory
	// src is 1 + the index of a kept row in the timeline re-planned; 0
	// for a new row, or a kept row the re-plan rewrote (dropPastEnd), which
	// is written from its cells rather than copied as recorded.
	src   int32
	needs needs
	fill  bool // an extra session closing a gap in contact
}

// rowsHint is about the number of rows of a link under the default
// template: about one and a half a week (link-worker rows included, a
// review or visit most weeks before the move, contact every week or two
// after it) plus the milestones; a capacity hint only.
func rowsHint(lp *linkPlan) int { return max(int(lp.horizon-lp.lower), 0)*2/7 + 16 }

const (
	patGate      = -1
	patStatutory = -2
)

// compareSessions orders sessions as timelines list them: by date, start
// time and link id, then by end, kind, stage, activity, notes and row id so
// the order is total.
func compareSessions(a, b *linkmatch.Session) int {
	return cmp.Or(cmp.Compare(a.Date, b.Date), cmp.Compare(a.Start, b.Start), strings.Compare(a.LinkID, b.LinkID),
		cmp.Compare(a.EndDate, b.EndDate), cmp.Compare(a.End, b.End), cmp.Compare(a.Kind, b.Kind),
		strings.Compare(a.Stage, b.Stage), strings.Compare(a.Activity, b.Activity), strings.Compare(a.Notes, b.Notes),
		strings.Compare(a.RowID, b.RowID))
}

// PlanAll plans every link and returns all their sessions sorted by date,
// start time and link id, with the plan's warnings. Links are planned in
// link id order and share their carers' and children's diaries, so the
// result does not depend on the order of links.
//
// When re-planning (Options.Actuals, or an as-of date after the start),
// the timeline re-planned is the actuals, or the plan as it stood without
// this run's extensions, endings and decisions. Its rows before the as-of
// date are kept as they are, and so is every link whose rows still fit its
// stages: only links with something new are planned afresh from the as-of
// date (see settle). Result.Changes says what changed, and why.
func (p *Planner) PlanAll(ctx context.Context, links []PlanInput) (*Result, error) {
	order, err := p.checkLinks(links)
	if err != nil {
		return nil, err
	}
	// The timeline re-planned.
	old := p.actuals
	if old == nil && p.replanning {
		before := &Planner{tmpl: p.tmpl, cal: p.cal, start: p.start, linkStart: p.linkStart, asOf: p.start, horizon: p.horizon,
			adjust: map[string][]adjustment{}, ends: map[string]linkmatch.Date{}, fallbackOrder: p.fallbackOrder}
		res, err := before.PlanAll(ctx, links)
		if err != nil {
			return nil, err
		}
		old = res.Sessions
	}
	var byHand []bool
	if p.actuals != nil {
		byHand = rowsByHand(old)
	}
	old = withRowIDs(old, p.tmpl.Stages)
	oldBy := byLink(old)

	lps, adjs, err := p.linkPlans(links, order, oldBy, old)
	if err != nil {
		return nil, err
	}
	units, err := p.siblingUnits(lps, order, adjs)
	if err != nil {
		return nil, err
	}
	st := &settlement{old: old, oldBy: oldBy, byHand: byHand}
	if p.replanning {
		p.settle(st, lps, units, order)
	}
	warnings, err := p.run(ctx, lps, units, order, st)
	if err != nil {
		return nil, err
	}
	return p.assemble(lps, order, st, warnings), nil
}

// checkLinks returns the links' indexes in link id order, and checks that
// every link has an id of its own, that a link under way is at a stage of
// the template and began by the as-of date, and that endings, extensions
// and decisions name links being planned.
func (p *Planner) checkLinks(links []PlanInput) ([]int, error) {
	order := make([]int, len(links))
	for i := range order {
		order[i] = i
	}
	slices.SortFunc(order, func(a, b int) int {
		return cmp.Or(strings.Compare(links[a].Link.ID, links[b].Link.ID), strings.Compare(links[a].Child.ID, links[b].Child.ID), strings.Compare(links[a].Carer.ID, links[b].Carer.ID))
	})
	ids := make(map[string]bool, len(links))
	for k, i := range order {
		in := &links[i]
		id := in.Link.ID
		if id == "" {
			return nil, fmt.Errorf("%w: link %d (child %s, carer %s) has no id", ErrBadOption, i+1, in.Child.ID, in.Carer.ID)
		}
		if k > 0 && links[order[k-1]].Link.ID == id {
			return nil, fmt.Errorf("%w: two links have the id %s", ErrBadOption, id)
		}
		ids[id] = true
		if in.Link.UnderWay() {
			if p.tmpl.Stage(in.Link.Stage) < 0 {
				return nil, fmt.Errorf("%w %q: link %s is under way at a stage the template does not have; the stages are %s", ErrUnknownStage, in.Link.Stage, id, strings.Join(p.tmpl.StageNames(), ", "))
			}
			for _, d := range []linkmatch.Date{in.Link.Started, in.Link.StageSince} {
				if d > p.asOf {
					return nil, fmt.Errorf("%w: link %s is recorded as under way from %s, after the as-of date %s", ErrBadOption, id, d, p.asOf)
				}
			}
		}
	}
	for id := range p.ends {
		if !ids[id] && !p.recordedEnd(id) {
			return nil, fmt.Errorf("%w %s: it is not among the links being planned", ErrUnknownLink, id)
		}
	}
	for _, id := range sortedKeys(p.adjust) {
		if id == "" || ids[id] {
			continue
		}
		for _, a := range p.adjust[id] {
			switch {
			case a.decision >= 0:
				return nil, &DecisionError{Index: a.decision, Column: "link_id", Problem: fmt.Sprintf("there is no link %q in the plan", id),
					Hint: "use the id of a link being planned, as in the timeline's link_id column"}
			case !a.recorded:
				return nil, fmt.Errorf("%w %s: it is not among the links being planned", ErrUnknownLink, id)
			}
		}
	}
	return order, nil
}

// linkPlans builds every link's working state: its start (its own; for a
// link in the recorded timeline, the day of its first row there; for a
// new link when re-planning from actuals, no earlier than the as-of date;
// else firstDays') and its stages as the template lays them out from
// there. adjs are, by link index, its decisions and extensions, which
// siblingUnits applies (to the stages a sibling group shares).
func (p *Planner) linkPlans(links []PlanInput, order []int, oldBy map[string][]int, old []linkmatch.Session) ([]*linkPlan, [][]adjustment, error) {
	carerIdx := map[string]uint32{}
	childIdx := map[string]uint32{}
	idx := func(m map[string]uint32, id string) uint32 {
		i, ok := m[id]
		if !ok {
			i = uint32(len(m))
			m[id] = i
		}
		return i
	}
	lps := make([]*linkPlan, len(links))
	adjs := make([][]adjustment, len(links))
	firsts := p.firstDays(links, order)
	for _, i := range order {
		in := &links[i]
		start := in.Start
		if start == 0 {
			start = firsts[i]
			recorded := oldBy[in.Link.ID]
			switch {
			case p.actuals == nil || in.Link.UnderWay():
			case len(recorded) > 0:
				// The link began on the day firstDays gives when its first
				// row falls in its first stage as laid out from that day (a
				// link of the first plan: its first row may come days after
				// its start, in a template whose first stage opens with a
				// session rather than a milestone); else, a link added by a
				// re-plan, on its first row's day.
				first := &old[recorded[0]]
				if seg := p.baseSegments(in, start); first.Date < start || first.Date >= seg.end(0) || !strings.EqualFold(first.Stage, p.tmpl.Stages[0].Name) {
					start = first.Date
				}
			default:
				start = max(start, p.asOf) // a new link cannot begin in the past
			}
		}
		seg := p.baseSegments(in, start)
		adjs[i] = append(slices.Clone(p.adjust[""]), p.adjust[in.Link.ID]...)
		lps[i] = p.newLinkPlan(in, int32(i), idx(carerIdx, in.Carer.ID), idx(childIdx, in.Child.ID), seg)
	}
	return lps, adjs, nil
}

// run books the kept rows and plans the new rows of every link to be
// planned, unit by unit in link order, and returns the warnings of every
// link. Sessions in their own windows come first for every link, then the
// fallbacks, then extra sessions closing long gaps in contact, link by
// link.
func (p *Planner) run(ctx context.Context, lps []*linkPlan, units []party, order []int, st *settlement) ([]Warning, error) {
	carers, children := 0, 0
	for _, lp := range lps {
		carers, children = max(carers, int(lp.carer)+1), max(children, int(lp.child)+1)
	}
	d := newDiary(carers, children, p.origin(lps, st.old))
	for _, i := range order {
		lp := lps[i]
		for j := range lp.kept {
			d.book(lp, &lp.kept[j])
		}
		for _, b := range st.blocks[lp.idx] {
			d.bookNeeds(lp, b.slot, b.needs, linkmatch.KindMeeting)
		}
	}
	// Links that share no carer and no child share no diary: each part
	// plans its own (planParts) on a core of its own.
	parts, linkPart := p.planParts(lps, units)
	errs := make([]error, len(parts))
	longest := make([]int32, len(parts))
	eachPart(len(parts), func(k int) {
		// The part's diary shares the people's lists, each of which only
		// this part writes; the longest booking is its own.
		dk := &diary{carer: d.carer, child: d.child, origin: d.origin, maxLen: d.maxLen}
		errs[k] = p.planPart(ctx, lps, units, order, parts[k], linkPart, k, dk)
		longest[k] = dk.maxLen
	})
	if err := errors.Join(errs...); err != nil {
		return nil, err
	}
	d.maxLen = max(d.maxLen, slices.Max(longest))
	var warnings []Warning
	for _, i := range order {
		lp := lps[i]
		if !lp.replan {
			lp.countKept(p)
		}
		lp.lower = lp.asOf // warnings speak of the plan from the as-of date
		warnings = append(warnings, p.check(lp, d, lps)...)
	}
	return warnings, nil
}

// origin is the first day of the diary: the plan start, or an earlier
// first day of a link or of a recorded row.
func (p *Planner) origin(lps []*linkPlan, old []linkmatch.Session) linkmatch.Date {
	o := p.start
	for _, lp := range lps {
		o = min(o, lp.seg.start[0])
	}
	for i := range old {
		o = min(o, old[i].Date)
		if old[i].Status == linkmatch.StatusMoved && old[i].MovedTo != 0 {
			o = min(o, old[i].MovedTo)
		}
	}
	return o
}

// siblingUnits groups the links into planning units in link order: a link
// on its own, or the links of one sibling group with one carer, which share
// their stage dates (issue 12: siblings share their Introductions and move
// on the same day, the latest readiness of the group): the stages of the
// sibling who would move last, with the decisions and extensions of every
// sibling in the group applied to them (adjs, by link index). A review's
// decision recorded against either sibling changes the stages they share
// (siblings placed together move on together; seed 001 §3: the stages
// build on each other), so it is never lost because the other sibling
// leads.
func (p *Planner) siblingUnits(lps []*linkPlan, order []int, adjs [][]adjustment) ([]party, error) {
	groups := map[[2]string]int{}
	var units []party
	for _, i := range order {
		lp := lps[i]
		if g := lp.in.Child.SiblingGroup; g != "" {
			key := [2]string{lp.in.Carer.ID, g}
			if u, ok := groups[key]; ok {
				units[u] = append(units[u], lp)
				continue
			}
			groups[key] = len(units)
		}
		units = append(units, party{lp})
	}
	for _, u := range units {
		if len(u) < 2 {
			lp := u[0]
			seg := lp.seg.clone()
			if err := p.applyAll(&seg, lp.in, adjs[lp.idx]); err != nil {
				return nil, err
			}
			lp.setStages(p, seg)
			continue
		}
		lead := u[0]
		for _, lp := range u[1:] {
			if lp.move > lead.move {
				lead = lp
			}
		}
		adj, err := p.siblingAdjustments(u, adjs)
		if err != nil {
			return nil, err
		}
		seg := lead.seg.clone()
		if err := p.applyAll(&seg, lead.in, adj); err != nil {
			return nil, err
		}
		for _, lp := range u {
			lp.setStages(p, seg)
			lp.siblings = slices.DeleteFunc(slices.Clone(u), func(o *linkPlan) bool { return o == lp })
		}
	}
	return units, nil
}

// siblingAdjustments merges the decisions and extensions of a sibling
// group's links into one list for the stages they share, each naming the
// child it was about. The same change recorded for two siblings (an
// extension for every link, one read back from each sibling's timeline, or
// one review's decision written against both) applies once; two different
// decisions on one day contradict each other and are refused.
func (p *Planner) siblingAdjustments(u party, adjs [][]adjustment) ([]adjustment, error) {
	var out []adjustment
	same := func(a, b adjustment) bool {
		return a.date == b.date && a.stage == b.stage && a.weeks == b.weeks && a.outcome == b.outcome &&
			(a.decision < 0) == (b.decision < 0) && a.recorded == b.recorded
	}
	for _, lp := range u {
		for _, a := range adjs[lp.idx] {
			if a.decision >= 0 || p.adjustedLink(a, lp) {
				a.child = lp.in.Child.ID
			}
			j := slices.IndexFunc(out, func(b adjustment) bool { return same(a, b) })
			if j >= 0 {
				if out[j].child != a.child {
					out[j].child = "" // about the whole group
				}
				continue
			}
			if a.decision >= 0 {
				for _, b := range out {
					if b.decision >= 0 && b.date == a.date {
						d, e := &p.decisions[a.decision], &p.decisions[b.decision]
						return nil, &DecisionError{Index: a.decision, Column: "outcome",
							Problem: fmt.Sprintf("%s shares its stages with %s (siblings with one carer), whose review on %s decided %s %s, not %s %s", d.LinkID, e.LinkID, a.date, e.Stage, e.String(), d.Stage, d.String()),
							Hint:    "record the same decision for both siblings, or for one of them only"}
					}
				}
			}
			out = append(out, a)
		}
	}
	return out, nil
}

// adjustedLink reports whether extension a was given for link lp alone
// (--extend LINK:STAGE=WEEKS), not for every link nor read back from the
// timeline.
func (p *Planner) adjustedLink(a adjustment, lp *linkPlan) bool {
	return a.decision < 0 && !a.recorded && slices.ContainsFunc(p.adjust[lp.in.Link.ID], func(b adjustment) bool { return b == a })
}
