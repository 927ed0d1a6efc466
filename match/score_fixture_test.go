package match

import (
	"github.com/linkmatch/linkmatch"
)

// tableBorders is a Borders from a table of neighbouring pairs; any two
// listed authorities not neighbours are two steps apart.
type tableBorders map[[2]string]int

func (t tableBorders) Steps(a, b string) (int, bool) {
	if st, ok := t[[2]string{a, b}]; ok {
		return st, true
	}
	if st, ok := t[[2]string{b, a}]; ok {
		return st, true
	}
	return 0, false
}

var testBorders = tableBorders{
	{"Somerset", "Devon"}:    1,
	{"Somerset", "Dorset"}:   1,
	{"Somerset", "Cornwall"}: 2,
	{"Devon", "Cornwall"}:    1,
	{"Somerset", "Kent"}:     5,
}

// Taunton, where the fixture's children live (lat, lon).
const tauntonLat, tauntonLon = 51.0150, -3.1030

var testStart = linkmatch.MustParseDate("2027-01-04")

var testNeeds = []linkmatch.Need{
	{Name: "trauma", Skill: "attachment_trauma", Weight: 2},
	{Name: "education", Skill: "education_advocacy", Weight: 1},
	{Name: "autism", Skill: "autism", Weight: 1, Hard: true},
	{Name: "pet_allergy", Skill: "health_liaison", Weight: 1, Conflicts: []string{"pets"}},
	// As in the default vocabulary: no skill, essential only as a conflict.
	{Name: "smoke_free", Weight: 0, Hard: true, Conflicts: []string{"smoker"}},
}

// baseChild is a 12-year-old in Taunton who passes every rule with baseCarer.
func baseChild() linkmatch.Child {
	return linkmatch.Child{
		ID: "C1", DateOfBirth: linkmatch.MustParseDate("2014-06-01"), HomeAuthority: "Somerset",
		Lat: tauntonLat, Lon: tauntonLon, Needs: []string{"trauma", "education"},
		Complexity: linkmatch.ComplexityMedium, Overnight: true,
	}
}

// baseCarer lives about 10 km north-east of Taunton.
func baseCarer() linkmatch.Carer {
	return linkmatch.Carer{
		ID: "K1", Lat: 51.07, Lon: -3.00, Authority: "Somerset", Capacity: 2,
		Tier: linkmatch.TierFosteringPlus, ExperienceYears: 6,
		Skills: []string{"attachment_trauma", "education_advocacy"}, AgeMin: 8, AgeMax: 17,
		Overnight: true, Bedrooms: 1,
	}
}

func testOptions() Options {
	return Options{On: testStart, Borders: testBorders, Workers: 2}
}

func mustScorer(tb interface {
	Helper()
	Fatal(...any)
}, children []linkmatch.Child, carers []linkmatch.Carer, opt Options) *Scorer {
	tb.Helper()
	s, err := NewScorer(children, carers, testNeeds, opt)
	if err != nil {
		tb.Fatal(err)
	}
	return s
}
