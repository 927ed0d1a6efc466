// Package geoout writes the CSVs of "linkmatch authorities": which
// authority each point is in, and each authority's neighbours. It writes
// to an io.Writer; the command stages the file.
package geoout

import (
	"io"
	"strings"

	"github.com/linkmatch/linkmatch/geo"
	"github.com/linkmatch/linkmatch/internal/output"
	"github.com/linkmatch/linkmatch/scenarios"
)

// WritePoints writes each point with the authority it is in (id, lat, lon,
// authority, code), blank for a point outside every authority; it returns
// how many were outside.
func WritePoints(w io.Writer, b *geo.Boundaries, pts []scenarios.Point) (outside int, err error) {
	c := output.NewCSV(w)
	c.Header("id", "lat", "lon", "authority", "code")
	for _, p := range pts {
		c.String(p.ID)
		c.Float(p.Location.Lat, 6)
		c.Float(p.Location.Lon, 6)
		if i, ok := b.Locate(p.Location); ok {
			c.String(b.Name(i))
			c.String(b.Authority(i).Code)
		} else {
			outside++
			c.String("")
			c.String("")
		}
		c.End()
	}
	return outside, c.Flush()
}

// WriteNeighbours writes each authority, its code and its neighbours
// joined by ";".
func WriteNeighbours(w io.Writer, rows []geo.AuthorityRow) error {
	c := output.NewCSV(w)
	c.Header("authority", "code", "neighbours")
	for _, r := range rows {
		c.Row(r.Authority, r.Code, strings.Join(r.Neighbours, ";"))
	}
	return c.Flush()
}
