package scenarios

import (
	"github.com/linkmatch/linkmatch"
	"github.com/linkmatch/linkmatch/geo"
	"github.com/linkmatch/linkmatch/internal/table"
)

// Scenario is a loaded, validated scenario folder: the settings from
// scenario.toml and the people and tables its files describe. Children and
// Carers keep the order of their files; every other list is sorted.
type Scenario struct {
	// Name is the scenario's name from scenario.toml.
	Name string
	// Path is the scenario.toml file; Dir the folder paths are relative to.
	Path, Dir string
	// Files are the input files as given in scenario.toml, resolved against
	// Dir ("" when not given).
	Files Files

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

	// Today is the reference date age checks used: Plan.Start when set,
	// otherwise LoadOptions.Today (zero when neither was given).
	Today linkmatch.Date
	// Warnings are the problems that did not stop the scenario loading.
	Warnings []table.Problem
}

// Files are the paths of a scenario's inputs.
type Files struct {
	Children, Carers, Rates, Needs, Network string
	Boundaries, TravelTimes, Postcodes      string
	Terms, BankHolidays, Template, Pinned   string
}

// MatchSettings is the [match] table of scenario.toml.
type MatchSettings struct {
	// MaxDistanceKm is the furthest road distance a link may span (default 40).
	MaxDistanceKm float64
	// DistantAuthorities is the policy on carers in authorities that do not
	// border the child's: "allow", "penalise" (the default: scored low by the
	// border component) or "forbid".
	DistantAuthorities string
	// Weights are the score component weights by component name; missing
	// components take the scorer's documented defaults.
	Weights map[string]float64
	// Mode is the default matching mode: optimal, stable or greedy ("" when
	// scenario.toml does not say, leaving the choice to the command).
	Mode string
}

// GeoSettings is the [geo] table of scenario.toml.
type GeoSettings struct {
	NameProperty        string  // GeoJSON property with the authority name (default "name")
	CodeProperty        string  // optional GeoJSON property with the authority code
	Circuity            float64 // road distance ÷ straight-line distance (default 1.3)
	SpeedKmh            float64 // average travel speed for minutes (default 40)
	NeighbourToleranceM float64 // border tolerance for neighbours in metres (default 100)
}

// PlanSettings is the [plan] table of scenario.toml.
type PlanSettings struct {
	Start linkmatch.Date // the first day a plan may use; zero when not given
}

// Defaults for scenario.toml settings a scenario leaves out. Each is
// documented where it comes from.
const (
	// DefaultMaxDistanceKm: about 25 miles. Ofsted counts placements "more
	// than 20 miles from home" as distant (PRODUCT.md); a link carer visits
	// rather than hosts full time, so a little further is tolerable.
	DefaultMaxDistanceKm = 40
	// DefaultRetainerWeekly is seed 000's £100 weekly retainer per child.
	DefaultRetainerWeekly linkmatch.Pence = 10000
	// DefaultMileagePerMile is 45p a mile: HMRC's approved mileage
	// allowance rate for the first 10,000 business miles in a tax year. The
	// seeds say mileage is claimable (seed 001 §6) but give no rate.
	DefaultMileagePerMile linkmatch.Pence = 45
	// DefaultCircuity: road distance is about 1.3 × straight-line distance
	// in rural England (a common planning rule of thumb).
	DefaultCircuity = 1.3
	// DefaultSpeedKmh is an average mixed rural/urban driving speed.
	DefaultSpeedKmh = 40
	// DefaultNeighbourToleranceM: two authorities whose boundaries come
	// within 100 m are neighbours, absorbing simplified polygons' gaps.
	DefaultNeighbourToleranceM = 100
)

// DistantPolicies returns the values [match] distant_authorities accepts.
func DistantPolicies() []string { return []string{"allow", "penalise", "forbid"} }

// MatchModes returns the values [match] mode accepts.
func MatchModes() []string { return []string{"optimal", "stable", "greedy"} }

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
