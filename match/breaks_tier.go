package match

import (
	"math"
	"math/big"

	"github.com/linkmatch/linkmatch/assign"
)

// What a coordinator expects of the optimal short-breaks links (issue 17),
// lexicographically: the most assessed sessions delivered, then the most
// children reached, then the best total score. Seed 002 is the source of
// the order: each carer "decides how much they do", so sessions are what
// carers offer and children are entitled to (the entitlement met comes
// first), and a break for one more child outweighs a better score for
// children already reached.
//
// The solver (package assign) already places the most units (sessions)
// first and then the highest total weight. The middle goal is added to the
// weight: every row's arcs carry a constant C larger than the largest
// total score any placement can reach (C = rows × the most a row can
// weigh + 1), so one more row placed outweighs any difference in scores,
// and among placements of as many rows the score decides. In the first
// phase a row is a child, so rows placed are children reached; in the
// second a row is a part of a child's breaks, so rows placed are parts
// placed (a child's parts go to at most max_carers_per_child carers).
//
// The solver refuses (assign.ErrTooLarge) a problem whose objective could
// overflow int64. C grows with the rows, so on a very large phase the
// score is counted in tenths, then whole points, until it fits; if even
// whole points do not, the middle goal is left out (sessions, then score,
// as before issue 17's objective) and childTier says so. The final guard
// (SolveBreaks) still never returns fewer sessions or children than the
// greedy and stable links.

// tierSteps are the score steps a phase's weights count in, in hundredths of
// a point: 1 (hundredths, exact), 10 or 100.
var tierSteps = [...]int64{1, 10, 100}

// childTier adds the children-reached goal to p's arc weights, keeping
// each arc's score in p.Scores. It returns the score step used (in
// hundredths of a point) or 0 when the goal did not fit.
func childTier(p *Problem) int64 {
	if len(p.Solver.Arcs) == 0 {
		return 1
	}
	if p.Scores == nil {
		p.Scores = make([]float64, len(p.Solver.Arcs))
		for k := range p.Scores {
			p.Scores[k] = float64(p.Solver.Arcs[k].Weight) / scoreScale
		}
	}
	for _, step := range tierSteps {
		w := maxWeight / step
		c := int64(p.Solver.Rows)*w + 1
		if !tierFits(&p.Solver, c+w) {
			continue
		}
		for k := range p.Solver.Arcs {
			p.Solver.Arcs[k].Weight = c + int64(math.Round(p.Scores[k]*scoreScale/float64(step)))
		}
		p.Solver.MaxWeight = c + w
		return step
	}
	return 0
}

// tierFits reports whether the solver accepts p with maxW as the most one
// unit weighs, by the bound of assign's package comment ("Limits"):
// 4 · N · Scale · (Big + W) < 2^63 with Big = W · N + 1, halved for room.
func tierFits(sp *assign.Problem, maxW int64) bool {
	n, scale := big.NewInt(0), big.NewInt(1)
	grouped := map[int32]bool{}
	addItem := func(k int64) {
		if k > 1 {
			g := new(big.Int).GCD(nil, nil, scale, big.NewInt(k))
			scale.Mul(scale, new(big.Int).Div(big.NewInt(k), g))
		}
	}
	for _, rows := range sp.Groups {
		var k int64
		for _, r := range rows {
			grouped[r] = true
			k += int64(units(sp, r))
		}
		addItem(k)
	}
	for r := 0; r < sp.Rows; r++ {
		u := int64(units(sp, int32(r)))
		n.Add(n, big.NewInt(u))
		if !grouped[int32(r)] {
			addItem(u)
		}
	}
	w := big.NewInt(maxW)
	bigC := new(big.Int).Add(new(big.Int).Mul(w, n), big.NewInt(1))
	v := new(big.Int).Mul(big.NewInt(8), n)
	v.Mul(v, scale).Mul(v, bigC.Add(bigC, w))
	return v.Cmp(big.NewInt(math.MaxInt64)) < 0
}

// units is how many places row r needs (0 or none given means 1).
func units(sp *assign.Problem, r int32) int32 {
	if int(r) < len(sp.Units) && sp.Units[r] > 0 {
		return sp.Units[r]
	}
	return 1
}
