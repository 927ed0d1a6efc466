package scenarios

import (
	"github.com/linkmatch/linkmatch"
	"github.com/linkmatch/linkmatch/geo"
	"github.com/linkmatch/linkmatch/input"
)

// Scenario is a loaded, validated scenario folder: the settings from
// scenario.toml and the people and tables its files describe. Children and
// Carers keep the order of their files; every other list is sorted.
type Scenario struct {
	// Name is the scenario's name from scenario.toml.
	Name string
	// Scheme is the kind of link the scenario plans (scenario.toml
	// scheme): step-down (the default) or Family Link short breaks.
	Scheme linkmatch.Scheme
	// Template is the stage template as rows were checked against it (the
	// file scenario.toml names, or the scheme's built-in one, read by
	// LoadOptions.Templates): its scheme is the scenario's, and children's
	// and carers' kinds of break are its own. Nil when loaded without a
	// template reader.
	Template TemplateInfo
	// Path is the scenario.toml file; Dir the folder paths are relative to.
	Path, Dir string
	// Files are the input files as given in scenario.toml, resolved against
	// Dir ("" when not given).
	Files Files
	// Texts are the contents of the files named in Files that later stages
	// parse, as read when the scenario was loaded.
	Texts Texts

	Children []linkmatch.Child
	Carers   []linkmatch.Carer
	Rates    []linkmatch.Rate
	// Needs is the needs vocabulary: the built-in default, replaced or
	// extended by needs.csv, sorted by name.
	Needs []linkmatch.Need

	Payments linkmatch.Payments
	Match    MatchSettings
	Geo      GeoSettings
	Plan     PlanSettings

	// Boundaries are the authorities of the boundaries file, and
	// Neighbours which of them share a border (within
	// Geo.NeighbourToleranceM); both nil when the scenario has none.
	Boundaries *geo.Boundaries
	Neighbours *geo.Graph
	// TravelTimes are the journeys of the travel_times file, carer id to
	// child id, which replace the travel model's estimate for those pairs;
	// nil when the scenario has none.
	TravelTimes *geo.TravelTimes

	// Today is the reference date age checks used: Plan.Start when set,
	// otherwise LoadOptions.Today (zero when neither was given).
	Today linkmatch.Date
	// Warnings are the problems that did not stop the scenario loading.
	Warnings []input.Problem

	// settingPos is where each key of scenario.toml is written.
	settingPos map[string]keyPos
	// ratePos is, by rates.csv line, the column of each cell (RatePos).
	ratePos map[int]map[string]int
}

// RatePos returns the column of a cell of rates.csv, by the rate's line
// (linkmatch.Rate.Line) and the column's name; 0 when unknown. A later
// stage that finds a problem with a rate names its cell.
func (s *Scenario) RatePos(line int, column string) int {
	return s.ratePos[line][column]
}

// SettingPos returns where a key of scenario.toml is written, by its
// dotted name ("match.weights", "pinned"): the line and column of its
// value, or of a table's header; 0, 0 when the file does not write it. A
// later stage that finds a problem with a setting names the place.
func (s *Scenario) SettingPos(key string) (line, col int) {
	p := s.settingPos[key]
	return p.line, p.col
}

// Files are the paths of a scenario's inputs.
type Files struct {
	Children, Carers, Rates, Needs, Network string
	Boundaries, TravelTimes, Postcodes      string
	Terms, BankHolidays, Template, Pinned   string
}

// Texts are the contents of a scenario's files that this package reads but
// does not parse: the school terms, bank holidays, stage template (package
// plan) and pinned links (package match), nil when scenario.toml names none.
// Problems in them are placed in the file of the same field of Files.
type Texts struct {
	Terms, BankHolidays, Template, Pinned []byte
}

// MatchSettings is the [match] table of scenario.toml.
type MatchSettings struct {
	// MaxDistanceKm is the furthest road distance a link may span (default
	// linkmatch.DefaultMaxDistanceKm).
	MaxDistanceKm float64
	// DistantAuthorities is the policy on carers in authorities that do not
	// border the child's: allow, penalise (the default: scored low by the
	// border component) or forbid.
	DistantAuthorities linkmatch.DistantPolicy
	// Weights are the score component weights scenario.toml sets; missing
	// components take the scorer's documented defaults (match.DefaultWeights).
	Weights map[linkmatch.Component]float64
	// Mode is the default matching mode: optimal, stable or greedy ("" when
	// scenario.toml does not say, leaving the choice to the command).
	Mode string
	// MaxCarersPerChild is, in short breaks, how many carers may share one
	// child's breaks: 1 (the default: continuity, one carer each) or 2 (a
	// second carer gives what the first cannot).
	MaxCarersPerChild int
}

// GeoSettings is the [geo] table of scenario.toml.
type GeoSettings struct {
	NameProperty        string  // GeoJSON property with the authority name (default "name")
	CodeProperty        string  // optional GeoJSON property with the authority code
	Circuity            float64 // road distance ÷ straight-line distance (default geo.DefaultCircuity)
	SpeedKmh            float64 // average travel speed for minutes, km/h (default geo.DefaultSpeedKmh)
	NeighbourToleranceM float64 // border tolerance for neighbours in metres (default geo.DefaultToleranceM)
}

// TravelModel is the scenario's road-distance model: great-circle distance ×
// Circuity, driven at SpeedKmh; geo's defaults stand in for values not set.
func (g GeoSettings) TravelModel() geo.TravelModel {
	m := geo.DefaultTravelModel()
	if g.Circuity > 0 {
		m.Circuity = g.Circuity
	}
	if g.SpeedKmh > 0 {
		m.SpeedKmh = g.SpeedKmh
	}
	return m
}

// PlanSettings is the [plan] table of scenario.toml.
type PlanSettings struct {
	Start linkmatch.Date // the first day a plan may use; zero when not given
	// Horizon is the last day a plan may use; an open-ended stage (the
	// default Sustain) runs to it. Zero: two years after Start.
	Horizon linkmatch.Date
	// ClosedDays are days of the year with no sessions with the link carer
	// and no meetings or visits; ClosedAfternoons have no meetings or
	// visits from noon. Unset in scenario.toml they are plan's defaults
	// (25 and 26 December and 1 January; 24 December's afternoon); an
	// empty list closes none.
	ClosedDays, ClosedAfternoons []linkmatch.MonthDay
	// MinStayGapDays, set for a short-breaks scheme, is the fewest days
	// from the end of one of a child's stays to the start of the next, in
	// place of the template's min_stay_gap_days; nil keeps the template's.
	MinStayGapDays *int
}

// Defaults for the [payments] settings a scenario leaves out. The defaults
// of [match] and [geo] belong to the packages that use them:
// linkmatch.DefaultMaxDistanceKm, geo.DefaultCircuity, geo.DefaultSpeedKmh
// and geo.DefaultToleranceM.
const (
	// DefaultRetainerWeekly is seed 000's £100 weekly retainer per child.
	DefaultRetainerWeekly linkmatch.Pence = 10000
	// DefaultMileagePerMile is 45p a mile: HMRC's approved mileage
	// allowance rate for the first 10,000 business miles in a tax year. The
	// seeds say mileage is claimable (seed 001 §6) but give no rate.
	DefaultMileagePerMile linkmatch.Pence = 45
)

// MatchModes returns the values [match] mode accepts.
func MatchModes() []string { return []string{"optimal", "stable", "greedy"} }

// Trip is the journey between a carer's home and a child's: the travel
// times' journey for the pair when the scenario has one (its minutes, and
// its road distance when given), otherwise the travel model's estimate.
// The scorer applies the same table (match.Options.TravelTimes).
func (s *Scenario) Trip(child *linkmatch.Child, carer *linkmatch.Carer) geo.Trip {
	trip := s.Geo.TravelModel().Trip(geo.LatLon(carer.Lat, carer.Lon), geo.LatLon(child.Lat, child.Lon))
	return s.TravelTimes.Apply(trip, carer.ID, child.ID)
}

// MoveTrip is the journey between a carer's home and the long-term family
// the child moves to (children.csv move_lat and move_lon, or
// move_postcode), estimated by the travel model: travel_times.csv gives
// journeys to the residential home, so it does not apply. ok is false when
// the child's row does not locate the family.
func (s *Scenario) MoveTrip(child *linkmatch.Child, carer *linkmatch.Carer) (trip geo.Trip, ok bool) {
	if !child.HasMove {
		return geo.Trip{}, false
	}
	return s.Geo.TravelModel().Trip(geo.LatLon(carer.Lat, carer.Lon), geo.LatLon(child.MoveLat, child.MoveLon)), true
}

// ChildrenByID indexes the scenario's children by id.
func (s *Scenario) ChildrenByID() map[string]*linkmatch.Child {
	m := make(map[string]*linkmatch.Child, len(s.Children))
	for i := range s.Children {
		m[s.Children[i].ID] = &s.Children[i]
	}
	return m
}

// CarersByID indexes the scenario's carers by id.
func (s *Scenario) CarersByID() map[string]*linkmatch.Carer {
	m := make(map[string]*linkmatch.Carer, len(s.Carers))
	for i := range s.Carers {
		m[s.Carers[i].ID] = &s.Carers[i]
	}
	return m
}

// InputFile is one file a scenario is read from: the scenario.toml key
// that names it ("scenario.toml" for that file itself) and its path.
type InputFile struct {
	Key, Path string
}

// Inputs lists scenario.toml and every file it names, resolved, so that a
// command can make sure it never writes over one of them.
func (s *Scenario) Inputs() []InputFile {
	out := []InputFile{{Key: "scenario.toml", Path: s.Path}}
	for _, fk := range fileKeys(&s.Files) {
		if *fk.dst != "" {
			out = append(out, InputFile{Key: fk.key, Path: *fk.dst})
		}
	}
	return out
}
