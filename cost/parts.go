package cost

// This file prices the links of a costing in parts, one part per core,
// each link's rows exactly as priced one link after another.

import (
	"context"
	"fmt"
	"sync"

	"github.com/linkmatch/linkmatch"
)

// linksToPrice are the links of one costing: their ids in order, the
// indexes of each link's sessions (byLink) and of those that take place
// (taken), their facts (info), and the sessions as given, before moves
// (given).
type linksToPrice struct {
	ids           []string
	byLink, taken map[string][]int
	info          map[string]LinkInfo
	given         []linkmatch.Session
}

// pricePart is a run of links priced together: ids[lo:hi], whose links
// are res.Links[link:] and whose rows go into rows, which begins as the
// part's place (est rows) in the rows of every part.
type pricePart struct {
	lo, hi, link int
	est          int
	c            coster
	cancelled    int
	err          error
}

// priceLinks prices every link of ls into res (its Links, Rows, Unpriced
// and Cancelled) with the coster c (its sessions, rates and shared trips),
// in up to workers parts at once, and returns the sessions that cannot be
// priced (in the order of links, as priced one after another). A national
// costing is 7,000 links and two million rows, priced link by link in
// about 2 s on one core (issue 15): each part prices a run of links of
// about the same number of sessions on its own goroutine, into its own
// place in the rows reserved for all of them, and the parts' rows are
// then moved together in order.
func priceLinks(ctx context.Context, res *Result, c *coster, ls linksToPrice, workers int) ([]*SessionError, error) {
	weeks := (int(c.to-c.from) + 13) / 7
	parts, total, known := splitLinks(c, ls, weeks, workers)
	res.Links = make([]Link, known)
	rows := make([]Row, 0, total)
	at := 0
	for i := range parts {
		p := &parts[i]
		p.c = *c
		p.c.rows = rows[at : at : at+p.est]
		at += p.est
	}
	if len(parts) == 1 {
		parts[0].price(ctx, res, ls)
	} else {
		var wg sync.WaitGroup
		for i := range parts {
			wg.Go(func() { parts[i].price(ctx, res, ls) })
		}
		wg.Wait()
	}
	var bad []*SessionError
	for i := range parts {
		p := &parts[i]
		if p.err != nil {
			return nil, p.err
		}
		res.Cancelled += p.cancelled
		res.Unpriced = append(res.Unpriced, p.c.unpriced...)
		bad = append(bad, p.c.bad...)
	}
	res.Rows = gatherRows(rows, parts)
	return bad, nil
}

// gatherRows puts the parts' rows together in order, in rows (where each
// part's place is) when every part's rows fit its place, else in rows
// made anew.
func gatherRows(rows []Row, parts []pricePart) []Row {
	n := 0
	for i := range parts {
		if cap(parts[i].c.rows) != parts[i].est {
			// They outgrew their place: they are elsewhere, and may be
			// more than the space before the next part's.
			for j := range parts {
				n += len(parts[j].c.rows)
			}
			rows = make([]Row, 0, n)
			break
		}
	}
	for i := range parts {
		// In place, each part's rows move down to follow the last part's,
		// never over a later part's, which begin at or after its own end.
		rows = append(rows, parts[i].c.rows...)
	}
	return rows
}

// splitLinks divides the links of ls into up to workers runs of about the
// same work (sessions and retainer weeks), each with the rows reserved for
// it (estimateRows, and a row for each week of the period, weeks); it
// returns the rows reserved in all and the links with facts given.
func splitLinks(c *coster, ls linksToPrice, weeks, workers int) (parts []pricePart, total, known int) {
	work := 0
	for _, id := range ls.ids {
		work += len(ls.byLink[id]) + weeks
	}
	workers = max(1, min(workers, len(ls.ids)))
	p := pricePart{}
	done := 0
	for i, id := range ls.ids {
		idx := ls.byLink[id]
		p.est += estimateRows(c.sessions, idx, c.from, c.to) + weeks
		if _, ok := ls.info[id]; ok {
			known++
		}
		done += len(idx) + weeks
		// Cut where the work done reaches the next part's share.
		if i == len(ls.ids)-1 || done*workers >= work*(len(parts)+1) {
			p.hi = i + 1
			total += p.est
			parts = append(parts, p)
			p = pricePart{lo: i + 1, link: known}
		}
	}
	return parts, total, known
}

// price prices the part's links, one after another, into res.Links and
// its own rows.
func (p *pricePart) price(ctx context.Context, res *Result, ls linksToPrice) {
	c := &p.c
	k := p.link
	for _, id := range ls.ids[p.lo:p.hi] {
		if p.err = ctx.Err(); p.err != nil {
			return
		}
		idx := ls.byLink[id]
		info, ok := ls.info[id]
		if !ok {
			for _, i := range idx {
				c.bad = append(c.bad, &SessionError{Index: i, Session: c.sessions[i], Err: fmt.Errorf("%w: no child or carer is given for link %q", ErrNoLinkInfo, id)})
			}
			continue
		}
		l := &res.Links[k]
		*l = Link{ID: id, LinkInfo: info}
		c.idx, c.link = idx, int32(k)
		k++
		c.checkOwners(l)
		span(l, c.sessions, idx, c.from, c.to) // a cancelled session still shows the link was active
		c.idx = ls.taken[id]
		p.cancelled += len(idx) - len(c.idx)
		c.recorded = recordedTo(ls.given, idx)
		c.cost(l)
		l.Gaps = gaps(l, c.sessions, c.idx, c.from, c.to)
	}
}
