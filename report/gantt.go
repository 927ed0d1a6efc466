package report

import (
	"fmt"
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
	Grid          []gridLine
	Stages        []stageBar
	Rows          []ganttRow
	Move          *marker
	Warnings      []warnBar
	WarnY         int
	Table         []stageRow
}

type gridLine struct {
	X     float64
	Label string // empty for an unlabelled month
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
	g.Grid = monthGrid(axis)
	y := ganttTop
	stages := stageSpans(l.Sessions)
	for i, s := range stages {
		x0, x1 := axis.x(s.From), axis.x(s.To.AddDays(1))
		w := max(x1-x0, 1)
		g.Stages = append(g.Stages, stageBar{X: round1(x0), W: round1(w), TX: round1(x0 + 3), Name: s.Name, ShowName: float64(len(s.Name))*6.2+6 < w, Shade: i % 2})
	}
	g.Table = stages
	y += ganttRowH + 4
	counts := map[linkmatch.SessionKind]int{}
	for _, rk := range ganttRowKinds {
		var b []byte
		n := 0
		for i := range l.Sessions {
			s := &l.Sessions[i]
			if s.Kind != rk.kind {
				continue
			}
			n++
			b = appendMark(b, axis, s, y)
		}
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

// appendMark adds one session's mark to a path: a tick for a session
// within a day, a bar for one spanning nights.
func appendMark(b []byte, axis timeAxis, s *linkmatch.Session, y int) []byte {
	x := round1(axis.x(s.Date) + axis.perDay()/2)
	b = append(b, 'M')
	b = strconv.AppendFloat(b, x, 'f', -1, 64)
	b = append(b, ' ')
	b = strconv.AppendInt(b, int64(y+3), 10)
	if days := s.EndDate - s.Date; days > 0 && s.EndDate != 0 {
		w := round1(max(float64(days)*axis.perDay(), 1.5))
		b = append(b, 'h')
		b = strconv.AppendFloat(b, w, 'f', -1, 64)
		b = append(b, "v10h-"...)
		b = strconv.AppendFloat(b, w, 'f', -1, 64)
		return append(b, 'z')
	}
	return append(b, "v10"...)
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

// monthGrid is a line at each month's start, labelled every few months so
// that labels never overlap.
func monthGrid(axis timeAxis) []gridLine {
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
	for i := 0; d <= axis.to; d, i = d.AddMonths(1), i+1 {
		g := gridLine{X: round1(axis.x(d))}
		if _, mm, _ := d.Civil(); (int(mm)-1)%every == 0 {
			g.Label = d.Time(time.UTC).Format("Jan 2006")
		}
		out = append(out, g)
	}
	return out
}

// ganttDesc is the chart in words, for a screen reader.
func ganttDesc(l *Link, stages []stageRow, counts map[linkmatch.SessionKind]int, move linkmatch.Date) string {
	var b strings.Builder
	if len(stages) == 0 {
		return "No sessions are planned."
	}
	b.WriteString("Stages: ")
	for i, s := range stages {
		if i > 0 {
			b.WriteString("; ")
		}
		b.WriteString(s.Name + " " + dateRange(s.From, s.To))
	}
	b.WriteString(". ")
	var parts []string
	for _, rk := range ganttRowKinds {
		if n := counts[rk.kind]; n > 0 {
			parts = append(parts, fmt.Sprintf("%d %s", n, strings.ToLower(rk.label)))
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
