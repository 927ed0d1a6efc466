package plan

import (
	"fmt"
	"strings"
	"time"

	"github.com/emersion/go-ical"
)

// IDProblem is a row of a timeline given back as actuals whose row_id was
// cleared or changed: the calendar an earlier plan wrote (Calendar) has the
// same session — the link's, of its stage and kind, at its day and time —
// as the event UID, and no row of the actuals has that id. Re-planned as
// it is, the calendar would cancel the event and send the row as a new one
// while changes.csv says nothing (the finance-replan tryout), so the row is
// refused: Index is its index in Recorded.Sessions, Line and Column where
// its row_id is.
type IDProblem struct {
	Index, Line, Column int
	RowID, UID          string
}

// CheckCalendarIDs compares the actuals (rec) with a calendar an earlier
// plan wrote (previous, in London time) and returns the rows whose row_id
// is not their event's UID there (IDProblem). An event already cancelled,
// or one whose id a row still has, is not looked at.
func CheckCalendarIDs(previous []byte, rec *Recorded, london *time.Location) ([]IDProblem, error) {
	if rec == nil || len(previous) == 0 {
		return nil, nil
	}
	prev, order, err := readPrevious(previous)
	if err != nil {
		return nil, err
	}
	have := make(map[string]bool, len(rec.Sessions))
	for i := range rec.Sessions {
		have[rec.Sessions[i].RowID] = true
	}
	// The rows by their id's prefix and start (as planned, and as
	// recorded: the calendar may have either).
	type key struct {
		prefix string
		start  int64
	}
	rows := map[key][]int{}
	for i := range rec.Sessions {
		s := &rec.Sessions[i]
		prefix := rowIDPrefix(s.LinkID, s.Stage, s.Kind)
		rows[key{prefix, at(s.Date, s.Start, london).Unix()}] = append(rows[key{prefix, at(s.Date, s.Start, london).Unix()}], i)
		if when, ok := s.Occurs(); ok && (when.Date != s.Date || when.Start != s.Start) {
			k := key{prefix, at(when.Date, when.Start, london).Unix()}
			rows[k] = append(rows[k], i)
		}
	}
	var out []IDProblem
	seen := map[int]bool{}
	for _, uid := range order {
		ev := prev[uid]
		id := strings.TrimSuffix(uid, "@linkmatch")
		if have[id] || id == uid {
			continue
		}
		if status, _ := ev.Props.Text(ical.PropStatus); strings.EqualFold(status, string(ical.EventCancelled)) {
			continue
		}
		start, err := ev.DateTimeStart(london)
		slash := strings.LastIndexByte(id, '/')
		if err != nil || slash < 0 {
			continue
		}
		for _, i := range rows[key{id[:slash+1], start.Unix()}] {
			if seen[i] {
				continue
			}
			seen[i] = true
			col := 0
			if i < len(rec.idCols) {
				col = rec.idCols[i]
			}
			out = append(out, IDProblem{Index: i, Line: rec.Lines[i], Column: col, RowID: rec.Sessions[i].RowID, UID: id})
			break
		}
	}
	return out, nil
}

// Problem says an IDProblem in words, with the calendar's file name.
func (e *IDProblem) Problem(calendar string) (problem, hint string) {
	was := fmt.Sprintf("its row_id is %q", e.RowID)
	if e.RowID == "" {
		was = "its row_id is empty"
	}
	return fmt.Sprintf("this row is the event %s of %s (the same session, day and time), but %s", e.UID, calendar, was),
		fmt.Sprintf("put back the row_id %s: it is the calendar event's id, and a changed one would cancel the event and send a new one", e.UID)
}
