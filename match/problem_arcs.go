package match

import (
	"math"
	"runtime"
	"sync"

	"github.com/linkmatch/linkmatch/assign"
)

// Turning the scored pairs into the solver's arcs is one pass over every
// pair (8.6 million on a national run) in which each pair becomes its arc
// on its own, and the arcs' 140 MB are written for the first time (fresh
// memory costs page faults on this machine: README, "Fresh memory"). It
// ran on one core while the other sat idle (issue 15): setArcs splits the
// pairs into contiguous parts, one per core, each filling its own range of
// the arcs, so the arcs are in the pairs' order as addArc, one pair at a
// time, leaves them (TestSetArcsMatchesAddArc).

// minPairsPerWorker is the fewest pairs worth a worker of their own: a
// 500-child scenario's 20,000 pairs are done on one.
const minPairsPerWorker = 1 << 16

// arcPart is what one worker finds in its part of the pairs.
type arcPart struct {
	// largest is the size of the largest sibling group with an arc to each
	// column (nil when the part has none), and needScores is whether some
	// score has more than two decimals (Problem.Scores).
	largest    []int32
	needScores bool
}

// setArcs sets p's arcs (and Scores, when some score needs them) from
// pairs, on w workers (0: one per core), in the pairs' order: the arcs
// addArc gives for each pair in turn, the score rounded to two decimals
// first. It returns, for each column, the size of the largest sibling
// group with an arc there, where groupSize[row] is the size of the row's
// sibling group (0 outside groups).
func (p *Problem) setArcs(pairs []ScoredPair, childRow, carerCol, groupSize []int32, w int) []int32 {
	if w <= 0 {
		w = max(1, min(runtime.GOMAXPROCS(0), len(pairs)/minPairsPerWorker))
	}
	arcs := make([]assign.Arc, len(pairs))
	parts := make([]arcPart, w)
	bound := func(i int) int { return int(int64(len(pairs)) * int64(i) / int64(w)) }
	var wg sync.WaitGroup
	for i := range parts {
		wg.Go(func() {
			part := &parts[i]
			for k := bound(i); k < bound(i+1); k++ {
				pr := &pairs[k]
				row, col := childRow[pr.Child], carerCol[pr.Carer]
				s := pairScore(pr)
				wt := scoreWeight(s)
				part.needScores = part.needScores || float64(wt)/scoreScale != s
				arcs[k] = assign.Arc{Row: row, Col: col, Weight: wt}
				if g := groupSize[row]; g > 0 {
					if part.largest == nil {
						part.largest = make([]int32, len(carerCol))
					}
					part.largest[col] = max(part.largest[col], g)
				}
			}
		})
	}
	wg.Wait()
	p.Solver.Arcs, p.Scores = arcs, nil
	largest := make([]int32, len(carerCol))
	for _, part := range parts {
		for j, g := range part.largest {
			largest[j] = max(largest[j], g)
		}
		if part.needScores && p.Scores == nil {
			p.Scores = make([]float64, len(pairs))
			for k := range pairs {
				p.Scores[k] = pairScore(&pairs[k])
			}
		}
	}
	return largest
}

// pairScore is a scored pair's score rounded to two decimals, as pairs.csv
// writes it.
func pairScore(pr *ScoredPair) float64 { return math.Round(float64(pr.Score)*100) / 100 }
