package match

import (
	"fmt"
	"io"
	"slices"
	"strings"
	"time"

	"github.com/linkmatch/linkmatch"
	"github.com/linkmatch/linkmatch/geo"
)

// RuleCheck is one hard rule applied to one pair: whether the pair breaks
// it, and what was compared, in plain words.
type RuleCheck struct {
	Rule   Rule
	Broken bool
	Detail string
}

// ComponentCheck is one score component of one pair: its value (0–1), its
// weight in points out of 100 (the scenario's weights scaled to sum 100),
// the points it adds (value × weight) and how the value came about.
type ComponentCheck struct {
	Component linkmatch.Component
	Value     float64
	Weight    float64
	Points    float64
	Detail    string
}

// PairWhy is everything the scorer knows about one child–carer pair,
// eligible or not: every hard rule with what it compared, and every score
// component. It answers "why isn't this carer on the list?" as well as
// "why does this pair score 61?" (issue 16).
type PairWhy struct {
	ChildID, CarerID string
	// Eligible is true when no hard rule is broken.
	Eligible bool
	// Score is the pair's score (0–100); for an ineligible pair, the score
	// it would have if the rules allowed it.
	Score float64
	// Rank is the pair's place among the child's eligible carers (1 =
	// best; ties by carer id), or for an ineligible pair the place it
	// would take among them. EligibleCarers counts the child's eligible
	// carers (this one included when eligible).
	Rank, EligibleCarers int
	// ApprovalExpected is the date the carer expects approval when still in
	// assessment (a link with them is provisional); zero when approved.
	ApprovalExpected linkmatch.Date
	Rules            []RuleCheck
	Components       []ComponentCheck
}

// Broken returns the hard rules the pair breaks, in rule order.
func (w *PairWhy) Broken() []Rule {
	var out []Rule
	for _, r := range w.Rules {
		if r.Broken {
			out = append(out, r.Rule)
		}
	}
	return out
}

// ChildIndex returns the index (in the children given to NewScorer) of
// the child with this id.
func (s *Scorer) ChildIndex(id string) (int, bool) {
	for i := range s.children {
		if s.children[i].ID == id {
			return i, true
		}
	}
	return 0, false
}

// CarerIndex returns the index (in the carers given to NewScorer) of the
// carer with this id.
func (s *Scorer) CarerIndex(id string) (int, bool) {
	for i := range s.carers {
		if s.carers[i].ID == id {
			return i, true
		}
	}
	return 0, false
}

// Why checks one pair against every hard rule and computes every score
// component, whether or not the pair is eligible, and ranks it among the
// child's eligible carers. child and carer index the slices given to
// NewScorer. It reads every carer within reach of the child (for the
// rank), so it is meant for one pair at a time.
func (s *Scorer) Why(child, carer int) PairWhy {
	c := &s.cs[s.cpos[child]]
	r := s.rank[carer]
	p, _, broken := s.pair(c, r, chord2(&c.vec, &s.ks[r].vec))
	km := s.roadKm(c, r)
	score, parts := s.score(c, r, km, p.Border, p.Steps)
	w := PairWhy{ChildID: s.children[child].ID, CarerID: s.carers[carer].ID, Eligible: broken == 0, Score: float64(score)}
	if k := &s.carers[carer]; k.Provisional() {
		w.ApprovalExpected = k.ApprovalExpected
	}
	for _, rule := range Rules() {
		w.Rules = append(w.Rules, RuleCheck{Rule: rule, Broken: broken.Has(rule), Detail: s.ruleDetail(rule, child, carer, km, p)})
	}
	w.Components = s.components(child, carer, km, p, parts)
	// The rank orders by the score as the solver and shortlist see it:
	// rounded to hundredths, ties by carer id (ks is in id order).
	// Only the carers the scorer reaches can be eligible (scoreChild): the
	// others are beyond every distance limit.
	mine := scoreWeight(float64(score))
	w.Rank = 1
	near := s.index.Within(geo.LatLon(c.lat, c.lon), s.set.searchKm, nil)
	if s.extra != nil && len(s.extra[s.cpos[child]]) > 0 {
		near = mergeRanks(near, s.extra[s.cpos[child]])
	}
	for _, q := range near {
		if int32(q) == r {
			continue
		}
		other, _, b := s.pair(c, int32(q), chord2(&c.vec, &s.ks[q].vec))
		if b != 0 {
			continue
		}
		w.EligibleCarers++
		if ow := scoreWeight(float64(other.Score)); ow > mine || (ow == mine && q < int(r)) {
			w.Rank++
		}
	}
	if w.Eligible {
		w.EligibleCarers++
	}
	return w
}

// Components computes every score component of one pair, eligible or
// not, as Why does, without ranking the pair: child and carer index the
// slices given to NewScorer.
func (s *Scorer) Components(child, carer int) []ComponentCheck {
	c := &s.cs[s.cpos[child]]
	r := s.rank[carer]
	p, _, _ := s.pair(c, r, chord2(&c.vec, &s.ks[r].vec))
	km := s.roadKm(c, r)
	_, parts := s.score(c, r, km, p.Border, p.Steps)
	return s.components(child, carer, km, p, parts)
}

func (s *Scorer) components(child, carer int, km float64, p ScoredPair, parts Parts) []ComponentCheck {
	out := make([]ComponentCheck, 0, linkmatch.NumComponents)
	for _, comp := range linkmatch.Components() {
		v := float64(parts[comp])
		wt := 100 * s.set.weights[comp]
		out = append(out, ComponentCheck{Component: comp, Value: v, Weight: wt, Points: v * wt,
			Detail: s.componentDetail(comp, child, carer, km, p)})
	}
	return out
}

// roadKm is the road distance of a pair: the known journey's, or the
// great-circle distance × the travel model's circuity.
func (s *Scorer) roadKm(c *childRec, r int32) float64 {
	if j, ok := s.journey(c.orig, s.ks[r].orig); ok && j.roadKm > 0 {
		return j.roadKm
	}
	return chordKm(chord2(&c.vec, &s.ks[r].vec)) * s.set.travel.Circuity
}

// ruleDetail says what rule compared for the pair, whether it passes or
// not; the caller says which.
func (s *Scorer) ruleDetail(rule Rule, child, carer int, km float64, p ScoredPair) string {
	ch, k := &s.children[child], &s.carers[carer]
	c, kr := &s.cs[s.cpos[child]], &s.ks[s.rank[carer]]
	switch rule {
	case RuleAge:
		if kr.ageMax < 0 {
			return fmt.Sprintf("%s is %d on %s; %s's approval names no age range, so any age is accepted", ch.ID, c.age, s.set.on, k.ID)
		}
		return fmt.Sprintf("%s is %d on %s; %s is approved for ages %d to %d", ch.ID, c.age, s.set.on, k.ID, k.AgeMin, k.AgeMax)
	case RuleCapacity:
		return fmt.Sprintf("%s links with up to %d %s and has %d already, so %d %s left",
			k.ID, k.Capacity, plural(k.Capacity, "child", "children"), k.CurrentLinks, k.Places(), plural(k.Places(), "place is", "places are"))
	case RuleOvernight:
		switch {
		case !ch.Overnight:
			return fmt.Sprintf("%s's plan has no overnight stays, so none are needed", ch.ID)
		case k.Overnight && !kr.overnight:
			return fmt.Sprintf("%s's plan includes overnight stays; %s is approved for them but offers only %s, and a stay needs an evening and the next morning (such as Friday evening to Saturday 11:00)",
				ch.ID, k.ID, strings.Join(k.Availability.Words(), " and "))
		case k.Overnight:
			return fmt.Sprintf("%s's plan includes overnight stays and %s offers them", ch.ID, k.ID)
		}
		return fmt.Sprintf("%s's plan includes overnight stays and %s does not offer them", ch.ID, k.ID)
	case RuleSkill:
		return s.skillDetail(c, kr)
	case RuleExclusionZone:
		return s.exclusionDetail(ch, k, c, kr)
	case RuleDistance:
		return s.distanceDetail(k, c, kr, km)
	case RuleDistantAuthority:
		return s.authorityDetail(ch, k, p)
	case RuleHousehold:
		return s.householdDetail(ch, k)
	case RuleTime:
		return timeDetail(k, s.set.stepDown)
	case RuleBedrooms:
		return s.bedroomsDetail(ch, k, c)
	}
	return ""
}

// timeDetail says how many children the carer's offered time holds
// (TimePlaces) and how many they link with already.
func timeDetail(k *linkmatch.Carer, stepDown bool) string {
	if !stepDown {
		return "short breaks count the carer's sessions a month instead"
	}
	words := strings.Join(k.Availability.Words(), " and ")
	n := TimePlaces(k.Availability)
	holds := fmt.Sprintf("%s offers %s, time for %s at once (each needs a weekend stay every fortnight and a tea each week)",
		k.ID, words, countWords(n, "child's plan", "children's plans"))
	if k.CurrentLinks == 0 {
		return holds
	}
	return fmt.Sprintf("%s, and links with %d already", holds, k.CurrentLinks)
}

// bedroomsDetail compares the carer's spare bedrooms with the children of
// the child's sibling group who stay over.
func (s *Scorer) bedroomsDetail(ch *linkmatch.Child, k *linkmatch.Carer, c *childRec) string {
	switch {
	case !s.set.stepDown:
		return "short breaks check a spare bedroom for each stay"
	case c.groupNights == 0:
		return fmt.Sprintf("%s is not in a sibling group whose plans include overnight stays", ch.ID)
	case !k.Overnight:
		return fmt.Sprintf("%s does not offer overnight stays", k.ID)
	}
	return fmt.Sprintf("%s's sibling group %s has %s who stay overnight, together; %s has %s",
		ch.ID, ch.SiblingGroup, countWords(int(c.groupNights), "child", "children"), k.ID, countWords(k.Bedrooms, "spare bedroom", "spare bedrooms"))
}

func (s *Scorer) skillDetail(c *childRec, k *carerRec) string {
	var have, lack []string
	for _, n := range c.needs {
		if !n.hard {
			continue
		}
		if k.skills.has(n.skill) {
			have = append(have, words(n.skillName))
		} else {
			lack = append(lack, words(n.skillName))
		}
	}
	switch {
	case len(have)+len(lack) == 0:
		return "none of the child's needs makes a skill essential"
	case len(lack) == 0:
		return "the carer has every essential skill the child's needs call for (" + strings.Join(have, ", ") + ")"
	}
	return "the child's needs make " + strings.Join(append(have, lack...), ", ") + " essential; the carer lacks " + strings.Join(lack, ", ")
}

func (s *Scorer) exclusionDetail(ch *linkmatch.Child, k *linkmatch.Carer, c *childRec, kr *carerRec) string {
	if len(ch.Exclusions) == 0 {
		return "the child has no exclusion zones"
	}
	for _, a := range c.exclAuth {
		if kr.auth == a {
			return fmt.Sprintf("%s lives in %s, which is one of the child's exclusion zones", k.ID, k.Authority)
		}
	}
	for _, z := range c.exclCircles {
		if d := geo.HaversineKm(z.centre, geo.LatLon(kr.lat, kr.lon)); d <= z.km {
			return fmt.Sprintf("%s lives %s from the centre of one of the child's exclusion zones (radius %s)",
				k.ID, string(appendKm(nil, d)), string(appendKm(nil, z.km)))
		}
	}
	if len(ch.Exclusions) == 1 {
		return fmt.Sprintf("%s lives outside the child's exclusion zone", k.ID)
	}
	return fmt.Sprintf("%s lives outside all %d of the child's exclusion zones", k.ID, len(ch.Exclusions))
}

func (s *Scorer) distanceDetail(k *linkmatch.Carer, c *childRec, kr *carerRec, km float64) string {
	// The estimate is shown with enough decimals that its arithmetic checks:
	// the straight line, to one more decimal than the road distance, × the
	// circuity gives the road distance as written (to 10 m under 10 km, to
	// 100 m beyond).
	straight := chordKm(chord2(&c.vec, &kr.vec))
	dp := 2
	if km >= 10 {
		dp = 1
	}
	how := fmt.Sprintf("estimated as %.*f km in a straight line × %g for roads", dp+1, straight, s.set.travel.Circuity)
	road := fmt.Sprintf("%.*f km", dp, km)
	if j, ok := s.journey(c.orig, kr.orig); ok && j.roadKm > 0 {
		how, road = "a known journey from the travel times", string(appendKm(nil, km))
	}
	limit := fmt.Sprintf("the scenario's maximum of %s", string(appendKm(nil, s.set.maxKm)))
	if kr.limitKm < s.set.maxKm {
		limit = fmt.Sprintf("%s's own maximum of %s (the scenario allows %s)", k.ID, string(appendKm(nil, kr.limitKm)), string(appendKm(nil, s.set.maxKm)))
	}
	return fmt.Sprintf("%s by road (%s), against %s", road, how, limit)
}

func (s *Scorer) authorityDetail(ch *linkmatch.Child, k *linkmatch.Carer, p ScoredPair) string {
	if p.Border == linkmatch.BorderSame || p.Border == linkmatch.BorderNeighbour {
		// The rule is about distant authorities only: the scenario's policy
		// on them does not bear on this pair.
		return borderWords(ch.HomeAuthority, k.Authority, p) + ", so the rule does not apply"
	}
	policy := "the scenario allows distant authorities"
	switch s.set.policy {
	case linkmatch.PolicyForbid:
		policy = "the scenario forbids distant authorities"
	case linkmatch.PolicyPenalise:
		policy = "the scenario allows distant authorities with a lower border score"
	}
	return borderWords(ch.HomeAuthority, k.Authority, p) + "; " + policy
}

// borderWords says how the carer's authority lies from the child's.
func borderWords(childAuth, carerAuth string, p ScoredPair) string {
	switch p.Border {
	case linkmatch.BorderSame:
		return fmt.Sprintf("the carer lives in %s, the child's own authority", carerAuth)
	case linkmatch.BorderNeighbour:
		return fmt.Sprintf("the carer lives in %s, which borders the child's %s", carerAuth, childAuth)
	case linkmatch.BorderDistant:
		return fmt.Sprintf("the carer lives in %s, %d borders away from the child's %s", carerAuth, p.Steps, childAuth)
	}
	if carerAuth == "" {
		carerAuth = "an unnamed authority"
	}
	return fmt.Sprintf("the carer lives in %s, whose border with the child's %s is not known", carerAuth, childAuth)
}

func (s *Scorer) householdDetail(ch *linkmatch.Child, k *linkmatch.Carer) string {
	var conflicts, checked []string
	for _, n := range ch.Needs {
		for _, h := range s.needs[norm(n)].Conflicts {
			checked = append(checked, words(h))
			if slices.ContainsFunc(k.Household, func(x string) bool { return norm(x) == norm(h) }) {
				conflicts = append(conflicts, fmt.Sprintf("%s (the child's %s)", words(h), words(n)))
			}
		}
	}
	switch {
	case len(checked) == 0:
		return "none of the child's needs conflicts with anything in a household"
	case len(conflicts) == 0:
		return "the carer's household has none of " + strings.Join(checked, ", ") + ", which the child's needs rule out"
	}
	return "the carer's household has " + strings.Join(conflicts, ", ")
}

// componentDetail says how a component's value came about.
func (s *Scorer) componentDetail(comp linkmatch.Component, child, carer int, km float64, p ScoredPair) string {
	ch, k := &s.children[child], &s.carers[carer]
	c, kr := &s.cs[s.cpos[child]], &s.ks[s.rank[carer]]
	switch comp {
	case linkmatch.ComponentNeeds:
		return s.needsDetail(c, kr)
	case linkmatch.ComponentDistance:
		return fmt.Sprintf("%s by road of the %s maximum", string(appendKm(nil, km)), string(appendKm(nil, s.set.maxKm)))
	case linkmatch.ComponentBorder:
		return borderWords(ch.HomeAuthority, k.Authority, p)
	case linkmatch.ComponentExperience:
		t := experienceTargets[min(c.complexity, linkmatch.ComplexityHigh)]
		return fmt.Sprintf("%s against the %g a child of %s complexity calls for (%.0f%% of the value); %s",
			string(appendYears(nil, k.ExperienceYears)), t.years, c.complexity, 100*experienceYearsShare, tierWords(k.Tier, t.standardTier, c.complexity))
	case linkmatch.ComponentCapacity:
		return fmt.Sprintf("%d of %d %s already taken", k.CurrentLinks, k.Capacity, plural(k.Capacity, "place", "places"))
	case linkmatch.ComponentRelationship:
		if knows(c.known, s.rank[carer]) {
			return "the carer is one of the child's known adults (Lifelong Links)"
		}
		return "the carer is not one of the child's known adults"
	case linkmatch.ComponentPreferences:
		if c.nPrefs == 0 {
			return "the child has stated no wishes"
		}
		var met []string
		for _, pr := range ch.Preferences {
			if kr.attrs.has(s.attrs.lookup(pr)) {
				met = append(met, words(pr))
			}
		}
		if len(met) == 0 {
			return fmt.Sprintf("matches none of the child's %d %s", c.nPrefs, plural(c.nPrefs, "wish", "wishes"))
		}
		return fmt.Sprintf("matches %d of the child's %d %s (%s)", len(met), c.nPrefs, plural(c.nPrefs, "wish", "wishes"), strings.Join(met, ", "))
	}
	return ""
}

func (s *Scorer) needsDetail(c *childRec, k *carerRec) string {
	if len(c.needs) == 0 {
		return "no recorded needs, so none unmet"
	}
	var met, unmet []string
	for _, n := range c.needs {
		w := fmt.Sprintf("%s (weight %g)", words(n.name), n.weight)
		if k.skills.has(n.skill) {
			met = append(met, w)
		} else {
			unmet = append(unmet, w)
		}
	}
	var b strings.Builder
	if len(met) > 0 {
		b.WriteString("meets " + strings.Join(met, ", "))
	}
	if len(unmet) > 0 {
		if b.Len() > 0 {
			b.WriteString("; ")
		}
		b.WriteString("does not meet " + strings.Join(unmet, ", "))
	}
	return b.String()
}

// WriteText writes the pair's rules and components for a person reading a
// terminal: a verdict, every hard rule with "passes" or "BREAKS", then
// each component as value × weight = points, with the total.
func (w *PairWhy) WriteText(out io.Writer) error {
	var b strings.Builder
	fmt.Fprintf(&b, "Child %s and carer %s\n", w.ChildID, w.CarerID)
	if w.Eligible {
		fmt.Fprintf(&b, "Eligible: passes every hard rule. Score %.2f of 100, %s of the child's %d eligible %s.\n",
			w.Score, ordinal(w.Rank), w.EligibleCarers, plural(w.EligibleCarers, "carer", "carers"))
	} else {
		broken := w.Broken()
		names := make([]string, len(broken))
		for i, r := range broken {
			names[i] = r.Short()
		}
		fmt.Fprintf(&b, "Not eligible: breaks %d hard %s (%s). If the rules allowed it, the pair would score %.2f of 100",
			len(broken), plural(len(broken), "rule", "rules"), strings.Join(names, ", "), w.Score)
		switch {
		case w.EligibleCarers == 0:
			b.WriteString("; the child has no eligible carer.\n")
		case w.Rank > w.EligibleCarers:
			fmt.Fprintf(&b, ", below every one of the child's %d eligible %s.\n", w.EligibleCarers, plural(w.EligibleCarers, "carer", "carers"))
		default:
			fmt.Fprintf(&b, " and come %s among the child's %d eligible %s.\n", ordinal(w.Rank), w.EligibleCarers, plural(w.EligibleCarers, "carer", "carers"))
		}
	}
	if w.ApprovalExpected != 0 {
		fmt.Fprintf(&b, "Provisional: %s is still being assessed (approval expected %s); a link with them is provisional, and nothing is planned with the child before then.\n",
			w.CarerID, w.ApprovalExpected.Time(time.UTC).Format("2 Jan 2006"))
	}
	b.WriteString("\nHard rules\n")
	for _, r := range w.Rules {
		verdict := "passes"
		if r.Broken {
			verdict = "BREAKS"
		}
		fmt.Fprintf(&b, "  %-6s  %-19s %s.\n", verdict, r.Rule.Label()+":", r.Detail)
	}
	b.WriteString("\nScore components (value × weight = points)\n")
	for _, c := range w.Components {
		fmt.Fprintf(&b, "  %-13s %4.2f × %5.1f = %6.2f   %s.\n", c.Component.String()+":", c.Value, c.Weight, c.Points, c.Detail)
	}
	fmt.Fprintf(&b, "  %-13s %23.2f\n", "total:", w.Score)
	_, err := io.WriteString(out, b.String())
	return err
}

// ordinal writes 1st, 2nd, 3rd, 4th … 11th, 12th, 13th, 21st.
func ordinal(n int) string {
	suffix := "th"
	switch {
	case n%100 >= 11 && n%100 <= 13:
	case n%10 == 1:
		suffix = "st"
	case n%10 == 2:
		suffix = "nd"
	case n%10 == 3:
		suffix = "rd"
	}
	return fmt.Sprint(n) + suffix
}

// tierWords says what the carer's tier earns of the tier's share of the
// experience value (experienceTierShare): all of it for Fostering Plus, and
// for the standard tier what a child of the complexity allows (standard,
// experienceTargets) — so "standard tier" never reads as credit given.
func tierWords(tier linkmatch.Tier, standard float64, c linkmatch.Complexity) string {
	share := 100 * experienceTierShare
	if tier == linkmatch.TierFosteringPlus {
		return fmt.Sprintf("Fostering Plus, which earns all of the tier's %.0f%% of the value", share)
	}
	switch standard {
	case 0:
		return fmt.Sprintf("standard tier, which earns none of the tier's %.0f%% of the value for a child of %s complexity", share, c)
	case 1:
		return fmt.Sprintf("standard tier, which earns all of the tier's %.0f%% of the value for a child of %s complexity", share, c)
	case 0.5:
		return fmt.Sprintf("standard tier, which earns half of the tier's %.0f%% of the value for a child of %s complexity", share, c)
	}
	return fmt.Sprintf("standard tier, which earns %.0f%% of the tier's %.0f%% of the value for a child of %s complexity", 100*standard, share, c)
}
