package generate

import (
	_ "embed"
	"encoding/csv"
	"math"
	"strconv"
	"strings"
)

// msoaCSV holds the 6,856 Census 2021 MSOA centre points of England, each
// with its upper-tier (children's services) authority: lat, lon (WGS84
// degrees, 4 decimals) and utla_name, cut from
// /work/shared/data/england_msoa21_centroids.csv. Source: Office for
// National Statistics licensed under the Open Government Licence v.3.0;
// contains OS data © Crown copyright and database right 2024.
//
// Without --boundaries, a person drawn around one of the 180 built-in
// places (spread up to about 20 km) is named the authority of the MSOA
// centre nearest their point, not the place's majority authority: a place
// near a border spreads people into the next authority, and naming them
// all after the place named the wrong authority for most children of a
// run (97 of 150 in seed 5, checked against the ONS boundaries).
//
//go:embed msoa_authorities.csv
var msoaCSV string

// nearestAuthority finds the authority of the MSOA centre nearest a point,
// from a grid of cells cellDeg on a side.
type nearestAuthority struct {
	lat, lon []float64
	auth     []string
	cells    map[[2]int32][]int32
}

// cellDeg is the grid cell of nearestAuthority, in degrees: about 11 km of
// latitude, so a cell holds a few MSOA centres in the country and dozens in
// a city.
const cellDeg = 0.1

func cellOf(lat, lon float64) [2]int32 {
	return [2]int32{int32(math.Floor(lat / cellDeg)), int32(math.Floor(lon / cellDeg))}
}

// builtinNearest reads msoaCSV.
func builtinNearest() *nearestAuthority {
	rows, err := csv.NewReader(strings.NewReader(msoaCSV)).ReadAll()
	if err != nil || len(rows) < 2 {
		panic("generate: embedded msoa_authorities.csv is broken") // a build fault
	}
	n := &nearestAuthority{cells: map[[2]int32][]int32{}}
	for _, f := range rows[1:] {
		lat, err1 := strconv.ParseFloat(f[0], 64)
		lon, err2 := strconv.ParseFloat(f[1], 64)
		if err1 != nil || err2 != nil || len(f) != 3 {
			panic("generate: embedded msoa_authorities.csv is broken") // a build fault
		}
		c := cellOf(lat, lon)
		n.cells[c] = append(n.cells[c], int32(len(n.lat)))
		n.lat, n.lon, n.auth = append(n.lat, lat), append(n.lon, lon), append(n.auth, f[2])
	}
	return n
}

// name returns the authority of the MSOA centre nearest (lat, lon), by
// equirectangular distance (exact enough at these few km); ties go to the
// centre earlier in the file. It searches rings of cells outwards until no
// unsearched cell can hold a nearer centre.
func (n *nearestAuthority) name(lat, lon float64) string {
	c := cellOf(lat, lon)
	k := math.Cos(lat * math.Pi / 180)
	best, bestD := int32(-1), math.Inf(1)
	for r := int32(0); ; r++ {
		for dy := -r; dy <= r; dy++ {
			for dx := -r; dx <= r; dx++ {
				if max(abs32(dy), abs32(dx)) != r {
					continue // inner rings are done
				}
				for _, i := range n.cells[[2]int32{c[0] + dy, c[1] + dx}] {
					y, x := n.lat[i]-lat, (n.lon[i]-lon)*k
					if d := y*y + x*x; d < bestD || d == bestD && i < best {
						best, bestD = i, d
					}
				}
			}
		}
		// Any centre in ring r+1 or beyond is at least r cells away in
		// latitude or longitude (a longitude cell is k of a degree wide).
		reach := float64(r) * cellDeg * k
		if best >= 0 && reach*reach >= bestD || r > 200 {
			break
		}
	}
	if best < 0 {
		return ""
	}
	return n.auth[best]
}

func abs32(x int32) int32 {
	if x < 0 {
		return -x
	}
	return x
}
