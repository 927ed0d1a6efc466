package report

import (
	"bytes"
	"fmt"
	"html/template"
	"strings"
	"testing"
)

// TestSectionsAnyWorkers: the page is the same bytes whether its
// children's sections are written in turn or in parts on 2 or 3
// goroutines, with a handful of children and with several chunks' worth
// (and a part chunk), and the same as the page with every chart laid out
// first (newView).
func TestSectionsAnyWorkers(t *testing.T) {
	head, tail, _ := strings.Cut(pageTemplate, childrenMarker)
	var parts [2]*template.Template
	for i, text := range [2]string{head, tail} {
		parts[i] = template.Must(template.New("page").Funcs(funcs).Parse(text))
	}
	for _, n := range []int{1, 3*sectionChunk + 5} {
		m := fixtureModel()
		base := m.Children
		m.Children = nil
		for i := range n {
			c := base[i%len(base)]
			c.ID = fmt.Sprintf("%s-%03d", c.ID, i)
			m.Children = append(m.Children, c)
		}
		var want bytes.Buffer
		if err := writePage(&want, parts, newView(m), 1); err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(want.String(), "<svg") || strings.Count(want.String(), `<section class="child"`) != n {
			t.Fatalf("%d children: the page lacks their sections or charts", n)
		}
		for _, workers := range []int{1, 2, 3} {
			var got bytes.Buffer
			if err := writePage(&got, parts, newPageView(m), workers); err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(got.Bytes(), want.Bytes()) {
				t.Fatalf("%d children, %d workers: the page differs from the one written in turn", n, workers)
			}
		}
	}
}

// TestSectionsStop: a page whose head fails stops the workers (the race
// detector and the test's end would show one left running).
func TestSectionsStop(t *testing.T) {
	m := fixtureModel()
	bad := template.Must(template.New("page").Parse("{{.NoSuchField}}"))
	if err := writePage(&bytes.Buffer{}, [2]*template.Template{bad, bad}, newPageView(m), 2); err == nil {
		t.Fatal("no error from a head that cannot be written")
	}
}
