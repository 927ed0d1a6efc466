package plan

import (
	"fmt"
	"io"
	"slices"

	"github.com/linkmatch/linkmatch"
	"github.com/linkmatch/linkmatch/internal/output"
)

// UnderWayOn returns every link still going on day d, as a link under way
// (linkmatch.Link's Started, Stage and StageSince): the first day of its
// plan, the stage it is in on d and the day that stage began. A later plan
// takes them from pinned.csv and carries each link on from its stage
// (issue 13: this year's links carried into next year's plan). Links whose
// plan ends by d (an ending, the 18th birthday) are left out; so are links
// not begun by d. The links come in link id order.
func (r *Result) UnderWayOn(d linkmatch.Date) []linkmatch.Link {
	var out []linkmatch.Link
	for _, id := range sortedKeys(r.Stages) {
		ls := r.Stages[id]
		if len(ls.Spans) == 0 || d >= ls.Ends || d < ls.Spans[0].From {
			continue
		}
		l := ls.Link
		l.Started = ls.Spans[0].From
		for _, sp := range ls.Spans {
			if sp.From <= d {
				l.Stage, l.StageSince, l.StageUntil = sp.Stage, sp.From, sp.To.AddDays(-1)
			}
		}
		if l.StageUntil >= ls.Ends.AddDays(-1) {
			l.StageUntil = 0 // the stage runs to the end of the plan: the next plan's horizon decides
		}
		out = append(out, l)
	}
	return out
}

// underWayColumns are the columns WriteUnderWay writes: pinned.csv's.
var underWayColumns = [...]string{"child_id", "carer_id", "link_id", "started", "stage", "stage_since", "stage_until"}

// WriteUnderWay writes links under way as pinned.csv (INTERFACE.md:
// child_id, carer_id, started, stage, stage_since; and stage_until, the
// last day the current stage was planned to run), for a later plan.
func WriteUnderWay(w io.Writer, links []linkmatch.Link) error {
	c := output.NewCSV(w)
	c.Header(underWayColumns[:]...)
	links = slices.Clone(links)
	slices.SortFunc(links, func(a, b linkmatch.Link) int {
		switch {
		case a.ID < b.ID:
			return -1
		case a.ID > b.ID:
			return 1
		}
		return 0
	})
	for _, l := range links {
		c.String(l.ChildID)
		c.String(l.CarerID)
		c.String(l.ID)
		c.Raw(dateCell(l.Started))
		c.String(l.Stage)
		c.Raw(dateCell(l.StageSince))
		c.Raw(dateCell(l.StageUntil))
		c.End()
	}
	if err := c.Flush(); err != nil {
		return fmt.Errorf("write the links under way: %w", err)
	}
	return nil
}

func dateCell(d linkmatch.Date) string {
	if d == 0 {
		return ""
	}
	return d.String()
}
