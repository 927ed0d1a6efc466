package match

import (
	"fmt"
	"strings"
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
		// A carer approved for overnights who offers only weekday evenings
		// can host no stay (an evening and the next morning): the step-down
		// plan's stays could never be planned.
		{name: "overnight approved, weekday evenings only", carer: func(k *linkmatch.Carer) { k.Availability = linkmatch.AvailEvenings },
			want: RuleSet(0).With(RuleOvernight)},
		{name: "overnight approved, weekday daytimes only", carer: func(k *linkmatch.Carer) { k.Availability = linkmatch.AvailDaytime },
			want: RuleSet(0).With(RuleOvernight)},
		{name: "overnight approved, evenings and daytimes", carer: func(k *linkmatch.Carer) { k.Availability = linkmatch.AvailEvenings | linkmatch.AvailDaytime }, want: 0},
		{name: "overnight approved, weekends only", carer: func(k *linkmatch.Carer) { k.Availability = linkmatch.AvailWeekends }, want: 0},
		{name: "overnight approved, Friday and Saturday", carer: func(k *linkmatch.Carer) { k.Availability = linkmatch.AvailFri | linkmatch.AvailSat }, want: 0},
		{name: "evenings only, no overnight needed", child: func(c *linkmatch.Child) { c.Overnight = false },
			carer: func(k *linkmatch.Carer) { k.Availability = linkmatch.AvailEvenings }, want: 0},
		{name: "evenings only is not the short-breaks rule", carer: func(k *linkmatch.Carer) { k.Availability = linkmatch.AvailEvenings },
			opt: func(o *Options) { o.Scheme = linkmatch.SchemeShortBreaks }, want: 0},
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
		{name: "time taken: weekends only, one child already", carer: func(k *linkmatch.Carer) {
			k.Availability, k.CurrentLinks = linkmatch.AvailWeekends, 1
		}, want: RuleSet(0).With(RuleTime)},
		{name: "time left: weekends and evenings, one child already", carer: func(k *linkmatch.Carer) {
			k.Availability, k.CurrentLinks = linkmatch.AvailWeekends|linkmatch.AvailEvenings, 1
		}, want: 0},
		{name: "time is not the short-breaks rule", carer: func(k *linkmatch.Carer) {
			k.Availability, k.CurrentLinks = linkmatch.AvailWeekends, 1
		}, opt: func(o *Options) { o.Scheme = linkmatch.SchemeShortBreaks }, want: 0},
		{name: "no place and no time: the place is named", carer: func(k *linkmatch.Carer) {
			k.Availability, k.CurrentLinks = linkmatch.AvailWeekends, 2
		}, want: RuleSet(0).With(RuleCapacity)},
		{name: "sibling who stays over, no spare bedroom", child: func(c *linkmatch.Child) { c.SiblingGroup = "S1" },
			carer: func(k *linkmatch.Carer) { k.Bedrooms = 0 }, want: RuleSet(0).With(RuleBedrooms)},
		{name: "sibling who stays over, a spare bedroom", child: func(c *linkmatch.Child) { c.SiblingGroup = "S1" }, want: 0},
		{name: "child alone, no spare bedroom: the planner's rule", carer: func(k *linkmatch.Carer) { k.Bedrooms = 0 }, want: 0},
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

// TestBedroomsForSiblingGroup: a carer needs a spare bedroom for every
// child of a sibling group who stays over (the tryout's S9 of three and
// K030 with two bedrooms), for every child of the group, since the group
// is linked whole; a child of the group who does not stay over counts no
// bedroom.
func TestBedroomsForSiblingGroup(t *testing.T) {
	for _, tc := range []struct {
		name     string
		stays    []bool // each sibling's overnight
		bedrooms int
		broken   bool
	}{
		{"three stay, two bedrooms", []bool{true, true, true}, 2, true},
		{"three stay, three bedrooms", []bool{true, true, true}, 3, false},
		{"two of three stay, two bedrooms", []bool{true, false, true}, 2, false},
		{"two of three stay, one bedroom", []bool{true, false, true}, 1, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var children []linkmatch.Child
			for i, stays := range tc.stays {
				c := baseChild()
				c.ID, c.SiblingGroup, c.Overnight = fmt.Sprintf("C%d", i+1), "S9", stays
				children = append(children, c)
			}
			k := baseCarer()
			k.Capacity, k.Bedrooms, k.Availability = 3, tc.bedrooms, linkmatch.AvailWeekends|linkmatch.AvailEvenings
			s := mustScorer(t, children, []linkmatch.Carer{k}, testOptions())
			for i := range children {
				_, _, broken := s.Check(i, 0)
				if broken.Has(RuleBedrooms) != tc.broken {
					t.Errorf("%s: broken %v, want bedrooms broken %v", children[i].ID, broken.Rules(), tc.broken)
				}
			}
			if tc.broken {
				w := s.Why(0, 0)
				for _, r := range w.Rules {
					if r.Rule == RuleBedrooms && (!r.Broken || !strings.Contains(r.Detail, fmt.Sprintf("has %s", countWords(tc.bedrooms, "spare bedroom", "spare bedrooms")))) {
						t.Errorf("why: %+v", r)
					}
				}
			}
		})
	}
}

// TestTimePlaces: the children a carer's offered time holds at once, for
// the words carers.csv takes, and never fewer as words are added.
func TestTimePlaces(t *testing.T) {
	parse := func(words ...string) linkmatch.Availability {
		var a linkmatch.Availability
		for _, w := range words {
			f, ok := linkmatch.ParseAvailabilityWord(w)
			if !ok {
				t.Fatalf("word %q", w)
			}
			a |= f
		}
		return a.Normalize()
	}
	for _, tc := range []struct {
		words []string
		want  int
	}{
		{[]string{"weekends"}, 1},             // a weekend stay a fortnight, and the teas in the other weekend
		{[]string{"weekends", "evenings"}, 2}, // both weekends for stays, teas on evenings
		{[]string{"any"}, 2},                  // term time is the same as weekends and evenings
		{[]string{"weekends", "wed"}, 1},      // one evening a week cannot hold two children's teas
		{[]string{"weekends", "daytime"}, 1},  // daytime is school holidays only
		{[]string{"sat"}, 1},                  // not even one child's stays: still one child
		{[]string{"evenings"}, 1},
		{[]string{"sat", "sun", "mon", "tue"}, 2},
	} {
		t.Run(strings.Join(tc.words, ";"), func(t *testing.T) {
			if got := TimePlaces(parse(tc.words...)); got != tc.want {
				t.Errorf("TimePlaces = %d, want %d", got, tc.want)
			}
		})
	}
	// Monotone: adding a word never takes a place away (issue 12: words
	// combine as a union).
	names := linkmatch.AvailabilityNames()
	for a := linkmatch.Availability(1); a <= linkmatch.AvailAll; a++ {
		for _, w := range names {
			f, _ := linkmatch.ParseAvailabilityWord(w)
			if TimePlaces(a|f) < TimePlaces(a) {
				t.Fatalf("%v: %d places, with %s %d", a.Words(), TimePlaces(a), w, TimePlaces(a|f))
			}
		}
	}
}

// TestStepDownPlaces: places are capacity less current links, no more than
// time holds less current links, never negative.
func TestStepDownPlaces(t *testing.T) {
	for _, tc := range []struct {
		name              string
		capacity, current int
		avail             linkmatch.Availability
		want              int
	}{
		{"K00947: four places, weekends only", 4, 0, linkmatch.AvailWeekends, 1},
		{"weekends and evenings", 4, 0, linkmatch.AvailWeekends | linkmatch.AvailEvenings, 2},
		{"time taken by a current link", 4, 1, linkmatch.AvailWeekends, 0},
		{"capacity smaller than time", 1, 0, linkmatch.AvailAll, 1},
		{"over capacity", 1, 3, linkmatch.AvailAll, 0},
	} {
		t.Run(tc.name, func(t *testing.T) {
			k := linkmatch.Carer{Capacity: tc.capacity, CurrentLinks: tc.current, Availability: tc.avail}
			if got := StepDownPlaces(&k); got != tc.want {
				t.Errorf("StepDownPlaces = %d, want %d", got, tc.want)
			}
		})
	}
}
