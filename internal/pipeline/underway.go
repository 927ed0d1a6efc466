package pipeline

import (
	"strings"

	"github.com/linkmatch/linkmatch"
	"github.com/linkmatch/linkmatch/input"
	"github.com/linkmatch/linkmatch/match"
	"github.com/linkmatch/linkmatch/plan"
)

// Links under way (issue 13): a link file row that gives a link's stage
// (with started, stage_since, stage_until) is planned from that stage.
// match.ReadLinks reads the cells; here they are checked against the stage
// template and the day the plan starts from, where the planner will use
// them.

// underWay turns the under-way cells of row r of file into the link's
// fields: the stage must be one of the template's, and started and
// stage_since no later than from (the as-of date, else the plan's start).
// It reports false after recording a problem in ps.
func underWay(r *match.LinkRow, file string, tmpl *plan.Template, from linkmatch.Date, l *linkmatch.Link, ps *input.Problems) bool {
	uw := &r.UnderWay
	if uw.Stage == "" {
		return true
	}
	ok := true
	if i := tmpl.Stage(uw.Stage); i < 0 {
		ps.Fail(input.ErrUnknownName, file, r.Line, uw.StageColumn, "stage", "use one of the template's stages: "+strings.Join(tmpl.StageNames(), ", "),
			"%q is not a stage of the plan", uw.Stage)
		ok = false
	} else {
		l.Stage = tmpl.Stages[i].Name
	}
	for _, c := range []struct {
		name string
		d    linkmatch.Date
	}{{"started", uw.Started}, {"stage_since", uw.StageSince}} {
		if c.d > from {
			ps.Fail(input.ErrOutOfRange, file, r.Line, uw.Column(c.name), c.name, "give the day it happened; a link that has not begun yet leaves started and stage empty",
				"%s is after the day the plan starts from, %s", c.d, from)
			ok = false
		}
	}
	l.Started, l.StageSince, l.StageUntil = uw.Started, uw.StageSince, uw.StageUntil
	return ok
}

// pinnedUnderWay reads where each pinned link under way is, by child and
// carer: a pinned link that a match chose, or that matches.csv lists
// without saying, carries on from its stage.
func pinnedUnderWay(pins Pins, tmpl *plan.Template, from linkmatch.Date, ps *input.Problems) map[[2]string]linkmatch.Link {
	out := map[[2]string]linkmatch.Link{}
	for i := range pins.Rows {
		r := &pins.Rows[i]
		var l linkmatch.Link
		if underWay(r, pins.File, tmpl, from, &l, ps) && l.UnderWay() {
			out[[2]string{r.ChildID, r.CarerID}] = l
		}
	}
	return out
}

// carryOn gives links the pinned stage of those under way that do not
// say their own.
func carryOn(links []plan.PlanInput, pinned map[[2]string]linkmatch.Link) {
	for i := range links {
		l := &links[i].Link
		if u, ok := pinned[[2]string{l.ChildID, l.CarerID}]; ok && !l.UnderWay() {
			l.Started, l.Stage, l.StageSince, l.StageUntil = u.Started, u.Stage, u.StageSince, u.StageUntil
		}
	}
}
