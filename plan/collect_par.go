package plan

import (
	"runtime"
	"slices"
	"sync"

	"github.com/linkmatch/linkmatch/internal/hugepage"
)

// Collecting a national timeline (7,000 links, over a million rows) is
// sorting, copying and numbering rows that do not depend on each other, so
// it is shared among the cores: each part does the same work on its own
// range, and the parts are put together in a fixed order, so the result
// is the same bytes whatever the number of cores.

// minPart is the fewest items worth a goroutine of their own.
const minPart = 1 << 14

// inParts calls f on consecutive ranges [lo, hi) covering [0, n), at most
// GOMAXPROCS of them at once, and returns when every call has.
func inParts(n int, f func(part, lo, hi int)) {
	parts := partsOf(n)
	eachPart(parts, func(k int) { f(k, k*n/parts, (k+1)*n/parts) })
}

// eachPart calls f(0) to f(parts-1), each on a goroutine of its own but
// the last, and returns when every call has.
func eachPart(parts int, f func(part int)) {
	var wg sync.WaitGroup
	for k := range parts - 1 {
		wg.Go(func() { f(k) })
	}
	f(parts - 1)
	wg.Wait()
}

// partsOf is how many parts inParts splits n items into.
func partsOf(n int) int {
	return max(1, min(runtime.GOMAXPROCS(0), n/minPart))
}

// sortParts sorts s by cmp as slices.SortFunc does, each part on a core of
// its own, and merges the sorted parts (the earlier part first on a tie).
// Items equal under cmp may come in another order than one
// slices.SortFunc gives; collect's order treats as equal only rows that
// give the same timeline rows either way.
func sortParts[E any](s []E, cmp func(a, b E) int) []E {
	if partsOf(len(s)) == 1 {
		slices.SortFunc(s, cmp)
		return s
	}
	var cuts []int
	inParts(len(s), func(_, lo, hi int) { slices.SortFunc(s[lo:hi], cmp) })
	parts := partsOf(len(s))
	for k := range parts + 1 {
		cuts = append(cuts, k*len(s)/parts)
	}
	for len(cuts) > 2 { // merge neighbours pairwise until one run is left
		out := hugepage.Make[E](len(s))
		var next []int
		var wg sync.WaitGroup
		for k := 0; k+1 < len(cuts); k += 2 {
			next = append(next, cuts[k])
			if k+2 >= len(cuts) {
				copy(out[cuts[k]:], s[cuts[k]:cuts[k+1]])
				continue
			}
			a, b, at := s[cuts[k]:cuts[k+1]], s[cuts[k+1]:cuts[k+2]], out[cuts[k]:cuts[k+2]]
			wg.Go(func() { merge(at, a, b, cmp) })
		}
		wg.Wait()
		s, cuts = out, append(next, len(s))
	}
	return s
}

// merge merges sorted a and b into out (len(a)+len(b) long), a's item
// first on a tie.
func merge[E any](out, a, b []E, cmp func(a, b E) int) {
	i, j, k := 0, 0, 0
	for i < len(a) && j < len(b) {
		if cmp(b[j], a[i]) < 0 {
			out[k] = b[j]
			j++
		} else {
			out[k] = a[i]
			i++
		}
		k++
	}
	k += copy(out[k:], a[i:])
	copy(out[k:], b[j:])
}
