package assign

import (
	"context"
	"fmt"
	"math/rand/v2"
	"slices"
	"testing"
)

// plainNodeValue solves the node the relaxation holds again from nothing,
// on the same network, capacities and removed edges, with forward
// shortest-path searches only (no auction, no two-level start, no warm
// start), and returns its value with the fixed items'.
func plainNodeValue(t *testing.T, rx *relaxation) int64 {
	t.Helper()
	net := rx.net
	fs := newFlowSolver(net)
	copy(fs.off, rx.fs.off)
	for i := range net.rowCap {
		var best int64
		for e := net.rowStart[i]; e < net.rowStart[i+1]; e++ {
			if !fs.off[e] {
				best = max(best, net.edgeW[e])
			}
		}
		fs.u[i] = -best
	}
	for i := int32(0); int(i) < net.nRows(); i++ {
		for fs.spare(i) > 0 {
			fs.augmentThen(i, -1, nil)
		}
	}
	if err := invariantError(fs, true); err != nil {
		t.Fatalf("plain solve: %v", err)
	}
	return rx.fixed + fs.obj
}

// randomDecision returns a decision that is valid at the relaxation's
// node, or false when there is none to make.
func randomDecision(rng *rand.Rand, rx *relaxation) (decision, bool) {
	var live []int32
	for ii := range rx.pr.items {
		if !rx.gone[ii] {
			live = append(live, int32(ii))
		}
	}
	if len(live) == 0 {
		return decision{}, false
	}
	ii := live[rng.IntN(len(live))]
	it := &rx.pr.items[ii]
	cols, _ := rx.pr.options(it)
	var room []int32
	for _, j := range cols {
		if rx.places[j] >= it.size && !rx.forbid[[2]int32{ii, j}] {
			room = append(room, j)
		}
	}
	switch k := rng.IntN(3); {
	case k == 0 && len(room) > 0:
		return decision{ii, room[rng.IntN(len(room))], DecisionFix}, true
	case k == 1 && len(room) > 0:
		return decision{ii, room[rng.IntN(len(room))], DecisionForbid}, true
	}
	return decision{ii, -1, DecisionExclude}, true
}

// state is what undo must give back exactly.
func relaxState(rx *relaxation) string {
	s := rx.fs
	return fmt.Sprint(s.flow, s.u, s.v, s.rowDummy, s.colOut, s.off, rx.net.rowCap, rx.net.colCap,
		rx.places, rx.gone, rx.fixed, rx.decs, len(rx.forbid), s.obj)
}

// TestWarmStartAgainstScratch applies random decisions to solved random
// problems (with groups, rows of several units, pins, scarce places) one
// at a time, re-solving from the previous flow and potentials, and checks
// after each that every invariant holds and that the value is what a
// solve from nothing gives; then that undoing the journal gives back the
// starting state exactly.
func TestWarmStartAgainstScratch(t *testing.T) {
	rng := rand.New(rand.NewPCG(31, 32))
	ctx := context.Background()
	iters := 1500
	if testing.Short() {
		iters = 300
	}
	steps := 0
	for it := 0; it < iters; it++ {
		p := randomProblem(rng, 14, 6, true, it%2 == 0, it%3 == 0)
		if it%4 == 0 {
			p = scarceProblem(rng, 30, 8)
		}
		pr, err := prepare(p)
		if err != nil {
			continue
		}
		rx := newRelaxation(pr, newWeights(pr))
		if err := rx.solveRoot(ctx); err != nil {
			t.Fatal(err)
		}
		if err := invariantError(rx.fs, true); err != nil {
			t.Fatalf("case %d root: %v", it, err)
		}
		before := relaxState(rx)
		m := rx.mark()
		for k := rng.IntN(4); k >= 0; k-- {
			d, ok := randomDecision(rng, rx)
			if !ok {
				break
			}
			if err := rx.apply(d); err != nil {
				t.Fatal(err)
			}
			if err := rx.resolve(ctx); err != nil {
				t.Fatal(err)
			}
			steps++
			if err := invariantError(rx.fs, true); err != nil {
				t.Fatalf("case %d after %+v: %v", it, rx.decs, err)
			}
			if got, want := rx.value(), plainNodeValue(t, rx); got != want {
				t.Fatalf("case %d after %+v: warm value %d, from nothing %d", it, rx.decs, got, want)
			}
		}
		if !rx.undo(m) {
			t.Fatalf("case %d: the journal could not be undone", it)
		}
		if after := relaxState(rx); after != before {
			t.Fatalf("case %d: undo gave a different state", it)
		}
	}
	if steps < iters {
		t.Fatalf("only %d decisions tried", steps)
	}
}

// TestSnapshotRestore checks that restoring a snapshot gives back the
// same flow, value and decisions after other decisions were made.
func TestSnapshotRestore(t *testing.T) {
	rng := rand.New(rand.NewPCG(33, 34))
	ctx := context.Background()
	for it := 0; it < 300; it++ {
		p := randomProblem(rng, 12, 6, true, false, it%2 == 0)
		pr, err := prepare(p)
		if err != nil {
			continue
		}
		rx := newRelaxation(pr, newWeights(pr))
		if err := rx.solveRoot(ctx); err != nil {
			t.Fatal(err)
		}
		d, ok := randomDecision(rng, rx)
		if !ok {
			continue
		}
		if err := rx.apply(d); err != nil {
			t.Fatal(err)
		}
		if err := rx.resolve(ctx); err != nil {
			t.Fatal(err)
		}
		sn := rx.snapshot(rx.value())
		want := relaxState(rx)
		if d, ok := randomDecision(rng, rx); ok {
			if err := rx.apply(d); err != nil {
				t.Fatal(err)
			}
			if err := rx.resolve(ctx); err != nil {
				t.Fatal(err)
			}
		}
		if err := rx.restore(ctx, sn); err != nil {
			t.Fatal(err)
		}
		if got := relaxState(rx); got != want {
			t.Fatalf("case %d: restored state differs", it)
		}
		if !slices.Equal(rx.decs, sn.decs) || rx.value() != sn.value {
			t.Fatalf("case %d: restored decisions or value differ", it)
		}
	}
}
