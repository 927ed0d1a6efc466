package report

import (
	"bytes"
	"strings"
	"testing"
)

// TestWhereTheHomeIs: a child's line names where the home is (its point in
// the boundaries), not only the council responsible; both when they differ,
// and only the council when the home's authority is not known.
func TestWhereTheHomeIs(t *testing.T) {
	for _, tc := range []struct {
		name, placedBy, in, want, never string
	}{
		{"same", "Westshire", "Westshire", "living in a home in Westshire;", "placed by"},
		{"out of area", "Westshire", "Devon", "placed by Westshire, in a home in Devon;", "in a home in Westshire"},
		{"not known", "Westshire", "", "in a home, placed by Westshire;", "in a home in"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			m := fixtureModel()
			m.Children[0].HomeAuthority, m.Children[0].HomeIn = tc.placedBy, tc.in
			var b bytes.Buffer
			if err := WriteHTML(&b, m); err != nil {
				t.Fatal(err)
			}
			var line string
			page := b.String()
			i := strings.Index(page, `id="child-1"`)
			j := strings.Index(page[i:], "complexity")
			line = page[i : i+j]
			if !strings.Contains(line, tc.want) || strings.Contains(line, tc.never) {
				t.Errorf("child line %q, want %q and never %q", line, tc.want, tc.never)
			}
		})
	}
}
