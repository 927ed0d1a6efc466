package pipeline

import (
	"math"
	"os"
	"path/filepath"
	"testing"

	"github.com/linkmatch/linkmatch"
	"github.com/linkmatch/linkmatch/geo"
	"github.com/linkmatch/linkmatch/scenarios"
)

// TestLinkInfoLegs: costing's home leg is the scenario's trip (travel_times
// when it names the pair), and the leg after the move goes to the long-term
// family, estimated by the travel model (travel_times names journeys to the
// residential home); without a long-term family there is no leg after the
// move rather than the home's.
func TestLinkInfoLegs(t *testing.T) {
	dir := t.TempDir()
	for name, body := range map[string]string{
		"scenario.toml": "name = \"legs\"\nchildren = \"children.csv\"\ncarers = \"carers.csv\"\ntravel_times = \"travel_times.csv\"\n[plan]\nstart = 2027-01-04\n",
		"children.csv": "id,date_of_birth,home_authority,lat,lon,move_lat,move_lon\n" +
			"C1,2012-06-15,Somerset,51.0150,-3.1000,51.1500,-3.1300\n" +
			"C2,2013-02-01,Somerset,51.0150,-3.1000,,\n",
		"carers.csv":       "id,capacity,lat,lon,authority\nK1,2,51.0800,-3.1200,Somerset\n",
		"travel_times.csv": "child_id,carer_id,minutes,distance_km\nC1,K1,30,20\n",
	} {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	sc, _, err := scenarios.LoadWith(dir, scenarios.LoadOptions{})
	if err != nil {
		t.Fatal(err)
	}
	children, carer := sc.ChildrenByID(), sc.CarersByID()["K1"]
	model := sc.Geo.TravelModel()
	k1 := geo.LatLon(carer.Lat, carer.Lon)
	move := linkmatch.MustParseDate("2027-06-01")
	tests := []struct {
		name      string
		child     string
		wantHome  float64
		wantKnown bool
		wantAfter float64
	}{
		{"travel_times home leg, estimated move leg", "C1", 20 / geo.KmPerMile, true,
			model.Trip(k1, geo.LatLon(51.15, -3.13)).RoadMiles},
		{"estimated home leg, no long-term family", "C2",
			model.Trip(k1, geo.LatLon(51.015, -3.1)).RoadMiles, false, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			info := linkInfo(sc, children[tt.child], carer, move)
			if math.Abs(info.MilesOneWay-tt.wantHome) > 1e-9 {
				t.Errorf("MilesOneWay = %v, want %v", info.MilesOneWay, tt.wantHome)
			}
			if info.MoveKnown != tt.wantKnown || math.Abs(info.MilesAfterMove-tt.wantAfter) > 1e-9 {
				t.Errorf("after the move: known %v, %v miles; want %v, %v", info.MoveKnown, info.MilesAfterMove, tt.wantKnown, tt.wantAfter)
			}
			if info.MoveDate != move || info.ChildID != tt.child || info.CarerID != "K1" {
				t.Errorf("info = %+v", info)
			}
		})
	}
}
