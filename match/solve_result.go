package match

import (
	"fmt"
	"sort"
)

// Unmatched explains why a child has no link. Reason is a sentence for
// people; Code, Eligible and Full are for programs: Eligible counts the
// carers the child (or its whole sibling group) could have gone to, Full
// how many of them have no place left at the end.
type Unmatched struct {
	Child    int32
	Code     string // "no_eligible_carer", "carers_full" or "no_room_for_group"
	Reason   string
	Eligible int
	Full     int
}

// Unmatched codes.
const (
	CodeNoEligible = "no_eligible_carer"
	CodeFull       = "carers_full"
	CodeNoRoom     = "no_room_for_group"
)

// finishResult adds pinned links, sorts links by child ID, totals them and
// explains every child left unlinked.
func finishResult(pr *prepared, res *SolveResult) {
	p := pr.p
	for c, j := range pr.pinned {
		if j >= 0 {
			k := pr.candIndex(int32(c), j)
			res.Assignments = append(res.Assignments, Assignment{Child: int32(c), Carer: j, Score: pr.candRaw[k], Pinned: true, Group: pr.group[c]})
		}
	}
	sort.Slice(res.Assignments, func(a, b int) bool {
		return pr.childRank[res.Assignments[a].Child] < pr.childRank[res.Assignments[b].Child]
	})
	res.Linked = len(res.Assignments)
	res.TotalScore, res.ScaledTotal = 0, 0
	linked := make([]bool, len(p.ChildIDs))
	load := make([]int32, len(p.CarerIDs))
	for _, a := range res.Assignments {
		res.TotalScore += a.Score
		res.ScaledTotal += scaleScore(a.Score)
		linked[a.Child] = true
		if !a.Pinned {
			load[a.Carer]++
		}
	}
	res.Unmatched = res.Unmatched[:0]
	for ui := range pr.units {
		u := &pr.units[ui]
		if linked[u.members[0]] {
			continue
		}
		for _, c := range u.members {
			res.Unmatched = append(res.Unmatched, pr.explain(u, c, load, res.Mode))
		}
	}
	sort.Slice(res.Unmatched, func(a, b int) bool {
		return pr.childRank[res.Unmatched[a].Child] < pr.childRank[res.Unmatched[b].Child]
	})
}

func (pr *prepared) explain(u *unit, c int32, load []int32, mode Mode) Unmatched {
	carers, _ := pr.options(u)
	k := u.size()
	um := Unmatched{Child: c, Eligible: len(carers)}
	room := 0
	for _, j := range carers {
		left := pr.places[j] - load[j]
		if left <= 0 {
			um.Full++
		}
		if left >= k {
			room++
		}
	}
	who := "children with fewer options"
	switch mode {
	case ModeOptimal:
		who = "other children (linking this child would leave another unlinked or lower the total score)"
	case ModeStable:
		who = "children those carers ranked higher"
	}
	switch {
	case len(carers) == 0 && k > 1:
		um.Code = CodeNoEligible
		um.Reason = fmt.Sprintf("no carer is eligible for all %d siblings", k)
	case len(carers) == 0:
		um.Code = CodeNoEligible
		um.Reason = "no eligible carer"
	case um.Full == um.Eligible:
		um.Code = CodeFull
		um.Reason = fmt.Sprintf("all %d eligible carers were needed by %s", um.Eligible, who)
	case k > 1 && room == 0:
		um.Code = CodeNoRoom
		um.Reason = fmt.Sprintf("none of the %d carers eligible for all %d siblings has %d places left (%d full)", um.Eligible, k, k, um.Full)
	default:
		// Possible only in stable mode, where a carer may prefer to keep a
		// place empty rather than take a sibling group that would displace
		// children it ranks higher.
		um.Code = CodeNoRoom
		um.Reason = fmt.Sprintf("%d of %d eligible carers are full; the others were kept for %s", um.Full, um.Eligible, who)
	}
	return um
}

// ModeComparison says what one mode's result gains over another's.
type ModeComparison struct {
	Base, Other Mode
	// ExtraLinked is how many more children Base links than Other.
	ExtraLinked int
	// ScoreDiff is Base's total score minus Other's; MeanScoreDiff the
	// difference of the mean score per link (0 when either links nobody).
	ScoreDiff     float64
	MeanScoreDiff float64
}

// Compare compares two results, usually optimal (base) against greedy or
// stable.
func Compare(base, other *SolveResult) ModeComparison {
	c := ModeComparison{Base: base.Mode, Other: other.Mode,
		ExtraLinked: base.Linked - other.Linked,
		ScoreDiff:   float64(base.ScaledTotal-other.ScaledTotal) / scoreScale,
	}
	if base.Linked > 0 && other.Linked > 0 {
		c.MeanScoreDiff = base.TotalScore/float64(base.Linked) - other.TotalScore/float64(other.Linked)
	}
	return c
}

// String describes the comparison in one sentence.
func (c ModeComparison) String() string {
	return fmt.Sprintf("%s links %d more children than %s, total score %+.2f, mean score per link %+.2f",
		c.Base, c.ExtraLinked, c.Other, c.ScoreDiff, c.MeanScoreDiff)
}
