package report

import (
	"fmt"
	"github.com/linkmatch/linkmatch/internal/english"
	"strconv"
	"strings"
	"time"

	"github.com/linkmatch/linkmatch"
)

// The Gantt chart's geometry, in SVG user units (about CSS pixels at full
// width): a label column, then the time axis.
const (
	ganttWidth  = 760
	ganttLabelW = 128
	ganttRowH   = 16
	ganttTop    = 18 // room for month labels
)

// ganttRowKinds are the chart's rows below the stages, in order, each a
// kind of timeline row with its label. Rows with no sessions are left out.
var ganttRowKinds = []struct {
	kind  linkmatch.SessionKind
	label string
}{
	{linkmatch.KindHalfDay, "Half days"},
	{linkmatch.KindFullDay, "Full days"},
	{linkmatch.KindDayAndHalf, "Weekends"},
	{linkmatch.KindOvernight, "Overnights"},
	{linkmatch.KindStayingPut, "Staying Put"},
	{linkmatch.KindLinkWorker, "Link worker"},
	{linkmatch.KindMeeting, "Meetings"},
	{linkmatch.KindReview, "Reviews"},
	{linkmatch.KindVisit, "Social worker"},
	{linkmatch.KindMilestone, "Milestones"},
}

// gantt is one link's chart, ready for the template.
type gantt struct {
	ID            string // prefix of the chart's element ids
	Width, Height int
	Title, Desc   string
	Stages        []stageBar
	Rows          []ganttRow
	Move          *marker
	Warnings      []warnBar
	WarnY         int
	Table         []stageRow
}

// ganttAxis is what every chart shares: the month lines and labels (drawn
// once, and used by each chart) and the transform from days to the chart.
type ganttAxis struct {
	GridPath  string
	Labels    []gridLine
	Transform string
}

// gridHeight is how far down the month lines go: below the tallest chart
// (stages, ten rows and warnings); each chart shows its own height of them.
const gridHeight = 300

func newGanttAxis(axis timeAxis) ganttAxis {
	a := ganttAxis{}
	a.GridPath, a.Labels = monthGrid(axis, gridHeight)
	k := axis.perDay()
	a.Transform = "translate(" + strconv.FormatFloat(round1(ganttLabelW+k/2), 'f', -1, 64) + " 0) scale(" + strconv.FormatFloat(k, 'f', 4, 64) + " 1)"
	return a
}

type gridLine struct {
	X     float64
	Label string
}

type stageBar struct {
	X, W, TX float64
	Name     string
	ShowName bool
	Shade    int // 0 or 1, alternating, so neighbours are told apart without colour
}

type ganttRow struct {
	Y     int
	Label string
	Class string // the kind, for its style
	Path  string // one mark per session
	Count int
}

type marker struct {
	X     float64
	Label string
}

type warnBar struct {
	X, W, Y float64
	Title   string
}

type stageRow struct {
	Name      string
	From, To  linkmatch.Date
	WithChild int
}

// timeAxis maps dates to x between the label column and the right edge.
type timeAxis struct {
	from, to linkmatch.Date
}

func (a timeAxis) x(d linkmatch.Date) float64 {
	span := float64(max(a.to-a.from, 1))
	return ganttLabelW + float64(d-a.from)/span*float64(ganttWidth-ganttLabelW-4)
}

// perDay is the width of one day.
func (a timeAxis) perDay() float64 {
	return float64(ganttWidth-ganttLabelW-4) / float64(max(a.to-a.from, 1))
}

// newGantt lays out one link's plan on axis: a bar per stage (in the
// order stages first appear), a row of marks per kind of session, the
// move as a line across every row, and the plan's warnings as hatched
// spans on a row of their own.
func newGantt(id string, l *Link, axis timeAxis) *gantt {
	move := l.Move
	g := &gantt{ID: id, Width: ganttWidth, Title: "Plan for link " + l.ID}
	y := ganttTop
	stages := stageSpans(l.Sessions)
	if len(l.Stages) > 0 {
		stages = planStages(l.Stages, stages)
	}
	for i, s := range stages {
		x0, x1 := axis.x(s.From), axis.x(s.To.AddDays(1))
		w := max(x1-x0, 1)
		g.Stages = append(g.Stages, stageBar{X: round1(x0), W: round1(w), TX: round1(x0 + 3), Name: s.Name, ShowName: float64(len(s.Name))*6.2+6 < w, Shade: i % 2})
	}
	g.Table = stages
	y += ganttRowH + 4
	counts := map[linkmatch.SessionKind]int{}
	for _, rk := range ganttRowKinds {
		var pen pen
		n := 0
		var first, last linkmatch.Date
		for i := range l.Sessions {
			s := &l.Sessions[i]
			if s.Kind != rk.kind {
				continue
			}
			if n == 0 {
				first = s.Date
			}
			n++
			last = max(last, s.Date)
			if rk.kind != linkmatch.KindLinkWorker {
				pen.mark(int(s.Date-axis.from), int(max(s.EndDate-s.Date, 0)), y)
			}
		}
		if rk.kind == linkmatch.KindLinkWorker && n > 0 {
			// The home's weekly session is the child's, not the carer's:
			// one band for the weeks it runs says enough, at a fraction
			// of the size of a tick a week.
			pen.band(int(first-axis.from), int(last-first)+1, y)
		}
		b := pen.b
		if n == 0 {
			continue
		}
		counts[rk.kind] = n
		g.Rows = append(g.Rows, ganttRow{Y: y, Label: fmt.Sprintf("%s (%d)", rk.label, n), Class: "k-" + rk.kind.String(), Path: string(b), Count: n})
		y += ganttRowH
	}
	if len(l.Warnings) > 0 {
		g.WarnY = y + 12
		for _, w := range l.Warnings {
			from, to := max(w.From, axis.from), min(w.To, axis.to)
			x0 := axis.x(from)
			g.Warnings = append(g.Warnings, warnBar{X: round1(x0), W: round1(max(axis.x(to.AddDays(1))-x0, 2)), Y: float64(y + 2),
				Title: fmt.Sprintf("%s, %s: %s", w.Stage, dateRange(w.From, w.To), w.What)})
		}
		y += ganttRowH
	}
	if move != 0 {
		g.Move = &marker{X: round1(axis.x(move)), Label: "Move " + shortDate(move)}
	}
	g.Height = y + 4
	g.Desc = ganttDesc(l, stages, counts, move)
	return g
}

// pen draws a row's marks as one SVG path in days: x is the day's number
// from the axis's first day, so every coordinate is a whole number and
// each mark after the first is a short relative move. The template scales
// the path to the axis (MarksTransform) with strokes that do not scale.
type pen struct {
	b      []byte
	x, y   int
	inited bool
}

// moveTo moves to (x, y), absolutely the first time, then relatively.
func (p *pen) moveTo(x, y int) {
	if !p.inited {
		p.b = append(p.b, 'M')
		p.b = strconv.AppendInt(p.b, int64(x), 10)
		p.b = append(p.b, ' ')
		p.b = strconv.AppendInt(p.b, int64(y), 10)
		p.inited = true
	} else {
		p.b = append(p.b, 'm')
		p.b = strconv.AppendInt(p.b, int64(x-p.x), 10)
		if dy := y - p.y; dy >= 0 {
			p.b = append(p.b, ' ')
			p.b = strconv.AppendInt(p.b, int64(dy), 10)
		} else {
			p.b = strconv.AppendInt(p.b, int64(dy), 10)
		}
	}
	p.x, p.y = x, y
}

// mark draws a session on day x of row y: a tick for a session within a
// day, a bar over the nights of a longer one.
func (p *pen) mark(x, nights, y int) {
	p.moveTo(x, y+3)
	if nights == 0 {
		p.b = append(p.b, "v10"...)
		p.y += 10
		return
	}
	p.rect(nights, 10)
}

// band draws a thin bar over days on row y.
func (p *pen) band(x, days, y int) {
	p.moveTo(x, y+6)
	p.rect(days, 4)
}

// rect draws a closed w × h rectangle from the pen; closing it returns the
// pen to where it started.
func (p *pen) rect(w, h int) {
	p.b = append(p.b, 'h')
	p.b = strconv.AppendInt(p.b, int64(w), 10)
	p.b = append(p.b, 'v')
	p.b = strconv.AppendInt(p.b, int64(h), 10)
	p.b = append(p.b, 'h')
	p.b = strconv.AppendInt(p.b, int64(-w), 10)
	p.b = append(p.b, 'z')
}

// stageSpans are the stages in the order they first appear, each from its
// first to its last day, with the sessions with the child in it.
func stageSpans(sessions []linkmatch.Session) []stageRow {
	var out []stageRow
	at := map[string]int{}
	for i := range sessions {
		s := &sessions[i]
		if s.Stage == "" {
			continue
		}
		end := max(s.EndDate, s.Date)
		j, ok := at[s.Stage]
		if !ok {
			at[s.Stage] = len(out)
			out = append(out, stageRow{Name: s.Stage, From: s.Date, To: end})
			j = len(out) - 1
		}
		r := &out[j]
		r.From, r.To = min(r.From, s.Date), max(r.To, end)
		if s.Kind.WithChild() {
			r.WithChild++
		}
	}
	return out
}

// planStages are the stages as the plan dates them (one source for the
// stage table, the chart and the warnings), each with the sessions with
// the child that the timeline labels with it (counted in bySessions).
func planStages(plan []StageDates, bySessions []stageRow) []stageRow {
	out := make([]stageRow, len(plan))
	for i, st := range plan {
		out[i] = stageRow{Name: st.Name, From: st.From, To: st.To}
		for _, r := range bySessions {
			if r.Name == st.Name {
				out[i].WithChild = r.WithChild
			}
		}
	}
	return out
}

// monthGrid is a line at each month's start, down to height, as one path,
// and the months labelled: every few months, so that labels never overlap.
func monthGrid(axis timeAxis, height int) (string, []gridLine) {
	y, m, _ := axis.from.Civil()
	d := linkmatch.DateOf(y, m, 1)
	if d < axis.from {
		d = d.AddMonths(1)
	}
	months := 0
	for e := d; e <= axis.to; e = e.AddMonths(1) {
		months++
	}
	every := 1
	for months/every > 8 {
		every++
	}
	for every > 1 && 12%every != 0 {
		every++
	}
	var out []gridLine
	var path []byte
	for ; d <= axis.to; d = d.AddMonths(1) {
		x := round1(axis.x(d))
		path = append(path, 'M')
		path = strconv.AppendFloat(path, x, 'f', -1, 64)
		path = append(path, " 12V"...)
		path = strconv.AppendInt(path, int64(height), 10)
		// A label needs about 45 units: none so near the right edge that it
		// would be cut off.
		if _, mm, _ := d.Civil(); (int(mm)-1)%every == 0 && x < ganttWidth-45 {
			out = append(out, gridLine{X: x, Label: d.Time(time.UTC).Format("Jan 2006")})
		}
	}
	return string(path), out
}

// ganttDesc is the chart in words, for a screen reader.
func ganttDesc(l *Link, stages []stageRow, counts map[linkmatch.SessionKind]int, move linkmatch.Date) string {
	var b strings.Builder
	if len(stages) == 0 {
		return "No sessions are planned."
	}
	fmt.Fprintf(&b, "%d stages from %s to %s (dates in the table below). ", len(stages), shortDate(stages[0].From), shortDate(stages[len(stages)-1].To))
	var parts []string
	for _, rk := range ganttRowKinds {
		if n := counts[rk.kind]; n > 0 {
			label := strings.ToLower(rk.label)
			parts = append(parts, english.Count(n, strings.TrimSuffix(label, "s"), label))
		}
	}
	b.WriteString("Sessions: " + strings.Join(parts, ", ") + ".")
	if move != 0 {
		b.WriteString(" Move on " + longDate(move) + ".")
	}
	if n := len(l.Warnings); n > 0 {
		fmt.Fprintf(&b, " %d plan %s, shown hatched.", n, pluralWord(n, "warning", "warnings"))
	}
	return b.String()
}

func round1(x float64) float64 {
	if x < 0 {
		return -float64(int64(-x*10+0.5)) / 10
	}
	return float64(int64(x*10+0.5)) / 10
}
