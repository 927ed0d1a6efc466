package hugepage

import (
	"testing"
	"unsafe"
)

// TestAdviseKeepsContents: advising changes how memory is backed, never
// what it holds, for slices of any size and element type, in use or not.
func TestAdviseKeepsContents(t *testing.T) {
	defer enabled.Store(false)
	Enable()
	Advise([]byte(nil))
	Advise(make([]int64, 0))
	Advise(make([]byte, 10))
	for _, n := range []int{MinBytes - 1, MinBytes, 3*MinBytes + 12345} {
		b := make([]byte, n)
		for i := range b {
			b[i] = byte(i * 7)
		}
		Advise(b) // in use: already written
		for i := range b {
			if b[i] != byte(i*7) {
				t.Fatalf("%d bytes: byte %d changed to %d", n, i, b[i])
			}
		}
		w := make([]int32, 0, n/4+1)
		Advise(w) // fresh: advised before it is written
		for i := range cap(w) {
			w = append(w, int32(i))
		}
		for i, v := range w {
			if v != int32(i) {
				t.Fatalf("%d int32s: element %d is %d", len(w), i, v)
			}
		}
	}
}

// TestMakeCap: the slices Make and MakeCap give have the length and
// capacity asked for, hold zeros, and fill to their capacity in place,
// for element sizes that divide a huge page and one that does not, with
// huge pages off and on.
func TestMakeCap(t *testing.T) {
	type arc struct {
		row, col int32
		w        int64
	}
	type odd [3]int32
	defer enabled.Store(false)
	for _, on := range []bool{false, true} {
		enabled.Store(on)
		for _, n := range []int{0, 10, MinBytes / 4, 3*MinBytes/4 + 77} {
			checkMakeCap(t, n/2, n, int64(1))
			checkMakeCap(t, n, n, int32(1))
			checkMakeCap(t, n/3, n/2, arc{1, 2, 3})
			checkMakeCap(t, 0, n/3, odd{1, 2, 3})
		}
	}
	if s := Make[int64](MinBytes); len(s) != MinBytes || cap(s) != MinBytes {
		t.Fatalf("Make(%d): len %d, cap %d", MinBytes, len(s), cap(s))
	}
}

func checkMakeCap[T comparable](t *testing.T, n, c int, v T) {
	t.Helper()
	s := MakeCap[T](n, c)
	if len(s) != n || cap(s) != c {
		t.Fatalf("MakeCap(%d, %d) of %T: len %d, cap %d", n, c, v, len(s), cap(s))
	}
	var zero T
	for i, x := range s {
		if x != zero {
			t.Fatalf("MakeCap(%d, %d) of %T: element %d is %v", n, c, v, i, x)
		}
	}
	first := unsafe.SliceData(s)
	for len(s) < c {
		s = append(s, v)
	}
	if c > 0 && unsafe.SliceData(s) != first {
		t.Fatalf("MakeCap(%d, %d) of %T: filling it to its capacity moved it", n, c, v)
	}
	for i := n; i < c; i++ {
		if s[i] != v {
			t.Fatalf("MakeCap(%d, %d) of %T: element %d is %v, want %v", n, c, v, i, s[i], v)
		}
	}
}
