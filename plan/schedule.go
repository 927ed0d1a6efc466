package plan

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"hash/fnv"
	"slices"
	"strings"
	"time"

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
// "L-<child id>-<carer id>". It is stable whatever else is matched, so a
// re-plan or a cost run finds the same link.
func LinkID(childID, carerID string) string { return "L-" + childID + "-" + carerID }

// PlanInput is one link to plan, with the child and carer it joins.
type PlanInput struct {
	Link  linkmatch.Link
	Child linkmatch.Child
	Carer linkmatch.Carer
	// LinkWorker is the child's weekly session with their residential link
	// worker (seed 003 §4: "weekly thereafter"), when the child is not
	// available; the zero value means DefaultLinkWorkerSlot(child id).
	LinkWorker WeeklySlot
}

// WeeklySlot is a fixed time on one day each week.
type WeeklySlot struct {
	Day        time.Weekday
	Start, End linkmatch.Clock
}

// IsZero reports whether the slot is unset.
func (w WeeklySlot) IsZero() bool { return w.Start == 0 && w.End == 0 }

// DefaultLinkWorkerSlot is the link-worker session assumed when the home has
// not said: one hour from 17:30 on a Monday to Thursday evening (after tea,
// when residential staff hold key-work sessions), the day chosen from the
// child id (FNV-1a) so that children of one home are spread over the week,
// deterministically.
func DefaultLinkWorkerSlot(childID string) WeeklySlot {
	h := fnv.New32a()
	_, _ = h.Write([]byte(childID))
	return WeeklySlot{Day: time.Monday + time.Weekday(h.Sum32()%4), Start: 17*60 + 30, End: 18*60 + 30}
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
}

// Planner plans links with one template and calendar. It is safe for
// concurrent use: PlanAll keeps its state per call.
type Planner struct {
	tmpl   *Template
	cal    *Calendar
	start  linkmatch.Date
	asOf   linkmatch.Date
	extend []int // extra weeks by stage index
	ends   map[string]linkmatch.Date
}

// NewPlanner checks the options against the template.
func NewPlanner(t *Template, cal *Calendar, opt Options) (*Planner, error) {
	p := &Planner{tmpl: t, cal: cal, start: opt.Start, asOf: opt.AsOf, extend: make([]int, len(t.Stages)), ends: opt.Ends}
	if p.asOf == 0 {
		p.asOf = p.start
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

// Start returns the plan start.
func (p *Planner) Start() linkmatch.Date { return p.start }

// row is a planned session and what the planner knows about it.
type row struct {
	linkmatch.Session
	stage int
	pat   int // pattern index in the stage; patGate, patStatutory
	needs needs
}

// rowsHint is about the number of rows of a link under the default template
// (60 to 110); a capacity hint only.
const rowsHint = 96

const (
	patGate      = -1
	patStatutory = -2
)

// PlanAll plans every link and returns all their sessions sorted by date,
// start time and link id. Links are planned in link id order and share
// their carers' and children's diaries, so the result does not depend on
// the order of links.
func (p *Planner) PlanAll(ctx context.Context, links []PlanInput) ([]linkmatch.Session, error) {
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
		before := &Planner{tmpl: p.tmpl, cal: p.cal, start: p.start, asOf: p.start, extend: make([]int, len(p.tmpl.Stages))}
		old, err := before.run(ctx, links, order, kept)
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
	planned, err := p.run(ctx, links, order, kept)
	if err != nil {
		return nil, err
	}
	// Sort compact keys (date, start, link rank) rather than whole sessions;
	// sessions equal on the key fall back to the full order of SortSessions.
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
	out := make([]linkmatch.Session, len(keys))
	for i, k := range keys {
		out[i] = *get(k)
	}
	return out, nil
}

// SortSessions sorts sessions as timelines list them: by date, start time and
// link id, then by end, kind, stage and notes so the order is total.
func SortSessions(s []linkmatch.Session) {
	slices.SortFunc(s, func(a, b linkmatch.Session) int { return compareSessions(&a, &b) })
}

func compareSessions(a, b *linkmatch.Session) int {
	return cmp.Or(cmp.Compare(a.Date, b.Date), cmp.Compare(a.Start, b.Start), strings.Compare(a.LinkID, b.LinkID),
		cmp.Compare(a.EndDate, b.EndDate), cmp.Compare(a.End, b.End), cmp.Compare(a.Kind, b.Kind),
		strings.Compare(a.Stage, b.Stage), strings.Compare(a.Notes, b.Notes))
}

// run plans the links in order around the kept rows and returns the new
// rows of each link (kept rows are not repeated). Sessions in their own
// windows come first for every link, then the fallbacks, link by link.
func (p *Planner) run(ctx context.Context, links []PlanInput, order []int, kept [][]row) ([][]row, error) {
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
	for _, i := range order {
		lps[i] = p.newLinkPlan(&links[i], idx(carerIdx, links[i].Carer.ID), idx(childIdx, links[i].Child.ID))
	}
	d := newDiary(len(carerIdx), len(childIdx), p.start)
	for _, i := range order {
		for j := range kept[i] {
			d.book(lps[i], &kept[i][j])
		}
	}
	out := make([][]row, len(links))
	for k, i := range order {
		if k%64 == 0 {
			if err := ctx.Err(); err != nil {
				return nil, fmt.Errorf("planning stopped after %d of %d links: %w", k, len(links), err)
			}
		}
		lp := lps[i]
		lp.rows = make([]row, 0, rowsHint)
		lp.kept = kept[i]
		for _, r := range kept[i] {
			if r.pat >= 0 {
				lp.count[lp.patIndex(r.stage, r.pat)]++
			}
		}
		p.planLink(lp, d)
	}
	for _, i := range order {
		p.planFallbacks(lps[i], d)
		out[i] = lps[i].rows
	}
	return out, nil
}
