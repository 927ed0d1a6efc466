package match

import (
	"testing"

	"github.com/linkmatch/linkmatch"
)

// ruleCase changes baseChild, baseCarer and testOptions so that the pair
// breaks exactly the rules in want.
type ruleCase struct {
	name  string
	child func(*linkmatch.Child)
	carer func(*linkmatch.Carer)
	opt   func(*Options)
	want  RuleSet
}

// ruleCases exercise every hard rule at and around its edge.
func ruleCases() []ruleCase {
	return []ruleCase{
		{name: "eligible", want: 0},
		{name: "age below approval", carer: func(k *linkmatch.Carer) { k.AgeMin = 13 }, want: RuleSet(0).With(RuleAge)},
		{name: "age above approval", carer: func(k *linkmatch.Carer) { k.AgeMin, k.AgeMax = 0, 11 }, want: RuleSet(0).With(RuleAge)},
		{name: "age at upper edge", carer: func(k *linkmatch.Carer) { k.AgeMax = 12 }, want: 0},
		{name: "age taken on plan start", child: func(c *linkmatch.Child) { c.DateOfBirth = linkmatch.MustParseDate("2009-01-05") },
			carer: func(k *linkmatch.Carer) { k.AgeMax = 17 }, want: 0}, // 17 until 5 Jan 2027
		{name: "age range not given", carer: func(k *linkmatch.Carer) { k.AgeMin, k.AgeMax = 0, 0 }, want: 0},
		{name: "no place left", carer: func(k *linkmatch.Carer) { k.CurrentLinks = 2 }, want: RuleSet(0).With(RuleCapacity)},
		{name: "one place left", carer: func(k *linkmatch.Carer) { k.CurrentLinks = 1 }, want: 0},
		{name: "overnight needed, not offered", carer: func(k *linkmatch.Carer) { k.Overnight = false }, want: RuleSet(0).With(RuleOvernight)},
		{name: "overnight not needed", child: func(c *linkmatch.Child) { c.Overnight = false }, carer: func(k *linkmatch.Carer) { k.Overnight = false }, want: 0},
		{name: "essential skill missing", child: func(c *linkmatch.Child) { c.Needs = append(c.Needs, "autism") }, want: RuleSet(0).With(RuleSkill)},
		{name: "essential skill present", child: func(c *linkmatch.Child) { c.Needs = append(c.Needs, "autism") },
			carer: func(k *linkmatch.Carer) { k.Skills = append(k.Skills, "Autism") }, want: 0},
		{name: "optional skill missing", child: func(c *linkmatch.Child) { c.Needs = append(c.Needs, "unlisted_need") }, want: 0},
		{name: "exclusion zone by authority", child: func(c *linkmatch.Child) { c.Exclusions = []linkmatch.Exclusion{{Authority: "Somerset"}} }, want: RuleSet(0).With(RuleExclusionZone)},
		{name: "exclusion zone by circle", child: func(c *linkmatch.Child) {
			c.Exclusions = []linkmatch.Exclusion{{Lat: 51.07, Lon: -3.01, RadiusKm: 2}}
		}, want: RuleSet(0).With(RuleExclusionZone)},
		{name: "exclusion circle elsewhere", child: func(c *linkmatch.Child) {
			c.Exclusions = []linkmatch.Exclusion{{Lat: 50.7, Lon: -3.5, RadiusKm: 5}}
		}, want: 0},
		{name: "beyond scenario maximum", opt: func(o *Options) { o.MaxDistanceKm = 5 }, want: RuleSet(0).With(RuleDistance)},
		{name: "beyond carer's own maximum", carer: func(k *linkmatch.Carer) { k.MaxTravelKm = 8 }, want: RuleSet(0).With(RuleDistance)},
		{name: "carer's maximum above scenario's", carer: func(k *linkmatch.Carer) { k.MaxTravelKm = 100 }, want: 0},
		{name: "distant forbidden", carer: func(k *linkmatch.Carer) { k.Authority = "Cornwall" },
			opt: func(o *Options) { o.DistantAuthorities = linkmatch.PolicyForbid }, want: RuleSet(0).With(RuleDistantAuthority)},
		{name: "distant penalised", carer: func(k *linkmatch.Carer) { k.Authority = "Cornwall" }, want: 0},
		{name: "neighbour under forbid", carer: func(k *linkmatch.Carer) { k.Authority = "Devon" },
			opt: func(o *Options) { o.DistantAuthorities = linkmatch.PolicyForbid }, want: 0},
		{name: "unknown under forbid", carer: func(k *linkmatch.Carer) { k.Authority = "" },
			opt: func(o *Options) { o.DistantAuthorities = linkmatch.PolicyForbid }, want: 0},
		{name: "household conflict", child: func(c *linkmatch.Child) { c.Needs = append(c.Needs, "pet_allergy") },
			carer: func(k *linkmatch.Carer) { k.Household = []string{"smoker", "Pets"} }, want: RuleSet(0).With(RuleHousehold)},
		{name: "household without conflict", child: func(c *linkmatch.Child) { c.Needs = append(c.Needs, "pet_allergy") },
			carer: func(k *linkmatch.Carer) { k.Household = []string{"smoker"} }, want: 0},
		{name: "need without a skill, no conflict", child: func(c *linkmatch.Child) { c.Needs = append(c.Needs, "smoke_free") }, want: 0},
		{name: "need without a skill, conflict", child: func(c *linkmatch.Child) { c.Needs = append(c.Needs, "smoke_free") },
			carer: func(k *linkmatch.Carer) { k.Household = []string{"smoker"} }, want: RuleSet(0).With(RuleHousehold)},
		{name: "several rules", child: func(c *linkmatch.Child) { c.Needs = append(c.Needs, "autism") },
			carer: func(k *linkmatch.Carer) { k.Overnight, k.CurrentLinks = false, 5 },
			want:  RuleSet(0).With(RuleCapacity).With(RuleOvernight).With(RuleSkill)},
	}
}

func TestRules(t *testing.T) {
	for _, tt := range ruleCases() {
		t.Run(tt.name, func(t *testing.T) {
			c, k, opt := baseChild(), baseCarer(), testOptions()
			if tt.child != nil {
				tt.child(&c)
			}
			if tt.carer != nil {
				tt.carer(&k)
			}
			if tt.opt != nil {
				tt.opt(&opt)
			}
			s := mustScorer(t, []linkmatch.Child{c}, []linkmatch.Carer{k}, opt)
			p, _, got := s.Check(0, 0)
			if got != tt.want {
				t.Fatalf("broken rules = %v, want %v", got.Rules(), tt.want.Rules())
			}
			res, err := s.ScoreAll(t.Context())
			if err != nil {
				t.Fatal(err)
			}
			if eligible := len(res.Pairs) == 1; eligible != (tt.want == 0) {
				t.Fatalf("ScoreAll eligible = %v, want %v", eligible, tt.want == 0)
			}
			if tt.want == 0 && res.Pairs[0] != p {
				t.Errorf("ScoreAll pair %+v differs from Check %+v", res.Pairs[0], p)
			}
			sum := res.Children[0]
			for _, r := range tt.want.Rules() {
				if sum.Excluded[r] != 1 {
					t.Errorf("Excluded[%v] = %d, want 1", r, sum.Excluded[r])
				}
			}
			if only, ok := tt.want.Only(); ok && sum.Reached == 1 && sum.OnlyBy[only] != 1 {
				t.Errorf("OnlyBy[%v] = %d, want 1", only, sum.OnlyBy[only])
			}
		})
	}
}

func TestRuleNames(t *testing.T) {
	seen := map[string]bool{}
	for _, r := range Rules() {
		if r.String() == "unknown" || r.Short() == "unknown rule" {
			t.Errorf("rule %d has no name or short description", r)
		}
		if seen[r.String()] {
			t.Errorf("duplicate rule name %s", r)
		}
		seen[r.String()] = true
	}
	if Rule(NumRules).String() != "unknown" {
		t.Error("out-of-range rule should be unknown")
	}
}

func TestRuleSetOnly(t *testing.T) {
	if _, ok := RuleSet(0).Only(); ok {
		t.Error("empty set has no only rule")
	}
	if r, ok := RuleSet(0).With(RuleHousehold).Only(); !ok || r != RuleHousehold {
		t.Errorf("Only = %v, %v", r, ok)
	}
	if _, ok := RuleSet(0).With(RuleAge).With(RuleDistance).Only(); ok {
		t.Error("two rules are not one")
	}
}
