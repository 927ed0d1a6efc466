package linkmatch

// This file holds the words of matching that scenario files, the scorer and
// the outputs share: how two authorities lie (Border), what a scenario does
// with distant authorities (DistantPolicy), the parts of a score
// (Component) and the default furthest distance of a link. Each is defined
// here once; package scenarios parses scenario.toml into these types, and
// package match scores with them.

// Border is how a carer's authority lies relative to a child's, as written
// in pairs.csv's border column (INTERFACE.md). Seed 000: link carers "may
// live in neighbouring Local Authorities".
type Border uint8

// Border relations. BorderUnknown is the zero value: an authority not named,
// or not found in the boundaries.
const (
	BorderUnknown   Border = iota
	BorderSame             // the same authority
	BorderNeighbour        // the authorities share a border
	BorderDistant          // further apart: two or more borders away
)

var borderNames = [...]string{"unknown", "same", "neighbour", "distant"}

// String returns unknown, same, neighbour or distant.
func (b Border) String() string {
	if int(b) < len(borderNames) {
		return borderNames[b]
	}
	return "unknown"
}

// DistantPolicy is what a scenario does with carers in authorities that do
// not border the child's (scenario.toml [match] distant_authorities).
type DistantPolicy uint8

// Distant-authority policies. The zero value is the default, PolicyPenalise.
const (
	// PolicyPenalise scores a distant authority low in the border component.
	PolicyPenalise DistantPolicy = iota
	// PolicyAllow scores a distant authority as a neighbour.
	PolicyAllow
	// PolicyForbid excludes carers in distant authorities (a hard rule).
	PolicyForbid
)

var policyNames = [...]string{PolicyPenalise: "penalise", PolicyAllow: "allow", PolicyForbid: "forbid"}

// DistantPolicyNames returns the spellings scenario.toml accepts, from the
// most to the least permissive.
func DistantPolicyNames() []string {
	return []string{PolicyAllow.String(), PolicyPenalise.String(), PolicyForbid.String()}
}

// ParseDistantPolicy reads "allow", "penalise" or "forbid".
func ParseDistantPolicy(s string) (DistantPolicy, bool) {
	for i, n := range policyNames {
		if s == n {
			return DistantPolicy(i), true
		}
	}
	return 0, false
}

// String returns allow, penalise or forbid.
func (p DistantPolicy) String() string {
	if int(p) < len(policyNames) {
		return policyNames[p]
	}
	return "unknown"
}

// MarshalText writes the policy as scenario.toml spells it (run.json).
func (p DistantPolicy) MarshalText() ([]byte, error) { return []byte(p.String()), nil }

// Component is one part of a pair's score, each between 0 and 1; a pair's
// score is their weighted mean. Package match defines how each is computed
// and its default weight; scenario.toml's [match.weights] sets weights by
// these names.
type Component uint8

// The score components.
const (
	// ComponentNeeds: the weighted share of the child's needs whose skill
	// the carer has (seed 001 §5: "how carers can meet individual needs").
	ComponentNeeds Component = iota
	// ComponentDistance: nearer is better, from 1 at 0 km to 0 at the
	// pair's maximum distance.
	ComponentDistance
	// ComponentBorder: the child's own authority, then a neighbouring one
	// (seed 000).
	ComponentBorder
	// ComponentExperience: years of fostering and the Fostering Plus tier
	// against the child's complexity (seed 001 §5).
	ComponentExperience
	// ComponentCapacity: the share of the carer's places still free (seed
	// 001 §3).
	ComponentCapacity
	// ComponentRelationship: the carer is already one of the child's known
	// adults (seed 004, Lifelong Links).
	ComponentRelationship
	// ComponentPreferences: the share of the child's own wishes the carer's
	// attributes meet.
	ComponentPreferences

	// NumComponents is the number of score components.
	NumComponents = iota
)

var componentNames = [NumComponents]string{
	"needs", "distance", "border", "experience", "capacity", "relationship", "preferences",
}

// Components returns every component in order.
func Components() []Component {
	out := make([]Component, NumComponents)
	for i := range out {
		out[i] = Component(i)
	}
	return out
}

// ComponentNames returns the component names in order, as scenario.toml's
// [match.weights] and pairs.csv's columns spell them.
func ComponentNames() []string { return append([]string(nil), componentNames[:]...) }

// ParseComponent reads a component name such as "needs".
func ParseComponent(s string) (Component, bool) {
	for i, n := range componentNames {
		if n == s {
			return Component(i), true
		}
	}
	return 0, false
}

// String returns the component's name, such as "needs".
func (c Component) String() string {
	if c < NumComponents {
		return componentNames[c]
	}
	return "unknown"
}

// MarshalText writes the component's name, so that a map of weights by
// component reads {"needs": 30} in run.json.
func (c Component) MarshalText() ([]byte, error) { return []byte(c.String()), nil }

// DefaultMaxDistanceKm is the furthest road distance of a link when a
// scenario does not say, in km: about 25 miles. Ofsted counts placements
// "more than 20 miles from home" as distant (PRODUCT.md); a link carer visits
// rather than hosts full time, so a little further is tolerable, and 40 km is
// about an hour's round trip for a weekday dinner (seed 000).
const DefaultMaxDistanceKm = 40
