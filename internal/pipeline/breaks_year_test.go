package pipeline

import (
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"strconv"
	"strings"
	"testing"

	"github.com/linkmatch/linkmatch/match"
	"github.com/linkmatch/linkmatch/plan"
)

// TestPlannedYear: issue 17 asked what the year's plan gives each child
// against what is due. On the B&NES demo every child's planned breaks are
// counted from the timeline, the reasons name what held them back, the
// totals reach run.json, and entitlement.csv keeps matching's columns byte
// for byte with four added.
func TestPlannedYear(t *testing.T) {
	sc := loadBNES(t)
	prep, err := Prepare(sc, Options{})
	if err != nil {
		t.Fatal(err)
	}
	res, err := Run(context.Background(), prep, RunOptions{Top: 3})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Years) != len(res.Breaks.Links.Shares) {
		t.Fatalf("%d planned years for %d children", len(res.Years), len(res.Breaks.Links.Shares))
	}
	yearEnd := sc.Plan.Start.AddMonths(12)
	for i, y := range res.Years {
		sh := res.Breaks.Links.Shares[i]
		n := 0
		for _, s := range res.Planned.Result.Sessions {
			if s.ChildID == y.ChildID && s.Kind.Paid() && s.Stage == "Short breaks" && s.Date < yearEnd {
				n++
			}
		}
		if y.Planned != n || y.Due != 12*sh.Entitled {
			t.Errorf("%s: planned %d of %d, want %d of %d", y.ChildID, y.Planned, y.Due, n, 12*sh.Entitled)
		}
		if (y.Planned < y.Due) != (y.Reason != "") {
			t.Errorf("%s: planned %d of %d with reason %q", y.ChildID, y.Planned, y.Due, y.Reason)
		}
		if sh.Met == 0 && !strings.Contains(y.Reason, "no carer gives") {
			t.Errorf("%s has no carer, yet the reason is %q", y.ChildID, y.Reason)
		}
	}
	rec := res.Record(sc, "test")
	planned, due := PlannedTotals(res.Years)
	data, err := json.Marshal(rec)
	if err != nil {
		t.Fatal(err)
	}
	var got struct {
		Counts map[string]int `json:"counts"`
	}
	if err := json.Unmarshal(data, &got); err != nil || got.Counts["breaks_planned_year"] != planned || got.Counts["breaks_due_year"] != due || planned == 0 || planned >= due {
		t.Errorf("run.json counts %v, want %d planned of %d due (%v)", got.Counts, planned, due, err)
	}

	var ent, out bytes.Buffer
	if err := match.WriteBreakShares(&ent, sc.Children, res.Breaks.Links); err != nil {
		t.Fatal(err)
	}
	if err := WriteEntitlementPlanned(&out, ent.Bytes(), res.Years); err != nil {
		t.Fatal(err)
	}
	rows, err := csv.NewReader(&out).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	old, err := csv.NewReader(bytes.NewReader(ent.Bytes())).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != len(old) || strings.Join(rows[0][len(old[0]):], ",") != "planned_year,due_year,planned_share,planned_reason" {
		t.Fatalf("header %v", rows[0])
	}
	for i := 1; i < len(rows); i++ {
		if strings.Join(rows[i][:len(old[i])], "\x00") != strings.Join(old[i], "\x00") {
			t.Errorf("row %d's matching columns changed: %v", i, rows[i])
		}
		y := res.Years[i-1]
		if rows[i][len(old[i])] != strconv.Itoa(y.Planned) || rows[i][len(old[i])+2] != strconv.Itoa(y.Share())+"%" {
			t.Errorf("row %d: %v, want %+v", i, rows[i], y)
		}
	}

	// plan's entitlement.csv (PlanEntitlement) is the same file from
	// match's alone, and again from its own output (the planned columns
	// replaced, not added twice).
	var want bytes.Buffer
	if err := WriteEntitlementPlanned(&want, ent.Bytes(), res.Years); err != nil {
		t.Fatal(err)
	}
	again, ys, err := PlanEntitlement("entitlement.csv", ent.Bytes(), res.Planned.Result, res.Agreements, sc.Plan.Start, res.Planned.Horizon)
	if err != nil || !bytes.Equal(again, want.Bytes()) || len(ys) != len(res.Years) {
		t.Errorf("PlanEntitlement from match's file differs from run's (%v)", err)
	}
	twice, _, err := PlanEntitlement("entitlement.csv", again, res.Planned.Result, res.Agreements, sc.Plan.Start, res.Planned.Horizon)
	if err != nil || !bytes.Equal(twice, want.Bytes()) {
		t.Errorf("PlanEntitlement of its own output differs (%v)", err)
	}
	for _, bad := range []struct{ name, data, want string }{
		{"another file", "child_id,carer_id\nC01,K01\n", "e.csv:1:1: not entitlement.csv as match writes it"},
		{"entitled not a number", strings.Replace(ent.String(), ",3,3,100%", ",three,3,100%", 1), `e.csv:2:`},
	} {
		_, _, err := PlanEntitlement("e.csv", []byte(bad.data), res.Planned.Result, res.Agreements, sc.Plan.Start, res.Planned.Horizon)
		if err == nil || !strings.Contains(err.Error(), bad.want) {
			t.Errorf("%s: %v, want %q", bad.name, err, bad.want)
		}
	}
}

// TestPlanEntitlementAgreesWithMatches: plan re-used match's
// entitlement.csv without checking it against a matches.csv edited by
// hand: a child taken out of matches.csv kept "met 100%" beside "planned
// 0%", and planned_reason pointed at an empty reason column. The child's
// matching columns now follow the links planned, and every other row is
// kept byte for byte.
func TestPlanEntitlementAgreesWithMatches(t *testing.T) {
	sc := loadBNES(t)
	prep, err := Prepare(sc, Options{})
	if err != nil {
		t.Fatal(err)
	}
	res, err := Run(context.Background(), prep, RunOptions{Top: 3})
	if err != nil {
		t.Fatal(err)
	}
	var ent bytes.Buffer
	if err := match.WriteBreakShares(&ent, sc.Children, res.Breaks.Links); err != nil {
		t.Fatal(err)
	}
	const gone = "C05"
	var kept []plan.Agreement
	for _, a := range res.Agreements {
		if a.ChildID != gone {
			kept = append(kept, a)
		}
	}
	if len(kept) == len(res.Agreements) {
		t.Fatalf("the demo has no link of %s", gone)
	}
	whole, _, err := PlanEntitlement("entitlement.csv", ent.Bytes(), res.Planned.Result, res.Agreements, sc.Plan.Start, res.Planned.Horizon)
	if err != nil {
		t.Fatal(err)
	}
	got, _, err := PlanEntitlement("entitlement.csv", ent.Bytes(), res.Planned.Result, kept, sc.Plan.Start, res.Planned.Horizon)
	if err != nil {
		t.Fatal(err)
	}
	before, _ := csv.NewReader(bytes.NewReader(whole)).ReadAll()
	rows, err := csv.NewReader(bytes.NewReader(got)).ReadAll()
	if err != nil || len(rows) != len(before) {
		t.Fatalf("%d rows, want %d (%v)", len(rows), len(before), err)
	}
	wholeLines, gotLines := strings.Split(string(whole), "\n"), strings.Split(string(got), "\n")
	for i, r := range rows {
		if r[0] != gone {
			if wholeLines[i] != gotLines[i] {
				t.Errorf("row %d changed:\n%s\n%s", i, wholeLines[i], gotLines[i])
			}
			continue
		}
		col := map[string]string{}
		for j, h := range rows[0] {
			col[h] = r[j]
		}
		if col["met"] != "0" || col["share_met"] != "0%" || col["carers"] != "" || col["unmet"] != col["breaks"] ||
			!strings.Contains(col["reason"], "not given: the matches.csv planned has no link for the child, where match linked K12 for 4 a month") ||
			col["planned_year"] != "0" || !strings.Contains(col["planned_reason"], "(the reason column)") {
			t.Errorf("%s taken out of matches.csv: %v", gone, col)
		}
	}
	again, _, err := PlanEntitlement("entitlement.csv", got, res.Planned.Result, kept, sc.Plan.Start, res.Planned.Horizon)
	if err != nil || !bytes.Equal(again, got) {
		t.Errorf("planning again from plan's own file differs (%v)", err)
	}
}
