package assign

import "context"

// Auction start for the successive shortest path method (flow.go).
//
// Before the shortest-path searches, single-unit rows bid for columns as in
// Bertsekas's auction algorithm (Bertsekas 1988, "The auction algorithm: a
// distributed relaxation method for the assignment problem", Ann. Oper. Res.
// 14), in the form for columns with several identical places ("similar
// objects", Bertsekas & Castañón 1989, "The auction algorithm for the
// transportation problem", Ann. Oper. Res. 20), but with ε = 0 — which is the
// augmenting row reduction of Jonker & Volgenant (1987, Computing 38, §4.2)
// generalised to capacities:
//
//   - A column's price P_j is 0 while it has a free place; once full it is
//     the lowest bid among the rows it holds.
//   - A free row computes its best profit v1 = w_e − P_j over its edges
//     (ties: a column with a free place first, then the lower index) and the
//     second best v2 over its other edges and "stay unlinked" (profit 0), and
//     bids b = w_e − v2 for the best column: it takes a free place, or, when
//     the column is full and b > P_j (v1 > v2), it replaces the holder with
//     the lowest bid (ties: the higher row index), who then bids in turn.
//     A row whose best is "stay unlinked", or tied with a full column
//     (v1 = v2, no strict progress), is left for the searches.
//
// Prices only rise, and a holder r of column j has P_j ≤ b_r, so its profit
// w − P_j ≥ w − b_r = v2 (at its bid) ≥ its current profit anywhere else:
// every holder stays on a best column. Hence with V_j = P_j and
// U_i = max(0, max_e w_e − P_j) the flow satisfies exactly the invariants of
// flowSolver (U + V ≥ w on every edge with equality on flow edges, V = 0 on
// columns with a free place, U ≥ 0), at any moment — so the auction can stop
// after any number of bids and the searches finish the job exactly. Bids
// strictly raise the sum of a full column's bids, so it terminates, but
// "price wars" on contested columns can be long; the budget caps it.

// auctionBudget is how many bids, per row, the auction may spend before the
// shortest-path searches take over.
const auctionBudget = 1024

// auctionK is how many best columns a row remembers between bids. Prices
// only rise, so profits only fall: if the remembered columns still beat the
// (K+1)-th best profit of the last full scan, the best and second best are
// among them and the bid costs K edge looks instead of a scan of the row
// (the "k-best lists" of Bertsekas, Network Optimization, 1998, §7.2).
const auctionK = 4

// newAuction prepares the auction over the single-unit rows of s.
func (s *flowSolver) newAuction() *auction {
	R, C := s.net.nRows(), s.net.nCols()
	return &auction{s: s, price: make([]int64, C), bid: make([]int64, R),
		cache: make([]int32, R*auctionK), thr: make([]int64, R), valid: make([]bool, R),
		ring: make([]int32, R+1), budget: auctionBudget * R}
}

// run lets the free single-unit rows in rows bid until every row is placed
// or has given up, only ties are left, or the budget is spent.
func (a *auction) run(ctx context.Context, rows []int32) error {
	s := a.s
	net := s.net
	ring := a.ring
	head, tail := 0, 0
	for _, r := range rows {
		ring[tail] = r
		tail++
	}
	if err := ctx.Err(); err != nil {
		return err
	}
	idle := 0
	for head != tail && a.bids < a.budget {
		// Only ties since every waiting row last bid: prices can no longer
		// move, so the rest is left to the searches.
		if waiting := (tail - head + len(ring)) % len(ring); idle > 2*waiting+1 {
			break
		}
		r := ring[head]
		if head++; head == len(ring) {
			head = 0
		}
		for r >= 0 && a.bids < a.budget {
			if a.bids++; a.bids&4095 == 0 {
				if err := ctx.Err(); err != nil {
					return err
				}
			}
			idle++
			v1, v2, e1, full1 := a.bestTwo(r)
			if v1 <= 0 {
				break // "stay unlinked" is at least as good: left to the searches
			}
			j := net.edgeCol[e1]
			bj := net.edgeW[e1] - v2
			if !full1 {
				idle = 0
				s.place(r, e1)
				a.bid[r] = bj
				if s.colLoad[j] == net.colCap[j] {
					a.price[j] = s.minBid(j, a.bid)
				}
				break
			}
			// Replace the holder with the lowest bid (bj ≥ price[j]).
			tie := bj == a.price[j]
			k0, k1 := s.slotStart[j], s.slotStart[j]+s.slotN[j]
			h := k0
			for k := k0 + 1; k < k1; k++ {
				if bh, bk := a.bid[s.slotRow[h]], a.bid[s.slotRow[k]]; bk < bh || (bk == bh && s.slotRow[k] > s.slotRow[h]) {
					h = k
				}
			}
			hr, he := s.slotRow[h], s.slotEdge[h]
			s.pull(hr, he)
			s.push(r, e1, 1)
			a.bid[r] = bj
			a.price[j] = s.minBid(j, a.bid)
			if tie {
				// No price rose: the displaced row waits its turn, so rows
				// tied for a column take turns instead of looping.
				ring[tail] = hr
				if tail++; tail == len(ring) {
					tail = 0
				}
				break
			}
			idle = 0
			r = hr
		}
	}
	return nil
}

// fromPotentials sets the prices from the potentials of a flow that
// already satisfies flowSolver's invariants (after the two-level start):
// P = −v, and every holder's bid is its column's price, which leaves it on
// a best column as its edge is tight.
func (a *auction) fromPotentials() {
	s := a.s
	for j := range a.price {
		p := -s.v[j]
		a.price[j] = p
		for k := s.slotStart[j]; k < s.slotStart[j]+s.slotN[j]; k++ {
			a.bid[s.slotRow[k]] = p
		}
	}
}

// sync sets the potentials of s from the prices: v = −P, u = P − w on each
// holder's edge (its best), and u = min(0, min_e P − w_e) for the rows in
// free. Rows declared unlinked keep u = 0, still feasible as prices only rise.
func (a *auction) sync(free []int32) {
	s := a.s
	net := s.net
	for j, p := range a.price {
		s.v[j] = -p
		for k := s.slotStart[j]; k < s.slotStart[j]+s.slotN[j]; k++ {
			s.u[s.slotRow[k]] = p - net.edgeW[s.slotEdge[k]]
		}
	}
	for _, i := range free {
		var ui int64
		for e := net.rowStart[i]; e < net.rowStart[i+1]; e++ {
			if c := a.price[net.edgeCol[e]] - net.edgeW[e]; c < ui {
				ui = c
			}
		}
		s.u[i] = ui
	}
}

// absorb takes the potentials of the columns a search settled back into the
// auction: P = −v, and every holder's bid is P (its edge is tight, so P
// leaves it on a best column). Potentials only fall, so prices only rise.
func (a *auction) absorb() {
	s := a.s
	for _, j := range s.touchCols {
		if !s.colDone[j] {
			continue
		}
		p := -s.v[j]
		a.price[j] = p
		for k := s.slotStart[j]; k < s.slotStart[j]+s.slotN[j]; k++ {
			a.bid[s.slotRow[k]] = p
		}
	}
}

type auction struct {
	s          *flowSolver
	price, bid []int64
	cache      []int32 // auctionK edges per row, in edge order; -1 unused
	thr        []int64 // best profit of the row's other edges at the last scan
	valid      []bool
	ring       []int32 // free rows waiting to bid
	bids       int
	budget     int
}

// bestTwo returns row r's best profit v1 (on edge e1, full1 if its column
// is full; ties: a column with a free place, then the lower index) and the
// best profit v2 of its other options, "stay unlinked" (0) included.
func (a *auction) bestTwo(r int32) (v1, v2 int64, e1 int32, full1 bool) {
	s := a.s
	net := s.net
	if a.valid[r] {
		c1, c2, f1, ce1 := int64(-inf64), int64(-inf64), false, int32(-1)
		for _, e := range a.cache[int(r)*auctionK : int(r+1)*auctionK] {
			if e < 0 {
				break
			}
			j := net.edgeCol[e]
			p := net.edgeW[e] - a.price[j]
			if p > c1 || (p == c1 && f1 && s.colLoad[j] < net.colCap[j]) {
				if ce1 >= 0 && c1 > c2 {
					c2 = c1
				}
				c1, ce1, f1 = p, e, s.colLoad[j] >= net.colCap[j]
			} else if p > c2 {
				c2 = p
			}
		}
		if t := a.thr[r]; c1 > t && c2 >= t {
			return c1, max(c2, 0), ce1, f1
		}
	}
	// Full scan, remembering the auctionK best edges (by profit, then edge
	// order) and the best profit of the rest.
	var top [auctionK]int32
	var topP [auctionK]int64
	nTop := 0
	thr := int64(-inf64)
	v1, v2, e1 = int64(-inf64), 0, -1
	for e := net.rowStart[r]; e < net.rowStart[r+1]; e++ {
		j := net.edgeCol[e]
		p := net.edgeW[e] - a.price[j]
		if p > v1 || (p == v1 && full1 && s.colLoad[j] < net.colCap[j]) {
			if e1 >= 0 && v1 > v2 {
				v2 = v1
			}
			v1, e1, full1 = p, e, s.colLoad[j] >= net.colCap[j]
		} else if p > v2 {
			v2 = p
		}
		// Insert into the top list (stable: earlier edges win ties).
		if nTop == auctionK && p <= topP[auctionK-1] {
			thr = max(thr, p)
			continue
		}
		k := nTop
		if nTop < auctionK {
			nTop++
		} else {
			thr = max(thr, topP[auctionK-1])
			k = auctionK - 1
		}
		for k > 0 && topP[k-1] < p {
			top[k], topP[k] = top[k-1], topP[k-1]
			k--
		}
		top[k], topP[k] = e, p
	}
	// Keep the remembered edges in edge order, so ties resolve as in a scan.
	c := a.cache[int(r)*auctionK : int(r+1)*auctionK]
	copy(c, top[:nTop])
	for k := nTop; k < auctionK; k++ {
		c[k] = -1
	}
	sortInt32(c[:nTop])
	a.thr[r] = thr
	a.valid[r] = true
	return v1, v2, e1, full1
}

func sortInt32(x []int32) {
	for i := 1; i < len(x); i++ {
		for k := i; k > 0 && x[k-1] > x[k]; k-- {
			x[k-1], x[k] = x[k], x[k-1]
		}
	}
}

// minBid is the lowest bid among the rows column j holds.
func (s *flowSolver) minBid(j int32, bid []int64) int64 {
	k0, k1 := s.slotStart[j], s.slotStart[j]+s.slotN[j]
	if k0 == k1 {
		return 0
	}
	m := bid[s.slotRow[k0]]
	for k := k0 + 1; k < k1; k++ {
		if b := bid[s.slotRow[k]]; b < m {
			m = b
		}
	}
	return m
}
