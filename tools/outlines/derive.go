package main

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"

	"github.com/linkmatch/linkmatch/geo"
	"github.com/paulmach/orb"
	orbgeo "github.com/paulmach/orb/geo"
)

// Params are everything a derivation depends on besides the input's
// bytes. They are written into the output ("derivation") so that the file
// can be made again and checked (outlines_test.go).
type Params struct {
	Source      string   `json:"source"` // the input file's base name
	Names       []string `json:"names"`
	ToleranceM  float64  `json:"tolerance_m"`
	Decimals    int      `json:"decimals"`
	Title       string   `json:"-"`
	Attribution string   `json:"-"`
}

// Authority is one kept authority, as published and as simplified.
type Authority struct {
	Name, Code, Type string
	Label            *orb.Point // the ONS label point [lon, lat], when given
	Source, Outline  orb.MultiPolygon
}

// Result is a finished derivation.
type Result struct {
	Params      Params
	Authorities []Authority
	Passes      int // simplify-and-check passes
	Refined     int // arcs kept finer than the tolerance to stay valid
	Arcs        int
}

// Derive reads a GeoJSON FeatureCollection and simplifies the authorities
// p names, in that order.
func Derive(data []byte, p Params) (*Result, error) {
	var fc struct {
		Features []feature `json:"features"`
	}
	if err := json.Unmarshal(data, &fc); err != nil {
		return nil, fmt.Errorf("%s: not a GeoJSON FeatureCollection: %w", p.Source, err)
	}
	var all []Authority
	for i, f := range fc.Features {
		a, err := f.authority()
		if err != nil {
			return nil, fmt.Errorf("%s: feature %d: %w", p.Source, i, err)
		}
		all = append(all, a)
	}
	var kept []Authority
	for _, n := range p.Names {
		i := slices.IndexFunc(all, func(a Authority) bool { return a.Name == n || (a.Code != "" && a.Code == n) })
		if i < 0 {
			return nil, fmt.Errorf("%w: %q is not an authority in %s%s", errUsage, n, p.Source, suggest(all, n))
		}
		if slices.ContainsFunc(kept, func(a Authority) bool { return a.Name == all[i].Name }) {
			return nil, fmt.Errorf("%w: %s is named twice", errUsage, all[i].Name)
		}
		kept = append(kept, all[i])
	}
	if len(kept) == 0 {
		return nil, fmt.Errorf("%w: no authorities named", errUsage)
	}
	shapes := make([]orb.MultiPolygon, len(kept))
	for i, a := range kept {
		shapes[i] = a.Source
	}
	d, err := deriveShapes(shapes, p.ToleranceM, p.Decimals)
	if err != nil {
		return nil, err
	}
	for i := range kept {
		kept[i].Outline = d.shapes[i]
	}
	return &Result{Params: p, Authorities: kept, Passes: d.passes, Refined: d.refined, Arcs: d.arcs}, nil
}

// feature is the part of a GeoJSON Feature that Derive reads. Positions
// are range-checked by geo.ValidateMultiPolygon later.
type feature struct {
	Properties struct {
		Name     string   `json:"name"`
		Code     string   `json:"code"`
		Type     string   `json:"type"`
		LabelLon *float64 `json:"label_lon"`
		LabelLat *float64 `json:"label_lat"`
	} `json:"properties"`
	Geometry struct {
		Type        string          `json:"type"`
		Coordinates json.RawMessage `json:"coordinates"`
	} `json:"geometry"`
}

func (f *feature) authority() (Authority, error) {
	pr := f.Properties
	a := Authority{Name: pr.Name, Code: pr.Code, Type: pr.Type}
	if a.Name == "" {
		return a, fmt.Errorf("no \"name\" property")
	}
	if pr.LabelLon != nil && pr.LabelLat != nil {
		a.Label = &orb.Point{*pr.LabelLon, *pr.LabelLat}
	}
	var polys [][][][2]float64
	switch f.Geometry.Type {
	case "Polygon":
		var p [][][2]float64
		if err := json.Unmarshal(f.Geometry.Coordinates, &p); err != nil {
			return a, fmt.Errorf("%s: %w", a.Name, err)
		}
		polys = [][][][2]float64{p}
	case "MultiPolygon":
		if err := json.Unmarshal(f.Geometry.Coordinates, &polys); err != nil {
			return a, fmt.Errorf("%s: %w", a.Name, err)
		}
	default:
		return a, fmt.Errorf("%s: geometry is %q, not a Polygon or MultiPolygon", a.Name, f.Geometry.Type)
	}
	for _, p := range polys {
		poly := make(orb.Polygon, len(p))
		for ri, r := range p {
			poly[ri] = make(orb.Ring, len(r))
			for k, pos := range r {
				poly[ri][k] = orb.Point(pos)
			}
		}
		a.Source = append(a.Source, poly)
	}
	if err := geo.ValidateMultiPolygon(a.Source); err != nil {
		return a, fmt.Errorf("%s as published: %w", a.Name, err)
	}
	// An English authority lies in the United Kingdom: a layer in another
	// projection, or with [lat, lon] positions, is refused here rather than
	// simplified into a scenario's boundaries.
	if err := geo.CheckExtent(a.Source, geo.UKExtent()); err != nil {
		return a, fmt.Errorf("%s as published: %w", a.Name, err)
	}
	return a, nil
}

// suggest names up to five authorities that share a word with want.
func suggest(all []Authority, want string) string {
	var hits []string
	for _, w := range strings.Fields(strings.ToLower(strings.Trim(want, ",."))) {
		for _, a := range all {
			if len(w) > 3 && strings.Contains(strings.ToLower(a.Name), w) && !slices.Contains(hits, a.Name) {
				hits = append(hits, a.Name)
			}
		}
	}
	if len(hits) == 0 {
		return ""
	}
	return "; did you mean " + strings.Join(hits[:min(5, len(hits))], " or ") + "? (separate names with \";\")"
}

// positions counts the positions of every ring of mp.
func positions(mp orb.MultiPolygon) int {
	n := 0
	for _, p := range mp {
		for _, r := range p {
			n += len(r)
		}
	}
	return n
}

// Summary writes one line per authority: parts, positions before and
// after, and the change in area (spherical, orb/geo.Area).
func (r *Result) Summary(w io.Writer) {
	fmt.Fprintf(w, "%d authorities, %d arcs, tolerance %g m (%d arcs kept finer to stay valid, %d passes), %d decimals\n",
		len(r.Authorities), r.Arcs, r.Params.ToleranceM, r.Refined, r.Passes, r.Params.Decimals)
	for _, a := range r.Authorities {
		before, after := orbgeo.Area(a.Source), orbgeo.Area(a.Outline)
		fmt.Fprintf(w, "  %-30s %d parts, %5d → %4d positions, area %8.1f → %8.1f km² (%+.2f%%)\n",
			a.Name, len(a.Outline), positions(a.Source), positions(a.Outline), before/1e6, after/1e6, 100*(after-before)/before)
	}
}

// positionsPerLine keeps lines of the output under about 160 characters.
const positionsPerLine = 8

// WriteGeoJSON writes the outlines as an RFC 7946 FeatureCollection: outer
// rings counter-clockwise and holes clockwise (§3.1.6), a Polygon for a
// single part, the attribution and the derivation as foreign members
// (§6.1), positions a few to a line so that a change reads as a diff.
func (r *Result) WriteGeoJSON(out io.Writer) error {
	w := bufio.NewWriter(out)
	str := func(s string) string { b, _ := json.Marshal(s); return string(b) }
	deriv, err := json.Marshal(struct {
		Tool string `json:"tool"`
		Params
	}{"go run ./tools/outlines", r.Params})
	if err != nil {
		return err
	}
	fmt.Fprintf(w, "{\"type\":\"FeatureCollection\",\n\"name\":%s,\n\"attribution\":%s,\n\"derivation\":%s,\n\"features\":[\n",
		str(r.Params.Title), str(r.Params.Attribution), deriv)
	for i, a := range r.Authorities {
		props := fmt.Sprintf("\"name\":%s,\"code\":%s", str(a.Name), str(a.Code))
		if a.Type != "" {
			props += ",\"type\":" + str(a.Type)
		}
		if a.Label != nil {
			props += ",\"label_lon\":" + num(a.Label[0]) + ",\"label_lat\":" + num(a.Label[1])
		}
		kind := "MultiPolygon"
		if len(a.Outline) == 1 {
			kind = "Polygon"
		}
		fmt.Fprintf(w, "{\"type\":\"Feature\",\"properties\":{%s},\"geometry\":{\"type\":%q,\"coordinates\":\n", props, kind)
		if kind == "MultiPolygon" {
			w.WriteString("[")
		}
		for pi, poly := range a.Outline {
			if pi > 0 {
				w.WriteString(",\n")
			}
			w.WriteString("[")
			for ri, ring := range poly {
				if ri > 0 {
					w.WriteString(",\n")
				}
				writeRing(w, rightHanded(ring, ri == 0))
			}
			w.WriteString("]")
		}
		if kind == "MultiPolygon" {
			w.WriteString("]")
		}
		w.WriteString("}}")
		if i+1 < len(r.Authorities) {
			w.WriteString(",")
		}
		w.WriteString("\n")
	}
	w.WriteString("]}\n")
	return w.Flush()
}

func writeRing(w *bufio.Writer, r orb.Ring) {
	w.WriteString("[")
	for k, p := range r {
		if k > 0 {
			w.WriteString(",")
			if k%positionsPerLine == 0 {
				w.WriteString("\n")
			}
		}
		w.WriteString("[" + num(p[0]) + "," + num(p[1]) + "]")
	}
	w.WriteString("]")
}

func num(x float64) string { return strconv.FormatFloat(x, 'f', -1, 64) }

// rightHanded returns r counter-clockwise when outer, clockwise otherwise.
func rightHanded(r orb.Ring, outer bool) orb.Ring {
	if (r.Orientation() == orb.CCW) == outer {
		return r
	}
	c := slices.Clone(r)
	slices.Reverse(c)
	return c
}
