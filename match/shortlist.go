package match

import (
	"context"
	"github.com/linkmatch/linkmatch/internal/english"
	"io"
	"slices"
	"strconv"
	"strings"

	"github.com/linkmatch/linkmatch/internal/output"
)

// Diagnosis says why a child has no (or few) eligible carers: how many
// carers each rule excluded, and which single changes would bring carers in.
type Diagnosis struct {
	Child    int32 // index in the children given to NewScorer
	Eligible int
	// Carers counts the carers checked: every carer of the scenario.
	Carers int
	// Excluded counts the carers each rule excluded; a carer breaking two
	// rules counts under both.
	Excluded [NumRules]int
	// OnlyBy counts the carers excluded by that rule alone.
	OnlyBy [NumRules]int
	// NearestOnlyDistanceKm is the road distance of the nearest carer
	// excluded by distance alone; 0 when there is none.
	NearestOnlyDistanceKm float64
	// OnlyDistanceWithin counts the carers excluded by distance alone
	// within DiagnosisSlackKm beyond the maximum distance.
	OnlyDistanceWithin int
	// EssentialSkills are the skills the child's needs make essential.
	EssentialSkills []string
}

// DiagnosisSlackKm is how far beyond the maximum distance a diagnosis
// looks for carers "just too far": 10 km is about a quarter of the default
// 40 km, the kind of stretch a family finder might ask a carer to make.
const DiagnosisSlackKm = 10

// Diagnose checks one child against every carer (not only those within
// reach), counting the rules that exclude each. child indexes the children
// given to NewScorer. It reads all carers, so use it for the few children
// with no eligible carer, not for all.
func (s *Scorer) Diagnose(child int) Diagnosis {
	d := Diagnosis{Child: int32(child)}
	c := &s.cs[s.cpos[child]]
	for _, n := range c.needs {
		if n.hard {
			d.EssentialSkills = append(d.EssentialSkills, words(n.skillName))
		}
	}
	d.Carers = len(s.ks)
	for r := range s.ks {
		p, _, broken := s.pair(c, int32(r), chord2(&c.vec, &s.ks[r].vec))
		if broken == 0 {
			d.Eligible++
			continue
		}
		for _, rule := range broken.Rules() {
			d.Excluded[rule]++
		}
		only, ok := broken.Only()
		if !ok {
			continue
		}
		d.OnlyBy[only]++
		if only == RuleDistance {
			km := float64(p.RoadKm)
			if d.NearestOnlyDistanceKm == 0 || km < d.NearestOnlyDistanceKm {
				d.NearestOnlyDistanceKm = km
			}
			if km <= s.ks[r].limitKm+DiagnosisSlackKm {
				d.OnlyDistanceWithin++
			}
		}
	}
	return d
}

// Explain says in plain words why the child has no eligible carer, rules
// by how many carers each excluded (largest first), then what would help
// most: the rule that alone excludes the most carers. A carer breaking
// several rules counts under each, so when the counts overlap the sentence
// says so rather than let them be added up.
func (d Diagnosis) Explain(maxKm float64) string {
	var b []byte
	b = append(b, "No eligible carer"...)
	if d.Carers > 0 {
		b = append(b, " among "...)
		b = strconv.AppendInt(b, int64(d.Carers), 10)
		b = append(b, plural(d.Carers, " carer", " carers")...)
	}
	b = append(b, ": "...)
	order := Rules()
	slices.SortStableFunc(order, func(x, y Rule) int { return d.Excluded[y] - d.Excluded[x] })
	first, sum := true, 0
	for _, r := range order {
		if d.Excluded[r] == 0 {
			continue
		}
		if !first {
			b = append(b, ", "...)
		}
		first = false
		sum += d.Excluded[r]
		b = strconv.AppendInt(b, int64(d.Excluded[r]), 10)
		b = append(b, " excluded by "...)
		b = append(b, r.Short()...)
	}
	if first {
		b = append(b, "there are no carers"...)
	}
	if sum > d.Carers-d.Eligible {
		b = append(b, " (a carer can fail several rules, so these counts overlap)"...)
	}
	best, bestN := Rule(0), 0
	for _, r := range Rules() {
		if d.OnlyBy[r] > bestN {
			best, bestN = r, d.OnlyBy[r]
		}
	}
	if bestN == 0 {
		b = append(b, ". No single change would help: every carer breaks two rules or more."...)
		return string(b)
	}
	b = append(b, ". Most would help: "...)
	b = strconv.AppendInt(b, int64(bestN), 10)
	b = append(b, plural(bestN, " carer is", " carers are")...)
	b = append(b, " excluded only by "...)
	b = append(b, best.Short()...)
	if best == RuleSkill && len(d.EssentialSkills) > 0 {
		b = append(b, " ("...)
		b = append(b, strings.Join(d.EssentialSkills, ", ")...)
		b = append(b, ')')
	}
	if best == RuleDistance && d.NearestOnlyDistanceKm > 0 {
		b = append(b, ", the nearest "...)
		b = appendKm(b, d.NearestOnlyDistanceKm)
		b = append(b, " away (the limit is "...)
		b = appendKm(b, maxKm)
		b = append(b, ")"...)
		if d.OnlyDistanceWithin > 0 {
			b = append(b, "; "...)
			b = strconv.AppendInt(b, int64(d.OnlyDistanceWithin), 10)
			b = append(b, " of them would be in reach"...)
			b = append(b, " if the distance limit that applies to them (the scenario's or their own) were "...)
			b = appendKm(b, DiagnosisSlackKm)
			b = append(b, " longer"...)
		}
	}
	return string(append(b, '.'))
}

func plural(n int, one, many string) string { return english.Plural(n, one, many) }

// ShortlistEntry is one row of a shortlist: a child's rank-th best carer, or
// (Rank 0) the child's diagnosis when no carer is eligible.
type ShortlistEntry struct {
	Child int32 // index in the children given to NewScorer
	Rank  int   // 1 = best; 0 when the child has no eligible carer
	Pair  ScoredPair
	Parts Parts
	// Eligible is how many carers are eligible for the child.
	Eligible int
	// Explanation is one sentence in plain words.
	Explanation string
	// Diagnosis is set when Rank is 0.
	Diagnosis *Diagnosis
}

// Shortlist returns each child's best top carers (highest score first,
// ties by carer id), with explanations, in child id order. A child with no
// eligible carer gets one entry with Rank 0 and a diagnosis.
func (s *Scorer) Shortlist(ctx context.Context, top int) ([]ShortlistEntry, error) {
	if top < 1 {
		top = 1
	}
	var out []ShortlistEntry
	err := s.Stream(ctx, func(ch *Chunk) error {
		ch.Value = s.shortlistChunk(ch, top)
		return nil
	}, func(ch *Chunk) error {
		rows, _ := ch.Value.([]ShortlistEntry)
		out = append(out, rows...)
		return nil
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// shortlistChunk is the shortlist of a chunk's children: each child's best
// top carers, or the child's diagnosis.
func (s *Scorer) shortlistChunk(ch *Chunk, top int) []ShortlistEntry {
	var rows []ShortlistEntry
	at := 0
	var idx []int32
	for k, sum := range ch.Children {
		n := int(sum.Eligible)
		pairs := ch.Pairs[at : at+n]
		var parts []Parts
		if len(ch.Parts) > 0 {
			parts = ch.Parts[at : at+n]
		}
		at += n
		if n == 0 {
			d := s.Diagnose(int(sum.Child))
			rows = append(rows, ShortlistEntry{Child: sum.Child, Diagnosis: &d, Explanation: d.Explain(s.set.maxKm)})
			continue
		}
		idx = bestOf(pairs, top, idx[:0])
		for rank, i := range idx {
			var pp Parts
			if parts != nil {
				pp = parts[i]
			} else {
				pp = s.partsOf(ch.First+k, pairs[i])
			}
			rows = append(rows, ShortlistEntry{Child: sum.Child, Rank: rank + 1, Pair: pairs[i], Parts: pp,
				Eligible: n, Explanation: s.Explain(pairs[i])})
		}
	}
	return rows
}

// bestOf appends to idx the positions of the best top pairs, best first:
// highest score first, scores compared as written and as the solver weighs
// them (in hundredths) so that a shortlist's ranks are the ranks
// matches.csv and the report give, ties by position (pairs are in carer id
// order, so by carer id). It keeps the top few by insertion, which reads
// each pair once, rather than sorting a child's thousand or more.
func bestOf(pairs []ScoredPair, top int, idx []int32) []int32 {
	var ws []int64 // the weights of idx, in the same order
	for i := range pairs {
		w := scoreWeight(float64(pairs[i].Score))
		if len(idx) == top && w <= ws[top-1] {
			continue
		}
		at := len(idx)
		for at > 0 && ws[at-1] < w {
			at--
		}
		if len(idx) < top {
			idx, ws = append(idx, 0), append(ws, 0)
		}
		copy(idx[at+1:], idx[at:])
		copy(ws[at+1:], ws[at:])
		idx[at], ws[at] = int32(i), w
	}
	return idx
}

// Unlisted counts the children of a shortlist with no eligible carer:
// those whose one row has rank 0.
func Unlisted(rows []ShortlistEntry) int {
	n := 0
	for _, e := range rows {
		if e.Rank == 0 {
			n++
		}
	}
	return n
}

// WriteShortlistCSV writes shortlist.csv: child_id, rank, carer_id, score
// (0–100), distance_km, border, eligible_carers and explanation. A child
// with no eligible carer has one row with rank, carer_id, score,
// distance_km and border empty and the diagnosis as its explanation.
func WriteShortlistCSV(w io.Writer, s *Scorer, rows []ShortlistEntry) error {
	c := output.NewCSV(w)
	c.Header("child_id", "rank", "carer_id", "score", "distance_km", "border", "eligible_carers", "explanation")
	for _, e := range rows {
		c.String(s.children[e.Child].ID)
		if e.Rank == 0 {
			c.Raw("")
			c.Raw("")
			c.Raw("")
			c.Raw("")
			c.Raw("")
		} else {
			c.Int(int64(e.Rank))
			c.String(s.carers[e.Pair.Carer].ID)
			c.Float(float64(e.Pair.Score), 2)
			c.Float(float64(e.Pair.RoadKm), 1)
			c.Raw(e.Pair.Border.String())
		}
		c.Int(int64(e.Eligible))
		c.String(e.Explanation)
		c.End()
	}
	return c.Flush()
}
