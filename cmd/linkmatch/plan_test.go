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

	"github.com/linkmatch/linkmatch/internal/goldentest"
)

// planScenario extracts the embedded demo and writes matches.csv beside it.
func planScenario(t *testing.T, matches string) (dir string) {
	t.Helper()
	dir = t.TempDir()
	src := "../../scenarios/somerset-stepdown"
	entries, err := os.ReadDir(src)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		data, err := os.ReadFile(filepath.Join(src, e.Name()))
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, e.Name()), data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.WriteFile(filepath.Join(dir, "matches.csv"), []byte(matches), 0o644); err != nil {
		t.Fatal(err)
	}
	return dir
}

func TestPlanCommand(t *testing.T) {
	demo, err := os.ReadFile("../../plan/testdata/demo_matches.csv")
	if err != nil {
		t.Fatal(err)
	}
	dir := planScenario(t, string(demo))
	allowHandChosenLinks(t, dir)
	out, ics := filepath.Join(dir, "out", "timeline.csv"), filepath.Join(dir, "out", "timeline.ics")
	var stdout, stderr bytes.Buffer
	err = run(context.Background(), []string{"plan", dir, "--matches", filepath.Join(dir, "matches.csv"), "--out", out, "--ics", ics, "--quiet"}, nil, &stdout, &stderr)
	if err != nil {
		t.Fatalf("plan: %v\n%s", err, stderr.String())
	}
	got := readFile(t, out)
	if d := goldentest.Diff(readFile(t, "../../plan/testdata/demo_timeline.csv"), got); d != "" {
		t.Errorf("timeline.csv differs from plan/testdata/demo_timeline.csv:\n%s", d)
	}
	// plan_warnings.csv beside the timeline, and the summary line.
	warnings := readFile(t, filepath.Join(dir, "out", "plan_warnings.csv"))
	if d := goldentest.Diff(readFile(t, "../../plan/testdata/demo_warnings.csv"), warnings); d != "" {
		t.Errorf("plan_warnings.csv differs from plan/testdata/demo_warnings.csv:\n%s", d)
	}
	if n := bytes.Count(warnings, []byte("\n")) - 1; !strings.Contains(stdout.String(), fmt.Sprintf("plan warnings: %d for", n)) {
		t.Errorf("stdout %q does not sum up the %d warnings", stdout.String(), n)
	}
	cal, err := os.ReadFile(ics)
	if err != nil || !bytes.Contains(cal, []byte("TZID=Europe/London")) || bytes.Count(cal, []byte("BEGIN:VEVENT")) != bytes.Count(got, []byte("\n"))-1 {
		t.Errorf("timeline.ics: %v, %d events", err, bytes.Count(cal, []byte("BEGIN:VEVENT")))
	}
}

// allowHandChosenLinks widens the demo copy in dir so that the links of
// plan/testdata/demo_matches.csv — chosen by hand to exercise the planner
// (siblings, a carer with two links), several further than the demo's
// distances allow and one to a carer without an accessible home — pass
// the hard rules that plan checks: no distance limit, and an accessible
// home no longer essential. Neither changes a plan: planning reads
// neither distances nor needs.
func allowHandChosenLinks(t *testing.T, dir string) {
	t.Helper()
	toml := filepath.Join(dir, "scenario.toml")
	settings := strings.Replace(string(readFile(t, toml)), "max_distance_km = 40", "max_distance_km = 500", 1)
	settings = strings.Replace(settings, "rates = \"rates.csv\"", "rates = \"rates.csv\"\nneeds = \"needs.csv\"", 1)
	rows := readCSV(t, filepath.Join(dir, "carers.csv"))
	col := slices.Index(rows[0], "max_travel_km")
	cur := slices.Index(rows[0], "current_links")
	for _, row := range rows[1:] {
		row[col] = "0" // the scenario's maximum
		row[cur] = "0" // the links are the carer's only ones: their time holds them
	}
	var carers bytes.Buffer
	if err := csv.NewWriter(&carers).WriteAll(rows); err != nil {
		t.Fatal(err)
	}
	for name, data := range map[string]string{
		"scenario.toml": settings,
		"carers.csv":    carers.String(),
		"needs.csv":     "need,skill,weight,hard\nphysical_disability,accessible_home,3,no\n",
	} {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

// TestPlanRejectsLinksBreakingRules: plan refuses a matches.csv edited by
// hand into links the matching could never have chosen, naming each row:
// a carer over their places, a child outside the carer's approved ages, a
// household conflict, a child linked twice, two rows with one link id.
func TestPlanRejectsLinksBreakingRules(t *testing.T) {
	tests := []struct {
		name, matches, want string
	}{
		{"over capacity", "child_id,carer_id\nC002,K001\nC003,K001\nC007,K001\n",
			"matches.csv:4:6 (carer_id): carer K001 has 2 places"},
		{"age range", "child_id,carer_id\nC003,K007\n", "age approval"},
		{"household conflict", "child_id,carer_id\nC010,K001\n", "household conflict"},
		{"child linked twice", "child_id,carer_id\nC001,K001\nC001,K007\n", "matches.csv:3:1 (child_id): child C001 is already linked on line 2"},
		{"one link id twice", "child_id,carer_id,link_id\nC001,K001,L-C004-K007\nC004,K007,\n", "matches.csv:3:1 (child_id): the link id L-C004-K007 is already used on line 2"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			dir := planScenario(t, tc.matches)
			out := filepath.Join(dir, "timeline.csv")
			var stdout, stderr bytes.Buffer
			err := run(context.Background(), []string{"plan", dir, "--matches", filepath.Join(dir, "matches.csv"), "--out", out, "--quiet"}, nil, &stdout, &stderr)
			if code := exitCode(err); code != exitInvalid {
				t.Errorf("exit %d, want %d (%v)", code, exitInvalid, err)
			}
			if !strings.Contains(stderr.String(), tc.want) {
				t.Errorf("stderr does not say %q:\n%s", tc.want, stderr.String())
			}
			if _, err := os.Stat(out); !errors.Is(err, os.ErrNotExist) {
				t.Error("an output was written")
			}
		})
	}
}

func TestPlanCommandErrors(t *testing.T) {
	tests := []struct {
		name    string
		matches string
		flags   []string
		code    int
		want    string
	}{
		{"unknown child and carer", "child_id,carer_id,score\nC001,K001,80\nC999,K001,10\nC002,KZZ,5\n", nil, exitInvalid, "matches.csv:3:1 (child_id): there is no child \"C999\""},
		{"missing column", "child,carer_id\nC001,K001\n", nil, exitInvalid, "missing column \"child_id\""},
		{"a timeline given as matches", "link_id,child_id,carer_id,date,start,end_date,end,kind,stage,location,activity,notes,row_id,status\nL-C001-K001,C001,K001,2027-01-04,10:00,,11:00,meeting,Introductions,,,,x,\n",
			nil, exitInvalid, "matches.csv:1: this looks like a timeline file, not a matches file"},
		{"a children file given as matches", "id,date_of_birth,home_authority,lat,lon\nC001,2014-01-01,Somerset,51,-3\n", nil, exitInvalid, "this looks like a children file, not a matches file"},
		{"unknown stage", "child_id,carer_id\nC001,K001\n", []string{"--extend", "Nope=2"}, exitInvalid, "unknown stage"},
		{"bad extend", "child_id,carer_id\nC001,K001\n", []string{"--extend", "Developing"}, exitInvalid, "STAGE=WEEKS"},
		{"unknown link to end", "child_id,carer_id\nC001,K001\n", []string{"--end", "L-X-Y=2027-05-01"}, exitInvalid, "unknown link"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			dir := planScenario(t, tc.matches)
			out := filepath.Join(dir, "timeline.csv")
			var stdout, stderr bytes.Buffer
			args := append([]string{"plan", dir, "--matches", filepath.Join(dir, "matches.csv"), "--out", out, "--quiet"}, tc.flags...)
			err := run(context.Background(), args, nil, &stdout, &stderr)
			if code := exitCode(err); code != tc.code {
				t.Errorf("exit %d, want %d (%v)", code, tc.code, err)
			}
			if !strings.Contains(stderr.String(), tc.want) {
				t.Errorf("stderr does not say %q:\n%s", tc.want, stderr.String())
			}
			if _, err := os.Stat(out); !errors.Is(err, os.ErrNotExist) {
				t.Error("an output was written")
			}
		})
	}
}

// TestPlanAgreementsNotInScenarioByDefault: plan --out SCENARIO/timeline.csv
// once wrote the written agreements and entitlement.csv into the scenario's
// folder, where --agreements naming it is refused (tester). The default is
// refused too, before anything is written.
func TestPlanAgreementsNotInScenarioByDefault(t *testing.T) {
	sc := familyLinkCopy(t)
	matches := filepath.Join(t.TempDir(), "matches.csv")
	writeFile(t, matches, "child_id,carer_id\nC01,K01\n")
	code, _, stderr := runCapture(t, "plan", sc, "--matches", matches, "--out", filepath.Join(sc, "timeline.csv"), "--quiet")
	if code != 2 || !strings.Contains(stderr, "in the scenario's own folder") || !strings.Contains(stderr, filepath.Join(sc, "plan", "timeline.csv")) {
		t.Fatalf("exit %d: %s; want 2 suggesting another folder", code, stderr)
	}
	entries, err := os.ReadDir(sc)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		if strings.HasPrefix(e.Name(), "agreement") || e.Name() == "entitlement.csv" || e.Name() == "timeline.csv" {
			t.Errorf("%s written into the scenario's folder", e.Name())
		}
	}
}
