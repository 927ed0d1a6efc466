// Package linkmatch is the shared vocabulary of the linkmatch tool: the children,
// link carers, links and sessions that every other package reads and writes,
// civil dates and money in pence, and the typed words of matching that
// scenario files, the scorer and the outputs share — border relations,
// distant-authority policies, score components, availability and the default
// maximum distance (vocab.go). Each is defined here once.
//
// It holds plain values only. Reading files lives in package scenarios, scoring
// and choosing links in package match, geography in package geo, schedules and
// payments in package plan (see STYLE.md, "domain types at the root").
//
// The domain comes from the project's seeds: Somerset's Linked-Foster Carer
// scheme (seeds 000 and 001), Family Link short breaks (002), the residential
// Link Worker (003) and Lifelong Links (004).
package linkmatch

// Complexity is a child's overall level of need, as judged by their social
// worker. It paces the transition plan and weighs carer experience.
type Complexity uint8

// Complexity levels, in increasing order of need.
const (
	ComplexityLow Complexity = iota
	ComplexityMedium
	ComplexityHigh
)

// complexityNames are the allowed spellings, in order.
var complexityNames = [...]string{"low", "medium", "high"}

// ComplexityNames returns the allowed spellings of Complexity in input files.
func ComplexityNames() []string { return append([]string(nil), complexityNames[:]...) }

func (c Complexity) String() string {
	if int(c) < len(complexityNames) {
		return complexityNames[c]
	}
	return "unknown"
}

// ParseComplexity reads "low", "medium" or "high".
func ParseComplexity(s string) (Complexity, bool) {
	for i, n := range complexityNames {
		if s == n {
			return Complexity(i), true
		}
	}
	return 0, false
}

// Tier is a carer's fostering tier. Seed 001 §5–6: Fostering Plus carers (or
// carers recommended for the enhanced rate) are paid the Fostering Plus rate.
type Tier uint8

// Tiers.
const (
	TierStandard Tier = iota
	TierFosteringPlus
)

var tierNames = [...]string{"standard", "fostering_plus"}

// TierNames returns the allowed spellings of Tier in input files.
func TierNames() []string { return append([]string(nil), tierNames[:]...) }

func (t Tier) String() string {
	if int(t) < len(tierNames) {
		return tierNames[t]
	}
	return "unknown"
}

// ParseTier reads "standard" or "fostering_plus".
func ParseTier(s string) (Tier, bool) {
	for i, n := range tierNames {
		if s == n {
			return Tier(i), true
		}
	}
	return 0, false
}

// Exclusion is a safeguarding exclusion zone for one child: carers inside it are
// never eligible. Either Authority is set, or a circle of RadiusKm around
// (Lat, Lon) in WGS84 degrees.
type Exclusion struct {
	Authority string
	Lat, Lon  float64
	RadiusKm  float64
}

// Child is a child living in a residential children's home whose care plan is
// to step down to a family (seed 001 §2).
type Child struct {
	ID            string
	DateOfBirth   Date
	HomeAuthority string // the council responsible for the child
	// Lat, Lon locate the residential home the child lives in (WGS84 degrees).
	Lat, Lon float64
	Postcode string // as given; empty when coordinates were given
	HomeName string // the residential home, for plans; optional
	Needs    []string
	// Complexity paces the plan and weighs carer experience.
	Complexity Complexity
	// Overnight is true when the care plan allows overnight stays with the link carer.
	Overnight bool
	// SiblingGroup is shared by siblings who must be linked to the same carer or none.
	SiblingGroup string
	// KnownAdults are carer ids the child already knows (Lifelong Links, seed 004).
	KnownAdults []string
	// Preferences are the child's own stated wishes, matched against carer
	// attributes (for example "pets", "rural", "female").
	Preferences []string
	Exclusions  []Exclusion
	// LastReview is the date of the child's last looked-after review; zero when unknown.
	LastReview Date
}

// Availability is when a carer can see a child, as a set of flags.
type Availability uint16

// Availability flags. Day flags say which days of the week are possible at
// all; Evenings allows after-school sessions on weekdays; Daytime allows
// daytime sessions on weekdays (school holidays).
const (
	AvailMon Availability = 1 << iota
	AvailTue
	AvailWed
	AvailThu
	AvailFri
	AvailSat
	AvailSun
	AvailEvenings
	AvailDaytime

	AvailWeekdays = AvailMon | AvailTue | AvailWed | AvailThu | AvailFri
	AvailWeekends = AvailSat | AvailSun
	AvailAll      = AvailWeekdays | AvailWeekends | AvailEvenings | AvailDaytime
)

var availNames = []struct {
	name string
	a    Availability
}{
	{"mon", AvailMon}, {"tue", AvailTue}, {"wed", AvailWed}, {"thu", AvailThu},
	{"fri", AvailFri}, {"sat", AvailSat}, {"sun", AvailSun},
	{"weekdays", AvailWeekdays}, {"weekends", AvailWeekends},
	{"evenings", AvailEvenings}, {"daytime", AvailDaytime}, {"any", AvailAll},
}

// AvailabilityNames returns the allowed availability words.
func AvailabilityNames() []string {
	out := make([]string, len(availNames))
	for i, a := range availNames {
		out[i] = a.name
	}
	return out
}

// ParseAvailabilityWord reads one availability word such as "weekends".
func ParseAvailabilityWord(s string) (Availability, bool) {
	for _, a := range availNames {
		if a.name == s {
			return a.a, true
		}
	}
	return 0, false
}

// String writes the set as the fewest availability words carers.csv
// accepts, separated by ";": "any" for every time (or none given), then
// whole weeks' halves (weekdays, weekends) before single days, then the
// kinds of time. ParseAvailabilityWord reads each word back.
func (a Availability) String() string {
	if a == 0 || a.Has(AvailAll) {
		return "any"
	}
	var b []byte
	var seen Availability
	for _, w := range []string{"weekdays", "weekends", "mon", "tue", "wed", "thu", "fri", "sat", "sun", "evenings", "daytime"} {
		f, _ := ParseAvailabilityWord(w)
		if a.Has(f) && !seen.Has(f) {
			if len(b) > 0 {
				b = append(b, ';')
			}
			b = append(b, w...)
			seen |= f
		}
	}
	return string(b)
}

// Normalize fills the gaps a user leaves: an empty set means any time; a set
// naming only kinds of time (evenings, daytime) means every day; a set naming
// only days means at any time on those days.
func (a Availability) Normalize() Availability {
	days := a & (AvailWeekdays | AvailWeekends)
	kinds := a & (AvailEvenings | AvailDaytime)
	if days == 0 {
		days = AvailWeekdays | AvailWeekends
	}
	if kinds == 0 {
		kinds = AvailEvenings | AvailDaytime
	}
	return days | kinds
}

// Has reports whether every flag in b is set in a.
func (a Availability) Has(b Availability) bool { return a&b == b }

// Carer is an approved foster carer offering to be a link carer.
type Carer struct {
	ID        string
	Lat, Lon  float64 // WGS84 degrees
	Postcode  string
	Authority string // empty when it is to be found from boundaries
	// Capacity is how many children the carer may link with, 1–4 (seed 001 §3).
	Capacity int
	// CurrentLinks is how many of those places are already taken.
	CurrentLinks    int
	Tier            Tier
	ExperienceYears float64
	Skills          []string
	// AgeMin and AgeMax bound the ages (whole years) the carer is approved for.
	AgeMin, AgeMax int
	Overnight      bool
	Bedrooms       int // spare bedrooms for overnight stays
	Availability   Availability
	// MaxTravelKm is how far the carer will travel; 0 means the scenario default.
	MaxTravelKm float64
	// Household lists household facts that can conflict with a child's needs
	// (for example "pets", "smoker").
	Household []string
	// Attributes are facts a child's preferences are matched against.
	Attributes []string
}

// Places returns how many more children the carer can take.
func (c *Carer) Places() int {
	if p := c.Capacity - c.CurrentLinks; p > 0 {
		return p
	}
	return 0
}

// Link is a chosen pairing of a child with a link carer.
type Link struct {
	ID      string
	ChildID string
	CarerID string
	Score   float64
}

// SessionKind is what a timeline row is. The first four are paid sessions
// (seed 000: half day, day and a half; seed 001: full and half day, overnights).
type SessionKind uint8

// Session kinds as in INTERFACE.md's timeline.csv.
const (
	KindHalfDay SessionKind = iota
	KindFullDay
	KindDayAndHalf
	KindOvernight
	KindMeeting
	KindReview
	KindVisit
	KindMilestone
)

var kindNames = [...]string{"half_day", "full_day", "day_and_half", "overnight", "meeting", "review", "visit", "milestone"}

// SessionKindNames returns the allowed spellings of SessionKind.
func SessionKindNames() []string { return append([]string(nil), kindNames[:]...) }

func (k SessionKind) String() string {
	if int(k) < len(kindNames) {
		return kindNames[k]
	}
	return "unknown"
}

// ParseSessionKind reads a kind as written in timeline.csv.
func ParseSessionKind(s string) (SessionKind, bool) {
	for i, n := range kindNames {
		if s == n {
			return SessionKind(i), true
		}
	}
	return 0, false
}

// Paid reports whether the kind is a paid session with the child.
func (k SessionKind) Paid() bool { return k <= KindOvernight }

// Session is one row of a transition timeline: a paid session, a meeting, a
// statutory review or visit, or a milestone.
type Session struct {
	LinkID  string
	ChildID string
	CarerID string
	Date    Date
	Start   Clock
	EndDate Date
	End     Clock
	Kind    SessionKind
	Stage   string
	// Location is where it happens: "residential home", "community", "carer's home".
	Location string
	Notes    string
}

// Clock is a time of day in minutes after midnight, local time.
type Clock int16

// String formats the clock as HH:MM.
func (c Clock) String() string {
	h, m := int(c)/60, int(c)%60
	return string([]byte{byte('0' + h/10), byte('0' + h%10), ':', byte('0' + m/10), byte('0' + m%10)})
}

// ParseClock reads HH:MM (00:00–23:59).
func ParseClock(s string) (Clock, bool) {
	if len(s) != 5 || s[2] != ':' {
		return 0, false
	}
	for _, i := range []int{0, 1, 3, 4} {
		if s[i] < '0' || s[i] > '9' {
			return 0, false
		}
	}
	h := int(s[0]-'0')*10 + int(s[1]-'0')
	m := int(s[3]-'0')*10 + int(s[4]-'0')
	if h > 23 || m > 59 {
		return 0, false
	}
	return Clock(h*60 + m), true
}
