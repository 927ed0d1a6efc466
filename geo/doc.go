// Package geo knows points, authorities and distances: which local
// authority a point is in, which authorities border each other, how far
// apart two points are and how long the drive takes, and which carers are
// within reach of a child. It imports nothing else from linkmatch; it is
// given plain Go values and io.Readers.
//
// # Units and coordinate order
//
// Points are WGS84 longitude/latitude in decimal degrees. Point is
// {Lon, Lat}, the order of GeoJSON (RFC 7946) and orb ([lon, lat]); use
// LatLon(lat, lon) when reading "lat, lon" from a CSV to make the order
// visible at the call site. Distances are kilometres unless a name says
// otherwise (DistanceKm, RoadMiles, ToleranceM). Times are minutes.
package geo
