package geo

import (
	"fmt"
	"math"
)

// EarthRadiusKm is the IUGG mean Earth radius R1 = (2a + b) / 3 in km
// (H. Moritz, "Geodetic Reference System 1980", Bulletin Géodésique 54,
// 1980). orb uses the WGS84 equatorial radius a = 6378137 m. We use the mean
// radius because it is the conventional radius for a spherical model: it
// minimises the distance error averaged over the globe, and published
// haversine distances (and our tests) use it. In England the ellipsoid's
// local radii of curvature are about 6375–6391 km, so either sphere is
// within about 0.3% of the ellipsoidal distance, far below the uncertainty
// of the road circuity factor.
const EarthRadiusKm = 6371.0088

// KmPerMile is the international mile (1959 agreement): exactly 1.609344 km.
const KmPerMile = 1.609344

// HaversineKm returns the great-circle distance in km between a and b on a
// sphere of radius EarthRadiusKm, by the haversine formula (R. W. Sinnott,
// "Virtues of the Haversine", Sky & Telescope 68(2):159, 1984), which stays
// accurate for the short distances that matter here, unlike the spherical
// law of cosines.
func HaversineKm(a, b Point) float64 {
	const rad = math.Pi / 180
	dLat := (b.Lat - a.Lat) * rad
	dLon := (b.Lon - a.Lon) * rad
	s1 := math.Sin(dLat / 2)
	s2 := math.Sin(dLon / 2)
	h := s1*s1 + math.Cos(a.Lat*rad)*math.Cos(b.Lat*rad)*s2*s2
	if h > 1 { // rounding on antipodal points
		h = 1
	}
	return 2 * EarthRadiusKm * math.Asin(math.Sqrt(h))
}

// Default travel-model parameters.
const (
	// DefaultCircuity is the ratio of road distance to straight-line
	// distance. National road-network circuity factors are mostly between
	// 1.2 and 1.4 (R. H. Ballou, H. Rahardja and N. Sakai, "Selected country
	// circuity factors for road travel distance estimation", Transportation
	// Research Part A 36(9), 2002); 1.3 is the round middle value.
	DefaultCircuity = 1.3
	// DefaultSpeedKmh is the average door-to-door speed in km/h: a blend of
	// urban (~25 km/h) and rural A-road (~60 km/h) driving typical of the
	// trips a link carer makes, about 25 mph.
	DefaultSpeedKmh = 40.0
)

// TravelModel estimates road distance and driving time from straight-line
// distance. The zero value is not useful; start from DefaultTravelModel.
type TravelModel struct {
	// Circuity multiplies the great-circle distance to give road distance.
	// Must be ≥ 1.
	Circuity float64
	// SpeedKmh is the average road speed in km/h used for minutes. Must be > 0.
	SpeedKmh float64
}

// DefaultTravelModel returns a TravelModel with DefaultCircuity and
// DefaultSpeedKmh.
func DefaultTravelModel() TravelModel {
	return TravelModel{Circuity: DefaultCircuity, SpeedKmh: DefaultSpeedKmh}
}

// Validate reports an error when the model's parameters are unusable.
func (m TravelModel) Validate() error {
	if !(m.Circuity >= 1) || math.IsInf(m.Circuity, 0) {
		return fmt.Errorf("geo: circuity %v must be a finite number ≥ 1", m.Circuity)
	}
	if !(m.SpeedKmh > 0) || math.IsInf(m.SpeedKmh, 0) {
		return fmt.Errorf("geo: average speed %v km/h must be a finite number > 0", m.SpeedKmh)
	}
	return nil
}

// Trip is the journey between two points: estimated by a TravelModel, or
// known from a TravelTimes table (see TravelTimes.Apply).
type Trip struct {
	StraightKm float64 // great-circle distance, km
	RoadKm     float64 // StraightKm × circuity, or the table's road distance, km
	RoadMiles  float64 // RoadKm / KmPerMile
	Minutes    float64 // driving time at the model's speed, or the table's
	FromTable  bool    // Minutes (and RoadKm, when the table gives it) came from a table
}

// Trip estimates the journey from a to b.
func (m TravelModel) Trip(a, b Point) Trip {
	return m.TripKm(HaversineKm(a, b))
}

// TripKm estimates the journey for a great-circle distance of straightKm.
func (m TravelModel) TripKm(straightKm float64) Trip {
	road := straightKm * m.Circuity
	return Trip{
		StraightKm: straightKm,
		RoadKm:     road,
		RoadMiles:  road / KmPerMile,
		Minutes:    road / m.SpeedKmh * 60,
	}
}
