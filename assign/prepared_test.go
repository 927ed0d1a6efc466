package assign

import (
	"errors"
	"math/rand/v2"
	"reflect"
	"slices"
	"sync"
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

// TestSolvePinnedConcurrent: solves of one Prepared on several goroutines
// at once (as match's alternatives run), reusing each other's arrays,
// give what they give one at a time.
func TestSolvePinnedConcurrent(t *testing.T) {
	p := syntheticProblem(300, 600, 3, 20, 9)
	// Sibling groups, so that the solves branch: rows 2k+1 (k < 30) take
	// row 2k's columns and go with it.
	arcs := p.Arcs[:0:0]
	for _, a := range p.Arcs {
		if a.Row >= 60 || a.Row%2 == 0 {
			arcs = append(arcs, a)
		}
		if a.Row < 60 && a.Row%2 == 0 {
			arcs = append(arcs, Arc{Row: a.Row + 1, Col: a.Col, Weight: 10000 - a.Weight})
		}
	}
	p.Arcs = arcs
	for k := int32(0); k < 30; k++ {
		p.Groups = append(p.Groups, []int32{2 * k, 2*k + 1})
	}
	pp, err := Prepare(p)
	if err != nil {
		t.Fatal(err)
	}
	var pins [][]Pin
	for k := 0; k < len(p.Arcs) && len(pins) < 40; k += len(p.Arcs) / 40 {
		a := p.Arcs[k]
		if a.Row < 60 { // the whole group
			pins = append(pins, []Pin{{Row: a.Row &^ 1, Col: a.Col}, {Row: a.Row | 1, Col: a.Col}})
			continue
		}
		pins = append(pins, []Pin{{Row: a.Row, Col: a.Col}})
	}
	var want []*Result
	for _, pin := range pins {
		r, err := pp.SolvePinned(t.Context(), pin, Options{})
		if errors.Is(err, ErrBadProblem) {
			continue // a group pinned where it has no room
		}
		if err != nil {
			t.Fatal(err)
		}
		r.NodeTime = 0
		want, pins[len(want)] = append(want, r), pin
	}
	pins = pins[:len(want)]
	if len(want) < 25 {
		t.Fatalf("only %d pins could be solved", len(want))
	}
	got := make([]*Result, len(pins))
	errs := make([]error, len(pins))
	var wg sync.WaitGroup
	for w := 0; w < 4; w++ {
		wg.Go(func() {
			for i := w; i < len(pins); i += 4 {
				got[i], errs[i] = pp.SolvePinned(t.Context(), pins[i], Options{})
			}
		})
	}
	wg.Wait()
	for i := range pins {
		if errs[i] != nil {
			t.Fatal(errs[i])
		}
		got[i].NodeTime = 0
		if !reflect.DeepEqual(want[i], got[i]) {
			t.Fatalf("pin %v: alone %+v, beside others %+v", pins[i], want[i], got[i])
		}
	}
}

// TestPreparedSolveAsSolve: Prepared.Solve of the prepared problem, or of
// a copy with other places (as the greedy and stable solves a run compares
// with take the places the optimal solve lowered), gives exactly what
// Solve gives, in every mode, the solves running at once; some places
// leave a pin no room, which both refuse alike. A copy with other arcs is
// solved from scratch.
func TestPreparedSolveAsSolve(t *testing.T) {
	rng := rand.New(rand.NewPCG(15, 501))
	tried, bad := 0, 0
	for it := 0; it < 300; it++ {
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
		var qs []*Problem
		for k := 0; k < 3; k++ {
			q := *p
			if k > 0 {
				q.Places = slices.Clone(p.Places)
				for j := range q.Places {
					q.Places[j] = max(0, q.Places[j]-int32(rng.IntN(3)))
				}
			}
			qs = append(qs, &q)
		}
		if len(p.Arcs) > 1 {
			q := *p
			q.Arcs = p.Arcs[1:]
			qs = append(qs, &q)
		}
		for _, q := range qs {
			modes := []Mode{Optimal, Greedy, Stable}
			got, gotErr := make([]*Result, 3), make([]error, 3)
			var wg sync.WaitGroup
			for i, m := range modes {
				wg.Go(func() { got[i], gotErr[i] = pp.Solve(t.Context(), q, Options{Mode: m}) })
			}
			wg.Wait()
			for i, m := range modes {
				want, wantErr := Solve(t.Context(), q, Options{Mode: m})
				if (wantErr != nil) != (gotErr[i] != nil) || (wantErr != nil && wantErr.Error() != gotErr[i].Error()) {
					t.Fatalf("problem %d, %s: Solve's error %v, Prepared.Solve's %v", it, m, wantErr, gotErr[i])
				}
				if wantErr != nil {
					bad++
					continue
				}
				tried++
				want.NodeTime, got[i].NodeTime = 0, 0
				if !reflect.DeepEqual(want, got[i]) {
					t.Fatalf("problem %d, %s:\nSolve          %+v\nPrepared.Solve %+v", it, m, want, got[i])
				}
			}
		}
	}
	if tried < 1000 || bad < 10 {
		t.Fatalf("only %d solves compared and %d refusals: the test problems are too easy", tried, bad)
	}
}
