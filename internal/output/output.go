// Package output writes linkmatch's output files: atomically (a temporary
// file beside the target, renamed into place only when everything has been
// written, STYLE.md habit 8), deterministically, and safe to open in a
// spreadsheet (cells that a spreadsheet would run as a formula are
// neutralised, following OWASP's "CSV Injection" advice).
package output

import (
	"bufio"
	"fmt"
	"io"
	"os"
	"path/filepath"
)

// Batch stages several output files and puts them all in place at Commit, so
// a command that fails half-way leaves none of its outputs behind. The zero
// Batch is ready to use.
type Batch struct {
	files []*staged
}

type staged struct {
	path string
	tmp  *os.File
	bw   *bufio.Writer
}

// Create stages a new file for path and returns a buffered writer for its
// contents. Parent folders are created as needed.
func (b *Batch) Create(path string) (io.Writer, error) {
	dir := filepath.Dir(path)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, fmt.Errorf("create output folder: %w", err)
	}
	tmp, err := os.CreateTemp(dir, "."+filepath.Base(path)+".tmp-*")
	if err != nil {
		return nil, fmt.Errorf("create output %s: %w", path, err)
	}
	s := &staged{path: path, tmp: tmp, bw: bufio.NewWriterSize(tmp, 1<<20)}
	b.files = append(b.files, s)
	return s.bw, nil
}

// Write stages path and fills it with fn. On any error it aborts the whole
// batch, so callers can simply return the error.
func (b *Batch) Write(path string, fn func(w io.Writer) error) error {
	w, err := b.Create(path)
	if err == nil {
		err = fn(w)
	}
	if err != nil {
		b.Abort()
	}
	return err
}

// Commit flushes every staged file and renames each into place. On error,
// every temporary file is removed.
func (b *Batch) Commit() error {
	var err error
	for _, s := range b.files {
		if e := s.bw.Flush(); e != nil && err == nil {
			err = fmt.Errorf("write %s: %w", s.path, e)
		}
		if e := s.tmp.Close(); e != nil && err == nil {
			err = fmt.Errorf("write %s: %w", s.path, e)
		}
	}
	if err != nil {
		b.Abort()
		return err
	}
	for _, s := range b.files {
		if e := os.Chmod(s.tmp.Name(), 0o644); e != nil && err == nil {
			err = e
		}
		if e := os.Rename(s.tmp.Name(), s.path); e != nil && err == nil {
			err = fmt.Errorf("put %s in place: %w", s.path, e)
		}
	}
	b.files = nil
	return err
}

// Abort removes every staged temporary file; it is safe to call after Commit.
func (b *Batch) Abort() {
	for _, s := range b.files {
		_ = s.tmp.Close()
		_ = os.Remove(s.tmp.Name())
	}
	b.files = nil
}

// WriteFile writes one file atomically with fn.
func WriteFile(path string, fn func(w io.Writer) error) error {
	var b Batch
	if err := b.Write(path, fn); err != nil {
		return err
	}
	return b.Commit()
}
