package geo

import (
	"slices"
	"strings"
	"testing"
)

func TestRows(t *testing.T) {
	b := loadCTYUA(t)
	g, err := b.NeighbourGraph(DefaultToleranceM)
	if err != nil {
		t.Fatal(err)
	}
	rows := g.Rows()
	if len(rows) != b.Len() {
		t.Fatalf("%d rows, want %d", len(rows), b.Len())
	}
	if !slices.IsSortedFunc(rows, func(x, y AuthorityRow) int { return strings.Compare(x.Authority, y.Authority) }) {
		t.Error("rows not sorted by name")
	}
	for _, r := range rows {
		if !slices.IsSorted(r.Neighbours) {
			t.Errorf("%s: neighbours not sorted", r.Authority)
		}
		if r.Authority == "Somerset" {
			want := []string{"Bath and North East Somerset", "Devon", "Dorset", "North Somerset", "Wiltshire"}
			if !slices.Equal(r.Neighbours, want) || r.Code != "E06000066" {
				t.Errorf("Somerset row = %+v", r)
			}
		}
	}
}
