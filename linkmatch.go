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

import (
	"fmt"
	"strings"
	"time"
)

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
	// StayingPut is true when the young person's plan is to stay on with the
	// link carer after 18 (Children Act 1989 s.23CZA); otherwise the link
	// plan ends at the 18th birthday.
	StayingPut bool
	// LinkWorker is the child's weekly session with their residential link
	// worker (seed 003 §4: "weekly thereafter"); zero when the home has not
	// said, and the plan's template default applies.
	LinkWorker WeeklySlot
	// Move locates the long-term placement the child moves to (WGS84
	// degrees); HasMove is false when it is not known yet.
	MoveLat, MoveLon float64
	MovePostcode     string // as given; empty when coordinates were given
	HasMove          bool

	// The rest is for Family Link short breaks (seed 002), where the child
	// lives with their family: Lat, Lon then locate the family home.
	//
	// Breaks are the short breaks the child is assessed as needing, such
	// as 2 after_school + 1 overnight per month; nil outside short breaks.
	Breaks Breaks
	// Activities the child enjoys, for the written agreement ("swimming",
	// "sensory room"), and the practical details it records: how the child
	// gets to and from the carer (PickUp, DropOff) and notes on medication
	// and equipment. Plain words, as given; empty when not given.
	Activities                             []string
	PickUp, DropOff, Medication, Equipment string
}

// Availability is when a carer can see a child: the set of words a carer
// gave in carers.csv, as flags. Every word offers some parts of the week and
// a set of words offers the union of what each word offers (issue 12:
// "weekends;evenings" is weekends and weekday evenings), so adding a word
// never takes time away. Ask Offers, not the flags.
type Availability uint16

// Availability flags. A day flag offers the whole of that day; Evenings
// offers weekday evenings (after school, from 16:00); Daytime offers weekday
// days before 16:00 (the school holidays, when the child is free).
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
// accepts that name exactly its flags, separated by ";": "any" for every
// time (or none given, which Normalize reads as any time), then whole weeks'
// halves (weekdays, weekends) before single days, then the kinds of time.
// Read back word by word and combined as a union (ParseAvailabilityWord),
// the words give the same flags, so they offer the same times.
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

// Normalize fills the one gap a user may leave: no words at all means any
// time. Any other set means exactly the union of its words.
func (a Availability) Normalize() Availability {
	if a&AvailAll == 0 {
		return AvailAll
	}
	return a
}

// Has reports whether every flag in b is set in a.
func (a Availability) Has(b Availability) bool { return a&b == b }

// DayPart is a part of a day, split where the school day ends.
type DayPart uint8

// Day parts.
const (
	// PartDay is before the end of the school day (16:00).
	PartDay DayPart = iota
	// PartEvening is from the end of the school day (16:00) to midnight.
	PartEvening
)

// Offers reports whether the carer offers part of a day that falls on wd:
// a day word (mon…sun, weekdays, weekends, any) offers all of its days;
// evenings offers the evenings of Monday to Friday, daytime their days.
// Saturdays and Sundays are offered only by day words. The empty set is
// read as any time (Normalize).
func (a Availability) Offers(wd time.Weekday, part DayPart) bool {
	a = a.Normalize()
	if a.Has(dayFlag(wd)) {
		return true
	}
	if wd == time.Saturday || wd == time.Sunday {
		return false
	}
	if part == PartEvening {
		return a.Has(AvailEvenings)
	}
	return a.Has(AvailDaytime)
}

// OffersNight reports whether the times offered hold an overnight stay:
// the evening of some day and the morning of the next (a stay runs from
// one evening to the next morning: the default step-down template's
// overnight is 17:00 to 11:00, its weekend stay Saturday morning to Sunday
// tea-time). A carer who offers only weekday evenings, or only daytimes,
// can host none, whatever their approval says.
func (a Availability) OffersNight() bool {
	for wd := time.Sunday; wd <= time.Saturday; wd++ {
		if a.Offers(wd, PartEvening) && a.Offers((wd+1)%7, PartDay) {
			return true
		}
	}
	return false
}

// dayFlag is the flag of a weekday: AvailMon is bit 0 and AvailSun bit 6,
// while time.Sunday is 0.
func dayFlag(wd time.Weekday) Availability { return AvailMon << ((int(wd) + 6) % 7) }

// Words returns the availability as the fewest input words that offer the
// same times, for messages: "any", or day words then evenings and daytime.
// Unlike String it drops words the union makes redundant: evenings and
// daytime add nothing to a carer who already offers every weekday.
func (a Availability) Words() []string {
	a = a.Normalize()
	if a.Has(AvailAll) {
		return []string{"any"}
	}
	if a.Has(AvailWeekdays) {
		a &^= AvailEvenings | AvailDaytime
	}
	return strings.Split(a.String(), ";")
}

// WeeklySlot is a fixed time on one day each week, such as the child's
// weekly session with their residential link worker ("tue 17:30-18:30").
type WeeklySlot struct {
	Day        time.Weekday
	Start, End Clock
}

// IsZero reports whether the slot is unset.
func (w WeeklySlot) IsZero() bool { return w.Start == 0 && w.End == 0 }

// String writes the slot as it is read: "tue 17:30-18:30".
func (w WeeklySlot) String() string {
	return weekdayWords[w.Day] + " " + w.Start.String() + "-" + w.End.String()
}

var weekdayWords = [...]string{"sun", "mon", "tue", "wed", "thu", "fri", "sat"}

// ParseWeekday reads a three-letter day such as "tue".
func ParseWeekday(s string) (time.Weekday, bool) {
	for i, w := range weekdayWords {
		if strings.EqualFold(s, w) {
			return time.Weekday(i), true
		}
	}
	return 0, false
}

// ParseWeeklySlot reads "DAY HH:MM-HH:MM", for example "tue 17:30-18:30";
// the end must be after the start on the same day.
func ParseWeeklySlot(s string) (WeeklySlot, error) {
	day, times, ok := strings.Cut(strings.TrimSpace(s), " ")
	wd, okDay := ParseWeekday(day)
	from, to, okTimes := strings.Cut(strings.TrimSpace(times), "-")
	start, ok1 := ParseClock(strings.TrimSpace(from))
	end, ok2 := ParseClock(strings.TrimSpace(to))
	switch {
	case !ok || !okDay || !okTimes || !ok1 || !ok2:
		return WeeklySlot{}, fmt.Errorf("%q is not a weekly time: write a day and two times, for example tue 17:30-18:30", s)
	case end <= start:
		return WeeklySlot{}, fmt.Errorf("%q ends at or before it starts", s)
	}
	return WeeklySlot{Day: wd, Start: start, End: end}, nil
}

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
	// Status says whether the carer is approved or still being assessed;
	// ApprovalExpected is the date a carer in assessment expects the
	// panel's approval (zero for an approved carer). See FirstDay.
	Status           CarerStatus
	ApprovalExpected Date
	// Offer is what the carer offers a short-breaks scheme (seed 002); the
	// zero Offer outside short breaks.
	Offer Offer
}

// Places returns how many more children the carer can take.
func (c *Carer) Places() int {
	if p := c.Capacity - c.CurrentLinks; p > 0 {
		return p
	}
	return 0
}

// Link is a chosen pairing of a child with a link carer. A link already
// under way (pinned.csv or matches.csv give started and stage) says when it
// started and which stage it is in, so its plan carries on from there
// rather than from Introductions (issue 13).
type Link struct {
	ID      string
	ChildID string
	CarerID string
	Score   float64
	// Started is the day the link began; zero when it is new.
	Started Date
	// Stage is the name of the stage the link is in now (a stage of the
	// plan template); empty for a new link.
	Stage string
	// StageSince is the day the current stage began; zero when not known
	// (the stage is then taken to begin on the plan's start).
	StageSince Date
	// StageUntil is the last day the current stage is planned to run, when
	// an earlier plan (with its reviews' decisions) said so; zero for the
	// stage's usual length.
	StageUntil Date
}

// UnderWay reports whether the link is already under way: it names its
// current stage.
func (l *Link) UnderWay() bool { return l.Stage != "" }

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
	// KindLinkWorker is the child's weekly session with their residential
	// link worker (seed 003): shown so a reader sees why the carer was not
	// booked then; unpaid, no mileage.
	KindLinkWorker
	// KindStayingPut is time with a young person of 18 or over in a Staying
	// Put arrangement (Children Act 1989 s.23CZA): not a child-rate session;
	// priced by the week (rate unit staying_put_week) when a rate is given.
	KindStayingPut
)

var kindNames = [...]string{"half_day", "full_day", "day_and_half", "overnight", "meeting", "review", "visit", "milestone", "link_worker", "staying_put"}

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

// Paid reports whether the kind is a session paid at the child rate.
func (k SessionKind) Paid() bool { return k <= KindOvernight }

// WithChild reports whether the kind is time the carer spends with the
// child or young person: a child-rate session or Staying Put time.
func (k SessionKind) WithChild() bool { return k.Paid() || k == KindStayingPut }

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
	// Activity says in plain words what happens ("tea at the carer's home");
	// Kind keeps the payment unit.
	Activity string
	Notes    string
	// RowID names the event for good: the same link, stage, kind and
	// ordinal within the stage keep the same id across re-plans, and
	// calendars use it as the event's UID (issue 13).
	RowID string
	// Status is what happened, as recorded in a timeline used as actuals;
	// StatusPlanned (empty) in a plan.
	Status SessionStatus
	// MovedTo is the new date of a session recorded as moved; zero when it
	// has no new date yet. MovedAt is its new start time when MovedTime is
	// set; otherwise it keeps its start time. A moved session keeps its
	// length.
	MovedTo   Date
	MovedAt   Clock
	MovedTime bool
}

// SessionStatus is what happened to a timeline row, as recorded in the
// status column of a timeline given back as actuals.
type SessionStatus uint8

// Session statuses as written in timeline.csv's status column.
const (
	// StatusPlanned: nothing recorded; the row is as planned.
	StatusPlanned SessionStatus = iota
	// StatusDone: it happened as planned.
	StatusDone
	// StatusCancelled: it did not happen and is not paid.
	StatusCancelled
	// StatusMoved: it happens at another time (MovedTo), or is to be
	// rearranged when no new date is given.
	StatusMoved
)

var sessionStatusNames = [...]string{"", "done", "cancelled", "moved"}

func (s SessionStatus) String() string {
	if int(s) < len(sessionStatusNames) {
		return sessionStatusNames[s]
	}
	return "unknown"
}

// ParseSessionStatus reads a status word ("done", "cancelled", "moved");
// the empty string is StatusPlanned.
func ParseSessionStatus(s string) (SessionStatus, bool) {
	for i, n := range sessionStatusNames {
		if s == n {
			return SessionStatus(i), true
		}
	}
	return 0, false
}

// Occurs returns the session as it takes place: the session itself, or for
// a session moved to a new date, the same session at its new date and time
// (the same length). It reports false for a session that does not take
// place: cancelled, or moved with no new date yet.
func (s *Session) Occurs() (Session, bool) {
	switch s.Status {
	case StatusCancelled:
		return Session{}, false
	case StatusMoved:
		if s.MovedTo == 0 {
			return Session{}, false
		}
		out := *s
		length := int(s.EndDate-s.Date)*24*60 + int(s.End) - int(s.Start)
		start := s.Start
		if s.MovedTime {
			start = s.MovedAt
		}
		endMin := int(start) + length
		out.Date, out.Start = s.MovedTo, start
		out.EndDate, out.End = s.MovedTo.AddDays(endMin/(24*60)), Clock(endMin%(24*60))
		return out, true
	}
	return *s, true
}

// Clock is a time of day in minutes after midnight, local time.
type Clock int16

// String formats the clock as HH:MM.
func (c Clock) String() string {
	var b [5]byte
	return string(c.Append(b[:0]))
}

// Append appends the clock as String formats it, for writers of millions
// of rows (timeline.csv; issue 15).
func (c Clock) Append(dst []byte) []byte {
	h, m := int(c)/60, int(c)%60
	return append(dst, byte('0'+h/10), byte('0'+h%10), ':', byte('0'+m/10), byte('0'+m%10))
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
