package plan

// This file checks a timeline given back as actuals against what is being
// planned (ReadActuals): every row names a child and a carer of the
// scenario, the row of a planned link its own child and carer, and every
// row id is its row's (the finance-replan tryout found an unknown child
// written through to a timeline that cost then refused, and edited row ids
// that made the timeline, its calendar and changes.csv disagree).

import (
	"github.com/linkmatch/linkmatch"
	"github.com/linkmatch/linkmatch/input"
	"github.com/linkmatch/linkmatch/internal/table"
)

// plannedLinks are the links being planned, by id and by child and carer.
type plannedLinks struct {
	byID   map[string]*linkmatch.Link
	byPair map[[2]string]string
}

func newPlannedLinks(links []linkmatch.Link) *plannedLinks {
	pl := &plannedLinks{byID: make(map[string]*linkmatch.Link, len(links)), byPair: make(map[[2]string]string, len(links))}
	for i := range links {
		l := &links[i]
		pl.byID[l.ID] = l
		pl.byPair[[2]string{l.ChildID, l.CarerID}] = l.ID
	}
	return pl
}

// check reports whether row s names a child and a carer of the scenario
// and, for a planned link, its own; a row naming a planned link's child and
// carer under another id is refused (a typing slip would make it a link of
// its own). A link not being planned has left the plan: its rows before
// the as-of date stay, the rest are cancelled.
func (pl *plannedLinks) check(r *table.Reader, chk *ActualsCheck, s *linkmatch.Session) bool {
	const hintLink = "give the link's id, child and carer as linkmatch wrote them in the timeline"
	if chk.Child != nil && !chk.Child(s.ChildID) {
		r.Fail(input.ErrUnknownName, "child_id", "use a child id from the scenario's children file, as in the timeline linkmatch wrote", "child %q is not in the scenario", s.ChildID)
		return false
	}
	if chk.Carer != nil && !chk.Carer(s.CarerID) {
		r.Fail(input.ErrUnknownName, "carer_id", "use a carer id from the scenario's carers file, as in the timeline linkmatch wrote", "carer %q is not in the scenario", s.CarerID)
		return false
	}
	if l, ok := pl.byID[s.LinkID]; ok {
		if l.ChildID != s.ChildID || l.CarerID != s.CarerID {
			r.Fail(input.ErrConflict, "link_id", hintLink, "link %s joins child %s and carer %s, but this row names child %s and carer %s",
				l.ID, l.ChildID, l.CarerID, s.ChildID, s.CarerID)
			return false
		}
		return true
	}
	if id, ok := pl.byPair[[2]string{s.ChildID, s.CarerID}]; ok {
		r.Fail(input.ErrConflict, "link_id", hintLink, "there is no link %q in the plan: child %s and carer %s are link %s", s.LinkID, s.ChildID, s.CarerID, id)
		return false
	}
	return true
}

// rowIDFits reports whether row s's row id, if it has one, is an id of its
// row: "<link id>/<stage>/<kind>/<n>" for the row's own link, stage and
// kind. The row id is the calendar event's UID, so an id edited to
// another's would move or cancel the wrong event. An empty row id is a row
// added by hand: the re-plan gives it one.
func rowIDFits(r *table.Reader, s *linkmatch.Session) bool {
	if s.RowID == "" {
		return true
	}
	prefix := rowIDPrefix(s.LinkID, s.Stage, s.Kind)
	if ordinal(s.RowID, prefix) > 0 {
		return true
	}
	r.Fail(input.ErrConflict, "row_id", "put back the row_id linkmatch wrote (it is the calendar event's id), or leave it empty for a row added by hand",
		"the row id %q is not this row's: a %s of link %s in %s has an id %s<number>", s.RowID, s.Kind, s.LinkID, s.Stage, prefix)
	return false
}
