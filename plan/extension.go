package plan

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/linkmatch/linkmatch"
)

// ParseExtension reads an extension as a person writes it ("linkmatch
// plan --extend"): STAGE=WEEKS for every link (LinkID ""), or
// LINK:STAGE=WEEKS for one, from 1 week to maxStageWeeks (0 would change
// nothing). Whether the stage and link exist is NewPlanner's to check.
func ParseExtension(v string) (Extension, error) {
	what, weeks, ok := strings.Cut(v, "=")
	n, err := strconv.Atoi(strings.TrimSpace(weeks))
	link, stage, one := strings.Cut(what, ":")
	if !one {
		link, stage = "", what
	}
	link, stage = strings.TrimSpace(link), strings.TrimSpace(stage)
	if !ok || err != nil || stage == "" || (one && link == "") {
		return Extension{}, fmt.Errorf("%q: write STAGE=WEEKS for every link or LINK:STAGE=WEEKS for one, for example L-C001-K004:Developing=3", v)
	}
	if n < 1 || n > maxStageWeeks {
		return Extension{}, fmt.Errorf("%q: %d weeks: give 1 to %d weeks (0 would change nothing)", v, n, maxStageWeeks)
	}
	return Extension{LinkID: link, Stage: stage, Weeks: n}, nil
}

// ParseEnd reads a link's ending as a person writes it ("linkmatch plan
// --end"): LINK_ID=YYYY-MM-DD. Whether the link exists, and the date is
// not before the plan's start or as-of date, is NewPlanner's to check.
func ParseEnd(v string) (linkID string, end linkmatch.Date, err error) {
	id, date, ok := strings.Cut(v, "=")
	d, err := linkmatch.ParseDate(strings.TrimSpace(date))
	if !ok || err != nil || strings.TrimSpace(id) == "" {
		return "", 0, fmt.Errorf("%q: write LINK_ID=YYYY-MM-DD, for example L-C001-K004=2027-06-30", v)
	}
	return strings.TrimSpace(id), d, nil
}
