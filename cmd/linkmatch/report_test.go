package main

import (
	"bytes"
	"context"
	"math"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"github.com/linkmatch/linkmatch"
	"github.com/linkmatch/linkmatch/internal/browsertest"
	"github.com/linkmatch/linkmatch/internal/panel"
	"github.com/linkmatch/linkmatch/internal/runout"
	"github.com/linkmatch/linkmatch/internal/workbook"
)

// The report and the workbook a run (and the demo) writes into its folder.
const (
	reportFile   = runout.ReportFile
	demoWorkbook = runout.Workbook
)

// demoRun runs the demo once for the tests of this file (they only read
// its folder) and returns the folder.
var demoRun = sync.OnceValues(func() (string, error) {
	dir, err := os.MkdirTemp("", "linkmatch-report-test-")
	if err != nil {
		return "", err
	}
	var out, errb bytes.Buffer
	if err := run(context.Background(), []string{"demo", "--out", dir, "--quiet"}, strings.NewReader(""), &out, &errb); err != nil {
		return "", &demoError{err: err, stderr: errb.String()}
	}
	return dir, nil
})

type demoError struct {
	err    error
	stderr string
}

func (e *demoError) Error() string { return e.err.Error() + ": " + e.stderr }

func demoFolder(t *testing.T) string {
	t.Helper()
	dir, err := demoRun()
	if err != nil {
		t.Fatal(err)
	}
	return dir
}

// TestDemoReport: the demo writes report.html and workbook.xlsx; "report"
// on its folder writes the same report, byte for byte, and the same
// workbook; run.json says where the scenario is, inside the folder.
func TestDemoReport(t *testing.T) {
	dir := demoFolder(t)
	page, err := os.ReadFile(filepath.Join(dir, reportFile))
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"<h1>Somerset step-down demo</h1>", "Giving the sibling group S1 K001 instead would link as many children with a total score 17.58 lower",
		"No other set of links serves more children, or the same number with a higher total score.", `id="child-16"`} {
		if !strings.Contains(string(page), want) && !strings.Contains(string(page), strings.ReplaceAll(want, "&#39;", "'")) {
			t.Errorf("report.html lacks %q", want)
		}
	}
	rec, err := os.ReadFile(filepath.Join(dir, "run.json"))
	if err != nil || !strings.Contains(string(rec), `"scenario_path": "scenario/scenario.toml"`) || !strings.Contains(string(rec), `"report.html"`) {
		t.Errorf("run.json (%v):\n%s", err, rec)
	}
	other := t.TempDir()
	html, xlsx := filepath.Join(other, "r.html"), filepath.Join(other, "w.xlsx")
	if code, _, stderr := runCapture(t, "report", dir, "--out", html, "--xlsx", xlsx, "--quiet"); code != 0 {
		t.Fatalf("report: exit %d: %s", code, stderr)
	}
	for _, pair := range [][2]string{{filepath.Join(dir, reportFile), html}, {filepath.Join(dir, demoWorkbook), xlsx}} {
		a := readFile(t, pair[0])
		b := readFile(t, pair[1])
		if len(a) == 0 || !bytes.Equal(a, b) {
			t.Errorf("%s and %s differ (%d and %d bytes)", pair[0], pair[1], len(a), len(b))
		}
	}
}

// TestWorkbookRoundTrip reads the demo's workbook back and compares every
// cell with the CSV file its sheet comes from — dates as dates, money to
// the penny, numbers, text exactly — and the costs by month with costs.csv
// summed by month here.
func TestWorkbookRoundTrip(t *testing.T) {
	dir := demoFolder(t)
	f, err := excelize.OpenFile(filepath.Join(dir, demoWorkbook))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if err := f.Close(); err != nil {
			t.Error(err)
		}
	})
	want := []string{"links", "shortlist", "unmatched", "timeline", "costs by month"}
	if _, err := os.Stat(filepath.Join(dir, panel.FileStatements)); err == nil {
		want = append(want, "carer statements")
	}
	if got := f.GetSheetList(); strings.Join(got, "|") != strings.Join(want, "|") {
		t.Fatalf("sheets %q, want %q", got, want)
	}
	for sheet, file := range map[string]string{"links": "matches.csv", "shortlist": "shortlist.csv", "unmatched": "unmatched.csv",
		"timeline": "timeline.csv", "carer statements": panel.FileStatements} {
		if sheet == "carer statements" && len(want) == 5 {
			continue
		}
		recs := readCSV(t, filepath.Join(dir, file))
		compareSheet(t, f, sheet, recs)
	}
	// Costs by month are cost-summary.csv's all-links month rows, to the
	// penny (retainer weeks split by day across months), and add up to
	// costs.csv's total.
	summary := readCSV(t, filepath.Join(dir, "cost-summary.csv"))
	col := map[string]int{}
	for i, h := range summary[0] {
		col[h] = i
	}
	byMonth := map[string][]string{}
	for _, r := range summary[1:] {
		if r[col["scope"]] == "all" && r[col["period_kind"]] == "month" {
			byMonth[r[col["period"]]] = []string{r[col["links"]], r[col["retainer_gbp"]], r[col["sessions_gbp"]], r[col["mileage_gbp"]], r[col["amount_gbp"]]}
		}
	}
	var all linkmatch.Pence
	costs := readCSV(t, filepath.Join(dir, "costs.csv"))
	for _, r := range costs[1:] {
		p, err := linkmatch.ParseGBP(r[7])
		if err != nil || costs[0][7] != "amount_gbp" {
			t.Fatalf("costs.csv amount %q: %v", r[7], err)
		}
		all += p
	}
	rows, err := f.GetRows("costs by month", excelize.Options{RawCellValue: true})
	if err != nil {
		t.Fatal(err)
	}
	if len(rows)-1 != len(byMonth) {
		t.Fatalf("%d months in the workbook, %d in cost-summary.csv", len(rows)-1, len(byMonth))
	}
	var total linkmatch.Pence
	for _, r := range rows[1:] {
		want := byMonth[r[0]]
		if want == nil || r[2] != want[0] {
			t.Errorf("%s: workbook links %s, cost-summary.csv %v", r[0], r[2], want)
			continue
		}
		for i, c := range r[3:7] {
			got, err := strconv.ParseFloat(c, 64)
			if err != nil {
				t.Fatalf("%s: workbook cell %q: %v", r[0], c, err)
			}
			w, err := linkmatch.ParseGBP(want[i+1])
			if err != nil {
				t.Fatal(err)
			}
			if p := linkmatch.Pence(math.Round(got * 100)); p != w {
				t.Errorf("%s %s: workbook %v, cost-summary.csv %v", r[0], rows[0][3+i], p, w)
			}
			if i == 3 {
				total += w
			}
		}
	}
	if total == 0 || total != all {
		t.Fatalf("months add to %v, costs.csv to %v", total, all)
	}
}

// compareSheet compares a sheet's stored values with a CSV file's cells,
// column by column as the workbook types them.
func compareSheet(t *testing.T, f *excelize.File, sheet string, recs [][]string) {
	t.Helper()
	rows, err := f.GetRows(sheet, excelize.Options{RawCellValue: true})
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != len(recs) {
		t.Fatalf("%s: %d rows, the CSV %d", sheet, len(rows), len(recs))
	}
	header := recs[0]
	if strings.Join(rows[0], ",") != strings.Join(header, ",") {
		t.Fatalf("%s: header %q, the CSV %q", sheet, rows[0], header)
	}
	bad := 0
	for i := 1; i < len(recs); i++ {
		for j, want := range recs[i] {
			got := ""
			if j < len(rows[i]) {
				got = rows[i][j]
			}
			if !sameCell(panel.ColumnType(header[j]), want, got) && bad < 10 {
				bad++
				t.Errorf("%s row %d %s: workbook %q, CSV %q", sheet, i+1, header[j], got, want)
			}
		}
	}
}

// sameCell says whether a stored cell holds a CSV cell's value.
func sameCell(typ workbook.Type, csvCell, stored string) bool {
	if csvCell == stored {
		return true
	}
	switch typ {
	case workbook.Number, workbook.Int, workbook.Money:
		a, err1 := strconv.ParseFloat(csvCell, 64)
		b, err2 := strconv.ParseFloat(stored, 64)
		return err1 == nil && err2 == nil && math.Abs(a-b) < 1e-9
	case workbook.Date:
		serial, err := strconv.ParseFloat(stored, 64)
		if err != nil {
			return false
		}
		d, err := excelize.ExcelDateToTime(serial, false)
		return err == nil && d.Format(time.DateOnly) == csvCell
	}
	return false
}

// TestReportSaysScenarioChanged: a report made after a scenario file
// changed says so first, and still explains the run.
func TestReportSaysScenarioChanged(t *testing.T) {
	dir := t.TempDir()
	if code, _, stderr := runCapture(t, "demo", "--out", dir, "--quiet"); code != 0 {
		t.Fatalf("demo: %s", stderr)
	}
	carers := filepath.Join(dir, "scenario", "carers.csv")
	data, err := os.ReadFile(carers)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(carers, append(data, []byte("K099,51.0,-3.0,Somerset,1,0,standard,1,,8,17,no,0,,20,,\n")...), 0o644); err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(t.TempDir(), "r.html")
	if code, _, stderr := runCapture(t, "report", dir, "--out", out, "--quiet"); code != 0 {
		t.Fatalf("report: exit %d: %s", code, stderr)
	}
	page := readFile(t, out)
	if !strings.Contains(string(page), "carers.csv has changed since the run") {
		t.Error("the report does not say carers.csv changed")
	}
}

// TestDemoReportInBrowser opens the demo's report in headless Chromium
// (browsertest.CheckReport) and keeps a screenshot as an artifact.
func TestDemoReportInBrowser(t *testing.T) {
	browser := browsertest.Require(t)
	dir := demoFolder(t)
	p := browsertest.Open(t, browser, filepath.Join(dir, reportFile))
	browsertest.CheckReport(t, p, 16, 16)
	shot, err := p.Screenshot()
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("screenshot: %s", browsertest.Artifact(t, "demo-report.png", shot))
}

func TestWhy(t *testing.T) {
	code, stdout, stderr := runCapture(t, "why", demoDir, "C006", "K002", "--quiet")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	for _, want := range []string{"Not eligible: breaks 2 hard rules (age approval, distance)", "BREAKS  age approval:", "passes  places:", "total:"} {
		if !strings.Contains(stdout, want) {
			t.Errorf("output lacks %q:\n%s", want, stdout)
		}
	}
	if code, _, stderr := runCapture(t, "why", demoDir, "C999", "K002"); code != 2 || !strings.Contains(stderr, `no child "C999"`) {
		t.Errorf("unknown child: exit %d: %s", code, stderr)
	}
}
