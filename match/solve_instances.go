package match

import (
	"fmt"
	"math"
	"math/rand/v2"
)

// SyntheticSolveProblem makes a deterministic random instance for benchmarks
// and the LEMON comparison (tools/lemon): children C000001…, carers K000001…
// with 1–maxPlaces places each, and about pairsPerChild eligible carers per
// child. A score is 40·q + 60·r rounded to hundredths, where q is a
// per-carer "quality" and r is per-pair noise (both uniform on [0, 1]), so
// good carers are wanted by many children, as in practice.
func SyntheticSolveProblem(children, carers, maxPlaces, pairsPerChild int, seed uint64) *SolveProblem {
	rng := rand.New(rand.NewPCG(seed, 0x5eed))
	p := &SolveProblem{
		ChildIDs: make([]string, children),
		CarerIDs: make([]string, carers),
		Places:   make([]int32, carers),
	}
	quality := make([]float64, carers)
	for j := range p.CarerIDs {
		p.CarerIDs[j] = fmt.Sprintf("K%06d", j+1)
		p.Places[j] = int32(1 + rng.IntN(maxPlaces))
		quality[j] = rng.Float64()
	}
	if pairsPerChild > carers {
		pairsPerChild = carers
	}
	p.Candidates = make([]Candidate, 0, children*pairsPerChild)
	mark := make([]int32, carers)
	for i := range p.ChildIDs {
		p.ChildIDs[i] = fmt.Sprintf("C%06d", i+1)
		for d := 0; d < pairsPerChild; {
			j := rng.IntN(carers)
			if mark[j] == int32(i+1) {
				continue
			}
			mark[j] = int32(i + 1)
			d++
			s := math.Round((40*quality[j]+60*rng.Float64())*100) / 100
			p.Candidates = append(p.Candidates, Candidate{Child: int32(i), Carer: int32(j), Score: s})
		}
	}
	return p
}
