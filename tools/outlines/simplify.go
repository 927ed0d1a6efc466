package main

import (
	"errors"
	"fmt"
	"math"
	"slices"

	"github.com/linkmatch/linkmatch/geo"
	"github.com/paulmach/orb"
	"github.com/paulmach/orb/simplify"
)

// metresPerDegree is one degree of latitude on the sphere of radius
// geo.EarthRadiusKm.
const metresPerDegree = geo.EarthRadiusKm * 1000 * math.Pi / 180

// minToleranceM: an arc that must be refined below this is kept whole
// (tolerance 0). A metre is far below the source's 200 m generalisation
// and the 4–5 decimal rounding (about 1–11 m), so simplifying less than
// this gains nothing.
const minToleranceM = 1.0

// simplifyArc applies the Douglas–Peucker algorithm (D. H. Douglas and
// T. K. Peucker, "Algorithms for the reduction of the number of points
// required to represent a digitized line or its caricature", The Canadian
// Cartographer 10(2), 1973, pp. 112–122; orb's simplify.DouglasPeucker) to
// one arc, with tolM metres as the largest distance a dropped position may
// lie from the simplified line. Distances are measured in a local
// equirectangular projection (x = Δlon·cos(lat)·m/°, y = Δlat·m/°), within
// about 1% over an arc's few tens of kilometres. Both ends are kept; a
// closed arc is split at its position farthest from the start, so that it
// keeps at least three corners whenever the tolerance allows.
func simplifyArc(arc []orb.Point, tolM float64) []orb.Point {
	if tolM <= 0 || len(arc) <= 3 {
		return slices.Clone(arc)
	}
	b := orb.LineString(arc).Bound()
	kx := math.Cos((b.Min[1]+b.Max[1])/2*math.Pi/180) * metresPerDegree
	proj := make(orb.LineString, len(arc))
	for k, p := range arc {
		proj[k] = orb.Point{(p[0] - arc[0][0]) * kx, (p[1] - arc[0][1]) * metresPerDegree}
	}
	if arc[0] != arc[len(arc)-1] {
		return pick(arc, keptIndices(proj, 0, tolM))
	}
	far, best := 0, -1.0
	for k, p := range proj {
		if d := p[0]*p[0] + p[1]*p[1]; d > best {
			far, best = k, d
		}
	}
	if far == 0 {
		return slices.Clone(arc)
	}
	first := keptIndices(proj[:far+1], 0, tolM)
	second := keptIndices(proj[far:], far, tolM)
	return pick(arc, append(first, second[1:]...))
}

// keptIndices runs orb's Douglas–Peucker on ls (a copy) and returns the
// indices, offset by base, of the positions it keeps. The result is a
// subsequence of ls, so the indices are found by walking both in order.
func keptIndices(ls orb.LineString, base int, tolM float64) []int {
	out := simplify.DouglasPeucker(tolM).LineString(ls.Clone())
	idx := make([]int, 0, len(out))
	k := 0
	for _, p := range out {
		for ls[k] != p {
			k++
		}
		idx = append(idx, base+k)
		k++
	}
	return idx
}

func pick(arc []orb.Point, idx []int) []orb.Point {
	out := make([]orb.Point, len(idx))
	for i, k := range idx {
		out[i] = arc[k]
	}
	return out
}

// roundArc rounds each position to decimals places and drops positions
// that round onto the one before. The ends are rounded like any position,
// so arcs that meet at a junction still meet.
func roundArc(arc []orb.Point, decimals int) []orb.Point {
	f := math.Pow(10, float64(decimals))
	out := make([]orb.Point, 0, len(arc))
	for _, p := range arc {
		q := orb.Point{math.Round(p[0]*f) / f, math.Round(p[1]*f) / f}
		if len(out) == 0 || out[len(out)-1] != q {
			out = append(out, q)
		}
	}
	if len(out) == 1 { // an arc whose ends round together keeps both
		out = append(out, out[0])
	}
	return out
}

// derivation is the result of simplifying a set of authorities.
type derivation struct {
	shapes  []orb.MultiPolygon
	passes  int // simplify-and-check passes until everything was valid
	refined int // arcs simplified less than the tolerance to stay valid
	arcs    int
}

// deriveShapes simplifies every authority's boundary with shared arcs and
// refines, arc by arc, until every check in problems passes: each pass
// halves the tolerance of the arcs involved in a problem, down to
// minToleranceM and then 0 (the arc as published, rounded). The published
// boundaries are valid, so this ends; it fails only when rounding to
// decimals places alone breaks them.
func deriveShapes(shapes []orb.MultiPolygon, tolM float64, decimals int) (*derivation, error) {
	t := buildTopology(shapes)
	tol := make([]float64, len(t.arcs))
	for i := range tol {
		tol[i] = tolM
	}
	d := &derivation{arcs: len(t.arcs)}
	for {
		d.passes++
		simple := make([][]orb.Point, len(t.arcs))
		for i, arc := range t.arcs {
			simple[i] = roundArc(simplifyArc(arc, tol[i]), decimals)
		}
		out := t.assemble(simple)
		bad, why := problems(t, simple, out)
		if len(bad) == 0 {
			d.shapes = out
			for i := range tol {
				if tol[i] < tolM {
					d.refined++
				}
			}
			return d, nil
		}
		progress := false
		for _, id := range bad {
			if tol[id] > 0 {
				progress = true
				tol[id] /= 2
				if tol[id] < minToleranceM {
					tol[id] = 0
				}
			}
		}
		if !progress {
			return nil, fmt.Errorf("the boundaries cannot stay valid when rounded to %d decimal places (%v); use more decimals", decimals, why)
		}
	}
}

// problems runs every check on the simplified arcs and the shapes built
// from them, returning the arcs to refine (sorted, unique) and the first
// problem in words.
func problems(t *topology, arcs [][]orb.Point, shapes []orb.MultiPolygon) ([]int, error) {
	var bad []int
	var first error
	note := func(err error, ids ...int) {
		bad = append(bad, ids...)
		if first == nil {
			first = err
		}
	}
	for id, arc := range arcs {
		if arc[0] == arc[len(arc)-1] && len(arc) < 4 {
			note(fmt.Errorf("arc %d closes with fewer than 3 corners", id), id)
		}
	}
	for _, pair := range crossingArcs(arcs) {
		note(fmt.Errorf("arcs %d and %d cross or touch", pair[0], pair[1]), pair[0], pair[1])
	}
	for _, ids := range junctionsReordered(t.arcs, arcs) {
		note(errors.New("the borders meeting at a junction changed order"), ids...)
	}
	for a, mp := range shapes {
		if err := geo.ValidateMultiPolygon(mp); err != nil {
			var ge *geo.GeometryError
			part, ring := -1, -1
			if errors.As(err, &ge) && ge.Polygon >= 0 && ge.Ring >= 0 &&
				!errors.Is(err, geo.ErrPartsOverlap) && !errors.Is(err, geo.ErrRingsIntersect) && !errors.Is(err, geo.ErrHoleOutside) {
				part, ring = ge.Polygon, ge.Ring
			}
			note(fmt.Errorf("authority %d: %w", a, err), t.arcsOf(a, part, ring)...)
		}
	}
	for _, in := range arcsInsideOthers(t, arcs, shapes) {
		id, other, p := in.arc, in.authority, in.at
		// The other authority's border moved past p: one of its arcs
		// whose published corners' box holds p (a Douglas–Peucker line
		// stays within its arc's convex hull), or failing that any.
		ids := []int{id}
		for _, o := range t.arcsOf(other, -1, -1) {
			if orb.LineString(t.arcs[o]).Bound().Contains(p) {
				ids = append(ids, o)
			}
		}
		if len(ids) == 1 {
			ids = append(ids, t.arcsOf(other, -1, -1)...)
		}
		note(fmt.Errorf("arc %d lies inside authority %d", id, other), ids...)
	}
	slices.Sort(bad)
	return slices.Compact(bad), first
}

// junctionsReordered compares, at every junction, the order in which the
// arcs leave it (by direction, going round) before and after
// simplification, and returns the arcs at each junction where it changed.
// With no arcs crossing, a changed order is the only way for one
// authority's simplified border to swing over a neighbour's near a
// junction without being seen elsewhere.
func junctionsReordered(orig, simple [][]orb.Point) [][]int {
	type end struct {
		arc     int
		atStart bool
	}
	at := map[orb.Point][]int{} // junction → indices into ends
	var ends []end
	var keys []orb.Point
	for id, arc := range orig {
		if arc[0] == arc[len(arc)-1] && len(arc) > 1 && !isJunctionLoop(orig, id) {
			continue
		}
		for _, start := range []bool{true, false} {
			j := arc[0]
			if !start {
				j = arc[len(arc)-1]
			}
			if _, ok := at[j]; !ok {
				keys = append(keys, j)
			}
			at[j] = append(at[j], len(ends))
			ends = append(ends, end{arc: id, atStart: start})
		}
	}
	direction := func(arc []orb.Point, atStart bool) float64 {
		if atStart {
			return math.Atan2(arc[1][1]-arc[0][1], arc[1][0]-arc[0][0])
		}
		n := len(arc)
		return math.Atan2(arc[n-2][1]-arc[n-1][1], arc[n-2][0]-arc[n-1][0])
	}
	var out [][]int
	for _, j := range keys {
		list := at[j]
		if len(list) < 3 {
			continue
		}
		order := func(arcs [][]orb.Point) ([]int, bool) {
			type dir struct {
				e     int
				angle float64
			}
			ds := make([]dir, len(list))
			for i, e := range list {
				ds[i] = dir{e, direction(arcs[ends[e].arc], ends[e].atStart)}
			}
			slices.SortFunc(ds, func(a, b dir) int {
				if a.angle < b.angle {
					return -1
				}
				if a.angle > b.angle {
					return 1
				}
				return a.e - b.e
			})
			seq := make([]int, len(ds))
			tie := false
			for i, d := range ds {
				seq[i] = d.e
				if i > 0 && d.angle-ds[i-1].angle < 1e-9 {
					tie = true // two borders leaving along one line: an overlap
				}
			}
			return seq, tie
		}
		before, _ := order(orig)
		after, tie := order(simple)
		if tie || !sameCycle(before, after) {
			var ids []int
			for _, e := range list {
				ids = append(ids, ends[e].arc)
			}
			out = append(out, ids)
		}
	}
	return out
}

// isJunctionLoop: a closed arc that starts and ends at a junction (a ring
// touching others at one point) rather than a free-standing loop.
func isJunctionLoop(arcs [][]orb.Point, id int) bool {
	j := arcs[id][0]
	for other, arc := range arcs {
		if other != id && (arc[0] == j || arc[len(arc)-1] == j) {
			return true
		}
	}
	return false
}

// sameCycle reports whether b is a rotation of a.
func sameCycle(a, b []int) bool {
	if len(a) != len(b) {
		return false
	}
	if len(a) == 0 {
		return true
	}
	s := slices.Index(b, a[0])
	if s < 0 {
		return false
	}
	for i := range a {
		if a[i] != b[(s+i)%len(b)] {
			return false
		}
	}
	return true
}

// arcsInsideOthers finds arcs lying inside an authority that does not use
// them: a probe position of each arc (an inner corner, or the middle of a
// one-edge arc) must be outside every other authority. With no arcs
// crossing, this is how a border that moved wholly past another
// authority's island or corner shows. It returns them in arc order.
func arcsInsideOthers(t *topology, arcs [][]orb.Point, shapes []orb.MultiPolygon) []arcInside {
	var out []arcInside
	for id, arc := range arcs {
		var probes []orb.Point
		if len(arc) > 2 {
			probes = arc[1 : len(arc)-1]
		} else {
			probes = []orb.Point{{(arc[0][0] + arc[1][0]) / 2, (arc[0][1] + arc[1][1]) / 2}}
		}
	authorities:
		for a, mp := range shapes {
			if slices.Contains(t.owners[id], a) {
				continue
			}
			b := mp.Bound()
			for _, p := range probes {
				if b.Contains(p) && inMultiPolygon(mp, p) {
					out = append(out, arcInside{arc: id, authority: a, at: p})
					break authorities
				}
			}
		}
	}
	return out
}

type arcInside struct {
	arc, authority int
	at             orb.Point
}

// inMultiPolygon is the even–odd crossing test (W. R. Franklin's PNPOLY)
// over every ring of mp.
func inMultiPolygon(mp orb.MultiPolygon, p orb.Point) bool {
	in := false
	for _, poly := range mp {
		for _, r := range poly {
			for k := 0; k+1 < len(r); k++ {
				a, b := r[k], r[k+1]
				if (a[1] > p[1]) != (b[1] > p[1]) && p[0] < (b[0]-a[0])*(p[1]-a[1])/(b[1]-a[1])+a[0] {
					in = !in
				}
			}
		}
	}
	return in
}
