package assign

import (
	"context"
	"math"
	"math/rand/v2"
	"testing"

	"gonum.org/v1/gonum/mat"
	"gonum.org/v1/gonum/optimize/convex/lp"
)

// scarceProblem makes a random instance with far fewer places than rows,
// so that many rows cannot be placed: rows compete for a few columns of
// 0–2 places, with tied and zero weights, and (in every other instance)
// groups of two or three rows.
func scarceProblem(rng *rand.Rand, maxRows, maxCols int) *Problem {
	n := maxRows/2 + rng.IntN(maxRows/2+1)
	m := 1 + rng.IntN(maxCols)
	p := &Problem{Rows: n, Places: make([]int32, m), MaxWeight: maxW}
	for j := range p.Places {
		p.Places[j] = int32(rng.IntN(3))
	}
	weights := []int64{0, 5000, 5000, 10000, 9999, 7550, 7550}
	density := 0.3 + 0.6*rng.Float64()
	for i := 0; i < n; i++ {
		for j := 0; j < m; j++ {
			if rng.Float64() < density {
				w := weights[rng.IntN(len(weights))]
				if rng.IntN(2) == 0 {
					w = rng.Int64N(maxW + 1)
				}
				p.Arcs = append(p.Arcs, Arc{Row: int32(i), Col: int32(j), Weight: w})
			}
		}
	}
	rng.Shuffle(len(p.Arcs), func(a, b int) { p.Arcs[a], p.Arcs[b] = p.Arcs[b], p.Arcs[a] })
	if rng.IntN(2) == 0 {
		used := make([]bool, n)
		for g := 1 + rng.IntN(3); g > 0; g-- {
			a, b, c := rng.IntN(n), rng.IntN(n), rng.IntN(n)
			if a == b || used[a] || used[b] {
				continue
			}
			rows := []int32{int32(a), int32(b)}
			used[a], used[b] = true, true
			if c != a && c != b && !used[c] && rng.IntN(2) == 0 {
				rows = append(rows, int32(c))
				used[c] = true
			}
			p.Groups = append(p.Groups, rows)
		}
	}
	return p
}

// placesOf is the total number of places.
func placesOf(p *Problem) int {
	n := 0
	for _, k := range p.Places {
		n += int(k)
	}
	return n
}

// TestScarceAgainstBruteForce: small instances where most rows cannot be
// placed, with groups, against brute force, each result certified.
func TestScarceAgainstBruteForce(t *testing.T) {
	rng := rand.New(rand.NewPCG(41, 42))
	ctx := context.Background()
	unplaced := 0
	for it := 0; it < 2000; it++ {
		p := scarceProblem(rng, 9, 3)
		if _, err := prepare(p); err != nil {
			continue
		}
		res, err := Solve(ctx, p, Options{})
		if err != nil {
			t.Fatal(err)
		}
		if err := CheckOptimal(p, res); err != nil {
			t.Fatalf("case %d: %v\n%+v", it, err, p)
		}
		u, w := bruteForce(t, p)
		if !res.Proven || res.Units != u || res.Weight != w {
			t.Fatalf("case %d: got %d/%d (proven %v), brute force %d/%d\n%+v", it, res.Units, res.Weight, res.Proven, u, w, p)
		}
		unplaced += len(res.Unplaced)
	}
	if unplaced < 2000 {
		t.Fatalf("only %d rows left unplaced in all: the instances are not scarce", unplaced)
	}
}

// TestScarceAgainstLP: larger scarce instances without groups against
// gonum's simplex (the transportation LP is integral; see
// TestOptimalAgainstLP).
func TestScarceAgainstLP(t *testing.T) {
	rng := rand.New(rand.NewPCG(43, 44))
	iters := 150
	if testing.Short() {
		iters = 30
	}
	for k := 0; k < iters; k++ {
		p := scarceProblem(rng, 24, 8)
		p.Groups = nil
		res, err := Solve(context.Background(), p, Options{})
		if err != nil {
			t.Fatal(err)
		}
		if err := CheckOptimal(p, res); err != nil {
			t.Fatalf("instance %d: %v", k, err)
		}
		n, m, e := p.Rows, len(p.Places), len(p.Arcs)
		if e == 0 {
			continue
		}
		big := maxW*float64(n) + 1
		cols := e + n + m
		c := make([]float64, cols)
		A := mat.NewDense(n+m, cols, nil)
		b := make([]float64, n+m)
		for i, a := range p.Arcs {
			c[i] = -(big + float64(a.Weight))
			A.Set(int(a.Row), i, 1)
			A.Set(n+int(a.Col), i, 1)
		}
		for i := 0; i < n; i++ {
			A.Set(i, e+i, 1)
			b[i] = 1
		}
		for j := 0; j < m; j++ {
			A.Set(n+j, e+n+j, 1)
			b[n+j] = float64(p.Places[j])
		}
		optF, _, err := lp.Simplex(c, A, b, 1e-9, nil)
		if err != nil {
			t.Fatalf("instance %d: simplex: %v", k, err)
		}
		if got, want := float64(res.Units)*big+float64(res.Weight), math.Round(-optF); got != want {
			t.Fatalf("instance %d: solver %d/%d (objective %.0f), LP %.0f", k, res.Units, res.Weight, got, want)
		}
	}
}

// TestTwoLevelStart: on scarce instances the start runs, leaves every
// invariant of flowSolver in place, and the solve it begins reaches the
// objective of forward searches alone.
func TestTwoLevelStart(t *testing.T) {
	rng := rand.New(rand.NewPCG(45, 46))
	ctx := context.Background()
	ran := 0
	for it := 0; it < 400; it++ {
		p := scarceProblem(rng, 60, 20)
		if it%3 == 0 {
			p = syntheticProblem(60+rng.IntN(60), 10+rng.IntN(20), 2, 2+rng.IntN(10), uint64(it))
		}
		pr, err := prepare(p)
		if err != nil {
			continue
		}
		wt := newWeights(pr)
		net, _ := buildNet(pr, wt, make([]int32, len(pr.items)))
		fs := newFlowSolver(net)
		for i, k := range net.rowCap {
			if net.rowStart[i] == net.rowStart[i+1] {
				fs.rowDummy[i] = k
			}
		}
		ok, err := fs.twoLevelStart(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if !ok {
			continue
		}
		ran++
		if err := invariantError(fs, false); err != nil {
			t.Fatalf("case %d after the start: %v", it, err)
		}
		for j := range net.colCap {
			if fs.colOut[j] != fs.colLoad[j] {
				t.Fatalf("case %d: column %d still has a deficit after the start", j, it)
			}
		}
		full := newFlowSolver(net)
		if err := full.solve(ctx); err != nil {
			t.Fatal(err)
		}
		if err := invariantError(full, true); err != nil {
			t.Fatalf("case %d solved: %v", it, err)
		}
		rx := &relaxation{net: net, fs: full}
		if got, want := full.obj, plainNodeValue(t, rx); got != want {
			t.Fatalf("case %d: %d with the start, %d with forward searches alone", it, got, want)
		}
		if placesOf(p) >= p.Rows {
			t.Fatalf("case %d: not scarce", it)
		}
	}
	if ran < 100 {
		t.Fatalf("the start ran on only %d instances", ran)
	}
}
