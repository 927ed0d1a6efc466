package generate

import (
	"context"
	"math/rand/v2"
	"strconv"
	"strings"

	"github.com/linkmatch/linkmatch"
)

// Synthetic Family Link short breaks (seed 002, issue 17): disabled children
// living with their families, and carers offering so many breaks a month.
// The kinds of break are those of the built-in short-breaks template
// (plan/defaults/short_breaks.toml); the proportions are the project's
// estimates, not statistics of real people.

// breakMenu are the assessed breaks children are given, with weights: most
// have a few daytime sessions and an overnight or a weekend a month (seed
// 002: "some people do a great deal (several sessions per week), whilst
// other people do just one or two per month"); a few have so many stays
// that they pass regulation 48's 75 days a year, so plans show the warning.
var breakMenu = []struct {
	breaks string
	w      float64
}{
	{"2 after_school per month", 16}, {"1 weekend per month", 12}, {"2 after_school + 1 overnight per month", 16},
	{"1 day + 1 overnight per month", 10}, {"4 after_school per month", 8}, {"2 day per month", 10},
	{"1 overnight per month", 8}, {"2 after_school + 1 weekend per month", 8}, {"1 day + 1 few_days per month", 4},
	{"4 after_school + 2 weekend + 2 overnight per month", 3}, {"1 after_school + 1 day per month", 5},
}

// disabilityOdds is the chance a child in Family Link has each need (the
// disability needs of scenarios/defaults/needs.csv).
var disabilityOdds = []struct {
	need string
	p    float64
}{
	{"learning_disability", 0.55}, {"autism", 0.4}, {"physical_disability", 0.15}, {"personal_care", 0.35},
	{"moving_handling", 0.12}, {"epilepsy_rescue", 0.15}, {"tube_feeding", 0.06}, {"communication_aids", 0.3},
	{"home_oxygen", 0.02}, {"pet_allergy", 0.04},
}

// breakSkillOdds is the chance a Family Link carer has each skill.
var breakSkillOdds = []struct {
	skill string
	p     float64
}{
	{"learning_disability", 0.7}, {"autism", 0.55}, {"accessible_home", 0.25}, {"personal_care", 0.55},
	{"moving_handling", 0.3}, {"epilepsy_rescue_medication", 0.35}, {"tube_feeding", 0.15},
	{"communication_aids", 0.45}, {"home_oxygen", 0.08}, {"health_liaison", 0.3},
}

// breakActivities are things children enjoy, for written agreements.
var breakActivities = []string{"swimming", "sensory room", "music", "parks", "soft play", "baking", "animals", "trampolining", "trains", "films"}

// pickUps and dropOffs are the usual arrangements.
var (
	pickUps  = []string{"the carer collects from school", "a parent brings the child to the carer's home", "the carer collects from the family home"}
	dropOffs = []string{"the carer takes the child home", "a parent collects from the carer's home"}
)

// breakCarer draws a Family Link carer: where they live, how many children
// (1–3), what they offer a month and a week, which kinds (about four in ten
// offer daytime breaks only), their skills and, for a few, an assessment
// still under way (seed 002: about 4–6 months).
func (g *gen) breakCarer(r *rand.Rand, i int) linkmatch.Carer {
	lat, lon, auth := g.point(r)
	k := linkmatch.Carer{ID: id('K', i), Lat: lat, Lon: lon, Authority: auth}
	k.Capacity = 1 + pick(r, []float64{50, 35, 15})
	k.ExperienceYears = float64(int(r.ExpFloat64() * 6))
	k.Tier = linkmatch.TierStandard
	for _, s := range breakSkillOdds {
		if r.Float64() < s.p {
			k.Skills = append(k.Skills, s.skill)
		}
	}
	k.AgeMin, k.AgeMax = 0, 17
	k.Availability = availabilityOf([]string{"any", "weekends", "weekends;evenings", "evenings", "weekends;daytime"}[pick(r, []float64{25, 25, 30, 10, 10})])
	o := &k.Offer
	o.SessionsPerMonth = []int{2, 3, 4, 6, 8, 10, 12}[pick(r, []float64{15, 15, 25, 15, 15, 10, 5})]
	o.MostPerWeek = min(o.SessionsPerMonth, 1+pick(r, []float64{40, 45, 15}))
	if r.Float64() < 0.4 {
		o.Kinds = []string{"after_school", "day"}
		if !k.Availability.Has(linkmatch.AvailSat) && !k.Availability.Has(linkmatch.AvailSun) && !k.Availability.Has(linkmatch.AvailDaytime) {
			o.Kinds = o.Kinds[:1] // free only on weekday evenings: no days out
		}
	} else {
		k.Bedrooms = 1 + pick(r, []float64{75, 25})
		k.Overnight = true
		o.OvernightsPerMonth = 1 + pick(r, []float64{30, 35, 20, 15})*2
	}
	if r.Float64() < 0.08 {
		k.Status = linkmatch.StatusInAssessment
		k.ApprovalExpected = g.opt.Start.AddDays(30 + r.IntN(150))
	}
	household(r, &k, 0.35, "no_step_free_access", 0.1)
	return k
}

// breakChildren draws children living with their families, one a home, a
// few pairs of disabled siblings (who share a sibling group).
func (g *gen) breakChildren(ctx context.Context, r *rand.Rand) ([]linkmatch.Child, error) {
	out := make([]linkmatch.Child, 0, g.opt.Children)
	group := 0
	for len(out) < g.opt.Children {
		if len(out)%1024 == 0 && ctx.Err() != nil {
			return nil, ctx.Err()
		}
		lat, lon, auth := g.point(r)
		n := 1
		if r.Float64() < 0.04 && g.opt.Children-len(out) >= 2 {
			n = 2
			group++
		}
		for m := range n {
			c := g.breakChild(r, len(out), lat, lon, auth)
			if n > 1 {
				c.SiblingGroup = "S" + strconv.Itoa(group)
				if m > 0 { // siblings have the same breaks: they go together
					c.Breaks = out[len(out)-1].Breaks
				}
			}
			out = append(out, c)
		}
	}
	return out, nil
}

func (g *gen) breakChild(r *rand.Rand, i int, lat, lon float64, auth string) linkmatch.Child {
	age := 4 + r.IntN(14)
	c := linkmatch.Child{ID: id('C', i), HomeAuthority: auth, Lat: lat, Lon: lon,
		DateOfBirth: g.opt.Start.AddYears(-age).AddDays(-r.IntN(365))}
	c.Complexity = linkmatch.Complexity(pick(r, []float64{20, 50, 30}))
	for _, n := range disabilityOdds {
		if r.Float64() < n.p {
			c.Needs = append(c.Needs, n.need)
		}
	}
	w := make([]float64, len(breakMenu))
	for k, m := range breakMenu {
		w[k] = m.w
	}
	c.Breaks, _ = linkmatch.ParseBreaks(breakMenu[pick(r, w)].breaks)
	for _, a := range breakActivities {
		if r.Float64() < 0.2 {
			c.Activities = append(c.Activities, a)
		}
	}
	c.PickUp = pickUps[r.IntN(len(pickUps))]
	c.DropOff = dropOffs[r.IntN(len(dropOffs))]
	var meds, kit []string
	for _, n := range c.Needs {
		switch n {
		case "epilepsy_rescue":
			meds = append(meds, "rescue medication for seizures, as in the child's epilepsy plan")
		case "tube_feeding":
			meds = append(meds, "feeds by gastrostomy, as in the child's feeding plan")
			kit = append(kit, "feeding pump")
		case "moving_handling":
			kit = append(kit, "hoist and wheelchair")
		case "communication_aids":
			kit = append(kit, "communication book")
		case "home_oxygen":
			kit = append(kit, "portable oxygen")
		}
	}
	c.Medication = strings.Join(meds, "; ")
	c.Equipment = strings.Join(kit, ", ")
	return c
}
