package match

import (
	"errors"
	"fmt"
	"math"
	"slices"
	"strings"

	"github.com/linkmatch/linkmatch"
	"github.com/linkmatch/linkmatch/geo"
)

// DefaultWeights returns the weights used for components scenario.toml does
// not set. They add up to 100, so each reads as "points out of 100":
//
//   - needs 30: meeting the child's needs is the purpose of matching (seed
//     001 §5: "how carers can meet individual needs"), so it weighs most;
//   - distance 20: Ofsted's best-known failure is children placed far from
//     home (12% more than 20 miles away); close carers make weekly dinners
//     possible (seed 000's worked example);
//   - experience 15: seed 001 §5 expects "a level of experience and
//     knowledge" and names Fostering Plus carers as the likely pool;
//   - relationship 15: Lifelong Links (seed 004): "relationships and long
//     term social connection is the cornerstone"; an adult the child already
//     knows is worth a great deal, but is rare, so it cannot carry the
//     other components;
//   - border 10: cross-border links work (seed 000) but add a second council
//     to every review;
//   - capacity 5 and preferences 5: tie-breakers that spread children across
//     carers and honour the child's wishes without overriding need.
func DefaultWeights() [linkmatch.NumComponents]float64 {
	return [linkmatch.NumComponents]float64{
		linkmatch.ComponentNeeds: 30, linkmatch.ComponentDistance: 20, linkmatch.ComponentBorder: 10,
		linkmatch.ComponentExperience: 15, linkmatch.ComponentCapacity: 5,
		linkmatch.ComponentRelationship: 15, linkmatch.ComponentPreferences: 5,
	}
}

// Borders says how two authorities lie relative to each other. It is the
// one thing the scorer needs from boundary geography; package geo's
// boundaries satisfy it through a small adapter, and tests use a table.
type Borders interface {
	// Steps returns the fewest authority borders crossed going from a to b:
	// 0 for the same authority, 1 for neighbours, 2 or more for distant
	// ones. ok is false when either authority is unknown or they are not
	// connected by land.
	Steps(a, b string) (steps int, ok bool)
}

// Options configure a Scorer.
type Options struct {
	// MaxDistanceKm is the furthest road distance a link may span, in km
	// (default linkmatch.DefaultMaxDistanceKm).
	MaxDistanceKm float64
	// DistantAuthorities is what to do with carers in distant authorities;
	// the zero value is linkmatch.PolicyPenalise.
	DistantAuthorities linkmatch.DistantPolicy
	// Weights override DefaultWeights for the components they name.
	Weights map[linkmatch.Component]float64
	// Travel turns straight-line distance into road km and minutes (default
	// geo.DefaultTravelModel).
	Travel geo.TravelModel
	// TravelTimes are journeys known for particular pairs, from a carer's
	// id to a child's (either direction is looked up): their minutes, and
	// their road km when given, replace Travel's estimate for the pair, in
	// the distance rule and component, pairs.csv and explanations. A pair it
	// names is checked even when its straight-line distance is beyond the
	// search radius. Nil means none.
	TravelTimes *geo.TravelTimes
	// On is the date children's ages are taken on: the plan's start date.
	On linkmatch.Date
	// Borders gives authority relations; nil means only "same" (equal names)
	// and "unknown" are known.
	Borders Borders
	// Workers is how many goroutines score; 0 means GOMAXPROCS. The result
	// does not depend on it.
	Workers int
	// Scheme is the scenario's scheme. The step-down scheme (the zero
	// value) adds two hard rules: the carer's time (RuleTime) and spare
	// bedrooms for the child's sibling group's overnight stays
	// (RuleBedrooms); short breaks have their own limits (FillBreaks).
	Scheme linkmatch.Scheme
}

// ErrOptions marks unusable scorer options.
var ErrOptions = errors.New("match: invalid scoring options")

// OptionsError says which scorer option cannot be used and why. Setting
// names the option as scenario.toml's keys do: "match.max_distance_km",
// "match.distant_authorities", "geo" (the travel model) or
// "match.weights". It matches ErrOptions.
type OptionsError struct {
	Setting, Problem string
}

func (e *OptionsError) Error() string { return ErrOptions.Error() + ": " + e.Problem }

// Is reports whether target is ErrOptions.
func (e *OptionsError) Is(target error) bool { return target == ErrOptions }

func optionsErr(setting, format string, args ...any) error {
	return &OptionsError{Setting: setting, Problem: fmt.Sprintf(format, args...)}
}

// settings are the options after defaults and validation.
type settings struct {
	maxKm    float64
	policy   linkmatch.DistantPolicy
	weights  [linkmatch.NumComponents]float64 // normalised to sum 1
	travel   geo.TravelModel
	on       linkmatch.Date
	borders  Borders
	workers  int
	searchKm float64 // straight-line search radius
	stepDown bool    // the step-down scheme's rules apply
}

func resolve(opt Options) (settings, error) {
	s := settings{maxKm: opt.MaxDistanceKm, policy: opt.DistantAuthorities, travel: opt.Travel,
		on: opt.On, borders: opt.Borders, workers: opt.Workers,
		stepDown: opt.Scheme == linkmatch.SchemeStepDown}
	if s.maxKm == 0 {
		s.maxKm = linkmatch.DefaultMaxDistanceKm
	}
	if !(s.maxKm > 0) || math.IsInf(s.maxKm, 0) {
		return s, optionsErr("match.max_distance_km", "maximum distance %v km must be a number above 0", opt.MaxDistanceKm)
	}
	if _, ok := linkmatch.ParseDistantPolicy(s.policy.String()); !ok {
		return s, optionsErr("match.distant_authorities", "distant_authorities must be one of %s, not %d",
			strings.Join(linkmatch.DistantPolicyNames(), ", "), s.policy)
	}
	if s.travel == (geo.TravelModel{}) {
		s.travel = geo.DefaultTravelModel()
	}
	if err := s.travel.Validate(); err != nil {
		return s, optionsErr("geo", "%v", err)
	}
	raw := DefaultWeights()
	for c, w := range opt.Weights {
		if c >= linkmatch.NumComponents {
			return s, optionsErr("match.weights", "unknown score component %d in weights (known: %s)", c,
				strings.Join(linkmatch.ComponentNames(), ", "))
		}
		raw[c] = w
	}
	var sum float64
	for _, c := range linkmatch.Components() { // in order, so the first bad weight is reported
		w := raw[c]
		if !(w >= 0) || math.IsInf(w, 0) {
			return s, optionsErr("match.weights", "weight of %s must be a number ≥ 0, not %v", c, w)
		}
		sum += w
	}
	if sum == 0 {
		return s, optionsErr("match.weights", "every score weight is 0, so every pair would score the same: at least one weight must be above 0")
	}
	for i, w := range raw {
		s.weights[i] = w / sum
	}
	if s.workers <= 0 {
		s.workers = defaultWorkers()
	}
	// Every carer's own limit is at most the scenario's, so no eligible
	// carer is further in a straight line than maxKm ÷ circuity.
	s.searchKm = s.maxKm / s.travel.Circuity
	return s, nil
}

// MaxDistanceKm returns the scenario's maximum road distance in km.
func (s *Scorer) MaxDistanceKm() float64 { return s.set.maxKm }

// duplicateIDs returns the first repeated id, if any.
func duplicateID(ids []string) (string, bool) {
	sorted := slices.Clone(ids)
	slices.Sort(sorted)
	for i := 1; i < len(sorted); i++ {
		if sorted[i] == sorted[i-1] {
			return sorted[i], true
		}
	}
	return "", false
}

// norm is how vocabulary words are compared: case and surrounding spaces
// do not matter.
func norm(s string) string { return strings.ToLower(strings.TrimSpace(s)) }

// geoBorders answers Borders from package geo's boundaries and neighbour
// graph, by authority name.
type geoBorders struct {
	b *geo.Boundaries
	g *geo.Graph
}

// GeoBorders returns Borders backed by boundaries b and their neighbour
// graph g; nil (names alone) when either is nil.
func GeoBorders(b *geo.Boundaries, g *geo.Graph) Borders {
	if b == nil || g == nil {
		return nil
	}
	return geoBorders{b, g}
}

func (x geoBorders) Steps(a, b string) (int, bool) {
	i, ok1 := x.b.Index(a)
	j, ok2 := x.b.Index(b)
	if !ok1 || !ok2 {
		return 0, false
	}
	return x.g.Steps(i, j)
}
