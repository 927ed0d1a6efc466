package report

import (
	"bufio"
	"bytes"
	"html/template"
	"os"
	"testing"
)

// TestWriteChildIsTemplate: the children's sections written directly are
// byte for byte what html/template made of the template they replaced
// (testdata/child.html.tmpl, the block as page.html.tmpl had it), for the
// fixture — hostile ids and notes, linked and unlinked children, plan
// warnings, a move — with and without costs, and with the characters
// html/template escapes beyond markup (plus, NUL) in every kind of text.
func TestWriteChildIsTemplate(t *testing.T) {
	text, err := os.ReadFile("testdata/child.html.tmpl")
	if err != nil {
		t.Fatal(err)
	}
	tmpl := template.Must(template.New("child").Funcs(funcs).Parse(string(text)))
	odd := "a+b\x00c 'd' \"e\" & <f>"
	for _, tc := range []struct {
		name  string
		model func() *Model
	}{
		{"fixture", fixtureModel},
		{"no costs", func() *Model {
			m := fixtureModel()
			m.Costs = Costs{}
			return m
		}},
		{"plus and NUL", func() *Model {
			m := fixtureModel()
			for i := range m.Children {
				c := &m.Children[i]
				c.ID += odd
				c.HomeAuthority, c.Complexity, c.SiblingGroup, c.Diagnosis, c.NotLinked = odd, odd, odd, odd, odd
				c.Needs = append(c.Needs, odd)
				for j := range c.Candidates {
					c.Candidates[j].CarerID += odd
					c.Candidates[j].Explanation = odd
				}
				if l := c.Link; l != nil {
					l.CarerID += odd
					l.CarerAuthority, l.Why, l.Explanation = odd, odd, odd
					for j := range l.Components {
						l.Components[j].Name += odd
					}
					for j := range l.Warnings {
						l.Warnings[j].Stage, l.Warnings[j].What, l.Warnings[j].Why = odd, odd, odd
					}
				}
			}
			return m
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			v := newView(tc.model())
			var want, got bytes.Buffer
			if err := tmpl.Execute(&want, v); err != nil {
				t.Fatal(err)
			}
			bw := bufio.NewWriter(&got)
			for i := range v.Children {
				writeChild(childWriter{bw}, v, &v.Children[i])
			}
			if err := bw.Flush(); err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(got.Bytes(), want.Bytes()) {
				g, w := got.Bytes(), want.Bytes()
				i := 0
				for i < len(g) && i < len(w) && g[i] == w[i] {
					i++
				}
				t.Fatalf("differs at byte %d:\n got …%q\nwant …%q", i, g[max(0, i-80):min(len(g), i+80)], w[max(0, i-80):min(len(w), i+80)])
			}
			if len(v.Children) == 0 || want.Len() == 0 {
				t.Fatal("the fixture has no children's sections")
			}
		})
	}
}
