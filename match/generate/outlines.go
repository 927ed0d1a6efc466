package generate

import (
	"bytes"
	_ "embed"
	"sync"

	"github.com/linkmatch/linkmatch/geo"
)

// englandGeoJSON holds England's 153 upper-tier (children's services)
// authorities, simplified to 1 km by tools/outlines (Douglas–Peucker on
// borders shared between neighbours, so no gaps or overlaps; the file
// records its derivation, and `go test ./tools/outlines` checks that the
// tool makes it again byte for byte) from the ONS Counties and Unitary
// Authorities (December 2023) Boundaries UK BSC layer. Source: Office for
// National Statistics licensed under the Open Government Licence v.3.0;
// contains OS data © Crown copyright and database right 2023.
//
// Without --boundaries, people drawn around one of the built-in places
// (spread up to about 20 km) are placed in these outlines and named the
// authority their point lies in, as with --boundaries: a place near a
// border spreads people into the next authority, and naming them after the
// place named the wrong authority for most children of a run (97 of 150 in
// seed 5, checked against the ONS boundaries).
//
//go:embed england.geojson
var englandGeoJSON []byte

// builtinBoundaries reads englandGeoJSON once.
var builtinBoundaries = sync.OnceValue(func() *geo.Boundaries {
	b, err := geo.LoadBoundaries(bytes.NewReader(englandGeoJSON), geo.LoadOptions{})
	if err != nil {
		panic("generate: embedded england.geojson is broken: " + err.Error()) // a build fault
	}
	return b
})

// locator names the authority of b a point lies in.
func locator(b *geo.Boundaries) func(lat, lon float64) (string, bool) {
	return func(lat, lon float64) (string, bool) {
		i, ok := b.Locate(geo.LatLon(lat, lon))
		if !ok {
			return "", false
		}
		return b.Name(i), true
	}
}
