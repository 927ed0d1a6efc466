package geo

// Zone is an area a child must be kept away from (for example near a
// person who poses a risk). It is either a circle, Centre and RadiusKm
// (great-circle km, boundary included), or a whole authority by name; a Zone
// with both set covers the union.
type Zone struct {
	Centre    Point
	RadiusKm  float64 // ≤ 0 means no circle
	Authority string  // "" means no authority
}

// Contains reports whether p is inside the zone. authority is the name of
// the authority p lies in (Boundaries.Name of its Locate result), or "" when
// unknown; the caller locates p once for all zones.
func (z Zone) Contains(p Point, authority string) bool {
	if z.Authority != "" && authority == z.Authority {
		return true
	}
	return z.RadiusKm > 0 && p.Valid() && z.Centre.Valid() && HaversineKm(z.Centre, p) <= z.RadiusKm
}

// Zones is a child's set of exclusion zones.
type Zones []Zone

// Contains reports whether p is inside any of the zones; see Zone.Contains.
func (zs Zones) Contains(p Point, authority string) bool {
	for _, z := range zs {
		if z.Contains(p, authority) {
			return true
		}
	}
	return false
}
