package match

import "github.com/linkmatch/linkmatch"

// The component functions. Each returns a value between 0 and 1. They are
// plain functions of plain values so each can be tested on its own and read
// by a panel member who asks "why 0.7?".

// needsComponent is the weighted share of a child's needs whose skill the
// carer has: Σ weight of needs met ÷ Σ weight of all the child's needs. A
// child with no recorded needs is met fully (1). Seed 001 §5: "how carers can
// meet individual needs"; the weights come from the needs vocabulary.
func needsComponent(metWeight, totalWeight float64) float64 {
	if totalWeight <= 0 {
		return 1
	}
	return clamp01(metWeight / totalWeight)
}

// distanceComponent falls linearly from 1 at 0 km to 0 at the scenario's
// maximum road distance maxKm. Linear, so every kilometre costs the same
// and a panel can check it by hand: at half the maximum it is 0.5. Ofsted
// counts children placed more than 20 miles (32 km) from home as far away.
func distanceComponent(roadKm, maxKm float64) float64 {
	if maxKm <= 0 {
		return 0
	}
	return clamp01(1 - roadKm/maxKm)
}

// linkmatch.Border component values. Seed 000: Somerset's link carers "do not have to
// live in Somerset, and may live in neighbouring Local Authorities", so a
// neighbour is a normal, slightly harder, arrangement: two councils attend
// reviews and agree payments (0.7). A distant authority is outside what the
// scheme describes (0.3 two borders away, 0.1 less for each further border,
// never below 0). Unknown (no boundaries, or a place outside them) sits in
// the middle (0.5) so missing data neither helps nor sinks a pair.
const (
	borderSame      = 1.0
	borderNeighbour = 0.7
	borderDistant2  = 0.3 // two borders away
	borderPerStep   = 0.1 // lost for each border beyond two
	borderUnknown   = 0.5
)

// borderComponent scores the relation between the child's and the carer's
// authorities. Under linkmatch.PolicyAllow a distant authority counts as a neighbour:
// the scenario has said crossing further borders is no harder.
func borderComponent(b linkmatch.Border, steps int, policy linkmatch.DistantPolicy) float64 {
	switch b {
	case linkmatch.BorderSame:
		return borderSame
	case linkmatch.BorderNeighbour:
		return borderNeighbour
	case linkmatch.BorderDistant:
		if policy == linkmatch.PolicyAllow {
			return borderNeighbour
		}
		return clamp01(borderDistant2 - borderPerStep*float64(max(steps-2, 0)))
	}
	return borderUnknown
}

// experienceTargets are the years of fostering experience at which a
// carer's experience is taken as enough for a child of each complexity, and
// the credit a standard-tier carer gets for tier (a Fostering Plus carer
// always gets 1). Seed 001 §5: carers must "manage complex behaviour" and
// care for "our most vulnerable children with more complex behaviours", and
// "many Fostering Plus Carers would be suitable". The years are the
// project's judgement: a year for a child with low needs, three for medium
// (a typical span before Fostering Plus approval), five for high.
var experienceTargets = [3]struct {
	years        float64
	standardTier float64
}{
	linkmatch.ComplexityLow:    {years: 1, standardTier: 1},
	linkmatch.ComplexityMedium: {years: 3, standardTier: 0.5},
	linkmatch.ComplexityHigh:   {years: 5, standardTier: 0},
}

// Experience is 60% years (up to the target for the child's complexity)
// and 40% tier: years matter most, the tier is the council's own judgement
// of skill.
const (
	experienceYearsShare = 0.6
	experienceTierShare  = 0.4
)

// experienceComponent weighs a carer's years and tier against a child's
// complexity (see experienceTargets).
func experienceComponent(years float64, tier linkmatch.Tier, c linkmatch.Complexity) float64 {
	if int(c) >= len(experienceTargets) {
		c = linkmatch.ComplexityHigh
	}
	t := experienceTargets[c]
	tierCredit := t.standardTier
	if tier == linkmatch.TierFosteringPlus {
		tierCredit = 1
	}
	return clamp01(experienceYearsShare*clamp01(years/t.years) + experienceTierShare*tierCredit)
}

// capacityComponent is the share of the carer's places still free:
// 1 − current links ÷ capacity. A carer with nobody linked scores 1; the
// fourth child of a carer with capacity 4 scores 0.25, so spreading children
// across carers wins ties. Seed 001 §3: numbers depend on "time commitment".
func capacityComponent(capacity, current int) float64 {
	if capacity <= 0 {
		return 0
	}
	return clamp01(1 - float64(current)/float64(capacity))
}

// relationshipComponent is 1 when the carer is one of the child's known
// adults, else 0. Seed 004 (Lifelong Links): "relationships and long term
// social connection is the cornerstone"; existing relationships are to be
// built on, not broken.
func relationshipComponent(known bool) float64 {
	if known {
		return 1
	}
	return 0
}

// preferencesComponent is the share of the child's stated preferences found
// among the carer's attributes. A child who stated none is not
// disappointed by anyone (1), so the component does not change their
// ranking.
func preferencesComponent(met, stated int) float64 {
	if stated <= 0 {
		return 1
	}
	return clamp01(float64(met) / float64(stated))
}

func clamp01(x float64) float64 {
	switch {
	case x < 0 || x != x:
		return 0
	case x > 1:
		return 1
	}
	return x
}
