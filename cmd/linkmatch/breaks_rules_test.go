package main

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/linkmatch/linkmatch"
	"github.com/linkmatch/linkmatch/plan"
)

// breaksRun is what a short-breaks run wrote, read back from its files as
// a coordinator would read them: the timeline, the plan's warnings, the
// written agreements and the carers' approval dates.
type breaksRun struct {
	timeline  []map[string]string
	warnings  []map[string]string
	agreed    []map[string]string
	approvals map[string]linkmatch.Date // carer id → approval_expected, in assessment only
}

// records returns a CSV file's rows as maps from the header's names.
func records(t *testing.T, path string) []map[string]string {
	t.Helper()
	recs := readCSV(t, path)
	var out []map[string]string
	for _, r := range recs[1:] {
		m := map[string]string{}
		for i, h := range recs[0] {
			if i < len(r) {
				m[h] = r[i]
			}
		}
		out = append(out, m)
	}
	return out
}

func readBreaksRun(t *testing.T, scenario, out string) *breaksRun {
	t.Helper()
	r := &breaksRun{
		timeline:  records(t, filepath.Join(out, "timeline.csv")),
		warnings:  records(t, filepath.Join(out, "plan_warnings.csv")),
		agreed:    records(t, filepath.Join(out, "agreements.csv")),
		approvals: map[string]linkmatch.Date{},
	}
	for _, k := range records(t, filepath.Join(scenario, "carers.csv")) {
		if k["status"] == "in_assessment" {
			r.approvals[k["id"]] = linkmatch.MustParseDate(k["approval_expected"])
		}
	}
	return r
}

// withChild says whether a timeline row is time the child spends with the
// carer away from home: a break or an introductory visit (not the first
// meeting at the family home, a review, a social worker's visit or a
// milestone).
func withChild(row map[string]string) bool {
	switch row["kind"] {
	case "half_day", "full_day", "overnight", "day_and_half":
		return row["location"] != "family home"
	}
	return false
}

// warned says whether the run warns of problem for link over a period
// touching [from, to].
func (r *breaksRun) warned(link, problem string, from, to linkmatch.Date) bool {
	return slices.ContainsFunc(r.warnings, func(w map[string]string) bool {
		return w["link_id"] == link && w["problem"] == problem &&
			linkmatch.MustParseDate(w["from"]) <= to && linkmatch.MustParseDate(w["to"]) >= from
	})
}

// breaches checks issue 17's rules on a run's files, written out again
// from the regulation and the seed rather than through the planner's own
// check (plan.Planner.VerifyBreaks), and returns each breach: no stay
// longer than the template's max_stay_nights; no 12 months with more than
// regulation 48's 75 days with one carer without an over_75_days warning;
// every whole month of the agreed breaks with as many sessions as the
// written agreement sets, or an agreement_short warning; Introductions
// before any overnight; nothing with the child before a carer's expected
// approval.
func (r *breaksRun) breaches(maxNights int) []string {
	var out []string
	days := map[string][]linkmatch.Date{}
	lastIntro, firstStay := map[string]linkmatch.Date{}, map[string]linkmatch.Date{}
	byMonth := map[string]map[linkmatch.Date]int{}
	for _, row := range r.timeline {
		link := row["link_id"]
		from, to := linkmatch.MustParseDate(row["date"]), linkmatch.MustParseDate(row["end_date"])
		if k := strings.SplitN(link, "-", 3); len(k) == 3 && row["kind"] != "milestone" {
			if approval, ok := r.approvals[k[2]]; ok && from < approval {
				out = append(out, fmt.Sprintf("%s: %s on %s, before the carer's expected approval on %s", link, row["activity"], from, approval))
			}
		}
		if !withChild(row) {
			continue
		}
		if nights := int(to - from); nights > maxNights {
			out = append(out, fmt.Sprintf("%s: a stay of %d nights from %s; the template allows %d", link, nights, from, maxNights))
		}
		for d := from; d <= to; d++ {
			days[link] = append(days[link], d)
		}
		switch {
		case row["stage"] == "Introductions":
			lastIntro[link] = max(lastIntro[link], from)
		case to > from:
			if f, ok := firstStay[link]; !ok || from < f {
				firstStay[link] = from
			}
		}
		if row["stage"] != "Introductions" {
			if byMonth[link] == nil {
				byMonth[link] = map[linkmatch.Date]int{}
			}
			y, m, _ := from.Civil()
			byMonth[link][linkmatch.DateOf(y, m, 1)]++
		}
	}
	for link, stay := range firstStay {
		if intro, ok := lastIntro[link]; !ok || stay <= intro {
			out = append(out, fmt.Sprintf("%s: the first stay on %s is not after the last introduction (%s)", link, stay, intro))
		}
	}
	for link, ds := range days {
		slices.Sort(ds)
		ds = slices.Compact(ds)
		for i, d := range ds {
			end := d.AddMonths(12)
			n, _ := slices.BinarySearch(ds, end)
			if n-i > 75 && !r.warned(link, "over_75_days", d, end.AddDays(-1)) {
				out = append(out, fmt.Sprintf("%s: %d days with the carer in the 12 months from %s and no over_75_days warning", link, n-i, d))
				break
			}
		}
	}
	for _, a := range r.agreed {
		link := a["link_id"]
		want, _ := strconv.Atoi(a["sessions_per_month"])
		if a["first_break"] == "" {
			continue
		}
		first, ends := linkmatch.MustParseDate(a["first_break"]), linkmatch.MustParseDate(a["plan_ends"])
		y, m, _ := first.Civil()
		for month := linkmatch.DateOf(y, m, 1).AddMonths(1); month.AddMonths(1).AddDays(-1) <= ends; month = month.AddMonths(1) {
			if got := byMonth[link][month]; got < want && !r.warned(link, "agreement_short", month, month.AddMonths(1).AddDays(-1)) {
				out = append(out, fmt.Sprintf("%s: %d of %d agreed sessions in the month of %s and no agreement_short warning", link, got, want, month))
			}
		}
	}
	slices.Sort(out)
	return out
}

// checkBreaksRun fails the test with each breach of breaches.
func checkBreaksRun(t *testing.T, scenario, out string) *breaksRun {
	t.Helper()
	r := readBreaksRun(t, scenario, out)
	if len(r.timeline) == 0 || len(r.agreed) == 0 {
		t.Fatalf("%s: no timeline or no agreements", out)
	}
	for i, b := range r.breaches(plan.DefaultShortBreaksTemplate().MaxStayNights) {
		if i == 10 {
			t.Error("… and more")
			break
		}
		t.Error(b)
	}
	return r
}

// TestBreaksRulesOnOutputs: issue 17's rules hold on the files the B&NES
// demo writes, and the check written out again here catches each breach
// planted in them — a stay too long, an over_75_days or agreement_short
// warning taken away, an overnight moved before Introductions end, a
// session before the carer's approval — so it can fail.
func TestBreaksRulesOnOutputs(t *testing.T) {
	dir := t.TempDir()
	if code, stdout, stderr := runCapture(t, "demo", "--scenario", "bnes-family-link", "--out", dir, "--quiet"); code != 0 {
		t.Fatalf("exit %d\n%s\n%s", code, stdout, stderr)
	}
	good := checkBreaksRun(t, filepath.Join(dir, "scenario"), dir)
	firstRow := func(pred func(row map[string]string) bool) int {
		i := slices.IndexFunc(good.timeline, pred)
		if i < 0 {
			t.Fatal("the demo has no row to plant a breach in")
		}
		return i
	}
	stay := firstRow(func(row map[string]string) bool { return withChild(row) && row["end_date"] > row["date"] })
	provisional := firstRow(func(row map[string]string) bool {
		_, ok := good.approvals[row["carer_id"]]
		return ok && withChild(row)
	})
	cases := []struct {
		name  string
		plant func(r *breaksRun)
		want  string
	}{
		{"a stay of 5 nights", func(r *breaksRun) {
			from := linkmatch.MustParseDate(r.timeline[stay]["date"])
			r.timeline[stay]["end_date"] = from.AddDays(5).String()
		}, "a stay of 5 nights"},
		{"over 75 days without a warning", func(r *breaksRun) {
			r.warnings = slices.DeleteFunc(r.warnings, func(w map[string]string) bool { return w["problem"] == "over_75_days" })
		}, "no over_75_days warning"},
		{"a month short without a warning", func(r *breaksRun) {
			r.warnings = slices.DeleteFunc(r.warnings, func(w map[string]string) bool { return w["problem"] == "agreement_short" })
		}, "no agreement_short warning"},
		{"an overnight before Introductions end", func(r *breaksRun) {
			r.timeline[stay]["date"], r.timeline[stay]["end_date"] = "2027-01-05", "2027-01-06"
		}, "is not after the last introduction"},
		{"a session before approval", func(r *breaksRun) {
			r.timeline[provisional]["date"], r.timeline[provisional]["end_date"] = "2027-01-05", "2027-01-05"
		}, "before the carer's expected approval"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			bad := readBreaksRun(t, filepath.Join(dir, "scenario"), dir)
			c.plant(bad)
			got := bad.breaches(plan.DefaultShortBreaksTemplate().MaxStayNights)
			if !slices.ContainsFunc(got, func(b string) bool { return strings.Contains(b, c.want) }) {
				t.Errorf("not caught: want a breach with %q, got %v", c.want, got)
			}
		})
	}
}

// familyLinkCopy copies the B&NES demo's scenario into a temporary folder
// and applies edit, a list of (file, old, new) replacements, each of which
// must apply.
func familyLinkCopy(t *testing.T, edits ...[3]string) string {
	t.Helper()
	src, dir := "../../scenarios/bnes-family-link", t.TempDir()
	entries, err := os.ReadDir(src)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		writeFile(t, filepath.Join(dir, e.Name()), string(readFile(t, filepath.Join(src, e.Name()))))
	}
	for _, e := range edits {
		path := filepath.Join(dir, e[0])
		body := string(readFile(t, path))
		if !strings.Contains(body, e[1]) {
			t.Fatalf("%s has no %q", e[0], e[1])
		}
		writeFile(t, path, strings.Replace(body, e[1], e[2], 1))
	}
	return dir
}

// TestShortBreaksBadInput: issue 17's bad inputs are refused with exit 2,
// the file, line and column, and nothing written: breaks or an offer that
// do not parse, a kind the template does not offer, a carer in assessment
// without approval_expected, a short-breaks template with a move stage.
func TestShortBreaksBadInput(t *testing.T) {
	template := string(readFile(t, "../../plan/defaults/short_breaks.toml"))
	for _, c := range []struct {
		name  string
		edits [][3]string
		file  string // a file added to the scenario: its name and then its text
		want  string
	}{
		{"breaks that do not parse", [][3]string{{"children.csv", "2 after_school + 1 overnight per month,swimming", "2 after_school + one overnight per month,swimming"}},
			"", `children.csv:2:97 (breaks): "one" is not a number of breaks`},
		{"an offer that does not parse", [][3]string{{"carers.csv", "approved,,8,2,2,", "approved,,eight,2,2,"}},
			"", `carers.csv:2:163 (sessions_per_month): "eight" is not a whole number`},
		{"a child's kind the template does not offer", [][3]string{{"children.csv", "2 after_school + 1 overnight per month,swimming", "2 after_school + 1 sleepover per month,swimming"}},
			"", `children.csv:2:97 (breaks): the template does not offer "sleepover"`},
		{"a carer's kind the template does not offer", [][3]string{{"carers.csv", "after_school;day;overnight;weekend\n", "after_school;holiday_club\n"}},
			"", `carers.csv:2:169 (break_kinds): the template does not offer "holiday_club"`},
		{"in assessment without approval_expected", [][3]string{{"carers.csv", "in_assessment,2027-03-15,", "in_assessment,,"}},
			"", `carers.csv:8:103 (approval_expected): the carer is in assessment but has no expected approval date`},
		{"a template with a move stage", [][3]string{{"scenario.toml", "scheme = \"short_breaks\"\n", "scheme = \"short_breaks\"\ntemplate = \"sb.toml\"\n"}},
			"sb.toml\n" + strings.Replace(template, "name = \"Short breaks\"\n", "name = \"Short breaks\"\nmove = true\n", 1),
			`sb.toml:182:1 (stage.move): stage "Short breaks" is a move stage`},
	} {
		t.Run(c.name, func(t *testing.T) {
			dir := familyLinkCopy(t, c.edits...)
			if name, text, ok := strings.Cut(c.file, "\n"); ok {
				writeFile(t, filepath.Join(dir, name), text)
			}
			out := filepath.Join(t.TempDir(), "run")
			code, stdout, stderr := runCapture(t, "run", dir, "--out", out, "--quiet")
			if code != exitInvalid || !strings.Contains(stderr, c.want) || strings.Count(stderr, "\n") != 2 {
				t.Errorf("exit %d, want 2 and one problem %q:\n%s%s", code, c.want, stdout, stderr)
			}
			if _, err := os.Stat(out); !errors.Is(err, os.ErrNotExist) {
				t.Errorf("the refused run wrote %s (%v)", out, err)
			}
		})
	}
}

// TestStayGapFromScenario: scenario.toml's [plan] min_stay_gap_days takes
// the template's place in run and in plan alike. The demo's stays keep the
// template's week apart but for two links (stays_close); with no gap none
// is warned of, and with a fortnight at least as many links are.
func TestStayGapFromScenario(t *testing.T) {
	for _, c := range []struct {
		gap      string
		min, max int
	}{{"", 2, 2}, {"0", 0, 0}, {"14", 2, 20}} {
		t.Run("gap "+c.gap, func(t *testing.T) {
			var edits [][3]string
			if c.gap != "" {
				edits = append(edits, [3]string{"scenario.toml", "[plan]\n", "[plan]\nmin_stay_gap_days = " + c.gap + "\n"})
			}
			dir := familyLinkCopy(t, edits...)
			out := filepath.Join(t.TempDir(), "run")
			if code, stdout, stderr := runCapture(t, "run", dir, "--out", out, "--quiet"); code != 0 {
				t.Fatalf("exit %d\n%s%s", code, stdout, stderr)
			}
			links := map[string]bool{}
			for _, w := range records(t, filepath.Join(out, "plan_warnings.csv")) {
				if w["problem"] == "stays_close" {
					links[w["link_id"]] = true
				}
			}
			if n := len(links); n < c.min || n > c.max {
				t.Errorf("%d links with stays close, want %d to %d", n, c.min, c.max)
			}
			// plan, from run's links, keeps the same gap.
			if code, stdout, stderr := runCapture(t, "plan", dir, "--matches", filepath.Join(out, "matches.csv"), "--out", filepath.Join(out, "again", "timeline.csv"), "--quiet"); code != 0 {
				t.Fatalf("plan: exit %d\n%s%s", code, stdout, stderr)
			}
			if a, b := readFile(t, filepath.Join(out, "plan_warnings.csv")), readFile(t, filepath.Join(out, "again", "plan_warnings.csv")); string(a) != string(b) {
				t.Error("plan's warnings differ from run's")
			}
		})
	}
}
