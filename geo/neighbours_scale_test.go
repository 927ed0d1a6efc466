package geo

import (
	"fmt"
	"math"
	"math/rand/v2"
	"runtime"
	"slices"
	"strings"
	"testing"
)

// quadraticNeighbours is the neighbour search as it was before the graph
// went sparse: an n×n matrix of flags and an all-pairs steps table. It is
// kept here, for tests only, as the reference the sparse graph must agree
// with exactly.
func quadraticNeighbours(b *Boundaries, toleranceM float64) (adj [][]int, steps []int32) {
	n := len(b.auth)
	grid := newSegGrid(b.auth, toleranceM)
	segs := grid.segs
	near := make([]bool, n*n)
	tol2 := toleranceM * toleranceM
	for si := range segs {
		a := int(segs[si].auth)
		vx, vy := segs[si].e.x1, segs[si].e.y1
		kx := metresPerDegree * math.Cos(vy*math.Pi/180)
		for _, sj := range grid.near(vx, vy) {
			o := int(segs[sj].auth)
			if o == a || near[a*n+o] {
				continue
			}
			e := segs[sj].e
			if pointSegDist2((e.x1-vx)*kx, (e.y1-vy)*metresPerDegree, (e.x2-vx)*kx, (e.y2-vy)*metresPerDegree) <= tol2 {
				near[a*n+o], near[o*n+a] = true, true
			}
		}
	}
	adj = make([][]int, n)
	for i := 0; i < n; i++ {
		for j := 0; j < n; j++ {
			if near[i*n+j] {
				adj[i] = append(adj[i], j)
			}
		}
	}
	steps = make([]int32, n*n)
	for s := 0; s < n; s++ {
		row, _ := bfs(adj, s, nil)
		copy(steps[s*n:(s+1)*n], row)
	}
	return adj, steps
}

// checkAgainstQuadratic compares the sparse graph with the reference:
// the same neighbours and the same steps between every pair, asked in a
// shuffled order so the cache is exercised from both ends.
func checkAgainstQuadratic(t *testing.T, b *Boundaries, tol float64) {
	t.Helper()
	g, err := b.NeighbourGraph(tol)
	if err != nil {
		t.Fatal(err)
	}
	adj, steps := quadraticNeighbours(b, tol)
	n := b.Len()
	for i := 0; i < n; i++ {
		if !slices.Equal(g.adj[i], adj[i]) {
			t.Fatalf("tol %v: neighbours of %d = %v, want %v", tol, i, g.adj[i], adj[i])
		}
	}
	rng := rand.New(rand.NewPCG(uint64(n), 7))
	order := rng.Perm(n * n)
	for _, k := range order {
		i, j := k/n, k%n
		s, ok := g.Steps(i, j)
		if s != int(steps[k]) || ok != (steps[k] >= 0) {
			t.Fatalf("tol %v: Steps(%d, %d) = %d, %v; want %d", tol, i, j, s, ok, steps[k])
		}
	}
}

func TestNeighboursAgreeWithQuadratic(t *testing.T) {
	t.Run("England", func(t *testing.T) {
		b := loadCTYUA(t)
		for _, tol := range []float64{0, 10, DefaultToleranceM, 500} {
			checkAgainstQuadratic(t, b, tol)
		}
	})
	for _, k := range []int{1, 2, 7, 20} {
		t.Run(fmt.Sprintf("grid %d×%d with islands", k, k), func(t *testing.T) {
			b := gridBoundaries(t, k, 3)
			for _, tol := range []float64{0, 50, 2000} {
				checkAgainstQuadratic(t, b, tol)
			}
		})
	}
}

// gridBoundaries is k×k square authorities of 0.01° (about 1 km) sharing
// their edges, plus islands squares far from the grid and from each other.
func gridBoundaries(tb testing.TB, k, islands int) *Boundaries {
	tb.Helper()
	const side = 0.01
	features := make([]string, 0, k*k+islands)
	sq := func(x0, y0 float64) string {
		x1, y1 := x0+side, y0+side
		return fmt.Sprintf("[[[%.5f,%.5f],[%.5f,%.5f],[%.5f,%.5f],[%.5f,%.5f],[%.5f,%.5f]]]", x0, y0, x1, y0, x1, y1, x0, y1, x0, y0)
	}
	for r := 0; r < k; r++ {
		for c := 0; c < k; c++ {
			features = append(features, feature(fmt.Sprintf(`"A%d-%d"`, r, c), "Polygon", sq(-3+float64(c)*side, 50+float64(r)*side)))
		}
	}
	for i := 0; i < islands; i++ {
		features = append(features, feature(fmt.Sprintf(`"Island %d"`, i), "Polygon", sq(-1+float64(i)*0.5, 49)))
	}
	b, err := LoadBoundaries(strings.NewReader(collection(features...)), LoadOptions{})
	if err != nil {
		tb.Fatal(err)
	}
	return b
}

// TestNeighbourGraphMemory: the graph of 40,000 authorities needs memory
// in proportion to their borders. The quadratic graph allocated 1.6 GB of
// flags and 6.4 GB of steps for this many; the sparse one must stay under
// 200 MB, including the boundaries' own segment grid and a few hundred
// steps searches.
func TestNeighbourGraphMemory(t *testing.T) {
	if testing.Short() {
		t.Skip("builds 40,000 authorities")
	}
	b := gridBoundaries(t, 200, 0)
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	g, err := b.NeighbourGraph(DefaultToleranceM)
	if err != nil {
		t.Fatal(err)
	}
	for i := 0; i < 300; i++ {
		if s, ok := g.Steps(i*(b.Len()/300), b.Len()-1); !ok || s < 0 {
			t.Fatalf("Steps(%d, last) = %d, %v in a connected grid", i, s, ok)
		}
	}
	runtime.ReadMemStats(&after)
	alloc := after.TotalAlloc - before.TotalAlloc
	t.Logf("%d authorities: %d MB allocated", b.Len(), alloc>>20)
	if alloc > 200<<20 {
		t.Errorf("the neighbour graph of %d authorities allocated %d MB; want under 200 MB", b.Len(), alloc>>20)
	}
	// Corners touch within the tolerance, so an inner square has 8
	// neighbours, and the far corner is 199 steps away diagonally.
	if s, _ := g.Steps(0, b.Len()-1); s != 199 {
		t.Errorf("steps corner to corner = %d, want 199", s)
	}
}

// BenchmarkNeighbourGraphGrid builds the neighbour graph of k×k square
// authorities and asks for steps from 100 of them to all, as scoring a
// national scenario would; "quadratic" is the former all-pairs graph, for
// comparison, at the largest size it can manage.
func BenchmarkNeighbourGraphGrid(b *testing.B) {
	b.Run("quadratic n=10000", func(b *testing.B) {
		bd := gridBoundaries(b, 100, 0)
		b.ReportAllocs()
		for b.Loop() {
			quadraticNeighbours(bd, DefaultToleranceM)
		}
	})
	for _, k := range []int{100, 175, 317} { // 10,000, 30,625 and 100,489 authorities
		bd := gridBoundaries(b, k, 0)
		b.Run(fmt.Sprintf("n=%d", k*k), func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				g, err := bd.NeighbourGraph(DefaultToleranceM)
				if err != nil {
					b.Fatal(err)
				}
				for s := 0; s < 100; s++ {
					for j := 0; j < bd.Len(); j += 97 {
						g.Steps(s*(bd.Len()/100), j)
					}
				}
			}
		})
	}
}
