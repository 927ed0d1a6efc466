package main

import (
	"bytes"
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/linkmatch/linkmatch/input"
)

// costScenario writes a one-link scenario priced with seed 000's rates: a
// 14-year-old (C1) linked to a standard-tier carer (K1) about 10 miles away.
func costScenario(t *testing.T, timeline string) (dir string) {
	t.Helper()
	dir = t.TempDir()
	rates, err := os.ReadFile("../../scenarios/rates/seed000-example.csv")
	if err != nil {
		t.Fatal(err)
	}
	files := map[string]string{
		"scenario.toml": `name = "cost test"
children = "children.csv"
carers = "carers.csv"
rates = "rates.csv"

[payments]
retainer_weekly_gbp = 100.00
mileage_gbp_per_mile = 0.45
`,
		"children.csv": "id,date_of_birth,home_authority,lat,lon\nC1,2012-06-15,Somerset,51.0150,-3.1000\n",
		"carers.csv":   "id,capacity,tier,lat,lon,authority\nK1,2,standard,51.1000,-3.0000,Somerset\n",
		"rates.csv":    string(rates),
		"timeline.csv": timeline,
	}
	for name, body := range files {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

const seed000Timeline = `link_id,child_id,carer_id,date,start,end_date,end,kind,stage,location,notes
L1,C1,K1,2027-01-04,10:00,2027-01-04,10:00,milestone,building,,link starts
L1,C1,K1,2027-01-06,17:00,2027-01-06,19:30,half_day,building,carer's home,dinner
L1,C1,K1,2027-01-09,10:00,2027-01-10,17:00,day_and_half,building,carer's home,weekend
L1,C1,K1,2027-01-13,17:00,2027-01-13,19:30,half_day,building,carer's home,dinner
L1,C1,K1,2027-01-20,17:00,2027-01-20,19:30,half_day,building,carer's home,dinner
L1,C1,K1,2027-01-23,10:00,2027-01-24,17:00,day_and_half,building,carer's home,weekend
L1,C1,K1,2027-01-27,17:00,2027-01-27,19:30,half_day,building,carer's home,dinner
L1,C1,K1,2027-01-31,17:00,2027-01-31,17:00,milestone,building,,four weeks
`

func TestCostCommand(t *testing.T) {
	dir := costScenario(t, seed000Timeline)
	out, sum := filepath.Join(dir, "out", "costs.csv"), filepath.Join(dir, "out", "summary.csv")
	var stdout, stderr bytes.Buffer
	err := run(context.Background(), []string{"cost", dir, "--timeline", filepath.Join(dir, "timeline.csv"),
		"--from", "2027-01-04", "--to", "2027-01-31", "--out", out, "--summary", sum, "--quiet"}, nil, &stdout, &stderr)
	if err != nil {
		t.Fatalf("%v\n%s", err, stderr.String())
	}
	costs, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	// 4 retainers + 6 sessions + 6 trips.
	if n := strings.Count(string(costs), "\n"); n != 1+16 {
		t.Errorf("%d lines in costs.csv, want 17:\n%s", n, costs)
	}
	summary, err := os.ReadFile(sum)
	if err != nil {
		t.Fatal(err)
	}
	// Seed 000's £549.30 plus six round trips of mileage.
	if !strings.Contains(string(summary), "\nall,total,2027-01-04/2027-01-31,2027-01-04,2027-01-31,") ||
		!strings.Contains(string(summary), ",400.00,149.30,") {
		t.Errorf("summary:\n%s", summary)
	}
}

func TestCostCommandErrors(t *testing.T) {
	noRate := strings.Replace(seed000Timeline, "2027-01-27,17:00,2027-01-27,19:30,half_day", "2027-01-27,17:00,2027-01-28,10:00,overnight", 1)
	badTime := strings.Replace(seed000Timeline, "2027-01-13,17:00", "2027-01-13,5pm", 1)
	unknownChild := strings.ReplaceAll(seed000Timeline, "L1,C1,K1,", "L1,C9,K1,")
	tests := []struct {
		name     string
		timeline string
		args     []string
		want     string // in stderr
	}{
		{"no overnight rate", noRate, nil, "timeline.csv:8 (kind): link L1, overnight on 2027-01-27"},
		{"bad time", badTime, nil, "timeline.csv:5:21 (start)"},
		{"unknown child", unknownChild, nil, "timeline.csv:2 (child_id)"},
		{"from after to", seed000Timeline, []string{"--from", "2027-02-01"}, "--to 2027-01-31 is before --from 2027-02-01"},
		{"impossible date", seed000Timeline, []string{"--to", "2027-02-30"}, "--to:"},
		{"no such timeline", seed000Timeline, []string{"--timeline", "nowhere.csv"}, "nowhere.csv: file not found — check the path given to --timeline"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			dir := costScenario(t, tc.timeline)
			out := filepath.Join(dir, "costs.csv")
			args := []string{"cost", dir, "--timeline", filepath.Join(dir, "timeline.csv"), "--from", "2027-01-04", "--to", "2027-01-31", "--out", out}
			args = append(args, tc.args...)
			var stdout, stderr bytes.Buffer
			err := run(context.Background(), args, nil, &stdout, &stderr)
			if code := exitCode(err); code != exitInvalid {
				t.Fatalf("exit %d, want 2: %v\n%s", code, err, stderr.String())
			}
			if !strings.Contains(stderr.String(), tc.want) {
				t.Errorf("stderr lacks %q:\n%s", tc.want, stderr.String())
			}
			if _, err := os.Stat(out); !errors.Is(err, os.ErrNotExist) {
				t.Errorf("costs.csv was written despite the error")
			}
			if tc.args == nil && !errors.Is(err, input.ErrInvalid) {
				t.Errorf("err %v is not input.ErrInvalid", err)
			}
		})
	}
}
