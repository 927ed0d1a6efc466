package scenarios

import (
	"errors"
	"fmt"
	"math"
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/BurntSushi/toml"

	"github.com/linkmatch/linkmatch"
	"github.com/linkmatch/linkmatch/geo"
	"github.com/linkmatch/linkmatch/input"
	"github.com/linkmatch/linkmatch/internal/spelling"
)

// fileKeys are the scenario.toml keys naming input files, with where each
// goes in Files.
func fileKeys(f *Files) []struct {
	key string
	dst *string
} {
	return []struct {
		key string
		dst *string
	}{
		{"children", &f.Children}, {"carers", &f.Carers}, {"rates", &f.Rates},
		{"needs", &f.Needs}, {"network", &f.Network}, {"boundaries", &f.Boundaries},
		{"travel_times", &f.TravelTimes}, {"postcodes", &f.Postcodes}, {"terms", &f.Terms},
		{"bank_holidays", &f.BankHolidays}, {"template", &f.Template}, {"pinned", &f.Pinned},
	}
}

// Named returns the paths of every file scenario.toml names, in the order
// of fileKeys, leaving out those it does not name.
func (f Files) Named() []string {
	var out []string
	for _, fk := range fileKeys(&f) {
		if *fk.dst != "" {
			out = append(out, *fk.dst)
		}
	}
	return out
}

// config is scenario.toml decoded and checked; file paths are still as
// written (relative to the toml file).
type config struct {
	name   string
	scheme linkmatch.Scheme
	// schemeBad is true when scenario.toml's scheme is not a scheme's name
	// (a typo): the files are then read without the warnings a scheme
	// would give, which the typo alone would cause.
	schemeBad bool
	files     Files
	payments  linkmatch.Payments
	match     MatchSettings
	geo       GeoSettings
	plan      PlanSettings
	// pos is where each key is written, for problems found later.
	pos map[string]keyPos
}

// tomlReader checks one decoded scenario.toml, reporting each problem at
// the key's line and column.
type tomlReader struct {
	file  string
	pos   map[string]keyPos
	ps    *input.Problems
	seen  map[string]bool
	lines []string // the file's lines, to quote values as written
}

// parseConfig decodes scenario.toml. Every problem goes to ps; the result
// holds defaults where a value was missing or wrong; ok is false when the
// file is not TOML at all.
func parseConfig(data []byte, display string, ps *input.Problems) (cfg config, ok bool) {
	cfg = defaultConfig()
	var raw map[string]any
	if _, err := toml.Decode(string(data), &raw); err != nil {
		var pe toml.ParseError
		if errors.As(err, &pe) {
			ps.Fail(input.ErrMalformed, display, pe.Position.Line, pe.Position.Col, pe.LastKey,
				"fix the TOML syntax: text values need double quotes, dates are written 2027-01-04, tables start with [name]",
				"scenario.toml cannot be read: %s", pe.Message)
		} else {
			ps.Fail(input.ErrMalformed, display, 0, 0, "", "fix the TOML syntax", "scenario.toml cannot be read: %v", err)
		}
		return cfg, false
	}
	cfg.pos = keyPositions(data)
	t := &tomlReader{file: display, pos: cfg.pos, ps: ps, seen: map[string]bool{}, lines: strings.Split(string(data), "\n")}
	cfg.name, _ = t.str(raw, "", "name")
	if v, ok := t.enum(raw, "", "scheme", linkmatch.SchemeNames()); ok {
		cfg.scheme, _ = linkmatch.ParseScheme(v)
	} else if _, given := raw["scheme"]; given {
		cfg.schemeBad = true
	}
	t.readFiles(raw, &cfg.files)
	t.readPayments(raw, &cfg)
	if pl := t.table(raw, "", "plan"); pl != nil {
		t.readPlan(pl, &cfg)
	}
	if m := t.table(raw, "", "match"); m != nil {
		t.readMatch(m, &cfg.match)
	}
	if g := t.table(raw, "", "geo"); g != nil {
		t.readGeo(g, &cfg.geo)
	}
	t.unknownKeys(raw, "")
	return cfg, true
}

// defaultConfig is scenario.toml's settings when it gives none.
func defaultConfig() config {
	return config{
		payments: linkmatch.Payments{RetainerWeekly: DefaultRetainerWeekly, MileagePerMile: DefaultMileagePerMile, RetainerDefault: true, MileageDefault: true},
		match: MatchSettings{MaxDistanceKm: linkmatch.DefaultMaxDistanceKm, DistantAuthorities: linkmatch.PolicyPenalise, MaxCarersPerChild: 1,
			Weights: map[linkmatch.Component]float64{}},
		geo: GeoSettings{NameProperty: "name", Circuity: geo.DefaultCircuity, SpeedKmh: geo.DefaultSpeedKmh,
			NeighbourToleranceM: geo.DefaultToleranceM},
		plan: PlanSettings{ClosedDays: linkmatch.DefaultClosedDays(), ClosedAfternoons: linkmatch.DefaultClosedAfternoons()},
	}
}

// readPayments reads the [payments] table into cfg.payments, over the
// scheme's defaults (cfg.scheme is read first).
func (t *tomlReader) readPayments(raw map[string]any, cfg *config) {
	if cfg.scheme == linkmatch.SchemeShortBreaks {
		// Family Link carers "receive an allowance and expenses for all
		// sessions undertaken" (seed 002): no weekly retainer unless
		// scenario.toml sets one.
		cfg.payments.RetainerWeekly = 0
	}
	if pay := t.table(raw, "", "payments"); pay != nil {
		if p, ok := t.money(pay, "payments", "retainer_weekly_gbp"); ok {
			cfg.payments.RetainerWeekly, cfg.payments.RetainerDefault = p, false
		}
		if p, ok := t.money(pay, "payments", "mileage_gbp_per_mile"); ok {
			cfg.payments.MileagePerMile, cfg.payments.MileageDefault = p, false
		}
		if v, ok := t.enum(pay, "payments", "overnight", linkmatch.OvernightRuleNames()); ok {
			cfg.payments.Overnight, _ = linkmatch.ParseOvernightRule(v)
		}
	}
	// A short break's days in care are sessions too (seed 002: "an
	// allowance ... for all sessions undertaken"), so short-breaks schemes
	// pay a stay its nights and its days unless scenario.toml says not;
	// step-down schemes keep seed 000's weekend as a day and a half.
	cfg.payments.StayDays = cfg.scheme == linkmatch.SchemeShortBreaks
	if pay := t.table(raw, "", "payments"); pay != nil {
		if v, ok := t.boolean(pay, "payments", "stay_days"); ok {
			cfg.payments.StayDays = v
		}
	}
}

// readPlan reads the [plan] table pl into cfg.plan.
func (t *tomlReader) readPlan(pl map[string]any, cfg *config) {
	cfg.plan.Start = t.date(pl, "plan", "start")
	cfg.plan.Horizon = t.date(pl, "plan", "horizon")
	if cfg.plan.Start != 0 && cfg.plan.Horizon != 0 && cfg.plan.Horizon < cfg.plan.Start {
		t.fail(input.ErrConflict, "plan.horizon", "the horizon is the last day plans may use: give a date after the start", "the horizon %s is before the start %s", cfg.plan.Horizon, cfg.plan.Start)
		cfg.plan.Horizon = 0
	}
	if days, ok := t.monthDays(pl, "plan", "closed_days"); ok {
		cfg.plan.ClosedDays = days
	}
	if days, ok := t.monthDays(pl, "plan", "closed_afternoons"); ok {
		cfg.plan.ClosedAfternoons = days
	}
	t.readStayGap(pl, cfg)
}

// readFiles reads the keys naming input files; children and carers are
// required.
func (t *tomlReader) readFiles(raw map[string]any, files *Files) {
	for _, fk := range fileKeys(files) {
		v, ok := t.str(raw, "", fk.key)
		if ok && v == "" {
			t.fail(input.ErrMissingValue, fk.key, "give the file name, or remove the line", "the file name is empty")
		}
		*fk.dst = v
	}
	for _, req := range []string{"children", "carers"} {
		if _, ok := raw[req]; !ok {
			t.ps.Fail(input.ErrMissingColumn, t.file, 0, 0, req, fmt.Sprintf("add a line such as: %s = \"%s.csv\"", req, req),
				"scenario.toml does not say where the %s file is", req)
		}
	}
}

// readMatch reads the [match] table into m, which holds the defaults.
func (t *tomlReader) readMatch(tbl map[string]any, m *MatchSettings) {
	if f, ok := t.number(tbl, "match", "max_distance_km", 0.1, 500); ok {
		m.MaxDistanceKm = f
	}
	if v, ok := t.enum(tbl, "match", "distant_authorities", linkmatch.DistantPolicyNames()); ok {
		m.DistantAuthorities, _ = linkmatch.ParseDistantPolicy(v)
	}
	if v, ok := t.enum(tbl, "match", "mode", MatchModes()); ok {
		m.Mode = v
	}
	// Short breaks (issue 17): one carer per child wherever possible; a
	// second carer only when one cannot give the whole entitlement.
	if f, ok := t.number(tbl, "match", "max_carers_per_child", 1, maxCarersPerChild); ok {
		if f != math.Trunc(f) {
			t.fail(input.ErrBadValue, "match.max_carers_per_child", "give a whole number, 1 or 2", "%s is not a whole number", fmtFloat(f))
		} else {
			m.MaxCarersPerChild = int(f)
		}
	}
	w := t.table(tbl, "match", "weights")
	if w == nil {
		return
	}
	names := make([]string, 0, len(w))
	for k := range w {
		names = append(names, k)
	}
	sort.Strings(names)
	for _, k := range names {
		c, known := linkmatch.ParseComponent(k)
		if !known {
			t.fail(input.ErrUnknownName, join("match.weights", k), "use the score components: "+strings.Join(linkmatch.ComponentNames(), ", "),
				"%q is not a score component", k)
			continue
		}
		if f, ok := t.number(w, "match.weights", k, 0, 1000); ok {
			m.Weights[c] = f
		}
	}
}

// readGeo reads the [geo] table into g, which holds the defaults.
func (t *tomlReader) readGeo(tbl map[string]any, g *GeoSettings) {
	if v, ok := t.str(tbl, "geo", "name_property"); ok && v != "" {
		g.NameProperty = v
	}
	g.CodeProperty, _ = t.str(tbl, "geo", "code_property")
	// Circuity below 1 would make roads shorter than straight lines;
	// above 3 is no longer a road network.
	if f, ok := t.number(tbl, "geo", "circuity", 1, 3); ok {
		g.Circuity = f
	}
	if f, ok := t.number(tbl, "geo", "speed_kmh", 1, 130); ok {
		g.SpeedKmh = f
	}
	if f, ok := t.number(tbl, "geo", "neighbour_tolerance_m", 0, 10000); ok {
		g.NeighbourToleranceM = f
	}
}

// allowedKeys lists the keys each table of scenario.toml may hold; a nil
// list means any key (the weights table).
func allowedKeys(table string) ([]string, bool) {
	switch table {
	case "":
		keys := []string{"name", "scheme", "payments", "plan", "match", "geo"}
		for _, fk := range fileKeys(&Files{}) {
			keys = append(keys, fk.key)
		}
		return keys, true
	case "payments":
		return []string{"retainer_weekly_gbp", "mileage_gbp_per_mile", "overnight", "stay_days"}, true
	case "plan":
		return []string{"start", "horizon", "closed_days", "closed_afternoons", "min_stay_gap_days"}, true
	case "match":
		return []string{"max_distance_km", "distant_authorities", "mode", "max_carers_per_child", "weights"}, true
	case "geo":
		return []string{"name_property", "code_property", "circuity", "speed_kmh", "neighbour_tolerance_m"}, true
	case "match.weights":
		return nil, true
	}
	return nil, false
}

// unknownKeys reports every key no table expects: most often a typo,
// which would otherwise silently leave a setting at its default. A key
// close to an allowed one not given (spelling.Near) is an error with "did
// you mean"; any other is a warning.
func (t *tomlReader) unknownKeys(m map[string]any, prefix string) {
	allowed, _ := allowedKeys(prefix)
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		full := join(prefix, k)
		if allowed != nil && !slices.Contains(allowed, k) {
			var absent []string
			for _, a := range allowed {
				if _, given := m[a]; !given {
					absent = append(absent, a)
				}
			}
			near := spelling.Near(k, absent)
			if near == "" {
				near = spelling.Prefix(k, absent) // max_distance, [matching] (tester)
			}
			if near != "" {
				// A misspelt setting would silently stay at its default
				// (tryout: a misspelt retainer_weekly_gbp = 0 quadrupled
				// a year's cost), so it is refused, at the key.
				p := t.pos[full]
				what := keyOrTable(m[k])
				t.ps.Fail(input.ErrUnknownName, t.file, p.line, p.keyCol, full, "rename it "+near+" (linkmatch ignores a "+what+" it does not know, so its settings would keep their defaults)",
					"unknown %s %q: did you mean %s?", what, full, near)
				continue
			}
			t.warn(input.ErrUnknownName, full, "it is ignored; the keys allowed here are: "+strings.Join(allowed, ", "), "unknown key %q", full)
			continue
		}
		if sub, ok := m[k].(map[string]any); ok {
			if _, known := allowedKeys(full); known {
				t.unknownKeys(sub, full)
			}
		}
	}
}

// keyOrTable names what v, a value of scenario.toml, was given as: a
// [table] or a key.
func keyOrTable(v any) string {
	if _, ok := v.(map[string]any); ok {
		return "section"
	}
	return "key"
}

func join(prefix, k string) string {
	if prefix == "" {
		return k
	}
	return prefix + "." + k
}

func (t *tomlReader) at(key string) (line, col int) {
	p := t.pos[key]
	return p.line, p.col
}

func (t *tomlReader) fail(kind input.Kind, key, hint, format string, args ...any) {
	line, col := t.at(key)
	t.ps.Fail(kind, t.file, line, col, key, hint, format, args...)
}

func (t *tomlReader) warn(kind input.Kind, key, hint, format string, args ...any) {
	line, col := t.at(key)
	t.ps.Warn(kind, t.file, line, col, key, hint, format, args...)
}

// typeName names a decoded TOML value's type in plain words.
func typeName(v any) string {
	switch v.(type) {
	case string:
		return "text"
	case int64:
		return "a whole number"
	case float64:
		return "a number"
	case bool:
		return "true/false"
	case time.Time:
		return "a date or time"
	case map[string]any:
		return "a table"
	case []any, []map[string]any:
		return "a list"
	}
	return fmt.Sprintf("%T", v)
}

func (t *tomlReader) str(m map[string]any, prefix, key string) (string, bool) {
	v, ok := m[key]
	if !ok {
		return "", false
	}
	s, ok := v.(string)
	if !ok {
		t.fail(input.ErrBadValue, join(prefix, key), fmt.Sprintf("write it in double quotes, for example %s = \"...\"", key),
			"expected text but found %s", typeName(v))
		return "", false
	}
	return s, true
}

func (t *tomlReader) boolean(m map[string]any, prefix, key string) (bool, bool) {
	v, ok := m[key]
	if !ok {
		return false, false
	}
	b, ok := v.(bool)
	if !ok {
		t.fail(input.ErrBadValue, join(prefix, key), fmt.Sprintf("write true or false without quotes, for example %s = true", key),
			"expected true or false but found %s", typeName(v))
		return false, false
	}
	return b, true
}

func (t *tomlReader) table(m map[string]any, prefix, key string) map[string]any {
	v, ok := m[key]
	if !ok {
		return nil
	}
	sub, ok := v.(map[string]any)
	if !ok {
		t.fail(input.ErrBadValue, join(prefix, key), fmt.Sprintf("start a table with a line [%s] and put its settings below it", join(prefix, key)),
			"expected a table but found %s", typeName(v))
		return nil
	}
	return sub
}

func (t *tomlReader) number(m map[string]any, prefix, key string, lo, hi float64) (float64, bool) {
	v, ok := m[key]
	if !ok {
		return 0, false
	}
	full := join(prefix, key)
	var f float64
	switch x := v.(type) {
	case int64:
		f = float64(x)
	case float64:
		f = x
	default:
		t.fail(input.ErrBadValue, full, "write a plain number without quotes, for example "+key+" = 40", "expected a number but found %s", typeName(v))
		return 0, false
	}
	if math.IsNaN(f) || f < lo || f > hi {
		t.fail(input.ErrOutOfRange, full, fmt.Sprintf("use a number from %s to %s", fmtFloat(lo), fmtFloat(hi)), "%s is out of range", fmtFloat(f))
		return 0, false
	}
	return f, true
}

func fmtFloat(f float64) string { return strconv.FormatFloat(f, 'f', -1, 64) }

func (t *tomlReader) enum(m map[string]any, prefix, key string, allowed []string) (string, bool) {
	s, ok := t.str(m, prefix, key)
	if !ok {
		return "", false
	}
	if !slices.Contains(allowed, s) {
		t.fail(input.ErrBadValue, join(prefix, key), "use one of: "+strings.Join(allowed, ", "), "%q is not an allowed value", s)
		return "", false
	}
	return s, true
}

// money reads an amount in pounds: a TOML number (100.00, 0.45, 100) or
// text ("14.93"), with the rules of linkmatch.ParseGBP: at most two decimal
// places, never negative.
func (t *tomlReader) money(m map[string]any, prefix, key string) (linkmatch.Pence, bool) {
	v, ok := m[key]
	if !ok {
		return 0, false
	}
	full := join(prefix, key)
	var s string
	written := t.written(full) // messages quote the value as the file has it
	switch x := v.(type) {
	case int64:
		s = strconv.FormatInt(x, 10)
	case float64:
		if math.IsNaN(x) || math.IsInf(x, 0) {
			s = fmtFloat(x)
			break
		}
		// The shortest decimal that reads back as x is what the user
		// wrote, less trailing zeros: 100.00 → "100", 0.455 → "0.455";
		// TOML's other ways of writing it (1e2, 1_000.5) are accepted.
		s = strconv.FormatFloat(x, 'f', -1, 64)
	case string:
		s, written = x, x
	default:
		t.fail(input.ErrBadValue, full, "write an amount in pounds, for example "+key+" = 100.00", "expected an amount but found %s", typeName(v))
		return 0, false
	}
	if written == "" {
		written = s
	}
	if strings.HasPrefix(s, "-") {
		t.fail(input.ErrOutOfRange, full, "payments cannot be negative", "%s is negative", written)
		return 0, false
	}
	p, err := linkmatch.ParseGBP(s)
	if err != nil {
		msg := strings.Replace(err.Error(), strconv.Quote(s), strconv.Quote(written), 1)
		t.fail(input.ErrBadValue, full, "write an amount in pounds with at most two decimal places, for example 100.00", "%s", msg)
		return 0, false
	}
	return p, true
}

// written is the value of key as scenario.toml writes it (1e-3, say,
// where the value read is 0.001), without a comment after it; "" when
// it cannot be found.
func (t *tomlReader) written(key string) string {
	p, ok := t.pos[key]
	if !ok || p.line < 1 || p.line > len(t.lines) {
		return ""
	}
	line := strings.TrimRight(t.lines[p.line-1], "\r")
	if p.col < 1 || p.col > len(line) {
		return ""
	}
	v := line[p.col-1:]
	if i := strings.IndexByte(v, '#'); i >= 0 && !strings.ContainsAny(v[:i], `"'`) {
		v = v[:i]
	}
	return strings.TrimSpace(v)
}

// date reads a TOML local date (start = 2027-01-04) or the same as text.
func (t *tomlReader) date(m map[string]any, prefix, key string) linkmatch.Date {
	v, ok := m[key]
	if !ok {
		return 0
	}
	full := join(prefix, key)
	hint := "write the date without quotes as YYYY-MM-DD, for example " + key + " = 2027-01-04"
	switch x := v.(type) {
	case time.Time:
		if h, mi, s := x.Clock(); h != 0 || mi != 0 || s != 0 || x.Nanosecond() != 0 {
			t.fail(input.ErrBadValue, full, hint, "expected a date but found a date and time")
			return 0
		}
		return linkmatch.DateOf(x.Year(), x.Month(), x.Day())
	case string:
		d, err := linkmatch.ParseDate(x)
		if err != nil {
			t.fail(input.ErrBadValue, full, hint, "%v", err)
			return 0
		}
		return d
	}
	t.fail(input.ErrBadValue, full, hint, "expected a date but found %s", typeName(v))
	return 0
}

// monthDays reads a list of days of the year written MM-DD
// (closed_days = ["12-25", "12-26", "01-01"]); an empty list is allowed
// and means none. ok is false when the key is missing or wrong.
func (t *tomlReader) monthDays(m map[string]any, prefix, key string) ([]linkmatch.MonthDay, bool) {
	v, ok := m[key]
	if !ok {
		return nil, false
	}
	full := join(prefix, key)
	hint := fmt.Sprintf("write a list of days as MM-DD in double quotes, for example %s = [\"12-25\", \"12-26\", \"01-01\"], or [] for none", key)
	list, ok := v.([]any)
	if !ok {
		t.fail(input.ErrBadValue, full, hint, "expected a list but found %s", typeName(v))
		return nil, false
	}
	out := make([]linkmatch.MonthDay, 0, len(list))
	good := true
	for _, item := range list {
		s, isText := item.(string)
		if !isText {
			t.fail(input.ErrBadValue, full, hint, "expected text such as \"12-25\" but found %s", typeName(item))
			good = false
			continue
		}
		d, err := linkmatch.ParseMonthDay(strings.TrimSpace(s))
		if err != nil {
			t.fail(input.ErrBadValue, full, hint, "%v", err)
			good = false
			continue
		}
		if slices.Contains(out, d) {
			t.warn(input.ErrDuplicate, full, "list each day once", "%s is listed twice", d)
			continue
		}
		out = append(out, d)
	}
	return out, good
}

// readStayGap reads [plan] min_stay_gap_days: a whole number of days, 0 to
// linkmatch.MaxStayGapDays, for a short-breaks scheme only (a step-down
// plan has no stays between which to keep a gap). It is the scheme's
// policy for the children's time at home between stays, so a scenario
// sets it without copying the template (issue 17).
func (t *tomlReader) readStayGap(pl map[string]any, cfg *config) {
	f, ok := t.number(pl, "plan", "min_stay_gap_days", 0, linkmatch.MaxStayGapDays)
	switch {
	case !ok:
	case f != math.Trunc(f):
		t.fail(input.ErrBadValue, "plan.min_stay_gap_days", "give whole days, for example min_stay_gap_days = 7 (0 for no gap)", "%s is not a whole number", fmtFloat(f))
	case cfg.scheme != linkmatch.SchemeShortBreaks:
		t.fail(input.ErrConflict, "plan.min_stay_gap_days", `remove it, or add scheme = "short_breaks" if the scenario is for short breaks`,
			"min_stay_gap_days is for short breaks, but the scenario is step-down")
	default:
		n := int(f)
		cfg.plan.MinStayGapDays = &n
	}
}
