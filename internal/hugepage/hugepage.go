// Package hugepage asks the kernel to back large, freshly allocated slices
// with transparent huge pages (2 MB) rather than 4 KB pages, so that
// filling them takes a few hundred page faults instead of tens of
// thousands.
//
// Where the system's transparent huge pages are set to "madvise" (as on
// this project's machines: /sys/kernel/mm/transparent_hugepage/enabled),
// memory gets huge pages only when a program asks for them with
// madvise(MADV_HUGEPAGE) (Linux kernel documentation,
// admin-guide/mm/transhuge.rst), and Go's runtime no longer asks for its
// heap. On a virtual machine a page fault is costly: reading the scarce
// instance's 58 MB pairs.csv into a fresh buffer took 14,500 faults and
// about 0.2 s of system time, a third of "match --pairs"; with the buffer
// advised, about 700 faults and 0.02 s.
//
// Advise only changes how memory is backed, never what it holds: a slice
// whose memory is already in use (reused by Go's allocator) is simply
// backed as it was. On other systems it does nothing.
//
// It is off until a command turns it on (Enable), and only a command that
// reads one problem, solves it once and ends should: in a long process
// the collector hands freed memory back to the kernel, which keeps a huge
// page resident until all of it is free. "match" on the national scenario
// (a solve per relaxation of its sibling groups) peaked at 985 MB resident
// with huge pages against 722 MB without; "match --pairs" on the scarce
// instance at 122 MB against 128 MB.
package hugepage

import (
	"sync/atomic"
	"unsafe"
)

// enabled is whether Advise and MakeCap ask for huge pages.
var enabled atomic.Bool

// Enable makes Advise and MakeCap ask for huge pages from now on, for the
// rest of the process.
func Enable() { enabled.Store(true) }

// Size is a transparent huge page on x86-64 and arm64 (4 KB base pages).
const Size = 2 << 20

// MinBytes is the smallest slice worth advising: a smaller one holds no
// whole huge page.
const MinBytes = Size

// Advise asks for huge pages for the whole huge pages inside s's capacity,
// best before s is first written, once Enable has been called. It is
// harmless to call on any slice.
func Advise[T any](s []T) {
	var t T
	n := uintptr(cap(s)) * unsafe.Sizeof(t)
	if n < MinBytes || !enabled.Load() {
		return
	}
	start := uintptr(unsafe.Pointer(unsafe.SliceData(s)))
	lo := (start + Size - 1) &^ (Size - 1)
	hi := (start + n) &^ (Size - 1)
	if hi > lo {
		advise(unsafe.Slice((*byte)(unsafe.Pointer(unsafe.SliceData(s))), n)[lo-start : hi-start])
	}
}

// Make is make([]T, n) with huge pages asked for (MakeCap).
func Make[T any](n int) []T { return MakeCap[T](n, n) }

// MakeCap is make([]T, n, c); once Enable has been called, placed to
// start on a huge page, with the huge pages that hold its capacity asked
// for. A slice of a few MB rarely
// holds a whole huge page where Go's allocator puts it (a 2.7 MB one, one
// time in three), so the slice is cut from an allocation up to two huge
// pages larger: the part skipped before it is never touched, and at most
// the rest of its last huge page is backed beyond its capacity.
func MakeCap[T any](n, c int) []T {
	var zero T
	size := unsafe.Sizeof(zero)
	if size == 0 || uintptr(c)*size < MinBytes || Size%size != 0 || !enabled.Load() {
		s := make([]T, n, c)
		Advise(s)
		return s
	}
	pad := int(Size / size) // elements in a huge page
	all := make([]T, c+2*pad)
	start := uintptr(unsafe.Pointer(unsafe.SliceData(all)))
	gap := (start+Size-1)&^(Size-1) - start
	if gap%size != 0 { // not expected: large objects start on a page
		Advise(all[:c])
		return all[:n:c]
	}
	skip := int(gap / size)
	Advise(all[skip : skip+(c+pad-1)/pad*pad])
	return all[skip : skip+n : skip+c]
}
