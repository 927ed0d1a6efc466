package match

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"testing"
)

// randomProblem makes a small instance with ties, zero scores, full carers,
// children without pairs, sibling groups and pinned links.
func randomProblem(rng *rand.Rand, maxChildren, maxCarers int, groups, pins bool) *SolveProblem {
	n, m := rng.IntN(maxChildren+1), rng.IntN(maxCarers+1)
	p := &SolveProblem{}
	for i := 0; i < n; i++ {
		p.ChildIDs = append(p.ChildIDs, fmt.Sprintf("C%02d", (i*7)%97)) // IDs not in index order
	}
	for j := 0; j < m; j++ {
		p.CarerIDs = append(p.CarerIDs, fmt.Sprintf("K%02d", (j*5)%89))
		p.Places = append(p.Places, int32(rng.IntN(4)))
	}
	scores := []float64{0, 0, 50, 50, 100, 12.34, 99.99, 75.5}
	density := rng.Float64()
	for i := 0; i < n; i++ {
		for j := 0; j < m; j++ {
			if rng.Float64() < density {
				s := scores[rng.IntN(len(scores))]
				if rng.IntN(3) == 0 {
					s = float64(rng.IntN(10001)) / 100
				}
				p.Candidates = append(p.Candidates, Candidate{Child: int32(i), Carer: int32(j), Score: s})
			}
		}
	}
	rng.Shuffle(len(p.Candidates), func(a, b int) { p.Candidates[a], p.Candidates[b] = p.Candidates[b], p.Candidates[a] })
	used := make([]bool, n)
	if groups && n >= 2 {
		for g := rng.IntN(3); g > 0; g-- {
			a, b := rng.IntN(n), rng.IntN(n)
			if a == b || used[a] || used[b] {
				continue
			}
			used[a], used[b] = true, true
			mem := []int32{int32(a), int32(b)}
			if c := rng.IntN(n); !used[c] && rng.IntN(2) == 0 {
				used[c] = true
				mem = append(mem, int32(c))
			}
			p.SiblingGroups = append(p.SiblingGroups, mem)
		}
	}
	if pins && len(p.Candidates) > 0 {
		c := p.Candidates[rng.IntN(len(p.Candidates))]
		if !used[c.Child] && p.Places[c.Carer] > 0 {
			p.Pinned = append(p.Pinned, Pin{Child: c.Child, Carer: c.Carer})
		}
	}
	return p
}

// bruteForce enumerates every feasible choice of units and returns the best
// (links, scaled score) lexicographically. It shares nothing with the flow
// solver except prepare's grouping of pairs.
func bruteForce(t *testing.T, p *SolveProblem) (int, int64) {
	pr, err := prepare(p)
	if err != nil {
		t.Fatal(err)
	}
	left := append([]int32(nil), pr.places...)
	bestL, bestS := -1, int64(-1)
	var rec func(ui, links int, score int64)
	rec = func(ui, links int, score int64) {
		if ui == len(pr.units) {
			if links > bestL || (links == bestL && score > bestS) {
				bestL, bestS = links, score
			}
			return
		}
		rec(ui+1, links, score)
		u := &pr.units[ui]
		carers, scores := pr.options(u)
		for x, j := range carers {
			if left[j] >= u.size() {
				left[j] -= u.size()
				rec(ui+1, links+int(u.size()), score+scores[x])
				left[j] += u.size()
			}
		}
	}
	rec(0, 0, 0)
	for c, j := range pr.pinned {
		if j >= 0 {
			bestL++
			bestS += pr.candScore[pr.candIndex(int32(c), j)]
		}
	}
	return bestL, bestS
}

func TestOptimalAgainstBruteForce(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	ctx := context.Background()
	iters := 4000
	if testing.Short() {
		iters = 500
	}
	for it := 0; it < iters; it++ {
		p := randomProblem(rng, 7, 4, it%2 == 0, it%3 == 0)
		if _, err := prepare(p); err != nil {
			continue // e.g. a pinned child whose sibling is not pinned
		}
		res, err := Solve(ctx, p, SolveOptions{})
		if err != nil {
			t.Fatalf("case %d: %v", it, err)
		}
		if err := CheckOptimal(p, res); err != nil {
			t.Fatalf("case %d: %v\n%+v", it, err, p)
		}
		if !res.Proven {
			t.Fatalf("case %d: not proven", it)
		}
		wl, ws := bruteForce(t, p)
		if res.Linked != wl || res.ScaledTotal != ws {
			t.Fatalf("case %d: got %d links %d score, brute force %d links %d score\n%+v\n%+v", it, res.Linked, res.ScaledTotal, wl, ws, p, res.Assignments)
		}
		for _, mode := range []Mode{ModeGreedy, ModeStable} {
			r2, err := Solve(ctx, p, SolveOptions{Mode: mode})
			if err != nil {
				t.Fatal(err)
			}
			if err := CheckFeasible(p, r2); err != nil {
				t.Fatalf("case %d %v: %v", it, mode, err)
			}
			if r2.Linked > res.Linked || (r2.Linked == res.Linked && r2.ScaledTotal > res.ScaledTotal) {
				t.Fatalf("case %d: %v beats optimal", it, mode)
			}
			if mode == ModeStable && len(p.SiblingGroups) == 0 {
				if err := CheckStable(p, r2); err != nil {
					t.Fatalf("case %d: %v", it, err)
				}
			}
			if len(r2.Unmatched)+r2.Linked != len(p.ChildIDs) {
				t.Fatalf("case %d %v: %d unmatched + %d linked != %d children", it, mode, len(r2.Unmatched), r2.Linked, len(p.ChildIDs))
			}
		}
	}
}

func TestCheckOptimalRejectsWorse(t *testing.T) {
	p := &SolveProblem{
		ChildIDs: []string{"a", "b"}, CarerIDs: []string{"x", "y"}, Places: []int32{1, 1},
		Candidates: []Candidate{{0, 0, 90}, {0, 1, 80}, {1, 0, 70}},
	}
	res, err := Solve(context.Background(), p, SolveOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if res.Linked != 2 || res.ScaledTotal != 15000 {
		t.Fatalf("got %d links, %d", res.Linked, res.ScaledTotal)
	}
	if err := CheckOptimal(p, res); err != nil {
		t.Fatal(err)
	}
	// A worse primal with the same duals must fail.
	bad := *res
	bad.Assignments = []Assignment{{Child: 0, Carer: 0, Score: 90, Group: -1}}
	bad.Linked = 1
	if err := CheckOptimal(p, &bad); !errors.Is(err, ErrNotOptimal) {
		t.Fatalf("want ErrNotOptimal, got %v", err)
	}
	g, _ := Solve(context.Background(), p, SolveOptions{Mode: ModeGreedy})
	if c := Compare(res, g); c.ExtraLinked < 0 {
		t.Fatal(c)
	}
}

func TestBadProblems(t *testing.T) {
	base := func() *SolveProblem {
		return &SolveProblem{ChildIDs: []string{"a", "b"}, CarerIDs: []string{"x"}, Places: []int32{1},
			Candidates: []Candidate{{0, 0, 50}}}
	}
	cases := map[string]func(p *SolveProblem){
		"score above 100":     func(p *SolveProblem) { p.Candidates[0].Score = 100.5 },
		"NaN score":           func(p *SolveProblem) { p.Candidates[0].Score = nan() },
		"duplicate pair":      func(p *SolveProblem) { p.Candidates = append(p.Candidates, Candidate{0, 0, 1}) },
		"pin not a pair":      func(p *SolveProblem) { p.Pinned = []Pin{{1, 0}} },
		"pin to full carer":   func(p *SolveProblem) { p.Places[0] = 0; p.Pinned = []Pin{{0, 0}} },
		"child in two groups": func(p *SolveProblem) { p.SiblingGroups = [][]int32{{0, 1}, {1}} },
		"index out of range":  func(p *SolveProblem) { p.Candidates[0].Carer = 3 },
	}
	for name, mut := range cases {
		t.Run(name, func(t *testing.T) {
			p := base()
			mut(p)
			if _, err := Solve(context.Background(), p, SolveOptions{}); !errors.Is(err, ErrBadProblem) {
				t.Fatalf("want ErrBadProblem, got %v", err)
			}
		})
	}
}

func nan() float64 { var z float64; return z / z }
