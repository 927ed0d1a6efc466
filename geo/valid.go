package geo

import (
	"cmp"
	"errors"
	"fmt"
	"math"
	"slices"
	"strconv"

	"github.com/paulmach/orb"
)

// Kinds of invalid area geometry. A *GeometryError wraps exactly one of
// them (or ErrCoordinates / ErrUnclosedRing), for errors.Is.
var (
	ErrZeroArea         = errors.New("ring encloses no area")
	ErrSelfIntersection = errors.New("ring crosses or touches itself")
	ErrRingsIntersect   = errors.New("rings of one polygon cross or share an edge")
	ErrHoleOutside      = errors.New("hole is not inside its outer ring")
	ErrPartsOverlap     = errors.New("parts of the area overlap")
	ErrOutsideExtent    = errors.New("outside the expected area")
	ErrSwappedLonLat    = errors.New("longitude and latitude look swapped")
)

// GeometryError says where and why a polygon is not a valid area.
type GeometryError struct {
	Polygon int   // 0-based part of the MultiPolygon (0 for a Polygon); -1 for the whole geometry
	Ring    int   // 0 is the outer ring, 1… the holes; -1 for the whole part
	At      Point // a position at or next to the problem, degrees
	Kind    error // one of the Err* sentinels
	Detail  string
}

func (e *GeometryError) Error() string {
	s := "geometry"
	if e.Polygon >= 0 {
		s += ": polygon " + strconv.Itoa(e.Polygon)
		if e.Ring >= 0 {
			s += " ring " + strconv.Itoa(e.Ring)
		}
	}
	s += ": " + e.Kind.Error()
	if e.Detail != "" {
		s += ": " + e.Detail
	}
	return s
}

// Unwrap returns the kind, for errors.Is.
func (e *GeometryError) Unwrap() error { return e.Kind }

// ValidateMultiPolygon reports the first reason mp is not a valid area, as
// a *GeometryError, or nil. The rules are those of the OGC Simple Features
// specification for polygons (OGC 06-103r4, Simple Feature Access part 1,
// §6.1.11), which GEOS and shapely also apply:
//
//   - every ring is closed, has at least 4 positions, and holds finite
//     [lon, lat] degrees within ±180 and ±90 (RFC 7946 §3.1.6);
//   - every ring encloses an area: at least 3 distinct corners, and not
//     all on one line (see zeroAreaRatio);
//   - no ring crosses or touches itself, including a spike that doubles
//     back along its own edge;
//   - rings of one polygon do not cross or share an edge; they may touch
//     at single points, as the ONS layers' holes and islands do;
//   - every hole lies inside its outer ring and outside the other holes;
//   - parts of a MultiPolygon do not cross, share an edge or lie inside
//     one another (except inside a hole); they may touch at points.
//
// Not checked: that holes touching the outer ring at two or more points
// do not cut the polygon's inside in two (OGC's "connected interior").
//
// Ring orientation is not checked: RFC 7946 asks writers for
// counter-clockwise outer rings but tells readers not to reject the other
// way round. Whether lon and lat were swapped cannot be seen from the
// shape alone; CheckExtent tests that.
//
// Crossings are found by a sweep over edges sorted by their west end, so
// only edges whose longitude ranges overlap are compared, with the
// orientation test for segment intersection (Cormen, Leiserson, Rivest and
// Stein, Introduction to Algorithms, 3rd ed., §33.1) made exact (see
// orient), so a corner lying exactly on another edge is always seen. Where
// two rings meet at a corner, the directions of their edges there tell a
// crossing from a touch.
func ValidateMultiPolygon(mp orb.MultiPolygon) error {
	if len(mp) == 0 {
		return &GeometryError{Polygon: -1, Ring: -1, Kind: ErrCoordinates, Detail: "there are no polygons"}
	}
	var rings []vRing
	for pi, poly := range mp {
		if len(poly) == 0 {
			return &GeometryError{Polygon: pi, Ring: -1, Kind: ErrCoordinates, Detail: "the polygon has no rings"}
		}
		for ri, r := range poly {
			pts, err := checkRing(r)
			if err != nil {
				err.Polygon, err.Ring = pi, ri
				return err
			}
			rings = append(rings, vRing{part: pi, ring: ri, pts: pts})
		}
	}
	touching, err := checkContacts(rings)
	if err != nil {
		return err
	}
	if err := checkNesting(rings, touching); err != nil {
		return err
	}
	return nil
}

// zeroAreaRatio: a ring whose area is at most this fraction of the square
// of its bounding box's diagonal encloses no area. A line of points gives
// a shoelace sum of rounding noise, about 1e-16 of the diagonal squared;
// 1e-9 is far above that noise and far below any real boundary (a ring of
// that ratio 100 km long would be a tenth of a millimetre wide).
const zeroAreaRatio = 1e-9

// vRing is a ring being validated, with consecutive repeated positions
// removed; pts is closed (last == first).
type vRing struct {
	part, ring int
	pts        []orb.Point
}

func checkRing(r orb.Ring) ([]orb.Point, *GeometryError) {
	if len(r) < 4 {
		return nil, &GeometryError{Kind: ErrUnclosedRing, At: firstPoint(r), Detail: fmt.Sprintf(
			"the ring has %d positions; a closed ring needs at least 4 (the first repeated at the end)", len(r))}
	}
	for k, p := range r {
		if math.IsNaN(p[0]) || math.IsNaN(p[1]) || math.IsInf(p[0], 0) || math.IsInf(p[1], 0) {
			return nil, &GeometryError{Kind: ErrCoordinates, Detail: fmt.Sprintf("position %d is not a finite number", k)}
		}
		if p[0] < -180 || p[0] > 180 || p[1] < -90 || p[1] > 90 {
			return nil, &GeometryError{Kind: ErrCoordinates, At: fromOrb(p), Detail: fmt.Sprintf(
				"position %d is [%g, %g], outside longitude ±180 / latitude ±90; positions are [lon, lat] degrees", k, p[0], p[1])}
		}
	}
	if r[0] != r[len(r)-1] {
		return nil, &GeometryError{Kind: ErrUnclosedRing, At: fromOrb(r[0]), Detail: "the last position differs from the first; repeat the first position at the end"}
	}
	pts := make([]orb.Point, 0, len(r))
	for _, p := range r {
		if len(pts) == 0 || pts[len(pts)-1] != p {
			pts = append(pts, p)
		}
	}
	if len(pts) < 4 {
		return nil, &GeometryError{Kind: ErrZeroArea, At: fromOrb(r[0]), Detail: fmt.Sprintf(
			"the ring has %d distinct corners; an area needs at least 3", len(pts)-1)}
	}
	b := orb.LineString(pts).Bound()
	w, h := b.Max[0]-b.Min[0], b.Max[1]-b.Min[1]
	if a := math.Abs(shoelace(pts)); a <= zeroAreaRatio*(w*w+h*h) {
		return nil, &GeometryError{Kind: ErrZeroArea, At: fromOrb(r[0]), Detail: "all its corners lie on one line"}
	}
	return pts, nil
}

func firstPoint(r orb.Ring) Point {
	if len(r) == 0 {
		return Point{}
	}
	return fromOrb(r[0])
}

// shoelace returns twice the signed area of the closed ring pts (positive
// when counter-clockwise), in square degrees, summed relative to the first
// position to keep rounding small.
func shoelace(pts []orb.Point) float64 {
	o := pts[0]
	s := 0.0
	for k := 1; k+1 < len(pts); k++ {
		ax, ay := pts[k][0]-o[0], pts[k][1]-o[1]
		bx, by := pts[k+1][0]-o[0], pts[k+1][1]-o[1]
		s += ax*by - bx*ay
	}
	return s
}

// vSeg is edge k of ring r: pts[k]–pts[k+1].
type vSeg struct {
	a, b       orb.Point
	minX, maxX float64
	r, k       int
}

// checkContacts finds the first forbidden meeting of two edges in sweep
// order (west end, then ring, then edge). Where two different rings meet
// at a corner, whether they cross or merely touch is decided afterwards
// from the directions of their edges there (ringsCrossAt). It returns the
// points where rings touch, for checkNesting.
func checkContacts(rings []vRing) (map[orb.Point]bool, *GeometryError) {
	var segs []vSeg
	for ri, r := range rings {
		for k := 0; k+1 < len(r.pts); k++ {
			a, b := r.pts[k], r.pts[k+1]
			segs = append(segs, vSeg{a: a, b: b, minX: min(a[0], b[0]), maxX: max(a[0], b[0]), r: ri, k: k})
		}
	}
	slices.SortFunc(segs, func(s, t vSeg) int {
		return cmp.Or(cmp.Compare(s.minX, t.minX), cmp.Compare(s.r, t.r), cmp.Compare(s.k, t.k))
	})
	type touch struct {
		at     orb.Point
		r1, r2 int
	}
	var touches []touch
	seen := map[touch]bool{}
	for i := range segs {
		s := &segs[i]
		sMinY, sMaxY := min(s.a[1], s.b[1]), max(s.a[1], s.b[1])
		for j := i + 1; j < len(segs) && segs[j].minX <= s.maxX; j++ {
			t := &segs[j]
			if max(t.a[1], t.b[1]) < sMinY || min(t.a[1], t.b[1]) > sMaxY {
				continue
			}
			c, at := segmentContact(s.a, s.b, t.a, t.b)
			switch {
			case c == noContact:
				continue
			case s.r == t.r:
				if err := selfContact(&rings[s.r], s.k, t.k, c, at); err != nil {
					return nil, err
				}
			case c == overlapContact:
				return nil, ringsMeet(rings, s.r, t.r, at, "shares an edge with")
			case at != s.a && at != s.b && at != t.a && at != t.b: // crossing inside both edges
				return nil, ringsMeet(rings, s.r, t.r, at, "crosses")
			default:
				k := touch{at, min(s.r, t.r), max(s.r, t.r)}
				if !seen[k] {
					seen[k] = true
					touches = append(touches, k)
				}
			}
		}
	}
	points := make(map[orb.Point]bool, len(touches))
	for _, k := range touches {
		if ringsCrossAt(rings[k.r1].pts, rings[k.r2].pts, k.at) {
			return nil, ringsMeet(rings, k.r1, k.r2, k.at, "crosses")
		}
		points[k.at] = true
	}
	return points, nil
}

// selfContact judges a meeting of edges k1 and k2 of one ring: nil when
// it is the shared corner of two consecutive edges.
func selfContact(r *vRing, k1, k2 int, c contact, at orb.Point) *GeometryError {
	n := len(r.pts) - 1 // edges in the ring
	lo, hi := min(k1, k2), max(k1, k2)
	if (hi == lo+1 || (lo == 0 && hi == n-1)) && c == pointContact {
		return nil
	}
	return &GeometryError{Polygon: r.part, Ring: r.ring, At: fromOrb(at), Kind: ErrSelfIntersection,
		Detail: "edges " + strconv.Itoa(lo) + " and " + strconv.Itoa(hi) + " meet near " + latLonText(at)}
}

// ringsMeet reports two different rings crossing or sharing an edge,
// naming the later ring (in part, then ring order) as the culprit.
func ringsMeet(rings []vRing, r1, r2 int, at orb.Point, how string) *GeometryError {
	first, second := &rings[min(r1, r2)], &rings[max(r1, r2)]
	if first.part == second.part {
		return &GeometryError{Polygon: first.part, Ring: second.ring, At: fromOrb(at), Kind: ErrRingsIntersect,
			Detail: "ring " + strconv.Itoa(second.ring) + " " + how + " ring " + strconv.Itoa(first.ring) + " near " + latLonText(at)}
	}
	return &GeometryError{Polygon: second.part, Ring: second.ring, At: fromOrb(at), Kind: ErrPartsOverlap,
		Detail: "it " + how + " polygon " + strconv.Itoa(first.part) + " near " + latLonText(at)}
}

// ringsCrossAt reports whether ring b passes from one side of ring a to
// the other at v, a point on both: b crosses a when one of b's two edges
// at v leaves v strictly inside the angle a's edges make there and the
// other strictly outside it; otherwise the rings only touch (an edge
// along one of a's is a shared edge, reported as an overlap). Both rings
// are simple, so each passes through v once.
func ringsCrossAt(a, b []orb.Point, v orb.Point) bool {
	a1, a2, okA := neighboursAt(a, v)
	b1, b2, okB := neighboursAt(b, v)
	if !okA || !okB {
		return false
	}
	in1, in2 := strictlyBetween(v, a1, a2, b1), strictlyBetween(v, a1, a2, b2)
	out1, out2 := strictlyBetween(v, a2, a1, b1), strictlyBetween(v, a2, a1, b2)
	return (in1 && out2) || (in2 && out1)
}

// strictlyBetween reports whether the direction from v to q lies strictly
// inside the angle swept counter-clockwise from direction v→p1 to v→p2.
func strictlyBetween(v, p1, p2, q orb.Point) bool {
	if orient(v, p1, p2) > 0 { // less than a half turn
		return orient(v, p1, q) > 0 && orient(v, q, p2) > 0
	}
	// A half turn or more: inside unless in the closed complement.
	return !(orient(v, p2, q) >= 0 && orient(v, q, p1) >= 0)
}

// neighboursAt returns the points on either side of v along the closed
// ring pts: the corners before and after v when v is a corner, or the
// ends of the edge v lies on.
func neighboursAt(pts []orb.Point, v orb.Point) (orb.Point, orb.Point, bool) {
	n := len(pts) - 1
	for k := 0; k < n; k++ {
		if pts[k] == v {
			return pts[(k+n-1)%n], pts[k+1], true
		}
	}
	for k := 0; k < n; k++ {
		a, b := pts[k], pts[k+1]
		if orient(a, b, v) == 0 && v[0] >= min(a[0], b[0]) && v[0] <= max(a[0], b[0]) &&
			v[1] >= min(a[1], b[1]) && v[1] <= max(a[1], b[1]) {
			return a, b, true
		}
	}
	return orb.Point{}, orb.Point{}, false
}

// checkNesting: with no two rings crossing, any point of a ring that is
// not where it touches another (touching) tells whether the whole ring is
// inside that other ring.
func checkNesting(rings []vRing, touching map[orb.Point]bool) *GeometryError {
	// Rings are grouped by part in order; part p's rings are rings[start[p]:start[p+1]].
	var start []int
	for i, r := range rings {
		if i == 0 || r.part != rings[i-1].part {
			start = append(start, i)
		}
	}
	start = append(start, len(rings))
	for p := 0; p+1 < len(start); p++ {
		shell := rings[start[p]]
		for h := start[p] + 1; h < start[p+1]; h++ {
			v := probe(rings[h].pts, touching)
			if !inRing(shell.pts, v) {
				return &GeometryError{Polygon: shell.part, Ring: rings[h].ring, At: fromOrb(v), Kind: ErrHoleOutside,
					Detail: "the hole lies outside the outer ring"}
			}
			for o := start[p] + 1; o < start[p+1]; o++ {
				if o != h && inRing(rings[o].pts, v) {
					return &GeometryError{Polygon: shell.part, Ring: rings[h].ring, At: fromOrb(v), Kind: ErrHoleOutside,
						Detail: "the hole lies inside hole " + strconv.Itoa(rings[o].ring)}
				}
			}
		}
	}
	for p := 0; p+1 < len(start); p++ {
		v := probe(rings[start[p]].pts, touching)
		for q := 0; q+1 < len(start); q++ {
			if q == p || !inRing(rings[start[q]].pts, v) {
				continue
			}
			inHole := false
			for h := start[q] + 1; h < start[q+1]; h++ {
				inHole = inHole || inRing(rings[h].pts, v)
			}
			if !inHole {
				return &GeometryError{Polygon: rings[start[p]].part, Ring: 0, At: fromOrb(v), Kind: ErrPartsOverlap,
					Detail: "it lies inside polygon " + strconv.Itoa(rings[start[q]].part)}
			}
		}
	}
	return nil
}

// probe returns a point on the ring that touches no other ring: a corner,
// or failing that the middle of an edge (which another ring could touch
// only at one of its own corners, also in touching).
func probe(pts []orb.Point, touching map[orb.Point]bool) orb.Point {
	for _, p := range pts {
		if !touching[p] {
			return p
		}
	}
	for k := 0; k+1 < len(pts); k++ {
		m := orb.Point{(pts[k][0] + pts[k+1][0]) / 2, (pts[k][1] + pts[k+1][1]) / 2}
		if !touching[m] {
			return m
		}
	}
	return pts[0]
}

func latLonText(p orb.Point) string {
	return "lat " + strconv.FormatFloat(p[1], 'f', 5, 64) + ", lon " + strconv.FormatFloat(p[0], 'f', 5, 64)
}
