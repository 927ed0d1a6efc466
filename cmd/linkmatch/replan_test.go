package main

import (
	"bytes"
	"context"
	"encoding/csv"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"
)

// lmRun runs linkmatch with args and returns its exit code and output.
func lmRun(t *testing.T, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	var out, errb bytes.Buffer
	err := run(context.Background(), append(args, "--quiet"), nil, &out, &errb)
	return exitCode(err), out.String(), errb.String()
}

// liveTimeline marks a timeline as lived up to asOf: every paid session
// before it done, except the last one of link cancel, cancelled.
func liveTimeline(t *testing.T, in, out, asOf, cancel string) {
	t.Helper()
	rows := readCSV(t, in)
	col := func(name string) int { return slices.Index(rows[0], name) }
	last := -1
	for i, r := range rows[1:] {
		if r[col("date")] >= asOf || !slices.Contains([]string{"half_day", "full_day", "day_and_half", "overnight"}, r[col("kind")]) {
			continue
		}
		r[col("status")] = "done"
		if r[col("link_id")] == cancel {
			last = i + 1
		}
	}
	if last > 0 {
		rows[last][col("status")] = "cancelled"
	}
	writeCSV(t, out, rows)
}

// linesOf returns the lines of a file after the header, keeping those
// keep says.
func linesOf(t *testing.T, path string, keep func(fields []string) bool) []string {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, line := range strings.Split(strings.TrimSuffix(string(data), "\n"), "\n")[1:] {
		f, err := csv.NewReader(strings.NewReader(line)).Read()
		if err != nil {
			t.Fatal(err)
		}
		if keep(f) {
			out = append(out, line)
		}
	}
	return out
}

// TestReplanCommand is issue 13's "done when": record a review's decision
// for one child and re-plan from the timeline as lived; that child's
// timeline, calendar and costs change, and no other child's past or
// future does.
func TestReplanCommand(t *testing.T) {
	demo, err := os.ReadFile("../../plan/testdata/demo_matches.csv")
	if err != nil {
		t.Fatal(err)
	}
	dir := planScenario(t, string(demo))
	allowHandChosenLinks(t, dir)
	matches := filepath.Join(dir, "matches.csv")
	first, cal := filepath.Join(dir, "y1", "timeline.csv"), filepath.Join(dir, "calendars")
	if code, _, stderr := lmRun(t, "plan", dir, "--matches", matches, "--out", first, "--ics-dir", cal); code != 0 {
		t.Fatalf("plan: exit %d\n%s", code, stderr)
	}
	// A carer's calendar holds only what the carer goes to: none of the
	// children's link-worker sessions or social workers' visits, which the
	// link's calendar keeps.
	carerCal := readFile(t, filepath.Join(cal, "carer-K026.ics"))
	linkCal := readFile(t, filepath.Join(cal, "link-L-C006-K026.ics"))
	for _, kind := range []string{"CATEGORIES:link_worker", "CATEGORIES:visit"} {
		if bytes.Contains(carerCal, []byte(kind)) || !bytes.Contains(linkCal, []byte(kind)) {
			t.Errorf("%s: in the carer's calendar %v, in the link's %v; want only the link's", kind, bytes.Contains(carerCal, []byte(kind)), bytes.Contains(linkCal, []byte(kind)))
		}
	}
	if !bytes.Contains(carerCal, []byte("CATEGORIES:half_day")) {
		t.Error("the carer's calendar has no sessions with the child")
	}
	const id, asOf = "L-C006-K026", "2027-08-02"
	lived := filepath.Join(dir, "y1", "lived.csv")
	liveTimeline(t, first, lived, asOf, id)
	progress := filepath.Join(dir, "progress.csv")
	if err := os.WriteFile(progress, []byte("link_id,date,stage,outcome,notes\n"+id+",2027-07-30,Developing,hold 3,not yet ready\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	otherCal := readFile(t, filepath.Join(cal, "link-L-C011-K026.ics")) // the same carer's other child
	second := filepath.Join(dir, "y2", "timeline.csv")
	code, stdout, stderr := lmRun(t, "plan", dir, "--matches", matches, "--as-of", asOf, "--actuals", lived, "--progress", progress,
		"--out", second, "--ics-dir", cal, "--carry-over", filepath.Join(dir, "pinned-next.csv"), "--carry-over-on", "2027-09-06")
	if code != 0 {
		t.Fatalf("re-plan: exit %d\n%s", code, stderr)
	}
	if !strings.Contains(stdout, "changes: ") || !strings.Contains(stdout, "rows for 1 link") {
		t.Errorf("stdout does not sum up the changes: %q", stdout)
	}
	past := func(f []string) bool { return f[3] < asOf }
	if !slices.Equal(linesOf(t, lived, past), linesOf(t, second, past)) {
		t.Error("rows before the as-of date are not as recorded")
	}
	others := func(f []string) bool { return f[0] != id }
	if !slices.Equal(linesOf(t, lived, others), linesOf(t, second, others)) {
		t.Error("another child's timeline changed")
	}
	changes := linesOf(t, filepath.Join(dir, "y2", "changes.csv"), func(f []string) bool { return true })
	if len(changes) == 0 {
		t.Fatal("changes.csv is empty")
	}
	for _, c := range changes {
		if !strings.HasPrefix(c, id+",") || !strings.Contains(c, ",hold,") {
			t.Errorf("unexpected change %s", c)
		}
	}
	if now := readFile(t, filepath.Join(cal, "link-L-C011-K026.ics")); !bytes.Equal(now, otherCal) {
		t.Error("the carer's other child's calendar changed")
	}
	mine := readFile(t, filepath.Join(cal, "link-"+id+".ics"))
	if !bytes.Contains(mine, []byte("SEQUENCE:1")) || !bytes.Contains(mine, []byte("STATUS:CANCELLED")) {
		t.Error("the child's calendar does not show its changes")
	}
	carer := readFile(t, filepath.Join(cal, "carer-K026.ics"))
	if !bytes.Contains(carer, []byte("SEQUENCE:1")) || !bytes.Contains(carer, []byte("UID:L-C011-K026/")) {
		t.Error("the carer's calendar does not hold both children, with the changes")
	}
	if pinned := readFile(t, filepath.Join(dir, "pinned-next.csv")); !bytes.Contains(pinned, []byte("C006,K026,"+id+",2027-01-04,Preparing,2027-08-23,")) {
		t.Errorf("the carry-over does not carry C006 on in Preparing, three weeks after C011:\n%s", pinned)
	}

	// The costs of that child: what happened, and what is planned.
	costs := filepath.Join(dir, "y2", "costs.csv")
	code, stdout, stderr = lmRun(t, "cost", dir, "--timeline", second, "--from", "2027-01-04", "--to", "2027-12-31", "--out", costs, "--link", id)
	if code != 0 {
		t.Fatalf("cost: exit %d\n%s", code, stderr)
	}
	if !strings.Contains(stdout, "1 cancelled session not paid") {
		t.Errorf("cost does not say a cancelled session is not paid: %q", stdout)
	}
	basis := map[string]int{}
	for _, l := range linesOf(t, costs, func(f []string) bool { return true }) {
		f, err := csv.NewReader(strings.NewReader(l)).Read()
		if err != nil {
			t.Fatalf("%s: %v", l, err)
		}
		basis[f[len(f)-1]]++
		if f[3] >= asOf && f[len(f)-1] == "actual" {
			t.Errorf("a row after the as-of date on the record: %s", l)
		}
	}
	if basis["actual"] == 0 || basis["planned"] == 0 {
		t.Errorf("bases %v", basis)
	}

	// Re-planning again with nothing new changes nothing.
	third := filepath.Join(dir, "y3", "timeline.csv")
	if code, _, stderr := lmRun(t, "plan", dir, "--matches", matches, "--as-of", asOf, "--actuals", second, "--progress", progress, "--out", third, "--ics-dir", cal); code != 0 {
		t.Fatalf("re-plan again: exit %d\n%s", code, stderr)
	}
	a := readFile(t, second)
	b := readFile(t, third)
	if !bytes.Equal(a, b) {
		t.Error("re-planning again with nothing new changed the timeline")
	}
	if now := readFile(t, filepath.Join(cal, "link-"+id+".ics")); !bytes.Equal(now, mine) {
		t.Error("re-planning again with nothing new changed the calendar")
	}
}

// TestReplanCommandErrors: bad input exits 2 naming file:line:column, and
// nothing is written.
func TestReplanCommandErrors(t *testing.T) {
	const matches = "child_id,carer_id\nC001,K023\nC008,K004\n"
	const timeline = "link_id,child_id,carer_id,date,start,end_date,end,kind,stage,location,activity,notes,row_id,status\n" +
		"L-C001-K023,C001,K023,2027-01-04,09:00,2027-01-04,09:00,milestone,Introductions,residential home,profile,,L-C001-K023/introductions/milestone/1,\n" +
		"L-C001-K023,C001,K023,2027-03-02,16:30,2027-03-02,18:00,half_day,Building,community,tea,,L-C001-K023/building/half_day/1,done\n"
	tests := []struct {
		name     string
		matches  string
		actuals  string
		progress string
		flags    []string
		want     string
	}{
		{"progress for an unknown link", matches, timeline, "link_id,date,stage,outcome\nL-C099-K004,2027-02-01,Building,hold 2\n", nil,
			"progress.csv:2:1 (link_id): there is no link \"L-C099-K004\" in the plan"},
		{"outcome not one of the three", matches, timeline, "link_id,date,stage,outcome\nL-C008-K004,2027-02-01,Building,pause\n", nil,
			"progress.csv:2:33 (outcome): \"pause\" is not an outcome"},
		{"progress stage not in the template", matches, timeline, "link_id,date,stage,outcome\nL-C008-K004,2027-02-01,Fostering,hold 2\n", nil,
			"progress.csv:2:24 (stage): \"Fostering\" is not a stage of the plan"},
		{"decision at a stage the link is not in", matches, timeline, "link_id,date,stage,outcome\nL-C008-K004,2027-02-01,Preparing,hold 2\n", nil,
			"progress.csv:2:24 (stage): link L-C008-K004 is not at the Preparing stage on 2027-02-01"},
		{"done after the as-of date", matches, strings.Replace(timeline, "2027-03-02,16:30,2027-03-02", "2027-03-20,16:30,2027-03-20", 1), "", nil,
			"actuals.csv:3:"},
		{"matches stage not in the template", "child_id,carer_id,started,stage\nC001,K023,2026-05-01,Fostering\n", timeline, "", nil,
			"matches.csv:2:22 (stage): \"Fostering\" is not a stage of the plan"},
		{"started after the as-of date", "child_id,carer_id,started,stage\nC001,K023,2027-04-01,Building\n", timeline, "", nil,
			"matches.csv:2:11 (started): 2027-04-01 is after the day the plan starts from, 2027-03-15"},
		{"actuals without as-of", matches, timeline, "", []string{"--as-of", ""}, "--actuals needs --as-of"},
		{"actuals for a child not in the scenario", matches, timeline +
			"L-C099-K004,C099,K004,2027-03-03,16:30,2027-03-03,18:00,half_day,Building,community,tea,,,\n", "", nil,
			"actuals.csv:4:13 (child_id): child \"C099\" is not in the scenario"},
		{"actuals for a carer not in the scenario", matches, timeline +
			"L-C001-K999,C001,K999,2027-03-03,16:30,2027-03-03,18:00,half_day,Building,community,tea,,,\n", "", nil,
			"actuals.csv:4:18 (carer_id): carer \"K999\" is not in the scenario"},
		{"actuals naming a planned link's child and carer under another id", matches, timeline +
			"L-C008-K04,C008,K004,2027-03-03,16:30,2027-03-03,18:00,half_day,Building,community,tea,,,\n", "", nil,
			"actuals.csv:4:1 (link_id): there is no link \"L-C008-K04\" in the plan: child C008 and carer K004 are link L-C008-K004"},
		{"a row id that is not its row's", matches, strings.Replace(timeline, "L-C001-K023/building/half_day/1,done", "L-C001-K023/developing/half_day/1,done", 1), "", nil,
			"actuals.csv:3:90 (row_id): the row id \"L-C001-K023/developing/half_day/1\" is not this row's"},
		{"a session moved into the past", matches, timeline +
			"L-C001-K023,C001,K023,2027-03-20,16:30,2027-03-20,18:00,half_day,Building,community,tea,,L-C001-K023/building/half_day/2,moved 2027-03-10\n", "", nil,
			"actuals.csv:4:122 (status): the session on 2027-03-20 is moved to 2027-03-10, before the as-of date 2027-03-15"},
		{"bad one-link extension", matches, timeline, "", []string{"--extend", "L-C001-K023:=2"}, "LINK:STAGE=WEEKS"},
		{"an extension of no weeks", matches, timeline, "", []string{"--extend", "L-C001-K023:Building=0"}, "give 1 to 104 weeks"},
		{"an extension of a stage that is over", matches, timeline, "", []string{"--extend", "L-C001-K023:Introductions=2"},
			"--extend L-C001-K023:Introductions=2 changes nothing: its Introductions stage ended on"},
		{"carry-over-on without carry-over", matches, timeline, "", []string{"--carry-over-on", "2027-09-06"}, "--carry-over-on needs --carry-over FILE"},
		{"an end before the as-of date", matches, timeline, "", []string{"--end", "L-C001-K023=2027-03-01"},
			"link L-C001-K023 cannot end on 2027-03-01, before the as-of date 2027-03-15"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			dir := planScenario(t, tc.matches)
			actuals := filepath.Join(dir, "actuals.csv")
			if err := os.WriteFile(actuals, []byte(tc.actuals), 0o644); err != nil {
				t.Fatal(err)
			}
			args := []string{"plan", dir, "--matches", filepath.Join(dir, "matches.csv"), "--actuals", actuals, "--as-of", "2027-03-15",
				"--out", filepath.Join(dir, "out", "timeline.csv"), "--ics-dir", filepath.Join(dir, "out", "cal")}
			if tc.progress != "" {
				progress := filepath.Join(dir, "progress.csv")
				if err := os.WriteFile(progress, []byte(tc.progress), 0o644); err != nil {
					t.Fatal(err)
				}
				args = append(args, "--progress", progress)
			}
			args = append(args, tc.flags...)
			code, _, stderr := lmRun(t, args...)
			if code != exitInvalid {
				t.Errorf("exit %d, want %d\n%s", code, exitInvalid, stderr)
			}
			if !strings.Contains(stderr, tc.want) {
				t.Errorf("stderr does not say %q:\n%s", tc.want, stderr)
			}
			if _, err := os.Stat(filepath.Join(dir, "out")); !errors.Is(err, os.ErrNotExist) {
				t.Error("an output was written")
			}
		})
	}
}

// TestReplanCalendarNotACalendar: --ics naming a file that is not a
// calendar is refused, and the file is left as it was.
func TestReplanCalendarNotACalendar(t *testing.T) {
	dir := planScenario(t, "child_id,carer_id\nC001,K023\n")
	ics := filepath.Join(dir, "notes.ics")
	if err := os.WriteFile(ics, []byte("my notes\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	code, _, stderr := lmRun(t, "plan", dir, "--matches", filepath.Join(dir, "matches.csv"), "--out", filepath.Join(dir, "out", "t.csv"), "--ics", ics)
	if code != exitInvalid || !strings.Contains(stderr, "not an iCalendar file") {
		t.Errorf("exit %d\n%s", code, stderr)
	}
	if got := readFile(t, ics); string(got) != "my notes\n" {
		t.Error("the file was changed")
	}
}

// TestReplanRowIDAgainstCalendar: a row whose row_id was cleared, while the
// calendar has its session under that id, is refused with the id to put
// back, and nothing is written; a row added by hand is given an id that
// the timeline, the calendar and changes.csv all show.
func TestReplanRowIDAgainstCalendar(t *testing.T) {
	dir := planScenario(t, "child_id,carer_id\nC001,K023\n")
	first, cal := filepath.Join(dir, "y1", "timeline.csv"), filepath.Join(dir, "cal")
	matches := filepath.Join(dir, "matches.csv")
	if code, _, stderr := lmRun(t, "plan", dir, "--matches", matches, "--out", first, "--ics-dir", cal); code != 0 {
		t.Fatalf("plan: exit %d\n%s", code, stderr)
	}
	data := readFile(t, first)
	lines := strings.Split(strings.TrimSuffix(string(data), "\n"), "\n")
	const asOf = "2027-03-15"
	i := slices.IndexFunc(lines, func(l string) bool {
		return strings.Contains(l, ",half_day,") && strings.Split(l, ",")[3] > "2027-04-01"
	})
	if i < 0 {
		t.Fatal("no tea after the as-of date")
	}
	f := strings.Split(lines[i], ",")
	id := f[12]
	cleared := slices.Clone(lines)
	cleared[i] = strings.Replace(lines[i], ","+id+",", ",,", 1)
	actuals := filepath.Join(dir, "actuals.csv")
	if err := os.WriteFile(actuals, []byte(strings.Join(cleared, "\n")+"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	before := readFile(t, filepath.Join(cal, "link-L-C001-K023.ics"))
	out := filepath.Join(dir, "y2", "timeline.csv")
	code, _, stderr := lmRun(t, "plan", dir, "--matches", matches, "--as-of", asOf, "--actuals", actuals, "--out", out, "--ics-dir", cal)
	if want := fmt.Sprintf("actuals.csv:%d:", i+1); code != exitInvalid || !strings.Contains(stderr, want) || !strings.Contains(stderr, "put back the row_id "+id) {
		t.Errorf("exit %d, want %d and %q with the id to put back:\n%s", code, exitInvalid, want, stderr)
	}
	if after := readFile(t, filepath.Join(cal, "link-L-C001-K023.ics")); !bytes.Equal(before, after) {
		t.Error("the calendar was written")
	}

	// A row added by hand: a second tea that day, two hours later.
	f[4], f[6], f[10], f[12] = "19:30", "20:30", "extra tea", ""
	added := append(slices.Clone(lines), strings.Join(f, ","))
	if err := os.WriteFile(actuals, []byte(strings.Join(added, "\n")+"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if code, _, stderr := lmRun(t, "plan", dir, "--matches", matches, "--as-of", asOf, "--actuals", actuals, "--out", out, "--ics-dir", cal); code != 0 {
		t.Fatalf("re-plan with a row added by hand: exit %d\n%s", code, stderr)
	}
	changes := readFile(t, filepath.Join(dir, "y2", "changes.csv"))
	timeline := readFile(t, out)
	ics := readFile(t, filepath.Join(cal, "link-L-C001-K023.ics"))
	row := slices.IndexFunc(strings.Split(string(timeline), "\n"), func(l string) bool { return strings.Contains(l, ",extra tea,") })
	if row < 0 {
		t.Fatal("the row added by hand is not in the timeline")
	}
	newID := strings.Split(strings.Split(string(timeline), "\n")[row], ",")[12]
	if newID == "" || !strings.Contains(string(changes), newID+",added,") || !strings.Contains(string(changes), "added by hand") || !strings.Contains(string(ics), "UID:"+newID+"@linkmatch") {
		t.Errorf("the row added by hand has id %q; changes.csv:\n%s", newID, changes)
	}
}

// TestReplanMovedPastEndNotCosted: the README's re-planning steps with a
// tea recorded, before the as-of date, as moved to a day after an --end
// given now. The ending wins: the tea's row stays, cancelled, changes.csv
// lists it (past the plan's end), and cost pays nothing after the end.
// Before, the tea stayed at its new day and cost paid it ("1 link with
// sessions after the link's end, paid as planned").
func TestReplanMovedPastEndNotCosted(t *testing.T) {
	demo, err := os.ReadFile("../../plan/testdata/demo_matches.csv")
	if err != nil {
		t.Fatal(err)
	}
	dir := planScenario(t, string(demo))
	allowHandChosenLinks(t, dir)
	matches := filepath.Join(dir, "matches.csv")
	first := filepath.Join(dir, "y1", "timeline.csv")
	if code, _, stderr := lmRun(t, "plan", dir, "--matches", matches, "--out", first); code != 0 {
		t.Fatalf("plan: exit %d\n%s", code, stderr)
	}
	const id, asOf, end, moveTo = "L-C006-K026", "2027-08-02", "2027-08-20", "2027-08-24"
	lived := filepath.Join(dir, "y1", "lived.csv")
	liveTimeline(t, first, lived, asOf, "")
	rows := readCSV(t, lived)
	col := func(name string) int { return slices.Index(rows[0], name) }
	moved := ""
	for _, r := range rows[1:] {
		if r[col("link_id")] == id && r[col("kind")] == "half_day" && r[col("date")] < asOf {
			moved = r[col("row_id")] // the link's last tea before the as-of date
		}
	}
	for _, r := range rows[1:] {
		if r[col("row_id")] == moved {
			r[col("status")] = "moved " + moveTo + " 16:30"
		}
	}
	writeCSV(t, lived, rows)
	second := filepath.Join(dir, "y2", "timeline.csv")
	if code, _, stderr := lmRun(t, "plan", dir, "--matches", matches, "--as-of", asOf, "--actuals", lived, "--end", id+"="+end, "--out", second); code != 0 {
		t.Fatalf("re-plan: exit %d\n%s", code, stderr)
	}
	kept := linesOf(t, second, func(f []string) bool { return f[12] == moved })
	if len(kept) != 1 || !strings.HasSuffix(kept[0], ",cancelled") || !strings.Contains(kept[0], "moved to "+moveTo) {
		t.Errorf("the tea moved past the end is %q, want its row cancelled with a note of the move", kept)
	}
	listed := linesOf(t, filepath.Join(dir, "y2", "changes.csv"), func(f []string) bool { return f[3] == moved })
	if len(listed) != 1 || !strings.Contains(listed[0], ",cancelled,") || !strings.Contains(listed[0], "past the plan's end") {
		t.Errorf("changes.csv lists the tea as %q, want cancelled, past the plan's end", listed)
	}
	costs := filepath.Join(dir, "y2", "costs.csv")
	code, stdout, stderr := lmRun(t, "cost", dir, "--timeline", second, "--from", "2027-04-01", "--to", "2028-03-31", "--out", costs, "--link", id)
	if code != 0 {
		t.Fatalf("cost: exit %d\n%s", code, stderr)
	}
	if strings.Contains(stdout, "after the link's end") || !strings.Contains(stdout, "1 cancelled session not paid") {
		t.Errorf("cost: %q", stdout)
	}
	for _, l := range linesOf(t, costs, func(f []string) bool { return f[3] > end }) {
		t.Errorf("paid after the link ends on %s: %s", end, l)
	}
}

// TestCarriedOverReviewMissing: the README's step 6, next year's plan of a
// link carried over after the move (C008 moved on 2027-08-31, no review
// since known). Its first review is planned within four weeks and the next
// within 3 months of it (CPPCR 2010 reg 33(2)(b)), with no warning; when
// no working day is free in the four weeks up to that second review's due
// day (here the bank holidays file closes them), it is held late and
// plan_warnings.csv says so (review_missing), through the command a
// family finder runs. The summary line said "looked-after review not
// planned" of a review that is planned, late; it now says "late or not
// planned".
func TestCarriedOverReviewMissing(t *testing.T) {
	dir := planScenario(t, "child_id,carer_id,score\nC008,K004,80.0\n")
	allowHandChosenLinks(t, dir)
	writeFile(t, filepath.Join(dir, "pinned.csv"), "child_id,carer_id,link_id,started,stage,stage_since,stage_until\nC008,K004,L-C008-K004,2027-01-04,Move,2027-08-31,2027-09-19\n")
	toml := filepath.Join(dir, "scenario.toml")
	settings := strings.Replace(string(readFile(t, toml)), "start = 2027-01-04", "start = 2027-09-06", 1)
	settings = strings.Replace(settings, "rates = \"rates.csv\"", "rates = \"rates.csv\"\npinned = \"pinned.csv\"", 1)
	writeFile(t, toml, settings)
	matches := filepath.Join(dir, "matches.csv")
	reviews := func(timeline string) []string {
		return linesOf(t, timeline, func(f []string) bool { return f[7] == "review" && f[3] < "2028-03-01" })
	}
	warned := func(out string) []string {
		return linesOf(t, filepath.Join(filepath.Dir(out), "plan_warnings.csv"), func(f []string) bool { return f[4] == "review_missing" })
	}

	open := filepath.Join(dir, "open", "timeline.csv")
	if code, _, stderr := lmRun(t, "plan", dir, "--matches", matches, "--out", open); code != 0 {
		t.Fatalf("plan: exit %d\n%s", code, stderr)
	}
	if got := reviews(open); len(got) != 2 || !strings.Contains(got[0], "2027-10-04") || !strings.Contains(got[1], "2028-01-04") {
		t.Fatalf("reviews %q, want 2027-10-04 and, 3 months on, 2028-01-04", got)
	}
	if w := warned(open); len(w) != 0 {
		t.Errorf("warned %q with every review on time", w)
	}

	var closed strings.Builder
	closed.WriteString("date,name\n")
	for d := time.Date(2027, 12, 6, 0, 0, 0, 0, time.UTC); !d.After(time.Date(2028, 1, 4, 0, 0, 0, 0, time.UTC)); d = d.AddDate(0, 0, 1) {
		if d.Weekday() != time.Saturday && d.Weekday() != time.Sunday {
			fmt.Fprintf(&closed, "%s,office closed (test)\n", d.Format(time.DateOnly))
		}
	}
	writeFile(t, filepath.Join(dir, "holidays.csv"), closed.String())
	writeFile(t, toml, strings.Replace(settings, "pinned = \"pinned.csv\"", "pinned = \"pinned.csv\"\nbank_holidays = \"holidays.csv\"", 1))
	late := filepath.Join(dir, "late", "timeline.csv")
	code, stdout, stderr := lmRun(t, "plan", dir, "--matches", matches, "--out", late)
	if code != 0 {
		t.Fatalf("plan: exit %d\n%s", code, stderr)
	}
	if got := reviews(late); len(got) != 2 || !strings.Contains(got[1], "2028-01-05") {
		t.Errorf("reviews %q, want the second held on 2028-01-05, the first working day after its due day", got)
	}
	w := warned(late)
	if len(w) != 1 || !strings.HasPrefix(w[0], "L-C008-K004,") || !strings.Contains(w[0], "2028-01-04,2028-01-04") || !strings.Contains(w[0], "held late, on 2028-01-05, 1 day after it was due") {
		t.Errorf("review_missing warnings %q, want one for the review due by 2028-01-04, held late on 2028-01-05", w)
	}
	if !strings.Contains(stdout, "1 looked-after review late or not planned") {
		t.Errorf("the summary line does not say a review is late: %q", stdout)
	}
}
