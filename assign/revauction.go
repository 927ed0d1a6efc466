package assign

import (
	"context"
	"slices"
)

// Reverse auction: the columns that every optimum fills (start.go) bid for
// single-unit rows, as persons bid for objects in Bertsekas's auction
// (1988, Ann. Oper. Res. 14) with the roles exchanged — the reverse
// auction of Bertsekas, Castañón & Tsaknakis (1993, "Reverse auction and
// the solution of inequality constrained assignment problems", SIAM J.
// Optim. 3) — again with ε = 0, so that the flow and potentials satisfy
// flowSolver's invariants after every bid and the searches can take over
// at any moment:
//
//   - A row's price U = −u only rises, from 0 while free.
//   - A column j with a deficit looks at the rows it does not hold: its
//     best profit p1 = w − U (ties: a free row first, then the lower
//     index), and the second best p2 (at least 0, "leave the place
//     empty"). It takes the best row, at price w − p2, from its holder if
//     p1 > p2 (the holder gets a deficit and bids in turn), or for free
//     if the row is free; a tie with a held row (no price rises) lets the
//     displaced column wait its turn.
//   - The column's own price V = −v becomes p2 and the prices of the rows
//     it already held rise by what V fell, so that all its rows stay
//     tight (U + V = w) and no row it does not hold is worth more to it
//     than V.
//
// Rows no column bids for keep price 0 and are left unlinked at once.
// Each column remembers its revAuctionK best rows, as the forward auction
// does: profits only fall.

// revAuctionK is how many best rows a column remembers between bids:
// more than a row does (auctionK), as a column's rows are bid up by many
// columns. Measured on the scarce instance (45,559 bids): 9,473 full
// scans with 4, 5,421 with 8, 3,849 with 16; 8 was fastest overall.
const revAuctionK = 8

// revAuction is the state of one reverse auction.
type revAuction struct {
	s          *flowSolver
	cache      []int32 // revAuctionK positions in colEdge per column; -1 unused
	thr        []int64 // best profit of the column's other rows at the last scan
	valid      []bool
	ring       []int32 // columns waiting to bid, each at most once
	queued     []bool
	head, tail int
	held       []uint32 // rows marked with stamp are held by the bidder
	stamp      uint32
	bids       int
}

// reverseAuction lets the columns in cols bid until none has a deficit
// it can fill by a strict bid, or the budget (auctionBudget bids per
// column) is spent.
func (s *flowSolver) reverseAuction(ctx context.Context, cols []int32) error {
	C := s.net.nCols()
	a := &revAuction{s: s, cache: make([]int32, C*revAuctionK), thr: make([]int64, C), valid: make([]bool, C),
		ring: make([]int32, len(cols)+1), queued: make([]bool, C), held: make([]uint32, s.net.nRows())}
	budget := auctionBudget * len(cols)
	for _, j := range cols {
		a.enqueue(j)
	}
	idle := 0
	for a.head != a.tail && a.bids < budget {
		if waiting := (a.tail - a.head + len(a.ring)) % len(a.ring); idle > 2*waiting+1 {
			break // only ties since every waiting column last bid
		}
		j := a.ring[a.head]
		a.queued[j] = false
		if a.head++; a.head == len(a.ring) {
			a.head = 0
		}
		for j >= 0 && s.colOut[j] > s.colLoad[j] && a.bids < budget {
			if a.bids++; a.bids&4095 == 0 {
				if err := ctx.Err(); err != nil {
					return err
				}
			}
			idle++
			next, progress, ok := a.bid(j)
			if !ok {
				break // left for the searches
			}
			if progress {
				idle = 0
			}
			if next < 0 {
				continue
			}
			if !progress {
				a.enqueue(next) // a tie: the displaced column waits its turn
				break
			}
			// Go on with the displaced column; j bids again later.
			if s.colOut[j] > s.colLoad[j] {
				a.enqueue(j)
			}
			j = next
		}
	}
	return nil
}

// enqueue puts column j at the back of the queue unless it is there.
func (a *revAuction) enqueue(j int32) {
	if a.queued[j] {
		return
	}
	a.queued[j] = true
	a.ring[a.tail] = j
	if a.tail++; a.tail == len(a.ring) {
		a.tail = 0
	}
}

// bid makes column j's bid. It returns the column that lost a row (-1 if
// none), whether a price rose, and false when j has no row worth taking.
func (a *revAuction) bid(j int32) (next int32, progress, ok bool) {
	s := a.s
	net := s.net
	p1, p2, x1 := a.bestTwo(j)
	if x1 < 0 || p1 <= 0 {
		return -1, false, false
	}
	e1, r1, w := s.colEdge[x1], s.colRow[x1], s.colW[x1]
	next = -1
	if s.rowLoad[r1] > 0 {
		// Displace the holder of r1.
		for e := net.rowStart[r1]; e < net.rowStart[r1+1]; e++ {
			if s.flow[e] > 0 {
				next = net.edgeCol[e]
				s.pull(r1, e)
				a.readmit(next, r1)
				break
			}
		}
	}
	progress = next < 0 || p1 > p2
	s.push(r1, e1, 1)
	s.u[r1] = p2 - w // U = w − p2
	// V falls to p2; the rows j already held rise with it.
	if d := -s.v[j] - p2; d > 0 {
		for k := s.slotStart[j]; k < s.slotStart[j]+s.slotN[j]; k++ {
			if r := s.slotRow[k]; r != r1 {
				s.u[r] -= d
			}
		}
		progress = true
	}
	s.v[j] = -p2
	return next, progress, true
}

// readmit makes row r, which column j has just lost, a candidate of j's
// remembered rows again: j's last scan left it out as held, so it may now
// beat the best profit j remembers of the rest. It takes a free slot, or
// the slot of the remembered row now worth least, whose profit then
// bounds the rest.
func (a *revAuction) readmit(j, r int32) {
	if !a.valid[j] {
		return
	}
	s := a.s
	lo, hi := s.colEdgeStart[j], s.colEdgeStart[j+1]
	k, _ := slices.BinarySearch(s.colRow[lo:hi], r)
	x := lo + int32(k)
	c := a.cache[int(j)*revAuctionK : int(j+1)*revAuctionK]
	if slices.Contains(c, x) {
		return // remembered already (j took it after its last scan)
	}
	slot, worst := -1, int64(inf64)
	for i, y := range c {
		if y < 0 {
			slot, worst = i, inf64
			break
		}
		if p := s.colW[y] + s.u[s.colRow[y]]; p < worst {
			slot, worst = i, p
		}
	}
	if worst != inf64 {
		a.thr[j] = max(a.thr[j], worst)
	}
	c[slot] = x
	n := 0
	for n < len(c) && c[n] >= 0 {
		n++
	}
	sortInt32(c[:n])
}

// bestTwo returns column j's best profit p1, at position x1 of colEdge,
// and second best p2 ≥ 0 among the rows it does not hold; x1 is -1 when
// the best cannot be bid for (a row needing several units, or with units
// left unlinked), which the searches then handle.
func (a *revAuction) bestTwo(j int32) (p1, p2 int64, x1 int32) {
	s := a.s
	// The rows j holds are marked, to be skipped.
	a.stamp++
	for k := s.slotStart[j]; k < s.slotStart[j]+s.slotN[j]; k++ {
		a.held[s.slotRow[k]] = a.stamp
	}
	p1, p2, x1 = a.remembered(j)
	if x1 < 0 {
		p1, p2, x1 = a.scan(j)
	}
	if x1 >= 0 && !a.eligible(x1) {
		x1 = -1
	}
	return p1, max(p2, 0), x1
}

// eligible reports whether the row at position x of colEdge can be bid
// for: it needs one unit and has none unlinked.
func (a *revAuction) eligible(x int32) bool {
	r := a.s.colRow[x]
	return a.s.net.rowCap[r] == 1 && a.s.rowDummy[r] == 0
}

// better reports whether profit p at position x beats q at y: a higher
// profit, then an eligible row, then a free one, then the lower position
// (x comes later in a scan).
func (a *revAuction) better(p int64, x int32, q int64, y int32) bool {
	if p != q || y < 0 {
		return p > q || y < 0
	}
	if ex, ey := a.eligible(x), a.eligible(y); ex != ey {
		return ex
	}
	s := a.s
	return s.rowLoad[s.colRow[x]] == 0 && s.rowLoad[s.colRow[y]] > 0
}

// profit is the row at position x's profit to the bidder, false for a row
// the bidder holds or that is out. (No edge is off: the auction runs on a
// fresh network.)
func (a *revAuction) profit(x int32) (int64, bool) {
	s := a.s
	r := s.colRow[x]
	if s.net.rowCap[r] == 0 || a.held[r] == a.stamp {
		return 0, false
	}
	return s.colW[x] + s.u[r], true
}

// remembered returns the best two among column j's remembered rows when
// they are sure to be the best two of all (they beat the best the last
// scan left out: profits only fall), else x1 = -1.
func (a *revAuction) remembered(j int32) (p1, p2 int64, x1 int32) {
	if !a.valid[j] {
		return 0, 0, -1
	}
	p1, p2, x1 = int64(-inf64), int64(-inf64), -1
	for _, x := range a.cache[int(j)*revAuctionK : int(j+1)*revAuctionK] {
		if x < 0 {
			break
		}
		p, ok := a.profit(x)
		if !ok {
			continue
		}
		if a.better(p, x, p1, x1) {
			if x1 >= 0 {
				p2 = max(p2, p1)
			}
			p1, x1 = p, x
		} else {
			p2 = max(p2, p)
		}
	}
	if t := a.thr[j]; x1 < 0 || p1 <= t || p2 < t {
		return 0, 0, -1
	}
	return p1, p2, x1
}

// scan looks at every row of column j for the best two, remembering the
// revAuctionK best and the best profit of the rest.
func (a *revAuction) scan(j int32) (p1, p2 int64, x1 int32) {
	s := a.s
	var top [revAuctionK]int32
	var topP [revAuctionK]int64
	nTop := 0
	thr := int64(-inf64)
	p1, p2, x1 = int64(-inf64), int64(-inf64), -1
	for x := s.colEdgeStart[j]; x < s.colEdgeStart[j+1]; x++ {
		p, ok := a.profit(x)
		if !ok {
			continue
		}
		if a.better(p, x, p1, x1) {
			if x1 >= 0 {
				p2 = max(p2, p1)
			}
			p1, x1 = p, x
		} else {
			p2 = max(p2, p)
		}
		if nTop == revAuctionK && p <= topP[revAuctionK-1] {
			thr = max(thr, p)
			continue
		}
		k := nTop
		if nTop < revAuctionK {
			nTop++
		} else {
			thr = max(thr, topP[revAuctionK-1])
			k = revAuctionK - 1
		}
		for k > 0 && topP[k-1] < p {
			top[k], topP[k] = top[k-1], topP[k-1]
			k--
		}
		top[k], topP[k] = x, p
	}
	c := a.cache[int(j)*revAuctionK : int(j+1)*revAuctionK]
	copy(c, top[:nTop])
	for k := nTop; k < revAuctionK; k++ {
		c[k] = -1
	}
	sortInt32(c[:nTop])
	a.thr[j] = thr
	a.valid[j] = true
	return p1, p2, x1
}
