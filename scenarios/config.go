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
	"github.com/linkmatch/linkmatch/internal/table"
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

// config is scenario.toml decoded and checked; file paths are still as
// written (relative to the toml file).
type config struct {
	name     string
	files    Files
	payments linkmatch.Payments
	match    MatchSettings
	geo      GeoSettings
	plan     PlanSettings
}

// tomlReader checks one decoded scenario.toml, reporting each problem at
// the key's line and column.
type tomlReader struct {
	file string
	pos  map[string]keyPos
	ps   *table.Problems
	seen map[string]bool
}

// parseConfig decodes scenario.toml. Every problem goes to ps; the result
// holds defaults where a value was missing or wrong; ok is false when the
// file is not TOML at all.
func parseConfig(data []byte, display string, ps *table.Problems) (cfg config, ok bool) {
	cfg = config{
		payments: linkmatch.Payments{RetainerWeekly: DefaultRetainerWeekly, MileagePerMile: DefaultMileagePerMile},
		match:    MatchSettings{MaxDistanceKm: DefaultMaxDistanceKm, DistantAuthorities: "penalise", Weights: map[string]float64{}},
		geo: GeoSettings{NameProperty: "name", Circuity: DefaultCircuity, SpeedKmh: DefaultSpeedKmh,
			NeighbourToleranceM: DefaultNeighbourToleranceM},
	}
	var raw map[string]any
	if _, err := toml.Decode(string(data), &raw); err != nil {
		var pe toml.ParseError
		if errors.As(err, &pe) {
			ps.Errorf(display, pe.Position.Line, pe.Position.Col, pe.LastKey,
				"fix the TOML syntax: text values need double quotes, dates are written 2027-01-04, tables start with [name]",
				"scenario.toml cannot be read: %s", pe.Message)
		} else {
			ps.Errorf(display, 0, 0, "", "fix the TOML syntax", "scenario.toml cannot be read: %v", err)
		}
		return cfg, false
	}
	t := &tomlReader{file: display, pos: keyPositions(data), ps: ps, seen: map[string]bool{}}
	cfg.name, _ = t.str(raw, "", "name")
	for _, fk := range fileKeys(&cfg.files) {
		v, ok := t.str(raw, "", fk.key)
		if ok && v == "" {
			t.errorf(fk.key, "give the file name, or remove the line", "the file name is empty")
		}
		*fk.dst = v
	}
	for _, req := range []string{"children", "carers"} {
		if _, ok := raw[req]; !ok {
			ps.Errorf(display, 0, 0, req, fmt.Sprintf("add a line such as: %s = \"%s.csv\"", req, req),
				"scenario.toml does not say where the %s file is", req)
		}
	}
	if pay := t.table(raw, "", "payments"); pay != nil {
		if p, ok := t.money(pay, "payments", "retainer_weekly_gbp"); ok {
			cfg.payments.RetainerWeekly = p
		}
		if p, ok := t.money(pay, "payments", "mileage_gbp_per_mile"); ok {
			cfg.payments.MileagePerMile = p
		}
		if v, ok := t.enum(pay, "payments", "overnight", linkmatch.OvernightRuleNames()); ok {
			cfg.payments.Overnight, _ = linkmatch.ParseOvernightRule(v)
		}
	}
	if pl := t.table(raw, "", "plan"); pl != nil {
		cfg.plan.Start = t.date(pl, "plan", "start")
	}
	if m := t.table(raw, "", "match"); m != nil {
		if f, ok := t.number(m, "match", "max_distance_km", 0.1, 500); ok {
			cfg.match.MaxDistanceKm = f
		}
		if v, ok := t.enum(m, "match", "distant_authorities", DistantPolicies()); ok {
			cfg.match.DistantAuthorities = v
		}
		if v, ok := t.enum(m, "match", "mode", MatchModes()); ok {
			cfg.match.Mode = v
		}
		if w := t.table(m, "match", "weights"); w != nil {
			names := make([]string, 0, len(w))
			for k := range w {
				names = append(names, k)
			}
			sort.Strings(names)
			for _, k := range names {
				if f, ok := t.number(w, "match.weights", k, 0, 1000); ok {
					cfg.match.Weights[k] = f
				}
			}
		}
	}
	if g := t.table(raw, "", "geo"); g != nil {
		if v, ok := t.str(g, "geo", "name_property"); ok && v != "" {
			cfg.geo.NameProperty = v
		}
		cfg.geo.CodeProperty, _ = t.str(g, "geo", "code_property")
		// Circuity below 1 would make roads shorter than straight lines;
		// above 3 is no longer a road network.
		if f, ok := t.number(g, "geo", "circuity", 1, 3); ok {
			cfg.geo.Circuity = f
		}
		if f, ok := t.number(g, "geo", "speed_kmh", 1, 130); ok {
			cfg.geo.SpeedKmh = f
		}
		if f, ok := t.number(g, "geo", "neighbour_tolerance_m", 0, 10000); ok {
			cfg.geo.NeighbourToleranceM = f
		}
	}
	t.unknownKeys(raw, "")
	return cfg, true
}

// allowedKeys lists the keys each table of scenario.toml may hold; a nil
// list means any key (the weights table).
func allowedKeys(table string) ([]string, bool) {
	switch table {
	case "":
		keys := []string{"name", "payments", "plan", "match", "geo"}
		for _, fk := range fileKeys(&Files{}) {
			keys = append(keys, fk.key)
		}
		return keys, true
	case "payments":
		return []string{"retainer_weekly_gbp", "mileage_gbp_per_mile", "overnight"}, true
	case "plan":
		return []string{"start"}, true
	case "match":
		return []string{"max_distance_km", "distant_authorities", "mode", "weights"}, true
	case "geo":
		return []string{"name_property", "code_property", "circuity", "speed_kmh", "neighbour_tolerance_m"}, true
	case "match.weights":
		return nil, true
	}
	return nil, false
}

// unknownKeys warns about every key no table expects: most often a typo,
// which would otherwise silently leave a setting at its default.
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
			t.warnf(full, "it is ignored; the keys allowed here are: "+strings.Join(allowed, ", "), "unknown key %q", full)
			continue
		}
		if sub, ok := m[k].(map[string]any); ok {
			if _, known := allowedKeys(full); known {
				t.unknownKeys(sub, full)
			}
		}
	}
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

func (t *tomlReader) errorf(key, hint, format string, args ...any) {
	line, col := t.at(key)
	t.ps.Errorf(t.file, line, col, key, hint, format, args...)
}

func (t *tomlReader) warnf(key, hint, format string, args ...any) {
	line, col := t.at(key)
	t.ps.Warnf(t.file, line, col, key, hint, format, args...)
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
		t.errorf(join(prefix, key), fmt.Sprintf("write it in double quotes, for example %s = \"...\"", key),
			"expected text but found %s", typeName(v))
		return "", false
	}
	return s, true
}

func (t *tomlReader) table(m map[string]any, prefix, key string) map[string]any {
	v, ok := m[key]
	if !ok {
		return nil
	}
	sub, ok := v.(map[string]any)
	if !ok {
		t.errorf(join(prefix, key), fmt.Sprintf("start a table with a line [%s] and put its settings below it", join(prefix, key)),
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
		t.errorf(full, "write a plain number without quotes, for example "+key+" = 40", "expected a number but found %s", typeName(v))
		return 0, false
	}
	if math.IsNaN(f) || f < lo || f > hi {
		t.errorf(full, fmt.Sprintf("use a number from %s to %s", fmtFloat(lo), fmtFloat(hi)), "%s is out of range", fmtFloat(f))
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
		t.errorf(join(prefix, key), "use one of: "+strings.Join(allowed, ", "), "%q is not an allowed value", s)
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
	switch x := v.(type) {
	case int64:
		s = strconv.FormatInt(x, 10)
	case float64:
		if math.IsNaN(x) || math.IsInf(x, 0) {
			s = fmtFloat(x)
			break
		}
		// The shortest decimal that reads back as x is what the user
		// wrote, less trailing zeros: 100.00 → "100", 0.455 → "0.455".
		s = strconv.FormatFloat(x, 'f', -1, 64)
	case string:
		s = x
	default:
		t.errorf(full, "write an amount in pounds, for example "+key+" = 100.00", "expected an amount but found %s", typeName(v))
		return 0, false
	}
	if strings.HasPrefix(s, "-") {
		t.errorf(full, "payments cannot be negative", "%s is negative", s)
		return 0, false
	}
	p, err := linkmatch.ParseGBP(s)
	if err != nil {
		t.errorf(full, "write an amount in pounds with at most two decimal places, for example 100.00", "%v", err)
		return 0, false
	}
	return p, true
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
			t.errorf(full, hint, "expected a date but found a date and time")
			return 0
		}
		return linkmatch.DateOf(x.Year(), x.Month(), x.Day())
	case string:
		d, err := linkmatch.ParseDate(x)
		if err != nil {
			t.errorf(full, hint, "%v", err)
			return 0
		}
		return d
	}
	t.errorf(full, hint, "expected a date but found %s", typeName(v))
	return 0
}
