package match

import (
	"errors"

	"github.com/linkmatch/linkmatch"
	"github.com/linkmatch/linkmatch/input"
	"github.com/linkmatch/linkmatch/internal/table"
)

// LinkRow is one row of a link file: matches.csv as WriteMatches writes it
// (the links "linkmatch plan" turns into timelines), or pinned.csv (links
// already agreed, which every mode keeps). Both name a child and a carer
// by id; Line, ChildColumn and CarerColumn say where, for problems found
// later (an id not in the scenario, a link that cannot be pinned).
type LinkRow struct {
	ChildID, CarerID string
	// Score is the row's score, 0 when the file gives none.
	Score float64
	// LinkID is the row's link_id, "" when the file gives none (the
	// planner then uses plan.LinkID).
	LinkID string
	// UnderWay says where a link already under way is (issue 13): when it
	// started, its current stage (a name the plan's template must know:
	// the planner checks it), the day that stage began and the last day an
	// earlier plan gave it. Zero for a new link.
	UnderWay UnderWay
	// Breaks is a short-breaks link's agreed breaks as written (breaks
	// column, WriteBreakMatches), "" when none is given: read against the
	// scenario's template by the planning stage.
	Breaks       string
	BreaksColumn int

	Line, ChildColumn, CarerColumn int
}

// UnderWay is where a link under way is, as a link file says it, with the
// column of each cell for problems found later (a stage the template does
// not have, a date after the day the plan starts from).
type UnderWay struct {
	Stage                           string
	Started, StageSince, StageUntil linkmatch.Date
	// Columns of the cells (0 when the file has no such column).
	StartedColumn, StageColumn, SinceColumn, UntilColumn int
}

// Column returns the column of the named cell: started, stage,
// stage_since or stage_until.
func (uw *UnderWay) Column(name string) int {
	switch name {
	case "started":
		return uw.StartedColumn
	case "stage":
		return uw.StageColumn
	case "stage_since":
		return uw.SinceColumn
	case "stage_until":
		return uw.UntilColumn
	}
	return 0
}

// linkFileSpec is every column a link file may have: matches.csv's own
// (WriteMatches) and pinned.csv's (INTERFACE.md: agreed, notes), so that
// reading back what "linkmatch match" wrote warns of nothing.
var linkFileSpec = table.Spec{
	Required: []string{"child_id", "carer_id"},
	Optional: []string{"score", "link_id", "rank", "why", "mode", "sibling_group", "pinned", "agreed", "notes",
		"breaks", "sessions_per_month", "phase", "provisional", "approval_expected",
		"started", "stage", "stage_since", "stage_until"},
	Name: "matches",
}

// ReadLinks reads a link file (matches.csv or pinned.csv) from data;
// display names it in problems. Every problem goes into ps at its row and
// column: a missing id, a score outside 0–100, or a link listed twice (the
// same link_id, or the same child and carer). Rows with problems are left
// out. Which ids exist is for the caller to check, against its scenario or
// its pairs; so are the stage of a link under way and its dates against
// the day a plan starts from. ReadLinks checks that a link under way names
// its stage, and that its dates are dates in order (started, stage_since,
// stage_until).
func ReadLinks(data []byte, display string, ps *input.Problems) []LinkRow {
	r := table.New(display, data, linkFileSpec, ps)
	if r == nil {
		return nil
	}
	var out []LinkRow
	seen := map[string]int{}
	for r.Next() {
		childID, ok1 := r.Required("child_id", "give the child's id from children.csv")
		carerID, ok2 := r.Required("carer_id", "give the carer's id from carers.csv")
		score, ok3 := r.Float("score", 0, 0, 100, "the score is a number from 0 to 100")
		if !ok1 || !ok2 || !ok3 {
			continue
		}
		key := r.Get("link_id")
		if key == "" {
			key = childID + "\x00" + carerID
		}
		if line, dup := seen[key]; dup {
			r.Fail(input.ErrDuplicate, "child_id", "list each link once", "the link %s–%s is already on line %d", childID, carerID, line)
			continue
		}
		uw, ok := readUnderWay(r)
		if !ok {
			continue
		}
		seen[key] = r.Line()
		line, childCol := r.Pos("child_id")
		_, carerCol := r.Pos("carer_id")
		_, breaksCol := r.Pos("breaks")
		out = append(out, LinkRow{ChildID: childID, CarerID: carerID, Score: score, LinkID: r.Get("link_id"), UnderWay: uw,
			Breaks: r.Get("breaks"), BreaksColumn: breaksCol,
			Line: line, ChildColumn: childCol, CarerColumn: carerCol})
	}
	return out
}

// readUnderWay reads the row's started, stage, stage_since and
// stage_until: dates, a stage whenever a date is given, and the dates in
// order.
func readUnderWay(r *table.Reader) (UnderWay, bool) {
	var uw UnderWay
	ok := true
	uw.Stage = r.Get("stage")
	for _, c := range []struct {
		name string
		to   *linkmatch.Date
	}{{"started", &uw.Started}, {"stage_since", &uw.StageSince}, {"stage_until", &uw.StageUntil}} {
		d, present, good := r.Date(c.name, false)
		switch {
		case !good:
			ok = false
		case present && uw.Stage == "":
			r.Fail(input.ErrMissingValue, "stage", "say which stage the link is in now, for example Developing", "the link has a %s date but no stage", c.name)
			ok = false
		case present:
			*c.to = d
		}
	}
	switch {
	case uw.Started != 0 && uw.StageSince != 0 && uw.StageSince < uw.Started:
		r.Fail(input.ErrConflict, "stage_since", "the current stage cannot begin before the link started", "the stage began on %s, before the link started on %s", uw.StageSince, uw.Started)
		ok = false
	case uw.StageSince != 0 && uw.StageUntil != 0 && uw.StageUntil < uw.StageSince:
		r.Fail(input.ErrConflict, "stage_until", "the stage cannot end before it began", "the stage ends on %s, before it began on %s", uw.StageUntil, uw.StageSince)
		ok = false
	}
	if uw.Stage != "" {
		_, uw.StartedColumn = r.Pos("started")
		_, uw.StageColumn = r.Pos("stage")
		_, uw.SinceColumn = r.Pos("stage_since")
		_, uw.UntilColumn = r.Pos("stage_until")
	}
	return uw, ok
}

// PinRows pins the links of a link file (ReadLinks) in p, as Pin does, and
// records every link that cannot be pinned in ps at its row and column of
// file, and every sibling group pinned in part or to different carers at
// the first row pinning one of its children.
func (p *Problem) PinRows(rows []LinkRow, file string, ps *input.Problems) {
	links := make([]PinnedLink, len(rows))
	for i, r := range rows {
		links[i] = PinnedLink{ChildID: r.ChildID, CarerID: r.CarerID}
	}
	for i, err := range p.Pin(links) {
		var pe *PinError
		if !errors.As(err, &pe) {
			continue
		}
		col := rows[i].CarerColumn
		if pe.Column == "child_id" {
			col = rows[i].ChildColumn
		}
		ps.Fail(pe.Kind, file, rows[i].Line, col, pe.Column, pe.Hint, "%s", pe.Problem)
	}
	p.pinGroupRows(rows, file, ps)
}

// pinGroupRows records in ps every sibling group pinned in part or to
// different carers, at the first of rows pinning one of its children.
func (p *Problem) pinGroupRows(rows []LinkRow, file string, ps *input.Problems) {
	for _, pe := range p.badPinnedGroups() {
		line, col := 0, 0
		inGroup := map[string]bool{}
		for _, r := range p.Solver.Groups[pe.group] {
			inGroup[p.ChildIDs[r]] = true
		}
		for _, r := range rows {
			if inGroup[r.ChildID] {
				line, col = r.Line, r.ChildColumn
				break
			}
		}
		ps.Fail(pe.Kind, file, line, col, "child_id", pe.Hint, "%s", pe.Problem)
	}
}
