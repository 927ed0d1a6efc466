package main

import (
	"cmp"
	"math"
	"slices"

	"github.com/paulmach/orb"
)

// contactDeg is how close (in degrees, about 0.1 mm) two edges may come
// before they count as touching. It is deliberately generous compared
// with float64 rounding, so that a near-touch is refined rather than
// trusted; geo.ValidateMultiPolygon then checks each authority exactly.
const contactDeg = 1e-9

// crossingArcs returns the pairs of arcs (lower id first, in order) that
// cross or touch anywhere other than at a junction both end at, and arcs
// (paired with themselves) that cross or touch themselves. Edges are swept
// by their west end so only edges whose longitude ranges overlap are
// compared.
func crossingArcs(arcs [][]orb.Point) [][2]int {
	type seg struct {
		a, b       orb.Point
		minX, maxX float64
		arc, k     int
	}
	var segs []seg
	for id, arc := range arcs {
		for k := 0; k+1 < len(arc); k++ {
			a, b := arc[k], arc[k+1]
			segs = append(segs, seg{a, b, min(a[0], b[0]) - contactDeg, max(a[0], b[0]) + contactDeg, id, k})
		}
	}
	slices.SortFunc(segs, func(s, t seg) int {
		return cmp.Or(cmp.Compare(s.minX, t.minX), cmp.Compare(s.arc, t.arc), cmp.Compare(s.k, t.k))
	})
	found := map[[2]int]bool{}
	for i := range segs {
		s := &segs[i]
		for j := i + 1; j < len(segs) && segs[j].minX <= s.maxX; j++ {
			t := &segs[j]
			if max(t.a[1], t.b[1])+contactDeg < min(s.a[1], s.b[1]) || min(t.a[1], t.b[1])-contactDeg > max(s.a[1], s.b[1]) {
				continue
			}
			pair := [2]int{min(s.arc, t.arc), max(s.arc, t.arc)}
			if found[pair] || allowedContact(arcs, s.arc, s.k, t.arc, t.k) {
				continue
			}
			if segDist(s.a, s.b, t.a, t.b) < contactDeg {
				found[pair] = true
			}
		}
	}
	out := make([][2]int, 0, len(found))
	for p := range found {
		out = append(out, p)
	}
	slices.SortFunc(out, func(a, b [2]int) int { return cmp.Or(cmp.Compare(a[0], b[0]), cmp.Compare(a[1], b[1])) })
	return out
}

// allowedContact: edges k1 of arc a1 and k2 of arc a2 may meet at one
// shared position — consecutive edges of an arc, the last and first edges
// of a closed arc, or end edges of two arcs at a junction — as long as
// neither runs back along the other.
func allowedContact(arcs [][]orb.Point, a1, k1, a2, k2 int) bool {
	isEnd := func(a, i int) bool { return i == 0 || i == len(arcs[a])-1 }
	for _, i1 := range []int{k1, k1 + 1} {
		for _, i2 := range []int{k2, k2 + 1} {
			if arcs[a1][i1] != arcs[a2][i2] {
				continue
			}
			var legit bool
			if a1 == a2 {
				legit = k1-k2 == 1 || k2-k1 == 1 || closedEnds(arcs[a1], k1, k2)
			} else {
				legit = isEnd(a1, i1) && isEnd(a2, i2)
			}
			o1, o2 := arcs[a1][2*k1+1-i1], arcs[a2][2*k2+1-i2] // the edges' other ends
			return legit && pointSegDist(o1, arcs[a2][k2], arcs[a2][k2+1]) >= contactDeg &&
				pointSegDist(o2, arcs[a1][k1], arcs[a1][k1+1]) >= contactDeg
		}
	}
	return false
}

// closedEnds: edges k1 and k2 are the first and last edges of a closed arc,
// which meet at its start.
func closedEnds(arc []orb.Point, k1, k2 int) bool {
	last := len(arc) - 2
	return arc[0] == arc[len(arc)-1] && min(k1, k2) == 0 && max(k1, k2) == last
}

// segDist is the distance in degrees between segments p1p2 and q1q2: 0
// when they cross, else the least distance from an end of one to the
// other.
func segDist(p1, p2, q1, q2 orb.Point) float64 {
	cross := func(a, b, c orb.Point) float64 { return (b[0]-a[0])*(c[1]-a[1]) - (b[1]-a[1])*(c[0]-a[0]) }
	d1, d2 := cross(q1, q2, p1), cross(q1, q2, p2)
	d3, d4 := cross(p1, p2, q1), cross(p1, p2, q2)
	if ((d1 > 0 && d2 < 0) || (d1 < 0 && d2 > 0)) && ((d3 > 0 && d4 < 0) || (d3 < 0 && d4 > 0)) {
		return 0
	}
	return min(pointSegDist(p1, q1, q2), pointSegDist(p2, q1, q2), pointSegDist(q1, p1, p2), pointSegDist(q2, p1, p2))
}

// pointSegDist is the distance in degrees from p to the segment ab.
func pointSegDist(p, a, b orb.Point) float64 {
	dx, dy := b[0]-a[0], b[1]-a[1]
	t := 0.0
	if l2 := dx*dx + dy*dy; l2 > 0 {
		t = min(max(((p[0]-a[0])*dx+(p[1]-a[1])*dy)/l2, 0), 1)
	}
	return math.Hypot(p[0]-a[0]-t*dx, p[1]-a[1]-t*dy)
}
