package scenarios

import (
	"encoding/json"
)

// loadBoundaries checks the authorities GeoJSON file the scenario names.
func (l *loader) loadBoundaries(rel string) {
	data, display, err := l.read(rel)
	if err != nil {
		fileProblem(l.ps, display, err)
		return
	}
	if !json.Valid(data) {
		l.ps.Errorf(display, 0, 0, "", "export the boundaries as GeoJSON (a FeatureCollection of Polygon or MultiPolygon features)", "the file is not JSON")
	}
}
