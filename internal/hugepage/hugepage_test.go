package hugepage

import (
	"testing"
)

// TestAdviseKeepsContents: advising changes how memory is backed, never
// what it holds, for slices of any size and element type, in use or not.
func TestAdviseKeepsContents(t *testing.T) {
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
