package assign

import (
	"errors"
	"math/rand/v2"
	"reflect"
	"testing"
)

// TestSolvePinnedAsSolve: solving a prepared problem with other pins gives
// exactly what Solve gives for a copy of the problem with those pins —
// assignments, totals, unplaced rows, bound, rounds and lowered places,
// the certificate — on random problems with groups, units, pins of their
// own and slots; the pins tried pin a whole group or one row, and some
// are bad (no arc, no room, a group in part), which both refuse alike.
// Solves of one Prepared with different pins do not affect each other.
func TestSolvePinnedAsSolve(t *testing.T) {
	rng := rand.New(rand.NewPCG(15, 500))
	tried, bad := 0, 0
	for it := 0; it < 400; it++ {
		var p *Problem
		if it%2 == 0 {
			p = slotProblem(rng, it%4 == 0)
		} else {
			p = randomProblem(rng, 9, 5, true, it%3 == 0, it%5 == 0)
		}
		pp, err := Prepare(p)
		if err != nil {
			continue
		}
		for k := 0; k < 3 && len(p.Arcs) > 0; k++ {
			a := p.Arcs[rng.IntN(len(p.Arcs))]
			rows := []int32{a.Row}
			for _, g := range p.Groups {
				for _, r := range g {
					if r == a.Row && rng.IntN(4) > 0 { // sometimes only one row of its group: bad
						rows = g
					}
				}
			}
			pins := append([]Pin(nil), p.Pins...)
			for _, r := range rows {
				pins = append(pins, Pin{Row: r, Col: a.Col})
			}
			q := *p
			q.Pins = pins
			want, wantErr := Solve(t.Context(), &q, Options{})
			got, gotErr := pp.SolvePinned(t.Context(), pins, Options{})
			if (wantErr != nil) != (gotErr != nil) || (wantErr != nil && errors.Is(wantErr, ErrBadProblem) != errors.Is(gotErr, ErrBadProblem)) {
				t.Fatalf("problem %d, pins %v: Solve's error %v, SolvePinned's %v", it, pins, wantErr, gotErr)
			}
			if wantErr != nil {
				bad++
				continue
			}
			tried++
			want.NodeTime, got.NodeTime = 0, 0
			if !reflect.DeepEqual(want, got) {
				t.Fatalf("problem %d, pins %v:\nSolve       %+v\nSolvePinned %+v", it, pins, want, got)
			}
		}
		// The Prepared itself still solves the problem as Solve does.
		want, err := Solve(t.Context(), p, Options{})
		if err != nil {
			t.Fatal(err)
		}
		got, err := pp.SolvePinned(t.Context(), p.Pins, Options{})
		if err != nil {
			t.Fatal(err)
		}
		want.NodeTime, got.NodeTime = 0, 0
		if !reflect.DeepEqual(want, got) {
			t.Fatalf("problem %d, its own pins:\nSolve       %+v\nSolvePinned %+v", it, want, got)
		}
	}
	if tried < 200 || bad < 20 {
		t.Fatalf("only %d pinned solves compared and %d refusals: the test problems are too easy", tried, bad)
	}
}
