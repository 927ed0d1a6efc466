package main

import (
	"cmp"
	"encoding/binary"
	"math"
	"slices"

	"github.com/paulmach/orb"
)

// The boundaries are cut into arcs before simplifying, as TopoJSON does
// (M. Bostock, "TopoJSON Format Specification", §2.1.4 arcs, and its
// reference implementation's junction finding): an arc is a stretch of
// boundary between two junctions, and a junction is a position where more
// than two boundary edges meet — where a shared border ends, or where three
// authorities meet. A border shared by two authorities is then one arc,
// simplified once and used by both, so simplification opens no gap and
// makes no overlap between neighbours. A ring with no junction (an island,
// a border with no selected neighbour all round) is one closed arc.

// arcRef is one use of an arc in a ring, in the arc's stored direction or
// reversed.
type arcRef struct {
	id       int
	reversed bool
}

// topology holds the arcs of a set of multipolygons and how to rebuild
// them: shapes[authority][part][ring] lists the ring's arcs in order.
type topology struct {
	arcs   [][]orb.Point // canonical direction; closed arcs end where they start
	shapes [][][][]arcRef
	owners [][]int // authorities using each arc, ascending
}

// cycle returns the ring's positions without consecutive repeats and
// without the closing repeat of the first.
func cycle(r orb.Ring) []orb.Point {
	out := make([]orb.Point, 0, len(r))
	for _, p := range r {
		if len(out) == 0 || out[len(out)-1] != p {
			out = append(out, p)
		}
	}
	if len(out) > 1 && out[0] == out[len(out)-1] {
		out = out[:len(out)-1]
	}
	return out
}

func lessPoint(a, b orb.Point) int {
	return cmp.Or(cmp.Compare(a[0], b[0]), cmp.Compare(a[1], b[1]))
}

// buildTopology cuts every ring of shapes into arcs shared between rings:
// each ring is cut at its junctions (positions with more than two distinct
// neighbours over all rings), and each piece is stored once, in its
// canonical direction, with the authorities that use it.
func buildTopology(shapes []orb.MultiPolygon) *topology {
	nbrs := positionNeighbours(shapes)
	junction := func(p orb.Point) bool { return len(nbrs[p]) > 2 }
	t := &topology{}
	index := map[string]int{}
	t.shapes = make([][][][]arcRef, len(shapes))
	for a, mp := range shapes {
		t.shapes[a] = make([][][]arcRef, len(mp))
		for pi, poly := range mp {
			t.shapes[a][pi] = make([][]arcRef, len(poly))
			for ri, r := range poly {
				for _, seq := range ringArcs(cycle(r), junction) {
					t.shapes[a][pi][ri] = append(t.shapes[a][pi][ri], t.register(index, seq, a))
				}
			}
		}
	}
	return t
}

// positionNeighbours lists the distinct neighbours of each position over all rings
// of shapes.
func positionNeighbours(shapes []orb.MultiPolygon) map[orb.Point][]orb.Point {
	nbrs := map[orb.Point][]orb.Point{}
	add := func(p, q orb.Point) {
		if !slices.Contains(nbrs[p], q) {
			nbrs[p] = append(nbrs[p], q)
		}
	}
	for _, mp := range shapes {
		for _, poly := range mp {
			for _, r := range poly {
				c := cycle(r)
				for k, p := range c {
					add(p, c[(k+len(c)-1)%len(c)])
					add(p, c[(k+1)%len(c)])
				}
			}
		}
	}
	return nbrs
}

// ringArcs cuts the ring c (cycle's positions) into the arcs between its
// junctions, in ring order; a ring without junctions is one closed arc
// (canonicalLoop).
func ringArcs(c []orb.Point, junction func(orb.Point) bool) [][]orb.Point {
	var js []int
	for k, p := range c {
		if junction(p) {
			js = append(js, k)
		}
	}
	if len(js) == 0 {
		return [][]orb.Point{canonicalLoop(c)}
	}
	var out [][]orb.Point
	for i, j := range js {
		end := js[(i+1)%len(js)]
		if end <= j {
			end += len(c)
		}
		seq := make([]orb.Point, 0, end-j+1)
		for k := j; k <= end; k++ {
			seq = append(seq, c[k%len(c)])
		}
		out = append(out, seq)
	}
	return out
}

// register stores the arc seq, used by authority owner, once in its
// canonical direction (the lesser of it and its reverse, by lessPoint);
// index finds arcs already stored by their key.
func (t *topology) register(index map[string]int, seq []orb.Point, owner int) arcRef {
	rev := slices.Clone(seq)
	slices.Reverse(rev)
	ref := arcRef{}
	if slices.CompareFunc(rev, seq, lessPoint) < 0 {
		seq, ref.reversed = rev, true
	}
	key := arcKey(seq)
	id, ok := index[key]
	if !ok {
		id = len(t.arcs)
		index[key] = id
		t.arcs = append(t.arcs, slices.Clone(seq))
		t.owners = append(t.owners, nil)
	}
	if !slices.Contains(t.owners[id], owner) {
		t.owners[id] = append(t.owners[id], owner)
		slices.Sort(t.owners[id])
	}
	ref.id = id
	return ref
}

// canonicalLoop turns a ring with no junction into a closed arc that starts
// at its least position (by lon, then lat) and heads for the lesser of that
// position's two neighbours, so the same loop met in two rings (a hole
// filled by another authority) is stored once.
func canonicalLoop(c []orb.Point) []orb.Point {
	start := 0
	for k, p := range c {
		if lessPoint(p, c[start]) < 0 {
			start = k
		}
	}
	n := len(c)
	step := 1
	if lessPoint(c[(start+n-1)%n], c[(start+1)%n]) < 0 {
		step = n - 1
	}
	out := make([]orb.Point, 0, n+1)
	for i := 0; i < n; i++ {
		out = append(out, c[(start+i*step)%n])
	}
	return append(out, out[0])
}

func arcKey(seq []orb.Point) string {
	b := make([]byte, 0, 16*len(seq))
	for _, p := range seq {
		b = binary.LittleEndian.AppendUint64(b, math.Float64bits(p[0]))
		b = binary.LittleEndian.AppendUint64(b, math.Float64bits(p[1]))
	}
	return string(b)
}

// assemble rebuilds the multipolygons from (simplified) arcs, closing each
// ring and dropping the repeated junction where one arc meets the next.
func (t *topology) assemble(arcs [][]orb.Point) []orb.MultiPolygon {
	out := make([]orb.MultiPolygon, len(t.shapes))
	for a, parts := range t.shapes {
		out[a] = make(orb.MultiPolygon, len(parts))
		for pi, rings := range parts {
			out[a][pi] = make(orb.Polygon, len(rings))
			for ri, refs := range rings {
				var r orb.Ring
				for _, ref := range refs {
					seq := arcs[ref.id]
					if ref.reversed {
						seq = slices.Clone(seq)
						slices.Reverse(seq)
					}
					for _, p := range seq {
						if len(r) == 0 || r[len(r)-1] != p {
							r = append(r, p)
						}
					}
				}
				if len(r) > 0 && r[0] != r[len(r)-1] {
					r = append(r, r[0])
				}
				out[a][pi][ri] = r
			}
		}
	}
	return out
}

// arcsOf returns the arcs used by one ring, or by every ring of an
// authority when part is -1.
func (t *topology) arcsOf(authority, part, ring int) []int {
	var ids []int
	for pi, rings := range t.shapes[authority] {
		for ri, refs := range rings {
			if part >= 0 && (pi != part || ri != ring) {
				continue
			}
			for _, ref := range refs {
				ids = append(ids, ref.id)
			}
		}
	}
	return ids
}
