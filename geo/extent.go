package geo

import (
	"fmt"

	"github.com/paulmach/orb"
)

// UKExtent returns the United Kingdom's extent in WGS84 degrees, with a
// little margin: from the Isles of Scilly and the Channel coast (49.8°N) to
// Shetland (60.9°N), from Northern Ireland's west (8.7°W) to East Anglia
// (1.8°E). It is the extent a scheme in England expects its boundaries in.
func UKExtent() orb.Bound {
	return orb.Bound{Min: orb.Point{-8.7, 49.8}, Max: orb.Point{1.8, 60.9}}
}

// CheckExtent reports, as a *GeometryError, a geometry that does not lie
// wholly inside extent (degrees): ErrSwappedLonLat when it would lie inside
// with every position's two numbers exchanged — [lat, lon] written where
// GeoJSON wants [lon, lat], which gives a valid-looking shape in the wrong
// place (England's [51, -3] becomes a point off Somalia) — and
// ErrOutsideExtent otherwise. It returns nil for an empty geometry.
func CheckExtent(mp orb.MultiPolygon, extent orb.Bound) error {
	if len(mp) == 0 {
		return nil
	}
	b := mp.Bound()
	if extent.Contains(b.Min) && extent.Contains(b.Max) {
		return nil
	}
	span := fmt.Sprintf("it spans longitude %g to %g and latitude %g to %g", b.Min[0], b.Max[0], b.Min[1], b.Max[1])
	swapped := orb.Bound{Min: orb.Point{b.Min[1], b.Min[0]}, Max: orb.Point{b.Max[1], b.Max[0]}}
	if extent.Contains(swapped.Min) && extent.Contains(swapped.Max) {
		return &GeometryError{Polygon: -1, Ring: -1, At: fromOrb(b.Min), Kind: ErrSwappedLonLat,
			Detail: span + "; with the two numbers of each position exchanged it would be in place (GeoJSON positions are [lon, lat])"}
	}
	outside := b.Min
	if extent.Contains(outside) {
		outside = b.Max
	}
	return &GeometryError{Polygon: -1, Ring: -1, At: fromOrb(outside), Kind: ErrOutsideExtent,
		Detail: fmt.Sprintf("%s; expected longitude %g to %g and latitude %g to %g",
			span, extent.Min[0], extent.Max[0], extent.Min[1], extent.Max[1])}
}
