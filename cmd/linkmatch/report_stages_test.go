package main

import (
	"html"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/linkmatch/linkmatch"
	"github.com/linkmatch/linkmatch/internal/panel"
)

var (
	childSectionRe = regexp.MustCompile(`(?s)<h2 id="child-\d+-h">([^<:]+):.*?</section>`)
	stageRowRe     = regexp.MustCompile(`<tr><th scope="row">([^<]*)</th><td class="d">([^<]*)</td><td class="d">([^<]*)</td>`)
	homeLineRe     = regexp.MustCompile(`<p>\d+ years old, ([^;]*);`)
)

// TestDemoReportStageDates: the report dates each link's stages as the plan
// does (stages.csv), which are the dates plan_warnings.csv gives a stage's
// shortfalls, so a stage table and the warnings under it agree; siblings,
// planned together, show the same stage dates; and each child's line says
// where the home is, naming the council too when the home is elsewhere.
func TestDemoReportStageDates(t *testing.T) {
	dir := demoFolder(t)
	page, err := os.ReadFile(filepath.Join(dir, reportFile))
	if err != nil {
		t.Fatal(err)
	}
	day := func(s string) string {
		d, err := linkmatch.ParseDate(s)
		if err != nil {
			t.Fatal(err)
		}
		return d.Time(time.UTC).Format("2 Jan 2006")
	}
	stages := map[string][][3]string{} // by child id
	spans := map[[2]string][2]string{} // (link, stage) → from, to
	recs := readCSV(t, filepath.Join(dir, panel.FileStages))
	for _, r := range recs[1:] {
		stages[r[1]] = append(stages[r[1]], [3]string{r[3], day(r[4]), day(r[5])})
		spans[[2]string{r[0], r[3]}] = [2]string{r[4], r[5]}
	}
	checked := 0
	for _, w := range readCSV(t, filepath.Join(dir, panel.FileWarnings))[1:] {
		if w[4] != "short_sessions" {
			continue
		}
		if sp := spans[[2]string{w[0], w[3]}]; sp != [2]string{w[8], w[9]} {
			t.Errorf("%s %s: warning from %s to %s, stage from %s to %s", w[0], w[3], w[8], w[9], sp[0], sp[1])
		}
		checked++
	}
	homes := map[string]string{}
	for _, m := range childSectionRe.FindAllStringSubmatch(string(page), -1) {
		id, sec := m[1], m[0]
		if h := homeLineRe.FindStringSubmatch(sec); h != nil {
			homes[id] = html.UnescapeString(h[1])
		}
		var got [][3]string
		if i := strings.Index(sec, "<caption>Stages</caption>"); i >= 0 {
			for _, r := range stageRowRe.FindAllStringSubmatch(sec[i:], -1) {
				got = append(got, [3]string{r[1], r[2], r[3]})
			}
		}
		if want := stages[id]; len(want) > 0 && (len(got) != len(want) || strings.Join(flat(got), "|") != strings.Join(flat(want), "|")) {
			t.Errorf("%s: stage table %v, stages.csv %v", id, got, want)
		}
		checked += len(got)
	}
	if checked == 0 {
		t.Fatal("no stage dates compared")
	}
	if a, b := strings.Join(flat(stages["C002"]), "|"), strings.Join(flat(stages["C003"]), "|"); a == "" || a != b {
		t.Errorf("siblings C002 and C003 have different stage dates:\n%s\n%s", a, b)
	}
	for id, want := range map[string]string{"C001": "living in a home in Somerset", "C004": "placed by Somerset, in a home in Devon"} {
		if homes[id] != want {
			t.Errorf("%s: %q, want %q", id, homes[id], want)
		}
	}
}

func flat(rows [][3]string) []string {
	var out []string
	for _, r := range rows {
		out = append(out, r[:]...)
	}
	return out
}
