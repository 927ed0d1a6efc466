package pipeline

import (
	"cmp"
	"fmt"

	"github.com/linkmatch/linkmatch"
	"github.com/linkmatch/linkmatch/cost"
	"github.com/linkmatch/linkmatch/input"
	"github.com/linkmatch/linkmatch/internal/table"
	"github.com/linkmatch/linkmatch/match"
	"github.com/linkmatch/linkmatch/plan"
	"github.com/linkmatch/linkmatch/scenarios"
)

// chosenLinks are the links a match chose, as the planner takes them: each
// with its id (plan.LinkID), score, child and carer.
func chosenLinks(sc *scenarios.Scenario, m *Matched) []plan.PlanInput {
	out := make([]plan.PlanInput, 0, len(m.Links.Assignments))
	for _, a := range m.Links.Assignments {
		ch, ca := sc.Children[m.Problem.ChildIndex[a.Child]], sc.Carers[m.Problem.CarerIndex[a.Carer]]
		out = append(out, plan.PlanInput{
			Link:  linkmatch.Link{ID: plan.LinkID(ch.ID, ca.ID), ChildID: ch.ID, CarerID: ca.ID, Score: a.Score},
			Child: ch, Carer: ca,
		})
	}
	return out
}

// linksToPlan turns the rows of a link file (matches.csv, match.ReadLinks)
// into links to plan: a child or carer not in the scenario is a problem at
// its place in file, and so is a link under way at a stage tmpl does not
// have or begun after from; a row without a link_id gets plan.LinkID, and
// two rows with one link id are a problem at the second.
func linksToPlan(sc *scenarios.Scenario, rows []match.LinkRow, file string, tmpl *plan.Template, from linkmatch.Date, ps *input.Problems) []plan.PlanInput {
	children, carers := sc.ChildrenByID(), sc.CarersByID()
	idLine := map[string]int{}
	var out []plan.PlanInput
	for _, r := range rows {
		ch, okc := children[r.ChildID]
		if !okc {
			ps.Fail(input.ErrUnknownName, file, r.Line, r.ChildColumn, "child_id", "use an id from the scenario's children file", "there is no child %q in the scenario", r.ChildID)
		}
		ca, okk := carers[r.CarerID]
		if !okk {
			ps.Fail(input.ErrUnknownName, file, r.Line, r.CarerColumn, "carer_id", "use an id from the scenario's carers file", "there is no carer %q in the scenario", r.CarerID)
		}
		if !okc || !okk {
			continue
		}
		id := cmp.Or(r.LinkID, plan.LinkID(r.ChildID, r.CarerID))
		if line, dup := idLine[id]; dup {
			col, name := r.ChildColumn, "child_id"
			if r.LinkID != "" {
				col, name = 0, "link_id"
			}
			ps.Fail(input.ErrDuplicate, file, r.Line, col, name, "give each link its own link_id",
				"the link id %s is already used on line %d", id, line)
			continue
		}
		idLine[id] = r.Line
		l := linkmatch.Link{ID: id, ChildID: r.ChildID, CarerID: r.CarerID, Score: r.Score}
		if !underWay(&r, file, tmpl, from, &l, ps) {
			continue
		}
		breaks, ok := linkBreaks(sc, &r, ch, file, ps)
		if !ok {
			continue
		}
		out = append(out, plan.PlanInput{Link: l, Child: *ch, Carer: *ca, Breaks: breaks})
	}
	return out
}

// linkInfo is what costing needs to know of one link: the child's date of
// birth (for the age band and the 18th birthday), whether the young
// person is Staying Put after 18 (children.csv staying_put: the link then
// continues, its Staying Put time paid by the week), the carer's tier, and
// the one-way road miles to the residential home (scenarios.Scenario.Trip,
// which knows the scenario's travel times) and, from the move on, to the
// long-term family (scenarios.Scenario.MoveTrip; unknown when children.csv
// does not locate it: then no mileage is counted after the move, rather
// than the home's).
func linkInfo(sc *scenarios.Scenario, child *linkmatch.Child, carer *linkmatch.Carer, move linkmatch.Date) cost.LinkInfo {
	info := cost.LinkInfo{
		ChildID: child.ID, CarerID: carer.ID,
		DateOfBirth: child.DateOfBirth, Tier: carer.Tier,
		StayingPut: child.StayingPut,
		// Short breaks: a family who brings and collects the child
		// leaves the carer no journey for a break (seed 002's agreement
		// records pick-up and drop-off).
		FamilyBrings: child.FamilyBringsAndCollects(),
		MilesOneWay:  sc.Trip(child, carer).RoadMiles,
		MoveDate:     move,
	}
	if trip, ok := sc.MoveTrip(child, carer); ok {
		info.MoveKnown, info.MilesAfterMove = true, trip.RoadMiles
	}
	return info
}

// costLinks gathers what costing needs of every link in a timeline read
// from file (sessions, with the file line of each): see linkInfo; the move
// is the first session of tmpl's move stage. A child or carer missing from
// the scenario is a problem at the timeline line that names it.
func costLinks(sc *scenarios.Scenario, tmpl *plan.Template, sessions []linkmatch.Session, lines []int, file string, data []byte, ps *input.Problems) map[string]cost.LinkInfo {
	children, carers := sc.ChildrenByID(), sc.CarersByID()
	moves := plan.MoveDates(tmpl, sessions)
	links := map[string]cost.LinkInfo{}
	reported := map[string]bool{}
	var unknown []unknownID
	for i := range sessions {
		se := &sessions[i]
		if _, done := links[se.LinkID]; done || reported[se.LinkID] {
			continue
		}
		child, okChild := children[se.ChildID]
		carer, okCarer := carers[se.CarerID]
		if !okChild {
			unknown = append(unknown, unknownID{lines[i], "child_id", "child", se.ChildID, "use a child id from the scenario's children file"})
		}
		if !okCarer {
			unknown = append(unknown, unknownID{lines[i], "carer_id", "carer", se.CarerID, "use a carer id from the scenario's carers file"})
		}
		if !okChild || !okCarer {
			reported[se.LinkID] = true
			continue
		}
		links[se.LinkID] = linkInfo(sc, child, carer, moves[se.LinkID])
	}
	if len(unknown) > 0 {
		cols := cellColumns(data, file, unknown)
		for i, u := range unknown {
			ps.Fail(input.ErrUnknownName, file, u.line, cols[i], u.column, u.hint, "%s %q is not in the scenario", u.what, u.id)
		}
	}
	return links
}

// unknownID is a timeline cell naming a child or carer the scenario does
// not have.
type unknownID struct {
	line             int
	column, what, id string
	hint             string
}

// cellColumns finds the column (character position) of each cell in data,
// a timeline read already, so that problems found after reading name it.
// It reads the file again, so it is for the rare problem, not every row.
func cellColumns(data []byte, file string, cells []unknownID) []int {
	out := make([]int, len(cells))
	var scratch input.Problems // the file was read once already
	r := table.New(file, data, table.Spec{}, &scratch)
	if r == nil {
		return out
	}
	for r.Next() {
		for i, c := range cells {
			if c.line == r.Line() {
				_, out[i] = r.Pos(c.column)
			}
		}
	}
	return out
}

// period is what a run costs: from the day of the plan's first session to
// the end of the planning horizon, or the day of a later session. A link
// whose plan ends at the horizon carries on, so its retainer runs to it.
// sessions must not be empty.
func period(sessions []linkmatch.Session, horizon linkmatch.Date) (from, to linkmatch.Date) {
	from, to = sessions[0].Date, horizon
	for _, s := range sessions {
		from, to = min(from, s.Date), max(to, s.Date)
	}
	return from, to
}

// addCurrentLinks adds each carer's current_links, the children they are
// already linked with outside this scenario's plans, as existing links
// ("K003-existing-1"), costed at the retainer alone.
func addCurrentLinks(links map[string]cost.LinkInfo, sc *scenarios.Scenario) {
	for i := range sc.Carers {
		k := &sc.Carers[i]
		for n := 1; n <= k.CurrentLinks; n++ {
			links[fmt.Sprintf("%s-existing-%d", k.ID, n)] = cost.LinkInfo{CarerID: k.ID, Tier: k.Tier, Existing: true}
		}
	}
}

// NoRowsError is a link asked for by id (PrepareCost's only) that the
// timeline has no rows for.
type NoRowsError struct{ File, LinkID string }

func (e *NoRowsError) Error() string {
	return fmt.Sprintf("%s: %s has no rows for that link; use a link_id from the timeline", e.LinkID, e.File)
}

// onlyLinks keeps the sessions (and their lines) of the links ids names;
// an id with no session is a *NoRowsError.
func onlyLinks(sessions []linkmatch.Session, lines []int, ids []string, file string) ([]linkmatch.Session, []int, error) {
	want := map[string]bool{}
	for _, id := range ids {
		want[id] = false
	}
	var keep []linkmatch.Session
	var keepLines []int
	for i := range sessions {
		if _, ok := want[sessions[i].LinkID]; ok {
			want[sessions[i].LinkID] = true
			keep = append(keep, sessions[i])
			keepLines = append(keepLines, lines[i])
		}
	}
	for _, id := range ids {
		if !want[id] {
			return nil, nil, &NoRowsError{File: file, LinkID: id}
		}
	}
	return keep, keepLines, nil
}
