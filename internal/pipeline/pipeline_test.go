package pipeline

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"testing"

	"github.com/linkmatch/linkmatch"
	"github.com/linkmatch/linkmatch/input"
	"github.com/linkmatch/linkmatch/match"
	"github.com/linkmatch/linkmatch/plan"
	"github.com/linkmatch/linkmatch/scenarios"
)

const demoDir = "../../scenarios/somerset-stepdown"

// loadBNES loads the embedded B&NES Family Link demo with its template.
func loadBNES(t *testing.T) *scenarios.Scenario {
	t.Helper()
	sc, _, err := scenarios.LoadWith("../../scenarios/bnes-family-link", scenarios.LoadOptions{Templates: ReadTemplate})
	if err != nil {
		t.Fatal(err)
	}
	return sc
}

// loadScenario copies the demo into a new folder with extra files and
// scenario.toml lines, and loads it.
func loadScenario(t *testing.T, toml string, files map[string]string) *scenarios.Scenario {
	t.Helper()
	sc, err := tryLoadScenario(t, toml, files)
	if err != nil {
		t.Fatal(err)
	}
	return sc
}

// tryLoadScenario is loadScenario, returning the error of an invalid
// scenario.
func tryLoadScenario(t *testing.T, toml string, files map[string]string) (*scenarios.Scenario, error) {
	t.Helper()
	dir := t.TempDir()
	entries, err := os.ReadDir(demoDir)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		data, err := os.ReadFile(filepath.Join(demoDir, e.Name()))
		if err != nil {
			t.Fatal(err)
		}
		if e.Name() == "scenario.toml" {
			data = append([]byte(toml+"\n"), data...)
		}
		if err := os.WriteFile(filepath.Join(dir, e.Name()), data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	for name, body := range files {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	sc, _, err := scenarios.LoadWith(dir, scenarios.LoadOptions{})
	return sc, err
}

// TestPrepareReportsEveryProblem: the files a run needs beyond what loading
// checks — template, terms, bank holidays, pinned links — are parsed
// together, and every problem in any of them is reported at once, at its
// place and with its kind.
func TestPrepareReportsEveryProblem(t *testing.T) {
	sc := loadScenario(t, `template = "template.toml"
terms = "terms.csv"
bank_holidays = "holidays.csv"
pinned = "pinned.csv"`, map[string]string{
		"template.toml": "name = \"t\"\n[[stage]]\nname = \"Only\"\nweeks = 0\n",
		"terms.csv":     "start,end\n2027-01-04,2026-12-01\n",
		"holidays.csv":  "date,name\n2027-13-01,nope\n",
		"pinned.csv":    "child_id,carer_id,score\nC001,K001,150\n",
	})
	_, err := Prepare(sc, Options{})
	var inv *input.InvalidError
	if !errors.As(err, &inv) {
		t.Fatalf("err = %v, want an *input.InvalidError", err)
	}
	files := map[string]bool{}
	for _, p := range inv.Problems {
		files[filepath.Base(p.File)] = true
		if !p.Warning && p.Kind == "" {
			t.Errorf("problem without a kind: %v", p)
		}
	}
	for _, f := range []string{"template.toml", "terms.csv", "holidays.csv", "pinned.csv"} {
		if !files[f] {
			t.Errorf("no problem reported in %s: %v", f, err)
		}
	}
}

func TestPrepareNeedsPlanStart(t *testing.T) {
	sc := loadScenario(t, "", nil)
	sc.Plan.Start = 0
	_, err := Prepare(sc, Options{})
	var inv *input.InvalidError
	if !errors.As(err, &inv) || !errors.Is(err, input.ErrMissingValue) || inv.Problems[0].ColumnName != "plan.start" {
		t.Fatalf("err = %v, want a missing plan.start", err)
	}
}

// TestRunRecord: a run of the demo sums up as run.json says (INTERFACE.md):
// the counts and totals are those of the stages' results, under exactly
// the documented names.
func TestRunRecord(t *testing.T) {
	sc := loadScenario(t, "", nil)
	prep, err := Prepare(sc, Options{})
	if err != nil {
		t.Fatal(err)
	}
	res, err := Run(context.Background(), prep, RunOptions{Top: 3})
	if err != nil {
		t.Fatal(err)
	}
	rec := res.Record(sc, "test")
	if rec.Counts.Linked != res.Matched.Links.Linked || rec.Counts.TimelineRows != len(res.Planned.Result.Sessions) ||
		rec.Counts.EligiblePairs != res.Scored.Eligible || rec.Totals.Cost == nil || rec.Totals.Cost.Total != res.Costs.Total {
		t.Errorf("record %+v does not match the results", rec)
	}
	data, err := json.Marshal(rec)
	if err != nil {
		t.Fatal(err)
	}
	var got struct {
		Counts map[string]int    `json:"counts"`
		Totals map[string]string `json:"totals"`
	}
	if err := json.Unmarshal(data, &got); err != nil {
		t.Fatal(err)
	}
	wantCounts := []string{"carers", "children", "eligible_pairs", "linked", "plan_warnings", "solver_relaxations", "solver_rounds", "staying_put_weeks_unpriced", "timeline_rows", "unmatched"}
	wantTotals := []string{"comparison_1", "comparison_2", "cost_gbp", "cost_notes", "costed_from", "costed_to", "mileage_gbp", "mode", "plan_warnings", "proven_optimal", "retainer_gbp", "sessions_gbp", "total_score"}
	if k := keys(got.Counts); !slices.Equal(k, wantCounts) {
		t.Errorf("counts %q, want %q", k, wantCounts)
	}
	if k := keys(got.Totals); !slices.Equal(k, wantTotals) {
		t.Errorf("totals %q, want %q", k, wantTotals)
	}
	if got.Totals["total_score"] != fmt.Sprintf("%.2f", float64(res.Matched.Links.ScaledTotal)/100) || got.Totals["cost_gbp"] != res.Costs.Total.String() ||
		got.Totals["proven_optimal"] != "true" || got.Totals["mode"] != "optimal" || got.Counts["linked"] != 16 ||
		got.Counts["solver_rounds"] != res.Matched.Links.Solver.Rounds || got.Counts["solver_relaxations"] != res.Matched.Links.Solver.Nodes ||
		got.Counts["solver_rounds"] < 1 {
		t.Errorf("run.json totals %v, counts %v", got.Totals, got.Counts)
	}
	if bytes, err := json.Marshal(res.Timings); err != nil || !json.Valid(bytes) {
		t.Errorf("timings.json: %s, %v", bytes, err)
	} else if !strings.Contains(string(bytes), `"relaxations":`) || !strings.HasSuffix(string(bytes), "}}") {
		t.Errorf("timings.json %s: want the solver's relaxations, then timings_seconds last", bytes)
	}
}

func keys[V any](m map[string]V) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// TestCostNothingToPrice: without rates a run plans but does not cost.
func TestCostNothingToPrice(t *testing.T) {
	sc := loadScenario(t, "", nil)
	prep, err := Prepare(sc, Options{})
	if err != nil {
		t.Fatal(err)
	}
	prep.Rates = nil
	c, err := Cost(context.Background(), prep, &Planned{Result: &plan.Result{Sessions: []linkmatch.Session{{Date: 1}}}})
	if c != nil || err != nil {
		t.Errorf("Cost without rates = %v, %v; want nothing", c, err)
	}
}

func TestPeriod(t *testing.T) {
	d := linkmatch.MustParseDate
	s := func(date string) linkmatch.Session { return linkmatch.Session{Date: d(date), EndDate: d(date)} }
	tests := []struct {
		name     string
		sessions []linkmatch.Session
		horizon  string
		from, to string
	}{
		{"to the horizon", []linkmatch.Session{s("2027-01-10"), s("2027-01-04")}, "2029-01-03", "2027-01-04", "2029-01-03"},
		{"a session after the horizon", []linkmatch.Session{s("2027-01-04"), s("2029-02-01")}, "2029-01-03", "2027-01-04", "2029-02-01"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			from, to := period(tt.sessions, d(tt.horizon))
			if from != d(tt.from) || to != d(tt.to) {
				t.Errorf("period = %s to %s, want %s to %s", from, to, tt.from, tt.to)
			}
		})
	}
}

// TestLinksToPlan: rows of a matches.csv become links to plan, each with
// its id; an id the scenario lacks is a problem at its row and column.
func TestLinksToPlan(t *testing.T) {
	sc := loadScenario(t, "", nil)
	var ps input.Problems
	rows := match.ReadLinks([]byte("child_id,carer_id,score,link_id\nC001,K001,80,\nC999,K001,70,\nC002,K002,60,L-own\n"), "matches.csv", &ps)
	links := linksToPlan(sc, rows, "matches.csv", plan.DefaultTemplate(), sc.Plan.Start, &ps)
	if len(links) != 2 || links[0].Link.ID != plan.LinkID("C001", "K001") || links[1].Link.ID != "L-own" || links[0].Link.Score != 80 {
		t.Errorf("links %+v", links)
	}
	if len(ps.List) != 1 || ps.List[0].Line != 3 || ps.List[0].Column != 1 || !errors.Is(ps.List[0], input.ErrUnknownName) {
		t.Errorf("problems %v, want C999 unknown at 3:1", ps.List)
	}
}

// TestPrepareAcceptsWhatRunCompletes: loading and Prepare are what
// "validate" runs, so whatever they accept, a run completes — here for rates that stop at
// every age from 15 to 18 (day rates; overnight rates are checked when
// the scenario loads) and start before or after the plan start.
// Whatever it refuses is invalid input, named at the rates file.
func TestPrepareAcceptsWhatRunCompletes(t *testing.T) {
	demo, err := os.ReadFile(filepath.Join(demoDir, "rates.csv"))
	if err != nil {
		t.Fatal(err)
	}
	accepted, refused := 0, 0
	for _, from := range []string{"2026-04-01", "2027-02-01"} {
		for lastAge := 15; lastAge <= 18; lastAge++ {
			lines := strings.Split(strings.TrimSpace(string(demo)), "\n")
			var rates []string
			for _, l := range lines {
				if strings.Contains(l, ",16,18,") && !strings.Contains(l, "overnight") { // overnights: checked at load
					if lastAge < 16 {
						continue
					}
					l = strings.Replace(l, ",16,18,", fmt.Sprintf(",16,%d,", lastAge), 1)
				}
				rates = append(rates, strings.Replace(l, "2026-04-01", from, 1))
			}
			name := fmt.Sprintf("rates from %s to age %d", from, lastAge)
			sc, err := tryLoadScenario(t, "", map[string]string{"rates.csv": strings.Join(rates, "\n") + "\n"})
			var prep *Prepared
			if err == nil {
				prep, err = Prepare(sc, Options{})
			}
			if err != nil {
				var inv *input.InvalidError
				if !errors.As(err, &inv) || filepath.Base(inv.Problems[0].File) != "rates.csv" {
					t.Errorf("%s: Prepare: %v, want problems in rates.csv", name, err)
				}
				refused++
				continue
			}
			accepted++
			if _, err := Run(context.Background(), prep, RunOptions{}); err != nil {
				t.Errorf("%s: Prepare accepted it, but the run failed: %v", name, err)
			}
		}
	}
	// The demo's oldest child is 16 at the start and 18 within the plan:
	// rates to 17 from the start are enough, and rates from a later date
	// leave the start unpriced.
	if accepted != 2 || refused != 6 {
		t.Errorf("accepted %d and refused %d variants, want 2 and 6", accepted, refused)
	}
}

// TestRunFinished: Finished hears of each stage once, and of the match
// stage only when its comparison with the other modes and every link's
// reason are there, though they are worked out while the links are
// planned; an error from Finished stops the run with that error.
func TestRunFinished(t *testing.T) {
	sc := loadScenario(t, "", nil)
	prep, err := Prepare(sc, Options{})
	if err != nil {
		t.Fatal(err)
	}
	var heard []string
	res, err := Run(context.Background(), prep, RunOptions{Top: 3, Finished: func(stage string, r *Result) error {
		heard = append(heard, stage)
		if stage == StageMatch && (len(r.Matched.Compared) != 2 || len(r.Matched.Choices) != len(r.Matched.Links.Assignments)) {
			t.Errorf("the match stage was finished with %d comparisons and %d reasons for %d links",
				len(r.Matched.Compared), len(r.Matched.Choices), len(r.Matched.Links.Assignments))
		}
		return nil
	}})
	if err != nil {
		t.Fatal(err)
	}
	slices.Sort(heard)
	want := []string{StageScore, StageMatch, StagePlan, StageCost}
	if slices.Sort(want); !slices.Equal(heard, want) {
		t.Errorf("Finished heard %q, want each stage once: %q", heard, want)
	}
	if res.Timings.Match <= 0 {
		t.Errorf("the match stage took %v", res.Timings.Match)
	}
	for _, stop := range []string{StageMatch, StagePlan} {
		boom := errors.New("disk full")
		_, err := Run(context.Background(), prep, RunOptions{Top: 3, Finished: func(stage string, r *Result) error {
			if stage == stop {
				return boom
			}
			return nil
		}})
		if !errors.Is(err, boom) {
			t.Errorf("Finished failed at %s: Run returned %v", stop, err)
		}
	}
}

// TestPrepareShortBreaksOvernightRates: a short-breaks scenario whose
// rates give no overnight rate, while its template offers overnight
// breaks paid per night, is refused before any work, naming rates.csv
// and the missing unit, rather than failing the run at costing (tester).
func TestPrepareShortBreaksOvernightRates(t *testing.T) {
	const src = "../../scenarios/bnes-family-link"
	dir := t.TempDir()
	entries, err := os.ReadDir(src)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		data, err := os.ReadFile(filepath.Join(src, e.Name()))
		if err != nil {
			t.Fatal(err)
		}
		if e.Name() == "rates.csv" {
			var kept []string
			for _, l := range strings.SplitAfter(string(data), "\n") {
				if !strings.Contains(l, "overnight") {
					kept = append(kept, l)
				}
			}
			data = []byte(strings.Join(kept, ""))
		}
		if err := os.WriteFile(filepath.Join(dir, e.Name()), data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	sc, _, err := scenarios.LoadWith(dir, scenarios.LoadOptions{Templates: ReadTemplate})
	if err != nil {
		t.Fatal(err)
	}
	_, err = Prepare(sc, Options{})
	var inv *input.InvalidError
	if !errors.As(err, &inv) || filepath.Base(inv.Problems[0].File) != "rates.csv" || !strings.Contains(inv.Problems[0].Message, "no standard overnight rate") {
		t.Fatalf("Prepare: %v, want no standard overnight rate in rates.csv", err)
	}
}
