package match

import (
	"context"
	"fmt"
	"math"
	"slices"
	"strings"

	"github.com/linkmatch/linkmatch"
	"github.com/linkmatch/linkmatch/assign"
	"github.com/linkmatch/linkmatch/internal/english"
)

// Family Link short breaks (seed 002, issue 17): each child is assessed
// for so many breaks a month (linkmatch.Breaks) and each carer offers so
// many sessions a month (linkmatch.Offer). Matching fills children's breaks
// from carers' offered sessions, posed to the solver (package assign) as:
//
//   - a row per child needing k places, k being the child's sessions a
//     month, all at one carer (Problem.Units): one carer per child, for
//     continuity;
//   - a column per carer whose places are the sessions a month they offer,
//     never more than four weeks of their most a week;
//   - an arc for each pair the scorer finds eligible whose carer offers
//     every kind of break the child needs, enough nights a month for the
//     child's stays (and a spare bedroom), and enough in a week to spread
//     the child's sessions over four weeks; its weight is the pair's score
//     in hundredths;
//   - sibling groups as groups, as in step-down matching.
//
// The objective is lexicographic (breaks_tier.go, issue 17, seed 002): the
// most sessions delivered, then the most children reached, then the best
// total score; the solver proves it with its certificate. Components of
// children and carers sharing no eligible pair are searched apart
// (breaks_split.go). Two more limits per carer — the children
// they link with (carers.csv capacity, less current links) and the nights a
// month they offer, shared by their children's stays — are kept by the
// branch and bound of sideSolve.
//
// When the scenario allows a second carer (max_carers_per_child = 2) a
// second phase follows for the children the first left without a carer:
// each child's breaks are split into parts (by kind, or a single kind in
// halves), each part a row with its share of the child's score, on what
// the carers have left; the branch and bound also keeps each child to at
// most two carers. With max_carers_per_child = 1 the second phase still
// runs, keeping each child to one carer: a child no carer can give
// everything to gets part of their breaks from one carer rather than none.
//
// Both phases are optimal in turn (the most sessions with one carer per
// child first, then the most of what is left), each proven by its own
// certificate and branch and bound.

// BreaksOptions configure SolveBreaks.
type BreaksOptions struct {
	// Nights are the nights away from home a break of each kind spans (0
	// for a daytime break), by kind (plan.Template.Nights).
	Nights map[string]int
	// MaxCarersPerChild is 1 (the default) or 2.
	MaxCarersPerChild int
	// Mode is the solver's mode; optimal mode keeps the side limits exactly
	// with a branch and bound, the baselines repair greedily.
	Mode assign.Mode
	// NodeLimit bounds the branch and bound's relaxations per phase (0: a
	// few hundred).
	NodeLimit int
	// NoCarer, when set, says why a child (an index in the children given)
	// has no eligible carer at all, for BreakShare.Reason: the scorer's
	// Diagnose(child).Explain. Without it the reason is general.
	NoCarer func(child int32) string
	// TooLate, when set, says why a child (an index in the children given)
	// is not to be linked at all, whatever carers are eligible — a young
	// person who turns 18 before a link could give more than
	// Introductions and a few breaks (plan.TemplateInfo.BreaksNeedUntil);
	// "" for a child who may be. It is a hard rule on the child: their
	// pairs are left out, and the reason is the share's.
	TooLate func(child int32) string
	// whole, for tests, searches each phase as one problem rather than
	// component by component (breaks_split.go).
	whole bool
}

// BreakLink is one chosen link: a child, a carer and the child's breaks
// the carer gives (all of them, or a part when a second carer shares them).
type BreakLink struct {
	// Child and Carer index the slices given to SolveBreaks.
	Child, Carer     int32
	ChildID, CarerID string
	Breaks           linkmatch.Breaks
	Score            float64
	// Phase is 1 for a child's one carer, 2 for a link made in the second
	// phase (part of the breaks, or a second carer).
	Phase int
}

// BreakShare says how much of one child's assessed breaks the links meet.
type BreakShare struct {
	Child            int32
	ChildID          string
	Entitled, Met    int // sessions a month
	Carers           []string
	Unmet            linkmatch.Breaks // what no carer gives
	Reason           string           // plain words; "" when all is met
	EligibleCarers   int              // carers the hard rules allow
	SiblingGroupNote string
	// TooLate is set when the child is not linked because they turn 18
	// too soon (BreaksOptions.TooLate); Reason says when.
	TooLate bool
}

// Share returns the share of the child's breaks met, 0–1.
func (s *BreakShare) Share() float64 {
	if s.Entitled == 0 {
		return 1
	}
	return float64(s.Met) / float64(s.Entitled)
}

// BreaksPhase is one solve: the solver's problem as finally posed (with the
// arcs the branch and bound removed left out), its result with its
// certificate, and the search.
type BreaksPhase struct {
	Name    string
	Problem *Problem
	Result  *SolveResult
	Proven  bool
	// Why says, when an optimal phase is not proven, what stopped the
	// proof (the search's limits, a relaxation not proven, a tie).
	Why   string
	Nodes int
	// ScoreStep is the step, in hundredths of a point, the phase's weights
	// count scores in after the children-reached goal was added (1: exact),
	// or 0 when that goal did not fit the solver's arithmetic (breaks_tier.go).
	ScoreStep int64
}

// BreaksResult is the outcome of SolveBreaks.
type BreaksResult struct {
	Mode assign.Mode
	// Links are sorted by child id, then carer id.
	Links []BreakLink
	// Shares has every child with breaks, in id order.
	Shares []BreakShare
	Phases []BreaksPhase
	// Proven is true when every phase is proven optimal.
	Proven bool
	// Entitled and Met total the sessions a month.
	Entitled, Met int
	// Baselines are, in optimal mode, the greedy and the stable results on
	// the same scheme (CompareBreaks compares with them).
	Baselines []*BreaksResult
	// FellBack is set when a baseline delivered more than the optimal
	// search (breaksBetter) and its links were taken: From names it, and
	// the result is not proven optimal.
	FellBack bool
	From     assign.Mode
	// SearchMet and SearchReached are, when FellBack, the sessions a month
	// and the children the optimal search's own links gave.
	SearchMet, SearchReached int
	// searchWhy is, when FellBack, what kept the search's own answer from
	// being proven ("" when it was).
	searchWhy string
}

// part is a row of a phase: some or all of one child's breaks.
type part struct {
	child    int32
	breaks   linkmatch.Breaks
	sessions int
	nights   int
}

// carerRoom is what a carer has left to offer.
type carerRoom struct {
	sessions, nights, children int
}

// effectiveSessions is the sessions a month a carer can give: their offer,
// never more than four weeks of their most a week.
func effectiveSessions(o linkmatch.Offer) int {
	if o.MostPerWeek > 0 {
		return min(o.SessionsPerMonth, 4*o.MostPerWeek)
	}
	return o.SessionsPerMonth
}

// nightsOf is the nights a month breaks take.
func nightsOf(b linkmatch.Breaks, nights map[string]int) int {
	n := 0
	for _, x := range b {
		n += x.PerMonth * nights[x.Kind]
	}
	return n
}

// SolveBreaks chooses short-breaks links (see the comment at the top of
// this file). pairs are the scorer's eligible pairs, indexing children and
// carers. Children without breaks are left out.
//
// In optimal mode it also solves greedy and stable (Baselines) and, should
// either deliver more (breaksBetter: sessions, then children reached, then
// score) — which the phases and a search stopped at its node limit allow —
// takes that answer instead, not proven optimal, with FellBack set: a
// coordinator never gets fewer sessions or children from optimal than from
// a baseline on the same scheme.
func SolveBreaks(ctx context.Context, children []linkmatch.Child, carers []linkmatch.Carer, pairs []ScoredPair, opt BreaksOptions) (*BreaksResult, error) {
	res, err := solveBreaks(ctx, children, carers, pairs, opt)
	if err != nil || opt.Mode != assign.Optimal {
		return res, err
	}
	best := res
	for _, m := range []assign.Mode{assign.Greedy, assign.Stable} {
		o := opt
		o.Mode = m
		r, err := solveBreaks(ctx, children, carers, pairs, o)
		if err != nil {
			return nil, err
		}
		res.Baselines = append(res.Baselines, r)
		if breaksBetter(r, best) {
			best = r
		}
	}
	if best != res {
		res.searchWhy = res.phasesWhy()
		res.SearchMet, res.SearchReached = res.Met, res.Reached()
		res.Links, res.Shares, res.Met = best.Links, best.Shares, best.Met
		res.Phases = slices.Clone(best.Phases)
		for i := range res.Phases {
			res.Phases[i].Proven = false
		}
		res.Proven, res.FellBack, res.From = false, true, best.Mode
	}
	return res, nil
}

// breaksBetter reports whether a delivers more than b: more sessions a
// month, or as many on more children, or as many of both with a better
// total score (each link's score weighed by its share of the child's
// breaks, as the phases weigh it).
func breaksBetter(a, b *BreaksResult) bool {
	if a.Met != b.Met {
		return a.Met > b.Met
	}
	if ra, rb := a.Reached(), b.Reached(); ra != rb {
		return ra > rb
	}
	return a.weighedScore() > b.weighedScore()+1e-9
}

// WhyNotProven says, in plain words, why optimal links are not proven
// optimal: the greedy or stable links were better and are used (with what
// each gave), or what stopped a phase's proof. It is "" when they are
// proven, or in greedy and stable modes (where no proof is sought).
func (r *BreaksResult) WhyNotProven() string {
	if r.Proven || r.Mode != assign.Optimal {
		return ""
	}
	if !r.FellBack {
		return r.phasesWhy()
	}
	why := fmt.Sprintf("%s's links are used: they meet %s a month for %s, the optimal search's links %d for %d",
		r.From, english.Count(r.Met, "session", "sessions"), english.Count(r.Reached(), "child", "children"), r.SearchMet, r.SearchReached)
	if r.SearchMet == r.Met && r.SearchReached == r.Reached() {
		why = fmt.Sprintf("%s's links are used: they meet as many sessions a month (%d) for as many children (%d) as the optimal search's links, with a better total score",
			r.From, r.Met, r.Reached())
	}
	if r.searchWhy != "" {
		why += " (" + r.searchWhy + ")"
	} else {
		why += " (the search's two phases, whole entitlements then parts, are each proven optimal in turn, not together)"
	}
	return why
}

// phasesWhy says what stopped the proof of each phase not proven, naming
// the phase.
func (r *BreaksResult) phasesWhy() string {
	var out []string
	for _, ph := range r.Phases {
		if !ph.Proven {
			why := ph.Why
			if why == "" {
				why = "not proven"
			}
			out = append(out, fmt.Sprintf("%s: %s", ph.Name, why))
		}
	}
	return strings.Join(out, "; ")
}

// Reached counts the children with at least one session met.
func (r *BreaksResult) Reached() int {
	n := 0
	for _, s := range r.Shares {
		if s.Met > 0 {
			n++
		}
	}
	return n
}

// weighedScore sums each link's score times its share of the child's
// breaks.
func (r *BreaksResult) weighedScore() float64 {
	entitled := map[int32]int{}
	for _, s := range r.Shares {
		entitled[s.Child] = s.Entitled
	}
	t := 0.0
	for _, l := range r.Links {
		if e := entitled[l.Child]; e > 0 {
			t += l.Score * float64(l.Breaks.Total()) / float64(e)
		}
	}
	return t
}

// solveBreaks is SolveBreaks in one mode, without the baselines.
func solveBreaks(ctx context.Context, children []linkmatch.Child, carers []linkmatch.Carer, pairs []ScoredPair, opt BreaksOptions) (*BreaksResult, error) {
	if opt.MaxCarersPerChild < 1 {
		opt.MaxCarersPerChild = 1
	}
	room := make([]carerRoom, len(carers))
	for j := range carers {
		room[j] = carerRoom{effectiveSessions(carers[j].Offer), carers[j].Offer.OvernightsPerMonth, carers[j].Places()}
	}
	allPairs := pairs
	if opt.TooLate != nil {
		late := map[int32]bool{}
		for i := range children {
			late[int32(i)] = opt.TooLate(int32(i)) != ""
		}
		pairs = slices.DeleteFunc(slices.Clone(pairs), func(pr ScoredPair) bool { return late[pr.Child] })
	}
	scores := map[[2]int32]float64{}
	for _, pr := range pairs {
		scores[[2]int32{pr.Child, pr.Carer}] = math.Round(float64(pr.Score)*100) / 100
	}
	res := &BreaksResult{Mode: opt.Mode, Proven: true}

	var whole []part
	for i := range children {
		if b := children[i].Breaks; b.Total() > 0 {
			whole = append(whole, part{child: int32(i), breaks: b, sessions: b.Total(), nights: nightsOf(b, opt.Nights)})
		}
	}
	ph1, links, err := solvePhase(ctx, "one carer per child", children, carers, whole, room, scores, opt, true)
	if err != nil {
		return nil, err
	}
	res.Phases = append(res.Phases, *ph1)
	res.Links = append(res.Links, links...)
	placed := map[int32]bool{}
	for _, l := range links {
		placed[l.Child] = true
		room[l.Carer].sessions -= l.Breaks.Total()
		room[l.Carer].nights -= nightsOf(l.Breaks, opt.Nights)
		room[l.Carer].children--
	}

	// Second phase: parts of the breaks of children left without a carer.
	// Siblings stay together, so children of sibling groups are not split.
	var parts []part
	for _, w := range whole {
		if placed[w.child] || children[w.child].SiblingGroup != "" {
			continue
		}
		for _, b := range splitBreaks(w.breaks) {
			parts = append(parts, part{child: w.child, breaks: b, sessions: b.Total(), nights: nightsOf(b, opt.Nights)})
		}
	}
	if len(parts) > 0 {
		ph2, links2, err := solvePhase(ctx, "parts of children's breaks", children, carers, parts, room, scores, opt, false)
		if err != nil {
			return nil, err
		}
		res.Phases = append(res.Phases, *ph2)
		res.Links = append(res.Links, mergeLinks(links2)...)
	}
	for _, ph := range res.Phases {
		res.Proven = res.Proven && ph.Proven
	}
	slices.SortFunc(res.Links, func(a, b BreakLink) int {
		if c := strings.Compare(a.ChildID, b.ChildID); c != 0 {
			return c
		}
		return strings.Compare(a.CarerID, b.CarerID)
	})
	res.Shares = shares(children, carers, allPairs, res.Links, whole, opt)
	for _, s := range res.Shares {
		res.Entitled += s.Entitled
		res.Met += s.Met
	}
	return res, nil
}

// splitBreaks splits breaks into the parts a second phase places: one part
// per kind, or, for a single kind of two or more a month, two halves.
func splitBreaks(b linkmatch.Breaks) []linkmatch.Breaks {
	if len(b) > 1 {
		out := make([]linkmatch.Breaks, len(b))
		for i, x := range b {
			out[i] = linkmatch.Breaks{x}
		}
		return out
	}
	if len(b) == 1 && b[0].PerMonth >= 2 {
		half := b[0].PerMonth / 2
		return []linkmatch.Breaks{{{Kind: b[0].Kind, PerMonth: b[0].PerMonth - half}}, {{Kind: b[0].Kind, PerMonth: half}}}
	}
	return []linkmatch.Breaks{b}
}

// mergeLinks joins the parts of one child placed with one carer into one
// link.
func mergeLinks(ls []BreakLink) []BreakLink {
	var out []BreakLink
	at := map[[2]int32]int{}
	for _, l := range ls {
		k := [2]int32{l.Child, l.Carer}
		i, ok := at[k]
		if !ok {
			at[k] = len(out)
			out = append(out, l)
			continue
		}
		m := &out[i]
		for _, b := range l.Breaks {
			if j := slices.IndexFunc(m.Breaks, func(x linkmatch.Break) bool { return x.Kind == b.Kind }); j >= 0 {
				m.Breaks[j].PerMonth += b.PerMonth
			} else {
				m.Breaks = append(m.Breaks, b)
			}
		}
		m.Score = max(m.Score, l.Score)
	}
	return out
}

// innerNodes is the solver's own branch-and-bound budget per relaxation of
// a phase (assign.Options.NodeLimit): rows of several sessions often split
// in its flow relaxation, and a proof per relaxation is what lets the outer
// search prove the phase.
const innerNodes = 2000

// BreaksComparison says what one short-breaks result gains over another
// (usually optimal over greedy or stable): sessions a month met and
// children with a carer, and the children the other reaches that the base
// does not (ids, sorted). Used is the mode whose links the base holds:
// Base, or greedy or stable when optimal mode took their links
// (BreaksResult.FellBack), so that the sentence says what was compared
// with what.
type BreaksComparison struct {
	Base, Other, Used            assign.Mode
	ExtraSessions, ExtraChildren int
	Missed                       []string
}

// CompareBreaks compares two short-breaks results.
func CompareBreaks(base, other *BreaksResult) BreaksComparison {
	reached := map[string]bool{}
	for _, s := range base.Shares {
		reached[s.ChildID] = s.Met > 0
	}
	var missed []string
	for _, s := range other.Shares {
		if s.Met > 0 && !reached[s.ChildID] {
			missed = append(missed, s.ChildID)
		}
	}
	used := base.Mode
	if base.FellBack {
		used = base.From
	}
	return BreaksComparison{Base: base.Mode, Other: other.Mode, Used: used,
		ExtraSessions: base.Met - other.Met, ExtraChildren: base.Reached() - other.Reached(), Missed: missed}
}

// String describes the comparison in one sentence, naming (by id, at most
// ten) the children the other mode reaches that the base does not. When
// optimal mode took greedy's or stable's links it says so, rather than
// "optimal meets +0 … compared with greedy" under a summary saying
// greedy's links are used (a tester read the two as a contradiction).
func (c BreaksComparison) String() string {
	gain := func(reach string) string {
		return fmt.Sprintf("%+d %s a month and %s %+d %s compared with %s",
			c.ExtraSessions, english.Plural(c.ExtraSessions, "session", "sessions"),
			reach, c.ExtraChildren, english.Plural(c.ExtraChildren, "child", "children"), c.Other)
	}
	var s string
	switch c.Used {
	case c.Base:
		s = fmt.Sprintf("%s meets %s", c.Base, gain("reaches"))
	case c.Other:
		return fmt.Sprintf("%s mode uses %s's links, in place of the optimal search's: nothing to compare with %s", c.Base, c.Used, c.Other)
	default:
		s = fmt.Sprintf("%s mode uses %s's links, in place of the optimal search's: they meet %s", c.Base, c.Used, gain("reach"))
	}
	if len(c.Missed) > 0 {
		ids := c.Missed
		more := ""
		if len(ids) > 10 {
			ids, more = ids[:10], fmt.Sprintf(" and %d more", len(c.Missed)-10)
		}
		s += fmt.Sprintf("; %s reaches %s%s, whom %s does not", c.Other, strings.Join(ids, ", "), more, c.Used)
	}
	return s
}
