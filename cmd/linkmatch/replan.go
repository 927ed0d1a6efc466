package main

// This file holds what "linkmatch plan" needs to re-plan from what
// happened (issue 13) beyond reading files: one link's extension (--extend
// LINK:STAGE=WEEKS), a decision that cannot apply placed in progress.csv,
// and calendars updated in place or one per link and per carer
// (--ics-dir). Links under way are read by match.ReadLinks and checked by
// internal/pipeline.

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/linkmatch/linkmatch"
	"github.com/linkmatch/linkmatch/input"
	"github.com/linkmatch/linkmatch/internal/output"
	"github.com/linkmatch/linkmatch/plan"
)

// parseExtend reads an --extend value: STAGE=WEEKS for every link, or
// LINK:STAGE=WEEKS for one.
func parseExtend(v string, o *planOptions) error {
	what, weeks, ok := strings.Cut(v, "=")
	n, err := strconv.Atoi(strings.TrimSpace(weeks))
	link, stage, one := strings.Cut(what, ":")
	if !one {
		link, stage = "", what
	}
	link, stage = strings.TrimSpace(link), strings.TrimSpace(stage)
	if !ok || err != nil || n < 0 || stage == "" || (one && link == "") {
		return fmt.Errorf("%q: write STAGE=WEEKS for every link or LINK:STAGE=WEEKS for one, for example L-C001-K004:Developing=3", v)
	}
	if one {
		o.extendLink = append(o.extendLink, plan.Extension{LinkID: link, Stage: stage, Weeks: n})
	} else {
		o.extend[stage] += n
	}
	return nil
}

// replanInvalid turns a decision that cannot apply into a problem at its
// place in progress.csv (exit 2); other errors pass through inputErr.
func replanInvalid(err error, progress string, places []plan.Place) error {
	var de *plan.DecisionError
	if errors.As(err, &de) && de.Index < len(places) {
		var ps input.Problems
		pl := places[de.Index]
		ps.Fail(input.ErrConflict, progress, pl.Line, pl.Columns[de.Column], de.Column, de.Hint, "%s", de.Problem)
		return ps.Err()
	}
	return inputErr(err)
}

// writeCalendars writes the plan's calendars into the batch: --ics, and
// with --ics-dir one file per link (link-<id>.ics) and one per carer
// (carer-<id>.ics) holding only what the carer attends (plan.CarerAttends). A calendar file that exists already is the previous
// calendar and is updated: unchanged events stay as they were, changed
// ones go up a SEQUENCE, removed ones are written as cancelled. DTSTAMP is
// the as-of date.
func writeCalendars(b *output.Batch, sessions []linkmatch.Session, icsPath, dir string, stamp linkmatch.Date) error {
	if icsPath == "" && dir == "" {
		return nil
	}
	london, err := time.LoadLocation(plan.LondonTZID)
	if err != nil {
		b.Abort()
		return fmt.Errorf("load the Europe/London time zone: %w", err)
	}
	write := func(path string, rows []linkmatch.Session) error {
		previous, err := previousCalendar(path)
		if err != nil {
			b.Abort()
			return err
		}
		return b.Write(path, func(w io.Writer) error { return plan.UpdateICS(w, rows, london, stamp, previous) })
	}
	if icsPath != "" {
		if err := write(icsPath, sessions); err != nil {
			return err
		}
	}
	if dir == "" {
		return nil
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
