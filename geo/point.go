package geo

import (
	"github.com/paulmach/orb"

	"math"
	"strconv"
)

// Point is a position on the WGS84 ellipsoid in decimal degrees, longitude
// first to match GeoJSON (RFC 7946) and orb. Lon is east-positive in
// [-180, 180]; Lat is north-positive in [-90, 90].
type Point struct {
	Lon, Lat float64
}

// LatLon returns the Point at latitude lat and longitude lon (degrees). It
// exists because people and CSV files say "lat, lon" while GeoJSON says
// [lon, lat]; naming the order at the call site avoids silent swaps.
func LatLon(lat, lon float64) Point { return Point{Lon: lon, Lat: lat} }

// Valid reports whether p holds finite degrees inside the longitude and
// latitude ranges.
func (p Point) Valid() bool {
	return !math.IsNaN(p.Lon) && !math.IsNaN(p.Lat) &&
		p.Lon >= -180 && p.Lon <= 180 && p.Lat >= -90 && p.Lat <= 90
}

// String formats p as "lat,lon" with 5 decimals (about 1 m), the order
// people read.
func (p Point) String() string {
	return strconv.FormatFloat(p.Lat, 'f', 5, 64) + "," + strconv.FormatFloat(p.Lon, 'f', 5, 64)
}

// fromOrb converts an orb.Point ([lon, lat]) to a Point.
func fromOrb(o orb.Point) Point { return Point{Lon: o[0], Lat: o[1]} }
