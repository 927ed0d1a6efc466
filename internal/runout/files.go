package runout

import (
	"bytes"
	"encoding/json"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/linkmatch/linkmatch/internal/inputfile"
	"github.com/linkmatch/linkmatch/plan"
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
		"plan_warnings.csv", "stages.csv", "timeline.csv", "timeline.ics", "costs.csv", "cost-summary.csv", "carer_statements.csv",
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

// staleAgreements lists the written agreements (agreement-LINK.html) in dir
// that linkmatch wrote (plan.AgreementMarker in the page's head) and that
// are not among writing, the pages this plan or run writes: pages of links
// no longer planned, which would otherwise sit beside the new ones as if
// still agreed (issue 17). A page without the marker is left alone.
func staleAgreements(dir string, writing []string) []string {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return nil
	}
	var out []string
	for _, e := range entries {
		name := e.Name()
		if !e.Type().IsRegular() || !strings.HasPrefix(name, "agreement-") || !strings.HasSuffix(name, ".html") || slices.Contains(writing, name) {
			continue
		}
		if path := filepath.Join(dir, name); writtenAgreement(path) {
			out = append(out, path)
		}
	}
	return out
}

// writtenAgreement reports whether the file at path begins like a page
// linkmatch wrote: the marker within its first 2 KB.
func writtenAgreement(path string) bool {
	f, err := os.Open(path)
	if err != nil {
		return false
	}
	defer f.Close()
	head := make([]byte, 2048)
	n, _ := io.ReadFull(f, head)
	return bytes.Contains(head[:n], []byte(plan.AgreementMarker))
}
