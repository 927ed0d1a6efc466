package plan

import (
	"fmt"
	"io"
	"slices"
	"strings"

	"github.com/linkmatch/linkmatch"
	"github.com/linkmatch/linkmatch/input"
	"github.com/linkmatch/linkmatch/internal/output"
	"github.com/linkmatch/linkmatch/internal/table"
)

// Timeline columns, as in INTERFACE.md's timeline.csv. Column order on output
// is this order; on input columns are found by name. row_id names the event
// for good (see the row ids in rowid.go); status is empty in a plan and
// records what happened when the timeline is given back as actuals: done,
// cancelled, or moved (optionally with the new date and start time,
// "moved 2027-05-12 10:00").
var timelineColumns = [...]string{
	"link_id", "child_id", "carer_id", "date", "start", "end_date", "end",
	"kind", "stage", "location", "activity", "notes", "row_id", "status",
}

// timelineSpec says which timeline.csv columns a reader needs. A timeline
// written by hand may leave out times (a milestone has none), the stage, the
// location, the notes, the row ids and the statuses; it must say whose
// session it is, when, and what.
var timelineSpec = table.Spec{
	Required: []string{"link_id", "child_id", "carer_id", "date", "kind"},
	Optional: []string{"start", "end_date", "end", "stage", "location", "activity", "notes", "row_id", "status"},
	Name:     "timeline",
}

// WriteTimeline writes sessions as timeline.csv (INTERFACE.md), one row per
// session in the order given, with the header row first. Text cells are
// neutralised for spreadsheets by internal/output.
func WriteTimeline(w io.Writer, sessions []linkmatch.Session) error {
	return WriteTimelineKept(w, sessions, nil, nil)
}

// WriteTimelineKept writes a re-planned timeline: like WriteTimeline, but a
// session kept unchanged from the recorded timeline rec (recorded[i] is 1 +
// its index there, as in Result.Recorded) is copied from rec byte for byte
// when rec can be copied (its columns are timeline.csv's, in order, and the
// row has no cell a spreadsheet would read as a formula).
func WriteTimelineKept(w io.Writer, sessions []linkmatch.Session, recorded []int32, rec *Recorded) error {
	c := output.NewCSV(w)
	c.Header(timelineColumns[:]...)
	for i := range sessions {
		if i < len(recorded) && recorded[i] > 0 && rec != nil && rec.raw != nil {
			if raw := rec.raw[recorded[i]-1]; raw != "" {
				c.Raw(raw)
				c.End()
				continue
			}
		}
		s := &sessions[i]
		c.String(s.LinkID)
		c.String(s.ChildID)
		c.String(s.CarerID)
		c.Appended(s.Date.Append)
		c.Appended(s.Start.Append)
		c.Appended(s.EndDate.Append)
		c.Appended(s.End.Append)
		c.Raw(s.Kind.String())
		c.String(s.Stage)
		c.String(s.Location)
		c.String(s.Activity)
		c.String(s.Notes)
		c.String(s.RowID)
		c.Raw(statusText(s))
		c.End()
	}
	if err := c.Flush(); err != nil {
		return fmt.Errorf("write timeline: %w", err)
	}
	return nil
}

// statusText writes a session's status cell: "", "done", "cancelled",
// "moved", "moved 2027-05-12" or "moved 2027-05-12 10:00".
func statusText(s *linkmatch.Session) string {
	if s.Status != linkmatch.StatusMoved || s.MovedTo == 0 {
		return s.Status.String()
	}
	if s.MovedTime {
		return "moved " + s.MovedTo.String() + " " + s.MovedAt.String()
	}
	return "moved " + s.MovedTo.String()
}

const hintStatus = "leave it empty for a planned row, or write done, cancelled, or moved (optionally with the new date and time: moved 2027-05-12 10:00)"

// parseStatus reads a status cell (statusText's forms, in any case).
func parseStatus(v string, s *linkmatch.Session) bool {
	f := strings.Fields(strings.ToLower(v))
	if len(f) == 0 {
		s.Status = linkmatch.StatusPlanned
		return true
	}
	st, ok := linkmatch.ParseSessionStatus(f[0])
	if !ok || st == linkmatch.StatusPlanned || (st != linkmatch.StatusMoved && len(f) > 1) || len(f) > 3 {
		return false
	}
	s.Status = st
	if len(f) >= 2 {
		d, err := linkmatch.ParseDate(f[1])
		if err != nil {
			return false
		}
		s.MovedTo = d
	}
	if len(f) == 3 {
		c, ok := linkmatch.ParseClock(f[2])
		if !ok {
			return false
		}
		s.MovedAt, s.MovedTime = c, true
	}
	return true
}

// MoveDates returns, for each link in sessions, the day the child moves to
// the long-term family: the first row in the template's move stage. A link
// whose timeline never reaches the move is not listed.
func MoveDates(t *Template, sessions []linkmatch.Session) map[string]linkmatch.Date {
	out := map[string]linkmatch.Date{}
	if t.MoveStage() < 0 {
		return out // short breaks: the child lives at home, and never moves
	}
	name := t.Stages[t.MoveStage()].Name
	for i := range sessions {
		s := &sessions[i]
		if strings.EqualFold(s.Stage, name) {
			if d, ok := out[s.LinkID]; !ok || s.Date < d {
				out[s.LinkID] = s.Date
			}
		}
	}
	return out
}

// warningColumns are plan_warnings.csv's columns, in order.
var warningColumns = [...]string{
	"link_id", "child_id", "carer_id", "stage", "problem", "what", "short_by", "unit", "from", "to", "why",
}

// WriteWarnings writes a plan's warnings as plan_warnings.csv: one row per
// way a link's plan falls short of its template (the header alone when
// there are none).
func WriteWarnings(w io.Writer, warnings []Warning) error {
	c := output.NewCSV(w)
	c.Header(warningColumns[:]...)
	for i := range warnings {
		x := &warnings[i]
		c.String(x.LinkID)
		c.String(x.ChildID)
		c.String(x.CarerID)
		c.String(x.Stage)
		c.Raw(x.Problem.String())
		c.String(x.What)
		c.Raw(fmt.Sprint(x.Short))
		c.Raw(x.Unit)
		c.Raw(x.From.String())
		c.Raw(x.To.String())
		c.String(x.Why)
		c.End()
	}
	if err := c.Flush(); err != nil {
		return fmt.Errorf("write plan warnings: %w", err)
	}
	return nil
}

// SummariseWarnings is the one line that plan, run and demo print about a
// plan's warnings.
func SummariseWarnings(warnings []Warning) string {
	if len(warnings) == 0 {
		return "none: every plan has what its template asks for"
	}
	var n [len(problemNames)]int
	links := map[string]bool{}
	for _, w := range warnings {
		n[w.Problem]++
		links[w.LinkID] = true
	}
	// One label and its plural for each problem.
	labels := [len(problemNames)][2]string{
		{"stage short of sessions", "stages short of sessions"},
		{"long gap in contact", "long gaps in contact"},
		{"missing stage-gate review", "missing stage-gate reviews"},
		{"plan ending at 18", "plans ending at 18"},
		{"long-term family's address unknown", "long-term families' addresses unknown"},
		{"month short of the agreed breaks", "months short of the agreed breaks"},
		{"child over 75 days of short breaks in 12 months", "children over 75 days of short breaks in 12 months"},
		{"link without introductions", "links without introductions"},
		{"provisional link (carer in assessment)", "provisional links (carers in assessment)"},
		{"link ending at less than 28 days' notice", "links ending at less than 28 days' notice"},
		{"stage extended again (an --extend given twice?)", "stages extended again (an --extend given twice?)"},
		{"looked-after review late or not planned", "looked-after reviews late or not planned"}, // review_missing: held after its due day, or not at all
		{"move within 90 days of an 18th birthday", "moves within 90 days of an 18th birthday"},
		{"sibling group with too few bedrooms to stay over together", "sibling groups' links with too few bedrooms to stay over together"},
		{"link not ready to move (plan stops at a stage review)", "links not ready to move (plans stop at a stage review)"},
		{"link whose introductions exceed the carer's offer", "links whose introductions exceed the carer's offer"},
		{"link with stays closer together than the template allows", "links with stays closer together than the template allows"},
		{"statutory visit missed", "statutory visits missed"},
		{"statutory visit late (no break in time)", "statutory visits late (no break in time)"},
	}
	var parts []string
	for i, k := range n {
		switch {
		case k == 1:
			parts = append(parts, "1 "+labels[i][0])
		case k > 1:
			parts = append(parts, fmt.Sprintf("%d %s", k, labels[i][1]))
		}
	}
	noun := "links"
	if len(links) == 1 {
		noun = "link"
	}
	return fmt.Sprintf("%d for %d %s (%s) — see plan_warnings.csv", len(warnings), len(links), noun, strings.Join(parts, ", "))
}

// ParseTimeline reads a timeline.csv (INTERFACE.md) already in memory, naming
// it display in problems, and returns its sessions with the file line of
// each, so later problems (a session with no rate) can name file:line. Every
// problem (a bad date, time, kind or status, an end before the start, a link
// id used for two different children or carers) is recorded in ps with its
// file:line:column; rows with a problem are left out of the result. The
// caller checks ps.Err() before using the sessions.
func ParseTimeline(data []byte, display string, ps *input.Problems) (sessions []linkmatch.Session, lines []int) {
	rec := readRecorded(data, display, ps)
	return rec.Sessions, rec.Lines
}

// Recorded is a timeline read back (ReadActuals): its sessions, the file
// line of each, and what is needed to write a row back byte for byte.
type Recorded struct {
	File     string
	Sessions []linkmatch.Session
	Lines    []int
	// raw is each row's record as in the file, or "" when it cannot be
	// copied (other columns, or a cell a spreadsheet would take as a
	// formula).
	raw []string
	// idCols are the column of each row's row_id (0 when unknown).
	idCols []int
}

// ActualsCheck says what a timeline given back as actuals is checked
// against (ReadActuals); zero fields are not checked.
type ActualsCheck struct {
	// AsOf is the day the plan is re-planned from.
	AsOf linkmatch.Date
	// Child and Carer report whether an id is in the scenario: a row for a
	// child or carer the scenario does not have is refused (cost could not
	// price it).
	Child, Carer func(id string) bool
	// Links are the links being planned: a row of one names its child and
	// carer, and a row naming a planned link's child and carer uses its id.
	// A link not among them (one that has left the plan) keeps its rows.
	Links []linkmatch.Link
}

// ReadActuals reads a timeline.csv given back as actuals, like
// ParseTimeline, and keeps each row's record, so that a re-plan writes the
// rows it keeps back as they were (WriteTimelineKept). The rows are checked
// against chk, each problem at its file:line:column: as of chk.AsOf (0 for
// none), a row recorded as done on or after it, or moved from it on to a
// day before it (input.ErrOutOfRange at its status); a row id used twice
// (input.ErrDuplicate) or one that is not its row's (input.ErrConflict:
// another link, stage or kind); a child or carer not in the scenario
// (input.ErrUnknownName); a planned link's child and carer under another
// link id (input.ErrConflict).
func ReadActuals(data []byte, display string, chk ActualsCheck, ps *input.Problems) *Recorded {
	rec := &Recorded{File: display}
	r := table.New(display, data, timelineSpec, ps)
	if r == nil {
		return rec
	}
	owners := readTimeline(r, sameColumns(r), &chk, rec)
	blameMisfits(data, display, owners, rec, ps)
	return rec
}

// ParseTimeline's reader: a timeline priced by cost keeps no records.
func readRecorded(data []byte, display string, ps *input.Problems) *Recorded {
	rec := &Recorded{File: display}
	r := table.New(display, data, timelineSpec, ps)
	if r == nil {
		return rec
	}
	owners := readTimeline(r, false, nil, rec)
	blameMisfits(data, display, owners, rec, ps)
	return rec
}

// sameColumns reports whether r has timeline.csv's columns in order, so
// that its rows can be written back as they are.
func sameColumns(r *table.Reader) bool {
	same := len(r.Header) == len(timelineColumns)
	for i := 0; same && i < len(r.Header); i++ {
		same = r.Header[i] == timelineColumns[i]
	}
	return same
}

// linkOwner is the child and carer a link joins, as its rows name them:
// the pairing most of its rows name (the first named, on a tie), so that a
// mistyped row is blamed rather than the rows after it. others counts
// rows naming other pairings.
type linkOwner struct {
	child, carer string
	line         int // the first row naming this pairing
	rows, others int
	// alt are the other pairings, with their counts and first lines.
	alt []linkOwner
}

// note counts a row of the link naming child and carer at line.
func (o *linkOwner) note(child, carer string, line int) {
	if o.child == child && o.carer == carer {
		o.rows++
		return
	}
	o.others++
	for i := range o.alt {
		if o.alt[i].child == child && o.alt[i].carer == carer {
			o.alt[i].rows++
			return
		}
	}
	o.alt = append(o.alt, linkOwner{child: child, carer: carer, line: line, rows: 1})
}

// owner returns the pairing most rows name; the first named on a tie.
func (o *linkOwner) owner() linkOwner {
	best := linkOwner{child: o.child, carer: o.carer, line: o.line, rows: o.rows}
	for _, a := range o.alt {
		if a.rows > best.rows {
			best = a
		}
	}
	return best
}

// blameMisfits reports every row of a link naming another child or carer
// than most of the link's rows do, at that row's child_id or carer_id,
// and leaves those rows out of rec. It reads the file again only when
// some link has such rows, which is rare: then the cells' positions are
// needed.
func blameMisfits(data []byte, display string, owners map[string]*linkOwner, rec *Recorded, ps *input.Problems) {
	mixed := map[string]linkOwner{}
	for id, o := range owners {
		if o.others > 0 {
			mixed[id] = o.owner()
		}
	}
	if len(mixed) == 0 {
		return
	}
	var scratch input.Problems // the first reading reported the rows' other problems
	r := table.New(display, data, timelineSpec, &scratch)
	bad := map[int]bool{}
	for r.Next() {
		o, ok := mixed[r.Get("link_id")]
		child, carer := r.Get("child_id"), r.Get("carer_id")
		if !ok || child == o.child && carer == o.carer {
			continue
		}
		col := "carer_id"
		if child != o.child {
			col = "child_id"
		}
		line, at := r.Pos(col)
		ps.Fail(input.ErrConflict, display, line, at, col, "a link joins one child to one carer: correct this row, or give this pairing its own link id",
			"link %q is for child %q and carer %q (%d rows, the first at %s), but this row names child %q and carer %q",
			r.Get("link_id"), o.child, o.carer, o.rows, table.Describe(display, o.line), child, carer)
		bad[r.Line()] = true
	}
	keep := 0
	for i := range rec.Sessions {
		if bad[rec.Lines[i]] {
			continue
		}
		rec.Sessions[keep], rec.Lines[keep] = rec.Sessions[i], rec.Lines[i]
		if rec.raw != nil {
			rec.raw[keep] = rec.raw[i]
		}
		keep++
	}
	rec.Sessions, rec.Lines = rec.Sessions[:keep], rec.Lines[:keep]
	if rec.raw != nil {
		rec.raw = rec.raw[:keep]
	}
}

const (
	hintClock = "write the time as HH:MM on the 24-hour clock, for example 09:30 or 17:00"
)

// readTimeline reads r's rows into rec, keeping each row's record when
// copyable, checking them as actuals when chk is not nil, and returns the
// child and carer each link's rows name.
func readTimeline(r *table.Reader, copyable bool, chk *ActualsCheck, rec *Recorded) map[string]*linkOwner {
	var links *plannedLinks
	if chk != nil {
		links = newPlannedLinks(chk.Links)
	}
	ids := table.Seen{}
	owners := map[string]*linkOwner{}
	kinds := linkmatch.SessionKindNames()
	for r.Next() {
		s, t, ok := readSessionFields(r, kinds)
		asOf := linkmatch.Date(0)
		if chk != nil {
			asOf = chk.AsOf
		}
		ok = readRecord(r, &s, asOf, ids) && ok
		if chk != nil {
			ok = ok && links.check(r, chk, &s)
		}
		if !ok {
			continue
		}

		if !t.apply(r, &s) {
			continue
		}

		if chk != nil && !rowIDFits(r, &s) {
			continue
		}
		if o := owners[s.LinkID]; o == nil {
			owners[s.LinkID] = &linkOwner{child: s.ChildID, carer: s.CarerID, line: r.Line(), rows: 1}
		} else {
			o.note(s.ChildID, s.CarerID, r.Line())
		}
		rec.Sessions = append(rec.Sessions, s)
		rec.Lines = append(rec.Lines, r.Line())
		if chk != nil {
			_, col := r.Pos("row_id")
			rec.idCols = append(rec.idCols, col)
		}
		if copyable {
			raw := "" // written as linkmatch writes it: a row added by hand gets its row id
			if s.RowID != "" && !slices.ContainsFunc(r.Fields(), formulaLike) {
				raw = r.Raw()
			}
			rec.raw = append(rec.raw, raw)
		}
	}
	return owners
}

// rowTimes are a timeline row's times as written: empty cells are filled
// in by apply.
type rowTimes struct {
	start, end                   linkmatch.Clock
	endDate                      linkmatch.Date
	hasStart, hasEnd, hasEndDate bool
}

// readSessionFields reads a timeline row's ids, date, times, kind and
// words; ok is false when a problem was reported.
func readSessionFields(r *table.Reader, kinds []string) (s linkmatch.Session, t rowTimes, ok bool) {
	ok = true
	var good bool
	s.LinkID, good = r.Required("link_id", "give the link's id, as in matches.csv or the plan")
	ok = ok && good
	s.ChildID, good = r.Required("child_id", "give the child's id, as in children.csv")
	ok = ok && good
	s.CarerID, good = r.Required("carer_id", "give the carer's id, as in carers.csv")
	ok = ok && good

	s.Date, _, good = r.Date("date", true)
	ok = ok && good
	t.start, t.hasStart, good = readClock(r, "start")
	ok = ok && good
	t.end, t.hasEnd, good = readClock(r, "end")
	ok = ok && good
	t.endDate, t.hasEndDate, good = r.Date("end_date", false)
	ok = ok && good

	kindText, good := r.Required("kind", "use one of: "+strings.Join(kinds, ", "))
	ok = ok && good
	if good {
		k, known := linkmatch.ParseSessionKind(strings.ToLower(kindText))
		if !known {
			r.Fail(input.ErrBadValue, "kind", "use one of: "+strings.Join(kinds, ", "), "%q is not a kind of session", kindText)
			ok = false
		}
		s.Kind = k
	}
	s.Stage = r.Get("stage")
	s.Location = r.Get("location")
	s.Activity = r.Get("activity")
	s.Notes = r.Get("notes")
	return s, t, ok
}

// apply sets s's start and end, and reports (returning false) a session
// that ends before it starts.
func (t rowTimes) apply(r *table.Reader, s *linkmatch.Session) bool {
	// An empty end date means the session ends on the day it starts; an
	// empty end time means it ends when it starts (a milestone).
	s.Start = t.start
	endDate, end := t.endDate, t.end
	if !t.hasEndDate {
		endDate = s.Date
	}
	if !t.hasEnd {
		end = t.start
	}
	s.EndDate, s.End = endDate, end
	switch {
	case s.EndDate < s.Date:
		r.Fail(input.ErrConflict, "end_date", "the end date must be on or after the date the session starts", "the session ends on %s, before it starts on %s", s.EndDate, s.Date)
		return false
	case s.EndDate == s.Date && s.End < s.Start && (t.hasEnd || t.hasStart):
		r.Fail(input.ErrConflict, "end", "the end time must be at or after the start time; a session running past midnight needs an end_date", "the session ends at %s, before it starts at %s", s.End, s.Start)
		return false
	}
	return true
}

// readRecord reads what a timeline given back as actuals records of the
// row: its row id (used once) and its status (not done on or after the
// as-of date, nor moved from it on to a day before it: what happened before
// the as-of date is recorded on its own day).
func readRecord(r *table.Reader, s *linkmatch.Session, asOf linkmatch.Date, ids table.Seen) bool {
	s.RowID = r.Get("row_id")
	ok := true
	if v := r.Get("status"); !parseStatus(v, s) {
		r.Fail(input.ErrBadValue, "status", hintStatus, "%q is not a status", v)
		ok = false
	} else if asOf != 0 && s.Status == linkmatch.StatusDone && s.Date >= asOf {
		r.Fail(input.ErrOutOfRange, "status", "record only what has happened: leave the status empty, or re-plan as of a later date",
			"the session on %s is recorded as done, but that is not before the as-of date %s", s.Date, asOf)
		ok = false
	} else if asOf != 0 && s.Status == linkmatch.StatusMoved && s.MovedTo != 0 && s.Date >= asOf && s.MovedTo < asOf {
		r.Fail(input.ErrOutOfRange, "status", "a session that took place early: give the row the day it happened as its date, and mark it done",
			"the session on %s is moved to %s, before the as-of date %s: the re-plan cannot move it into the past", s.Date, s.MovedTo, asOf)
		ok = false
	}
	if s.RowID != "" && !ids.First(r, "row_id", s.RowID, "row id", "keep the row ids linkmatch wrote; leave the row_id of a row you add by hand empty") {
		ok = false
	}
	return ok
}

// formulaLike reports whether a spreadsheet would read the cell as a
// formula (internal/output neutralises such cells when it writes them).
func formulaLike(v string) bool {
	return v != "" && strings.ContainsRune("=+-@\t\r", rune(v[0]))
}

// readClock reads an optional HH:MM cell.
func readClock(r *table.Reader, name string) (c linkmatch.Clock, present, ok bool) {
	v := r.Get(name)
	if v == "" {
		return 0, false, true
	}
	c, ok = linkmatch.ParseClock(v)
	if !ok {
		r.Fail(input.ErrBadValue, name, hintClock, "%q is not a time of day", v)
		return 0, false, false
	}
	return c, true, true
}
