package assign

import (
	"math"
	"math/rand/v2"
	"sort"
	"testing"
)

// TestRankedAsStableSort: ranking an item's options as proposals ask for
// them (ranked.at, a quickselect a chunk at a time) gives, rank by rank,
// the order of a stable sort by weight, best first, that solveStable used
// to make of every list in full — with many ties, and lists of every
// length around the chunk sizes; by keys (rankKeys) where the weights
// allow, and not.
func TestRankedAsStableSort(t *testing.T) {
	rng := rand.New(rand.NewPCG(15, 7))
	for trial := range 2000 {
		n := rng.IntN(300)
		if trial%4 == 0 {
			n = rng.IntN(40)
		}
		ws := make([]int64, n)
		spread := 1 + rng.IntN(20) // small spreads give many ties
		var base int64             // some trials rank by keys (weights 0..2³²−1), some not
		switch trial % 3 {
		case 1:
			base = int64(spread / 2)
		case 2:
			base = math.MaxUint32 - int64(rng.IntN(spread)) // sometimes just over
		}
		for i := range ws {
			ws[i] = base + int64(rng.IntN(spread)) - int64(spread/2)
		}
		want := make([]int32, n)
		for i := range want {
			want[i] = int32(i)
		}
		sort.SliceStable(want, func(a, b int) bool { return ws[want[a]] > ws[want[b]] })
		list := make([]int32, n)
		for i := range list {
			list[i] = int32(i)
		}
		var keys []uint64
		r := ranked{list: list, ws: ws, keys: &keys}
		if trial%5 == 0 {
			r.keys = nil
		}
		asked := n
		if trial%2 == 0 {
			asked = rng.IntN(n + 1) // a row placed early asks for a few only
		}
		for i := range asked {
			if got := r.at(i); got != want[i] {
				t.Fatalf("trial %d (%d options, weights %v): rank %d is option %d, want %d", trial, n, ws, i, got, want[i])
			}
		}
	}
}
