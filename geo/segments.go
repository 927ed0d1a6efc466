package geo

import (
	"math"
	"math/big"

	"github.com/paulmach/orb"
)

// Planar predicates on [lon, lat] degrees for ValidateMultiPolygon.

// inRing is W. R. Franklin's PNPOLY crossing test for one closed ring.
func inRing(pts []orb.Point, p orb.Point) bool {
	in := false
	x, y := p[0], p[1]
	for k := 0; k+1 < len(pts); k++ {
		a, b := pts[k], pts[k+1]
		if (a[1] > y) != (b[1] > y) && x < (b[0]-a[0])*(y-a[1])/(b[1]-a[1])+a[0] {
			in = !in
		}
	}
	return in
}

type contact int

const (
	noContact      contact = iota
	pointContact           // the segments share exactly one point
	overlapContact         // collinear, sharing a stretch of positive length
)

// orient is the cross product (b−a)×(c−a): positive when a, b, c turn
// counter-clockwise, negative when clockwise, zero when collinear. Its
// sign is exact: when the float64 value is too close to zero to trust
// (within the error bound of J. R. Shewchuk, "Adaptive Precision
// Floating-Point Arithmetic and Fast Robust Geometric Predicates",
// Discrete & Computational Geometry 18, 1997, ccwerrboundA), the sign is
// recomputed in exact rational arithmetic and returned as ±(smallest
// float64) or 0. Without this, a corner lying exactly on another edge
// could be judged on the line one way round and off it the other.
func orient(a, b, c orb.Point) float64 {
	if a == b || a == c || b == c { // shared corners: the common case, exactly 0
		return 0
	}
	left := (b[0] - a[0]) * (c[1] - a[1])
	right := (b[1] - a[1]) * (c[0] - a[0])
	det := left - right
	if bound := orientErrBound * (math.Abs(left) + math.Abs(right)); det > bound || -det > bound {
		return det
	}
	return float64(exactOrient(a, b, c)) * math.SmallestNonzeroFloat64
}

// orientErrBound is Shewchuk's ccwerrboundA = (3 + 16ε)ε with ε = 2⁻⁵³.
const orientErrBound = (3 + 16*0x1p-53) * 0x1p-53

func exactOrient(a, b, c orb.Point) int {
	r := func(x float64) *big.Rat { return new(big.Rat).SetFloat64(x) }
	bx, by := r(b[0]).Sub(r(b[0]), r(a[0])), r(b[1]).Sub(r(b[1]), r(a[1]))
	cx, cy := r(c[0]).Sub(r(c[0]), r(a[0])), r(c[1]).Sub(r(c[1]), r(a[1]))
	return bx.Mul(bx, cy).Cmp(by.Mul(by, cx))
}

// segmentContact says how the closed segments p1p2 and q1q2 meet (CLRS
// §33.1, SEGMENTS-INTERSECT, extended to tell a point from an overlap) and
// returns a point they share. Both segments have positive length.
func segmentContact(p1, p2, q1, q2 orb.Point) (contact, orb.Point) {
	d1, d2 := orient(q1, q2, p1), orient(q1, q2, p2)
	d3, d4 := orient(p1, p2, q1), orient(p1, p2, q2)
	if d1 == 0 && d2 == 0 { // collinear: compare along the longer axis
		axis := 0
		if math.Abs(p2[1]-p1[1]) > math.Abs(p2[0]-p1[0]) {
			axis = 1
		}
		plo, phi := min(p1[axis], p2[axis]), max(p1[axis], p2[axis])
		qlo, qhi := min(q1[axis], q2[axis]), max(q1[axis], q2[axis])
		lo, hi := max(plo, qlo), min(phi, qhi)
		switch {
		case lo > hi:
			return noContact, orb.Point{}
		case lo == hi:
			for _, c := range []orb.Point{p1, p2} {
				if c[axis] == lo {
					return pointContact, c
				}
			}
			return pointContact, q1
		}
		for _, c := range []orb.Point{p1, p2, q1, q2} {
			if c[axis] == lo {
				return overlapContact, c
			}
		}
	}
	if (d1 > 0 && d2 > 0) || (d1 < 0 && d2 < 0) || (d3 > 0 && d4 > 0) || (d3 < 0 && d4 < 0) {
		return noContact, orb.Point{}
	}
	switch {
	case d1 == 0:
		return pointContact, p1
	case d2 == 0:
		return pointContact, p2
	case d3 == 0:
		return pointContact, q1
	case d4 == 0:
		return pointContact, q2
	}
	t := d1 / (d1 - d2) // where p1p2 crosses the line q1q2
	return pointContact, orb.Point{p1[0] + t*(p2[0]-p1[0]), p1[1] + t*(p2[1]-p1[1])}
}
