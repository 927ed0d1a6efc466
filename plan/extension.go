package plan

import (
	"fmt"
	"strconv"
	"strings"
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
