package match

import (
	"math"

	"github.com/linkmatch/linkmatch/geo"
)

// kmPerDegree is the length of one degree of latitude (and of longitude at
// the equator) on the sphere geo.HaversineKm uses.
const kmPerDegree = geo.EarthRadiusKm * degToRad

// maxGridCells bounds the grid's memory (4 bytes a cell) when carers are
// spread over a much larger area than England: cells grow instead.
const maxGridCells = 1 << 22

// grid is a uniform latitude–longitude grid over the carers, the spatial
// index the scorer uses to find the carers within reach of a child without
// looking at every carer. Cells are about as wide as the search radius, so
// a query reads about nine cells. Carers are listed in id order in each cell.
// It assumes no search circle crosses the ±180° meridian, true of England.
type grid struct {
	lat0, lon0       float64 // south-west corner, degrees
	cellLat, cellLon float64 // cell size, degrees
	rows, cols       int
	start            []int32 // items of cell i are items[start[i]:start[i+1]]
	items            []int32 // carer ranks
}

func newGrid(ks []carerRec, km float64) grid {
	g := grid{rows: 1, cols: 1}
	if len(ks) == 0 {
		g.start = []int32{0, 0}
		return g
	}
	minLat, maxLat, minLon, maxLon := math.Inf(1), math.Inf(-1), math.Inf(1), math.Inf(-1)
	for i := range ks {
		minLat, maxLat = min(minLat, ks[i].lat), max(maxLat, ks[i].lat)
		minLon, maxLon = min(minLon, ks[i].lon), max(maxLon, ks[i].lon)
	}
	g.lat0, g.lon0 = minLat, minLon
	g.cellLat = max(km/kmPerDegree, 1e-4)
	cos := max(math.Cos((minLat+maxLat)/2*degToRad), 0.1)
	g.cellLon = g.cellLat / cos
	for {
		g.rows = int((maxLat-minLat)/g.cellLat) + 1
		g.cols = int((maxLon-minLon)/g.cellLon) + 1
		if g.rows*g.cols <= maxGridCells {
			break
		}
		g.cellLat *= 2
		g.cellLon *= 2
	}
	g.start = make([]int32, g.rows*g.cols+1)
	cell := make([]int32, len(ks))
	for i := range ks {
		c := g.cellOf(ks[i].lat, ks[i].lon)
		cell[i] = int32(c)
		g.start[c+1]++
	}
	for i := 1; i < len(g.start); i++ {
		g.start[i] += g.start[i-1]
	}
	g.items = make([]int32, len(ks))
	fill := append([]int32(nil), g.start[:len(g.start)-1]...)
	for i := range ks { // ranks ascend, so each cell lists them in id order
		g.items[fill[cell[i]]] = int32(i)
		fill[cell[i]]++
	}
	return g
}

func (g *grid) cellOf(lat, lon float64) int {
	r := min(max(int((lat-g.lat0)/g.cellLat), 0), g.rows-1)
	c := min(max(int((lon-g.lon0)/g.cellLon), 0), g.cols-1)
	return r*g.cols + c
}

// near calls f with runs of carers (ranks) from the cells that may hold
// points within km of (lat, lon). The runs include carers further away;
// callers measure.
func (g *grid) near(lat, lon, km float64, f func(ranks []int32)) {
	if len(g.items) == 0 {
		return
	}
	dLat := km / kmPerDegree
	latLo, latHi := lat-dLat, lat+dLat
	polar := max(math.Abs(latLo), math.Abs(latHi))
	var lonLo, lonHi float64
	if polar >= 89 {
		lonLo, lonHi = math.Inf(-1), math.Inf(1)
	} else {
		dLon := dLat / math.Cos(polar*degToRad)
		lonLo, lonHi = lon-dLon, lon+dLon
	}
	r0, r1 := g.index(latLo, g.lat0, g.cellLat, g.rows), g.index(latHi, g.lat0, g.cellLat, g.rows)
	c0, c1 := g.index(lonLo, g.lon0, g.cellLon, g.cols), g.index(lonHi, g.lon0, g.cellLon, g.cols)
	for r := r0; r <= r1; r++ {
		row := r * g.cols
		f(g.items[g.start[row+c0]:g.start[row+c1+1]])
	}
}

// index is the cell row (or column) of coordinate x, clamped to the grid
// (a query outside the grid reads the edge cells, which is harmless).
func (g *grid) index(x, origin, size float64, n int) int {
	f := (x - origin) / size
	switch {
	case f < 0:
		return 0
	case f >= float64(n):
		return n - 1
	}
	return int(f)
}
