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
	// ErrUnknownStage: an extension names a stage the template does not have.
	ErrUnknownStage = errors.New("unknown stage")
	// ErrUnknownLink: an ending names a link that is not being planned.
	ErrUnknownLink = errors.New("unknown link")
	// ErrBadOption: an option is out of range (negative weeks, an as-of or
	// end date before the plan start, two links with one id).
	ErrBadOption = errors.New("invalid planning option")
)

// LinkID is the id of the link between a child and a carer in timelines:
// "L-<child id>-<carer id>" (linkmatch.LinkID). It is stable whatever else
// is matched, so a re-plan or a cost run finds the same link.
func LinkID(childID, carerID string) string { return linkmatch.LinkID(childID, carerID) }

// PlanInput is one link to plan, with the child and carer it joins. The
// child's weekly link-worker session is Child.LinkWorker, or the template's
// default when it is zero.
type PlanInput struct {
	Link  linkmatch.Link
	Child linkmatch.Child
	Carer linkmatch.Carer
	// Breaks are the link's agreed short breaks under a short-breaks
	// template: the part of the child's assessed breaks this carer gives
	// (matching may share a child between two carers). Nil means all of
	// Child.Breaks.
	Breaks linkmatch.Breaks
}

// Options steer a Planner.
type Options struct {
	// Start is the first day any plan may use (scenario.toml [plan] start).
	Start linkmatch.Date
	// AsOf re-plans from a date: every row before it is kept exactly as the
	// plan without Extend and Ends had it; rows from AsOf on are planned
	// afresh around them. Zero means Start.
	AsOf linkmatch.Date
	// Extend adds weeks to stages by name (a review's outcome: "Developing
	// needs 3 more weeks").
	Extend map[string]int
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
	tmpl    *Template
	cal     *Calendar
	start   linkmatch.Date
	asOf    linkmatch.Date
	horizon linkmatch.Date // the last day planned
	extend  []int          // extra weeks by stage index
	ends    map[string]linkmatch.Date
	// fallbackOrder lists each stage's patterns, longest sessions first.
	fallbackOrder [][]int
}

// NewPlanner checks the options against the template.
func NewPlanner(t *Template, cal *Calendar, opt Options) (*Planner, error) {
	p := &Planner{tmpl: t, cal: cal, start: opt.Start, asOf: opt.AsOf, horizon: opt.Horizon, extend: make([]int, len(t.Stages)), ends: opt.Ends}
	if p.asOf == 0 {
		p.asOf = p.start
	}
	if p.horizon == 0 {
		p.horizon = p.start.AddYears(DefaultHorizonYears).AddDays(-1)
	}
	for i := range t.Stages {
		p.fallbackOrder = append(p.fallbackOrder, longestFirst(&t.Stages[i]))
	}
	if p.horizon < p.start {
		return nil, fmt.Errorf("%w: the planning horizon %s is before the plan start %s", ErrBadOption, p.horizon, p.start)
	}
	if p.asOf < p.start {
		return nil, fmt.Errorf("%w: the as-of date %s is before the plan start %s", ErrBadOption, p.asOf, p.start)
	}
	for name, w := range opt.Extend {
		i := t.Stage(name)
		if i < 0 {
			return nil, fmt.Errorf("%w %q: the stages are %s", ErrUnknownStage, name, strings.Join(t.StageNames(), ", "))
		}
		if w < 0 || w > maxStageWeeks {
			return nil, fmt.Errorf("%w: extend %s by %d weeks: use 0 to %d", ErrBadOption, name, w, maxStageWeeks)
		}
		p.extend[i] += w
	}
	for id, e := range opt.Ends {
		if e < p.start {
			return nil, fmt.Errorf("%w: link %s ends on %s, before the plan start %s", ErrBadOption, id, e, p.start)
		}
	}
	return p, nil
}

// Horizon returns the last day any plan may use (Options.Horizon, or its
// default).
func (p *Planner) Horizon() linkmatch.Date { return p.horizon }

// Result is a planning run's outcome: every link's sessions, sorted by
// date, start time and link id, and the warnings that say where a plan is
// thinner than its template and why (plan_warnings.csv).
type Result struct {
	Sessions []linkmatch.Session
	Warnings []Warning
}

// row is a planned session and what the planner knows about it. Its
// LinkID, ChildID and CarerID are left empty (they are the link's) and
// filled in when PlanAll returns the sessions.
type row struct {
	linkmatch.Session
	stage int
	pat   int // pattern index in the stage; patGate, patStatutory
	needs needs
	fill  bool // an extra session closing a gap in contact
}

// rowsHint is about the number of rows of a link under the default
// template: about one and a half a week (link-worker rows included, a
// review or visit most weeks before the move, contact every week or two
// after it) plus the milestones; a capacity hint only.
func rowsHint(lp *linkPlan) int { return int(lp.horizon-lp.stageStart[0])*2/7 + 16 }

const (
	patGate      = -1
	patStatutory = -2
)

// PlanAll plans every link and returns all their sessions sorted by date,
// start time and link id, with the plan's warnings. Links are planned in
// link id order and share their carers' and children's diaries, so the
// result does not depend on the order of links.
func (p *Planner) PlanAll(ctx context.Context, links []PlanInput) (*Result, error) {
	order := make([]int, len(links))
	for i := range order {
		order[i] = i
	}
	slices.SortFunc(order, func(a, b int) int {
		return cmp.Or(strings.Compare(links[a].Link.ID, links[b].Link.ID), strings.Compare(links[a].Child.ID, links[b].Child.ID), strings.Compare(links[a].Carer.ID, links[b].Carer.ID))
	})
	ids := make(map[string]bool, len(links))
	for k, i := range order {
		id := links[i].Link.ID
		if id == "" {
			return nil, fmt.Errorf("%w: link %d (child %s, carer %s) has no id", ErrBadOption, i+1, links[i].Child.ID, links[i].Carer.ID)
		}
		if k > 0 && links[order[k-1]].Link.ID == id {
			return nil, fmt.Errorf("%w: two links have the id %s", ErrBadOption, id)
		}
		ids[id] = true
	}
	for id := range p.ends {
		if !ids[id] {
			return nil, fmt.Errorf("%w %s: it is not among the links being planned", ErrUnknownLink, id)
		}
	}

	// Re-planning: first the plan as it stood, to keep what is past.
	kept := make([][]row, len(links))
	if p.asOf > p.start {
		before := &Planner{tmpl: p.tmpl, cal: p.cal, start: p.start, asOf: p.start, horizon: p.horizon, extend: make([]int, len(p.tmpl.Stages)), fallbackOrder: p.fallbackOrder}
		old, _, err := before.run(ctx, links, order, kept)
		if err != nil {
			return nil, err
		}
		for i, rows := range old {
			for _, r := range rows {
				if r.Date < p.asOf {
					kept[i] = append(kept[i], r)
				}
			}
		}
	}
	planned, warnings, err := p.run(ctx, links, order, kept)
	if err != nil {
		return nil, err
	}
	// Sort compact keys (date, start, link rank) rather than whole sessions;
	// sessions equal on the key fall back to the full order of compareSessions.
	type keyed struct {
		key       uint64
		link, row int32
		kept      bool
	}
	n := 0
	for i := range planned {
		n += len(kept[i]) + len(planned[i])
	}
	keys := make([]keyed, 0, n)
	for rank, i := range order {
		end, ending := p.ends[links[i].Link.ID]
		for k, rows := range [][]row{kept[i], planned[i]} {
			for j := range rows {
				r := &rows[j]
				if ending && r.EndDate > end {
					continue // seed 001 §6: nothing after the link ends
				}
				key := uint64(uint32(r.Date-p.start))<<40 | uint64(uint16(r.Start))<<24 | uint64(rank)
				keys = append(keys, keyed{key, int32(i), int32(j), k == 0})
			}
		}
	}
	get := func(k keyed) *linkmatch.Session {
		if k.kept {
			return &kept[k.link][k.row].Session
		}
		return &planned[k.link][k.row].Session
	}
	slices.SortFunc(keys, func(a, b keyed) int {
		if c := cmp.Compare(a.key, b.key); c != 0 {
			return c
		}
		return compareSessions(get(a), get(b))
	})
	// Rows leave the ids to here: they are the link's, and three string
	// headers fewer per row keep a national plan's memory down.
	out := make([]linkmatch.Session, len(keys))
	for i, k := range keys {
		out[i] = *get(k)
		in := &links[k.link]
		out[i].LinkID, out[i].ChildID, out[i].CarerID = in.Link.ID, in.Child.ID, in.Carer.ID
	}
	return &Result{Sessions: out, Warnings: warnings}, nil
}

// compareSessions orders sessions as timelines list them: by date, start
// time and link id, then by end, kind, stage and notes so the order is total.
func compareSessions(a, b *linkmatch.Session) int {
	return cmp.Or(cmp.Compare(a.Date, b.Date), cmp.Compare(a.Start, b.Start), strings.Compare(a.LinkID, b.LinkID),
		cmp.Compare(a.EndDate, b.EndDate), cmp.Compare(a.End, b.End), cmp.Compare(a.Kind, b.Kind),
		strings.Compare(a.Stage, b.Stage), strings.Compare(a.Activity, b.Activity), strings.Compare(a.Notes, b.Notes))
}

// run plans the links in order around the kept rows and returns the new
// rows of each link (kept rows are not repeated) and the warnings. Sessions
// in their own windows come first for every link, then the fallbacks, then
// extra sessions closing long gaps in contact, link by link.
func (p *Planner) run(ctx context.Context, links []PlanInput, order []int, kept [][]row) ([][]row, []Warning, error) {
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
	firsts := p.firstDays(links, order)
	for _, i := range order {
		lps[i] = p.newLinkPlan(&links[i], int32(i), idx(carerIdx, links[i].Carer.ID), idx(childIdx, links[i].Child.ID), firsts[i])
	}
	units := p.siblingUnits(lps, order)
	d := newDiary(len(carerIdx), len(childIdx), p.start)
	for _, i := range order {
		for j := range kept[i] {
			d.book(lps[i], &kept[i][j])
		}
	}
	for k, u := range units {
		if k%64 == 0 {
			if err := ctx.Err(); err != nil {
				return nil, nil, fmt.Errorf("planning stopped after %d of %d links: %w", k, len(links), err)
			}
		}
		for _, lp := range u {
			lp.rows = make([]row, 0, rowsHint(lp))
			lp.kept = kept[lp.idx]
			for _, r := range lp.kept {
				if r.pat >= 0 {
					lp.count[lp.patIndex(r.stage, r.pat)]++
				}
			}
		}
		p.planUnit(u, d)
	}
	for _, u := range units {
		p.planFallbacks(u, d)
	}
	if p.tmpl.Scheme == linkmatch.SchemeShortBreaks {
		// The agreed breaks come once Introductions, fallbacks included,
		// are placed: an overnight waits until the child has met the carer.
		for _, u := range units {
			for _, lp := range u {
				p.planAgreed(lp, d)
				p.planReviews48(lp, d)
				p.planVisits48(lp, d)
			}
		}
	}
	var warnings []Warning
	out := make([][]row, len(links))
	for _, i := range order {
		p.fillGaps(lps[i], d)
	}
	for _, i := range order {
		warnings = append(warnings, p.check(lps[i], d, lps)...)
		out[i] = lps[i].rows
	}
	return out, warnings, nil
}

// siblingUnits groups the links into planning units in link order: a link
// on its own, or the links of one sibling group with one carer, which share
// their stage dates (issue 12: siblings share their Introductions and move
// on the same day, the latest readiness of the group).
func (p *Planner) siblingUnits(lps []*linkPlan, order []int) []party {
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
			continue
		}
		lead := u[0]
		for _, lp := range u[1:] {
			if lp.move > lead.move {
				lead = lp
			}
		}
		dates := slices.Clone(lead.stageStart)
		for _, lp := range u {
			lp.setStages(p, dates)
			lp.siblings = slices.DeleteFunc(slices.Clone(u), func(o *linkPlan) bool { return o == lp })
		}
	}
	return units
}
