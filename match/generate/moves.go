package generate

import (
	"math"
	"math/rand/v2"

	"github.com/linkmatch/linkmatch"
)

// moveSpreadKm is the rms distance, km, from a child's residential home to
// the long-term foster family they move to. Most looked-after children
// live within 20 miles (32 km) of home (DfE, "Children looked after in
// England including adoptions", which reports the share placed further
// away each year), and a family found for a child stepping down is usually
// near their school and network, so a 15 km rms spread keeps nearly every
// synthetic move within 20 miles. The figure only shapes synthetic data.
const moveSpreadKm = 15

// moves gives each step-down child the address of their long-term foster
// family (children.csv move_lat, move_lon), so that plans know the carer's
// travel after the move (without it every link is warned distance_unknown).
// Siblings move to the same family. A point off the map (outside England,
// or outside every authority when boundaries are given) is drawn again,
// and after a few tries the family lives at the home's own location.
func (g *gen) moves(r *rand.Rand, children []linkmatch.Child) {
	byGroup := map[string]int{} // sibling group → the child whose family it is
	sd := moveSpreadKm / math.Sqrt2
	for i := range children {
		c := &children[i]
		if j, ok := byGroup[c.SiblingGroup]; ok && c.SiblingGroup != "" {
			c.MoveLat, c.MoveLon, c.HasMove = children[j].MoveLat, children[j].MoveLon, true
			continue
		}
		c.MoveLat, c.MoveLon, c.HasMove = c.Lat, c.Lon, true
		for range 10 {
			lat := round5(c.Lat + r.NormFloat64()*sd/kmPerDegree)
			lon := round5(c.Lon + r.NormFloat64()*sd/(kmPerDegree*math.Cos(c.Lat*math.Pi/180)))
			if g.opt.Locate != nil {
				if _, ok := g.opt.Locate(lat, lon); !ok {
					continue
				}
			} else if !inEngland(lat, lon) {
				continue
			}
			c.MoveLat, c.MoveLon = lat, lon
			break
		}
		if c.SiblingGroup != "" {
			byGroup[c.SiblingGroup] = i
		}
	}
}
