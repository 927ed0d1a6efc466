package geo

import (
	"fmt"
	"math"
	"slices"
	"sync"
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
// value, and the number of authority steps between any two. It holds only
// the neighbour lists (memory in proportion to the number of borders, not
// to the square of the number of authorities: 100,000 features would need
// 10 GB for an all-pairs table) and finds steps on demand, remembering the
// answers from each authority asked about. It is safe for concurrent use.
type Graph struct {
	b     *Boundaries
	adj   [][]int // ascending indices
	steps stepCache
}

// stepCache remembers breadth-first searches by their source authority.
type stepCache struct {
	mu    sync.Mutex
	rows  map[int][]int32 // source → steps to every authority; -1 unreachable
	held  int             // entries in rows
	queue []int           // the search's queue, reused
}

// maxCachedSteps bounds the cache: 16 M entries (64 MB). The scorer asks
// about the authorities of children's homes, a few hundred at most, so
// the cache is only ever emptied by callers walking every source of a huge
// graph, and then costs them one search per source again.
const maxCachedSteps = 16 << 20

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
// Memory is in proportion to the boundaries' segments and the borders
// found; steps between authorities are found on demand (Graph.Steps).
func (b *Boundaries) NeighbourGraph(toleranceM float64) (*Graph, error) {
	if !(toleranceM >= 0) || math.IsInf(toleranceM, 0) {
		return nil, fmt.Errorf("geo: neighbour tolerance %v m: %w (want a finite number ≥ 0)", toleranceM, ErrInvalidTolerance)
	}
	n := len(b.auth)
	grid := newSegGrid(b.auth, toleranceM)
	segs := grid.segs
	g := &Graph{b: b, adj: make([][]int, n)}
	// mark[o] == a+1 when o is already known to neighbour a; set from a's
	// list each time the scan reaches a's segments (they are contiguous),
	// so each pair is tested until first found, from either side.
	mark := make([]int32, n)
	cur := -1
	tol2 := toleranceM * toleranceM
	for si := range segs {
		a := int(segs[si].auth)
		if a != cur {
			cur = a
			for _, o := range g.adj[a] {
				mark[o] = int32(a + 1)
			}
		}
		// Each segment's start vertex; rings are closed, so this visits
		// every vertex once.
		vx, vy := segs[si].e.x1, segs[si].e.y1
		kx := metresPerDegree * math.Cos(vy*math.Pi/180)
		for _, sj := range grid.near(vx, vy) {
			o := int(segs[sj].auth)
			if o == a || mark[o] == int32(a+1) {
				continue
			}
			e := segs[sj].e
			if pointSegDist2((e.x1-vx)*kx, (e.y1-vy)*metresPerDegree, (e.x2-vx)*kx, (e.y2-vy)*metresPerDegree) <= tol2 {
				mark[o] = int32(a + 1)
				g.adj[a] = append(g.adj[a], o)
				g.adj[o] = append(g.adj[o], a)
			}
		}
	}
	for i := range g.adj {
		slices.Sort(g.adj[i])
	}
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

// bfs counts the steps from authority s to every authority by
// breadth-first search (E. F. Moore, "The shortest path through a maze",
// 1959): O(authorities + borders) time. queue is scratch space, returned
// for reuse.
func bfs(adj [][]int, s int, queue []int) (row []int32, scratch []int) {
	row = make([]int32, len(adj))
	for i := range row {
		row[i] = -1
	}
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
	return row, queue
}

// Steps returns the fewest border crossings from authority i to authority
// j (0 for the same authority, 1 for neighbours), or -1 and false when no
// chain of neighbours joins them (an island such as the Isles of Scilly).
// The first call from i (or to i: steps are symmetric) searches the graph;
// later calls are answered from memory.
func (g *Graph) Steps(i, j int) (int, bool) {
	if i == j {
		return 0, true
	}
	g.steps.mu.Lock()
	defer g.steps.mu.Unlock()
	row, ok := g.steps.rows[i]
	if !ok {
		if r, ok := g.steps.rows[j]; ok {
			row, i, j = r, j, i
		} else {
			row, g.steps.queue = bfs(g.adj, i, g.steps.queue)
			if g.steps.rows == nil || g.steps.held+len(row) > maxCachedSteps {
				g.steps.rows, g.steps.held = map[int][]int32{}, 0
			}
			g.steps.rows[i] = row
			g.steps.held += len(row)
		}
	}
	s := int(row[j])
	return s, s >= 0
}
