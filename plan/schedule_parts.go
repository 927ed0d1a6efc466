package plan

import (
	"context"
	"fmt"
	"runtime"

	"github.com/linkmatch/linkmatch"
)

// Planning a national set of links (7,000) is shared among the cores. A
// link's sessions depend on the diaries of its carer and its child (and,
// in a sibling group, its siblings', the same carer's), and on no other
// link's: so links are grouped into parts that share no carer and no
// child, and each part is planned as the whole set would be, unit by unit
// in link order, with the same steps in the same order. Links in
// different parts never meet in a diary, so the sessions are the same
// bytes whatever the number of parts.

// minLinksPerPart is the fewest links worth a core of their own.
const minLinksPerPart = 128

// planParts groups the units into parts, each a list of unit indexes in
// unit order, such that no carer or child has links in two parts;
// linkPart gives each link's part, by link index. Groups of units linked by a carer or a child
// (union-find) are dealt to the parts in order of their first unit, the
// parts about equal in links.
func (p *Planner) planParts(lps []*linkPlan, units []party) (parts [][]int, linkPart []int) {
	carers, children := 0, 0
	for _, lp := range lps {
		carers, children = max(carers, int(lp.carer)+1), max(children, int(lp.child)+1)
	}
	parent := make([]int32, len(units)+carers+children)
	for i := range parent {
		parent[i] = int32(i)
	}
	find := func(x int32) int32 {
		for parent[x] != x {
			parent[x] = parent[parent[x]]
			x = parent[x]
		}
		return x
	}
	union := func(a, b int32) {
		ra, rb := find(a), find(b)
		if ra != rb {
			parent[max(ra, rb)] = min(ra, rb) // the root is a group's first node
		}
	}
	for k, u := range units {
		for _, lp := range u {
			union(int32(k), int32(len(units))+int32(lp.carer))
			union(int32(k), int32(len(units)+carers)+int32(lp.child))
		}
	}
	n := max(1, min(runtime.GOMAXPROCS(0), len(lps)/minLinksPerPart))
	linkPart = make([]int, len(lps))
	groupPart := map[int32]int{} // a group's part, by its root (its first unit)
	parts = make([][]int, n)
	done := 0 // links dealt so far
	for k, u := range units {
		r := find(int32(k))
		part, ok := groupPart[r]
		if !ok {
			part = min(n-1, done*n/max(len(lps), 1))
			groupPart[r] = part
		}
		for _, lp := range u {
			linkPart[lp.idx] = part
		}
		parts[part] = append(parts[part], k)
		done += len(u)
	}
	return parts, linkPart
}

// planPart plans the units of part k (their indexes in units), each step
// for every unit of the part before the next step, as run did for the
// whole set before it was shared (linkPart: planParts).
func (p *Planner) planPart(ctx context.Context, lps []*linkPlan, units []party, order, part, linkPart []int, k int, d *diary) error {
	for n, ui := range part {
		if n%64 == 0 {
			if err := ctx.Err(); err != nil {
				return fmt.Errorf("planning stopped after %d of %d links: %w", n, len(lps), err)
			}
		}
		u := units[ui]
		if !u[0].replan {
			continue
		}
		for _, lp := range u {
			lp.rows = make([]row, 0, rowsHint(lp))
			lp.countKept(p)
		}
		p.planUnit(u, d)
	}
	for _, ui := range part {
		if u := units[ui]; u[0].replan {
			p.planFallbacks(u, d)
		}
	}
	if p.tmpl.Scheme == linkmatch.SchemeShortBreaks {
		// The agreed breaks come once Introductions, fallbacks included,
		// are placed: an overnight waits until the child has met the carer.
		for _, ui := range part {
			for _, lp := range units[ui] {
				if lp.replan {
					p.planAgreed(lp, d)
					p.planReviews48(lp, d)
					p.planVisits48(lp, d)
				}
			}
		}
	}
	for _, i := range order {
		if lp := lps[i]; linkPart[i] == k && lp.replan && lp.redo == nil {
			p.fillGaps(lp, d)
		}
	}
	// A child not ready to move on goes no further (gateUnit): once every
	// session, gap fills included, has had its chance.
	for _, ui := range part {
		if u := units[ui]; u[0].replan && u[0].redo == nil {
			p.gateUnit(u)
		}
	}
	return nil
}
