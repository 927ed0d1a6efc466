package assign

import "sync"

// recycler is a Memory that hands the per-edge arrays of one solve back to
// the next solve of the same Prepared (SolvePinned), cleared, rather than
// allocating them again: the solves of one problem ask for arrays of a few
// similar sizes, and fresh ones cost the collector's work and clearing
// new memory. One solve uses a recycler at a time (recyclers).
type recycler struct {
	free32, used32 [][]int32
	free64, used64 [][]int64
}

// take removes from free the slice of least capacity at least c, if any.
func take[T int32 | int64](free *[][]T, c int) ([]T, bool) {
	best := -1
	for i, s := range *free {
		if cap(s) >= c && (best < 0 || cap(s) < cap((*free)[best])) {
			best = i
		}
	}
	if best < 0 {
		return nil, false
	}
	l := *free
	s := l[best]
	l[best] = l[len(l)-1]
	*free = l[:len(l)-1]
	return s, true
}

// slice returns a zeroed slice of length n and capacity c, one released
// by an earlier solve when there is one large enough.
func slice[T int32 | int64](free, used *[][]T, n, c int) []T {
	s, ok := take(free, c)
	if ok {
		clear(s[:c])
	} else {
		s = make([]T, c)
	}
	*used = append(*used, s)
	return s[:n:c]
}

// Int32s returns a zeroed slice of length n and capacity c.
func (r *recycler) Int32s(n, c int) []int32 { return slice(&r.free32, &r.used32, n, c) }

// Int64s returns a zeroed slice of length n and capacity c.
func (r *recycler) Int64s(n, c int) []int64 { return slice(&r.free64, &r.used64, n, c) }

// release makes every slice handed out since the last release free again:
// the solve that used them has ended.
func (r *recycler) release() {
	r.free32, r.used32 = append(r.free32, r.used32...), r.used32[:0]
	r.free64, r.used64 = append(r.free64, r.used64...), r.used64[:0]
}

// recyclers keeps the recyclers of one Prepared between its solves, as
// long as the Prepared lives.
type recyclers struct {
	mu   sync.Mutex
	idle []*recycler
}

func (rs *recyclers) get() *recycler {
	rs.mu.Lock()
	defer rs.mu.Unlock()
	if n := len(rs.idle); n > 0 {
		r := rs.idle[n-1]
		rs.idle = rs.idle[:n-1]
		return r
	}
	return &recycler{}
}

func (rs *recyclers) put(r *recycler) {
	r.release()
	rs.mu.Lock()
	rs.idle = append(rs.idle, r)
	rs.mu.Unlock()
}
