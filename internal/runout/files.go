package runout

import (
	"encoding/json"
	"path/filepath"
	"slices"

	"github.com/linkmatch/linkmatch/internal/inputfile"
)

// ReportFile is the HTML report a run writes into its folder, and
// Workbook the workbook the demo writes beside it.
const (
	ReportFile = "report.html"
	Workbook   = "workbook.xlsx"
)

// Outputs are every file a run may write into its folder. run.json is
// the deterministic record of the run (the same inputs give the same
// bytes); timings.json holds how long each stage took, which differs
// from run to run.
func Outputs() []string {
	return []string{"pairs.csv", "shortlist.csv", "matches.csv", "unmatched.csv", "certificate.csv",
		"plan_warnings.csv", "timeline.csv", "timeline.ics", "costs.csv", "cost-summary.csv", "carer_statements.csv",
		ReportFile, Workbook, "run.json", "timings.json"}
}

// staleOutputs lists the outputs an earlier run recorded in dir's run.json
// that this run, which produces produced, does not: they would otherwise
// sit beside the new outputs as if this run had made them (costs.csv from
// a run with rates, say). Only names a run can write are listed, so a
// run.json edited by hand cannot make a run delete anything else.
func staleOutputs(dir string, produced []string) []string {
	data, err := inputfile.Read(filepath.Join(dir, "run.json"), inputfile.CSV, inputfile.Limits{CSV: inputfile.MB})
	if err != nil {
		return nil
	}
	var prev struct {
		Outputs []string `json:"outputs"`
	}
	if json.Unmarshal(data, &prev) != nil {
		return nil
	}
	var out []string
	for _, name := range prev.Outputs {
		if isRunOutput(name) && !slices.Contains(produced, name) {
			out = append(out, filepath.Join(dir, name))
		}
	}
	return out
}
