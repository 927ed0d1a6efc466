package linkmatch

import (
	"fmt"
	"strconv"
	"strings"
	"unicode"
)

// This file holds the words of the second kind of link: Family Link short
// breaks (seed 002, Bath and North East Somerset). A disabled child living
// with their family has regular short breaks with an approved carer under a
// written agreement that sets "the number of sessions, types of activities
// and other practical details". The scheme a scenario runs (Scheme), what a
// child is assessed as needing (Breaks) and what a carer offers (Offer) are
// defined here once; package plan's short-breaks template says what each
// kind of break is (its window, times and payment unit).
//
// A carer's approval status (CarerStatus) belongs to every scheme: a carer
// still being assessed can be matched provisionally, and Lifelong Links
// (seed 004) will use the same status for adults found for a child.

// Scheme is the kind of link a scenario plans (scenario.toml scheme).
type Scheme uint8

// Schemes. The zero value is the step-down scheme of seeds 000 and 001.
const (
	// SchemeStepDown: a child in a residential home steps down to a
	// long-term family through a link carer (seeds 000 and 001).
	SchemeStepDown Scheme = iota
	// SchemeShortBreaks: a disabled child living with their family has
	// regular short breaks with a Family Link carer (seed 002).
	SchemeShortBreaks
)

var schemeNames = [...]string{"step_down", "short_breaks"}

// SchemeNames returns the spellings scenario.toml accepts.
func SchemeNames() []string { return append([]string(nil), schemeNames[:]...) }

// ParseScheme reads "step_down" or "short_breaks".
func ParseScheme(s string) (Scheme, bool) {
	for i, n := range schemeNames {
		if s == n {
			return Scheme(i), true
		}
	}
	return 0, false
}

// String returns step_down or short_breaks.
func (s Scheme) String() string {
	if int(s) < len(schemeNames) {
		return schemeNames[s]
	}
	return "unknown"
}

// MarshalText writes the scheme as scenario.toml spells it (run.json).
func (s Scheme) MarshalText() ([]byte, error) { return []byte(s.String()), nil }

// CarerStatus is where a carer is in approval (carers.csv status).
type CarerStatus uint8

// Carer statuses. The zero value is an approved carer.
const (
	// StatusApproved: approved by the fostering panel.
	StatusApproved CarerStatus = iota
	// StatusInAssessment: still being assessed (seed 002: visits, a
	// preparation course and a report to panel, "between four to six
	// months"). Such a carer may be matched provisionally; nothing is
	// planned with a child before Carer.ApprovalExpected.
	StatusInAssessment
)

var statusNames = [...]string{"approved", "in_assessment"}

// CarerStatusNames returns the spellings carers.csv accepts.
func CarerStatusNames() []string { return append([]string(nil), statusNames[:]...) }

// ParseCarerStatus reads "approved" or "in_assessment".
func ParseCarerStatus(s string) (CarerStatus, bool) {
	for i, n := range statusNames {
		if s == n {
			return CarerStatus(i), true
		}
	}
	return 0, false
}

// String returns approved or in_assessment.
func (s CarerStatus) String() string {
	if int(s) < len(statusNames) {
		return statusNames[s]
	}
	return "unknown"
}

// Provisional reports whether a link with the carer can only be provisional:
// the carer is still being assessed.
func (c *Carer) Provisional() bool { return c.Status == StatusInAssessment }

// FirstDay returns the first day anything may be planned with a child for
// the carer when plans start on start: start, or the expected approval date
// of a carer still in assessment if that is later.
func (c *Carer) FirstDay(start Date) Date {
	if c.Provisional() && c.ApprovalExpected > start {
		return c.ApprovalExpected
	}
	return start
}

// Break is one line of a child's assessed short breaks, or of a link's
// written agreement: PerMonth sessions of Kind each calendar month. Kind is
// a name the scheme's template defines (for example after_school, day,
// overnight, weekend).
type Break struct {
	Kind     string
	PerMonth int
}

// Breaks is a list of breaks, each kind once, in the order they were
// written, as in "2 after_school + 1 overnight per month".
type Breaks []Break

// MaxStayGapDays bounds min_stay_gap_days (the fewest days between two of
// a child's short-break stays, in a short-breaks template or scenario.toml's
// [plan]): two months would leave no room for a stay a month.
const MaxStayGapDays = 60

// MaxBreaksPerMonth bounds one month's breaks: one a day. More is a typing
// slip (12 for 1.2, a week for a month).
const MaxBreaksPerMonth = 31

// ParseBreaks reads breaks written as NUMBER KIND terms joined by "+",
// ending "per month": "2 after_school + 1 overnight per month", "1 weekend
// per month". Kind names are lower-case words with underscores; each kind
// once; every number from 1 and the total at most MaxBreaksPerMonth. The
// empty string is no breaks.
func ParseBreaks(s string) (Breaks, error) {
	text := strings.TrimSpace(s)
	if text == "" {
		return nil, nil
	}
	body, ok := strings.CutSuffix(strings.ToLower(text), "per month")
	if !ok {
		return nil, fmt.Errorf("%q does not end with \"per month\"", s)
	}
	var out Breaks
	total := 0
	for _, term := range strings.Split(body, "+") {
		fields := strings.Fields(term)
		if len(fields) != 2 {
			return nil, fmt.Errorf("%q is not a number and a kind of break", strings.TrimSpace(term))
		}
		n, err := strconv.Atoi(fields[0])
		if err != nil || n < 1 || n > MaxBreaksPerMonth {
			return nil, fmt.Errorf("%q is not a number of breaks from 1 to %d", fields[0], MaxBreaksPerMonth)
		}
		if !isKindName(fields[1]) {
			return nil, fmt.Errorf("%q is not a kind of break: kinds are words such as after_school or overnight", fields[1])
		}
		if out.Count(fields[1]) > 0 {
			return nil, fmt.Errorf("the kind %q is given twice: add the numbers together", fields[1])
		}
		total += n
		out = append(out, Break{Kind: fields[1], PerMonth: n})
	}
	if total > MaxBreaksPerMonth {
		return nil, fmt.Errorf("%d breaks a month is more than one a day", total)
	}
	return out, nil
}

// isKindName reports whether s is a kind name: lower-case letters, digits
// and underscores, starting with a letter.
func isKindName(s string) bool {
	if s == "" || s[0] < 'a' || s[0] > 'z' {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if (c < 'a' || c > 'z') && (c < '0' || c > '9') && c != '_' {
			return false
		}
	}
	return true
}

// String writes the breaks as ParseBreaks reads them: "2 after_school + 1
// overnight per month"; "" for none.
func (b Breaks) String() string {
	if len(b) == 0 {
		return ""
	}
	var sb strings.Builder
	for i, x := range b {
		if i > 0 {
			sb.WriteString(" + ")
		}
		sb.WriteString(strconv.Itoa(x.PerMonth))
		sb.WriteByte(' ')
		sb.WriteString(x.Kind)
	}
	sb.WriteString(" per month")
	return sb.String()
}

// Total returns the sessions a month, every kind together.
func (b Breaks) Total() int {
	n := 0
	for _, x := range b {
		n += x.PerMonth
	}
	return n
}

// Count returns the sessions a month of kind.
func (b Breaks) Count(kind string) int {
	for _, x := range b {
		if x.Kind == kind {
			return x.PerMonth
		}
	}
	return 0
}

// Offer is what a Family Link carer offers (seed 002: "some people do a
// great deal (several sessions per week), whilst other people do just one or
// two per month"): sessions a month across all their linked children, at most
// MostPerWeek in any week, OvernightsPerMonth of them with a night away, and
// the kinds of break they offer (nil: every kind; an empty list: none).
type Offer struct {
	SessionsPerMonth   int
	MostPerWeek        int
	OvernightsPerMonth int
	Kinds              []string
}

// Offers reports whether the carer offers breaks of kind.
func (o Offer) Offers(kind string) bool {
	if o.Kinds == nil {
		return true
	}
	for _, k := range o.Kinds {
		if k == kind {
			return true
		}
	}
	return false
}

// FamilyBringsAndCollects reports whether the child's family both brings
// the child to the carer and collects them (children.csv pick_up and
// drop_off, the written agreement's practical details, seed 002): then
// the carer makes no journey for a break at their home and claims no
// mileage for it. Each is read as plain words by who is named first: a
// parent, mum, dad, mother, father, guardian, grandparent or the family —
// or the carer. Words naming neither, or nothing written, leave the
// journey to the carer, as before these details existed.
func (c *Child) FamilyBringsAndCollects() bool {
	return familyTravels(c.PickUp) && familyTravels(c.DropOff)
}

// familyTravels reports whether the family, not the carer, is named first
// in a pick-up or drop-off.
func familyTravels(s string) bool {
	words := strings.FieldsFunc(strings.ToLower(s), func(r rune) bool { return !unicode.IsLetter(r) })
	for i, w := range words {
		switch w {
		case "carer", "carers":
			return false
		case "family":
			if i+1 < len(words) && (words[i+1] == "link" || words[i+1] == "home") {
				continue // "the Family Link carer", "from the family home": a scheme, a place
			}
			return true
		case "parent", "parents", "mum", "dad", "mother", "father", "guardian", "guardians", "grandparent", "grandparents":
			return true
		}
	}
	return false
}
