package report

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"golang.org/x/net/html"

	"github.com/linkmatch/linkmatch/internal/goldentest"
)

// writeFixture renders the fixture, and keeps a copy under
// $LINKMATCH_ARTIFACTS when set, for a person to open.
func writeFixture(t *testing.T) []byte {
	t.Helper()
	var b bytes.Buffer
	if err := WriteHTML(&b, fixtureModel()); err != nil {
		t.Fatal(err)
	}
	if dir := os.Getenv("LINKMATCH_ARTIFACTS"); dir != "" {
		if err := os.MkdirAll(dir, 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, "fixture-report.html"), b.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return b.Bytes()
}

func parse(t *testing.T, page []byte) *html.Node {
	t.Helper()
	doc, err := html.Parse(bytes.NewReader(page))
	if err != nil {
		t.Fatal(err)
	}
	return doc
}

// walk calls fn for every element under n, in document order.
func walk(n *html.Node, fn func(*html.Node)) {
	if n.Type == html.ElementNode {
		fn(n)
	}
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		walk(c, fn)
	}
}

func attr(n *html.Node, key string) (string, bool) {
	for _, a := range n.Attr {
		if a.Key == key {
			return a.Val, true
		}
	}
	return "", false
}

func text(n *html.Node) string {
	var b strings.Builder
	var rec func(*html.Node)
	rec = func(n *html.Node) {
		if n.Type == html.TextNode {
			b.WriteString(n.Data)
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			rec(c)
		}
	}
	rec(n)
	return strings.Join(strings.Fields(b.String()), " ")
}

// TestOutlineGolden compares the report's structure — sections and their
// headings, tables with their captions and column headers and row counts,
// figures with their text alternatives — with testdata/fixture.outline.
// Refresh with go test ./report -update and review the diff.
func TestOutlineGolden(t *testing.T) {
	doc := parse(t, writeFixture(t))
	var b strings.Builder
	walk(doc, func(n *html.Node) {
		switch n.Data {
		case "section", "nav":
			id, _ := attr(n, "id")
			lb, _ := attr(n, "aria-labelledby")
			cls, _ := attr(n, "class")
			fmt.Fprintf(&b, "%s id=%q class=%q labelledby=%q\n", n.Data, id, cls, lb)
		case "h1", "h2", "h3":
			fmt.Fprintf(&b, "  %s %s\n", n.Data, text(n))
		case "table":
			var caption string
			var cols []string
			rows := 0
			walk(n, func(c *html.Node) {
				switch c.Data {
				case "caption":
					caption = text(c)
				case "th":
					if s, _ := attr(c, "scope"); s == "col" {
						cols = append(cols, text(c))
					}
				case "tr":
					if c.Parent.Data == "tbody" {
						rows++
					}
				}
			})
			fmt.Fprintf(&b, "  table %q cols=%q rows=%d\n", caption, cols, rows)
		case "svg":
			role, _ := attr(n, "role")
			lb, _ := attr(n, "aria-labelledby")
			if role != "" {
				fmt.Fprintf(&b, "  svg role=%s labelledby=%q\n", role, lb)
			}
		case "details":
			fmt.Fprintf(&b, "  details\n")
		}
	})
	goldentest.Check(t, filepath.Join("testdata", "fixture.outline"), []byte(b.String()))
}

// TestNothingFromInputsRuns: ids, names and notes holding script tags,
// event handlers, quotes and javascript: addresses appear as text and never
// as markup. The page has no script element, no event handler attribute,
// no element the template does not write, and no address other than its
// own #anchors; a Content Security Policy forbids scripts and the network.
func TestNothingFromInputsRuns(t *testing.T) {
	page := writeFixture(t)
	doc := parse(t, page)
	allowed := map[string]bool{}
	for _, e := range strings.Fields(`html head meta title style body a svg defs pattern rect line header h1 h2 h3 p main
		section div strong table caption thead tbody tr th td ul li path text figure figcaption circle desc nav ol span details summary footer g use`) {
		allowed[e] = true
	}
	ids := map[string]bool{}
	walk(doc, func(n *html.Node) {
		if !allowed[n.Data] {
			t.Errorf("element <%s> is not one the template writes", n.Data)
		}
		for _, a := range n.Attr {
			if strings.HasPrefix(a.Key, "on") {
				t.Errorf("<%s> has an event handler %s=%q", n.Data, a.Key, a.Val)
			}
			if (a.Key == "href" || a.Key == "src") && !strings.HasPrefix(a.Val, "#") {
				t.Errorf("<%s %s=%q> leaves the page", n.Data, a.Key, a.Val)
			}
			if a.Key == "id" {
				ids[a.Val] = true
			}
		}
	})
	walk(doc, func(n *html.Node) {
		if v, ok := attr(n, "href"); ok && !ids[strings.TrimPrefix(v, "#")] {
			t.Errorf("link to #%s, which is not on the page", v)
		}
		if v, ok := attr(n, "aria-labelledby"); ok {
			for _, id := range strings.Fields(v) {
				if !ids[id] {
					t.Errorf("aria-labelledby names %s, which is not on the page", id)
				}
			}
		}
	})
	body := text(doc)
	for _, want := range []string{`<script>alert("x")</script>'"&<b>`, `C2<img src=x onerror=alert(1)>`, `K2"><script>alert(2)</script>`,
		"javascript:alert(3) is not a link", "East <i>shire</i>"} {
		if !strings.Contains(body, want) {
			t.Errorf("the page's text lacks %q", want)
		}
	}
	if !bytes.Contains(page, []byte(`content="default-src 'none'; style-src 'unsafe-inline'`)) {
		t.Error("no Content Security Policy")
	}
}

// TestDeterministic: the same model gives the same bytes.
func TestDeterministic(t *testing.T) {
	a, b := writeFixture(t), writeFixture(t)
	if !bytes.Equal(a, b) {
		t.Fatal("two renderings of one model differ")
	}
}

func TestPercentile(t *testing.T) {
	tests := []struct {
		name string
		xs   []float64
		q    float64
		want float64
	}{
		{"median of odd", []float64{3, 1, 2}, 0.5, 2},
		{"median of even", []float64{4, 1, 2, 3}, 0.5, 2.5},
		{"90th of ten", []float64{1, 2, 3, 4, 5, 6, 7, 8, 9, 10}, 0.9, 9.1},
		{"one value", []float64{7}, 0.9, 7},
		{"none", nil, 0.5, 0},
	}
	for _, tt := range tests {
		if got := percentile(tt.xs, tt.q); fmt.Sprintf("%.6f", got) != fmt.Sprintf("%.6f", tt.want) {
			t.Errorf("%s: got %v, want %v", tt.name, got, tt.want)
		}
	}
}

func TestFormats(t *testing.T) {
	tests := []struct{ got, want string }{
		{gbp(0), "£0.00"}, {gbp(123456789), "£1,234,567.89"}, {gbp(-1999), "−£19.99"}, {gbp(100000), "£1,000.00"},
		{kmWords(32.18688), "32.2 km (20.0 miles)"}, {ordinal(22), "22nd"}, {choiceWords(1, 1), "the only eligible carer"},
		{choiceWords(2, 5), "2nd choice of 5"},
	}
	for _, tt := range tests {
		if tt.got != tt.want {
			t.Errorf("got %q, want %q", tt.got, tt.want)
		}
	}
}

// TestSummaryFigures checks the first page's figures on the fixture: one
// link of two over 20 miles, distances 4.2 and 40 km.
func TestSummaryFigures(t *testing.T) {
	m := fixtureModel()
	s := newSummary(m, map[string]string{})
	if s.Linked != 2 || len(s.NotLinked) != 1 || s.Far != 1 || s.FarShare != 0.5 || s.Warnings != 2 || s.WarnedLinks != 1 || s.FirstChoice != 1 {
		t.Errorf("summary %+v", s)
	}
	if fmt.Sprintf("%.2f %.2f", s.Median, s.P90) != "22.10 36.42" {
		t.Errorf("median %v, 90th percentile %v", s.Median, s.P90)
	}
	c := newCostView(m)
	// £1,234.56 over 60 days: × 7/60 = £144.03 a week; × 30.4375/60 = £626.28 a month.
	if c.Weekly != 14403 || c.Monthly != 62628 {
		t.Errorf("weekly %v, monthly %v", c.Weekly, c.Monthly)
	}
	if !slices.ContainsFunc(s.Borders, func(b borderCount) bool { return b.Class == "b-neighbour" && b.N == 1 }) {
		t.Errorf("borders %+v", s.Borders)
	}
}
