package plan

import (
	"cmp"
	"fmt"
	"io"
	"slices"
	"strings"

	"github.com/linkmatch/linkmatch"
	"github.com/linkmatch/linkmatch/internal/output"
)

// ChangeKind is what a re-plan did to a timeline row.
type ChangeKind uint8

// What a re-plan can do to a row.
const (
	// ChangeAdded: a row the timeline re-planned did not have.
	ChangeAdded ChangeKind = iota
	// ChangeMoved: the same event at another date or time.
	ChangeMoved
	// ChangeCancelled: a recorded row the new plan no longer has.
	ChangeCancelled
	// ChangeChanged: the same event at the same time, with other details
	// (its activity, place or notes).
	ChangeChanged
)

var changeNames = [...]string{"added", "moved", "cancelled", "changed"}

func (c ChangeKind) String() string {
	if int(c) < len(changeNames) {
		return changeNames[c]
	}
	return "unknown"
}

// Change is one row of changes.csv: what a re-plan did to one event of a
// link, and why.
type Change struct {
	LinkID, ChildID, CarerID string
	RowID                    string
	Change                   ChangeKind
	Kind                     linkmatch.SessionKind
	Stage, Activity          string
	// Old is the event as recorded (zero Date for an added row); New as
	// planned now (zero Date for a cancelled one).
	OldDate, NewDate   linkmatch.Date
	OldStart, NewStart linkmatch.Clock
	// Reason is one of: new link, hold, advance, step back, extend, end,
	// clash, rearranged, plan extended, link removed, inputs changed, added
	// by hand (a row added to the timeline by hand, given its row id now),
	// recorded (a cancellation or move recorded in the timeline), past the
	// plan's end (a session recorded as moved after it). Why says
	// it in plain words.
	Reason, Why string
}

// change builds a Change from the new session s (nil when cancelled) and
// the recorded o (nil when added).
func change(in *PlanInput, s, o *linkmatch.Session, kind ChangeKind, why reason) Change {
	c := Change{LinkID: in.Link.ID, ChildID: in.Child.ID, CarerID: in.Carer.ID, Change: kind, Reason: why.code, Why: why.text}
	if o != nil {
		c.RowID, c.Kind, c.Stage, c.Activity = o.RowID, o.Kind, o.Stage, o.Activity
		c.OldDate, c.OldStart = o.Date, o.Start
	}
	if s != nil {
		c.RowID, c.Kind, c.Stage, c.Activity = s.RowID, s.Kind, s.Stage, s.Activity
		c.NewDate, c.NewStart = s.Date, s.Start
	}
	return c
}

// sortChanges orders changes by link, then by the first date they concern.
func sortChanges(cs []Change) {
	day := func(c *Change) linkmatch.Date {
		if c.OldDate != 0 && (c.NewDate == 0 || c.OldDate < c.NewDate) {
			return c.OldDate
		}
		return c.NewDate
	}
	slices.SortStableFunc(cs, func(a, b Change) int {
		return cmp.Or(strings.Compare(a.LinkID, b.LinkID), cmp.Compare(day(&a), day(&b)), strings.Compare(a.RowID, b.RowID))
	})
}

// changeColumns are changes.csv's columns, in order.
var changeColumns = [...]string{
	"link_id", "child_id", "carer_id", "row_id", "change", "kind", "stage", "activity",
	"old_date", "old_start", "new_date", "new_start", "reason", "why",
}

// WriteChanges writes changes.csv: one row per timeline row a re-plan
// added, moved, cancelled or changed, with the old and new date and time
// and the reason (the header alone when nothing changed).
func WriteChanges(w io.Writer, changes []Change) error {
	c := output.NewCSV(w)
	c.Header(changeColumns[:]...)
	when := func(d linkmatch.Date, t linkmatch.Clock) {
		if d == 0 {
			c.Raw("")
			c.Raw("")
			return
		}
		c.Raw(d.String())
		c.Raw(t.String())
	}
	for i := range changes {
		x := &changes[i]
		c.String(x.LinkID)
		c.String(x.ChildID)
		c.String(x.CarerID)
		c.String(x.RowID)
		c.Raw(x.Change.String())
		c.Raw(x.Kind.String())
		c.String(x.Stage)
		c.String(x.Activity)
		when(x.OldDate, x.OldStart)
		when(x.NewDate, x.NewStart)
		c.String(x.Reason)
		c.String(x.Why)
		c.End()
	}
	if err := c.Flush(); err != nil {
		return fmt.Errorf("write changes: %w", err)
	}
	return nil
}

// AllChanges are the rows of changes.csv: the re-plan's changes and the
// sessions ahead recorded as cancelled or moved, in link and date order.
func (r *Result) AllChanges() []Change {
	if len(r.Ahead) == 0 {
		return r.Changes
	}
	out := append(slices.Clone(r.Changes), r.Ahead...)
	sortChanges(out)
	return out
}

// SummariseChanges is the one line plan prints about a re-plan's changes.
func SummariseChanges(changes []Change) string {
	if len(changes) == 0 {
		return "none: every link keeps its timeline"
	}
	var n [len(changeNames)]int
	links := map[string]bool{}
	recorded := 0
	for _, c := range changes {
		if c.Reason == reasonRecorded {
			recorded++ // the family finder's own, not the re-plan's
			continue
		}
		n[c.Change]++
		links[c.LinkID] = true
	}
	ahead := ""
	if recorded > 0 {
		ahead = fmt.Sprintf("; %d %s ahead recorded as cancelled or moved — see changes.csv", recorded, plural(recorded, "session", "sessions"))
	}
	if len(links) == 0 {
		return "none: every link keeps its timeline" + ahead
	}
	var parts []string
	for k, v := range n {
		if v > 0 {
			parts = append(parts, fmt.Sprintf("%d %s", v, changeNames[k]))
		}
	}
	noun := "links"
	if len(links) == 1 {
		noun = "link"
	}
	if ahead != "" {
		return fmt.Sprintf("%s rows for %d %s%s", strings.Join(parts, ", "), len(links), noun, ahead)
	}
	return fmt.Sprintf("%s rows for %d %s — see changes.csv", strings.Join(parts, ", "), len(links), noun)
}
