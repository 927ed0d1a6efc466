package match

import (
	"fmt"
	"github.com/linkmatch/linkmatch/internal/english"
	"slices"
	"strings"

	"github.com/linkmatch/linkmatch"
)

// shares says, child by child, how much of the assessed breaks the links
// meet, and in plain words why not all of it when they fall short.
func shares(children []linkmatch.Child, carers []linkmatch.Carer, pairs []ScoredPair, links []BreakLink, whole []part, opt BreaksOptions) []BreakShare {
	eligible := map[int32][]int32{}
	for _, pr := range pairs {
		eligible[pr.Child] = append(eligible[pr.Child], pr.Carer)
	}
	met := map[int32]linkmatch.Breaks{}
	carersOf := map[int32][]string{}
	for _, l := range links {
		for _, b := range l.Breaks {
			met[l.Child] = addBreak(met[l.Child], b)
		}
		carersOf[l.Child] = append(carersOf[l.Child], l.CarerID)
	}
	out := make([]BreakShare, 0, len(whole))
	for _, w := range whole {
		s := BreakShare{Child: w.child, ChildID: children[w.child].ID, Entitled: w.sessions, Met: met[w.child].Total(),
			Carers: carersOf[w.child], EligibleCarers: len(eligible[w.child])}
		for _, b := range w.breaks {
			if short := b.PerMonth - met[w.child].Count(b.Kind); short > 0 {
				s.Unmet = append(s.Unmet, linkmatch.Break{Kind: b.Kind, PerMonth: short})
			}
		}
		switch {
		case len(s.Unmet) > 0 && opt.TooLate != nil && opt.TooLate(w.child) != "":
			s.Reason, s.TooLate = opt.TooLate(w.child), true
		case len(s.Unmet) > 0 && len(eligible[w.child]) == 0 && opt.NoCarer != nil:
			s.Reason = opt.NoCarer(w.child)
		case len(s.Unmet) > 0:
			s.Reason = unmetReason(&children[w.child], carers, eligible[w.child], s.Unmet, len(s.Carers), opt)
		}
		out = append(out, s)
	}
	slices.SortFunc(out, func(a, b BreakShare) int { return strings.Compare(a.ChildID, b.ChildID) })
	return out
}

func addBreak(bs linkmatch.Breaks, b linkmatch.Break) linkmatch.Breaks {
	for i := range bs {
		if bs[i].Kind == b.Kind {
			bs[i].PerMonth += b.PerMonth
			return bs
		}
	}
	return append(bs, b)
}

// unmetReason explains, kind by kind, why some of a child's breaks have no
// carer: no eligible carer offers that kind (or enough nights, or enough a
// week), or those who do have given their sessions, nights or places to
// other children, or the child already has as many carers as allowed.
func unmetReason(c *linkmatch.Child, carers []linkmatch.Carer, eligible []int32, unmet linkmatch.Breaks, has int, opt BreaksOptions) string {
	if len(eligible) == 0 {
		return "no eligible carer: every carer is ruled out by the hard rules (distance, age, needs, places)"
	}
	if has >= opt.MaxCarersPerChild && has > 0 {
		return fmt.Sprintf("%s: no more than %d %s per child (max_carers_per_child), and the child's %s cannot give the rest",
			unmet, opt.MaxCarersPerChild, plural(opt.MaxCarersPerChild, "carer", "carers"), plural(has, "carer", "carers"))
	}
	var parts []string
	for _, b := range unmet {
		pt := part{breaks: linkmatch.Breaks{b}, sessions: b.PerMonth, nights: b.PerMonth * opt.Nights[b.Kind]}
		offer := 0
		for _, j := range eligible {
			if arcAllowed(&pt, &carers[j]) {
				offer++
			}
		}
		what := fmt.Sprintf("%d %s a month", b.PerMonth, b.Kind)
		switch {
		case offer == 0 && opt.Nights[b.Kind] > 0:
			parts = append(parts, what+": none of the "+countWord(len(eligible), "eligible carer")+" offers "+b.Kind+" breaks with enough nights a month")
		case offer == 0:
			parts = append(parts, what+": none of the "+countWord(len(eligible), "eligible carer")+" offers "+b.Kind+" breaks often enough")
		default:
			parts = append(parts, what+": the "+countWord(offer, "eligible carer")+" who could give them "+plural(offer, "has", "have")+" no room left (sessions, nights or places taken by other children)")
		}
	}
	return strings.Join(parts, "; ")
}

func countWord(n int, noun string) string { return english.Count(n, noun, noun+"s") }
