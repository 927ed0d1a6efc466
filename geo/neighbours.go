package geo

import (
	"fmt"
	"math"
)

// DefaultToleranceM is the default neighbour tolerance in metres. ONS
// "BSC" boundaries are generalised to about 200 m and each layer is
// generalised separately, so two authorities that share a border on the
// ground can be drawn with slivers of gap or overlap of some tens of metres
// between them. 100 m bridges those slivers while staying well below the
// width of the estuaries that separate authorities which do not touch.
const DefaultToleranceM = 100.0

// metresPerDegree is the length of one degree of latitude (and of
// longitude at the equator) on the sphere of radius EarthRadiusKm:
// 2π R / 360 ≈ 111,195 m.
const metresPerDegree = EarthRadiusKm * 1000 * math.Pi / 180

// nbCellDeg is the side in degrees (about 2.2 km north–south) of the cells
// that bucket boundary segments for the neighbour search; it only affects
// speed.
const nbCellDeg = 0.02

// nbCellsPerSegment caps the neighbour grid's size relative to the input;
// England's ~60,000 segments need about 2 cells each at nbCellDeg.
const nbCellsPerSegment = 8

// Graph is the neighbour relation between the authorities of a Boundaries
// value, with the number of authority steps between every pair. It is
// immutable and safe for concurrent use.
type Graph struct {
	b     *Boundaries
	adj   [][]int // ascending indices
	steps []int32 // steps[i*n+j]; -1 when unreachable
}

type nbSeg struct {
	e    edge
	auth int32
}

// NeighbourGraph finds which authorities share a border: a and b are
// neighbours when some vertex of one lies within toleranceM metres of a
// boundary segment of the other (see DefaultToleranceM). Distances are
// measured in a local equirectangular projection around the vertex (x =
// Δlon·cos(lat)·m/°, y = Δlat·m/°), accurate to well under a metre over
// the few-hundred-metre segments involved. Segments are bucketed in a
// uniform grid so only nearby segments are compared. The relation is
// symmetric by construction and never includes an authority itself.
//
// It also computes the number of authority steps between every pair by
// breadth-first search, using O(n²) memory for n authorities.
func (b *Boundaries) NeighbourGraph(toleranceM float64) (*Graph, error) {
	if !(toleranceM >= 0) || math.IsInf(toleranceM, 0) {
		return nil, fmt.Errorf("geo: neighbour tolerance %v m: %w (want a finite number ≥ 0)", toleranceM, ErrInvalidTolerance)
	}
	n := len(b.auth)
	grid := newSegGrid(b.auth, toleranceM)
	segs := grid.segs
	near := make([]bool, n*n)
	tol2 := toleranceM * toleranceM
	for si := range segs {
		a := int(segs[si].auth)
		// Each segment's start vertex; rings are closed, so this visits
		// every vertex once.
		vx, vy := segs[si].e.x1, segs[si].e.y1
		kx := metresPerDegree * math.Cos(vy*math.Pi/180)
		for _, sj := range grid.near(vx, vy) {
			o := int(segs[sj].auth)
			if o == a || near[a*n+o] {
				continue
			}
			e := segs[sj].e
			if pointSegDist2((e.x1-vx)*kx, (e.y1-vy)*metresPerDegree, (e.x2-vx)*kx, (e.y2-vy)*metresPerDegree) <= tol2 {
				near[a*n+o], near[o*n+a] = true, true
			}
		}
	}
	g := &Graph{b: b, adj: make([][]int, n)}
	for i := 0; i < n; i++ {
		for j := 0; j < n; j++ {
			if near[i*n+j] {
				g.adj[i] = append(g.adj[i], j)
			}
		}
	}
	g.steps = allSteps(g.adj)
	return g, nil
}

// segGrid buckets every boundary segment into the uniform grid cells its
// bounding box, grown by the tolerance, meets, so that the segments near a
// vertex are those of the vertex's cell.
type segGrid struct {
	segs       []nbSeg
	ox, oy     float64 // grid origin, degrees
	cellW      float64 // degrees of longitude
	cellH      float64 // degrees of latitude
	cols, rows int
	start      []int32 // cell k holds bucket[start[k]:start[k+1]]
	bucket     []int32 // segment indices
}

func newSegGrid(auth []Authority, toleranceM float64) *segGrid {
	g := &segGrid{}
	minX, minY := math.Inf(1), math.Inf(1)
	maxX, maxY := math.Inf(-1), math.Inf(-1)
	for i := range auth {
		bd := auth[i].Bound
		minX, minY = min(minX, bd.Min[0]), min(minY, bd.Min[1])
		maxX, maxY = max(maxX, bd.Max[0]), max(maxY, bd.Max[1])
		for _, poly := range auth[i].Geometry {
			for _, ring := range poly {
				for k := 0; k+1 < len(ring); k++ {
					g.segs = append(g.segs, nbSeg{edge{ring[k][0], ring[k][1], ring[k+1][0], ring[k+1][1]}, int32(i)})
				}
			}
		}
	}
	// Tolerance in degrees, conservative: longitude degrees are shortest
	// at the highest latitude present.
	tolLat := toleranceM / metresPerDegree
	cosMin := math.Cos(max(math.Abs(minY), math.Abs(maxY)) * math.Pi / 180)
	tolLon := 180.0 // near a pole every longitude is close
	if cosMin > 1e-6 {
		tolLon = min(tolLon, toleranceM/(metresPerDegree*cosMin))
	}
	// At most nbCellsPerSegment cells per segment, so that huge or
	// world-spanning inputs stay cheap.
	g.cols, g.rows, g.cellW, g.cellH = gridSize(maxX-minX+2*tolLon, maxY-minY+2*tolLat, nbCellDeg, nbCellsPerSegment*len(g.segs)+1024)
	g.ox, g.oy = minX-tolLon, minY-tolLat
	// Counting sort of segments into every cell their expanded box meets.
	g.start = make([]int32, g.cols*g.rows+1)
	visit := func(f func(cellIdx int, s int32)) {
		for si, s := range g.segs {
			c0, r0 := g.cell(min(s.e.x1, s.e.x2)-tolLon, min(s.e.y1, s.e.y2)-tolLat)
			c1, r1 := g.cell(max(s.e.x1, s.e.x2)+tolLon, max(s.e.y1, s.e.y2)+tolLat)
			for r := r0; r <= r1; r++ {
				for c := c0; c <= c1; c++ {
					f(r*g.cols+c, int32(si))
				}
			}
		}
	}
	visit(func(k int, _ int32) { g.start[k+1]++ })
	for k := 1; k < len(g.start); k++ {
		g.start[k] += g.start[k-1]
	}
	g.bucket = make([]int32, g.start[len(g.start)-1])
	next := append([]int32(nil), g.start[:len(g.start)-1]...)
	visit(func(k int, s int32) { g.bucket[next[k]] = s; next[k]++ })
	return g
}

func (g *segGrid) cell(x, y float64) (int, int) {
	c := int((x - g.ox) / g.cellW)
	r := int((y - g.oy) / g.cellH)
	return min(max(c, 0), g.cols-1), min(max(r, 0), g.rows-1)
}

// near returns the segments that may lie within the tolerance of (x, y).
func (g *segGrid) near(x, y float64) []int32 {
	c, r := g.cell(x, y)
	k := r*g.cols + c
	return g.bucket[g.start[k]:g.start[k+1]]
}

// pointSegDist2 is the squared distance from the origin to the segment
// (x1,y1)–(x2,y2) in the plane.
func pointSegDist2(x1, y1, x2, y2 float64) float64 {
	dx, dy := x2-x1, y2-y1
	t := 0.0
	if l2 := dx*dx + dy*dy; l2 > 0 {
		t = min(max(-(x1*dx+y1*dy)/l2, 0), 1)
	}
	px, py := x1+t*dx, y1+t*dy
	return px*px + py*py
}

// allSteps runs a breadth-first search (E. F. Moore, "The shortest path
// through a maze", 1959) from every authority.
func allSteps(adj [][]int) []int32 {
	n := len(adj)
	steps := make([]int32, n*n)
	for i := range steps {
		steps[i] = -1
	}
	queue := make([]int, 0, n)
	for s := 0; s < n; s++ {
		row := steps[s*n : (s+1)*n]
		row[s] = 0
		queue = append(queue[:0], s)
		for h := 0; h < len(queue); h++ {
			u := queue[h]
			for _, v := range adj[u] {
				if row[v] < 0 {
					row[v] = row[u] + 1
					queue = append(queue, v)
				}
			}
		}
	}
	return steps
}

// Steps returns the fewest border crossings from authority i to authority
// j (0 for the same authority, 1 for neighbours), or -1 and false when no
// chain of neighbours joins them (an island such as the Isles of Scilly).
func (g *Graph) Steps(i, j int) (int, bool) {
	n := len(g.adj)
	s := int(g.steps[i*n+j])
	return s, s >= 0
}
