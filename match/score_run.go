package match

import (
	"context"
	"io"
	"slices"
	"sync"
	"sync/atomic"

	"github.com/linkmatch/linkmatch"
	"github.com/linkmatch/linkmatch/geo"
	"github.com/linkmatch/linkmatch/internal/hugepage"
	"github.com/linkmatch/linkmatch/internal/output"
)

// ScoredPair is one eligible child–carer pair with its score. It is kept
// small (20 bytes) because a national scenario has millions; the score's
// components travel beside it in Chunk.Parts, or come from Scorer.Parts.
type ScoredPair struct {
	// Child and Carer index the slices given to NewScorer.
	Child, Carer int32
	// Score is 0–100: 100 × Σ weight × component ÷ Σ weight.
	Score float32
	// RoadKm is the road distance from the child's home to the carer: the
	// known distance from Options.TravelTimes, or the estimate, great-circle
	// km × the travel model's circuity.
	RoadKm float32
	Border linkmatch.Border
	// Steps is the number of authority borders between the two authorities
	// (0 same, 1 neighbour, 2+ distant; 0 when unknown).
	Steps uint8
}

// Parts are a pair's score components, each 0–1, indexed by Component.
type Parts [linkmatch.NumComponents]float32

// ChildSummary counts what happened to one child's possible carers.
type ChildSummary struct {
	Child    int32 // index in the children given to NewScorer
	Eligible int32 // carers that passed every hard rule
	// Reached is how many carers were near enough in a straight line to
	// check every rule; the others are counted as excluded by distance.
	Reached int32
	// Excluded counts the carers each rule excluded; a carer breaking two
	// rules counts under both.
	Excluded [NumRules]int32
	// OnlyBy counts, among the carers reached, those excluded by that rule
	// alone: the carers that changing one thing would bring in.
	OnlyBy [NumRules]int32
}

// Chunk is the result for a run of consecutive children in id order.
type Chunk struct {
	// First is the position, in id order, of the chunk's first child.
	First int
	// Pairs are the eligible pairs, ordered by child id then carer id.
	Pairs []ScoredPair
	// Parts[i] are the components of Pairs[i].
	Parts []Parts
	// Children summarises each child of the chunk, in id order.
	Children []ChildSummary
	// Buf and Value are free for the caller's work function, for example
	// to format the chunk as CSV in parallel, and are reset for each chunk.
	Buf   []byte
	Value any
}

// chunkChildren is how many children a worker scores at a time: enough to
// amortise the hand-over, few enough to balance two or more cores.
const chunkChildren = 32

// worker holds one goroutine's scratch space.
type worker struct {
	near []int // carers (ranks) within reach of the current child
	hint int   // pairs in the worker's last chunk, to size the next
	// parts says whether the chunk keeps every pair's components
	// (Chunk.Parts); without them, partsOf works out a pair's again.
	parts bool
}

func (s *Scorer) newWorker(parts bool) *worker { return &worker{parts: parts} }

// scoreChild appends the eligible pairs of the child at position j (id
// order) to out and fills sum.
func (s *Scorer) scoreChild(j int, w *worker, ch *Chunk, sum *ChildSummary) {
	c := &s.cs[j]
	*sum = ChildSummary{Child: c.orig}
	w.near = s.index.Within(geo.LatLon(c.lat, c.lon), s.set.searchKm, w.near[:0])
	if s.extra != nil && len(s.extra[j]) > 0 {
		w.near = mergeRanks(w.near, s.extra[j])
	}
	sum.Reached = int32(len(w.near))
	sum.Excluded[RuleDistance] = int32(len(s.ks) - len(w.near))
	for _, r := range w.near {
		p, parts, broken := s.pair(c, int32(r), chord2(&c.vec, &s.ks[r].vec))
		if broken != 0 {
			for rule := Rule(0); rule < NumRules; rule++ {
				if broken.Has(rule) {
					sum.Excluded[rule]++
				}
			}
			if only, ok := broken.Only(); ok {
				sum.OnlyBy[only]++
			}
			continue
		}
		p.Child = c.orig
		sum.Eligible++
		ch.Pairs = append(ch.Pairs, p)
		if w.parts {
			ch.Parts = append(ch.Parts, parts)
		}
	}
}

// partsOf is the components of the eligible pair p of the child at
// position j (id order), worked out again as scoreChild did: the same
// inputs, so the same numbers. A run needs the components of a child's
// shortlist only (5 of about 1,200 pairs), and keeping them for every
// pair wrote 28 bytes a pair more (240 MB on a national run; issue 15).
func (s *Scorer) partsOf(j int, p ScoredPair) Parts {
	c, r := &s.cs[j], s.rank[p.Carer]
	_, parts, _ := s.pair(c, r, chord2(&c.vec, &s.ks[r].vec))
	return parts
}

// pair checks every hard rule for child c and the carer of rank r whose
// home is at squared unit chord c2 (see chord2), and scores the pair when
// none is broken.
func (s *Scorer) pair(c *childRec, r int32, c2 float64) (ScoredPair, Parts, RuleSet) {
	k := &s.ks[r]
	ri := int(c.auth)*s.relCols + int(k.auth)
	border, steps := s.relation[ri], s.steps[ri]
	var broken RuleSet
	if k.ageMax >= 0 && (c.age < k.ageMin || c.age > k.ageMax) {
		broken = broken.With(RuleAge)
	}
	if k.places <= 0 {
		broken = broken.With(RuleCapacity)
	}
	if c.overnight && !k.overnight {
		broken = broken.With(RuleOvernight)
	}
	if s.set.stepDown {
		if k.places > 0 && k.time <= 0 {
			broken = broken.With(RuleTime)
		}
		if k.overnight && c.groupNights > k.bedrooms {
			broken = broken.With(RuleBedrooms)
		}
	}
	for _, b := range c.hardSkills {
		if !k.skills.has(b) {
			broken = broken.With(RuleSkill)
			break
		}
	}
	if s.inExclusion(c, k) {
		broken = broken.With(RuleExclusionZone)
	}
	known, hasJourney := s.journey(c.orig, k.orig)
	if hasJourney && known.roadKm > 0 {
		if known.roadKm > k.limitKm {
			broken = broken.With(RuleDistance)
		}
	} else if c2 > k.chordMax2 {
		broken = broken.With(RuleDistance)
	}
	roadKm := func() float64 {
		if hasJourney && known.roadKm > 0 {
			return known.roadKm
		}
		return chordKm(c2) * s.set.travel.Circuity
	}
	if border == linkmatch.BorderDistant && s.set.policy == linkmatch.PolicyForbid {
		broken = broken.With(RuleDistantAuthority)
	}
	if len(c.conflicts) > 0 && c.conflicts.intersects(k.household) {
		broken = broken.With(RuleHousehold)
	}
	p := ScoredPair{Carer: k.orig, Border: border, Steps: steps}
	var out Parts
	if broken != 0 {
		if broken.Has(RuleDistance) || broken.Has(RuleExclusionZone) { // for explanations
			p.RoadKm = float32(roadKm())
		}
		return p, out, broken
	}
	km := roadKm()
	p.RoadKm = float32(km)
	p.Score, out = s.score(c, r, km, border, steps)
	return p, out, 0
}

// score computes the components of child c with the carer of rank r at
// road distance km, and their weighted mean on the 0–100 scale. It applies
// no hard rule: pair calls it for eligible pairs, Why for any pair.
func (s *Scorer) score(c *childRec, r int32, km float64, border linkmatch.Border, steps uint8) (float32, Parts) {
	k := &s.ks[r]
	met := 0.0
	for _, n := range c.needs {
		if k.skills.has(n.skill) {
			met += n.weight
		}
	}
	var parts [linkmatch.NumComponents]float64
	parts[linkmatch.ComponentNeeds] = needsComponent(met, c.needW)
	parts[linkmatch.ComponentDistance] = distanceComponent(km, s.set.maxKm)
	parts[linkmatch.ComponentBorder] = borderComponent(border, int(steps), s.set.policy)
	parts[linkmatch.ComponentExperience] = float64(k.exp[c.complexity])
	parts[linkmatch.ComponentCapacity] = float64(k.capC)
	parts[linkmatch.ComponentRelationship] = relationshipComponent(knows(c.known, r))
	parts[linkmatch.ComponentPreferences] = preferencesComponent(c.prefs.common(k.attrs), c.nPrefs)
	var out Parts
	total := 0.0
	for i, v := range parts {
		total += s.set.weights[i] * v
		out[i] = float32(v)
	}
	return float32(100 * clamp01(total)), out
}

// mergeRanks adds to near (ascending) the ranks of extra (ascending) it
// lacks, keeping near ascending.
func mergeRanks(near []int, extra []int32) []int {
	n := len(near)
	for _, r := range extra {
		if _, found := slices.BinarySearch(near[:n], int(r)); !found {
			near = append(near, int(r))
		}
	}
	if len(near) > n {
		slices.Sort(near)
	}
	return near
}

func knows(known []int32, r int32) bool {
	for _, k := range known {
		if k == r {
			return true
		}
	}
	return false
}

func (s *Scorer) inExclusion(c *childRec, k *carerRec) bool {
	for _, a := range c.exclAuth {
		if k.auth == a {
			return true
		}
	}
	for _, z := range c.exclCircles {
		if geo.HaversineKm(z.centre, geo.LatLon(k.lat, k.lon)) <= z.km {
			return true
		}
	}
	return false
}

// Stream scores every child in id order, chunk by chunk, on the Scorer's
// workers. work (optional) runs on the worker right after a chunk is scored,
// concurrently with other chunks: use it for per-chunk work such as
// formatting. deliver runs on one goroutine, for each chunk in order; the
// chunk and its slices are reused after deliver returns. The first error
// from work or deliver, or the context's, stops scoring and is returned.
func (s *Scorer) Stream(ctx context.Context, work, deliver func(*Chunk) error) error {
	return s.stream(ctx, true, work, deliver)
}

// stream is Stream, with each chunk's Parts filled only when parts is
// true (otherwise empty).
func (s *Scorer) stream(ctx context.Context, parts bool, work, deliver func(*Chunk) error) error {
	n := (len(s.cs) + chunkChildren - 1) / chunkChildren
	if n == 0 {
		return ctx.Err()
	}
	workers := min(s.set.workers, n)
	// Workers may run ahead of delivery by a few chunks only, bounding memory.
	// The lowest undelivered chunk is always held by a running worker, so
	// waiting for it cannot deadlock.
	ahead := 2 * workers
	slots := make([]chan *Chunk, n)
	for i := range slots {
		slots[i] = make(chan *Chunk, 1)
	}
	tokens := make(chan struct{}, ahead)
	free := make(chan *Chunk, ahead+workers)
	ctx, cancel := context.WithCancelCause(ctx)
	defer cancel(nil)
	var next atomic.Int64
	var wg sync.WaitGroup
	for range workers {
		wg.Go(func() {
			w := s.newWorker(parts)
			for {
				select {
				case tokens <- struct{}{}:
				case <-ctx.Done():
					return
				}
				i := int(next.Add(1) - 1)
				if i >= n {
					return
				}
				var ch *Chunk
				select {
				case ch = <-free:
				default:
					ch = new(Chunk)
				}
				s.scoreChunk(i, w, ch)
				if work != nil && ctx.Err() == nil {
					if err := work(ch); err != nil {
						cancel(err)
					}
				}
				slots[i] <- ch
			}
		})
	}
	var err error
	for i := range n {
		var ch *Chunk
		select {
		case ch = <-slots[i]:
		case <-ctx.Done():
		}
		if ch == nil || ctx.Err() != nil {
			err = context.Cause(ctx)
			break
		}
		if e := deliver(ch); e != nil {
			err = e
			cancel(e)
			break
		}
		select {
		case free <- ch:
		default:
		}
		<-tokens
	}
	cancel(nil)
	wg.Wait()
	return err
}

func (s *Scorer) scoreChunk(i int, w *worker, ch *Chunk) {
	lo, hi := i*chunkChildren, min((i+1)*chunkChildren, len(s.cs))
	ch.First = lo
	if cap(ch.Pairs) < w.hint {
		ch.Pairs = make([]ScoredPair, 0, w.hint+w.hint/4)
	}
	ch.Pairs = ch.Pairs[:0]
	ch.Parts = ch.Parts[:0]
	ch.Children = ch.Children[:0]
	ch.Buf = ch.Buf[:0]
	ch.Value = nil
	for j := lo; j < hi; j++ {
		ch.Children = append(ch.Children, ChildSummary{})
		s.scoreChild(j, w, ch, &ch.Children[len(ch.Children)-1])
	}
	w.hint = max(w.hint, len(ch.Pairs))
}

// Result is every eligible pair of a scenario, with a summary per child.
type Result struct {
	// Pairs are ordered by child id, then carer id.
	Pairs []ScoredPair
	// Children are in child id order; Start[i] is the index in Pairs of
	// Children[i]'s first pair (Start has one more entry, len(Pairs)).
	Children []ChildSummary
	Start    []int
}

// ScoreOptions say what ScoreWith makes from the one scoring of every pair
// besides the pairs themselves.
type ScoreOptions struct {
	// Top, when at least 1, shortlists each child's best Top carers, as
	// Shortlist does.
	Top int
	// PairsCSV, when set, receives pairs.csv as WritePairsCSV writes it:
	// formatted on the scoring workers, written in order as scored.
	PairsCSV io.Writer
	// Progress, when set, is told after each run of children is scored how
	// many children (of every child of the scorer) are done; it is called
	// on one goroutine, in order.
	Progress func(done int)
}

// ScoreWith scores every eligible pair once and keeps them all in memory,
// with what opt asks for made from the same scoring: the shortlist (nil
// unless opt.Top ≥ 1) and pairs.csv. A national scenario (9.7 M pairs)
// holds 20 bytes a pair, its components only while a run of children is
// formatted.
func (s *Scorer) ScoreWith(ctx context.Context, opt ScoreOptions) (*Result, []ShortlistEntry, error) {
	res := &Result{Children: make([]ChildSummary, 0, len(s.cs)), Start: make([]int, 0, len(s.cs)+1)}
	var short []ShortlistEntry
	if opt.PairsCSV != nil {
		head := output.NewCSV(opt.PairsCSV)
		head.Header(pairsHeader()...)
		if err := head.Flush(); err != nil {
			return nil, nil, err
		}
	}
	var work func(*Chunk) error
	if opt.Top >= 1 || opt.PairsCSV != nil {
		work = func(ch *Chunk) error {
			if opt.Top >= 1 {
				ch.Value = s.shortlistChunk(ch, opt.Top)
			}
			if opt.PairsCSV != nil {
				c := output.NewCSV(chunkWriter{ch})
				s.formatPairs(c, ch.Pairs, ch.Parts)
				return c.Flush()
			}
			return nil
		}
	}
	done := 0
	store := pairStore{children: len(s.cs)}
	err := s.stream(ctx, opt.PairsCSV != nil, work, func(ch *Chunk) error {
		at := len(store.pairs)
		for _, c := range ch.Children {
			res.Start = append(res.Start, at)
			at += int(c.Eligible)
		}
		res.Children = append(res.Children, ch.Children...)
		store.add(ch.Pairs, len(res.Children))
		if rows, ok := ch.Value.([]ShortlistEntry); ok {
			short = append(short, rows...)
		}
		if opt.PairsCSV != nil {
			if _, err := opt.PairsCSV.Write(ch.Buf); err != nil {
				return err
			}
		}
		done += len(ch.Children)
		if opt.Progress != nil {
			opt.Progress(done)
		}
		return nil
	})
	if err != nil {
		return nil, nil, err
	}
	res.Pairs = store.pairs
	res.Start = append(res.Start, len(res.Pairs))
	if opt.Top >= 1 && short == nil {
		short = []ShortlistEntry{}
	}
	return res, short, nil
}

// pairStore gathers the pairs of a scoring, chunk after chunk, into one
// slice sized by extrapolation. Until a sixteenth of the children are
// scored it grows as append would; then, when a chunk does not fit, the
// slice moves to one of the pairs so far per child scored, times every
// child, plus an eighth (and at least an eighth more than it holds). A
// national scenario's children have similar numbers of eligible carers,
// so most of its 9 M pairs (180 MB) are written once, where gathering
// them in blocks and joining them wrote them all twice: 45,000 page
// faults and a 180 MB copy more (issue 15). Capacity beyond the pairs is
// never written, so the kernel never backs it.
type pairStore struct {
	pairs    []ScoredPair
	children int // every child of the scoring
}

func (b *pairStore) add(ps []ScoredPair, done int) {
	need := len(b.pairs) + len(ps)
	if need > cap(b.pairs) {
		c := max(2*cap(b.pairs), need)
		if 16*done >= b.children {
			est := int(int64(need) * int64(b.children) / int64(max(done, 1)))
			c = max(est+est/8, need+need/8)
		}
		b.pairs = append(hugepage.MakeCap[ScoredPair](0, c), b.pairs...)
	}
	b.pairs = append(b.pairs, ps...)
}
