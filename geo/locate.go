package geo

import (
	"math"
)

// Locator tuning. Both only trade memory for speed; answers do not depend
// on them.
const (
	// locCellDeg is the side of a candidate-grid cell in degrees (about
	// 5.6 km north–south, 3.4 km east–west in England): small enough that
	// most cells meet one to three authority bounding boxes, coarse enough
	// that England needs only about 20,000 cells.
	locCellDeg = 0.05
	// bandDeg is the height in degrees (about 550 m) of the horizontal bands
	// each authority's edges are sorted into, so that a ray cast only visits
	// edges near the point's latitude.
	bandDeg = 0.005
	// maxBands caps the bands per authority for very tall inputs.
	maxBands = 4096
	// locCellsPerAuthority caps the candidate grid's size; England's 153
	// authorities need about 130 cells each at locCellDeg.
	locCellsPerAuthority = 256
)

// gridSize divides a w × h box into square-ish cells of side cell, using
// at most maxCells cells (growing the cells if needed). It returns the
// columns, rows and cell width and height.
func gridSize(w, h, cell float64, maxCells int) (cols, rows int, cw, ch float64) {
	if n := (w / cell) * (h / cell); n > float64(maxCells) {
		cell *= math.Sqrt(n / float64(maxCells))
	}
	cols = max(1, min(int(math.Ceil(w/cell)), maxCells))
	rows = max(1, min(int(math.Ceil(h/cell)), maxCells/cols))
	cw, ch = max(w/float64(cols), 1e-9), max(h/float64(rows), 1e-9)
	return cols, rows, cw, ch
}

type edge struct{ x1, y1, x2, y2 float64 }

// shape is one authority's rings as edges, bucketed by latitude band.
type shape struct {
	minX, minY, maxX, maxY float64
	bandH                  float64
	nBands                 int
	bandStart              []int32 // edges of band k are edges[bandStart[k]:bandStart[k+1]]
	edges                  []edge
}

// locator answers point-in-authority queries: a uniform grid gives the
// authorities whose bounding box meets the point's cell, and each candidate
// is tested exactly by ray casting over the edges in the point's band.
type locator struct {
	shapes       []shape
	minX, minY   float64
	cellW, cellH float64 // degrees
	cols, rows   int
	cellStart    []int32 // candidates of cell c are cand[cellStart[c]:cellStart[c+1]]
	cand         []int32 // authority indices, ascending within a cell
}

func (s *shape) band(y float64) int {
	k := int((y - s.minY) / s.bandH)
	if k < 0 {
		return 0
	}
	if k >= s.nBands {
		return s.nBands - 1
	}
	return k
}

func newShape(a *Authority) shape {
	s := shape{minX: a.Bound.Min[0], minY: a.Bound.Min[1], maxX: a.Bound.Max[0], maxY: a.Bound.Max[1]}
	var all []edge
	for _, poly := range a.Geometry {
		for _, ring := range poly {
			for i := 0; i+1 < len(ring); i++ {
				all = append(all, edge{ring[i][0], ring[i][1], ring[i+1][0], ring[i+1][1]})
			}
		}
	}
	h := s.maxY - s.minY
	nb := int(math.Ceil(h / bandDeg))
	nb = max(1, min(nb, maxBands))
	s.nBands = nb
	s.bandH = h / float64(nb)
	if s.bandH <= 0 {
		s.bandH = 1 // degenerate flat shape: one band
	}
	count := make([]int32, nb+1)
	for _, e := range all {
		lo, hi := s.band(min(e.y1, e.y2)), s.band(max(e.y1, e.y2))
		for k := lo; k <= hi; k++ {
			count[k+1]++
		}
	}
	for k := 1; k <= nb; k++ {
		count[k] += count[k-1]
	}
	s.bandStart = count
	s.edges = make([]edge, count[nb])
	next := append([]int32(nil), count[:nb]...)
	for _, e := range all {
		lo, hi := s.band(min(e.y1, e.y2)), s.band(max(e.y1, e.y2))
		for k := lo; k <= hi; k++ {
			s.edges[next[k]] = e
			next[k]++
		}
	}
	return s
}

// contains reports whether (x, y) = (lon, lat) is inside the shape, by the
// even–odd crossing rule of W. R. Franklin's PNPOLY
// (https://wrfranklin.org/Research/Short_Notes/pnpoly.html), applied to all
// rings at once so that holes and islands in holes come out right. The
// half-open edge test means a point exactly on an edge shared by two
// adjacent authorities is inside exactly one of them.
func (s *shape) contains(x, y float64) bool {
	if x < s.minX || x > s.maxX || y < s.minY || y > s.maxY {
		return false
	}
	k := s.band(y)
	in := false
	for _, e := range s.edges[s.bandStart[k]:s.bandStart[k+1]] {
		if (e.y1 > y) != (e.y2 > y) && x < (e.x2-e.x1)*(y-e.y1)/(e.y2-e.y1)+e.x1 {
			in = !in
		}
	}
	return in
}

func newLocator(auth []Authority) locator {
	l := locator{shapes: make([]shape, len(auth))}
	minX, minY := math.Inf(1), math.Inf(1)
	maxX, maxY := math.Inf(-1), math.Inf(-1)
	for i := range auth {
		l.shapes[i] = newShape(&auth[i])
		b := auth[i].Bound
		minX, minY = min(minX, b.Min[0]), min(minY, b.Min[1])
		maxX, maxY = max(maxX, b.Max[0]), max(maxY, b.Max[1])
	}
	l.minX, l.minY = minX, minY
	// Cap the grid at locCellsPerAuthority cells per authority so that a
	// world-spanning input cannot allocate millions of cells.
	l.cols, l.rows, l.cellW, l.cellH = gridSize(maxX-minX, maxY-minY, locCellDeg, locCellsPerAuthority*len(auth)+1024)
	count := make([]int32, l.cols*l.rows+1)
	l.eachCell(auth, func(c, _ int) { count[c+1]++ })
	for c := 1; c < len(count); c++ {
		count[c] += count[c-1]
	}
	l.cellStart = count
	l.cand = make([]int32, count[len(count)-1])
	next := append([]int32(nil), count[:len(count)-1]...)
	l.eachCell(auth, func(c, i int) { l.cand[next[c]] = int32(i); next[c]++ })
	return l
}

// eachCell calls f(cell, authority) for every grid cell that an
// authority's bounding box meets, authorities in ascending order.
func (l *locator) eachCell(auth []Authority, f func(c, i int)) {
	for i := range auth {
		b := auth[i].Bound
		c0, r0 := l.cell(b.Min[0], b.Min[1])
		c1, r1 := l.cell(b.Max[0], b.Max[1])
		for r := r0; r <= r1; r++ {
			for c := c0; c <= c1; c++ {
				f(r*l.cols+c, i)
			}
		}
	}
}

func (l *locator) cell(x, y float64) (col, row int) {
	col = min(max(int((x-l.minX)/l.cellW), 0), l.cols-1)
	row = min(max(int((y-l.minY)/l.cellH), 0), l.rows-1)
	return col, row
}

func (l *locator) locate(p Point) int {
	if !p.Valid() {
		return -1
	}
	c, r := l.cell(p.Lon, p.Lat)
	k := r*l.cols + c
	for _, i := range l.cand[l.cellStart[k]:l.cellStart[k+1]] {
		if l.shapes[i].contains(p.Lon, p.Lat) {
			return int(i)
		}
	}
	return -1
}

// Locate returns the index of the authority containing p, or -1 and false
// when p is in none of them (at sea, abroad, or in a gap between generalised
// polygons): a point is never assigned to a nearby authority by guesswork.
// Containment is exact for the polygons as given. A point on a border gets
// one deterministic answer: where two authorities share the edge exactly,
// PNPOLY's half-open rule puts the point in exactly one of them, and when
// several authorities contain a point (overlapping input) the lowest index
// wins.
func (b *Boundaries) Locate(p Point) (int, bool) {
	i := b.loc.locate(p)
	return i, i >= 0
}
