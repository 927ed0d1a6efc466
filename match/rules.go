package match

// Rule is a hard rule: a reason a carer can never be proposed for a child,
// whatever the score. Each rule has a short name (for CSV columns and logs)
// and a few words naming it inside a sentence (for explanations).
type Rule uint8

// The hard rules, in the order explanations list them when counts tie.
const (
	// RuleAge: the child's age on the plan's start date is outside the ages
	// the carer is approved for (Fostering Services (England) Regulations
	// 2011: a carer's approval states the children they may care for).
	RuleAge Rule = iota
	// RuleCapacity: the carer has no place left (capacity − current links
	// ≤ 0). Seed 001 §3: carers link with 1–4 children.
	RuleCapacity
	// RuleOvernight: the child's plan includes overnight stays and the carer
	// cannot offer them. Seed 000: the child "occasionally sleep[s] over";
	// seed 001 §3: "offer children regular and planned overnight stays".
	RuleOvernight
	// RuleSkill: the carer lacks a skill the needs vocabulary marks as
	// essential (Need.Hard) for one of the child's needs. Seed 001 §5 lists
	// the skills; the vocabulary says which are essential.
	RuleSkill
	// RuleExclusionZone: the carer lives in one of the child's safeguarding
	// exclusion zones (an authority or a circle around a place).
	RuleExclusionZone
	// RuleDistance: the road distance is beyond the scenario's maximum
	// distance or the carer's own maximum travel, whichever is smaller.
	RuleDistance
	// RuleDistantAuthority: the carer's authority does not border the
	// child's and the scenario forbids distant authorities. Seed 000: link
	// carers "may live in neighbouring Local Authorities".
	RuleDistantAuthority
	// RuleHousehold: a fact about the carer's household conflicts with one
	// of the child's needs, as declared in the needs vocabulary
	// (Need.Conflicts), for example a pet allergy and pets.
	RuleHousehold
	// RuleTime: in the step-down scheme, the carer's offered time is
	// already taken by the children they link with (TimePlaces: a carer
	// who offers only weekends runs one child's stages at a time; seed 000
	// and the default template's fortnightly weekend stays).
	RuleTime
	// RuleBedrooms: in the step-down scheme, the carer offers overnight
	// stays but has fewer spare bedrooms than the children of the child's
	// sibling group whose plans include them. Siblings
	// are linked together and stay over together (PRODUCT.md: 37% of
	// siblings in care are separated; the Children Act 1989 s22C(8)(c)
	// asks that siblings be accommodated together), and each child staying
	// over needs a bed of their own.
	RuleBedrooms

	// NumRules is the number of hard rules.
	NumRules = iota
)

var ruleNames = [NumRules]string{
	"age", "capacity", "overnight", "skill", "exclusion_zone", "distance", "distant_authority", "household",
	"time", "bedrooms",
}

// ruleShort are the few words an explanation uses ("excluded by distance").
var ruleShort = [NumRules]string{
	"age approval", "no place left", "no overnight stays", "missing essential skill",
	"exclusion zone", "distance", "distant authority", "household conflict",
	"no time left", "too few bedrooms",
}

// ruleLabels name each rule as a heading, whether it passes or not.
var ruleLabels = [NumRules]string{
	"age approval", "places", "overnight stays", "essential skills",
	"exclusion zones", "distance", "distant authority", "household",
	"time", "bedrooms",
}

// Label names the rule as a heading ("places"), whether a pair passes it
// or not; Short names it as a reason for exclusion ("no place left").
func (r Rule) Label() string {
	if r < NumRules {
		return ruleLabels[r]
	}
	return "unknown rule"
}

// String returns the rule's short name, as used in CSV columns and logs.
func (r Rule) String() string {
	if r < NumRules {
		return ruleNames[r]
	}
	return "unknown"
}

// Short returns a few words naming the rule inside a sentence.
func (r Rule) Short() string {
	if r < NumRules {
		return ruleShort[r]
	}
	return "unknown rule"
}

// Rules returns every hard rule in order.
func Rules() []Rule {
	out := make([]Rule, NumRules)
	for i := range out {
		out[i] = Rule(i)
	}
	return out
}

// RuleSet is a set of hard rules, one bit per Rule.
type RuleSet uint16

// Has reports whether r is in the set.
func (s RuleSet) Has(r Rule) bool { return s&(1<<r) != 0 }

// With returns the set with r added.
func (s RuleSet) With(r Rule) RuleSet { return s | 1<<r }

// Only reports whether the set holds exactly one rule, and which.
func (s RuleSet) Only() (Rule, bool) {
	if s == 0 || s&(s-1) != 0 {
		return 0, false
	}
	for r := Rule(0); r < NumRules; r++ {
		if s.Has(r) {
			return r, true
		}
	}
	return 0, false
}

// Rules lists the rules in the set, in order.
func (s RuleSet) Rules() []Rule {
	var out []Rule
	for r := Rule(0); r < NumRules; r++ {
		if s.Has(r) {
			out = append(out, r)
		}
	}
	return out
}
