//go:build linux

package hugepage

import "syscall"

// advise asks for huge pages for b, whose start and length are multiples
// of Size. An error (a kernel without transparent huge pages) changes
// nothing but speed, so it is ignored.
func advise(b []byte) { _ = syscall.Madvise(b, syscall.MADV_HUGEPAGE) }
