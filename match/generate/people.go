package generate

import (
	"context"
	"math"
	"math/rand/v2"
	"strconv"

	"github.com/linkmatch/linkmatch"
)

// The proportions below make synthetic people look plausible; they are
// the project's estimates, not statistics of real people, except where a
// source is named.

// capacityWeights: seed 001 §3 says 1–4 children; most link carers take one
// or two because of "time commitment".
var capacityWeights = []float64{0, 45, 35, 12, 8}

// ageBands are the approval ranges (age_min, age_max) carers are given,
// with their weights.
var ageBands = []struct {
	min, max int
	w        float64
}{{0, 18, 25}, {5, 18, 20}, {8, 18, 20}, {11, 18, 20}, {0, 12, 10}, {14, 18, 5}}

// skillOdds is the chance a standard carer has each skill of the default
// needs vocabulary (scenarios/defaults/needs.csv); a Fostering Plus carer's
// chance is fosteringPlusBoost higher (seed 001 §5: their "level of
// experience and skills").
var skillOdds = []struct {
	skill string
	p     float64
}{
	{"complex_behaviour", 0.35}, {"attachment_trauma", 0.45}, {"learning_disability", 0.2},
	{"accessible_home", 0.08}, {"autism", 0.25}, {"education_advocacy", 0.45},
	{"health_liaison", 0.35}, {"cultural_identity", 0.25}, {"religion_language", 0.15},
	{"family_contact", 0.5}, {"independence_skills", 0.35}, {"exploitation_awareness", 0.2},
}

const fosteringPlusBoost = 0.2

// attributes are facts about a carer's home life that children's stated
// preferences are matched against.
var attributes = []string{"pets", "garden", "sport", "music", "outdoors", "cooking", "faith"}

var availabilities = []struct {
	words string
	w     float64
}{{"any", 30}, {"weekends", 20}, {"weekends;evenings", 25}, {"evenings", 10}, {"weekends;daytime", 10}, {"wed;sat;sun", 5}}

func (g *gen) carer(r *rand.Rand, i int) linkmatch.Carer {
	lat, lon, auth := g.point(r)
	k := linkmatch.Carer{ID: id('K', i), Lat: lat, Lon: lon, Authority: auth}
	k.Capacity = pick(r, capacityWeights)
	if r.Float64() >= 0.7 { // most carers have no current link
		k.CurrentLinks = r.IntN(k.Capacity + 1)
	}
	plus := r.Float64() < 0.3 // seed 001 §5: "many Fostering Plus Carers would be suitable"
	if plus {
		k.Tier = linkmatch.TierFosteringPlus
		k.ExperienceYears = float64(3 + int(r.ExpFloat64()*7))
	} else {
		k.ExperienceYears = float64(int(r.ExpFloat64() * 5))
	}
	k.ExperienceYears = math.Min(k.ExperienceYears, 40)
	for _, s := range skillOdds {
		p := s.p
		if plus {
			p += fosteringPlusBoost
		}
		if r.Float64() < p {
			k.Skills = append(k.Skills, s.skill)
		}
	}
	b := ageBands[pick(r, bandWeights())]
	k.AgeMin, k.AgeMax = b.min, b.max
	k.Overnight = r.Float64() < 0.7
	if k.Overnight {
		k.Bedrooms = 1 + pick(r, []float64{60, 30, 10})
	}
	k.Availability = availabilityOf(availabilities[pick(r, availWeights())].words)
	if r.Float64() < 0.3 { // most travel as far as the scenario allows
		k.MaxTravelKm = []float64{15, 25, 30, 50}[r.IntN(4)]
	}
	household(r, &k, 0.4, "smoker", 0.08)
	return k
}

// household draws a carer's household and attributes, for both schemes:
// pets (with chance pets), one more household fact (with chance p), and
// each of the other attributes with chance 0.3, in that order.
func household(r *rand.Rand, k *linkmatch.Carer, pets float64, other string, p float64) {
	if r.Float64() < pets {
		k.Household = append(k.Household, "pets")
		k.Attributes = append(k.Attributes, "pets")
	}
	if r.Float64() < p {
		k.Household = append(k.Household, other)
	}
	for _, a := range attributes[1:] {
		if r.Float64() < 0.3 {
			k.Attributes = append(k.Attributes, a)
		}
	}
}

func bandWeights() []float64 {
	w := make([]float64, len(ageBands))
	for i, b := range ageBands {
		w[i] = b.w
	}
	return w
}

func availWeights() []float64 {
	w := make([]float64, len(availabilities))
	for i, a := range availabilities {
		w[i] = a.w
	}
	return w
}

func availabilityOf(words string) linkmatch.Availability {
	var a linkmatch.Availability
	for len(words) > 0 {
		var w string
		w, words = cut(words, ';')
		v, _ := linkmatch.ParseAvailabilityWord(w)
		a |= v
	}
	return a
}

// ageWeights are the weights of ages 8–17 of children in residential homes,
// who are mostly teenagers (DfE, Children looked after in England: most
// children in children's homes are aged 10 and over).
var ageWeights = []float64{1, 2, 3, 5, 7, 9, 11, 12, 10, 5}

const youngestAge = 8

// needOdds is the chance a child has each need of the default vocabulary;
// the more complex a child, the likelier the behavioural needs.
var needOdds = []struct {
	need string
	p    [3]float64 // by complexity: low, medium, high
}{
	{"complex_behaviour", [3]float64{0.05, 0.3, 0.7}},
	{"attachment_trauma", [3]float64{0.3, 0.5, 0.7}},
	{"learning_disability", [3]float64{0.08, 0.12, 0.15}},
	{"physical_disability", [3]float64{0.02, 0.03, 0.03}},
	{"autism", [3]float64{0.1, 0.15, 0.2}},
	{"education_advocacy", [3]float64{0.25, 0.3, 0.35}},
	{"health_liaison", [3]float64{0.1, 0.15, 0.2}},
	{"cultural_identity", [3]float64{0.1, 0.1, 0.1}},
	{"religion_language", [3]float64{0.05, 0.05, 0.05}},
	{"family_contact", [3]float64{0.3, 0.35, 0.35}},
	{"exploitation_risk", [3]float64{0.02, 0.1, 0.3}},
	{"pet_allergy", [3]float64{0.04, 0.04, 0.04}},
	{"smoke_free", [3]float64{0.06, 0.06, 0.06}},
}

// outOfArea is the share of children whose responsible council is not the
// one their home is in: about four in ten children in children's homes live
// outside their own authority (Competition and Markets Authority,
// Children's social care market study, 2022).
const outOfArea = 0.4

// outOfAreaKm is how far away an out-of-area child's council usually is.
const outOfAreaKm = 150

// children draws children's homes and the children in them: 1–4 children a
// home (most homes in England are small), a few sibling groups, and a rare
// known adult among the nearby carers (seed 004).
func (g *gen) children(ctx context.Context, r *rand.Rand, carers []linkmatch.Carer) ([]linkmatch.Child, error) {
	out := make([]linkmatch.Child, 0, g.opt.Children)
	home, group := 0, 0
	for len(out) < g.opt.Children {
		if home%1024 == 0 && ctx.Err() != nil {
			return nil, ctx.Err()
		}
		home++
		lat, lon, local := g.point(r)
		n := min(1+pick(r, []float64{30, 30, 25, 15}), g.opt.Children-len(out))
		siblings := 0
		if n >= 2 && r.Float64() < 0.06 { // a few % of children: a pair, sometimes three
			siblings = 2 + r.IntN(n-1)
			group++
		}
		responsible := local
		if r.Float64() < outOfArea {
			// Most out-of-area placements are within a region or the next
			// one: take the first of a few draws within outOfAreaKm.
			for range 10 {
				la, lo, a := g.point(r)
				responsible = a
				if math.Hypot(la-lat, (lo-lon)*math.Cos(lat*math.Pi/180))*kmPerDegree < outOfAreaKm {
					break
				}
			}
		}
		for m := range n {
			c := g.child(r, len(out), lat, lon, responsible)
			c.HomeName = "Home " + strconv.Itoa(home)
			if m < siblings {
				c.SiblingGroup = "S" + strconv.Itoa(group)
			}
			if len(carers) > 0 && r.Float64() < 0.015 {
				c.KnownAdults = []string{nearestOf(r, carers, lat, lon)}
			}
			out = append(out, c)
		}
	}
	return out, nil
}

func (g *gen) child(r *rand.Rand, i int, lat, lon float64, auth string) linkmatch.Child {
	age := youngestAge + pick(r, ageWeights)
	c := linkmatch.Child{ID: id('C', i), HomeAuthority: auth, Lat: lat, Lon: lon,
		DateOfBirth: g.opt.Start.AddYears(-age).AddDays(-r.IntN(365))}
	c.Complexity = linkmatch.Complexity(pick(r, []float64{20, 45, 35}))
	for _, n := range needOdds {
		if r.Float64() < n.p[c.Complexity] {
			c.Needs = append(c.Needs, n.need)
		}
	}
	if age >= 16 && r.Float64() < 0.6 {
		c.Needs = append(c.Needs, "independence_16plus")
	}
	c.Overnight = r.Float64() < 0.65
	for _, a := range attributes[:6] {
		if r.Float64() < 0.15 {
			c.Preferences = append(c.Preferences, a)
		}
	}
	return c
}

// nearestOf returns the nearest of 64 randomly drawn carers: someone the
// child plausibly knows (a former foster carer or teacher, seed 004).
func nearestOf(r *rand.Rand, carers []linkmatch.Carer, lat, lon float64) string {
	best, bestD := "", math.Inf(1)
	for range 64 {
		k := &carers[r.IntN(len(carers))]
		dy, dx := k.Lat-lat, (k.Lon-lon)*math.Cos(lat*math.Pi/180)
		if d := dx*dx + dy*dy; d < bestD {
			best, bestD = k.ID, d
		}
	}
	return best
}
