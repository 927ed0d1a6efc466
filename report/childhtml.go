package report

import (
	"bufio"
	"fmt"
	"strconv"
	"strings"
)

// childrenMarker is where the children's sections go in page.html.tmpl:
// WriteHTML writes the page before it and after it with html/template, and
// the sections themselves with writeChild. A national report has 7,000
// sections, and html/template's reflection and escaping of every field took
// most of the time of writing it (issue 15); writeChild writes the same
// bytes directly.
const childrenMarker = "{{/* the children's sections: writeChild */}}\n"

// htmlEscaper escapes text as html/template does, in text, in quoted
// attribute values and in the title element (its htmlReplacementTable):
// NUL, quotes, ampersand, plus and angle brackets.
var htmlEscaper = strings.NewReplacer(
	"\x00", "\uFFFD", `"`, "&#34;", "&", "&amp;", "'", "&#39;", "+", "&#43;", "<", "&lt;", ">", "&gt;")

// childWriter writes the HTML of the children's sections.
type childWriter struct {
	w *bufio.Writer
}

// s writes s as it is: markup.
func (c childWriter) s(s string) { _, _ = c.w.WriteString(s) }

// e writes s escaped, as html/template writes a string.
func (c childWriter) e(s string) {
	if strings.ContainsAny(s, "\x00\"&'+<>") {
		_, _ = htmlEscaper.WriteString(c.w, s)
		return
	}
	_, _ = c.w.WriteString(s)
}

// i writes an integer, as html/template writes one.
func (c childWriter) i(n int) { c.s(strconv.Itoa(n)) }

// f writes a number as html/template writes a float64: fmt's %v, escaped.
func (c childWriter) f(x float64) { c.e(fmt.Sprint(x)) }

// writeChild writes one child's section, byte for byte as the template it
// replaced did (the report's tests compare the two).
func writeChild(c childWriter, v *view, ch *childView) {
	writeChildHeading(c, ch)
	if l := ch.Link; l != nil {
		writeWhy(c, l)
	} else {
		c.s(`<p class="why">`)
		if ch.Diagnosis != "" {
			c.e(ch.Diagnosis)
		} else {
			c.e(ch.NotLinked)
		}
		c.s("</p>\n")
	}
	if len(ch.Runners) > 0 {
		writeRunners(c, ch)
	}
	if g := ch.Gantt; g != nil {
		writeGantt(c, v, g)
	}
	if l := ch.Link; l != nil {
		writeLinkFooter(c, v, l)
	}
	c.s("\n</section>\n")
}

// writeChildHeading opens the child's section: its heading (who the child
// is linked with, if anyone) and a sentence about the child.
func writeChildHeading(c childWriter, ch *childView) {
	c.s(`<section class="child" id="`)
	c.e(ch.Anchor)
	c.s(`" aria-labelledby="`)
	c.e(ch.Anchor)
	c.s("-h\">\n<h2 id=\"")
	c.e(ch.Anchor)
	c.s(`-h">`)
	c.e(ch.ID)
	if ch.Link != nil {
		c.s(": linked with ")
		c.e(ch.Link.CarerID)
	} else {
		c.s(": not linked")
	}
	c.s("</h2>\n<p>")
	c.i(ch.Age)
	// Where the home is, and who placed the child, when they differ.
	switch {
	case ch.HomeIn == "":
		c.s(" years old, in a home, placed by ")
		c.e(ch.HomeAuthority)
	case ch.HomeIn == ch.HomeAuthority:
		c.s(" years old, living in a home in ")
		c.e(ch.HomeIn)
	default:
		c.s(" years old, placed by ")
		c.e(ch.HomeAuthority)
		c.s(", in a home in ")
		c.e(ch.HomeIn)
	}
	c.s("; ")
	c.e(ch.Complexity)
	c.s(" complexity; needs: ")
	if len(ch.Needs) > 0 {
		c.e(strings.Join(ch.Needs, ", "))
	} else {
		c.s("none recorded")
	}
	if ch.SiblingGroup != "" {
		c.s("; sibling group ")
		c.e(ch.SiblingGroup)
	}
	c.s(".</p>\n")
}

// writeLinkFooter writes a link's plan warnings and, when the run was
// costed, what the link costs.
func writeLinkFooter(c childWriter, v *view, l *Link) {
	if len(l.Warnings) > 0 {
		c.s("<h3>Plan warnings</h3>\n<ul>")
		for _, w := range l.Warnings {
			c.s("<li><strong>")
			c.e(w.Stage)
			c.s(", ")
			c.e(dateRange(w.From, w.To))
			c.s(":</strong> ")
			c.e(w.What)
			c.s(". ")
			c.e(w.Why)
			c.s("</li>")
		}
		c.s("</ul>\n")
	}
	if v.Costs.Days != 0 {
		c.s("<p>Cost of this link: ")
		c.e(gbp(l.Cost))
		c.s(" over the costed period.</p>")
	}
}

// writeWhy writes why the carer was chosen, and the score's parts.
func writeWhy(c childWriter, l *Link) {
	c.s("<h3>Why this carer</h3>\n<p class=\"why\">")
	c.e(l.Why)
	c.s("</p>\n<p>")
	c.e(l.Explanation)
	if l.Pinned {
		c.s(" This link was already agreed and was kept.")
	}
	c.s("</p>\n<div class=\"scroll\"><table class=\"sc\">\n<caption>Score ")
	c.e(score(l.Score))
	c.s(" of 100: ")
	c.e(l.CarerID)
	c.s(" in ")
	c.e(l.CarerAuthority)
	c.s(" (")
	c.e(borderWords(l.Border))
	c.s("), ")
	c.e(kmWords(l.DistanceKm))
	c.s(" by road</caption>\n" +
		`<thead><tr><th scope="col">Part of the score</th><th scope="col">Value (0–1)</th><th scope="col" class="n">Weight</th><th scope="col" class="n">Points</th></tr></thead>` +
		"\n<tbody>")
	for _, p := range l.Components {
		c.s(`<tr><th scope="row">`)
		c.e(strings.ReplaceAll(p.Name, "_", " "))
		c.s(`</th><td><span class="bar"><span style="width:`)
		c.e(barPct(p.Value))
		c.s(`%"></span></span>`)
		c.e(score(p.Value))
		c.s("</td><td>")
		c.e(num1(p.Weight))
		c.s("</td><td>")
		c.e(score(p.Points))
		c.s("</td></tr>")
	}
	c.s("</tbody>\n</table></div>\n")
}

// writeRunners writes the child's runners-up.
func writeRunners(c childWriter, ch *childView) {
	c.s("<div class=\"scroll\"><table>\n<caption>")
	if ch.Link != nil {
		c.s("Runners-up")
	} else {
		c.s("Best carers, none of whom could be linked")
	}
	c.s("</caption>\n" +
		`<thead><tr><th scope="col" class="n">Rank</th><th scope="col">Carer</th><th scope="col" class="n">Score</th><th scope="col" class="n">Distance</th><th scope="col">Why</th></tr></thead>` +
		"\n<tbody>")
	for _, r := range ch.Runners {
		c.s(`<tr><td class="n">`)
		c.i(r.Rank)
		c.s(`</td><th scope="row">`)
		c.e(r.CarerID)
		c.s(`</th><td class="n">`)
		c.e(score(r.Score))
		c.s(`</td><td class="n">`)
		c.e(num1(r.DistanceKm))
		c.s(` km</td><td>`)
		c.e(r.Explanation)
		c.s("</td></tr>")
	}
	c.s("</tbody>\n</table></div>\n")
}

// writeGantt writes the link's chart and its table of stages.
func writeGantt(c childWriter, v *view, g *gantt) {
	c.s("<h3>The plan</h3>\n<figure class=\"gantt\">\n<div class=\"scroll\">\n<svg viewBox=\"0 0 ")
	c.i(g.Width)
	c.s(" ")
	c.i(g.Height)
	c.s(`" width="`)
	c.i(g.Width)
	c.s(`" height="`)
	c.i(g.Height)
	c.s(`" role="img" aria-labelledby="`)
	c.e(g.ID)
	c.s("-t ")
	c.e(g.ID)
	c.s("-d\">\n<title id=\"")
	c.e(g.ID)
	c.s(`-t">`)
	c.e(g.Title)
	c.s("</title>\n<use href=\"#months\"/>\n")
	for _, st := range g.Stages {
		c.s(`<rect class="st`)
		c.i(st.Shade)
		c.s(`" x="`)
		c.f(st.X)
		c.s(`" y="18" width="`)
		c.f(st.W)
		c.s(`" height="16"/>`)
		if st.ShowName {
			c.s(`<text x="`)
			c.f(st.TX)
			c.s(`" y="30">`)
			c.e(st.Name)
			c.s("</text>")
		}
	}
	writeGanttRows(c, v, g)
	if m := g.Move; m != nil {
		c.s(`<line class="mv" x1="`)
		c.f(m.X)
		c.s(`" y1="14" x2="`)
		c.f(m.X)
		c.s(`" y2="`)
		c.i(g.Height)
		c.s(`"/><text x="`)
		c.f(m.X)
		c.s(`" y="`)
		c.i(g.Height)
		c.s(`" dx="3" dy="-2">`)
		c.e(m.Label)
		c.s("</text>")
	}
	c.s("\n</svg>\n</div>\n<figcaption id=\"")
	c.e(g.ID)
	c.s(`-d">`)
	c.e(g.Desc)
	c.s("</figcaption>\n</figure>\n")
	writeStageTable(c, g)
}

// writeGanttRows writes the chart's rows under the stages bar: each row's
// label and ticks, and the warnings' marks.
func writeGanttRows(c childWriter, v *view, g *gantt) {
	c.s("\n<text x=\"0\" y=\"30\">Stages</text>\n")
	for _, r := range g.Rows {
		c.s(`<text x="0" y="`)
		c.i(r.Y + 12)
		c.s(`">`)
		c.e(r.Label)
		c.s("</text>")
	}
	c.s("\n<g transform=\"")
	c.e(v.Axis.Transform)
	c.s(`">`)
	for _, r := range g.Rows {
		c.s(`<path class="tk `)
		c.e(r.Class)
		c.s(`" d="`)
		c.e(r.Path)
		c.s(`"/>`)
	}
	c.s("</g>\n")
	if len(g.Warnings) > 0 {
		c.s(`<text x="0" y="`)
		c.i(g.WarnY)
		c.s(`">Warnings</text>`)
		for _, w := range g.Warnings {
			c.s(`<rect class="warn" x="`)
			c.f(w.X)
			c.s(`" y="`)
			c.f(w.Y)
			c.s(`" width="`)
			c.f(w.W)
			c.s(`" height="11"/>`)
		}
	}
	c.s("\n")
}

// writeStageTable writes the table of the link's stages under its chart.
func writeStageTable(c childWriter, g *gantt) {
	c.s("<div class=\"scroll\"><table class=\"sc\">\n<caption>Stages</caption>\n" +
		`<thead><tr><th scope="col">Stage</th><th scope="col">From</th><th scope="col">To</th><th scope="col" class="n">Sessions with the child</th></tr></thead>` +
		"\n<tbody>")
	for _, r := range g.Table {
		c.s(`<tr><th scope="row">`)
		c.e(r.Name)
		c.s(`</th><td class="d">`)
		c.e(shortDate(r.From))
		c.s(`</td><td class="d">`)
		c.e(shortDate(r.To))
		c.s("</td><td>")
		c.i(r.WithChild)
		c.s("</td></tr>")
	}
	c.s("</tbody>\n</table></div>\n")
}
