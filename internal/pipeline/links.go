package pipeline

import (
	"fmt"

	"github.com/linkmatch/linkmatch"
	"github.com/linkmatch/linkmatch/cost"
	"github.com/linkmatch/linkmatch/input"
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
// its place in file; a row without a link_id gets plan.LinkID.
func linksToPlan(sc *scenarios.Scenario, rows []match.LinkRow, file string, ps *input.Problems) []plan.PlanInput {
	children, carers := sc.ChildrenByID(), sc.CarersByID()
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
		id := cmp(r.LinkID, plan.LinkID(r.ChildID, r.CarerID))
		out = append(out, plan.PlanInput{
			Link:  linkmatch.Link{ID: id, ChildID: r.ChildID, CarerID: r.CarerID, Score: r.Score},
			Child: *ch, Carer: *ca,
		})
	}
	return out
}

// linkInfo is what costing needs to know of one link: the child's date of
// birth (for the age band), the carer's tier and the one-way road miles to
// the residential home (scenarios.Scenario.Trip, which knows the scenario's
// travel times) and, from the move on, to the long-term family
// (scenarios.Scenario.MoveTrip; unknown when children.csv does not locate
// it: then no mileage is counted after the move, rather than the home's).
func linkInfo(sc *scenarios.Scenario, child *linkmatch.Child, carer *linkmatch.Carer, move linkmatch.Date) cost.LinkInfo {
	info := cost.LinkInfo{
		ChildID: child.ID, CarerID: carer.ID,
		DateOfBirth: child.DateOfBirth, Tier: carer.Tier,
		MilesOneWay: sc.Trip(child, carer).RoadMiles,
		MoveDate:    move,
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
func costLinks(sc *scenarios.Scenario, tmpl *plan.Template, sessions []linkmatch.Session, lines []int, file string, ps *input.Problems) map[string]cost.LinkInfo {
	children, carers := sc.ChildrenByID(), sc.CarersByID()
	moves := plan.MoveDates(tmpl, sessions)
	links := map[string]cost.LinkInfo{}
	reported := map[string]bool{}
	for i := range sessions {
		se := &sessions[i]
		if _, done := links[se.LinkID]; done || reported[se.LinkID] {
			continue
		}
		child, okChild := children[se.ChildID]
		carer, okCarer := carers[se.CarerID]
		if !okChild {
			ps.Fail(input.ErrUnknownName, file, lines[i], 0, "child_id", "use a child id from the scenario's children file", "child %q is not in the scenario", se.ChildID)
		}
		if !okCarer {
			ps.Fail(input.ErrUnknownName, file, lines[i], 0, "carer_id", "use a carer id from the scenario's carers file", "carer %q is not in the scenario", se.CarerID)
		}
		if !okChild || !okCarer {
			reported[se.LinkID] = true
			continue
		}
		links[se.LinkID] = linkInfo(sc, child, carer, moves[se.LinkID])
	}
	return links
}

// period is the whole period a plan covers: from the day of its first
// session to the end of its last, which is what a run costs. sessions must
// not be empty.
func period(sessions []linkmatch.Session) (from, to linkmatch.Date) {
	from, to = sessions[0].Date, sessions[0].EndDate
	for _, s := range sessions {
		from, to = min(from, s.Date), max(to, s.EndDate)
	}
	return from, to
}

// UnpricedNote says which weeks of Staying Put had no rate: they are left
// out of the costs, not a failure. "" when there are none.
func UnpricedNote(u []*cost.SessionError) string {
	if len(u) == 0 {
		return ""
	}
	return fmt.Sprintf("staying put: %d weeks not priced (the first: %v); add staying_put_week rows to the rates file to price them", len(u), u[0])
}
