package assign

// idxHeap is a binary min-heap of indices (rows or columns) keyed by
// (dist, index), with positions for decrease-key; the index tie-break makes
// searches deterministic.
type idxHeap struct {
	items []int32
	pos   []int32 // position of each index in items, or -1
	dist  []int64
}

func newIdxHeap(dist []int64) idxHeap {
	h := idxHeap{pos: make([]int32, len(dist)), dist: dist}
	for i := range h.pos {
		h.pos[i] = -1
	}
	return h
}

func (h *idxHeap) len() int   { return len(h.items) }
func (h *idxHeap) min() int32 { return h.items[0] }
func (h *idxHeap) less(a, b int32) bool {
	da, db := h.dist[a], h.dist[b]
	return da < db || (da == db && a < b)
}

func (h *idxHeap) clear() {
	for _, j := range h.items {
		h.pos[j] = -1
	}
	h.items = h.items[:0]
}

// update inserts j or moves it up after its distance fell.
func (h *idxHeap) update(j int32) {
	p := h.pos[j]
	if p < 0 {
		p = int32(len(h.items))
		h.items = append(h.items, j)
		h.pos[j] = p
	}
	h.up(p)
}

func (h *idxHeap) up(p int32) {
	it := h.items
	j := it[p]
	for p > 0 {
		q := (p - 1) / 2
		if !h.less(j, it[q]) {
			break
		}
		it[p] = it[q]
		h.pos[it[p]] = p
		p = q
	}
	it[p] = j
	h.pos[j] = p
}

// pop removes the minimum.
func (h *idxHeap) pop() {
	it := h.items
	top := it[0]
	h.pos[top] = -1
	last := it[len(it)-1]
	it = it[:len(it)-1]
	h.items = it
	if len(it) == 0 {
		return
	}
	n := int32(len(it))
	p := int32(0)
	for {
		c := 2*p + 1
		if c >= n {
			break
		}
		if c+1 < n && h.less(it[c+1], it[c]) {
			c++
		}
		if !h.less(it[c], last) {
			break
		}
		it[p] = it[c]
		h.pos[it[p]] = p
		p = c
	}
	it[p] = last
	h.pos[last] = p
}
