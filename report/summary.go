package report

import (
	"math"

	"github.com/linkmatch/linkmatch"
)

// ofstedFarKm is Ofsted's "more than 20 miles from home" (PRODUCT.md), in
// km: 20 × 1.609344.
const ofstedFarKm = 20 * kmPerMile

// summary is the first page's figures.
type summary struct {
	Children, Linked int
	NotLinked        []notLinked
	Borders          []borderCount
	// Median and P90 are road distances of the links in km; Far counts
	// links over 20 miles and FarShare is their share of the links.
	HasDistances bool
	Median, P90  float64
	Far          int
	FarShare     float64
	Warnings     int
	WarnedLinks  int
	Pinned       int
	FirstChoice  int
}

type notLinked struct {
	ID, Anchor, Reason string
}

func newSummary(m *Model, anchors map[string]string) summary {
	s := summary{Children: len(m.Children)}
	counts := map[linkmatch.Border]int{}
	var km []float64
	for i := range m.Children {
		c := &m.Children[i]
		if c.Link == nil {
			reason := c.NotLinked
			if c.Diagnosis != "" {
				reason = c.Diagnosis
			}
			s.NotLinked = append(s.NotLinked, notLinked{ID: c.ID, Anchor: anchors[c.ID], Reason: reason})
			continue
		}
		s.Linked++
		counts[c.Link.Border]++
		km = append(km, c.Link.DistanceKm)
		if c.Link.DistanceKm > ofstedFarKm {
			s.Far++
		}
		s.Warnings += len(c.Link.Warnings)
		if len(c.Link.Warnings) > 0 {
			s.WarnedLinks++
		}
		if c.Link.Pinned {
			s.Pinned++
		}
		if c.Link.Rank == 1 {
			s.FirstChoice++
		}
	}
	for _, bl := range borderLegend {
		if n := counts[bl.b]; n > 0 || bl.b != linkmatch.BorderUnknown {
			s.Borders = append(s.Borders, borderCount{Class: "b-" + bl.b.String(), Label: bl.label, Line: bl.style, N: n})
		}
	}
	if len(km) > 0 {
		s.HasDistances = true
		s.Median, s.P90 = percentile(km, 0.5), percentile(km, 0.9)
		s.FarShare = float64(s.Far) / float64(len(km))
	}
	return s
}

// percentile is the q-quantile of xs by linear interpolation between
// closest ranks (Hyndman and Fan 1996, definition 7), as spreadsheets'
// PERCENTILE computes it, so a panel can check it in a workbook.
func percentile(xs []float64, q float64) float64 {
	s := sortedCopy(xs)
	if len(s) == 0 {
		return 0
	}
	h := q * float64(len(s)-1)
	lo := int(math.Floor(h))
	if lo+1 >= len(s) {
		return s[len(s)-1]
	}
	return s[lo] + (h-float64(lo))*(s[lo+1]-s[lo])
}
