package scenarios

import (
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/linkmatch/linkmatch"
	"github.com/linkmatch/linkmatch/geo"
	"github.com/linkmatch/linkmatch/input"
)

// writeScenario writes a minimal valid scenario with the files in over
// replacing or adding to it, and returns its folder.
func writeScenario(t *testing.T, over map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	base := filepath.Join("testdata", "valid", "minimal")
	entries, err := os.ReadDir(base)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		data, err := os.ReadFile(filepath.Join(base, e.Name()))
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, e.Name()), data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	for name, text := range over {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

func mustRead(t *testing.T, path string) string {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return string(data)
}

func TestLoadMinimal(t *testing.T) {
	dir := filepath.Join("testdata", "valid", "minimal")
	for _, path := range []string{dir, filepath.Join(dir, "scenario.toml")} {
		s, ps, err := LoadWith(path, LoadOptions{})
		if err != nil {
			t.Fatalf("LoadWith(%s): %v", path, err)
		}
		if len(ps.List) != 0 {
			t.Errorf("LoadWith(%s): unexpected problems %v", path, ps.List)
		}
		if got, want := len(s.Children), 3; got != want {
			t.Errorf("children = %d, want %d", got, want)
		}
		c := s.Children[0]
		if c.ID != "C1" || c.DateOfBirth != linkmatch.MustParseDate("2012-05-14") || !c.Overnight ||
			c.Complexity != linkmatch.ComplexityMedium || !slices.Equal(c.KnownAdults, []string{"K1"}) {
			t.Errorf("child C1 = %+v", c)
		}
		k := s.Carers[0]
		if k.Capacity != 2 || k.Tier != linkmatch.TierFosteringPlus || k.Availability != (linkmatch.AvailWeekends|linkmatch.AvailEvenings) {
			t.Errorf("carer K1 = %+v", k)
		}
		if s.Payments.RetainerWeekly != 10000 || s.Payments.MileagePerMile != 45 {
			t.Errorf("payments = %+v", s.Payments)
		}
		if s.Match.MaxDistanceKm != linkmatch.DefaultMaxDistanceKm || s.Match.DistantAuthorities != linkmatch.PolicyPenalise || s.Geo.Circuity != geo.DefaultCircuity {
			t.Errorf("defaults not applied: %+v %+v", s.Match, s.Geo)
		}
		if s.Files.Children != filepath.Join(dir, "children.csv") {
			t.Errorf("Files.Children = %q", s.Files.Children)
		}
	}
}

func TestLoadSettings(t *testing.T) {
	toml := `name = "settings"
children = "children.csv"
carers = "carers.csv"
rates = "rates.csv"
[payments]
retainer_weekly_gbp = 120
mileage_gbp_per_mile = "0.5"
overnight = "day_and_half"
[plan]
start = 2027-02-01
[match]
max_distance_km = 25.5
distant_authorities = "forbid"
mode = "stable"
[match.weights]
needs = 2
distance = 0.5
[geo]
circuity = 1.4
speed_kmh = 35
neighbour_tolerance_m = 50
`
	s, _, err := LoadWith(writeScenario(t, map[string]string{"scenario.toml": toml}), LoadOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if s.Payments.RetainerWeekly != 12000 || s.Payments.MileagePerMile != 50 || s.Payments.Overnight != linkmatch.OvernightDayAndHalf {
		t.Errorf("payments = %+v", s.Payments)
	}
	if s.Plan.Start != linkmatch.MustParseDate("2027-02-01") || s.Today != s.Plan.Start {
		t.Errorf("plan = %+v, today %s", s.Plan, s.Today)
	}
	if s.Match.MaxDistanceKm != 25.5 || s.Match.DistantAuthorities != linkmatch.PolicyForbid || s.Match.Mode != "stable" ||
		len(s.Match.Weights) != 2 || s.Match.Weights[linkmatch.ComponentNeeds] != 2 || s.Match.Weights[linkmatch.ComponentDistance] != 0.5 {
		t.Errorf("match = %+v", s.Match)
	}
	if s.Geo.Circuity != 1.4 || s.Geo.SpeedKmh != 35 || s.Geo.NeighbourToleranceM != 50 {
		t.Errorf("geo = %+v", s.Geo)
	}
	if m := s.Geo.TravelModel(); m.Circuity != 1.4 || m.SpeedKmh != 35 {
		t.Errorf("travel model = %+v, want the scenario's circuity and speed", m)
	}
}

// TestOvernightRateRequired: when overnights are paid per night (the
// default) and a child who may stay overnight could stay with a carer
// offering overnights, the rates must give that carer's tier an overnight
// rate for the child's ages; paying each night as a day and a half needs
// none.
func TestOvernightRateRequired(t *testing.T) {
	noOvernight := "effective_from,tier,age_min,age_max,unit,amount_gbp\n2026-04-01,standard,0,18,half_day,19.90\n2026-04-01,standard,0,18,full_day,39.80\n2026-04-01,fostering_plus,0,13,overnight,60.00\n"
	toml := mustRead(t, filepath.Join("testdata", "valid", "minimal", "scenario.toml"))
	tests := []struct {
		name  string
		over  map[string]string
		valid bool
	}{
		{"per night, with overnight rates", nil, true},
		{"per night, without the ages of the children", map[string]string{"rates.csv": noOvernight}, false},
		{"a day and a half each night", map[string]string{"rates.csv": noOvernight,
			"scenario.toml": strings.Replace(toml, "[payments]", "[payments]\novernight = \"day_and_half\"", 1)}, true},
		{"no child stays overnight", map[string]string{"rates.csv": noOvernight,
			"children.csv": strings.Replace(mustRead(t, filepath.Join("testdata", "valid", "minimal", "children.csv")), "medium,yes", "medium,no", 1)}, true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, ps, err := LoadWith(writeScenario(t, tc.over), LoadOptions{})
			if tc.valid {
				if err != nil {
					t.Fatal(err)
				}
				return
			}
			if !errors.Is(err, input.ErrInvalid) {
				t.Fatalf("err = %v, want invalid", err)
			}
			want := "no fostering_plus overnight rate for ages 14–17"
			for _, p := range ps.List {
				if p.ColumnName == "unit" && filepath.Base(p.File) == "rates.csv" && errors.Is(p, input.ErrMissingValue) && strings.Contains(p.Message, want) && strings.Contains(p.Message, "(C1)") && strings.Contains(p.Message, "(K1)") {
					return
				}
			}
			t.Errorf("no problem says %q; got %v", want, ps.List)
		})
	}
}

// TestWarnings checks problems that are reported but do not stop a load.
func TestWarnings(t *testing.T) {
	base := mustRead(t, filepath.Join("testdata", "valid", "minimal", "children.csv"))
	carers := mustRead(t, filepath.Join("testdata", "valid", "minimal", "carers.csv"))
	tests := []struct {
		name      string
		over      map[string]string
		file      string
		line, col int
		column    string
	}{
		{"unknown toml key", map[string]string{"scenario.toml": mustRead(t, filepath.Join("testdata", "valid", "minimal", "scenario.toml")) + "\n[match]\nfavourite_colour = 30\n"},
			"scenario.toml", 14, 20, "match.favourite_colour"},
		{"unknown column", map[string]string{"children.csv": strings.ReplaceAll(strings.ReplaceAll(strings.Replace(base, "last_review\n", "last_review,shoe_size\n", 1), ",\n", ",,\n"), "2026-10-12\n", "2026-10-12,\n")}, "children.csv", 1, 118, "shoe_size"},
		{"siblings under different authorities", map[string]string{"children.csv": strings.Replace(base, "C3,2016-01-27,Somerset", "C3,2016-01-27,Devon", 1)}, "children.csv", 4, 15, "home_authority"},
		{"unknown skill", map[string]string{"carers.csv": strings.Replace(carers, ",autism,", ",autism;juggling,", 1)}, "carers.csv", 3, 44, "skills"},
		{"overnight without bedroom", map[string]string{"carers.csv": strings.Replace(carers, "yes,2,weekends", "yes,0,weekends", 1)}, "carers.csv", 2, 78, "bedrooms"},
		// The network file is for a feature not built yet: it is read, and
		// a warning says it is not used, at its key.
		{"network not used yet", map[string]string{"scenario.toml": "network = \"network.csv\"\n" + mustRead(t, filepath.Join("testdata", "valid", "minimal", "scenario.toml")),
			"network.csv": "child_id,adult,relationship\nC1,Aunt,aunt\n"}, "scenario.toml", 1, 11, "network"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := writeScenario(t, tt.over)
			s, ps, err := LoadWith(dir, LoadOptions{})
			if err != nil {
				t.Fatalf("Load: %v", err)
			}
			for _, p := range s.Warnings {
				if filepath.Base(p.File) == tt.file && p.Line == tt.line && p.Column == tt.col && p.ColumnName == tt.column {
					return
				}
			}
			t.Errorf("no warning at %s:%d:%d (%s); got %v", tt.file, tt.line, tt.col, tt.column, ps.List)
		})
	}
}

// TestMisspeltKeysRefused: a key or column close to a known one that is
// not given is refused with "did you mean" at its place, rather than
// leaving the setting at its default or dropping the column's values.
func TestMisspeltKeysRefused(t *testing.T) {
	toml := mustRead(t, filepath.Join("testdata", "valid", "minimal", "scenario.toml"))
	children := mustRead(t, filepath.Join("testdata", "valid", "minimal", "children.csv"))
	tests := []struct {
		name string
		over map[string]string
		want string
	}{
		{"setting", map[string]string{"scenario.toml": strings.Replace(toml, "retainer_weekly_gbp = 100.00", "retainer_weekley_gbp = 0", 1)},
			`scenario.toml:7:1 (payments.retainer_weekley_gbp): unknown key "payments.retainer_weekley_gbp": did you mean retainer_weekly_gbp?`},
		{"setting cut short", map[string]string{"scenario.toml": toml + "\n[match]\nmax_distance = 30\n"},
			`(match.max_distance): unknown key "match.max_distance": did you mean max_distance_km?`},
		{"section run on", map[string]string{"scenario.toml": toml + "\n[matching]\nmax_distance_km = 30\n"},
			`(matching): unknown section "matching": did you mean match?`},
		{"column", map[string]string{"children.csv": strings.Replace(children, "last_review\n", "last_reveiw\n", 1)},
			`children.csv:1:106 (last_reveiw): unknown column "last_reveiw": did you mean last_review?`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, _, err := LoadWith(writeScenario(t, tt.over), LoadOptions{})
			if !errors.Is(err, input.ErrUnknownName) || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("err = %v, want %s", err, tt.want)
			}
		})
	}
}

// TestAllProblemsReported: a file with many mistakes reports each of them.
func TestAllProblemsReported(t *testing.T) {
	children := `id,date_of_birth,home_authority,lat,lon,needs,complexity,overnight
C1,2012-13-01,Somerset,51.0,-3.1,,medium,yes
C1,2012-01-01,Somerset,51.0,-3.1,,extreme,yes
C3,2012-01-01,,-3.1,51.0,,low,perhaps
`
	_, ps, err := LoadWith(writeScenario(t, map[string]string{"children.csv": children}), LoadOptions{})
	if !errors.Is(err, input.ErrInvalid) {
		t.Fatalf("err = %v", err)
	}
	want := []string{"date_of_birth", "id", "complexity", "home_authority", "lat", "overnight"}
	var got []string
	for _, p := range ps.List {
		if !p.Warning {
			got = append(got, p.ColumnName)
		}
	}
	for _, w := range want {
		if !slices.Contains(got, w) {
			t.Errorf("no problem in column %s; got %v", w, got)
		}
	}
}

func TestTodayOption(t *testing.T) {
	toml := "children = \"children.csv\"\ncarers = \"carers.csv\"\nrates = \"rates.csv\"\n"
	dir := writeScenario(t, map[string]string{"scenario.toml": toml})
	if _, _, err := LoadWith(dir, LoadOptions{Today: linkmatch.MustParseDate("2026-01-01")}); err != nil {
		t.Errorf("valid on 2026-01-01: %v", err)
	}
	// On 2012-01-01 every child is born in the future.
	_, ps, err := LoadWith(dir, LoadOptions{Today: linkmatch.MustParseDate("2012-01-01")})
	if !errors.Is(err, input.ErrInvalid) || ps.ErrorCount() != 3 {
		t.Errorf("on 2012-01-01: err %v, %d errors, want 3", err, ps.ErrorCount())
	}
	// Without a date, ages are not checked.
	if _, _, err := LoadWith(dir, LoadOptions{}); err != nil {
		t.Errorf("no reference date: %v", err)
	}
}

func TestNeedsMerge(t *testing.T) {
	needs := "need,skill,weight,hard,conflicts,description\nautism,autism,5,yes,,Replaced\nequine_therapy,horses,1,no,,New\n"
	toml := mustRead(t, filepath.Join("testdata", "valid", "minimal", "scenario.toml")) + ""
	toml = strings.Replace(toml, "rates = \"rates.csv\"", "rates = \"rates.csv\"\nneeds = \"needs.csv\"", 1)
	s, _, err := LoadWith(writeScenario(t, map[string]string{"scenario.toml": toml, "needs.csv": needs}), LoadOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if got, want := len(s.Needs), len(DefaultNeeds())+1; got != want {
		t.Errorf("%d needs, want %d", got, want)
	}
	if !slices.IsSortedFunc(s.Needs, func(a, b linkmatch.Need) int { return strings.Compare(a.Name, b.Name) }) {
		t.Error("needs not sorted by name")
	}
	i := slices.IndexFunc(s.Needs, func(n linkmatch.Need) bool { return n.Name == "autism" })
	if n := s.Needs[i]; n.Weight != 5 || !n.Hard || n.Description != "Replaced" {
		t.Errorf("autism = %+v, want the scenario's row", n)
	}
}

func TestDefaultNeeds(t *testing.T) {
	needs := DefaultNeeds()
	want := []string{"complex_behaviour", "attachment_trauma", "learning_disability", "physical_disability", "autism",
		"education_advocacy", "health_liaison", "cultural_identity", "religion_language", "family_contact",
		"independence_16plus", "exploitation_risk", "pet_allergy", "smoke_free"}
	for _, w := range want {
		if !slices.ContainsFunc(needs, func(n linkmatch.Need) bool { return n.Name == w }) {
			t.Errorf("default vocabulary lacks %s", w)
		}
	}
	for _, n := range needs {
		if n.Description == "" {
			t.Errorf("%s has no description", n.Name)
		}
		if n.Name == "pet_allergy" && !slices.Equal(n.Conflicts, []string{"pets"}) {
			t.Errorf("pet_allergy conflicts = %v", n.Conflicts)
		}
		if n.Name == "physical_disability" && (!n.Hard || n.Skill != "accessible_home") {
			t.Errorf("physical_disability = %+v", n)
		}
	}
}

func TestPostcodes(t *testing.T) {
	toml := strings.Replace(mustRead(t, filepath.Join("testdata", "valid", "minimal", "scenario.toml")),
		"rates = \"rates.csv\"", "rates = \"rates.csv\"\npostcodes = \"postcodes.csv\"", 1)
	children := "id,date_of_birth,home_authority,postcode,lat,lon\nC1,2012-05-14,Somerset,ta11aa,,\n"
	s, _, err := LoadWith(writeScenario(t, map[string]string{"scenario.toml": toml, "children.csv": children,
		"postcodes.csv": "postcode,lat,lon\nTA1 1AA,51.0150,-3.1030\n"}), LoadOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if c := s.Children[0]; c.Lat != 51.015 || c.Lon != -3.103 || c.Postcode != "TA1 1AA" {
		t.Errorf("child = %+v", c)
	}
}

func TestParseExclusions(t *testing.T) {
	tests := []struct {
		in   string
		want int
		ok   bool
	}{
		{"", 0, true},
		{"authority:Bristol", 1, true},
		{"authority:Bristol; circle:51.3,-2.9,5", 2, true},
		{"circle:51.3,-2.9", 0, false},
		{"circle:5,-2.9,5", 0, false},
		{"circle:51.3,-2.9,0", 0, false},
		{"circle:51.3,-2.9,x", 0, false},
		{"authority:", 0, false},
		{"Bristol", 0, false},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			got, err := parseExclusions(tt.in)
			if (err == nil) != tt.ok || len(got) != tt.want {
				t.Errorf("parseExclusions(%q) = %v, %v", tt.in, got, err)
			}
		})
	}
}

func TestKeyPositions(t *testing.T) {
	doc := "# c\nname = \"x\"\n\n[match]\n  mode = \"stable\"\n[match.weights]\n\"needs\" = 2\n"
	pos := keyPositions([]byte(doc))
	tests := []struct {
		key       string
		line, col int
	}{{"name", 2, 8}, {"match", 4, 2}, {"match.mode", 5, 10}, {"match.weights.needs", 7, 11}}
	for _, tt := range tests {
		if p := pos[tt.key]; p.line != tt.line || p.col != tt.col {
			t.Errorf("%s at %d:%d, want %d:%d", tt.key, p.line, p.col, tt.line, tt.col)
		}
	}
}

// TestChildPlanColumns: the optional columns the step-down plan reads —
// staying_put, link_worker_slot and the long-term placement's location.
func TestChildPlanColumns(t *testing.T) {
	children := `id,date_of_birth,home_authority,lat,lon,staying_put,link_worker_slot,move_lat,move_lon
C1,2010-06-01,Somerset,51.0173,-3.1021,yes,tue 17:30-18:30,51.05,-3.2
C2,2014-09-02,Somerset,51.1280,-3.0030,,,,
`
	s, _, err := LoadWith(writeScenario(t, map[string]string{"children.csv": children}), LoadOptions{})
	if err != nil {
		t.Fatal(err)
	}
	c1, c2 := s.Children[0], s.Children[1]
	if !c1.StayingPut || c1.LinkWorker != (linkmatch.WeeklySlot{Day: time.Tuesday, Start: 17*60 + 30, End: 18*60 + 30}) ||
		!c1.HasMove || c1.MoveLat != 51.05 || c1.MoveLon != -3.2 {
		t.Errorf("C1 = %+v", c1)
	}
	if c2.StayingPut || !c2.LinkWorker.IsZero() || c2.HasMove {
		t.Errorf("C2 = %+v: empty cells mean no, the template's default and unknown", c2)
	}
}

// TestStayingPutRate: rates.csv may give a staying_put_week rate (issue 12),
// read as the Staying Put unit; "staying_put" alone is not a unit.
func TestStayingPutRate(t *testing.T) {
	// The minimal scenario's child may stay overnight with a fostering_plus
	// carer, and overnights are paid per night: an overnight rate too.
	rates := "effective_from,tier,age_min,age_max,unit,amount_gbp\n2026-04-01,standard,0,17,half_day,19.90\n2026-04-01,fostering_plus,0,17,overnight,60.00\n2026-04-01,standard,18,21,staying_put_week,250.00\n"
	s, _, err := LoadWith(writeScenario(t, map[string]string{"rates.csv": rates}), LoadOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if r := s.Rates[len(s.Rates)-1]; r.Unit != linkmatch.KindStayingPut || r.Amount != 25000 || r.AgeMin != 18 {
		t.Errorf("rate %+v", r)
	}
	bad := strings.Replace(rates, "staying_put_week", "staying_put", 1)
	if _, _, err := LoadWith(writeScenario(t, map[string]string{"rates.csv": bad}), LoadOptions{}); !errors.Is(err, input.ErrInvalid) {
		t.Errorf("unit staying_put: err = %v, want invalid", err)
	}
}

// TestMoneyMessagesQuoteTheFile: a problem with an amount in scenario.toml
// quotes the amount as the file writes it, not as the number it decodes
// to, so that the user can find it.
func TestMoneyMessagesQuoteTheFile(t *testing.T) {
	tests := []struct {
		line, want string
		kind       input.Kind
	}{
		{"retainer_weekly_gbp = 1e-3   # a typo", `"1e-3" has more than two decimal places`, input.ErrBadValue},
		{"retainer_weekly_gbp = 100.005", `"100.005" has more than two decimal places`, input.ErrBadValue},
		{"retainer_weekly_gbp = -1_000.5", "-1_000.5 is negative", input.ErrOutOfRange},
		{`retainer_weekly_gbp = "12.345"`, `"12.345" has more than two decimal places`, input.ErrBadValue},
	}
	for _, tt := range tests {
		toml := "name = \"money\"\nchildren = \"children.csv\"\ncarers = \"carers.csv\"\nrates = \"rates.csv\"\n[payments]\n" + tt.line + "\n"
		_, ps, err := LoadWith(writeScenario(t, map[string]string{"scenario.toml": toml}), LoadOptions{})
		if !errors.Is(err, input.ErrInvalid) {
			t.Fatalf("%s: err = %v, want invalid", tt.line, err)
		}
		found := false
		for _, p := range ps.List {
			found = found || (p.ColumnName == "payments.retainer_weekly_gbp" && p.Line == 6 && errors.Is(p, tt.kind) && strings.Contains(p.Message, tt.want))
		}
		if !found {
			t.Errorf("%s: no problem of kind %q at 6 saying %q; got %v", tt.line, tt.kind, tt.want, ps.List)
		}
	}
}

// TestClosedDays: [plan] closed_days and closed_afternoons default to
// Christmas Day, Boxing Day and New Year's Day, and Christmas Eve's
// afternoon; a list replaces them, an empty list closes nothing, and a day
// that is not MM-DD is an error at its key.
func TestClosedDays(t *testing.T) {
	base := mustRead(t, filepath.Join("testdata", "valid", "minimal", "scenario.toml"))
	md := func(m time.Month, d int) linkmatch.MonthDay { return linkmatch.MonthDay{Month: m, Day: d} }
	tests := []struct {
		name             string
		plan             string
		days, afternoons []linkmatch.MonthDay
		bad              string // the key of the expected error
	}{
		{"defaults", "", linkmatch.DefaultClosedDays(), linkmatch.DefaultClosedAfternoons(), ""},
		{"own list", "closed_days = [\"12-25\", \"12-31\"]\nclosed_afternoons = [\"12-31\"]\n",
			[]linkmatch.MonthDay{md(time.December, 25), md(time.December, 31)}, []linkmatch.MonthDay{md(time.December, 31)}, ""},
		{"none", "closed_days = []\nclosed_afternoons = []\n", []linkmatch.MonthDay{}, []linkmatch.MonthDay{}, ""},
		{"not a day", "closed_days = [\"25/12\"]\n", nil, nil, "plan.closed_days"},
		{"not a real day", "closed_afternoons = [\"02-30\"]\n", nil, nil, "plan.closed_afternoons"},
		{"not a list", "closed_days = \"12-25\"\n", nil, nil, "plan.closed_days"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			toml := base
			if tt.plan != "" {
				toml = strings.Replace(base, "[plan]\n", "[plan]\n"+tt.plan, 1)
				if toml == base {
					t.Fatal("the minimal scenario has no [plan] table")
				}
			}
			s, ps, err := LoadWith(writeScenario(t, map[string]string{"scenario.toml": toml}), LoadOptions{})
			if tt.bad != "" {
				if !errors.Is(err, input.ErrInvalid) {
					t.Fatalf("err = %v, want a problem at %s", err, tt.bad)
				}
				for _, p := range ps.List {
					if p.ColumnName == tt.bad && p.Line > 0 {
						return
					}
				}
				t.Fatalf("no problem at %s: %v", tt.bad, ps.List)
			}
			if err != nil {
				t.Fatal(err)
			}
			if !slices.Equal(s.Plan.ClosedDays, tt.days) || !slices.Equal(s.Plan.ClosedAfternoons, tt.afternoons) {
				t.Errorf("closed days %v, afternoons %v; want %v, %v", s.Plan.ClosedDays, s.Plan.ClosedAfternoons, tt.days, tt.afternoons)
			}
		})
	}
}

// TestStayDaysSetting: a stay is paid its days in care by default in a
// short-breaks scheme and not in a step-down one; scenario.toml's
// [payments] stay_days says otherwise, and a value that is not true or
// false is a problem at its line.
func TestStayDaysSetting(t *testing.T) {
	for _, tc := range []struct {
		toml    string
		want    bool
		problem string
	}{
		{"name = \"x\"\n", false, ""},
		{"scheme = \"short_breaks\"\n", true, ""},
		{"scheme = \"short_breaks\"\n[payments]\nstay_days = false\n", false, ""},
		{"[payments]\nstay_days = true\n", true, ""},
		{"[payments]\nstay_days = \"yes\"\n", false, "scenario.toml:2:13 (payments.stay_days): expected true or false"},
	} {
		var ps input.Problems
		cfg, _ := parseConfig([]byte(tc.toml), "scenario.toml", &ps)
		if cfg.payments.StayDays != tc.want {
			t.Errorf("%q: stay days %v, want %v", tc.toml, cfg.payments.StayDays, tc.want)
		}
		var got []string
		for _, p := range ps.List {
			if p.ColumnName == "payments.stay_days" {
				got = append(got, p.Error())
			}
		}
		if tc.problem == "" && len(got) > 0 || tc.problem != "" && (len(got) != 1 || !strings.HasPrefix(got[0], tc.problem)) {
			t.Errorf("%q: problems %q, want %q", tc.toml, got, tc.problem)
		}
	}
}

// TestStayGapSetting: scenario.toml's [plan] min_stay_gap_days sets the
// days between a child's stays for a short-breaks scheme (nil: the
// template's); a fraction, a number out of range, or the setting in a
// step-down scenario is a problem at its line and column.
func TestStayGapSetting(t *testing.T) {
	sb := "scheme = \"short_breaks\"\n[plan]\n"
	for _, tc := range []struct {
		toml    string
		want    int // -1: not set
		problem string
	}{
		{sb, -1, ""},
		{sb + "min_stay_gap_days = 0\n", 0, ""},
		{sb + "min_stay_gap_days = 14\n", 14, ""},
		{sb + "min_stay_gap_days = 7.5\n", -1, "scenario.toml:3:21 (plan.min_stay_gap_days): 7.5 is not a whole number"},
		{sb + "min_stay_gap_days = 61\n", -1, "scenario.toml:3:21 (plan.min_stay_gap_days): 61 is out of range — use a number from 0 to 60"},
		{sb + "min_stay_gap_days = \"7\"\n", -1, "scenario.toml:3:21 (plan.min_stay_gap_days): expected a number"},
		{"[plan]\nmin_stay_gap_days = 7\n", -1, "scenario.toml:2:21 (plan.min_stay_gap_days): min_stay_gap_days is for short breaks, but the scenario is step-down"},
	} {
		var ps input.Problems
		cfg, _ := parseConfig([]byte(tc.toml), "scenario.toml", &ps)
		got := -1
		if n := cfg.plan.MinStayGapDays; n != nil {
			got = *n
		}
		if got != tc.want {
			t.Errorf("%q: gap %d, want %d", tc.toml, got, tc.want)
		}
		var msgs []string
		for _, p := range ps.List {
			if p.ColumnName == "plan.min_stay_gap_days" {
				msgs = append(msgs, p.Error())
			}
		}
		if tc.problem == "" && len(msgs) > 0 || tc.problem != "" && (len(msgs) != 1 || !strings.HasPrefix(msgs[0], tc.problem)) {
			t.Errorf("%q: problems %q, want %q", tc.toml, msgs, tc.problem)
		}
	}
}

// TestRetainerDefaultByScheme: a step-down scheme defaults to seed 000's
// £100 retainer; a short-breaks scheme pays by the session (seed 002) and
// has no retainer unless scenario.toml sets one; either way Payments says
// whether the value was given, for costs.csv's rate_source.
func TestRetainerDefaultByScheme(t *testing.T) {
	for _, tc := range []struct {
		toml        string
		want        linkmatch.Pence
		wantDefault bool
	}{
		{"name = \"x\"\n", DefaultRetainerWeekly, true},
		{"scheme = \"step_down\"\n[payments]\nretainer_weekly_gbp = 80\n", 8000, false},
		{"scheme = \"short_breaks\"\n", 0, true},
		{"scheme = \"short_breaks\"\n[payments]\nretainer_weekly_gbp = 25\n", 2500, false},
	} {
		var ps input.Problems
		cfg, _ := parseConfig([]byte(tc.toml), "scenario.toml", &ps)
		if cfg.payments.RetainerWeekly != tc.want || cfg.payments.RetainerDefault != tc.wantDefault {
			t.Errorf("%q: retainer %s (default %v), want %s (default %v)", tc.toml, cfg.payments.RetainerWeekly.GBP(), cfg.payments.RetainerDefault, tc.want.GBP(), tc.wantDefault)
		}
	}
}
