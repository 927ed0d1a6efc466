package plan

import (
	"cmp"
	"context"
	"math/rand/v2"
	"runtime"
	"slices"
	"testing"
)

// withProcs runs f with GOMAXPROCS set to n.
func withProcs(n int, f func()) {
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(n))
	f()
}

// TestSortPartsAsSortFunc: sorting in parts and merging gives the order
// one sort gives, for two and three parts (an odd run left to the next
// round) and for one.
func TestSortPartsAsSortFunc(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 1))
	in := make([]int, 3*minPart+17)
	for i := range in {
		in[i] = rng.IntN(1000) // many ties
	}
	want := slices.Clone(in)
	slices.Sort(want)
	for _, procs := range []int{1, 2, 3} {
		withProcs(procs, func() {
			got := sortParts(slices.Clone(in), cmp.Compare[int])
			if !slices.Equal(got, want) {
				t.Errorf("GOMAXPROCS %d: sortParts differs from slices.Sort", procs)
			}
		})
	}
}

// TestPlanSameOnAnyCores: the timeline, row ids included, is the same
// whether it is collected and numbered on one core or several.
func TestPlanSameOnAnyCores(t *testing.T) {
	links := genLinks(42, 400) // well over minPart rows, so parts are used
	var runs [][]string
	for _, procs := range []int{1, 2, 3} {
		withProcs(procs, func() {
			got, err := sessionsOf(newTestPlanner(t, Options{}).PlanAll(context.Background(), links))
			if err != nil {
				t.Fatal(err)
			}
			if len(got) < 2*minPart {
				t.Fatalf("only %d rows: too few to be collected in parts", len(got))
			}
			rows := make([]string, len(got))
			for i := range got {
				s := &got[i]
				rows[i] = s.RowID + "|" + s.LinkID + "|" + s.Date.String() + "|" + s.Start.String() + "|" + s.Activity
			}
			runs = append(runs, rows)
		})
	}
	for k := 1; k < len(runs); k++ {
		if !slices.Equal(runs[0], runs[k]) {
			t.Errorf("the timeline on %d cores differs from the one on 1", k+1)
		}
	}
}
