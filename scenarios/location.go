package scenarios

import (
	"fmt"
	"strings"

	"github.com/linkmatch/linkmatch"
	"github.com/linkmatch/linkmatch/geo"
	"github.com/linkmatch/linkmatch/input"
	"github.com/linkmatch/linkmatch/internal/table"
)

// The United Kingdom's extent in WGS84 degrees, with a little margin: from
// the Isles of Scilly and the Channel coast (49.8°N) to Shetland (60.9°N),
// from Northern Ireland's west (8.7°W) to East Anglia (1.8°E). A scheme in
// England places children and carers inside it; anything outside is a typo,
// a swap or a projected coordinate.
const (
	ukLatMin, ukLatMax = 49.8, 60.9
	ukLonMin, ukLonMax = -8.7, 1.8
)

func inUK(lat, lon float64) bool {
	return lat >= ukLatMin && lat <= ukLatMax && lon >= ukLonMin && lon <= ukLonMax
}

type latLon struct{ lat, lon float64 }

// readLocation reads a row's lat and lon, or resolves its postcode. It
// reports a missing location, values outside the UK (with a hint when lat
// and lon look swapped) and unknown postcodes.
func (l *loader) readLocation(r *table.Reader) (lat, lon float64, postcode string, ok bool) {
	lat, lon, postcode, _, ok = l.readPlace(r, "", true)
	return lat, lon, postcode, ok
}

// placeHint is the hint of a problem with a location in columns latCol and
// lonCol: made once for the usual columns rather than for every row (a
// national scenario has 45,000 carers).
func placeHint(latCol, lonCol string) string {
	const usual = "give latitude and longitude in WGS84 degrees, for example lat 51.0190 and lon -3.1000 (Taunton)"
	if latCol == "lat" && lonCol == "lon" {
		return usual
	}
	return "give latitude and longitude in WGS84 degrees, for example " + latCol + " 51.0190 and " + lonCol + " -3.1000 (Taunton)"
}

// readPlace reads the columns prefix+"lat", prefix+"lon" and
// prefix+"postcode" (a child's long-term placement uses "move_"). present
// is false when all three are empty, which is a problem only when required.
func (l *loader) readPlace(r *table.Reader, prefix string, required bool) (lat, lon float64, postcode string, present, ok bool) {
	latCol, lonCol, pcCol := prefix+"lat", prefix+"lon", prefix+"postcode"
	latText, lonText := r.Get(latCol), r.Get(lonCol)
	postcode = r.Get(pcCol)
	if latText == "" && lonText == "" {
		if postcode == "" {
			if !required {
				return 0, 0, "", false, true
			}
			r.Fail(input.ErrMissingValue, latCol, "give "+latCol+" and "+lonCol+" in degrees (for example 51.0190, -3.1000), or a "+pcCol+" with a postcodes file",
				"the location is missing")
			return 0, 0, "", true, false
		}
		lat, lon, postcode, ok = l.resolvePostcode(r, pcCol, postcode)
		return lat, lon, postcode, true, ok
	}
	hint := placeHint(latCol, lonCol)
	if latText == "" {
		r.Fail(input.ErrMissingValue, latCol, hint, "%s is given but %s is empty", lonCol, latCol)
		return 0, 0, postcode, true, false
	}
	if lonText == "" {
		r.Fail(input.ErrMissingValue, lonCol, hint, "%s is given but %s is empty", latCol, lonCol)
		return 0, 0, postcode, true, false
	}
	lat, ok1 := r.Float(latCol, 0, -90, 90, hint)
	lon, ok2 := r.Float(lonCol, 0, -180, 180, hint)
	if !ok1 || !ok2 {
		return 0, 0, postcode, true, false
	}
	if !inUK(lat, lon) {
		switch {
		case l.abroadOK && !inUK(lon, lat):
			// A list of points to look up may hold places abroad: each
			// is in no authority, as a point at sea is.
			// The message names no coordinates: warnings go to the log.
			r.Warn(input.ErrOutOfRange, latCol, "it is given no authority; check the location if it should be in the United Kingdom",
				"the location is outside the United Kingdom (latitude %.1f to %.1f, longitude %.1f to %.1f)", ukLatMin, ukLatMax, ukLonMin, ukLonMax)
			return lat, lon, postcode, true, true
		case inUK(lon, lat):
			r.Fail(input.ErrOutOfRange, latCol, latCol+" and "+lonCol+" look swapped: "+latCol+" is the north–south value (about 50–55 in England), "+lonCol+" the east–west one (about −6 to 2)",
				"%s, %s is outside the United Kingdom", latText, lonText)
		case lat < ukLatMin || lat > ukLatMax:
			r.Fail(input.ErrOutOfRange, latCol, hint, "latitude %s is outside the United Kingdom (%.1f to %.1f)", latText, ukLatMin, ukLatMax)
		default:
			r.Fail(input.ErrOutOfRange, lonCol, hint, "longitude %s is outside the United Kingdom (%.1f to %.1f)", lonText, ukLonMin, ukLonMax)
		}
		return 0, 0, postcode, true, false
	}
	return lat, lon, postcode, true, true
}

func (l *loader) resolvePostcode(r *table.Reader, col, postcode string) (lat, lon float64, pc string, ok bool) {
	norm, valid := geo.NormalisePostcode(postcode)
	if !valid {
		r.Fail(input.ErrBadValue, col, "write a full UK postcode such as TA1 1AA, or give "+latLonCols(col)+" instead", "%q is not a UK postcode", postcode)
		return 0, 0, postcode, false
	}
	if l.postcodes == nil {
		r.Fail(input.ErrMissingFile, col, "name a postcode lookup in scenario.toml (postcodes = \"postcodes.csv\" with columns postcode, lat, lon), or give "+latLonCols(col),
			"the postcode %s cannot be located: the scenario has no postcodes file", norm)
		return 0, 0, norm, false
	}
	p, found := l.postcodes[norm]
	if !found {
		r.Fail(input.ErrUnknownName, col, "add it to "+l.postFile+", or give "+latLonCols(col)+" instead", "the postcode %s is not in the postcodes file", norm)
		return 0, 0, norm, false
	}
	return p.lat, p.lon, norm, true
}

var postcodesSpec = table.Spec{Required: []string{"postcode", "lat", "lon"}}

// loadPostcodes reads the postcode lookup: postcode, lat, lon.
func (l *loader) loadPostcodes(rel string) {
	l.postcodes = map[string]latLon{}
	r := l.open(rel, postcodesSpec)
	if r == nil {
		return
	}
	l.postFile = r.File
	seen := table.Seen{}
	for r.Next() {
		pc, ok := r.Required("postcode", "give a UK postcode such as TA1 1AA")
		if !ok {
			continue
		}
		norm, valid := geo.NormalisePostcode(pc)
		if !valid {
			r.Fail(input.ErrBadValue, "postcode", "write a full UK postcode such as TA1 1AA", "%q is not a UK postcode", pc)
			continue
		}
		if !seen.First(r, "postcode", norm, "postcode", "keep one row per postcode") {
			continue
		}
		lat, lon, _, ok := l.readLocation(r)
		if ok {
			l.postcodes[norm] = latLon{lat, lon}
		}
	}
}

// parseExclusions reads a child's exclusion zones: entries separated by
// ";", each "authority:NAME" or "circle:LAT,LON,KM" (a circle of KM
// kilometres around a point, for example the area a child must not return
// to for their safety).
func parseExclusions(cell string) ([]linkmatch.Exclusion, error) {
	var out []linkmatch.Exclusion
	for _, item := range table.SplitList(cell, false) {
		kind, arg, found := strings.Cut(item, ":")
		kind = strings.ToLower(strings.TrimSpace(kind))
		arg = strings.TrimSpace(arg)
		switch {
		case !found:
			return nil, fmt.Errorf("%q is not authority:NAME or circle:LAT,LON,KM", item)
		case kind == "authority":
			if arg == "" {
				return nil, fmt.Errorf("%q names no authority", item)
			}
			out = append(out, linkmatch.Exclusion{Authority: arg})
		case kind == "circle":
			parts := strings.Split(arg, ",")
			if len(parts) != 3 {
				return nil, fmt.Errorf("%q needs three numbers: circle:LAT,LON,KM", item)
			}
			var v [3]float64
			for i, p := range parts {
				f, err := table.ParseDecimal(strings.TrimSpace(p))
				if err != nil {
					return nil, fmt.Errorf("%q: %q is not a number", item, strings.TrimSpace(p))
				}
				v[i] = f
			}
			if !inUK(v[0], v[1]) {
				return nil, fmt.Errorf("%q: the centre %g, %g is outside the United Kingdom", item, v[0], v[1])
			}
			// 200 km spans the South West; a larger zone excludes nearly
			// everyone and is almost certainly a unit mistake (metres).
			if !(v[2] > 0 && v[2] <= 200) {
				return nil, fmt.Errorf("%q: the radius %g km must be more than 0 and at most 200", item, v[2])
			}
			out = append(out, linkmatch.Exclusion{Lat: v[0], Lon: v[1], RadiusKm: v[2]})
		default:
			return nil, fmt.Errorf("%q: %q is not a kind of exclusion (use authority or circle)", item, kind)
		}
	}
	return out, nil
}

// latLonCols names the coordinate columns that go with a postcode column:
// "lat and lon" for postcode, "move_lat and move_lon" for move_postcode.
func latLonCols(postcodeCol string) string {
	prefix := strings.TrimSuffix(postcodeCol, "postcode")
	return prefix + "lat and " + prefix + "lon"
}
