package output

import (
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
)

// placed is one step of a commit: a target replaced, created or removed,
// with the backup that undoes it ("" when the target did not exist).
type placed struct {
	target, backup string
}

// place puts tmp in place as target, or removes target when tmp is "".
// An existing target is first saved as a backup beside it — a hard link,
// so it costs nothing and keeps the target's contents even once renamed
// over, or a copy where the file system has no hard links — and tmp takes
// its permissions.
func (b *Batch) place(target, tmp string) (placed, error) {
	p := placed{target: target}
	st, err := os.Lstat(target)
	switch {
	case errors.Is(err, os.ErrNotExist):
		if tmp == "" {
			return p, nil // nothing to remove
		}
	case err != nil:
		return p, err
	case !st.Mode().IsRegular():
		return p, refusedKind(target, "output", st.Mode())
	default:
		if p.backup, err = b.backup(target, st.Mode().Perm()); err != nil {
			return p, fmt.Errorf("keep a copy of %s while replacing it: %w", target, err)
		}
		if tmp != "" {
			if err := os.Chmod(tmp, st.Mode().Perm()); err != nil {
				return p, err
			}
		}
	}
	if tmp == "" {
		err = os.Remove(target)
	} else {
		err = b.doRename(tmp, target)
		if err == nil {
			b.Janitor.drop(tmp)
		}
	}
	if err != nil {
		if p.backup != "" {
			_ = os.Remove(p.backup)
			b.Janitor.drop(p.backup)
		}
		if tmp == "" {
			return p, fmt.Errorf("remove %s: %w", target, err)
		}
		return p, fmt.Errorf("put %s in place: %w", target, err)
	}
	return p, nil
}

func (b *Batch) doRename(oldpath, newpath string) error {
	if b.rename != nil {
		return b.rename(oldpath, newpath)
	}
	return os.Rename(oldpath, newpath)
}

// backup saves target's contents under a new name beside it.
func (b *Batch) backup(target string, perm os.FileMode) (string, error) {
	dir, base := filepath.Dir(target), filepath.Base(target)
	for range 10 {
		name := filepath.Join(dir, "."+base+".old-"+randomSuffix())
		if !b.Janitor.take(name) {
			return "", ErrStopped
		}
		err := os.Link(target, name)
		if err == nil {
			return name, nil
		}
		if errors.Is(err, os.ErrExist) {
			b.Janitor.drop(name)
			continue
		}
		// No hard links here (some network and FAT file systems): copy.
		if err := copyFile(target, name, perm); err != nil {
			_ = os.Remove(name)
			b.Janitor.drop(name)
			return "", err
		}
		return name, nil
	}
	return "", fmt.Errorf("no free backup name in %s", dir)
}

func copyFile(from, to string, perm os.FileMode) error {
	in, err := os.Open(from)
	if err != nil {
		return err
	}
	defer in.Close()
	out, err := os.OpenFile(to, os.O_WRONLY|os.O_CREATE|os.O_EXCL, perm)
	if err != nil {
		return err
	}
	_, err = io.Copy(out, in)
	if e := out.Sync(); err == nil {
		err = e
	}
	if e := out.Close(); err == nil {
		err = e
	}
	return err
}

// rollback undoes the steps done, last first, then removes what is left
// staged, and returns cause with anything that could not be undone.
func (b *Batch) rollback(done []placed, cause error) error {
	var failed []error
	for i := len(done) - 1; i >= 0; i-- {
		p := done[i]
		var err error
		if p.backup != "" {
			err = os.Rename(p.backup, p.target)
			if err == nil {
				b.Janitor.drop(p.backup)
			}
		} else {
			err = os.Remove(p.target)
		}
		if err != nil {
			msg := fmt.Errorf("could not restore %s: %w", p.target, err)
			if p.backup != "" {
				// Keep the backup: it is the user's data.
				b.Janitor.drop(p.backup)
				msg = fmt.Errorf("could not restore %s (its previous contents are in %s): %w", p.target, p.backup, err)
			}
			failed = append(failed, msg)
		}
	}
	b.Abort()
	if len(failed) > 0 {
		return errors.Join(append([]error{cause}, failed...)...)
	}
	return fmt.Errorf("%w; every output was put back as it was", cause)
}

// syncDirs makes the renames durable by syncing each folder written to
// (best effort: not every system can sync a folder).
func syncDirs(done []placed) {
	seen := map[string]bool{}
	for _, p := range done {
		d := filepath.Dir(p.target)
		if seen[d] {
			continue
		}
		seen[d] = true
		if f, err := os.Open(d); err == nil {
			_ = f.Sync()
			_ = f.Close()
		}
	}
}
