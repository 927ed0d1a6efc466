package plan

import (
	"fmt"
	"io"
	"strings"

	"github.com/linkmatch/linkmatch"
	"github.com/linkmatch/linkmatch/input"
	"github.com/linkmatch/linkmatch/internal/output"
	"github.com/linkmatch/linkmatch/internal/table"
)

// Timeline columns, as in INTERFACE.md's timeline.csv. Column order on output
// is this order; on input columns are found by name.
var timelineColumns = [...]string{
	"link_id", "child_id", "carer_id", "date", "start", "end_date", "end",
	"kind", "stage", "location", "activity", "notes",
}

// timelineSpec says which timeline.csv columns a reader needs. A timeline
// written by hand may leave out times (a milestone has none), the stage, the
// location and the notes; it must say whose session it is, when, and what.
var timelineSpec = table.Spec{
	Required: []string{"link_id", "child_id", "carer_id", "date", "kind"},
	Optional: []string{"start", "end_date", "end", "stage", "location", "activity", "notes"},
}

// WriteTimeline writes sessions as timeline.csv (INTERFACE.md), one row per
// session in the order given, with the header row first. Text cells are
// neutralised for spreadsheets by internal/output.
func WriteTimeline(w io.Writer, sessions []linkmatch.Session) error {
	c := output.NewCSV(w)
	c.Header(timelineColumns[:]...)
	for i := range sessions {
		s := &sessions[i]
		c.String(s.LinkID)
		c.String(s.ChildID)
		c.String(s.CarerID)
		c.Raw(s.Date.String())
		c.Raw(s.Start.String())
		c.Raw(s.EndDate.String())
		c.Raw(s.End.String())
		c.Raw(s.Kind.String())
		c.String(s.Stage)
		c.String(s.Location)
		c.String(s.Activity)
		c.String(s.Notes)
		c.End()
	}
	if err := c.Flush(); err != nil {
		return fmt.Errorf("write timeline: %w", err)
	}
	return nil
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
		{"plan ending at 18 before the move", "plans ending at 18 before the move"},
		{"long-term family's address unknown", "long-term families' addresses unknown"},
		{"month short of the agreed breaks", "months short of the agreed breaks"},
		{"child over 75 days of short breaks in 12 months", "children over 75 days of short breaks in 12 months"},
		{"link without introductions", "links without introductions"},
		{"provisional link (carer in assessment)", "provisional links (carers in assessment)"},
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
// problem (a bad date, time or kind, an end before the start, a link id used
// for two different children or carers) is recorded in ps with its
// file:line:column; rows with a problem are left out of the result. The
// caller checks ps.Err() before using the sessions.
func ParseTimeline(data []byte, display string, ps *input.Problems) (sessions []linkmatch.Session, lines []int) {
	r := table.New(display, data, timelineSpec, ps)
	if r == nil {
		return nil, nil
	}
	return readTimeline(r)
}

// linkOwner remembers the first row of a link, to check that every row of
// the link names the same child and carer.
type linkOwner struct {
	child, carer string
	line         int
}

const (
	hintClock = "write the time as HH:MM on the 24-hour clock, for example 09:30 or 17:00"
)

func readTimeline(r *table.Reader) ([]linkmatch.Session, []int) {
	var out []linkmatch.Session
	var lines []int
	owners := map[string]linkOwner{}
	kinds := linkmatch.SessionKindNames()
	for r.Next() {
		ok := true
		var s linkmatch.Session
		var good bool
		s.LinkID, good = r.Required("link_id", "give the link's id, as in matches.csv or the plan")
		ok = ok && good
		s.ChildID, good = r.Required("child_id", "give the child's id, as in children.csv")
		ok = ok && good
		s.CarerID, good = r.Required("carer_id", "give the carer's id, as in carers.csv")
		ok = ok && good

		s.Date, _, good = r.Date("date", true)
		ok = ok && good
		var start, end linkmatch.Clock
		var hasStart, hasEnd bool
		start, hasStart, good = readClock(r, "start")
		ok = ok && good
		end, hasEnd, good = readClock(r, "end")
		ok = ok && good
		endDate, hasEndDate, good := r.Date("end_date", false)
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
		if !ok {
			continue
		}

		// An empty end date means the session ends on the day it starts; an
		// empty end time means it ends when it starts (a milestone).
		s.Start = start
		if !hasEndDate {
			endDate = s.Date
		}
		if !hasEnd {
			end = start
		}
		s.EndDate, s.End = endDate, end
		switch {
		case s.EndDate < s.Date:
			r.Fail(input.ErrConflict, "end_date", "the end date must be on or after the date the session starts", "the session ends on %s, before it starts on %s", s.EndDate, s.Date)
			continue
		case s.EndDate == s.Date && s.End < s.Start && (hasEnd || hasStart):
			r.Fail(input.ErrConflict, "end", "the end time must be at or after the start time; a session running past midnight needs an end_date", "the session ends at %s, before it starts at %s", s.End, s.Start)
			continue
		}

		if o, seen := owners[s.LinkID]; !seen {
			owners[s.LinkID] = linkOwner{child: s.ChildID, carer: s.CarerID, line: r.Line()}
		} else if o.child != s.ChildID || o.carer != s.CarerID {
			r.Fail(input.ErrConflict, "link_id", "a link joins one child to one carer; give this pairing its own link id",
				"link %q is for child %q and carer %q at %s, but this row names child %q and carer %q",
				s.LinkID, o.child, o.carer, table.Describe(r.File, o.line), s.ChildID, s.CarerID)
			continue
		}
		out = append(out, s)
		lines = append(lines, r.Line())
	}
	return out, lines
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
