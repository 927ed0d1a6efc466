package assign

import (
	"runtime"
	"slices"
	"sync"
)

// Checking the arcs and filling the per-arc arrays (prepare's arcs) is a
// pass over every arc, 8.6 million on a national problem, where each arc is
// looked at on its own: the arcs are split into contiguous parts, one per
// worker, and the parts' findings merged in arc order, so the arrays and the
// error (the first bad arc in the problem's order) are those of one pass
// whatever the number of workers. On the national run it was 0.4–0.7 s of
// one core while the other sat idle (issue 15); the arrays' memory is also
// touched for the first time here, and page faults on fresh memory are most
// of that time on this machine (README, "Fresh memory").

// minArcsPerWorker is the fewest arcs worth a worker of their own: below
// it starting a goroutine costs more than it saves (a 500-child problem,
// about 20,000 arcs, is prepared on one; Choices prepares small problems
// hundreds of times).
const minArcsPerWorker = 1 << 16

// arcWorkers is how many workers prepare E arcs: one per core, but no more
// than minArcsPerWorker arcs each allows.
func arcWorkers(E int) int {
	return max(1, min(runtime.GOMAXPROCS(0), E/minArcsPerWorker))
}

// parts splits [0, n) into w contiguous parts of nearly equal length and
// returns their bounds: part i is [b[i], b[i+1]).
func parts(n, w int) []int {
	b := make([]int, w+1)
	for i := range b {
		b[i] = int(int64(n) * int64(i) / int64(w))
	}
	return b
}

// arcScan is what one worker finds in its part of the arcs.
type arcScan struct {
	bad     int // index of the first bad arc, or -1
	perRow  []int32
	maxW    int64
	ordered bool // rows non-decreasing within the part
}

// scanArcs checks arcs[lo:hi] and counts each row's arcs, as prepare's
// first pass over the arcs does.
func (pr *prepared) scanArcs(lo, hi int) arcScan {
	p := pr.p
	n, m := int32(p.Rows), int32(len(p.Places))
	s := arcScan{bad: -1, perRow: make([]int32, n), maxW: p.MaxWeight, ordered: true}
	prev := int32(-1)
	for x := lo; x < hi; x++ {
		a := p.Arcs[x]
		if a.Row < 0 || a.Row >= n || a.Col < 0 || a.Col >= m || a.Weight < 0 {
			s.bad = x
			return s
		}
		u := int64(pr.units[a.Row])
		if p.MaxWeight > 0 && a.Weight > p.MaxWeight*u {
			s.bad = x
			return s
		}
		if p.MaxWeight == 0 {
			s.maxW = max(s.maxW, (a.Weight+u-1)/u)
		}
		s.ordered = s.ordered && a.Row >= prev
		prev = a.Row
		s.perRow[a.Row]++
	}
	return s
}

// arcError is the error for bad arc a, as prepare's checks word it.
func (pr *prepared) arcError(a Arc) error {
	p := pr.p
	if a.Row < 0 || int(a.Row) >= p.Rows || a.Col < 0 || int(a.Col) >= len(p.Places) {
		return badf("arc (%d, %d) out of range", a.Row, a.Col)
	}
	u := int64(pr.units[a.Row])
	if a.Weight < 0 {
		return badf("arc (%d, %d) has negative weight %d", a.Row, a.Col, a.Weight)
	}
	return badf("arc (%d, %d) weighs %d, more than MaxWeight %d × %d units", a.Row, a.Col, a.Weight, p.MaxWeight, u)
}

// checkArcs checks every arc on w workers and sets pr.start (each row's
// first arc) and pr.maxW. It reports whether the arcs list rows in
// non-decreasing order.
func (pr *prepared) checkArcs(w int) (ordered bool, err error) {
	p := pr.p
	b := parts(len(p.Arcs), w)
	scans := make([]arcScan, w)
	var wg sync.WaitGroup
	for i := range scans {
		wg.Go(func() { scans[i] = pr.scanArcs(b[i], b[i+1]) })
	}
	wg.Wait()
	pr.start = make([]int32, p.Rows+1)
	pr.maxW = p.MaxWeight
	ordered = true
	for i, s := range scans {
		if s.bad >= 0 {
			return false, pr.arcError(p.Arcs[s.bad])
		}
		for r, c := range s.perRow {
			pr.start[r+1] += c
		}
		pr.maxW = max(pr.maxW, s.maxW)
		ordered = ordered && s.ordered && (b[i] == 0 || b[i] == b[i+1] || p.Arcs[b[i]-1].Row <= p.Arcs[b[i]].Row)
	}
	for i := 0; i < p.Rows; i++ {
		pr.start[i+1] += pr.start[i]
	}
	return ordered, nil
}

// fillGroupedParts is fillGrouped on w workers, for arcs listing rows in
// non-decreasing order: the arcs are split into parts at changes of row,
// so each row's run is one worker's, and a run's arcs go to the same
// positions in the arrays (pr.start[r] is where row r's run begins). It
// returns the error of the first row, in row order, that has two arcs for
// one column.
func (pr *prepared) fillGroupedParts(w int) error {
	arcs := pr.p.Arcs
	b := parts(len(arcs), w)
	for i := 1; i < w; i++ {
		b[i] = max(b[i], b[i-1])
		for b[i] > 0 && b[i] < len(arcs) && arcs[b[i]].Row == arcs[b[i]-1].Row {
			b[i]++
		}
	}
	dup := make([]Arc, w) // each part's first duplicate, Row -1 for none
	var wg sync.WaitGroup
	for i := range dup {
		wg.Go(func() { dup[i] = pr.fillRuns(b[i], b[i+1]) })
	}
	wg.Wait()
	for _, d := range dup {
		if d.Row >= 0 {
			return badf("two arcs for row %d and column %d", d.Row, d.Col)
		}
	}
	return nil
}

// fillRuns fills the arrays from arcs[lo:hi], which hold whole runs of
// rows in non-decreasing order, sorting each run by column (then input
// position, as the radix sort would). It returns the first row's
// duplicate (row and column), or Row -1.
func (pr *prepared) fillRuns(lo, hi int) Arc {
	arcs := pr.p.Arcs
	dup := Arc{Row: -1}
	var keys []uint64
	for a := lo; a < hi; {
		r := arcs[a].Row
		b := a + 1
		for b < hi && arcs[b].Row == r {
			b++
		}
		keys = keys[:0]
		sorted := true
		for x := a; x < b; x++ {
			k := uint64(arcs[x].Col)<<32 | uint64(x-a)
			sorted = sorted && (len(keys) == 0 || keys[len(keys)-1] < k)
			keys = append(keys, k)
		}
		if !sorted {
			slices.Sort(keys)
		}
		k := pr.start[r]
		for y, key := range keys {
			x := a + int(uint32(key))
			c := arcs[x].Col
			if y > 0 && dup.Row < 0 && c == pr.candCol[k-1] {
				dup = Arc{Row: r, Col: c}
			}
			pr.candCol[k], pr.candW[k], pr.candArc[k] = c, arcs[x].Weight, int32(x)
			k++
		}
		a = b
	}
	return dup
}
