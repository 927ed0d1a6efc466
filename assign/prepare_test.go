package assign

import (
	"math/rand/v2"
	"reflect"
	"slices"
	"testing"
)

// TestPrepareGroupedMatchesRadix checks that the grouped fast path of
// prepare (arcs listing rows in order) gives exactly the arrays of the
// general radix sort.
func TestPrepareGroupedMatchesRadix(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 8))
	for it := 0; it < 300; it++ {
		p := randomProblem(rng, 12, 9, false, false, false)
		slices.SortStableFunc(p.Arcs, func(a, b Arc) int { return int(a.Row - b.Row) })
		grouped, err := prepare(p)
		if err != nil {
			t.Fatal(err)
		}
		// Reverse the rows' order so the radix path runs.
		q := *p
		q.Arcs = slices.Clone(p.Arcs)
		slices.Reverse(q.Arcs)
		if len(q.Arcs) > 1 && q.Arcs[0].Row == q.Arcs[len(q.Arcs)-1].Row {
			continue
		}
		radix, err := prepare(&q)
		if err != nil {
			t.Fatal(err)
		}
		// The arcs' indices differ (q lists them backwards); what they
		// point at must not.
		for k, x := range radix.candArc {
			radix.candArc[k] = int32(len(q.Arcs)-1) - x
		}
		if !slices.Equal(grouped.candCol, radix.candCol) || !slices.Equal(grouped.candW, radix.candW) ||
			!slices.Equal(grouped.candArc, radix.candArc) || !slices.Equal(grouped.start, radix.start) {
			t.Fatalf("case %d: grouped and radix prepare differ", it)
		}
	}
}

// TestPrepareWorkersAgree checks that preparing the arcs on 1, 2 or 3
// workers gives the same preparation, or the same error, on random
// problems: arcs grouped by row and not, with bad arcs and duplicates.
func TestPrepareWorkersAgree(t *testing.T) {
	rng := rand.New(rand.NewPCG(15, 2))
	for it := 0; it < 600; it++ {
		p := randomProblem(rng, 14, 9, it%2 == 0, it%3 == 0, it%5 == 0)
		if it%4 < 2 {
			slices.SortStableFunc(p.Arcs, func(a, b Arc) int { return int(a.Row - b.Row) })
		}
		if it%6 == 5 {
			p.MaxWeight = 0 // the largest weight per unit, worked out
		}
		if len(p.Arcs) > 0 && it%7 == 0 {
			// Spoil an arc: a duplicate, out of range, negative or too heavy.
			x, y := rng.IntN(len(p.Arcs)), rng.IntN(len(p.Arcs))
			switch rng.IntN(4) {
			case 0:
				p.Arcs[x].Col = p.Arcs[y].Col
				p.Arcs[x].Row = p.Arcs[y].Row
			case 1:
				p.Arcs[x].Col = int32(len(p.Places))
			case 2:
				p.Arcs[x].Weight = -1
			case 3:
				p.Arcs[x].Weight = p.MaxWeight*4 + 1
			}
		}
		one, err1 := prepareOn(p, 1)
		for _, w := range []int{2, 3} {
			got, err := prepareOn(p, w)
			if (err == nil) != (err1 == nil) || err != nil && err.Error() != err1.Error() {
				t.Fatalf("case %d, %d workers: error %v, one worker: %v", it, w, err, err1)
			}
			if err == nil && !reflect.DeepEqual(got, one) {
				t.Fatalf("case %d: %d workers prepare differently from one", it, w)
			}
		}
	}
}

// TestBuildNetWorkersAgree checks that building the flow network on 1, 2
// or 3 workers gives the same network, with cores and without.
func TestBuildNetWorkersAgree(t *testing.T) {
	rng := rand.New(rand.NewPCG(15, 4))
	for it := 0; it < 400; it++ {
		p := randomProblem(rng, 14, 9, it%2 == 0, it%3 == 0, it%5 == 0)
		pr, err := prepare(p)
		if err != nil {
			continue
		}
		limit := make([]int32, len(pr.items))
		for i := range limit {
			if it%2 == 0 && rng.IntN(2) == 0 {
				limit[i] = int32(1 + rng.IntN(4))
			}
		}
		wt := newWeights(pr)
		one, out1 := buildNetOn(pr, wt, limit, 1)
		for _, w := range []int{2, 3} {
			got, out := buildNetOn(pr, wt, limit, w)
			if !reflect.DeepEqual(got, one) || !reflect.DeepEqual(out, out1) {
				t.Fatalf("case %d: %d workers build another network than one:\n%+v\n%+v", it, w, got, one)
			}
		}
	}
}
