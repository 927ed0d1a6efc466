package main

import (
	"bytes"
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/linkmatch/linkmatch"
	"github.com/linkmatch/linkmatch/input"
)

// costScenario writes a one-link scenario priced with seed 000's rates: a
// 14-year-old (C1) linked to a standard-tier carer (K1) about 10 miles away.
func costScenario(t *testing.T, timeline string) (dir string) {
	t.Helper()
	return costScenarioWith(t, timeline, "mileage_gbp_per_mile = 0.45", "K1,2,0,standard")
}

// costScenarioWith is costScenario with the [payments] mileage line and
// K1's carers.csv row (id,capacity,current_links,tier) given.
func costScenarioWith(t *testing.T, timeline, mileage, carer string) (dir string) {
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
` + mileage + "\n",
		"children.csv": "id,date_of_birth,home_authority,lat,lon\nC1,2012-06-15,Somerset,51.0150,-3.1000\n",
		"carers.csv":   "id,capacity,current_links,tier,lat,lon,authority\n" + carer + ",51.1000,-3.0000,Somerset\n",
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
	// 4 retainers + 6 sessions + 6 trips; each of the two days and a half
	// is two lines, its full day and its half day.
	if n := strings.Count(string(costs), "\n"); n != 1+16+2 {
		t.Errorf("%d lines in costs.csv, want 19:\n%s", n, costs)
	}
	summary, err := os.ReadFile(sum)
	if err != nil {
		t.Fatal(err)
	}
	// Seed 000's £549.30 plus six round trips of mileage.
	if !strings.Contains(string(summary), "\nall,all,total,2027-01-04/2027-01-31,2027-01-04,2027-01-31,") ||
		!strings.Contains(string(summary), ",400.00,149.30,") {
		t.Errorf("summary:\n%s", summary)
	}
}

// handWritten is seed 000's worked example as a finance officer would type
// it: no milestones, dinner every Monday, two weekends in a 4-week month.
const handWritten = `link_id,child_id,carer_id,date,end_date,kind
L1,C1,K1,2027-01-04,,half_day
L1,C1,K1,2027-01-09,2027-01-10,day_and_half
L1,C1,K1,2027-01-11,,half_day
L1,C1,K1,2027-01-18,,half_day
L1,C1,K1,2027-01-23,2027-01-24,day_and_half
L1,C1,K1,2027-01-25,,half_day
`

// TestCostHandWrittenSeed000: the hand-written month costs seed 000's
// £549.30 to the penny (no mileage claimed): the link is ongoing, so its
// retainer runs to the end of the month, and cost says so.
func TestCostHandWrittenSeed000(t *testing.T) {
	dir := costScenarioWith(t, handWritten, "mileage_gbp_per_mile = 0", "K1,2,0,standard")
	stdout, _ := costJanuary(t, dir)
	for _, want := range []string{
		"Costs from 2027-01-04 to 2027-01-31 of 1 link from the timeline: £549.30\n",
		"retainers £400.00, sessions £149.30, mileage £0.00",
		"1 of 1 link from the timeline is ongoing (nothing in the timeline ends it), so its retainer is costed to 2027-01-31",
	} {
		if !strings.Contains(stdout, want) {
			t.Errorf("stdout lacks %q:\n%s", want, stdout)
		}
	}
}

// TestCostFinanceQuestions: the three questions of README's "For finance
// officers", each one command: each carer's 4-weekly statement, the
// scheme's cost by financial year with existing links, and what one link
// adds.
func TestCostFinanceQuestions(t *testing.T) {
	// Two links with K1, who also has one existing link; L2 ends on Tuesday 20 April.
	timeline := strings.ReplaceAll(handWritten, "\n", ",\n") + "L2,C2,K1,2027-03-29,,half_day,\nL2,C2,K1,2027-04-20,,milestone,the link ends\n"
	timeline = strings.Replace(timeline, "kind,", "kind,notes", 1)
	dir := costScenarioWith(t, timeline, "mileage_gbp_per_mile = 0", "K1,3,1,standard")
	children := "id,date_of_birth,home_authority,lat,lon\nC1,2012-06-15,Somerset,51.0150,-3.1000\nC2,2013-02-01,Somerset,51.0150,-3.1000\n"
	if err := os.WriteFile(filepath.Join(dir, "children.csv"), []byte(children), 0o644); err != nil {
		t.Fatal(err)
	}
	tl := filepath.Join(dir, "timeline.csv")
	cmd := func(t *testing.T, args ...string) string {
		t.Helper()
		var stdout, stderr bytes.Buffer
		full := append([]string{"cost", dir, "--timeline", tl, "--quiet"}, args...)
		if err := run(context.Background(), full, nil, &stdout, &stderr); err != nil {
			t.Fatalf("%v\n%s", err, stderr.String())
		}
		return stdout.String()
	}
	t.Run("each carer each 4 weeks", func(t *testing.T) {
		st := filepath.Join(dir, "statements.csv")
		cmd(t, "--from", "2027-01-04", "--to", "2027-03-28", "--pay-periods-from", "2027-01-04", "--out", filepath.Join(dir, "a.csv"), "--statements", st)
		data, err := os.ReadFile(st)
		if err != nil {
			t.Fatal(err)
		}
		lines := strings.Split(strings.TrimSpace(string(data)), "\n")
		// Three pay periods; the last has L2's first day, 2027-03-28 is a Sunday so L2 is not active yet.
		if len(lines) != 4 || !strings.HasPrefix(lines[1], "K1,standard,2027-01-04/2027-01-31,2027-01-04,2027-01-31,C1,0,1,400.00,149.30,") {
			t.Errorf("statements:\n%s", data)
		}
	})
	t.Run("this financial year and next", func(t *testing.T) {
		got := cmd(t, "--from", "2027-01-04", "--to", "2028-03-31", "--include-current-links", "--out", filepath.Join(dir, "b.csv"))
		for _, want := range []string{"of 2 links from the timeline and 1 existing link", "financial year 2026-27 (2026-04-01 to 2027-03-31, costed 2027-01-04 to 2027-03-31 only)", "financial year 2027-28 (2027-04-01 to 2028-03-31)"} {
			if !strings.Contains(got, want) {
				t.Errorf("stdout lacks %q:\n%s", want, got)
			}
		}
	})
	t.Run("what one more link adds", func(t *testing.T) {
		got := cmd(t, "--from", "2027-01-04", "--to", "2028-03-31", "--link", "L2", "--out", filepath.Join(dir, "c.csv"))
		// L2 runs from Monday 29 March to its end milestone on Tuesday 20 April:
		// 23 days of retainer (£328.57) and one half day (£14.93).
		for _, want := range []string{"of link L2: £343.50", "financial year 2026-27 (2026-04-01 to 2027-03-31, costed 2027-01-04 to 2027-03-31 only): £57.79", "financial year 2027-28 (2027-04-01 to 2028-03-31): £285.71"} {
			if !strings.Contains(got, want) {
				t.Errorf("stdout lacks %q:\n%s", want, got)
			}
		}
	})
}

func TestCostCommandErrors(t *testing.T) {
	noRate := strings.Replace(seed000Timeline, "2027-01-27,17:00,2027-01-27,19:30,half_day", "2027-01-27,17:00,2027-01-28,10:00,overnight", 1)
	badTime := strings.Replace(seed000Timeline, "2027-01-13,17:00", "2027-01-13,5pm", 1)
	unknownChild := strings.ReplaceAll(seed000Timeline, "L1,C1,K1,", "L1,C9,K1,")
	unknownCarer := strings.ReplaceAll(seed000Timeline, "L1,C1,K1,", "L1,C1,K9,")
	// The first row names another carer than the link's seven others: it
	// is the one at fault, not the rows after it.
	firstMistyped := strings.Replace(seed000Timeline, "L1,C1,K1,", "L1,C1,K2,", 1)
	tests := []struct {
		name     string
		timeline string
		args     []string
		want     string // in stderr
	}{
		{"no overnight rate", noRate, nil, "timeline.csv:8 (kind): link L1, overnight on 2027-01-27"},
		{"bad time", badTime, nil, "timeline.csv:5:21 (start)"},
		{"unknown child", unknownChild, nil, "timeline.csv:2:4 (child_id): child \"C9\" is not in the scenario"},
		{"unknown carer", unknownCarer, nil, "timeline.csv:2:7 (carer_id): carer \"K9\" is not in the scenario"},
		{"a mistyped first row", firstMistyped, nil, "timeline.csv:2:7 (carer_id): link \"L1\" is for child \"C1\" and carer \"K1\" (7 rows, the first at "},
		{"from after to", seed000Timeline, []string{"--from", "2027-02-01"}, "--to 2027-01-31 is before --from 2027-02-01"},
		{"impossible date", seed000Timeline, []string{"--to", "2027-02-30"}, "--to:"},
		{"no such timeline", seed000Timeline, []string{"--timeline", "nowhere.csv"}, "nowhere.csv: file not found — check the path given to --timeline"},
		{"no such link", seed000Timeline, []string{"--link", "L9"}, "--link L9:"},
		{"bad pay period start", seed000Timeline, []string{"--pay-periods-from", "2027-13-01"}, "--pay-periods-from:"},
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

// TestCostStayingPut: children.csv's staying_put reaches the costing. C1
// turns 18 on Wednesday 13 January 2027. Staying Put, the link continues
// past the birthday: the retainer (paid per child) stops, and each week with
// Staying Put time is one staying_put_week, pro rata by day in the
// birthday's week; without a staying_put_week rate
// those weeks are said, not failed. Not staying put, the leaving-care
// milestone ends the link the day before and nothing after it is paid.
func TestCostStayingPut(t *testing.T) {
	const rates = "effective_from,tier,age_min,age_max,unit,amount_gbp\n" +
		"2026-04-01,standard,0,18,half_day,19.90\n2026-04-01,standard,0,18,full_day,39.80\n"
	const spRate = "2026-04-01,standard,18,21,staying_put_week,250.00\n"
	timeline := func(at18 string) string {
		return "link_id,child_id,carer_id,date,start,end_date,end,kind,stage,location,activity,notes\n" +
			"L1,C1,K1,2027-01-04,16:30,2027-01-04,19:00,half_day,Sustain,community,tea out,\n" +
			"L1,C1,K1,2027-01-13,09:00,2027-01-13,09:00,milestone,Sustain,,\"" + at18 + "\",\n" +
			"L1,C1,K1,2027-01-16,10:00,2027-01-16,16:00,staying_put,Sustain,community,a day out,\n" +
			"L1,C1,K1,2027-01-17,10:00,2027-01-17,16:00,staying_put,Sustain,community,a day out,\n" +
			"L1,C1,K1,2027-01-23,10:00,2027-01-23,16:00,staying_put,Sustain,community,a day out,\n" +
			"L1,C1,K1,2027-01-31,17:00,2027-01-31,17:00,milestone,Sustain,,end of the planned period: the link carries on,\n"
	}
	// Paid before the birthday: nine days of retainer (£100 + 2/7 = £128.57)
	// and a half day (£19.90). A trip is 19.0 miles at 45p, £8.55.
	tests := []struct {
		name, stayingPut, rates, at18 string
		want                          []string // in stdout
		wantRows                      string   // the items of costs.csv from the birthday
	}{
		// Two weeks with Staying Put time (the weekend of 16–17 January
		// and Saturday 23): the first from the birthday on Wednesday 13,
		// 5/7 of £250 (£178.57), then a whole £250, and three trips.
		{"staying put, with a rate", "yes", rates + spRate, linkmatch.ActivityStayingPutStarts,
			[]string{"£611.24", "retainers £128.57, sessions £448.47, mileage £34.20", "is ongoing"},
			"staying_put_week mileage mileage staying_put_week mileage"},
		{"staying put, without a rate", "yes", rates, linkmatch.ActivityStayingPutStarts,
			[]string{"£182.67", "warning: 2 weeks of Staying Put (L1) not costed: the rates give no standard staying_put_week rate; add staying_put_week rows to the rates file to cost them"},
			"mileage mileage mileage"},
		{"not staying put", "no", rates + spRate, linkmatch.ActivityLeavingCare,
			[]string{"£157.02", "every link has ended by 2027-01-12", "1 link with timeline rows from the 18th birthday on, not paid"},
			""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			dir := costScenarioWith(t, timeline(tc.at18), "mileage_gbp_per_mile = 0.45\n\n[plan]\nstart = 2027-01-04", "K1,2,0,standard")
			children := "id,date_of_birth,home_authority,lat,lon,staying_put\nC1,2009-01-13,Somerset,51.0150,-3.1000," + tc.stayingPut + "\n"
			for name, body := range map[string]string{"children.csv": children, "rates.csv": tc.rates} {
				if err := os.WriteFile(filepath.Join(dir, name), []byte(body), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			stdout, out := costJanuary(t, dir)
			for _, want := range tc.want {
				if !strings.Contains(stdout, want) {
					t.Errorf("stdout lacks %q:\n%s", want, stdout)
				}
			}
			rows := readCSV(t, out)
			col := map[string]int{}
			for i, name := range rows[0] {
				col[name] = i
			}
			var after []string
			for _, r := range rows[1:] {
				if r[col["date"]] >= "2027-01-13" {
					after = append(after, r[col["item"]])
				}
			}
			if got := strings.Join(after, " "); got != tc.wantRows {
				t.Errorf("items from the 18th birthday: %q, want %q", got, tc.wantRows)
			}
		})
	}
}

// TestCostScreenPresentation: the screen's amounts carry thousands
// separators; a costing of under a week gives no weekly figure per link
// (it would be a guess from a few days); a month cut short by --to says so
// in the summary; and cost says nothing about borders, which are not a
// finance officer's concern.
func TestCostScreenPresentation(t *testing.T) {
	dir := costScenarioWith(t, handWritten, "mileage_gbp_per_mile = 0", "K1,2,0,standard")
	// A carer with no council, as a finance officer's own small scenario
	// may have: a warning for matching, not for costs.
	if err := os.WriteFile(filepath.Join(dir, "carers.csv"), []byte("id,capacity,current_links,tier,lat,lon\nK1,2,0,standard,51.1000,-3.0000\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name, from, to string
		want, not      []string
	}{
		{"one day", "2027-01-04", "2027-01-04",
			[]string{"1 link active (under a week costed, so no weekly figure)"}, []string{"a week per link"}},
		{"a year and more: thousands separators", "2027-01-04", "2029-01-31",
			[]string{"Costs from 2027-01-04 to 2029-01-31 of 1 link from the timeline: £10,", "retainers £10,", "a week per link"}, nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			out, sum := filepath.Join(t.TempDir(), "costs.csv"), filepath.Join(t.TempDir(), "summary.csv")
			var stdout, stderr bytes.Buffer
			err := run(context.Background(), []string{"cost", dir, "--timeline", filepath.Join(dir, "timeline.csv"),
				"--from", tc.from, "--to", tc.to, "--out", out, "--summary", sum}, nil, &stdout, &stderr)
			if err != nil {
				t.Fatalf("%v\n%s", err, stderr.String())
			}
			for _, w := range tc.want {
				if !strings.Contains(stdout.String(), w) {
					t.Errorf("stdout lacks %q:\n%s", w, stdout.String())
				}
			}
			for _, n := range append(tc.not, "authority", "border") {
				if strings.Contains(stdout.String()+stderr.String(), n) {
					t.Errorf("output says %q:\n%s\n%s", n, stdout.String(), stderr.String())
				}
			}
			summary, err := os.ReadFile(sum)
			if err != nil {
				t.Fatal(err)
			}
			if want := "part period (from " + tc.from + " to " + tc.to + ")"; tc.name == "one day" && !strings.Contains(string(summary), want) {
				t.Errorf("summary lacks %q:\n%s", want, summary)
			}
		})
	}
}

// TestValidatePlacesRateProblems: a rates file that is not there is
// reported at the scenario.toml line naming it, and a gap in the age bands
// at the band next to it (line and column), not at the file's first line.
func TestValidatePlacesRateProblems(t *testing.T) {
	for _, tc := range []struct {
		name string
		edit func(t *testing.T, dir string)
		want string
	}{
		{"no such rates file", func(t *testing.T, dir string) {
			rewrite(t, filepath.Join(dir, "scenario.toml"), `rates = "rates.csv"`, `rates = "rate.csv"`)
		}, "scenario.toml:4:9 (rates): file not found: "},
		{"a gap in the bands", func(t *testing.T, dir string) {
			// C1 is 14 from the plan start and 16 by its end: the half-day
			// band 11–15 stops short, at line 2's age_max.
			rewrite(t, filepath.Join(dir, "scenario.toml"), "[payments]", "[plan]\nstart = 2027-01-04\n\n[payments]")
		}, "rates.csv:2:24 (age_max): plans between 2027-01-04 and 2029-01-03 can pay standard carers (K1) for half_day sessions with children aged 16"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := costScenario(t, seed000Timeline)
			tc.edit(t, dir)
			var stdout, stderr bytes.Buffer
			err := run(context.Background(), []string{"validate", dir}, nil, &stdout, &stderr)
			if code := exitCode(err); code != exitInvalid {
				t.Fatalf("exit %d, want 2: %v\n%s", code, err, stderr.String())
			}
			if got := stdout.String() + stderr.String(); !strings.Contains(got, tc.want) {
				t.Errorf("output lacks %q:\n%s", tc.want, got)
			}
		})
	}
}

// rewrite replaces old with new in the file at path, failing the test
// when old is not there.
func rewrite(t *testing.T, path, old, new string) {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(data), old) {
		t.Fatalf("%s has no %q", path, old)
	}
	if err := os.WriteFile(path, []byte(strings.Replace(string(data), old, new, 1)), 0o644); err != nil {
		t.Fatal(err)
	}
}
