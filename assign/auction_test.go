package assign

import (
	"context"
	"math/rand/v2"
	"testing"
)

// TestAuctionStartAgainstPlainSearches solves medium random instances (too
// large for brute force, contested and tied) with the auction start and with
// shortest-path searches alone, and checks both reach the same objective and
// that the auction's result carries a valid certificate.
func TestAuctionStartAgainstPlainSearches(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	ctx := context.Background()
	iters := 300
	if testing.Short() {
		iters = 50
	}
	for it := 0; it < iters; it++ {
		p := randomProblem(rng, 60, 25, false, it%2 == 0, false)
		if it%3 == 0 {
			p = syntheticProblem(40+rng.IntN(40), 10+rng.IntN(30), 3, 1+rng.IntN(12), uint64(it))
		}
		pr, err := prepare(p)
		if err != nil {
			continue
		}
		res, err := Solve(ctx, p, Options{})
		if err != nil {
			t.Fatal(err)
		}
		if err := CheckOptimal(p, res); err != nil {
			t.Fatalf("case %d: %v", it, err)
		}
		// Plain searches on the same network.
		wt := newWeights(pr)
		net, _ := buildNet(pr, wt, make([]int32, len(pr.items)))
		fs := newFlowSolver(net)
		for i := range net.rowCap {
			for e := net.rowStart[i]; e < net.rowStart[i+1]; e++ {
				fs.u[i] = min(fs.u[i], -net.edgeW[e]) // feasible duals with v = 0
			}
		}
		for i := range net.rowCap {
			if net.rowStart[i] == net.rowStart[i+1] {
				fs.rowDummy[i] = net.rowCap[i]
			}
			for fs.rowLoad[i]+fs.rowDummy[i] < net.rowCap[i] {
				fs.augmentThen(int32(i), -1, nil)
			}
		}
		var want int64
		for e, f := range fs.flow {
			want += int64(f) * net.edgeW[e]
		}
		units, weight := wt.split(want)
		var pinUnits, pinWeight int64
		for _, pin := range p.Pins {
			pinUnits++
			pinWeight += pr.candW[pr.candIndex(pin.Row, pin.Col)]
		}
		if res.Units != units+pinUnits || res.Weight != weight+pinWeight {
			t.Fatalf("case %d: auction start %d units weight %d, plain searches %d units weight %d", it, res.Units, res.Weight, units+pinUnits, weight+pinWeight)
		}
	}
}
