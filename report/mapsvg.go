package report

import (
	"fmt"
	"math"
	"sort"
	"strconv"
	"strings"

	"github.com/linkmatch/linkmatch"
)

// The map's width in SVG user units; its height follows the area shown,
// within these bounds.
const (
	mapWidth     = 800
	mapMinHeight = 320
	mapMaxHeight = 1000
	mapMargin    = 0.04 // of each side, so markers at the edge show whole
)

// mapView is the map, ready for the template.
type mapView struct {
	Width, Height int
	Desc          string
	Areas         []areaPath
	Links         []mapLine
	Homes         []homeMark
	// CarersLinked and CarersFree draw every carer as a small square, in
	// one path each.
	CarersLinked, CarersFree string
	NLinked, NFree           int
	Borders                  []borderCount
}

type areaPath struct {
	Name   string
	Path   string
	LX, LY float64
}

type mapLine struct {
	X1, Y1, X2, Y2 float64
	Class          string
}

type homeMark struct {
	X, Y     float64
	Anchor   string // the first child's section
	Title    string
	Unlinked bool // a child here has no link
}

// borderCount is how many links have one border relation, for the legend.
type borderCount struct {
	Class, Label, Line string
	N                  int
}

// projection maps (lon, lat) to the map: equirectangular, with longitude
// shrunk by the cosine of the middle latitude, so shapes look right at the
// scale of a few counties (Snyder 1987, "Map projections — a working
// manual", USGS PP 1395, ch. 12).
type projection struct {
	lon0, lat1, k, scale, dx, dy float64
}

func (p projection) xy(lon, lat float64) (x, y float64) {
	return round1(p.dx + (lon-p.lon0)*p.k*p.scale), round1(p.dy + (p.lat1-lat)*p.scale)
}

// newProjection fits the bounding box of points into the map's width and
// height bounds; it returns the height used.
func newProjection(lons, lats []float64) (projection, int) {
	minLon, maxLon := math.Inf(1), math.Inf(-1)
	minLat, maxLat := math.Inf(1), math.Inf(-1)
	for i := range lons {
		minLon, maxLon = min(minLon, lons[i]), max(maxLon, lons[i])
		minLat, maxLat = min(minLat, lats[i]), max(maxLat, lats[i])
	}
	if len(lons) == 0 {
		minLon, maxLon, minLat, maxLat = -1, 1, -1, 1
	}
	k := math.Cos((minLat + maxLat) / 2 * math.Pi / 180)
	w := max((maxLon-minLon)*k, 1e-3)
	h := max(maxLat-minLat, 1e-3)
	inner := mapWidth * (1 - 2*mapMargin)
	scale := inner / w
	height := int(math.Ceil(h*scale/(1-2*mapMargin))) + 1
	if height > mapMaxHeight || height < mapMinHeight {
		height = max(mapMinHeight, min(height, mapMaxHeight))
		scale = min(inner/w, float64(height)*(1-2*mapMargin)/h)
	}
	p := projection{lon0: minLon, lat1: maxLat, k: k, scale: scale}
	p.dx = (mapWidth - w*scale) / 2
	p.dy = (float64(height) - h*scale) / 2
	return p, height
}

// borderLegend names each border relation as the map draws it: a colour
// and, so that colour is never the only signal, a line style.
var borderLegend = []struct {
	b            linkmatch.Border
	label, style string
}{
	{linkmatch.BorderSame, "within the child's own authority", "solid line"},
	{linkmatch.BorderNeighbour, "to a neighbouring authority", "dashed line"},
	{linkmatch.BorderDistant, "to a distant authority", "dotted line"},
	{linkmatch.BorderUnknown, "authorities not known", "dash-dot line"},
}

// newMap draws the authorities, every child's home, every carer and each
// link; nil when nothing has a location.
func newMap(m *Model, anchors map[string]string) *mapView {
	var lons, lats []float64
	for _, a := range m.Areas {
		for _, poly := range a.Polygons {
			for _, pt := range poly[0] {
				lons, lats = append(lons, pt[0]), append(lats, pt[1])
			}
		}
	}
	for _, c := range m.Children {
		lons, lats = append(lons, c.Lon), append(lats, c.Lat)
	}
	for _, k := range m.Carers {
		lons, lats = append(lons, k.Lon), append(lats, k.Lat)
	}
	if len(lons) == 0 {
		return nil
	}
	proj, height := newProjection(lons, lats)
	v := &mapView{Width: mapWidth, Height: height}
	for _, a := range m.Areas {
		lx, ly := proj.xy(a.LabelLon, a.LabelLat)
		v.Areas = append(v.Areas, areaPath{Name: a.Name, Path: areaD(proj, a.Polygons), LX: lx, LY: ly})
	}
	counts := map[linkmatch.Border]int{}
	for _, c := range m.Children {
		if c.Link == nil {
			continue
		}
		x1, y1 := proj.xy(c.Lon, c.Lat)
		x2, y2 := proj.xy(c.Link.CarerLon, c.Link.CarerLat)
		v.Links = append(v.Links, mapLine{X1: x1, Y1: y1, X2: x2, Y2: y2, Class: "b-" + c.Link.Border.String()})
		counts[c.Link.Border]++
	}
	v.Homes = homes(m, proj, anchors)
	var linked, free []byte
	for _, k := range m.Carers {
		x, y := proj.xy(k.Lon, k.Lat)
		if k.Linked > 0 {
			linked = appendSquare(linked, x, y)
			v.NLinked++
		} else {
			free = appendSquare(free, x, y)
			v.NFree++
		}
	}
	v.CarersLinked, v.CarersFree = string(linked), string(free)
	var words []string
	for _, bl := range borderLegend {
		n := counts[bl.b]
		if n == 0 && bl.b == linkmatch.BorderUnknown {
			continue
		}
		v.Borders = append(v.Borders, borderCount{Class: "b-" + bl.b.String(), Label: bl.label, Line: bl.style, N: n})
		words = append(words, fmt.Sprintf("%d %s (%s)", n, bl.label, bl.style))
	}
	v.Desc = fmt.Sprintf("%d children's homes, %d carers (%d with a link) in %d authorities. Links: %s.",
		len(v.Homes), len(m.Carers), v.NLinked, len(m.Areas), strings.Join(words, ", "))
	return v
}

// homes puts one marker at each distinct home, naming every child there.
func homes(m *Model, proj projection, anchors map[string]string) []homeMark {
	type key struct{ x, y float64 }
	at := map[key]int{}
	var out []homeMark
	var names [][]string
	for _, c := range m.Children {
		x, y := proj.xy(c.Lon, c.Lat)
		i, ok := at[key{x, y}]
		if !ok {
			i = len(out)
			at[key{x, y}] = i
			out = append(out, homeMark{X: x, Y: y, Anchor: anchors[c.ID]})
			names = append(names, nil)
		}
		status := "linked with " + linkedWith(&c)
		if c.Link == nil {
			status = "not linked"
			out[i].Unlinked = true
		}
		names[i] = append(names[i], c.ID+" ("+status+")")
	}
	for i := range out {
		out[i].Title = "Home of " + strings.Join(names[i], ", ")
	}
	sort.SliceStable(out, func(a, b int) bool { return out[a].Unlinked && !out[b].Unlinked })
	return out
}

func linkedWith(c *Child) string {
	if c.Link == nil {
		return ""
	}
	return c.Link.CarerID
}

// areaD is the SVG path of an authority's polygons, each point rounded to
// a tenth of a unit and repeats dropped, so a detailed boundary file costs
// no more than the map can show.
func areaD(proj projection, polys [][][][2]float64) string {
	var b []byte
	for _, poly := range polys {
		for _, ring := range poly {
			start := len(b)
			n := 0
			var lx, ly float64
			for _, pt := range ring {
				x, y := proj.xy(pt[0], pt[1])
				if n > 0 && x == lx && y == ly {
					continue
				}
				if n == 0 {
					b = append(b, 'M')
				} else {
					b = append(b, 'L')
				}
				b = strconv.AppendFloat(b, x, 'f', -1, 64)
				b = append(b, ' ')
				b = strconv.AppendFloat(b, y, 'f', -1, 64)
				lx, ly = x, y
				n++
			}
			if n < 3 {
				b = b[:start]
				continue
			}
			b = append(b, 'Z')
		}
	}
	return string(b)
}

// appendSquare adds a 5-unit square centred on (x, y) to a path.
func appendSquare(b []byte, x, y float64) []byte {
	b = append(b, 'M')
	b = strconv.AppendFloat(b, round1(x-2.5), 'f', -1, 64)
	b = append(b, ' ')
	b = strconv.AppendFloat(b, round1(y-2.5), 'f', -1, 64)
	return append(b, "h5v5h-5z"...)
}
