package report

import (
	"bufio"
	_ "embed"
	"fmt"
	"github.com/linkmatch/linkmatch/internal/english"
	"html/template"
	"io"
	"math"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/linkmatch/linkmatch"
)

//go:embed page.html.tmpl
var pageTemplate string

//go:embed page.css
var pageCSS string

// WriteHTML writes the report for m as one HTML document with everything
// inline: styles, the map and every chart. It loads nothing from the
// network and runs no script. The same model gives the same bytes.
func WriteHTML(w io.Writer, m *Model) error {
	head, tail, ok := strings.Cut(pageTemplate, childrenMarker)
	if !ok {
		return fmt.Errorf("report: template: no place for the children's sections")
	}
	var parts [2]*template.Template
	for i, text := range [2]string{head, tail} {
		t, err := template.New("page").Funcs(funcs).Parse(text)
		if err != nil {
			return fmt.Errorf("report: template: %w", err)
		}
		parts[i] = t
	}
	return writePage(w, parts, newPageView(m), runtime.GOMAXPROCS(0))
}

// writePage writes the page of v, its head and tail with parts, and the
// children's sections, charts and all, in parts on workers goroutines
// (sections) while the head is written: the same bytes whatever workers.
func writePage(w io.Writer, parts [2]*template.Template, v *view, workers int) error {
	bw := bufio.NewWriterSize(w, 256<<10)
	secs := startSections(v, workers)
	defer secs.close()
	if err := parts[0].Execute(bw, v); err != nil {
		return fmt.Errorf("report: %w", err)
	}
	secs.writeTo(bw)
	if err := parts[1].Execute(bw, v); err != nil {
		return fmt.Errorf("report: %w", err)
	}
	return bw.Flush()
}

// maxRunners is how many runners-up a child's page lists: enough to see
// the choice, few enough that a 500-child report stays small.
const maxRunners = 3

// view is the model with everything the page shows worked out.
type view struct {
	M        *Model
	CSS      template.CSS
	Summary  summary
	Map      *mapView
	Children []childView
	Costs    costView
	Axis     ganttAxis
	axis     timeAxis // the charts' time span (planAxis)
}

type childView struct {
	*Child
	N        int    // 1-based position, for element ids
	Anchor   string // the section's id: never built from input text
	Gantt    *gantt
	Runners  []Candidate
	Chosen   string // "2nd choice of 5", for the contents
	Warnings int
}

// newView works out everything the template needs from m.
func newView(m *Model) *view {
	v := newPageView(m)
	for i := range v.Children {
		v.Children[i].Gantt = v.chart(&v.Children[i])
	}
	return v
}

// chart is the Gantt chart of a child's link; nil for a child not linked.
func (v *view) chart(cv *childView) *gantt {
	if cv.Link == nil {
		return nil
	}
	return newGantt("g"+strconv.Itoa(cv.N), cv.Link, v.axis)
}

// newPageView is newView without the children's charts, which WriteHTML
// lays out as it writes each section (sections): a national report's
// 7,000 charts were half the time of writing it (issue 15).
func newPageView(m *Model) *view {
	v := &view{M: m, CSS: template.CSS(pageCSS)} // the embedded stylesheet, not input
	anchors := make(map[string]string, len(m.Children))
	for i, c := range m.Children {
		anchors[c.ID] = "child-" + strconv.Itoa(i+1)
	}
	axis := planAxis(m)
	v.Axis, v.axis = newGanttAxis(axis), axis
	for i := range m.Children {
		c := &m.Children[i]
		cv := childView{Child: c, N: i + 1, Anchor: anchors[c.ID]}
		for _, cand := range c.Candidates {
			if !cand.Chosen && len(cv.Runners) < maxRunners {
				cv.Runners = append(cv.Runners, cand)
			}
		}
		if c.Link != nil {
			cv.Chosen = choiceWords(c.Link.Rank, c.Link.Eligible)
			cv.Warnings = len(c.Link.Warnings)
		}
		v.Children = append(v.Children, cv)
	}
	v.Summary = newSummary(m, anchors)
	v.Map = newMap(m, anchors)
	v.Costs = newCostView(m)
	return v
}

// planAxis is the time span every Gantt chart shares, so that charts line
// up down the page: from the first session of any link to the last.
func planAxis(m *Model) timeAxis {
	var a timeAxis
	for _, c := range m.Children {
		if c.Link == nil {
			continue
		}
		for _, s := range c.Link.Sessions {
			if a.from == 0 || s.Date < a.from {
				a.from = s.Date
			}
			a.to = max(a.to, s.Date, s.EndDate)
		}
	}
	if a.from == 0 {
		a.from, a.to = m.PlanStart, m.PlanStart.AddDays(365)
	}
	return a
}

func choiceWords(rank, eligible int) string {
	switch {
	case eligible == 1:
		return "the only eligible carer"
	case rank == 1:
		return fmt.Sprintf("first choice of %d", eligible)
	}
	return fmt.Sprintf("%s choice of %d", ordinal(rank), eligible)
}

// costView holds the cost tables and averages.
type costView struct {
	Weekly, Monthly linkmatch.Pence
	Days            int
}

func newCostView(m *Model) costView {
	c := m.Costs
	if c.From == 0 || c.To < c.From {
		return costView{}
	}
	days := int64(c.To-c.From) + 1
	// A month is 365.25 ÷ 12 days on average (the Gregorian year).
	return costView{Weekly: c.Total.Ratio(7, days), Monthly: c.Total.Ratio(36525, 1200*days), Days: int(days)}
}

var funcs = template.FuncMap{
	"gbp":       gbp,
	"date":      shortDate,
	"longdate":  longDate,
	"daterange": dateRange,
	"month":     func(d linkmatch.Date) string { return d.Time(time.UTC).Format("January 2006") },
	"km":        kmWords,
	"score":     score,
	"num1":      num1,
	"pct":       func(f float64) string { return strconv.FormatFloat(100*f, 'f', 0, 64) + "%" },
	"barpct":    barPct,
	"border":    borderWords,
	"ordinal":   ordinal,
	"plural":    pluralWord,
	"join":      strings.Join,
	"words":     func(s string) string { return strings.ReplaceAll(s, "_", " ") },
	"add":       func(a, b int) int { return a + b },
	"sub":       func(a, b float64) float64 { return a - b },
}

func score(f float64) string { return strconv.FormatFloat(f, 'f', 2, 64) }

func num1(f float64) string { return strconv.FormatFloat(f, 'f', 1, 64) }

func barPct(f float64) string {
	return strconv.FormatFloat(math.Round(100*clamp01(f)), 'f', 0, 64)
}

// gbp writes pounds with thousands separators: £1,234.56.
func gbp(p linkmatch.Pence) string {
	s := p.String()
	neg := strings.HasPrefix(s, "-")
	s = strings.TrimPrefix(s, "-")
	whole, frac, _ := strings.Cut(s, ".")
	var b []byte
	for i := range whole {
		if i > 0 && (len(whole)-i)%3 == 0 {
			b = append(b, ',')
		}
		b = append(b, whole[i])
	}
	out := "£" + string(b) + "." + frac
	if neg {
		return "−" + out
	}
	return out
}

func shortDate(d linkmatch.Date) string {
	if d == 0 {
		return ""
	}
	return d.Time(time.UTC).Format("2 Jan 2006")
}

func longDate(d linkmatch.Date) string {
	if d == 0 {
		return ""
	}
	return d.Time(time.UTC).Format("Monday 2 January 2006")
}

func dateRange(from, to linkmatch.Date) string {
	if from == to {
		return shortDate(from)
	}
	return shortDate(from) + " to " + shortDate(to)
}

// kmPerMile is the international mile (1959): exactly 1.609344 km.
const kmPerMile = 1.609344

// kmWords writes a road distance in km and miles, as English councils
// and Ofsted report miles: "21.4 km (13.3 miles)".
func kmWords(km float64) string {
	return strconv.FormatFloat(km, 'f', 1, 64) + " km (" + strconv.FormatFloat(km/kmPerMile, 'f', 1, 64) + " miles)"
}

func borderWords(b linkmatch.Border) string {
	switch b {
	case linkmatch.BorderSame:
		return "same authority"
	case linkmatch.BorderNeighbour:
		return "neighbouring authority"
	case linkmatch.BorderDistant:
		return "distant authority"
	}
	return "not known"
}

func pluralWord(n int, one, many string) string { return english.Plural(n, one, many) }

// ordinal writes 1st, 2nd, 3rd, 4th … 11th, 12th, 13th, 21st.
func ordinal(n int) string {
	suffix := "th"
	switch {
	case n%100 >= 11 && n%100 <= 13:
	case n%10 == 1:
		suffix = "st"
	case n%10 == 2:
		suffix = "nd"
	case n%10 == 3:
		suffix = "rd"
	}
	return strconv.Itoa(n) + suffix
}

func clamp01(x float64) float64 { return max(0, min(1, x)) }

// sortedCopy returns xs sorted, leaving xs as it was.
func sortedCopy(xs []float64) []float64 {
	s := slices.Clone(xs)
	slices.Sort(s)
	return s
}
