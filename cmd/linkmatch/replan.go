package main

// This file holds what "linkmatch plan" needs to re-plan from what
// happened (issue 13): links under way (started, stage, stage_since in
// matches.csv or pinned.csv), the timeline as lived (--actuals), the
// reviews' decisions (--progress), one link's extension (--extend
// LINK:STAGE=WEEKS), changes.csv, and calendars updated in place or one per
// link and per carer (--ics-dir).

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
	"github.com/linkmatch/linkmatch/internal/inputfile"
	"github.com/linkmatch/linkmatch/internal/output"
	"github.com/linkmatch/linkmatch/internal/table"
	"github.com/linkmatch/linkmatch/plan"
)

// underWayColumns are the columns of a link file (matches.csv, pinned.csv)
// that say a link is already under way.
var underWayColumns = []string{"started", "stage", "stage_since", "stage_until"}

// readUnderWay reads the current row's started, stage, stage_since and
// stage_until into l: the stage must be one of the template's, neither
// started nor stage_since after the as-of date (the day the plan starts
// from), stage_since not before started and stage_until not before
// stage_since. It reports false after recording a problem.
func readUnderWay(r *table.Reader, tmpl *plan.Template, asOf linkmatch.Date, l *linkmatch.Link) bool {
	ok := true
	stage := r.Get("stage")
	if stage != "" {
		if i := tmpl.Stage(stage); i < 0 {
			r.Fail(input.ErrUnknownName, "stage", "use one of the template's stages: "+strings.Join(tmpl.StageNames(), ", "), "%q is not a stage of the plan", stage)
			ok = false
		} else {
			l.Stage = tmpl.Stages[i].Name
		}
	}
	for _, c := range []struct {
		name string
		to   *linkmatch.Date
	}{{"started", &l.Started}, {"stage_since", &l.StageSince}} {
		// stage_until (the last day the stage was planned to run) may be
		// after the as-of date: it is read below.
		d, present, good := r.Date(c.name, false)
		switch {
		case !good:
			ok = false
		case !present:
		case d > asOf:
			r.Fail(input.ErrOutOfRange, c.name, "give the day it happened; a link that has not begun yet leaves started and stage empty",
				"%s is after the day the plan starts from, %s", d, asOf)
			ok = false
		case stage == "":
			r.Fail(input.ErrMissingValue, "stage", "say which stage the link is in now, for example Developing", "the link has a %s date but no stage", c.name)
			ok = false
		default:
			*c.to = d
		}
	}
	if until, present, good := r.Date("stage_until", false); !good {
		ok = false
	} else if present {
		switch {
		case stage == "":
			r.Fail(input.ErrMissingValue, "stage", "say which stage the link is in now, for example Developing", "the link has a stage_until date but no stage")
			ok = false
		case l.StageSince != 0 && until < l.StageSince:
			r.Fail(input.ErrConflict, "stage_until", "the stage cannot end before it began", "the stage ends on %s, before it began on %s", until, l.StageSince)
			ok = false
		default:
			l.StageUntil = until
		}
	}
	if l.Started != 0 && l.StageSince != 0 && l.StageSince < l.Started {
		r.Fail(input.ErrConflict, "stage_since", "the current stage cannot begin before the link started", "the stage began on %s, before the link started on %s", l.StageSince, l.Started)
		ok = false
	}
	return ok
}

// pinnedUnderWay reads the under-way columns of the scenario's pinned.csv,
// by child and carer, so that a pinned link planned from matches.csv
// carries on from its stage.
func pinnedUnderWay(path string, tmpl *plan.Template, asOf linkmatch.Date, ps *table.Problems) map[[2]string]linkmatch.Link {
	out := map[[2]string]linkmatch.Link{}
	if path == "" {
		return out
	}
	r := table.Open(path, path, pinnedSpec, ps)
	if r == nil {
		return out
	}
	for r.Next() {
		var l linkmatch.Link
		l.ChildID, l.CarerID = r.Get("child_id"), r.Get("carer_id")
		if readUnderWay(r, tmpl, asOf, &l) && l.UnderWay() {
			out[[2]string{l.ChildID, l.CarerID}] = l
		}
	}
	return out
}

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

// readActuals reads the timeline given to --actuals as of asOf; every
// problem goes to ps.
func readActuals(path string, lim inputfile.Limits, asOf linkmatch.Date, ps *table.Problems) *plan.Recorded {
	data, err := inputfile.Read(path, inputfile.CSV, lim)
	if inputfile.Problem(ps, path, err, "check the path given to --actuals") {
		return nil
	}
	return plan.ReadActuals(data, path, asOf, ps)
}

// readProgress reads the decisions given to --progress; every problem goes
// to ps.
func readProgress(path string, lim inputfile.Limits, chk plan.ProgressCheck, ps *table.Problems) ([]plan.Decision, []plan.Place) {
	data, err := inputfile.Read(path, inputfile.CSV, lim)
	if inputfile.Problem(ps, path, err, "check the path given to --progress") {
		return nil, nil
	}
	return plan.ParseProgress(data, path, chk, ps)
}

// replanInvalid turns a decision that cannot apply into a problem at its
// place in progress.csv (exit 2); other errors pass through planUsage.
func replanInvalid(err error, progress string, places []plan.Place) error {
	var de *plan.DecisionError
	if errors.As(err, &de) && de.Index < len(places) {
		var ps table.Problems
		pl := places[de.Index]
		ps.Fail(input.ErrConflict, progress, pl.Line, pl.Columns[de.Column], de.Column, de.Hint, "%s", de.Problem)
		return ps.Err()
	}
	return planUsage(err)
}

// writeCalendars writes the plan's calendars into the batch: --ics, and
// with --ics-dir one file per link (link-<id>.ics) and one per carer
// (carer-<id>.ics). A calendar file that exists already is the previous
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
		byCarer[s.CarerID] = append(byCarer[s.CarerID], s)
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
		var ps table.Problems
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
