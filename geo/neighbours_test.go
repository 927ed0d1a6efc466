package geo

import (
	"errors"
	"math"
	"slices"
	"strings"
	"testing"
)

func names(b *Boundaries, idx []int) []string {
	out := make([]string, len(idx))
	for k, i := range idx {
		out[k] = b.Name(i)
	}
	slices.Sort(out)
	return out
}

func TestNeighboursSomerset(t *testing.T) {
	b := loadCTYUA(t)
	g, err := b.NeighbourGraph(DefaultToleranceM)
	if err != nil {
		t.Fatal(err)
	}
	som, _ := b.Index("Somerset")
	want := []string{"Bath and North East Somerset", "Devon", "Dorset", "North Somerset", "Wiltshire"}
	if got := names(b, g.adj[som]); !slices.Equal(got, want) {
		t.Errorf("Somerset neighbours = %q, want %q", got, want)
	}
	bristol, _ := b.Index("Bristol, City of")
	if adjacent(g, som, bristol) {
		t.Error("Bristol does not touch Somerset")
	}
	if s, ok := g.Steps(som, bristol); !ok || s != 2 {
		t.Errorf("Steps(Somerset, Bristol) = %d, %v; want 2 (via North Somerset or Bath)", s, ok)
	}
}

func TestNeighboursKnownPairs(t *testing.T) {
	b := loadCTYUA(t)
	g, err := b.NeighbourGraph(DefaultToleranceM)
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		a, b     string
		adjacent bool
	}{
		{"Surrey", "Hampshire", true},
		{"Surrey", "Greater London boroughs are separate: Croydon", true},
		{"Devon", "Cornwall", true},
		{"Devon", "Plymouth", true},
		{"Cornwall", "Isles of Scilly", false},
		{"Bristol, City of", "South Gloucestershire", true},
		{"Bristol, City of", "North Somerset", true},
		{"Northumberland", "Cornwall", false},
		{"City of London", "Westminster", true},
	}
	for _, tt := range tests {
		bn := tt.b
		if i := strings.LastIndex(bn, ": "); i >= 0 {
			bn = bn[i+2:]
		}
		t.Run(tt.a+"/"+bn, func(t *testing.T) {
			i, ok1 := b.Index(tt.a)
			j, ok2 := b.Index(bn)
			if !ok1 || !ok2 {
				t.Fatalf("unknown authority %q or %q", tt.a, bn)
			}
			if adjacent(g, i, j) != tt.adjacent {
				t.Errorf("Adjacent = %v, want %v", !tt.adjacent, tt.adjacent)
			}
		})
	}
}

// TestNeighboursInvariants checks symmetry, irreflexivity, step-matrix
// consistency and that every mainland authority has a neighbour, at
// several tolerances.
func TestNeighboursInvariants(t *testing.T) {
	b := loadCTYUA(t)
	scilly, _ := b.Index("Isles of Scilly")
	wight, _ := b.Index("Isle of Wight")
	for _, tol := range []float64{0, 10, DefaultToleranceM, 500} {
		g, err := b.NeighbourGraph(tol)
		if err != nil {
			t.Fatal(err)
		}
		pairs := 0
		for i := 0; i < b.Len(); i++ {
			if !slices.IsSorted(g.adj[i]) {
				t.Errorf("tol %v: neighbours of %s not sorted", tol, b.Name(i))
			}
			if i != scilly && i != wight && tol >= 10 && len(g.adj[i]) == 0 {
				t.Errorf("tol %v: %s has no neighbours", tol, b.Name(i))
			}
			for _, j := range g.adj[i] {
				pairs++
				if j == i {
					t.Errorf("tol %v: %s is its own neighbour", tol, b.Name(i))
				}
				if !adjacent(g, j, i) {
					t.Errorf("tol %v: %s → %s but not back", tol, b.Name(i), b.Name(j))
				}
			}
			for j := 0; j < b.Len(); j++ {
				s1, _ := g.Steps(i, j)
				s2, _ := g.Steps(j, i)
				if s1 != s2 || (s1 == 1) != adjacent(g, i, j) || (s1 == 0) != (i == j) {
					t.Fatalf("tol %v: steps %s↔%s = %d/%d, adjacent %v", tol, b.Name(i), b.Name(j), s1, s2, adjacent(g, i, j))
				}
			}
		}
		t.Logf("tolerance %g m: %d neighbour pairs", tol, pairs/2)
	}
}

func TestNeighbourGraphTolerance(t *testing.T) {
	b := loadCTYUA(t)
	for _, tol := range []float64{-1, math.NaN(), math.Inf(1)} {
		if _, err := b.NeighbourGraph(tol); !errors.Is(err, ErrInvalidTolerance) {
			t.Errorf("NeighbourGraph(%v) error = %v, want ErrInvalidTolerance", tol, err)
		}
	}
}

func TestNeighboursGap(t *testing.T) {
	// Two squares 1° apart in longitude at the equator with a 50 m gap
	// (0.00045°) between them, and a third far away.
	gap := 50 / metresPerDegree
	sq := func(x0 float64) string {
		return "[[[" + ftoa(x0) + ",0],[" + ftoa(x0+1) + ",0],[" + ftoa(x0+1) + ",1],[" + ftoa(x0) + ",1],[" + ftoa(x0) + ",0]]]"
	}
	in := collection(feature(`"West"`, "Polygon", sq(0)), feature(`"East"`, "Polygon", sq(1+gap)), feature(`"Far"`, "Polygon", sq(5)))
	b, err := LoadBoundaries(strings.NewReader(in), LoadOptions{})
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		tol  float64
		want bool
	}{{40, false}, {49, false}, {51, true}, {100, true}}
	for _, tt := range tests {
		g, err := b.NeighbourGraph(tt.tol)
		if err != nil {
			t.Fatal(err)
		}
		if adjacent(g, 0, 1) != tt.want || adjacent(g, 1, 0) != tt.want || adjacent(g, 0, 2) {
			t.Errorf("tolerance %v m: West–East adjacent = %v, want %v", tt.tol, adjacent(g, 0, 1), tt.want)
		}
		if s, ok := g.Steps(0, 2); ok || s != -1 {
			t.Errorf("Steps to Far = %d, %v; want unreachable", s, ok)
		}
	}
}

// TestStepsBetweenPoints locates a carer's and a child's home and counts
// the borders between their authorities, as the scorer does through the
// authority names: 0 same, 1 neighbour, 2 or more distant; a point at sea
// is in no authority, and the Isles of Scilly are reached by no chain of
// neighbours.
func TestStepsBetweenPoints(t *testing.T) {
	b := loadCTYUA(t)
	g, err := b.NeighbourGraph(DefaultToleranceM)
	if err != nil {
		t.Fatal(err)
	}
	taunton, exeter := LatLon(51.0150, -3.1030), LatLon(50.7184, -3.5339)
	bristol, bath := LatLon(51.4545, -2.5879), LatLon(51.3811, -2.3590)
	sea := LatLon(50.3, -1.5)
	scilly := LatLon(49.9150, -6.3130)
	tests := []struct {
		name         string
		carer, child Point
		located      bool
		steps        int
		reachable    bool
	}{
		{"same", taunton, LatLon(51.1, -3.0), true, 0, true},
		{"neighbour", taunton, exeter, true, 1, true},
		{"distant", taunton, bristol, true, 2, true},
		{"neighbour Bath–Bristol", bath, bristol, true, 1, true},
		{"carer at sea", sea, taunton, false, 0, false},
		{"child at sea", taunton, sea, false, 0, false},
		{"across the sea", scilly, taunton, true, -1, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			i, ok1 := b.Locate(tt.carer)
			j, ok2 := b.Locate(tt.child)
			if located := ok1 && ok2; located != tt.located {
				t.Fatalf("located = %v, want %v", located, tt.located)
			}
			if !tt.located {
				return
			}
			if s, ok := g.Steps(i, j); s != tt.steps || ok != tt.reachable {
				t.Errorf("Steps(%s, %s) = %d, %v; want %d, %v", b.Name(i), b.Name(j), s, ok, tt.steps, tt.reachable)
			}
		})
	}
}

// adjacent reports whether authorities i and j share a border, from the
// neighbour lists (the step matrix is checked against it above).
func adjacent(g *Graph, i, j int) bool {
	_, found := slices.BinarySearch(g.adj[i], j)
	return found
}
