package geo_test

import (
	"fmt"
	"strings"

	"github.com/linkmatch/linkmatch/geo"
)

func ExampleHaversineKm() {
	london := geo.LatLon(51.5074, -0.1278)
	paris := geo.LatLon(48.8566, 2.3522)
	fmt.Printf("%.1f km\n", geo.HaversineKm(london, paris))
	// Output: 343.6 km
}

func ExampleTravelModel_Trip() {
	m := geo.DefaultTravelModel() // circuity 1.3, 40 km/h
	trip := m.TripKm(10)
	fmt.Printf("%.1f road km, %.2f miles, %.1f minutes\n", trip.RoadKm, trip.RoadMiles, trip.Minutes)
	// Output: 13.0 road km, 8.08 miles, 19.5 minutes
}

func ExampleLoadBoundaries() {
	const fc = `{"type":"FeatureCollection","features":[
	 {"type":"Feature","properties":{"name":"West"},"geometry":{"type":"Polygon","coordinates":[[[0,50],[1,50],[1,51],[0,51],[0,50]]]}},
	 {"type":"Feature","properties":{"name":"East"},"geometry":{"type":"Polygon","coordinates":[[[1,50],[2,50],[2,51],[1,51],[1,50]]]}}]}`
	b, err := geo.LoadBoundaries(strings.NewReader(fc), geo.LoadOptions{})
	if err != nil {
		fmt.Println(err)
		return
	}
	g, err := b.NeighbourGraph(geo.DefaultToleranceM)
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, row := range g.Rows() {
		fmt.Println(row.Authority, row.Neighbours)
	}
	for _, p := range []geo.Point{geo.LatLon(50.5, 0.5), geo.LatLon(50.5, 3)} {
		if i, ok := b.Locate(p); ok {
			fmt.Println(p, "is in", b.Name(i))
		} else {
			fmt.Println(p, "is in no authority")
		}
	}
	// Output:
	// East [West]
	// West [East]
	// 50.50000,0.50000 is in West
	// 50.50000,3.00000 is in no authority
}

func ExampleTravelTimes_Apply() {
	tt, err := geo.NewTravelTimes([]geo.Journey{{From: "K001", To: "C001", Minutes: 35, RoadKm: 21.5}})
	if err != nil {
		fmt.Println(err)
		return
	}
	estimate := geo.DefaultTravelModel().TripKm(10)
	known := tt.Apply(estimate, "C001", "K001") // either direction
	fmt.Printf("estimate %.1f road km, %.1f minutes; known %.1f road km, %.0f minutes\n",
		estimate.RoadKm, estimate.Minutes, known.RoadKm, known.Minutes)
	// Output: estimate 13.0 road km, 19.5 minutes; known 21.5 road km, 35 minutes
}

func ExampleNormalisePostcode() {
	pc, ok := geo.NormalisePostcode("ta11aa")
	fmt.Println(pc, ok)
	// Output: TA1 1AA true
}
