package main

import (
	"errors"
	"fmt"
	"strconv"
	"strings"

	"github.com/linkmatch/linkmatch/input"
	"github.com/linkmatch/linkmatch/plan"
)

// maxExtendWeeks is the longest extension: a stage is at most two years
// (plan's maxStageWeeks).
const maxExtendWeeks = 104

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
	if !ok || err != nil || stage == "" || (one && link == "") {
		return fmt.Errorf("%q: write STAGE=WEEKS for every link or LINK:STAGE=WEEKS for one, for example L-C001-K004:Developing=3", v)
	}
	if n < 1 || n > maxExtendWeeks {
		return fmt.Errorf("%q: %d weeks: give 1 to %d weeks (0 would change nothing)", v, n, maxExtendWeeks)
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
