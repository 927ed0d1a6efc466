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

// scratch32 is make([]int32, n), from a recycler when mem is one: the
// solver's arrays by row and column, which Memory is not asked for (a
// caller's Memory may round each array up to a huge page), come from
// earlier solves of the same Prepared too.
func scratch32(mem Memory, n int) []int32 {
	if r, ok := mem.(*recycler); ok {
		return r.Int32s(n, n)
	}
	return make([]int32, n)
}

// scratch64 is scratch32 for int64.
func scratch64(mem Memory, n int) []int64 {
	if r, ok := mem.(*recycler); ok {
		return r.Int64s(n, n)
	}
	return make([]int64, n)
}

// copy32 is a copy of a in a scratch32 array.
func copy32(mem Memory, a []int32) []int32 {
	out := scratch32(mem, len(a))
	copy(out, a)
	return out
}

// copy64 is a copy of a in a scratch64 array.
func copy64(mem Memory, a []int64) []int64 {
	out := scratch64(mem, len(a))
	copy(out, a)
	return out
}
