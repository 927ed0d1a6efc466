// Package output writes linkmatch's output files so that no command can
// lose a user's data: deterministically, safe to open in a spreadsheet
// (cells that a spreadsheet would run as a formula are neutralised,
// following OWASP's "CSV Injection" advice), and as one all-or-nothing
// step (STYLE.md habit 8):
//
//   - Check refuses, before any work, an output that is also an input of
//     the command, two outputs with the same path, and an output path that
//     is a folder, a device, a FIFO or a symbolic link: only ordinary files
//     are ever replaced.
//   - A Batch stages every output as a temporary file beside its target and
//     renames them into place only when all have been written. If a rename
//     fails, the files already renamed are put back as they were (from a
//     hard link, or a copy, made just before), so the folder is left as it
//     was; folders made for the outputs are removed again.
//   - Commit refuses, unless Force, to replace a file that does not look
//     like an earlier output of the same kind (its first line differs from
//     the one being written): a user's own file, or another command's.
//   - A new file gets the permissions the umask allows (0666 less the
//     umask); a replaced file keeps its permissions.
//   - The output named "-" goes to the batch's Stdout when it commits.
//   - A Janitor lets a command stopped by a signal remove every temporary
//     file it has made.
package output

import (
	"bufio"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
)

// Stdout is the output path meaning standard output.
const Stdout = "-"

// Batch stages several output files and puts them all in place at Commit, so
// a command that fails half-way leaves none of its outputs behind. The zero
// Batch is ready to use.
type Batch struct {
	// Janitor, when set, is told of every temporary file and folder made,
	// so a command stopped from outside can remove them.
	Janitor *Janitor
	// Stdout receives the output staged as "-" when the batch commits.
	Stdout io.Writer
	// Force lets Commit replace files that do not look like an earlier
	// output of the same kind (checkReplace); without it Commit refuses
	// (ErrRefused) and writes nothing.
	Force bool

	files  []*staged
	remove []string // existing files to remove at Commit, all or nothing with the rest
	dirs   []string // folders made for outputs, outermost first
	// rename is os.Rename; tests replace it to make a rename fail.
	rename func(oldpath, newpath string) error
}

type staged struct {
	path string // the target; Stdout for standard output
	tmp  *os.File
	bw   *bufio.Writer
	// finished: the file was flushed, synced and closed before Commit
	// (CreateFinish), with err.
	finished bool
	err      error
}

// Create stages a new file for path and returns a buffered writer for its
// contents. Parent folders are created as needed (and removed again if the
// batch does not commit). An existing path that is not a regular file is
// refused with a *RefusedError.
func (b *Batch) Create(path string) (io.Writer, error) {
	if path == Stdout {
		return b.stage(path, os.TempDir())
	}
	if err := refuseNonRegular(path, "output"); err != nil {
		return nil, err
	}
	dir := filepath.Dir(path)
	if err := b.mkdirs(dir); err != nil {
		return nil, fmt.Errorf("create the output folder %s: %w", dir, err)
	}
	return b.stage(path, dir)
}

// CreateFinish is Create, also returning the function that finishes the
// file once its contents are written — flushes it, syncs it to disk and
// closes it — so that a file written on its own goroutine is on disk
// before Commit, which then only puts it in place. The function may be
// called on the goroutine that wrote the file, which must be done with it
// before Commit.
func (b *Batch) CreateFinish(path string) (w io.Writer, finish func() error, err error) {
	if _, err := b.Create(path); err != nil {
		return nil, nil, err
	}
	s := b.files[len(b.files)-1]
	return s.bw, func() error {
		s.err, s.finished = s.finish(), true
		return s.err
	}, nil
}

func (b *Batch) stage(path, dir string) (io.Writer, error) {
	base := "stdout"
	if path != Stdout {
		base = filepath.Base(path)
	}
	f, err := b.tempFile(dir, "."+base+".tmp-")
	if err != nil {
		return nil, fmt.Errorf("create output %s: %w", path, err)
	}
	s := &staged{path: path, tmp: f, bw: bufio.NewWriterSize(f, 1<<20)}
	b.files = append(b.files, s)
	return s.bw, nil
}

// tempFile creates a new file in dir named prefix + a random suffix, with
// permissions 0666 less the umask (os.CreateTemp would give 0600), telling
// the janitor first so that no moment exists when the file is on disk but
// unknown to it.
func (b *Batch) tempFile(dir, prefix string) (*os.File, error) {
	for range 10 {
		name := filepath.Join(dir, prefix+randomSuffix())
		if !b.Janitor.take(name) {
			return nil, ErrStopped
		}
		f, err := os.OpenFile(name, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o666)
		if err == nil {
			return f, nil
		}
		b.Janitor.drop(name)
		if !errors.Is(err, os.ErrExist) {
			return nil, err
		}
	}
	return nil, fmt.Errorf("no free temporary name in %s", dir)
}

func randomSuffix() string {
	var r [6]byte
	_, _ = rand.Read(r[:])
	return hex.EncodeToString(r[:])
}

// mkdirs makes dir and any missing parents (permissions 0777 less the
// umask), remembering each folder it made.
func (b *Batch) mkdirs(dir string) error {
	var missing []string
	for d := dir; ; d = filepath.Dir(d) {
		st, err := os.Stat(d)
		if err == nil {
			if !st.IsDir() {
				return &RefusedError{Path: d, Reason: "is a file, not a folder"}
			}
			break
		}
		if !errors.Is(err, os.ErrNotExist) {
			return err
		}
		missing = append(missing, d)
		if filepath.Dir(d) == d {
			break
		}
	}
	for i := len(missing) - 1; i >= 0; i-- {
		d := missing[i]
		if !b.Janitor.take(d + string(os.PathSeparator)) {
			return ErrStopped
		}
		if err := os.Mkdir(d, 0o777); err != nil && !errors.Is(err, os.ErrExist) {
			b.Janitor.drop(d + string(os.PathSeparator))
			return err
		}
		b.dirs = append(b.dirs, d)
	}
	return nil
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

// Remove asks Commit to remove path too, if it is there: a file an earlier
// run wrote that this one does not. Like the files written, it is removed
// only if everything else succeeds, and put back if a later step fails.
func (b *Batch) Remove(path string) { b.remove = append(b.remove, path) }

// Commit flushes every staged file to disk and puts each in place. If any
// step fails, every file already put in place is restored to what it was,
// every temporary file is removed and the error is returned. The output
// staged as "-" is copied to Stdout last, once the files are in place.
func (b *Batch) Commit() error {
	var err error
	for _, s := range b.files {
		if s.finished {
			err = errors.Join(err, s.err)
			continue
		}
		err = errors.Join(err, s.finish())
	}
	if err != nil {
		b.Abort()
		return err
	}
	if !b.Force {
		for _, s := range b.files {
			if s.path == Stdout {
				continue
			}
			if err := checkReplace(s.path, s.tmp.Name()); err != nil {
				b.Abort()
				return err
			}
		}
	}
	if !b.Janitor.beginCommit() {
		b.Abort()
		return ErrStopped
	}
	defer b.Janitor.endCommit()
	var done []placed
	var out *staged
	for _, s := range b.files {
		if s.path == Stdout {
			out = s
			continue
		}
		p, err := b.place(s.path, s.tmp.Name())
		if err != nil {
			return b.rollback(done, err)
		}
		done = append(done, p)
	}
	for _, path := range b.remove {
		p, err := b.place(path, "")
		if err != nil {
			return b.rollback(done, err)
		}
		done = append(done, p)
	}
	syncDirs(done)
	for _, p := range done {
		if p.backup != "" {
			_ = os.Remove(p.backup)
			b.Janitor.drop(p.backup)
		}
	}
	for _, d := range b.dirs {
		b.Janitor.drop(d + string(os.PathSeparator))
	}
	b.files, b.remove, b.dirs = nil, nil, nil
	if out != nil {
		return b.copyOut(out)
	}
	return nil
}

// finish flushes and syncs a staged file and closes it.
func (s *staged) finish() error {
	err := s.bw.Flush()
	if err == nil && s.path != Stdout {
		err = s.tmp.Sync()
	}
	if e := s.tmp.Close(); err == nil {
		err = e
	}
	if err != nil {
		return fmt.Errorf("write %s: %w", s.path, err)
	}
	return nil
}

// copyOut copies the standard-output file to b.Stdout and removes it.
func (b *Batch) copyOut(s *staged) error {
	defer func() {
		_ = os.Remove(s.tmp.Name())
		b.Janitor.drop(s.tmp.Name())
	}()
	if b.Stdout == nil {
		return errors.New("output: nowhere to write standard output")
	}
	f, err := os.Open(s.tmp.Name())
	if err != nil {
		return err
	}
	defer f.Close()
	if _, err := io.Copy(b.Stdout, f); err != nil {
		return fmt.Errorf("write to standard output: %w", err)
	}
	return nil
}

// Abort removes every staged temporary file and every folder made for the
// outputs (if empty); it is safe to call after Commit.
func (b *Batch) Abort() {
	for _, s := range b.files {
		_ = s.tmp.Close()
		_ = os.Remove(s.tmp.Name())
		b.Janitor.drop(s.tmp.Name())
	}
	for i := len(b.dirs) - 1; i >= 0; i-- {
		_ = os.Remove(b.dirs[i]) // only if empty
		b.Janitor.drop(b.dirs[i] + string(os.PathSeparator))
	}
	b.files, b.remove, b.dirs = nil, nil, nil
}

// WriteFile writes one file atomically with fn.
func WriteFile(path string, fn func(w io.Writer) error) error {
	var b Batch
	if err := b.Write(path, fn); err != nil {
		return err
	}
	return b.Commit()
}
