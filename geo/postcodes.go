package geo

import (
	"fmt"
	"io"
	"strings"
)

// Postcodes maps UK postcodes to points, from a user-supplied lookup such as
// an extract of the ONS Postcode Directory. A nil *Postcodes is empty.
type Postcodes struct {
	m map[string]Point
}

// NormalisePostcode returns a UK postcode in its standard form: upper case,
// no spaces except one before the three-character inward code ("ta1 1aa"
// and "TA11AA" become "TA1 1AA"). It checks the shape only: an outward code
// of 2–4 characters starting with a letter, and an inward code of a digit
// and two letters (BS 7666). ok is false for anything else.
func NormalisePostcode(s string) (pc string, ok bool) {
	var b strings.Builder
	for _, r := range s {
		switch {
		case r == ' ' || r == '\t' || r == '\u00a0':
		case r >= 'a' && r <= 'z':
			b.WriteRune(r - 'a' + 'A')
		case r >= 'A' && r <= 'Z' || r >= '0' && r <= '9':
			b.WriteRune(r)
		default:
			return "", false
		}
	}
	c := b.String()
	if len(c) < 5 || len(c) > 7 {
		return "", false
	}
	out, in := c[:len(c)-3], c[len(c)-3:]
	isLetter := func(x byte) bool { return x >= 'A' && x <= 'Z' }
	if !isLetter(out[0]) || in[0] < '0' || in[0] > '9' || !isLetter(in[1]) || !isLetter(in[2]) {
		return "", false
	}
	return out + " " + in, true
}

// ParsePostcodes reads postcodes.csv: a header row and the columns
// postcode, lat, lon (WGS84 degrees; other columns are ignored). Postcodes
// are normalised; a postcode given twice is an error. Problems are reported
// as *ParseError with line and column.
//
//	postcode,lat,lon
//	TA1 1AA,51.0150,-3.1030
func ParsePostcodes(r io.Reader) (*Postcodes, error) {
	t, err := newTable(r, "postcode", "lat", "lon")
	if err != nil {
		return nil, err
	}
	pcs := &Postcodes{m: map[string]Point{}}
	first := map[string]int{}
	for {
		if err := t.next(); err == io.EOF {
			return pcs, nil
		} else if err != nil {
			return nil, err
		}
		raw := t.field("postcode")
		pc, ok := NormalisePostcode(raw)
		if !ok {
			return nil, t.errAt("postcode", fmt.Errorf("%w %q; want a UK postcode such as TA1 1AA", ErrInvalidPostcode, raw))
		}
		lat, err := t.number("lat")
		if err != nil {
			return nil, err
		}
		if lat < -90 || lat > 90 {
			return nil, t.errAt("lat", fmt.Errorf("%w: latitude %v is outside ±90 (are lat and lon swapped?)", ErrCoordinateRange, lat))
		}
		lon, err := t.number("lon")
		if err != nil {
			return nil, err
		}
		if lon < -180 || lon > 180 {
			return nil, t.errAt("lon", fmt.Errorf("%w: longitude %v is outside ±180", ErrCoordinateRange, lon))
		}
		if line, dup := first[pc]; dup {
			return nil, t.errAt("postcode", fmt.Errorf("%w: %s is already given on line %d", ErrDuplicateKey, pc, line))
		}
		first[pc] = t.line
		pcs.m[pc] = LatLon(lat, lon)
	}
}

// Len returns the number of postcodes.
func (p *Postcodes) Len() int {
	if p == nil {
		return 0
	}
	return len(p.m)
}

// Lookup returns the point of a postcode in any common spelling.
func (p *Postcodes) Lookup(postcode string) (Point, bool) {
	if p == nil {
		return Point{}, false
	}
	pc, ok := NormalisePostcode(postcode)
	if !ok {
		return Point{}, false
	}
	pt, ok := p.m[pc]
	return pt, ok
}
