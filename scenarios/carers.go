package scenarios

import (
	"slices"
	"strings"

	"github.com/linkmatch/linkmatch"
	"github.com/linkmatch/linkmatch/input"
	"github.com/linkmatch/linkmatch/internal/table"
)

var carersSpec = table.Spec{
	Required: []string{"id", "capacity"},
	Optional: append([]string{"lon", "authority", "current_links", "tier", "experience_years", "skills",
		"age_min", "age_max", "overnight", "bedrooms", "availability", "max_travel_km",
		"household", "attributes"}, carerBreakColumns...),
	OneOf: [][]string{{"lat", "postcode"}},
	Name:  "carers",
}

// Bounds on carer numbers. Each is a sanity bound that catches typos, not
// a policy: a policy belongs in scenario.toml.
const (
	// maxExperienceYears: a working lifetime.
	maxExperienceYears = 70
	// maxTravelKm: 500 km is the length of England; more is a unit mistake.
	maxTravelKm = 500
	// maxBedrooms: spare bedrooms in a family home.
	maxBedrooms = 10
	// maxCarerAge: carers may be approved up to 18, or to 21 for Staying
	// Put (PRODUCT.md); 25 leaves headroom and matches rates.csv.
	maxCarerAge = 25
)

// loadCarers reads carers.csv (INTERFACE.md). Rows with an error are left
// out of the scenario; every error is reported.
func (l *loader) loadCarers(rel string) {
	r := l.open(rel, carersSpec)
	if r == nil {
		return
	}
	l.schemeColumn(r, "sessions_per_month", "how many sessions a month each carer offers, for example 4")
	hint := r.RowsHint()
	l.s.Carers = slices.Grow(l.s.Carers, hint)
	l.carerRows = slices.Grow(l.carerRows, hint)
	if len(l.allCarerIDs) == 0 {
		l.allCarerIDs = make(map[string]bool, hint)
	}
	seen := make(table.Seen, hint)
	rows := 0
	for r.Next() {
		rows++
		rp := capture(r, "id", "authority", "lat")
		id, ok := r.Required("id", "give every carer an id, such as K001 (never a name)")
		ok = ok && seen.First(r, "id", id, "id", "give each carer a different id")
		if id != "" {
			l.allCarerIDs[id] = true
		}
		c, good := l.readCarer(r, id)
		if ok && good {
			l.s.Carers = append(l.s.Carers, c)
			l.carerRows = append(l.carerRows, rp)
		}
	}
	if rows == 0 && r.NoRows() {
		r.Problems.Fail(input.ErrMissingValue, r.File, 0, 0, "", "add one row per carer below the header", "the file has no carers")
	}
}

// readCarer reads the current row of carers.csv after its id, reporting
// every problem; ok is false when there was one.
func (l *loader) readCarer(r *table.Reader, id string) (c linkmatch.Carer, ok bool) {
	c = linkmatch.Carer{ID: id, Authority: r.Get("authority")}
	var good bool
	c.Lat, c.Lon, c.Postcode, ok = l.readLocation(r)
	good = readPlaces(r, &c)
	ok = ok && good

	tier, good := r.Enum("tier", linkmatch.TierNames(), linkmatch.TierStandard.String())
	c.Tier, _ = linkmatch.ParseTier(tier)
	ok = ok && good
	c.ExperienceYears, good = r.Float("experience_years", 0, 0, maxExperienceYears, "give years of fostering experience, 0 to 70")
	ok = ok && good

	c.Skills = r.List("skills", true)
	if unknown := l.unknownSkills(c.Skills); len(unknown) > 0 {
		r.Warn(input.ErrUnknownName, "skills", "skills count only when a need in the vocabulary asks for them; known skills: "+strings.Join(sortedKeys(l.skills), ", "),
			"unknown skill%s %s", plural(len(unknown)), quoteList(unknown))
	}

	ageHint := "give the ages (whole years) the carer is approved for, for example 8 and 17"
	c.AgeMin, good = r.Int("age_min", 0, 0, maxCarerAge, ageHint)
	ok = ok && good
	c.AgeMax, good = r.Int("age_max", adultAge-1, 0, maxCarerAge, ageHint)
	ok = ok && good
	if ok && c.AgeMin > c.AgeMax {
		r.Fail(input.ErrConflict, "age_max", "age_min must be at most age_max", "the age range %d–%d is empty", c.AgeMin, c.AgeMax)
		ok = false
	}

	c.Overnight, good = r.YesNo("overnight", false)
	ok = ok && good
	c.Bedrooms, good = r.Int("bedrooms", 0, 0, maxBedrooms, "give the number of spare bedrooms, 0 to 10")
	ok = ok && good
	if good && c.Overnight && r.Get("bedrooms") != "" && c.Bedrooms == 0 {
		r.Warn(input.ErrConflict, "bedrooms", "an overnight stay needs a spare bedroom; check overnight or bedrooms",
			"the carer offers overnight stays but has no spare bedroom")
	}

	c.Availability, good = readAvailability(r)
	ok = ok && good
	c.MaxTravelKm, good = r.Float("max_travel_km", 0, 0, maxTravelKm, "give the furthest the carer will travel in km, 0 to 500 (0 or empty: the scenario's maximum)")
	ok = ok && good
	c.Household = r.List("household", true)
	c.Attributes = r.List("attributes", true)
	good = l.readCarerStatus(r, &c)
	ok = ok && good
	good = l.readOffer(r, &c)
	return c, ok && good
}

// readPlaces reads capacity and current_links: how many children the carer
// may link with (seed 001 §3: 1 to 4) and how many places are taken.
func readPlaces(r *table.Reader, c *linkmatch.Carer) bool {
	var ok bool
	c.Capacity, c.CurrentLinks, ok = r.Places()
	return ok
}

// readAvailability reads ";"-separated availability words and fills the
// gaps (linkmatch.Availability.Normalize): empty means any time.
func readAvailability(r *table.Reader) (linkmatch.Availability, bool) {
	var a linkmatch.Availability
	var bad []string
	for _, w := range r.List("availability", true) {
		f, ok := linkmatch.ParseAvailabilityWord(w)
		if !ok {
			bad = append(bad, w)
		}
		a |= f
	}
	if len(bad) > 0 {
		r.Fail(input.ErrBadValue, "availability", "use words from: "+strings.Join(linkmatch.AvailabilityNames(), ", ")+", separated by ;",
			"unknown availability %s", quoteList(bad))
		return 0, false
	}
	return a.Normalize(), true
}

func (l *loader) unknownSkills(skills []string) []string {
	var out []string
	for _, s := range skills {
		if !l.skills[s] {
			out = append(out, s)
		}
	}
	return out
}
