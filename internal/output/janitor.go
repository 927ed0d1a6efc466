package output

import (
	"errors"
	"os"
	"sort"
	"strings"
	"sync"
)

// ErrStopped is returned by a Batch whose Janitor has cleaned up: the
// command has been stopped (by a signal) and must not write anything more.
var ErrStopped = errors.New("stopped before the outputs were written")

// Janitor remembers every temporary file and new folder that the batches
// using it have made and not yet put in place or removed, so that a command
// stopped from outside — by a signal, while a stage that does not notice is
// still running — can remove them all (Clean) before the program exits. The
// zero Janitor is ready to use; a nil *Janitor does nothing.
type Janitor struct {
	// Notify, when set, is called as each path is taken (added) and given
	// up (not added), in order, so that another process can clean up if
	// this one dies without doing so itself. Folders end in a path
	// separator. It must not call back into the Janitor.
	Notify func(path string, added bool)

	mu     sync.Mutex
	paths  map[string]bool
	closed bool
	// commit is held while a batch puts its files in place, so that Clean
	// waits for a commit under way to finish (or roll back) rather than
	// interrupting it half-way.
	commit sync.Mutex
}

// take records path before it is created; false means the janitor has
// cleaned up and nothing more may be made.
func (j *Janitor) take(path string) bool {
	if j == nil {
		return true
	}
	j.mu.Lock()
	defer j.mu.Unlock()
	if j.closed {
		return false
	}
	if j.paths == nil {
		j.paths = map[string]bool{}
	}
	j.paths[path] = true
	if j.Notify != nil {
		j.Notify(path, true)
	}
	return true
}

// drop forgets path: it has been put in place or removed.
func (j *Janitor) drop(path string) {
	if j == nil {
		return
	}
	j.mu.Lock()
	defer j.mu.Unlock()
	if j.paths[path] {
		delete(j.paths, path)
		if j.Notify != nil {
			j.Notify(path, false)
		}
	}
}

// Hold has the janitor remove files and folders already in place (folders
// end in a path separator) if the command is stopped or crashes before it
// calls Release: a command that puts some files in place before its work
// is done (the demo unpacks its scenario, then runs it) still leaves
// nothing behind when it fails. It reports false when Clean has already
// run.
func (j *Janitor) Hold(paths []string) bool {
	for _, p := range paths {
		if !j.take(p) {
			return false
		}
	}
	return true
}

// Release forgets paths that Hold was given: the command succeeded, and
// they stay.
func (j *Janitor) Release(paths []string) {
	for _, p := range paths {
		j.drop(p)
	}
}

// beginCommit holds off Clean while a batch commits; false when Clean has
// already run.
func (j *Janitor) beginCommit() bool {
	if j == nil {
		return true
	}
	j.commit.Lock()
	j.mu.Lock()
	closed := j.closed
	j.mu.Unlock()
	if closed {
		j.commit.Unlock()
		return false
	}
	return true
}

func (j *Janitor) endCommit() {
	if j != nil {
		j.commit.Unlock()
	}
}

// Clean waits for any commit under way to end, then removes every
// temporary file and every folder made for outputs that is still empty,
// and makes every later attempt to stage or commit fail with ErrStopped.
// It returns the paths it could not remove.
func (j *Janitor) Clean() []string {
	if j == nil {
		return nil
	}
	j.commit.Lock()
	defer j.commit.Unlock()
	j.mu.Lock()
	defer j.mu.Unlock()
	j.closed = true
	paths := make([]string, 0, len(j.paths))
	for p := range j.paths {
		paths = append(paths, p)
	}
	failed := RemoveAll(paths)
	for _, p := range paths {
		delete(j.paths, p)
		if j.Notify != nil {
			j.Notify(p, false)
		}
	}
	return failed
}

// RemoveAll removes temporary files and empty folders as a Janitor lists
// them (folders end in a path separator): files first, then folders,
// deepest first, each only if still empty. It returns the files it could
// not remove; a folder that is no longer empty is left without complaint.
func RemoveAll(paths []string) (failed []string) {
	var dirs []string
	for _, p := range paths {
		if strings.HasSuffix(p, string(os.PathSeparator)) {
			dirs = append(dirs, p)
			continue
		}
		if err := os.Remove(p); err != nil && !errors.Is(err, os.ErrNotExist) {
			failed = append(failed, p)
		}
	}
	sort.Slice(dirs, func(a, b int) bool { return len(dirs[a]) > len(dirs[b]) })
	for _, d := range dirs {
		_ = os.Remove(d) // fails, as it should, when something else is in it
	}
	return failed
}
