package match

import (
	"math/rand/v2"
	"slices"
	"testing"
)

// TestPrepareGroupedMatchesRadix checks that the grouped fast path of
// prepare (input listing children in order) gives exactly the arrays of the
// general radix sort.
func TestPrepareGroupedMatchesRadix(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 8))
	for it := 0; it < 300; it++ {
		p := randomProblem(rng, 12, 9, false, false)
		slices.SortStableFunc(p.Candidates, func(a, b Candidate) int { return int(a.Child - b.Child) })
		grouped, err := prepare(p)
		if err != nil {
			t.Fatal(err)
		}
		// Reverse the children's order so the radix path runs.
		q := *p
		q.Candidates = slices.Clone(p.Candidates)
		slices.Reverse(q.Candidates)
		if len(q.Candidates) > 1 && q.Candidates[0].Child == q.Candidates[len(q.Candidates)-1].Child {
			continue
		}
		radix, err := prepare(&q)
		if err != nil {
			t.Fatal(err)
		}
		if !slices.Equal(grouped.candCarer, radix.candCarer) || !slices.Equal(grouped.candScore, radix.candScore) ||
			!slices.Equal(grouped.candRaw, radix.candRaw) || !slices.Equal(grouped.start, radix.start) {
			t.Fatalf("case %d: grouped and radix prepare differ", it)
		}
	}
}
