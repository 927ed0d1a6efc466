package match

import (
	"math"
	"math/rand/v2"
	"reflect"
	"testing"

	"github.com/linkmatch/linkmatch/assign"
)

// TestSetArcsMatchesAddArc checks that setArcs, on 1, 2 or 3 workers, gives
// the arcs, scores and largest groups per column of adding the pairs one by
// one (addArc, and a pass over the arcs for the groups), as BuildProblem
// did before.
func TestSetArcsMatchesAddArc(t *testing.T) {
	rng := rand.New(rand.NewPCG(15, 3))
	withScores := 0 // cases where some score needs Problem.Scores
	for it := 0; it < 300; it++ {
		rows, cols := 1+rng.IntN(12), 1+rng.IntN(9)
		childRow, carerCol := rng.Perm(rows), rng.Perm(cols)
		groupSize := make([]int32, rows)
		for r := range groupSize {
			if rng.IntN(3) == 0 {
				groupSize[r] = int32(1 + rng.IntN(4))
			}
		}
		var pairs []ScoredPair
		for c := 0; c < rows; c++ {
			for k := 0; k < cols; k++ {
				if rng.IntN(3) > 0 {
					continue
				}
				s := float32(rng.Float64() * 100)
				if it%10 == 0 && rng.IntN(4) == 0 {
					s = float32(rng.Float64() * 1e17) // some have more than two decimals as a float64
				}
				pairs = append(pairs, ScoredPair{Child: int32(c), Carer: int32(k), Score: s})
			}
		}
		ci, ki := int32s(childRow), int32s(carerCol)
		want := &Problem{}
		wantLargest := make([]int32, cols)
		for _, pr := range pairs {
			want.addArc(ci[pr.Child], ki[pr.Carer], math.Round(float64(pr.Score)*100)/100)
		}
		for _, a := range want.Solver.Arcs {
			if g := groupSize[a.Row]; g > 0 {
				wantLargest[a.Col] = max(wantLargest[a.Col], g)
			}
		}
		if want.Solver.Arcs == nil {
			want.Solver.Arcs = []assign.Arc{}
		}
		if want.Scores != nil {
			withScores++
		}
		for w := 1; w <= 3; w++ {
			got := &Problem{}
			largest := got.setArcs(pairs, ci, ki, groupSize, w)
			if !reflect.DeepEqual(got.Solver.Arcs, want.Solver.Arcs) || !reflect.DeepEqual(got.Scores, want.Scores) ||
				!reflect.DeepEqual(largest, wantLargest) {
				t.Fatalf("case %d, %d workers: setArcs differs from addArc", it, w)
			}
		}
	}
	if withScores == 0 {
		t.Fatal("no case needed Problem.Scores: the test misses that path")
	}
}

func int32s(xs []int) []int32 {
	out := make([]int32, len(xs))
	for i, x := range xs {
		out[i] = int32(x)
	}
	return out
}
