package match

import (
	"errors"
	"fmt"
	"math"
	"slices"
	"sort"
	"strings"

	"github.com/linkmatch/linkmatch"
	"github.com/linkmatch/linkmatch/geo"
)

// Component is one part of a pair's score. Each is between 0 and 1.
type Component uint8

// The score components (see DefaultWeights for their weights and the
// component functions in score_components.go for their definitions).
const (
	// CompNeeds is the weighted share of the child's needs whose skill the
	// carer has (seed 001 §5: "how carers can meet individual needs").
	CompNeeds Component = iota
	// CompDistance falls linearly from 1 at 0 km to 0 at the pair's maximum
	// distance (Ofsted: distance from home is the best-known failure).
	CompDistance
	// CompBorder prefers the child's own authority, then a neighbouring one
	// (seed 000: carers "may live in neighbouring Local Authorities").
	CompBorder
	// CompExperience weighs years of fostering and the Fostering Plus tier
	// against the child's complexity (seed 001 §5).
	CompExperience
	// CompCapacity prefers carers with more of their places free (seed 001
	// §3: "time commitment" determines linked-care numbers).
	CompCapacity
	// CompRelationship is 1 when the carer is already one of the child's
	// known adults (seed 004, Lifelong Links), else 0.
	CompRelationship
	// CompPreferences is the share of the child's own wishes that the carer's
	// attributes meet.
	CompPreferences

	// NumComponents is the number of score components.
	NumComponents = iota
)

var componentNames = [NumComponents]string{
	"needs", "distance", "border", "experience", "capacity", "relationship", "preferences",
}

// String returns the component's name as used in scenario.toml weights.
func (c Component) String() string {
	if c < NumComponents {
		return componentNames[c]
	}
	return "unknown"
}

// Components returns every component in order.
func Components() []Component {
	out := make([]Component, NumComponents)
	for i := range out {
		out[i] = Component(i)
	}
	return out
}

// ParseComponent reads a component name.
func ParseComponent(s string) (Component, bool) {
	for i, n := range componentNames {
		if n == s {
			return Component(i), true
		}
	}
	return 0, false
}

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
func DefaultWeights() [NumComponents]float64 {
	return [NumComponents]float64{
		CompNeeds: 30, CompDistance: 20, CompBorder: 10, CompExperience: 15,
		CompCapacity: 5, CompRelationship: 15, CompPreferences: 5,
	}
}

// Border is how the carer's authority lies relative to the child's.
type Border uint8

// Border relations. Unknown is the zero value: an authority not named or not
// found in the boundaries.
const (
	BorderUnknown Border = iota
	BorderSame
	BorderNeighbour
	BorderDistant
)

var borderNames = [...]string{"unknown", "same", "neighbour", "distant"}

// String returns same, neighbour, distant or unknown (INTERFACE.md pairs.csv).
func (b Border) String() string {
	if int(b) < len(borderNames) {
		return borderNames[b]
	}
	return "unknown"
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

// Distant-authority policies (scenario.toml [match] distant_authorities).
const (
	PolicyAllow    = "allow"
	PolicyPenalise = "penalise"
	PolicyForbid   = "forbid"
)

// DefaultMaxDistanceKm is the default furthest road distance of a link: 40
// km is about 25 miles, roughly the Ofsted 20-mile "far from home" line plus
// the road circuity, and an hour's round trip for a weekday dinner (seed 000).
const DefaultMaxDistanceKm = 40

// Options configure a Scorer.
type Options struct {
	// MaxDistanceKm is the furthest road distance a link may span, in km
	// (default DefaultMaxDistanceKm).
	MaxDistanceKm float64
	// DistantAuthorities is PolicyAllow, PolicyPenalise (default) or PolicyForbid.
	DistantAuthorities string
	// Weights override DefaultWeights by component name.
	Weights map[string]float64
	// Travel turns straight-line distance into road km and minutes (default
	// geo.DefaultTravelModel).
	Travel geo.TravelModel
	// On is the date children's ages are taken on: the plan's start date.
	On linkmatch.Date
	// Borders gives authority relations; nil means only "same" (equal names)
	// and "unknown" are known.
	Borders Borders
	// Workers is how many goroutines score; 0 means GOMAXPROCS. The result
	// does not depend on it.
	Workers int
}

// ErrOptions marks unusable scorer options.
var ErrOptions = errors.New("match: invalid scoring options")

// settings are the options after defaults and validation.
type settings struct {
	maxKm    float64
	policy   string
	weights  [NumComponents]float64 // normalised to sum 1
	raw      [NumComponents]float64 // as given, for reports
	travel   geo.TravelModel
	on       linkmatch.Date
	borders  Borders
	workers  int
	searchKm float64 // straight-line search radius
}

func resolve(opt Options) (settings, error) {
	s := settings{maxKm: opt.MaxDistanceKm, policy: opt.DistantAuthorities, travel: opt.Travel,
		on: opt.On, borders: opt.Borders, workers: opt.Workers}
	if s.maxKm == 0 {
		s.maxKm = DefaultMaxDistanceKm
	}
	if !(s.maxKm > 0) || math.IsInf(s.maxKm, 0) {
		return s, fmt.Errorf("%w: maximum distance %v km must be a number above 0", ErrOptions, opt.MaxDistanceKm)
	}
	switch s.policy {
	case "":
		s.policy = PolicyPenalise
	case PolicyAllow, PolicyPenalise, PolicyForbid:
	default:
		return s, fmt.Errorf("%w: distant_authorities must be allow, penalise or forbid, not %q", ErrOptions, s.policy)
	}
	if s.travel == (geo.TravelModel{}) {
		s.travel = geo.DefaultTravelModel()
	}
	if err := s.travel.Validate(); err != nil {
		return s, fmt.Errorf("%w: %v", ErrOptions, err)
	}
	s.raw = DefaultWeights()
	names := make([]string, 0, len(opt.Weights))
	for n := range opt.Weights {
		names = append(names, n)
	}
	sort.Strings(names) // report the first bad name deterministically
	for _, n := range names {
		c, ok := ParseComponent(n)
		if !ok {
			return s, fmt.Errorf("%w: unknown score component %q in weights (known: %s)", ErrOptions, n, strings.Join(componentNames[:], ", "))
		}
		w := opt.Weights[n]
		if !(w >= 0) || math.IsInf(w, 0) {
			return s, fmt.Errorf("%w: weight of %s must be a number ≥ 0, not %v", ErrOptions, n, w)
		}
		s.raw[c] = w
	}
	var sum float64
	for _, w := range s.raw {
		sum += w
	}
	if sum == 0 {
		return s, fmt.Errorf("%w: at least one score weight must be above 0", ErrOptions)
	}
	for i, w := range s.raw {
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

// Weights returns the weights in use by component (as given, not normalised).
func (s *Scorer) Weights() [NumComponents]float64 { return s.set.raw }

// MaxDistanceKm returns the scenario's maximum road distance in km.
func (s *Scorer) MaxDistanceKm() float64 { return s.set.maxKm }

// Travel returns the travel model in use.
func (s *Scorer) Travel() geo.TravelModel { return s.set.travel }

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
