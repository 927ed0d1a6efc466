package match

import (
	"math"
	"strconv"
	"strings"
	"time"

	"github.com/linkmatch/linkmatch"
)

// Check scores one pair directly, without the spatial index: the pair with
// its score and components when eligible, else the hard rules it breaks
// (every one of them, not just the first) with a zero score. child and
// carer index the slices given to NewScorer.
func (s *Scorer) Check(child, carer int) (ScoredPair, Parts, RuleSet) {
	c := &s.cs[s.cpos[child]]
	r := s.rank[carer]
	k := &s.ks[r]
	p, parts, broken := s.pair(c, r, chord2(&c.vec, &k.vec))
	p.Child, p.Carer = int32(child), int32(carer)
	return p, parts, broken
}

// Explain says in one sentence why an eligible pair scores as it does, for
// a panel: distance and border first, then needs, experience, places and
// wishes, for example "23 km away (35 min) in neighbouring Devon; meets 3
// of 4 needs (not autism); Fostering Plus with 9 years' experience; no
// other links yet." It names needs and authorities, never people.
func (s *Scorer) Explain(p ScoredPair) string {
	ch := &s.children[p.Child]
	k := &s.carers[p.Carer]
	c := &s.cs[s.cpos[p.Child]]
	kr := &s.ks[s.rank[p.Carer]]
	var b []byte
	if knows(c.known, s.rank[p.Carer]) {
		b = append(b, "already known to the child (Lifelong Links); "...)
	}
	b = appendKm(b, float64(p.RoadKm))
	b = append(b, " away ("...)
	b = strconv.AppendInt(b, max(1, int64(math.Round(s.minutes(p)))), 10)
	b = append(b, " min) "...)
	b = appendWhere(b, p, k.Authority)
	b = append(b, "; "...)
	b = s.appendNeeds(b, c, kr)
	b = append(b, "; "...)
	if k.Tier == linkmatch.TierFosteringPlus {
		b = append(b, "Fostering Plus"...)
	} else {
		b = append(b, "standard tier"...)
	}
	b = append(b, " with "...)
	b = appendYears(b, k.ExperienceYears)
	b = append(b, "; "...)
	switch {
	case k.CurrentLinks <= 0:
		b = append(b, "no other links yet"...)
	default:
		b = strconv.AppendInt(b, int64(k.CurrentLinks), 10)
		b = append(b, " of "...)
		b = strconv.AppendInt(b, int64(k.Capacity), 10)
		b = append(b, " places already taken"...)
	}
	if k.Provisional() {
		// Seed 002: a carer in assessment is matched provisionally, and
		// nothing is planned before the panel's approval.
		b = append(b, "; still being assessed, so the link is provisional (approval expected "...)
		b = append(b, k.ApprovalExpected.Time(time.UTC).Format("2 Jan 2006")...)
		b = append(b, ')')
	}
	if c.nPrefs > 0 {
		b = s.appendWishes(b, ch, c, kr)
	}
	b = append(b, '.')
	b[0] = upper(b[0])
	return string(b)
}

// appendWhere appends where the carer lives as the child's authority sees
// it: its own authority, a neighbour, or so many borders away.
func appendWhere(b []byte, p ScoredPair, authority string) []byte {
	switch p.Border {
	case linkmatch.BorderSame:
		b = append(b, "in "...)
		b = append(b, authority...)
		b = append(b, ", the child's own authority"...)
	case linkmatch.BorderNeighbour:
		b = append(b, "in neighbouring "...)
		b = append(b, authority...)
	case linkmatch.BorderDistant:
		b = append(b, "in "...)
		b = append(b, authority...)
		b = append(b, ", "...)
		b = strconv.AppendInt(b, int64(p.Steps), 10)
		b = append(b, " borders away"...)
	default:
		b = append(b, "in an authority whose borders are not known"...)
	}
	return b
}

// appendWishes appends which of the child's wishes the carer matches.
func (s *Scorer) appendWishes(b []byte, ch *linkmatch.Child, c *childRec, kr *carerRec) []byte {
	var met []string
	for _, pr := range ch.Preferences {
		if kr.attrs.has(s.attrs.lookup(pr)) {
			met = append(met, words(pr))
		}
	}
	switch {
	case len(met) == 0:
		b = append(b, "; matches none of the child's wishes"...)
	case len(met) == c.nPrefs:
		b = append(b, plural(c.nPrefs, "; matches the child's wish (", "; matches all the child's wishes (")...)
	default:
		b = append(b, "; matches "...)
		b = strconv.AppendInt(b, int64(len(met)), 10)
		b = append(b, " of the child's "...)
		b = strconv.AppendInt(b, int64(c.nPrefs), 10)
		b = append(b, " wishes ("...)
	}
	if len(met) > 0 {
		b = append(b, strings.Join(met, ", ")...)
		b = append(b, ')')
	}
	return b
}

func (s *Scorer) appendNeeds(b []byte, c *childRec, k *carerRec) []byte {
	if len(c.needs) == 0 {
		return append(b, "no recorded needs"...)
	}
	var missing []string
	for _, n := range c.needs {
		if !k.skills.has(n.skill) {
			missing = append(missing, words(n.name))
		}
	}
	if len(missing) == 0 {
		switch len(c.needs) {
		case 1:
			return append(b, "meets the child's need"...)
		case 2:
			return append(b, "meets both needs"...)
		}
		b = append(b, "meets all "...)
		b = strconv.AppendInt(b, int64(len(c.needs)), 10)
		return append(b, " needs"...)
	}
	if len(c.needs) == 1 {
		b = append(b, "does not meet the child's need ("...)
		b = append(b, missing[0]...)
		return append(b, ')')
	}
	b = append(b, "meets "...)
	b = strconv.AppendInt(b, int64(len(c.needs)-len(missing)), 10)
	b = append(b, " of "...)
	b = strconv.AppendInt(b, int64(len(c.needs)), 10)
	b = append(b, " needs (not "...)
	b = append(b, strings.Join(missing, ", ")...)
	return append(b, ')')
}

// appendKm writes a distance as people say it: "800 m", "4.5 km", "23 km".
func appendKm(b []byte, km float64) []byte {
	switch {
	case km < 1:
		b = strconv.AppendInt(b, int64(math.Round(km*10))*100, 10)
		return append(b, " m"...)
	case km < 10:
		b = strconv.AppendFloat(b, km, 'f', 1, 64)
	default:
		b = strconv.AppendInt(b, int64(math.Round(km)), 10)
	}
	return append(b, " km"...)
}

func appendYears(b []byte, y float64) []byte {
	n := int64(math.Round(y))
	switch n {
	case 0:
		return append(b, "under a year's experience"...)
	case 1:
		return append(b, "1 year's experience"...)
	}
	b = strconv.AppendInt(b, n, 10)
	return append(b, " years' experience"...)
}

// words turns a vocabulary name such as complex_behaviour into words.
func words(s string) string { return strings.ReplaceAll(norm(s), "_", " ") }

func upper(c byte) byte {
	if c >= 'a' && c <= 'z' {
		return c - 'a' + 'A'
	}
	return c
}
