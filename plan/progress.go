package plan

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/linkmatch/linkmatch"
	"github.com/linkmatch/linkmatch/input"
	"github.com/linkmatch/linkmatch/internal/table"
)

// Outcome is what a review decided about the stage under review
// (progress.csv's outcome column).
type Outcome uint8

// Outcomes of a stage-gate or looked-after review.
const (
	// OutcomeAdvance: the child is ready; the next stage may begin early.
	OutcomeAdvance Outcome = iota
	// OutcomeHold: the stage goes on for some more weeks.
	OutcomeHold
	// OutcomeStepBack: the link returns to the previous stage's pattern
	// for a while ("stepping up" the support, in seed 003's words), then
	// takes the stage under review again.
	OutcomeStepBack
)

var outcomeNames = [...]string{"advance", "hold", "step_back"}

func (o Outcome) String() string {
	if int(o) < len(outcomeNames) {
		return outcomeNames[o]
	}
	return "unknown"
}

// Decision is one review's decision about one link (a row of
// progress.csv): on Date, the review of Stage decided Outcome.
type Decision struct {
	LinkID  string
	Date    linkmatch.Date
	Stage   string
	Outcome Outcome
	// Weeks: for a hold, how many more weeks the stage runs (at least 1);
	// for a step back, how long the previous stage's pattern runs (0: that
	// stage's own paced length).
	Weeks int
	// Notes are the reviewer's words; linkmatch keeps them out of every
	// output (they may name people).
	Notes string
}

// ProgressCheck says what a progress.csv is checked against; zero fields
// are not checked.
type ProgressCheck struct {
	// Template: every stage must be one of its stages.
	Template *Template
	// Known reports whether a link id is being planned.
	Known func(linkID string) bool
	// AsOf: a decision cannot be dated after the day the plan is re-planned
	// from.
	AsOf linkmatch.Date
}

var progressSpec = table.Spec{
	Required: []string{"link_id", "date", "stage", "outcome"},
	Optional: []string{"notes", "child_id", "carer_id"},
}

const hintOutcome = "write advance, hold WEEKS (for example hold 3) or step_back (optionally step_back WEEKS)"

// ParseProgress reads progress.csv (INTERFACE.md: link_id, date, stage,
// outcome, notes) already in memory, naming it display in problems, and
// returns the decisions with the file line of each. Every problem is
// recorded in ps at its file:line:column with its input kind: an unknown
// link (input.ErrUnknownName), a stage not in the template
// (input.ErrUnknownName), an outcome that is not advance, hold WEEKS or
// step_back (input.ErrBadValue), a decision dated after the as-of date
// (input.ErrOutOfRange), two decisions for one link on one day
// (input.ErrDuplicate). Rows with a problem are left out. places says
// where each decision was read, for problems found later (DecisionError).
func ParseProgress(data []byte, display string, chk ProgressCheck, ps *input.Problems) (decisions []Decision, places []Place) {
	r := table.New(display, data, progressSpec, ps)
	if r == nil {
		return nil, nil
	}
	seen := map[string]int{} // the line of each link's decision on each day
	for r.Next() {
		var d Decision
		var ok, good bool
		d.LinkID, ok = r.Required("link_id", "give the link's id, as in the timeline (L-<child id>-<carer id>)")
		if ok && chk.Known != nil && !chk.Known(d.LinkID) {
			r.Fail(input.ErrUnknownName, "link_id", "use the id of a link being planned, as in the timeline's link_id column", "there is no link %q in the plan", d.LinkID)
			ok = false
		}
		d.Date, _, good = r.Date("date", true)
		ok = ok && good
		if good && chk.AsOf != 0 && d.Date > chk.AsOf {
			r.Fail(input.ErrOutOfRange, "date", "record a decision once the review has happened, and re-plan as of a later date", "the review on %s is after the as-of date %s", d.Date, chk.AsOf)
			ok = false
		}
		d.Stage, good = r.Required("stage", "give the stage that was reviewed")
		if good && chk.Template != nil {
			if i := chk.Template.Stage(d.Stage); i < 0 {
				r.Fail(input.ErrUnknownName, "stage", "use one of the template's stages: "+strings.Join(chk.Template.StageNames(), ", "), "%q is not a stage of the plan", d.Stage)
				good = false
			} else {
				d.Stage = chk.Template.Stages[i].Name
			}
		}
		ok = ok && good
		text, good := r.Required("outcome", hintOutcome)
		if good {
			var weeks string
			d.Outcome, d.Weeks, weeks, good = parseOutcome(text)
			switch {
			case !good && weeks != "":
				r.Fail(input.ErrBadValue, "outcome", fmt.Sprintf("give 1 to %d weeks, for example %s 3", maxStageWeeks, d.Outcome),
					"%q: %s weeks is out of range (a %s is 1 to %d weeks)", text, weeks, d.Outcome, maxStageWeeks)
			case !good:
				r.Fail(input.ErrBadValue, "outcome", hintOutcome, "%q is not an outcome", text)
			}
		}
		ok = ok && good
		d.Notes = r.Get("notes")
		if ok {
			key := d.LinkID + " " + d.Date.String()
			if first, dup := seen[key]; dup {
				r.Fail(input.ErrDuplicate, "date", "record one decision per link and review: keep one of the two rows",
					"link %s already has a decision for the review on %s (at %s)", d.LinkID, d.Date, table.Describe(r.File, first))
				ok = false
			} else {
				seen[key] = r.Line()
			}
		}
		if ok {
			decisions = append(decisions, d)
			places = append(places, placeOf(r, progressSpec))
		}
	}
	return decisions, places
}

// Place is where a row was read: its line, and the column (1-based, in
// characters) of each of its fields by name.
type Place struct {
	Line    int
	Columns map[string]int
}

func placeOf(r *table.Reader, spec table.Spec) Place {
	p := Place{Line: r.Line(), Columns: map[string]int{}}
	for _, names := range [][]string{spec.Required, spec.Optional} {
		for _, name := range names {
			if _, col := r.Pos(name); col > 0 {
				p.Columns[name] = col
			}
		}
	}
	return p
}

// parseOutcome reads "advance", "hold 3" (also "hold 3 weeks") or
// "step_back" (also "step back", optionally with weeks), in any case. A
// hold or step back whose number of weeks is out of range is not ok, and
// gives its outcome and the number as written (bad), so the problem can say
// so.
func parseOutcome(text string) (o Outcome, n int, bad string, ok bool) {
	f := strings.Fields(strings.ToLower(strings.ReplaceAll(text, "-", "_")))
	if len(f) >= 2 && f[0] == "step" && f[1] == "back" {
		f = append([]string{"step_back"}, f[2:]...)
	}
	if n := len(f); n >= 2 && (f[n-1] == "weeks" || f[n-1] == "week") {
		f = f[:n-1]
	}
	weeks := func(o Outcome, s string) (Outcome, int, string, bool) {
		n, err := strconv.Atoi(s)
		switch {
		case err != nil:
			return o, 0, "", false
		case n < 1 || n > maxStageWeeks:
			return o, 0, s, false // a number, out of range
		}
		return o, n, "", true
	}
	switch {
	case len(f) == 1 && f[0] == "advance":
		return OutcomeAdvance, 0, "", true
	case len(f) == 2 && f[0] == "hold":
		return weeks(OutcomeHold, f[1])
	case len(f) == 1 && f[0] == "step_back":
		return OutcomeStepBack, 0, "", true
	case len(f) == 2 && f[0] == "step_back":
		return weeks(OutcomeStepBack, f[1])
	}
	return 0, 0, "", false
}

// String writes the outcome as progress.csv does.
func (d *Decision) String() string {
	switch {
	case d.Outcome == OutcomeHold, d.Outcome == OutcomeStepBack && d.Weeks > 0:
		return fmt.Sprintf("%s %d", d.Outcome, d.Weeks)
	}
	return d.Outcome.String()
}
