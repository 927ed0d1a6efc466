package match

import (
	"cmp"
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/linkmatch/linkmatch/assign"
)

// closedCarersByMaps is closedCarers as it was written first, with a map
// per child and a full sort: the reference its arrays must agree with.
func closedCarersByMaps(p *Problem, unplaced []assign.Unplaced) (closed []int, eligible [][]int32) {
	left := append([]int32(nil), p.Solver.Places...)
	for _, pin := range p.Solver.Pins {
		left[pin.Col]--
	}
	groupOf := map[int32]int{}
	for g, rows := range p.Solver.Groups {
		for _, r := range rows {
			groupOf[r] = g
		}
	}
	for _, u := range unplaced {
		rows := []int32{u.Row}
		if g, ok := groupOf[u.Row]; ok {
			rows = p.Solver.Groups[g]
		}
		seen := map[int32]int{}
		weight := map[int32]int64{}
		for _, a := range p.Solver.Arcs {
			if slices.Contains(rows, a.Row) {
				seen[a.Col]++
			}
			if a.Row == u.Row {
				weight[a.Col] = a.Weight
			}
		}
		var cols []int32
		n := 0
		for c, k := range seen {
			if k == len(rows) {
				cols = append(cols, c)
				if left[c] <= 0 {
					n++
				}
			}
		}
		slices.SortFunc(cols, func(x, y int32) int {
			if weight[x] != weight[y] {
				return cmp.Compare(weight[y], weight[x])
			}
			return cmp.Compare(x, y)
		})
		closed, eligible = append(closed, n), append(eligible, cols)
	}
	return closed, eligible
}

// TestClosedCarersAgainstMaps: on random problems with sibling groups,
// pins, carers full from the start and tied scores, closedCarers counts
// the same closed carers, lists the same eligible ones and names the same
// best maxNamed first as the reference.
func TestClosedCarersAgainstMaps(t *testing.T) {
	rng := rand.New(rand.NewPCG(15, 3))
	for it := range 300 {
		rows, cols := 1+rng.IntN(12), 1+rng.IntN(8)
		p := &Problem{Solver: assign.Problem{Rows: rows, Places: make([]int32, cols)}}
		for j := range p.Solver.Places {
			p.Solver.Places[j] = int32(rng.IntN(3))
		}
		for i := range rows {
			for j := range cols {
				if rng.IntN(3) > 0 {
					p.Solver.Arcs = append(p.Solver.Arcs, assign.Arc{Row: int32(i), Col: int32(j), Weight: int64(rng.IntN(4))})
				}
			}
		}
		rng.Shuffle(len(p.Solver.Arcs), func(x, y int) { p.Solver.Arcs[x], p.Solver.Arcs[y] = p.Solver.Arcs[y], p.Solver.Arcs[x] })
		if rows >= 4 && rng.IntN(2) == 0 {
			p.Solver.Groups = [][]int32{{0, 1}, {2, 3}}
		}
		if len(p.Solver.Arcs) > 0 && rng.IntN(3) == 0 {
			a := p.Solver.Arcs[rng.IntN(len(p.Solver.Arcs))]
			p.Solver.Pins = []assign.Pin{{Row: a.Row, Col: a.Col}}
		}
		var unplaced []assign.Unplaced
		for i := range rows {
			if rng.IntN(2) == 0 {
				unplaced = append(unplaced, assign.Unplaced{Row: int32(i), Units: 1})
			}
		}
		closed, eligible := p.closedCarers(unplaced)
		wantClosed, wantEligible := closedCarersByMaps(p, unplaced)
		for k, u := range unplaced {
			got, want := eligible[k], wantEligible[k]
			named := min(maxNamed, len(want))
			if closed[k] != wantClosed[k] || len(got) != len(want) || !slices.Equal(got[:min(named, len(got))], want[:named]) {
				t.Fatalf("case %d, row %d: closed %d, eligible %v; want closed %d, eligible %v (best %d first)\n%+v",
					it, u.Row, closed[k], got, wantClosed[k], want, named, p.Solver)
			}
			sorted := slices.Sorted(slices.Values(got))
			if !slices.Equal(sorted, slices.Sorted(slices.Values(want))) {
				t.Fatalf("case %d, row %d: eligible %v, want %v", it, u.Row, got, want)
			}
		}
	}
}
