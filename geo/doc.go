// Package geo knows points, authorities and distances: which local
// authority a point is in, which authorities border each other, how far
// apart two points are and how long the drive takes, and which carers are
// within reach of a child. It imports nothing else from linkmatch, so it can
// be used on its own; it is given plain Go values and io.Readers, never file
// names, and has no package-level state.
//
// # Units and coordinate order
//
// Points are WGS84 longitude/latitude in decimal degrees. Point is
// {Lon, Lat}, the order of GeoJSON (RFC 7946) and orb ([lon, lat]); use
// LatLon(lat, lon) when reading "lat, lon" from a CSV so the order is
// visible at the call site. Distances are kilometres unless a name says
// otherwise (RoadMiles, ToleranceM, RadiusKm); times are minutes.
//
// # Distances and travel
//
// HaversineKm is the great-circle distance on a sphere of radius
// EarthRadiusKm = 6371.0088 km, the IUGG mean radius. orb uses the WGS84
// equatorial radius 6378137 m; we use the mean because it is the standard
// radius for a spherical Earth model (it minimises the error averaged over
// all positions and directions) and the one published haversine distances
// use. Over England both are within about 0.3% of the ellipsoid. A
// TravelModel turns straight-line km into road km (× Circuity, default 1.3),
// miles (1 mile = 1.609344 km exactly) and minutes (at SpeedKmh, default
// 40 km/h). A TravelTimes table of known Journeys (a driving time, and
// perhaps a road distance, measured or taken from a route planner) replaces
// the estimate for the journeys it lists, in either direction.
//
// # Authorities
//
// LoadBoundaries reads a GeoJSON FeatureCollection of Polygon and
// MultiPolygon features (holes and islands allowed), naming each authority
// from a property ("name" by default). Bad input gives a *BoundaryError
// that names the feature and says what to do; it wraps a sentinel such as
// ErrProjected (British National Grid metres instead of degrees) or
// ErrUnclosedRing for errors.Is.
//
// Boundaries.Locate finds the authority containing a point exactly, by ray
// casting (W. R. Franklin's PNPOLY) over the edges near the point, found
// through a uniform grid and per-authority latitude bands. A point outside
// every authority is reported as such (-1, false), never guessed; a point
// on a shared border gets one deterministic answer.
//
// Boundaries.NeighbourGraph decides which authorities share a border.
// Published boundaries are generalised (ONS BSC: about 200 m) and
// separately generalised layers leave small gaps and overlaps, so two
// authorities are neighbours when a vertex of one lies within a tolerance
// of the other's boundary: DefaultToleranceM = 100 m. Authorities facing
// each other across an estuary wider than the tolerance (Plymouth and
// Cornwall across the Tamar, boroughs across the Thames) are not
// neighbours in coastline-clipped data; raise the tolerance (about 500 m)
// if they should be. Graph.Steps gives the number of authority borders
// between any two authorities (breadth-first search): 0 the same, 1
// neighbours, more for distant ones, none when no chain of neighbours joins
// them. Package match turns steps into the border relation it scores.
//
// For the `linkmatch authorities` command, Graph.Rows lists each authority
// with its neighbours sorted by name.
//
// # Candidate search
//
// PointIndex finds all points (carers) within a great-circle radius of a
// query point (a child), exactly and in ascending index order, using a grid
// whose cells are a fixed number of km on a side (latitude degrees scaled
// by 1/cos(latitude) for longitude), so national inputs never compare every
// pair. Per-carer limits such as max_travel_km are applied by the caller
// on the returned candidates.
//
// # Postcodes
//
// NormalisePostcode puts a UK postcode in its standard form ("ta11aa" →
// "TA1 1AA"), so a lookup read elsewhere (package scenarios reads
// postcodes.csv) matches however people type them.
package geo
