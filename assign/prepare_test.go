package assign

import (
	"math/rand/v2"
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
