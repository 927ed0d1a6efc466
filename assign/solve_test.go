package assign

import (
	"context"
	"errors"
	"math/rand/v2"
	"testing"
)

// maxW is the weight bound of the random problems: a score of 0–100 in
// hundredths, as linkmatch's matching uses.
const maxW = 10000

// randomProblem makes a small instance with ties, zero weights, full
// columns, rows without arcs, and — when asked — groups, rows needing
// several units and pins.
func randomProblem(rng *rand.Rand, maxRows, maxCols int, groups, pins, units bool) *Problem {
	n, m := rng.IntN(maxRows+1), rng.IntN(maxCols+1)
	p := &Problem{Rows: n, Places: make([]int32, m), MaxWeight: maxW}
	for j := range p.Places {
		p.Places[j] = int32(rng.IntN(4))
	}
	if units && n > 0 {
		p.Units = make([]int32, n)
		for i := range p.Units {
			if rng.IntN(4) == 0 {
				p.Units[i] = int32(2 + rng.IntN(2))
			}
		}
	}
	weights := []int64{0, 0, 5000, 5000, 10000, 1234, 9999, 7550}
	density := rng.Float64()
	for i := 0; i < n; i++ {
		u := unitsOf(p, int32(i))
		for j := 0; j < m; j++ {
			if rng.Float64() < density {
				w := weights[rng.IntN(len(weights))] * u
				if rng.IntN(3) == 0 {
					w = rng.Int64N(maxW*u + 1)
				}
				p.Arcs = append(p.Arcs, Arc{Row: int32(i), Col: int32(j), Weight: w})
			}
		}
	}
	rng.Shuffle(len(p.Arcs), func(a, b int) { p.Arcs[a], p.Arcs[b] = p.Arcs[b], p.Arcs[a] })
	used := make([]bool, n)
	if groups && n >= 2 {
		for g := rng.IntN(3); g > 0; g-- {
			a, b := rng.IntN(n), rng.IntN(n)
			if a == b || used[a] || used[b] {
				continue
			}
			used[a], used[b] = true, true
			rows := []int32{int32(a), int32(b)}
			if c := rng.IntN(n); !used[c] && rng.IntN(2) == 0 {
				used[c] = true
				rows = append(rows, int32(c))
			}
			p.Groups = append(p.Groups, rows)
		}
	}
	if pins && len(p.Arcs) > 0 {
		a := p.Arcs[rng.IntN(len(p.Arcs))]
		if !used[a.Row] && int64(p.Places[a.Col]) >= unitsOf(p, a.Row) {
			p.Pins = append(p.Pins, Pin{Row: a.Row, Col: a.Col})
		}
	}
	return p
}

// bruteForce enumerates every feasible choice of items and returns the best
// (units, weight) lexicographically. It shares nothing with the flow solver
// except prepare's grouping of arcs.
func bruteForce(t *testing.T, p *Problem) (int64, int64) { return enumerate(t, p, nil, nil) }

// enumerate is bruteForce where, when limit is not nil, column j also
// takes at most limit[j] items, items[j] of them there already (pins).
func enumerate(t *testing.T, p *Problem, limit, items []int32) (int64, int64) {
	pr, err := prepare(p)
	if err != nil {
		t.Fatal(err)
	}
	left := append([]int32(nil), pr.places...)
	bestU, bestW := int64(-1), int64(-1)
	var rec func(ii int, units, weight int64)
	rec = func(ii int, units, weight int64) {
		if ii == len(pr.items) {
			if units > bestU || (units == bestU && weight > bestW) {
				bestU, bestW = units, weight
			}
			return
		}
		rec(ii+1, units, weight)
		it := &pr.items[ii]
		cols, ws := pr.options(it)
		for x, j := range cols {
			if left[j] < it.size || (limit != nil && items[j] >= limit[j]) {
				continue
			}
			left[j] -= it.size
			if limit != nil {
				items[j]++
			}
			rec(ii+1, units+int64(it.size), weight+ws[x])
			left[j] += it.size
			if limit != nil {
				items[j]--
			}
		}
	}
	rec(0, 0, 0)
	for r, j := range pr.pinned {
		if j >= 0 {
			bestU += int64(pr.units[r])
			bestW += pr.candW[pr.candIndex(int32(r), j)]
		}
	}
	return bestU, bestW
}

func TestOptimalAgainstBruteForce(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	ctx := context.Background()
	iters := 4000
	if testing.Short() {
		iters = 500
	}
	for it := 0; it < iters; it++ {
		p := randomProblem(rng, 7, 4, it%2 == 0, it%3 == 0, it%5 == 0)
		if _, err := prepare(p); err != nil {
			continue // e.g. a pinned row whose group is not pinned
		}
		res, err := Solve(ctx, p, Options{})
		if err != nil {
			t.Fatalf("case %d: %v", it, err)
		}
		if err := CheckOptimal(p, res); err != nil {
			t.Fatalf("case %d: %v\n%+v", it, err, p)
		}
		if !res.Proven {
			t.Fatalf("case %d: not proven", it)
		}
		if gu, gw := res.Gap(); gu != 0 || gw != 0 {
			t.Fatalf("case %d: proven with a gap of %d units, weight %d", it, gu, gw)
		}
		wu, ww := bruteForce(t, p)
		if res.Units != wu || res.Weight != ww {
			t.Fatalf("case %d: got %d units weight %d, brute force %d units weight %d\n%+v\n%+v", it, res.Units, res.Weight, wu, ww, p, res.Assignments)
		}
		for _, mode := range []Mode{Greedy, Stable} {
			r2, err := Solve(ctx, p, Options{Mode: mode})
			if err != nil {
				t.Fatal(err)
			}
			if err := CheckFeasible(p, r2); err != nil {
				t.Fatalf("case %d %v: %v", it, mode, err)
			}
			if r2.Units > res.Units || (r2.Units == res.Units && r2.Weight > res.Weight) {
				t.Fatalf("case %d: %v beats optimal", it, mode)
			}
			if mode == Stable && len(p.Groups) == 0 && p.Units == nil {
				if err := CheckStable(p, r2); err != nil {
					t.Fatalf("case %d: %v", it, err)
				}
			}
			if len(r2.Unplaced)+len(r2.Assignments) != p.Rows {
				t.Fatalf("case %d %v: %d unplaced + %d placed != %d rows", it, mode, len(r2.Unplaced), len(r2.Assignments), p.Rows)
			}
		}
	}
}

func TestCheckOptimalRejectsWorse(t *testing.T) {
	p := &Problem{
		Rows: 2, Places: []int32{1, 1}, MaxWeight: maxW,
		Arcs: []Arc{{0, 0, 9000}, {0, 1, 8000}, {1, 0, 7000}},
	}
	res, err := Solve(context.Background(), p, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if res.Units != 2 || res.Weight != 15000 {
		t.Fatalf("got %d units, weight %d", res.Units, res.Weight)
	}
	if err := CheckOptimal(p, res); err != nil {
		t.Fatal(err)
	}
	cases := map[string]func(r *Result){
		"worse placements": func(r *Result) {
			r.Assignments = []Assignment{{Row: 0, Col: 0, Arc: 0, Group: -1}}
			r.Units, r.Weight = 1, 9000
		},
		"wrong totals":       func(r *Result) { r.Weight++ },
		"arc of another row": func(r *Result) { r.Assignments[0].Arc = 2 },
		"negative dual": func(r *Result) {
			c := *r.Certificate
			c.ColumnDual = []int64{-1, 0}
			r.Certificate = &c
		},
		"wrong Big": func(r *Result) {
			c := *r.Certificate
			c.Big++
			r.Certificate = &c
		},
		"no certificate": func(r *Result) { r.Certificate = nil },
	}
	for name, mut := range cases {
		t.Run(name, func(t *testing.T) {
			bad := *res
			bad.Assignments = append([]Assignment(nil), res.Assignments...)
			mut(&bad)
			if err := CheckOptimal(p, &bad); !errors.Is(err, ErrCheckFailed) {
				t.Fatalf("want ErrCheckFailed, got %v", err)
			}
		})
	}
}

func TestBadProblems(t *testing.T) {
	base := func() *Problem {
		return &Problem{Rows: 2, Places: []int32{1}, MaxWeight: maxW, Arcs: []Arc{{0, 0, 5000}}}
	}
	cases := map[string]func(p *Problem){
		"weight above the bound": func(p *Problem) { p.Arcs[0].Weight = maxW + 1 },
		"negative weight":        func(p *Problem) { p.Arcs[0].Weight = -1 },
		"negative places":        func(p *Problem) { p.Places[0] = -1 },
		"negative units":         func(p *Problem) { p.Units = []int32{-1, 1} },
		"units for one row":      func(p *Problem) { p.Units = []int32{1} },
		"duplicate arc":          func(p *Problem) { p.Arcs = append(p.Arcs, Arc{0, 0, 1}) },
		"pin not an arc":         func(p *Problem) { p.Pins = []Pin{{1, 0}} },
		"pin to a full column":   func(p *Problem) { p.Places[0] = 0; p.Pins = []Pin{{0, 0}} },
		"pin short of places":    func(p *Problem) { p.Units = []int32{2, 1}; p.Pins = []Pin{{0, 0}} },
		"row in two groups":      func(p *Problem) { p.Groups = [][]int32{{0, 1}, {1}} },
		"empty group":            func(p *Problem) { p.Groups = [][]int32{{}} },
		"half-pinned group":      func(p *Problem) { p.Groups = [][]int32{{0, 1}}; p.Pins = []Pin{{0, 0}} },
		"index out of range":     func(p *Problem) { p.Arcs[0].Col = 3 },
		"negative row count":     func(p *Problem) { p.Rows = -1 },
	}
	for name, mut := range cases {
		t.Run(name, func(t *testing.T) {
			p := base()
			mut(p)
			if _, err := Solve(context.Background(), p, Options{}); !errors.Is(err, ErrBadProblem) {
				t.Fatalf("want ErrBadProblem, got %v", err)
			}
		})
	}
}

// TestMaxWeightDerived: with MaxWeight 0 the bound is the largest weight
// per unit among the arcs, rounded up, and the answer is the same.
func TestMaxWeightDerived(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 6))
	for it := 0; it < 200; it++ {
		p := randomProblem(rng, 7, 4, true, false, true)
		if _, err := prepare(p); err != nil {
			continue
		}
		a, err := Solve(context.Background(), p, Options{})
		if err != nil {
			t.Fatal(err)
		}
		q := *p
		q.MaxWeight = 0
		b, err := Solve(context.Background(), &q, Options{})
		if err != nil {
			t.Fatal(err)
		}
		if err := CheckOptimal(&q, b); err != nil {
			t.Fatalf("case %d: %v", it, err)
		}
		if a.Units != b.Units || a.Weight != b.Weight {
			t.Fatalf("case %d: MaxWeight %d gives %d/%d, derived gives %d/%d", it, p.MaxWeight, a.Units, a.Weight, b.Units, b.Weight)
		}
	}
}

// TestCheckOptimalCatchesWeakenedDuals: lowering any positive price of a
// valid certificate by one (a row's, a group's, or a column's with places
// left) breaks either a dual constraint or the equality of the objectives,
// and the checker must say so — on problems with groups, multi-unit rows
// and pins.
func TestCheckOptimalCatchesWeakenedDuals(t *testing.T) {
	rng := rand.New(rand.NewPCG(9, 10))
	tried := 0
	for it := 0; it < 600; it++ {
		p := randomProblem(rng, 7, 4, true, it%2 == 0, it%3 == 0)
		if _, err := prepare(p); err != nil {
			continue
		}
		res, err := Solve(context.Background(), p, Options{})
		if err != nil {
			t.Fatal(err)
		}
		weaken := func(what string, duals []int64, i int) {
			if duals[i] <= 0 {
				return
			}
			tried++
			duals[i]--
			if err := CheckOptimal(p, res); !errors.Is(err, ErrCheckFailed) {
				t.Fatalf("case %d: %s %d lowered by one, check gives %v", it, what, i, err)
			}
			duals[i]++
		}
		c := res.Certificate
		for i := range c.RowDual {
			weaken("row", c.RowDual, i)
		}
		for i := range c.GroupDual {
			weaken("group", c.GroupDual, i)
		}
		// A column's price counts only for the places left after pins and
		// items the branch and bound fixed there.
		left := make([]int64, len(p.Places))
		for j, pl := range p.Places {
			left[j] = int64(pl)
		}
		for _, pin := range p.Pins {
			left[pin.Col] -= unitsOf(p, pin.Row)
		}
		for _, d := range c.Decisions {
			if d.Kind == DecisionFix {
				for _, a := range res.Assignments {
					if a.Col == d.Col && (a.Group == d.Group && d.Group >= 0 || d.Group < 0 && a.Row == d.Row) {
						left[d.Col] -= unitsOf(p, a.Row)
					}
				}
			}
		}
		for j := range c.ColumnDual {
			if left[j] > 0 {
				weaken("column", c.ColumnDual, j)
			}
		}
		if err := CheckOptimal(p, res); err != nil {
			t.Fatalf("case %d: restored certificate fails: %v", it, err)
		}
	}
	if tried < 100 {
		t.Fatalf("only %d prices weakened", tried)
	}
}
