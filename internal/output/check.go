package output

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
)

// ErrRefused matches every *RefusedError: an output path a command must not
// write. The command writes nothing and exits 2 (the input is wrong).
var ErrRefused = errors.New("output refused")

// RefusedError says why an output path cannot be written.
type RefusedError struct {
	Path   string
	Reason string // completes "PATH …"
	Hint   string // what to do; may be ""
}

func (e *RefusedError) Error() string {
	s := e.Path + " " + e.Reason
	if e.Hint != "" {
		s += " — " + e.Hint
	}
	return s
}

// Is makes errors.Is(err, ErrRefused) true.
func (e *RefusedError) Is(target error) bool { return target == ErrRefused }

// Path is a file a command reads or writes, with the role it plays, for
// messages: "--out", "--matches", "the scenario's pinned file".
type Path struct {
	Path string
	Role string
}

// Paths are the files a command writes, or reads, for Check.
type Paths []Path

// Add appends path under role, when a path is given.
func (f Paths) Add(path, role string) Paths {
	if path == "" {
		return f
	}
	return append(f, Path{Path: path, Role: role})
}

// Check refuses, before a command does any work, every output that could
// lose data: an output path that exists and is not an ordinary file (a
// folder, a device, a FIFO, a socket or a symbolic link), two outputs that
// are the same file, more than one output to standard output, and an
// output that is the same file as an input — however either is spelt:
// relative, absolute, through symbolic links or hard links. Empty paths
// are skipped. The error is a *RefusedError (errors.Is(err, ErrRefused)).
func Check(outputs, inputs []Path) error {
	type seenOut struct {
		p  Path
		st os.FileInfo
	}
	byName := map[string]Path{}
	var existing []seenOut
	stdout := ""
	for _, o := range outputs {
		switch o.Path {
		case "":
			continue
		case Stdout:
			if stdout != "" {
				return &RefusedError{Path: Stdout, Reason: fmt.Sprintf("(standard output) is given for both %s and %s", stdout, o.Role),
					Hint: "send at most one output to standard output"}
			}
			stdout = o.Role
			continue
		}
		if err := refuseNonRegular(o.Path, o.Role); err != nil {
			return err
		}
		canon := canonical(o.Path)
		if prev, dup := byName[canon]; dup {
			return &RefusedError{Path: o.Path, Reason: fmt.Sprintf("is given for both %s and %s", prev.Role, o.Role),
				Hint: "give each output its own file name"}
		}
		byName[canon] = o
		st, err := os.Stat(o.Path)
		if err != nil {
			continue // a new file: the same file as nothing that exists
		}
		for _, e := range existing {
			if os.SameFile(st, e.st) {
				return &RefusedError{Path: o.Path, Reason: fmt.Sprintf("(%s) is the same file as %s (%s)", o.Role, e.p.Path, e.p.Role),
					Hint: "give each output its own file name"}
			}
		}
		existing = append(existing, seenOut{o, st})
		for _, in := range inputs {
			if in.Path == "" || in.Path == Stdout {
				continue
			}
			ist, err := os.Stat(in.Path)
			if err == nil && os.SameFile(st, ist) {
				return &RefusedError{Path: o.Path, Reason: fmt.Sprintf("(%s) is also an input of this command (%s); writing it would destroy that input", o.Role, in.Role),
					Hint: "write the output somewhere else"}
			}
		}
	}
	return nil
}

// CheckDir refuses a folder path that exists and is not a folder (a
// symbolic link to a folder is a folder).
func CheckDir(dir, role string) error {
	st, err := os.Stat(dir)
	if err == nil && !st.IsDir() {
		return &RefusedError{Path: dir, Reason: fmt.Sprintf("(%s) is not a folder", role), Hint: "give the path of a folder, new or existing"}
	}
	return nil
}

// Existing returns those of paths that already exist, in order.
func Existing(paths []string) []string {
	var out []string
	for _, p := range paths {
		if _, err := os.Lstat(p); err == nil {
			out = append(out, p)
		}
	}
	return out
}

// refuseNonRegular refuses an existing path that is not a regular file. The
// path itself is looked at, not what a symbolic link points to: renaming a
// new file over a link would replace the link, not the file it names, so
// the user would not get what they asked for.
func refuseNonRegular(path, role string) error {
	st, err := os.Lstat(path)
	if err != nil || st.Mode().IsRegular() {
		return nil
	}
	return refusedKind(path, role, st.Mode())
}

func refusedKind(path, role string, m fs.FileMode) error {
	what, hint := "is not an ordinary file", "give the path of an ordinary file, new or existing"
	switch {
	case m.IsDir():
		what, hint = "is a folder", "give a file name inside it, such as "+filepath.Join(path, "out.csv")
	case m&fs.ModeSymlink != 0:
		what, hint = "is a symbolic link", "give the path of the file it points to, or a new file"
	case m&fs.ModeNamedPipe != 0:
		what = "is a named pipe (FIFO)"
	case m&fs.ModeSocket != 0:
		what = "is a socket"
	case m&fs.ModeDevice != 0, m&fs.ModeCharDevice != 0:
		what, hint = "is a device", "give the path of an ordinary file; to discard the output, write it to a new file and delete it, or use --out - and redirect"
	}
	if role != "" {
		what = "(" + role + ") " + what
	}
	return &RefusedError{Path: path, Reason: what + "; linkmatch replaces only ordinary files", Hint: hint}
}

// canonical spells path so that two spellings of one place compare equal
// even when the file does not exist yet: absolute, cleaned, with symbolic
// links resolved in the longest part of it that exists.
func canonical(path string) string {
	abs, err := filepath.Abs(path)
	if err != nil {
		return filepath.Clean(path)
	}
	rest := ""
	for d := abs; ; d = filepath.Dir(d) {
		if real, err := filepath.EvalSymlinks(d); err == nil {
			return filepath.Join(real, rest)
		}
		if filepath.Dir(d) == d {
			return abs
		}
		rest = filepath.Join(filepath.Base(d), rest)
	}
}

// RefuseExisting refuses (ErrRefused: exit 2) to replace files that exist among
// targets unless force: generate and demo write whole folders, and must not
// silently overwrite what a user made or changed.
func RefuseExisting(dir string, targets []string, force bool, who string) error {
	existing := Existing(targets)
	if force || len(existing) == 0 {
		return nil
	}
	names := make([]string, 0, 3)
	for i, p := range existing {
		if i == 3 {
			names = append(names, fmt.Sprintf("and %d more", len(existing)-3))
			break
		}
		rel, err := filepath.Rel(dir, p)
		if err != nil {
			rel = p
		}
		names = append(names, rel)
	}
	return &RefusedError{Path: dir,
		Reason: fmt.Sprintf("already holds %s, which %s would replace", strings.Join(names, ", "), who),
		Hint:   "choose a new folder, or add --force to replace them"}
}
