// Package panel assembles what a fostering panel reads about a run: the
// HTML report's model (package report) and the workbook's sheets (package
// internal/workbook).
//
// What the run decided comes from its outputs (Outputs: the links and why,
// the children left unlinked, the timeline, the plan warnings, the costs
// and the certificate), read from a run folder by ReadOutputs or handed
// over in memory by the run itself; what explains it — where everyone
// lives, the boundaries, each pair's score and its parts, the runners-up —
// comes from the scenario, scored again. Both "linkmatch run" and
// "linkmatch report RUN_DIR" go through Build, so they make the same page.
package panel

import (
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"strconv"
	"strings"

	"github.com/linkmatch/linkmatch"
	"github.com/linkmatch/linkmatch/input"
	"github.com/linkmatch/linkmatch/internal/table"
	"github.com/linkmatch/linkmatch/match"
	"github.com/linkmatch/linkmatch/plan"
	"github.com/linkmatch/linkmatch/report"
)

// RunRecord is the part of run.json the report reads.
type RunRecord struct {
	Scenario string `json:"scenario"`
	// ScenarioPath is the scenario.toml the run read (absolute).
	ScenarioPath string            `json:"scenario_path"`
	Inputs       map[string]string `json:"inputs_sha256"`
	// Top is how many carers each shortlist listed.
	Top    int               `json:"shortlist_top"`
	Totals map[string]string `json:"totals"`
}

// Outputs are what a run decided, as its output files record it.
type Outputs struct {
	Run       RunRecord
	Matches   []Match
	Unmatched []Unmatched
	// Sessions are the timeline's rows. Build groups them by child in
	// place, keeping each child's rows in order, and shares them with the
	// report rather than copying them.
	Sessions []linkmatch.Session
	Warnings []Warning
	// Costs are costs.csv's rows, or a run's totals of them by link and
	// kind of payment (CostItemsOf, with Months); nil when the run priced
	// nothing.
	Costs []CostItem
	// Months, when not nil, is the all-links month summary of the costs
	// as the run's cost stage made it (MonthsOf), which the report then
	// need not make again from Costs (monthCosts gives the same from
	// costs.csv's rows; a run's totals, CostItemsOf, cannot give them).
	Months []report.MonthCost
	// Certificate is certificate.csv's rows; nil without one.
	Certificate []match.CertificateRow
	// Stages are stages.csv's rows: each link's stages as the plan dates
	// them, by link id; nil for a run folder without the file (the report
	// then dates stages by their sessions).
	Stages map[string][]StageDates
}

// StageDates is one row of stages.csv: a stage of a link, from its first
// day to its last.
type StageDates struct {
	Stage    string
	From, To linkmatch.Date
}

// Match is one row of matches.csv.
type Match struct {
	ChildID, CarerID string
	Score            float64
	Rank             int
	Why              string
	Mode             string
	SiblingGroup     string
	Pinned           bool
}

// Unmatched is one row of unmatched.csv.
type Unmatched struct {
	ChildID, Reason string
}

// Warning is one row of plan_warnings.csv.
type Warning struct {
	LinkID, ChildID, CarerID  string
	Stage, Problem, What, Why string
	From, To                  linkmatch.Date
}

// CostItem is one row of costs.csv.
type CostItem struct {
	LinkID, ChildID, CarerID string
	Date                     linkmatch.Date
	Item                     string
	Amount                   linkmatch.Pence
	// Days is the number of days a retainer row pays (costs.csv's days,
	// 1–7); 0 for any other row.
	Days int
}

// The files of a run folder the report reads.
const (
	FileRun         = "run.json"
	FileMatches     = "matches.csv"
	FileUnmatched   = "unmatched.csv"
	FileTimeline    = "timeline.csv"
	FileWarnings    = "plan_warnings.csv"
	FileCosts       = "costs.csv"
	FileCertificate = "certificate.csv"
	FileShortlist   = "shortlist.csv"
	FileStatements  = "carer_statements.csv"
	FileStages      = "stages.csv"
)

// ReadOutputs reads a run folder. run.json, matches.csv, unmatched.csv and
// timeline.csv must be there; plan_warnings.csv, costs.csv and
// certificate.csv are read when present. Problems in the files are
// returned as a *input.InvalidError naming file:line:column.
func ReadOutputs(fsys fs.FS) (*Outputs, error) { return readOutputs(fsys, nil) }

// ReadOutputsWith reads a run's outputs as ReadOutputs does, except the
// timeline: sessions are timeline.csv's rows as the run planned them, so
// that "linkmatch run" hands its plan over rather than parse the 1.1
// million rows it has just written (a national run). The run's tests
// check that reading timeline.csv back gives these sessions.
func ReadOutputsWith(fsys fs.FS, sessions []linkmatch.Session) (*Outputs, error) {
	if sessions == nil {
		sessions = []linkmatch.Session{}
	}
	return readOutputs(fsys, sessions)
}

func readOutputs(fsys fs.FS, sessions []linkmatch.Session) (*Outputs, error) {
	out := &Outputs{Sessions: sessions}
	data, err := fs.ReadFile(fsys, FileRun)
	if err != nil {
		return nil, fmt.Errorf("%s: %w (is this a folder written by \"linkmatch run\"?)", FileRun, err)
	}
	if err := json.Unmarshal(data, &out.Run); err != nil {
		return nil, fmt.Errorf("%s: %w", FileRun, err)
	}
	var ps input.Problems
	read := func(name string, required bool, fn func([]byte)) error {
		data, err := fs.ReadFile(fsys, name)
		switch {
		case errors.Is(err, fs.ErrNotExist) && !required:
			return nil
		case errors.Is(err, fs.ErrNotExist):
			ps.Fail(input.ErrMissingFile, name, 0, 0, "", "run \"linkmatch run\" again to write every output", "file not found")
			return nil
		case err != nil:
			return fmt.Errorf("%s: %w", name, err)
		}
		fn(data)
		return nil
	}
	steps := []struct {
		name     string
		required bool
		fn       func([]byte)
	}{
		{FileMatches, true, func(d []byte) { out.Matches = parseMatches(d, &ps) }},
		{FileUnmatched, true, func(d []byte) { out.Unmatched = parseUnmatched(d, &ps) }},
		{FileTimeline, true, func(d []byte) { out.Sessions, _ = plan.ParseTimeline(d, FileTimeline, &ps) }},
		{FileWarnings, false, func(d []byte) { out.Warnings = parseWarnings(d, &ps) }},
		{FileCosts, false, func(d []byte) { out.Costs = parseCosts(d, &ps) }},
		{FileCertificate, false, func(d []byte) { out.Certificate = match.ParseCertificate(d, FileCertificate, &ps) }},
		{FileStages, false, func(d []byte) { out.Stages = parseStages(d, &ps) }},
	}
	for _, s := range steps {
		if s.name == FileTimeline && sessions != nil {
			continue
		}
		if err := read(s.name, s.required, s.fn); err != nil {
			return nil, err
		}
	}
	if err := ps.Err(); err != nil {
		return nil, err
	}
	return out, nil
}

var matchesSpec = table.Spec{Required: []string{"child_id", "carer_id", "score"}, Optional: []string{"rank", "why", "mode", "sibling_group", "pinned"}}

func parseMatches(data []byte, ps *input.Problems) []Match {
	r := table.New(FileMatches, data, matchesSpec, ps)
	if r == nil {
		return nil
	}
	var out []Match
	for r.Next() {
		m := Match{ChildID: r.Get("child_id"), CarerID: r.Get("carer_id"), Why: r.Get("why"), Mode: r.Get("mode"),
			SiblingGroup: r.Get("sibling_group"), Pinned: r.Get("pinned") == "yes"}
		var ok bool
		if m.Score, ok = r.Float("score", 0, 0, 100, "scores are 0 to 100"); !ok {
			continue
		}
		if m.Rank, ok = r.Int("rank", 0, 0, 1<<30, "the rank is a whole number"); !ok {
			continue
		}
		out = append(out, m)
	}
	return out
}

var unmatchedSpec = table.Spec{Required: []string{"child_id", "reason"}, Optional: []string{"code", "eligible_carers", "full_carers", "sibling_group"}}

func parseUnmatched(data []byte, ps *input.Problems) []Unmatched {
	r := table.New(FileUnmatched, data, unmatchedSpec, ps)
	if r == nil {
		return nil
	}
	var out []Unmatched
	for r.Next() {
		out = append(out, Unmatched{ChildID: r.Get("child_id"), Reason: r.Get("reason")})
	}
	return out
}

var stagesSpec = table.Spec{Required: []string{"link_id", "child_id", "carer_id", "stage", "from", "to"}}

func parseStages(data []byte, ps *input.Problems) map[string][]StageDates {
	r := table.New(FileStages, data, stagesSpec, ps)
	if r == nil {
		return nil
	}
	out := map[string][]StageDates{}
	for r.Next() {
		st := StageDates{Stage: r.Get("stage")}
		var ok1, ok2 bool
		st.From, _, ok1 = r.Date("from", true)
		st.To, _, ok2 = r.Date("to", true)
		if ok1 && ok2 {
			out[r.Get("link_id")] = append(out[r.Get("link_id")], st)
		}
	}
	return out
}

var warningsSpec = table.Spec{
	Required: []string{"link_id", "child_id", "carer_id", "stage", "problem", "what", "from", "to", "why"},
	Optional: []string{"short_by", "unit"},
}

func parseWarnings(data []byte, ps *input.Problems) []Warning {
	r := table.New(FileWarnings, data, warningsSpec, ps)
	if r == nil {
		return nil
	}
	var out []Warning
	for r.Next() {
		w := Warning{LinkID: r.Get("link_id"), ChildID: r.Get("child_id"), CarerID: r.Get("carer_id"),
			Stage: r.Get("stage"), Problem: r.Get("problem"), What: r.Get("what"), Why: r.Get("why")}
		var ok1, ok2 bool
		w.From, _, ok1 = r.Date("from", true)
		w.To, _, ok2 = r.Date("to", true)
		if ok1 && ok2 {
			out = append(out, w)
		}
	}
	return out
}

var costsSpec = table.Spec{
	Required: []string{"link_id", "child_id", "carer_id", "date", "item", "amount_gbp"},
	Optional: []string{"quantity", "rate_gbp", "week", "days", "miles", "tier", "age", "band", "effective_from", "rate_source", "rule", "unit", "basis"},
}

func parseCosts(data []byte, ps *input.Problems) []CostItem {
	r := table.New(FileCosts, data, costsSpec, ps)
	if r == nil {
		return nil
	}
	var out []CostItem
	for r.Next() {
		c := CostItem{LinkID: r.Get("link_id"), ChildID: r.Get("child_id"), CarerID: r.Get("carer_id"), Item: r.Get("item")}
		var ok bool
		if c.Date, _, ok = r.Date("date", true); !ok {
			continue
		}
		amount, err := parseSignedGBP(r.Get("amount_gbp"))
		if err != nil {
			r.Fail(input.ErrBadValue, "amount_gbp", "the file should be costs.csv as linkmatch wrote it", "%v", err)
			continue
		}
		c.Amount = amount
		if d := strings.TrimSpace(r.Get("days")); d != "" && c.Item == "retainer" {
			n, err := strconv.Atoi(d)
			if err != nil || n < 1 || n > 7 {
				r.Fail(input.ErrBadValue, "days", "the file should be costs.csv as linkmatch wrote it", "a retainer pays 1 to 7 days, not %q", d)
				continue
			}
			c.Days = n
		}
		out = append(out, c)
	}
	return out
}

// parseSignedGBP reads an amount in pounds that may be negative (a
// correction).
func parseSignedGBP(s string) (linkmatch.Pence, error) {
	s = strings.TrimSpace(s)
	if rest, neg := strings.CutPrefix(s, "-"); neg {
		p, err := linkmatch.ParseGBP(rest)
		return -p, err
	}
	return linkmatch.ParseGBP(s)
}

// comparisons lists run.json's comparison_1, comparison_2 … in order.
func (r *RunRecord) comparisons() []string {
	var out []string
	for i := 1; ; i++ {
		c, ok := r.Totals["comparison_"+strconv.Itoa(i)]
		if !ok {
			return out
		}
		out = append(out, c)
	}
}
