package match

import (
	"fmt"
	"math"
	"math/bits"
	"runtime"
	"slices"
	"strings"

	"github.com/linkmatch/linkmatch"
	"github.com/linkmatch/linkmatch/geo"
)

// Scorer scores every eligible child–carer pair of a scenario. Build it once
// with NewScorer; it is then read-only and safe for concurrent use. It keeps
// the children and carers slices it was given, which must not change.
type Scorer struct {
	set      settings
	children []linkmatch.Child
	carers   []linkmatch.Carer

	cs    []childRec      // in child id order
	ks    []carerRec      // in carer id order ("rank")
	rank  []int32         // rank[carer index] = position in ks
	cpos  []int32         // cpos[child index] = position in cs
	index *geo.PointIndex // carers by rank
	auths []string        // authority names; 0 is "" (unknown)

	// linkmatch.Border relation of child authority row × carer authority column.
	relCols  int
	relation []linkmatch.Border
	steps    []uint8

	skills, household, attrs vocab
	needs                    map[string]linkmatch.Need // vocabulary by normalised name

	// Journeys known from Options.TravelTimes by pairKey(child, carer)
	// (indices given to NewScorer), and for each child (id order) the
	// carers (ranks) they name, which are checked whatever the straight-line
	// distance. Both are nil without a table.
	known map[uint64]journey
	extra [][]int32
}

// journey is a known driving time and, when roadKm > 0, road distance.
type journey struct{ minutes, roadKm float64 }

// vocab interns words to bit positions.
type vocab map[string]int

func (v vocab) add(w string) int {
	w = norm(w)
	if i, ok := v[w]; ok {
		return i
	}
	v[w] = len(v)
	return len(v) - 1
}

func (v vocab) lookup(w string) int {
	if i, ok := v[norm(w)]; ok {
		return i
	}
	return -1
}

// bitset is a set of small integers.
type bitset []uint64

func (b *bitset) set(i int) {
	for len(*b) <= i/64 {
		*b = append(*b, 0)
	}
	(*b)[i/64] |= 1 << (i % 64)
}

func (b bitset) has(i int) bool { return i >= 0 && i/64 < len(b) && b[i/64]&(1<<(i%64)) != 0 }

func (b bitset) intersects(o bitset) bool {
	for i := range min(len(b), len(o)) {
		if b[i]&o[i] != 0 {
			return true
		}
	}
	return false
}

func (b bitset) common(o bitset) int {
	n := 0
	for i := range min(len(b), len(o)) {
		n += bits.OnesCount64(b[i] & o[i])
	}
	return n
}

type carerRec struct {
	lat, lon       float64
	vec            [3]float64 // unit vector, for chord distances
	limitKm        float64    // min(scenario maximum, carer's own)
	chordMax2      float64    // squared unit chord of limitKm ÷ circuity
	orig           int32
	auth           int32 // column in the relation table
	ageMin, ageMax int16 // ageMax < 0: any age
	places         int16
	time           int16 // TimePlaces less current links; ≤ 0: no time left
	bedrooms       int16
	overnight      bool
	exp            [3]float32 // experience component by child complexity
	capC           float32
	skills         bitset
	household      bitset
	attrs          bitset
}

type needRec struct {
	name      string
	skillName string
	skill     int // bit in Scorer.skills; -1 when no carer has it
	weight    float64
	hard      bool
}

// circle is an exclusion zone: every carer within km of centre
// (great-circle, boundary included).
type circle struct {
	centre geo.Point
	km     float64
}

type childRec struct {
	lat, lon    float64
	vec         [3]float64
	orig        int32
	auth        int32 // row in the relation table
	age         int16
	overnight   bool
	groupNights int16 // children of the child's sibling group needing overnight stays
	complexity  linkmatch.Complexity
	needs       []needRec
	needW       float64
	hardSkills  []int // bits that must all be present; -1 can never be
	conflicts   bitset
	prefs       bitset
	nPrefs      int
	known       []int32 // carer ranks, sorted
	exclAuth    []int32 // carer authority columns
	exclCircles []circle
}

const degToRad = math.Pi / 180

// unitVector is the point on the unit sphere at lat, lon (degrees).
func unitVector(lat, lon float64) [3]float64 {
	la, lo := lat*degToRad, lon*degToRad
	cl := math.Cos(la)
	return [3]float64{cl * math.Cos(lo), cl * math.Sin(lo), math.Sin(la)}
}

// chord2 is the squared straight-line (chord) distance between two unit
// vectors. It grows with great-circle distance, so comparing it with
// chord2OfKm(limit) tests a distance limit without an arcsine.
func chord2(a, b *[3]float64) float64 {
	dx, dy, dz := a[0]-b[0], a[1]-b[1], a[2]-b[2]
	return dx*dx + dy*dy + dz*dz
}

// chordKm turns a squared unit chord into great-circle km: 2R·asin(c/2),
// the haversine formula written with the chord, as accurate as
// geo.HaversineKm at short range.
func chordKm(c2 float64) float64 {
	return 2 * geo.EarthRadiusKm * math.Asin(min(math.Sqrt(c2)/2, 1))
}

// chord2OfKm is the squared unit chord of a great-circle distance in km.
func chord2OfKm(km float64) float64 {
	c := 2 * math.Sin(min(km/geo.EarthRadiusKm, math.Pi)/2)
	return c * c
}

// NewScorer prepares to score children against carers with the needs
// vocabulary and options. It checks ids are unique and options usable.
func NewScorer(children []linkmatch.Child, carers []linkmatch.Carer, needs []linkmatch.Need, opt Options) (*Scorer, error) {
	set, err := resolve(opt)
	if err != nil {
		return nil, err
	}
	if err := checkPeople(children, carers); err != nil {
		return nil, err
	}
	s := &Scorer{set: set, children: children, carers: carers,
		skills: vocab{}, household: vocab{}, attrs: vocab{}, needs: map[string]linkmatch.Need{}}
	for _, n := range needs {
		s.needs[norm(n.Name)] = n
	}
	b := &builder{s: s, authIdx: map[string]int32{"": 0}, carerCol: map[int32]int32{}, childRow: map[int32]int32{}}
	s.auths = []string{""}
	b.addCarers() // first: children's needs and wishes refer to the carers' words
	b.addChildren()
	b.relateAuthorities()
	pts := make([]geo.Point, len(s.ks))
	for r := range s.ks {
		pts[r] = geo.LatLon(s.ks[r].lat, s.ks[r].lon)
	}
	// Cells of half the search radius: a query reads about 5 × 5 cells,
	// whose area is about twice the search circle's.
	if s.index, err = geo.NewPointIndex(pts, set.searchKm/2); err != nil {
		return nil, fmt.Errorf("%w: %w", ErrOptions, err)
	}
	s.indexJourneys(opt.TravelTimes)
	return s, nil
}

// checkPeople refuses repeated ids and more people than the scorer's
// 32-bit indices hold.
func checkPeople(children []linkmatch.Child, carers []linkmatch.Carer) error {
	if len(children) > math.MaxInt32 || len(carers) > math.MaxInt32 {
		return fmt.Errorf("%w: too many people", ErrOptions)
	}
	ids := make([]string, len(children))
	for i := range children {
		ids[i] = children[i].ID
	}
	if id, dup := duplicateID(ids); dup {
		return fmt.Errorf("%w: child id %s appears more than once", ErrOptions, id)
	}
	ids = ids[:0]
	for i := range carers {
		ids = append(ids, carers[i].ID)
	}
	if id, dup := duplicateID(ids); dup {
		return fmt.Errorf("%w: carer id %s appears more than once", ErrOptions, id)
	}
	return nil
}

// builder holds what NewScorer learns on the way: authority names as
// numbers (0 is "", unknown), and which column of the relation table each
// carers' authority has and which row each children's authority has.
type builder struct {
	s                  *Scorer
	authIdx            map[string]int32
	carerCol, childRow map[int32]int32 // authority → column, row
	cols, rows         []int32         // column, row → authority
}

func (b *builder) intern(a string) int32 {
	a = strings.TrimSpace(a)
	if i, ok := b.authIdx[a]; ok {
		return i
	}
	s := b.s
	b.authIdx[a] = int32(len(s.auths))
	s.auths = append(s.auths, a)
	return int32(len(s.auths) - 1)
}

// slot returns authority a's index in m, adding it to list if new.
func slot(m map[int32]int32, list *[]int32, a int32) int32 {
	i, ok := m[a]
	if !ok {
		i = int32(len(*list))
		m[a] = i
		*list = append(*list, a)
	}
	return i
}

// idOrder returns 0..n-1 sorted by id(i).
func idOrder(n int, id func(int32) string) []int32 {
	order := make([]int32, n)
	for i := range order {
		order[i] = int32(i)
	}
	slices.SortFunc(order, func(a, b int32) int { return strings.Compare(id(a), id(b)) })
	return order
}

// addCarers builds the carer records in id order, with everything about a
// carer that does not depend on the child worked out once.
func (b *builder) addCarers() {
	s, set := b.s, &b.s.set
	order := idOrder(len(s.carers), func(i int32) string { return s.carers[i].ID })
	s.rank = make([]int32, len(s.carers))
	for r, i := range order {
		s.rank[i] = int32(r)
	}
	s.ks = make([]carerRec, len(s.carers))
	for r, i := range order {
		k := &s.carers[i]
		rec := carerRec{
			lat: k.Lat, lon: k.Lon, vec: unitVector(k.Lat, k.Lon),
			limitKm: set.maxKm, orig: i, auth: slot(b.carerCol, &b.cols, b.intern(k.Authority)),
			ageMin: clamp16(k.AgeMin), ageMax: clamp16(k.AgeMax),
			places: clamp16(k.Places()), overnight: hostsOvernights(k, set.stepDown), bedrooms: clamp16(k.Bedrooms),
			time: clamp16(TimePlaces(k.Availability) - k.CurrentLinks),
			capC: float32(capacityComponent(k.Capacity, k.CurrentLinks)),
		}
		if k.AgeMin == 0 && k.AgeMax == 0 {
			rec.ageMax = -1 // not given: any age
		}
		if k.MaxTravelKm > 0 && k.MaxTravelKm < rec.limitKm {
			rec.limitKm = k.MaxTravelKm
		}
		rec.chordMax2 = chord2OfKm(rec.limitKm / set.travel.Circuity)
		for c := range rec.exp {
			rec.exp[c] = float32(experienceComponent(k.ExperienceYears, k.Tier, linkmatch.Complexity(c)))
		}
		for _, w := range k.Skills {
			rec.skills.set(s.skills.add(w))
		}
		for _, w := range k.Household {
			rec.household.set(s.household.add(w))
		}
		for _, w := range k.Attributes {
			rec.attrs.set(s.attrs.add(w))
		}
		s.ks[r] = rec
	}
}

// addChildren builds the child records in id order: needs resolved against
// the vocabulary and the carers' skills, wishes against their attributes,
// known adults as carer ranks and exclusion zones as carer authority
// columns or circles.
func (b *builder) addChildren() {
	s := b.s
	order := idOrder(len(s.children), func(i int32) string { return s.children[i].ID })
	byID := make(map[string]int32, len(s.carers))
	for i := range s.carers {
		byID[s.carers[i].ID] = int32(i)
	}
	s.cs = make([]childRec, len(s.children))
	s.cpos = make([]int32, len(s.children))
	nights := groupNights(s.children)
	for j, i := range order {
		s.cpos[i] = int32(j)
		c := &s.children[i]
		rec := childRec{lat: c.Lat, lon: c.Lon, vec: unitVector(c.Lat, c.Lon), orig: i,
			auth: slot(b.childRow, &b.rows, b.intern(c.HomeAuthority)),
			age:  clamp16(linkmatch.AgeOn(c.DateOfBirth, s.set.on)), overnight: c.Overnight, complexity: min(c.Complexity, linkmatch.ComplexityHigh)}
		rec.groupNights = clamp16(nights(c))
		s.addNeeds(&rec, c.Needs)
		for _, p := range c.Preferences {
			rec.nPrefs++
			if bit := s.attrs.lookup(p); bit >= 0 {
				rec.prefs.set(bit)
			}
		}
		for _, id := range c.KnownAdults {
			if k, ok := byID[strings.TrimSpace(id)]; ok {
				rec.known = append(rec.known, s.rank[k])
			}
		}
		slices.Sort(rec.known)
		for _, e := range c.Exclusions {
			if e.Authority == "" {
				rec.exclCircles = append(rec.exclCircles, circle{centre: geo.LatLon(e.Lat, e.Lon), km: e.RadiusKm})
				continue
			}
			// An authority no carer lives in excludes nobody.
			if a, ok := b.authIdx[strings.TrimSpace(e.Authority)]; ok && a != 0 {
				if col, ok := b.carerCol[a]; ok {
					rec.exclAuth = append(rec.exclAuth, col)
				}
			}
		}
		s.cs[j] = rec
	}
}

// groupNights returns, for a child in a sibling group, how many children
// of the group have plans with overnight stays: the spare bedrooms a carer
// needs to have them stay over together (RuleBedrooms). It is 0 for a
// child outside a group, whose stays the planner fits to the carer's
// bedrooms or replaces (the template's "instead").
func groupNights(children []linkmatch.Child) func(c *linkmatch.Child) int {
	perGroup := map[string]int{}
	for i := range children {
		if c := &children[i]; c.SiblingGroup != "" && c.Overnight {
			perGroup[c.SiblingGroup]++
		}
	}
	return func(c *linkmatch.Child) int {
		return perGroup[c.SiblingGroup]
	}
}

// addNeeds resolves a child's needs (see needOf): the weighted needs the
// needs component counts, the skills that are essential, and the household
// facts that conflict.
func (s *Scorer) addNeeds(rec *childRec, needs []string) {
	for _, n := range needs {
		if nr, ok := s.needOf(n); ok {
			rec.needs = append(rec.needs, nr)
			rec.needW += nr.weight
			if nr.hard {
				rec.hardSkills = append(rec.hardSkills, nr.skill)
			}
		}
		for _, h := range s.needs[norm(n)].Conflicts {
			if bit := s.household.lookup(h); bit >= 0 {
				rec.conflicts.set(bit)
			}
		}
	}
}

// relateAuthorities fills the border relation between every children's
// authority (row) and carers' authority (column).
func (b *builder) relateAuthorities() {
	s := b.s
	s.relCols = len(b.cols)
	s.relation = make([]linkmatch.Border, len(b.rows)*len(b.cols))
	s.steps = make([]uint8, len(s.relation))
	for r, ca := range b.rows {
		for c, ka := range b.cols {
			rel, st := relate(s.set.borders, s.auths[ca], s.auths[ka])
			s.relation[r*s.relCols+c] = rel
			s.steps[r*s.relCols+c] = st
		}
	}
}

// indexJourneys keeps the journeys of tt that join a child and a carer of
// this scorer (either way round), as tt.Lookup(carer id, child id) gives
// them, so that the scorer and costing (which applies the same table with
// geo.TravelTimes.Apply) agree. Journeys naming anyone else are ignored.
func (s *Scorer) indexJourneys(tt *geo.TravelTimes) {
	js := tt.Journeys()
	if len(js) == 0 {
		return
	}
	childByID := make(map[string]int32, len(s.children))
	for i := range s.children {
		childByID[s.children[i].ID] = int32(i)
	}
	carerByID := make(map[string]int32, len(s.carers))
	for i := range s.carers {
		carerByID[s.carers[i].ID] = int32(i)
	}
	s.known = map[uint64]journey{}
	s.extra = make([][]int32, len(s.cs))
	for _, j := range js {
		child, okChild := childByID[j.To]
		carer, okCarer := carerByID[j.From]
		if !okChild || !okCarer {
			child, okChild = childByID[j.From]
			carer, okCarer = carerByID[j.To]
		}
		if !okChild || !okCarer {
			continue
		}
		key := pairKey(child, carer)
		if _, done := s.known[key]; done {
			continue
		}
		j, _ = tt.Lookup(s.carers[carer].ID, s.children[child].ID)
		s.known[key] = journey{minutes: j.Minutes, roadKm: j.RoadKm}
		pos := s.cpos[child]
		s.extra[pos] = append(s.extra[pos], s.rank[carer])
	}
	for _, e := range s.extra {
		slices.Sort(e)
	}
}

func pairKey(child, carer int32) uint64 { return uint64(uint32(child))<<32 | uint64(uint32(carer)) }

// journey returns the known journey of a pair (indices given to NewScorer).
func (s *Scorer) journey(child, carer int32) (journey, bool) {
	if s.known == nil {
		return journey{}, false
	}
	j, ok := s.known[pairKey(child, carer)]
	return j, ok
}

// minutes is a pair's driving time: known from the travel times, or its
// road distance at the travel model's average speed.
func (s *Scorer) minutes(p ScoredPair) float64 {
	if j, ok := s.journey(p.Child, p.Carer); ok {
		return j.minutes
	}
	return float64(p.RoadKm) / s.set.travel.SpeedKmh * 60
}

// needOf resolves a child's need against the vocabulary. ok is false for
// a vocabulary need with no skill (such as a pet allergy, which only rules
// out households through Need.Conflicts): it neither counts in the needs
// component nor needs a skill. A need missing from the vocabulary is met by
// a carer skill of the same name, with weight 1 and not essential, so
// unusual needs still count without blocking.
func (s *Scorer) needOf(name string) (needRec, bool) {
	n, ok := s.needs[norm(name)]
	nr := needRec{name: norm(name), weight: 1}
	skill := name
	if ok {
		if strings.TrimSpace(n.Skill) == "" {
			return nr, false
		}
		skill = n.Skill
		nr.weight = max(n.Weight, 0)
		nr.hard = n.Hard
	}
	nr.skill = s.skills.lookup(skill)
	nr.skillName = norm(skill)
	return nr, true
}

// relate asks b how authorities x and y lie. Equal non-empty names are
// always the same authority.
func relate(b Borders, x, y string) (linkmatch.Border, uint8) {
	if x == "" || y == "" {
		return linkmatch.BorderUnknown, 0
	}
	if x == y {
		return linkmatch.BorderSame, 0
	}
	if b == nil {
		return linkmatch.BorderUnknown, 0
	}
	st, ok := b.Steps(x, y)
	switch {
	case !ok || st < 0:
		return linkmatch.BorderUnknown, 0
	case st == 0:
		return linkmatch.BorderSame, 0
	case st == 1:
		return linkmatch.BorderNeighbour, 1
	default:
		return linkmatch.BorderDistant, uint8(min(st, math.MaxUint8))
	}
}

func clamp16(n int) int16 {
	return int16(max(math.MinInt16, min(n, math.MaxInt16)))
}

func defaultWorkers() int { return runtime.GOMAXPROCS(0) }

// hostsOvernights reports whether carer k can give a child overnight stays
// (RuleOvernight): approved for them (carers.csv overnight) and, in the
// step-down scheme, offering an evening and the next morning
// (Availability.OffersNight). Seed 001 §3 makes "regular and planned
// overnight stays" part of the scheme, and the default template plans them
// from Developing on (a first overnight, then a weekend stay every other
// week, PRODUCT.md): a carer approved for overnights who offers only
// weekday evenings could never host one, so their links with such children
// were each planned without any stay, a plan the panel would not agree.
// Short breaks check each kind of break against the carer's time instead
// (BreakKind.FitsAvailability).
func hostsOvernights(k *linkmatch.Carer, stepDown bool) bool {
	return k.Overnight && (!stepDown || k.Availability.OffersNight())
}
