package assign

// journal records every change to a relaxation so that it can be undone:
// a node's probes and children are solved from it and rolled back, which
// costs what the searches changed rather than a copy of the whole network.
// Rebuilding the network (the core grew) breaks the record; undo then
// reports that the caller must restore from a snapshot.
type journal struct {
	ents []jEntry
	gen  int // incremented when the network is rebuilt
	off  bool
}

type jEntry struct {
	kind uint8
	idx  int32
	aux  int32
	val  int64
}

// The kinds of change. jFlow is k units pushed (val > 0) or pulled (val <
// 0) on edge aux of row idx; the others hold the old value.
const (
	jU uint8 = iota
	jV
	jFlow
	jDummy
	jOut
	jOff
	jRowCap
	jColCap
	jPlaces
	jGone
	jForbid
	jFixed
	jDecs
)

// mark is a point in the journal to undo back to.
type mark struct{ n, gen int }

func (jr *journal) log(kind uint8, idx, aux int32, val int64) {
	if jr != nil && !jr.off {
		jr.ents = append(jr.ents, jEntry{kind, idx, aux, val})
	}
}

func (rx *relaxation) mark() mark { return mark{len(rx.jr.ents), rx.jr.gen} }

// undo rolls the relaxation back to m. It returns false, changing
// nothing, when the network was rebuilt since m.
func (rx *relaxation) undo(m mark) bool {
	jr := rx.jr
	if jr.gen != m.gen {
		return false
	}
	s, net := rx.fs, rx.net
	jr.off = true
	for k := len(jr.ents) - 1; k >= m.n; k-- {
		e := jr.ents[k]
		switch e.kind {
		case jU:
			s.u[e.idx] = e.val
		case jV:
			s.v[e.idx] = e.val
		case jFlow:
			if e.val > 0 {
				s.pullN(e.idx, e.aux, int32(e.val))
			} else {
				s.push(e.idx, e.aux, int32(-e.val))
			}
		case jDummy:
			s.rowDummy[e.idx] = int32(e.val)
		case jOut:
			s.colOut[e.idx] = int32(e.val)
		case jOff:
			s.off[e.idx] = e.val != 0
		case jRowCap:
			net.rowCap[e.idx] = int32(e.val)
		case jColCap:
			net.colCap[e.idx] = int32(e.val)
		case jPlaces:
			rx.places[e.idx] = int32(e.val)
		case jGone:
			rx.gone[e.idx] = e.val != 0
		case jForbid:
			delete(rx.forbid, [2]int32{e.idx, e.aux})
		case jFixed:
			rx.fixed = e.val
		case jDecs:
			rx.decs = rx.decs[:e.val]
		}
	}
	jr.ents = jr.ents[:m.n]
	jr.off = false
	return true
}

// broken starts a new generation: earlier marks can no longer be undone.
func (jr *journal) broken() {
	jr.gen++
	jr.ents = jr.ents[:0]
}

func b2i(b bool) int64 {
	if b {
		return 1
	}
	return 0
}
