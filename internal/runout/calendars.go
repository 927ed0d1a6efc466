package runout

// This file writes a plan's calendars, updated in place or one per link
// and per carer ("linkmatch plan --ics-dir", issue 13).

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"time"

	"github.com/linkmatch/linkmatch"
	"github.com/linkmatch/linkmatch/input"
	"github.com/linkmatch/linkmatch/internal/output"
	"github.com/linkmatch/linkmatch/plan"
)

// WriteCalendars writes the plan's calendars into the batch: icsPath, and
// with dir one file per link (link-<id>.ics) and one per carer
// (carer-<id>.ics) holding only what the carer attends (plan.CarerAttends).
// A calendar file that exists already is the previous
// calendar and is updated: unchanged events stay as they were, changed
// ones go up a SEQUENCE, removed ones are written as cancelled. DTSTAMP is
// the as-of date.
//
// A row of the actuals (rec, nil for none) whose row_id was cleared or
// changed, while a previous calendar has its session under its old id, is
// refused: the calendar would cancel the event and send a new one.
func WriteCalendars(b *output.Batch, sessions []linkmatch.Session, icsPath, dir string, stamp linkmatch.Date, rec *plan.Recorded) error {
	if icsPath == "" && dir == "" {
		return nil
	}
	london, err := time.LoadLocation(plan.LondonTZID)
	if err != nil {
		b.Abort()
		return fmt.Errorf("load the Europe/London time zone: %w", err)
	}
	var ps input.Problems
	reported := map[int]bool{}
	write := func(path string, rows []linkmatch.Session) error {
		previous, err := previousCalendar(path)
		if err != nil {
			b.Abort()
			return err
		}
		bad, err := plan.CheckCalendarIDs(previous, rec, london)
		if err != nil {
			b.Abort()
			return fmt.Errorf("read the previous calendar %s: %w", path, err)
		}
		for _, e := range bad {
			if !reported[e.Line] {
				reported[e.Line] = true
				problem, hint := e.Problem(path)
				ps.Fail(input.ErrConflict, rec.File, e.Line, e.Column, "row_id", hint, "%s", problem)
			}
		}
		return b.Write(path, func(w io.Writer) error { return plan.UpdateICS(w, rows, london, stamp, previous) })
	}
	if icsPath != "" {
		if err := write(icsPath, sessions); err != nil {
			return err
		}
	}
	if dir == "" {
		return calendarProblems(b, &ps)
	}
	byLink, byCarer := map[string][]linkmatch.Session{}, map[string][]linkmatch.Session{}
	for _, s := range sessions {
		byLink[s.LinkID] = append(byLink[s.LinkID], s)
		if plan.CarerAttends(&s) {
			byCarer[s.CarerID] = append(byCarer[s.CarerID], s)
		}
	}
	for _, group := range []struct {
		prefix string
		rows   map[string][]linkmatch.Session
	}{{"link-", byLink}, {"carer-", byCarer}} {
		for _, id := range sortedIDs(group.rows) {
			if err := write(filepath.Join(dir, group.prefix+fileSafe(id)+".ics"), group.rows[id]); err != nil {
				return err
			}
		}
	}
	return calendarProblems(b, &ps)
}

// calendarProblems aborts the batch when the actuals' row ids disagree with
// the previous calendars (WriteCalendars): nothing is written.
func calendarProblems(b *output.Batch, ps *input.Problems) error {
	if err := ps.Err(); err != nil {
		b.Abort()
		return err
	}
	return nil
}

// previousCalendar reads the calendar at path if there is one: nil when
// there is none; an error when it cannot be read or is not a calendar.
func previousCalendar(path string) ([]byte, error) {
	if path == output.Stdout {
		return nil, nil
	}
	data, err := os.ReadFile(path)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return nil, nil
	case err != nil:
		return nil, fmt.Errorf("read the previous calendar %s: %w", path, err)
	}
	if !plan.IsCalendar(data) {
		var ps input.Problems
		ps.Fail(input.ErrMalformed, path, 0, 0, "", "give --ics a new file name, or the calendar an earlier plan wrote there", "the file is not an iCalendar file, so it cannot be updated")
		return nil, ps.Err()
	}
	return data, nil
}

func sortedIDs(m map[string][]linkmatch.Session) []string {
	out := make([]string, 0, len(m))
	for id := range m {
		out = append(out, id)
	}
	slices.Sort(out)
	return out
}

// fileSafe keeps an id usable as a file name: letters, digits, '-', '_'
// and '.'; anything else becomes '_'.
func fileSafe(id string) string {
	b := []byte(id)
	for i, c := range b {
		ok := c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-' || c == '_' || c == '.'
		if !ok || (i == 0 && c == '.') {
			b[i] = '_'
		}
	}
	return string(b)
}
