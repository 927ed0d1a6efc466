//go:build unix

package output

import (
	"bytes"
	"errors"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"syscall"
	"testing"
)

func write(t *testing.T, path, text string, perm os.FileMode) {
	t.Helper()
	if err := os.WriteFile(path, []byte(text), perm); err != nil {
		t.Fatal(err)
	}
	if err := os.Chmod(path, perm); err != nil {
		t.Fatal(err)
	}
}

func read(t *testing.T, path string) string {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		return "<" + err.Error() + ">"
	}
	return string(data)
}

func names(t *testing.T, dir string) []string {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, e := range entries {
		out = append(out, e.Name())
	}
	return out
}

func stage(t *testing.T, b *Batch, path, text string) {
	t.Helper()
	w, err := b.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := io.WriteString(w, text); err != nil {
		t.Fatal(err)
	}
}

// TestCommitRollsBack: when putting a later file in place fails, the files
// already put in place get their previous contents back, a file that did
// not exist is gone again, a removed file is back, and nothing temporary
// is left.
func TestCommitRollsBack(t *testing.T) {
	for _, failing := range []string{"c.csv", "b.csv"} {
		t.Run("failing at "+failing, func(t *testing.T) {
			dir := t.TempDir()
			write(t, filepath.Join(dir, "a.csv"), "old a\n", 0o640)
			write(t, filepath.Join(dir, "b.csv"), "old b\n", 0o600)
			write(t, filepath.Join(dir, "stale.csv"), "stale\n", 0o644)
			b := Batch{Force: true, rename: func(from, to string) error {
				if filepath.Base(to) == failing {
					return errors.New("disk full")
				}
				return os.Rename(from, to)
			}}
			stage(t, &b, filepath.Join(dir, "a.csv"), "new a\n")
			stage(t, &b, filepath.Join(dir, "b.csv"), "new b\n")
			stage(t, &b, filepath.Join(dir, "c.csv"), "new c\n")
			b.Remove(filepath.Join(dir, "stale.csv"))
			err := b.Commit()
			if err == nil || !strings.Contains(err.Error(), "disk full") {
				t.Fatalf("Commit error = %v, want the rename's", err)
			}
			if got := read(t, filepath.Join(dir, "a.csv")); got != "old a\n" {
				t.Errorf("a.csv = %q after rollback", got)
			}
			if got := read(t, filepath.Join(dir, "b.csv")); got != "old b\n" {
				t.Errorf("b.csv = %q after rollback", got)
			}
			if got := read(t, filepath.Join(dir, "stale.csv")); got != "stale\n" {
				t.Errorf("stale.csv = %q after rollback", got)
			}
			if got, want := names(t, dir), []string{"a.csv", "b.csv", "stale.csv"}; !slices.Equal(got, want) {
				t.Errorf("folder holds %v, want %v", got, want)
			}
			if st, err := os.Stat(filepath.Join(dir, "b.csv")); err != nil {
				t.Error(err)
			} else if st.Mode().Perm() != 0o600 {
				t.Errorf("b.csv mode %v after rollback, want 0600", st.Mode().Perm())
			}
		})
	}
}

// TestCommitRefusesTargetChanged: a target that became a folder after it
// was staged stops the commit, and the files already put in place are
// restored.
func TestCommitRefusesTargetChanged(t *testing.T) {
	dir := t.TempDir()
	write(t, filepath.Join(dir, "a.csv"), "old a\n", 0o644)
	var b Batch
	stage(t, &b, filepath.Join(dir, "a.csv"), "new a\n")
	stage(t, &b, filepath.Join(dir, "b.csv"), "new b\n")
	if err := os.Mkdir(filepath.Join(dir, "b.csv"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := b.Commit(); !errors.Is(err, ErrRefused) {
		t.Fatalf("Commit error = %v, want refused", err)
	}
	if got := read(t, filepath.Join(dir, "a.csv")); got != "old a\n" {
		t.Errorf("a.csv = %q", got)
	}
	if got := names(t, dir); !slices.Equal(got, []string{"a.csv", "b.csv"}) {
		t.Errorf("folder holds %v", got)
	}
}

// TestPermissions: a new file gets 0666 less the umask; a replaced file
// keeps its mode; removed files come back with theirs.
func TestPermissions(t *testing.T) {
	old := syscall.Umask(0o027)
	defer syscall.Umask(old)
	dir := t.TempDir()
	kept := filepath.Join(dir, "kept.csv")
	write(t, kept, "x\n", 0o600)
	b := Batch{Force: true}
	stage(t, &b, filepath.Join(dir, "new.csv"), "n\n")
	stage(t, &b, kept, "y\n")
	stage(t, &b, filepath.Join(dir, "sub", "deep.csv"), "d\n")
	if err := b.Commit(); err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct {
		path string
		want os.FileMode
	}{
		{filepath.Join(dir, "new.csv"), 0o640},
		{kept, 0o600},
		{filepath.Join(dir, "sub", "deep.csv"), 0o640},
		{filepath.Join(dir, "sub"), 0o750 | os.ModeDir},
	} {
		st, err := os.Stat(tt.path)
		if err != nil {
			t.Fatal(err)
		}
		if got := st.Mode() & (os.ModePerm | os.ModeDir); got != tt.want {
			t.Errorf("%s: mode %v, want %v", filepath.Base(tt.path), got, tt.want)
		}
	}
	if got := read(t, kept); got != "y\n" {
		t.Errorf("kept.csv = %q", got)
	}
}

func TestStdout(t *testing.T) {
	tmp := t.TempDir()
	t.Setenv("TMPDIR", tmp)
	dir := t.TempDir()
	var out bytes.Buffer
	b := Batch{Stdout: &out}
	stage(t, &b, Stdout, "to the terminal\n")
	stage(t, &b, filepath.Join(dir, "file.csv"), "to a file\n")
	if out.Len() != 0 {
		t.Fatal("standard output written before the commit")
	}
	if err := b.Commit(); err != nil {
		t.Fatal(err)
	}
	if out.String() != "to the terminal\n" || read(t, filepath.Join(dir, "file.csv")) != "to a file\n" {
		t.Errorf("stdout %q, file %q", out.String(), read(t, filepath.Join(dir, "file.csv")))
	}
	if left := names(t, tmp); len(left) != 0 {
		t.Errorf("temporary files left: %v", left)
	}
	// An aborted batch writes nothing to standard output.
	out.Reset()
	b = Batch{Stdout: &out}
	stage(t, &b, Stdout, "never\n")
	b.Abort()
	if out.Len() != 0 || len(names(t, tmp)) != 0 {
		t.Errorf("abort wrote %q and left %v", out.String(), names(t, tmp))
	}
}

func TestCheck(t *testing.T) {
	dir := t.TempDir()
	in := filepath.Join(dir, "scenario", "children.csv")
	if err := os.MkdirAll(filepath.Dir(in), 0o755); err != nil {
		t.Fatal(err)
	}
	write(t, in, "id\n", 0o644)
	hard := filepath.Join(dir, "hard.csv")
	if err := os.Link(in, hard); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(filepath.Join(dir, "scenario"), filepath.Join(dir, "alias")); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(in, filepath.Join(dir, "link.csv")); err != nil {
		t.Fatal(err)
	}
	fifo := filepath.Join(dir, "fifo.csv")
	if err := syscall.Mkfifo(fifo, 0o644); err != nil {
		t.Fatal(err)
	}
	t.Chdir(dir)
	inputs := []Path{{in, "children"}}
	tests := []struct {
		name    string
		outputs []Path
		refused bool
		says    string
	}{
		{"new files", []Path{{"out/a.csv", "--out"}, {"out/b.csv", "--unmatched"}}, false, ""},
		{"output is the input", []Path{{in, "--out"}}, true, "also an input"},
		{"output is the input, relative", []Path{{"scenario/children.csv", "--out"}}, true, "also an input"},
		{"output is the input through a linked folder", []Path{{"alias/children.csv", "--out"}}, true, "also an input"},
		{"output is a hard link to the input", []Path{{hard, "--out"}}, true, "also an input"},
		{"output is a symbolic link", []Path{{"link.csv", "--out"}}, true, "symbolic link"},
		{"output is a folder", []Path{{"scenario", "--out"}}, true, "is a folder"},
		{"output is a FIFO", []Path{{fifo, "--out"}}, true, "named pipe"},
		{"output is /dev/null", []Path{{"/dev/null", "--out"}}, true, "is a device"},
		{"two outputs, one path", []Path{{"x.csv", "--out"}, {"x.csv", "--unmatched"}}, true, "both --out and --unmatched"},
		{"two outputs, two spellings", []Path{{"x.csv", "--out"}, {"./sub/../x.csv", "--unmatched"}}, true, "both --out and --unmatched"},
		{"two outputs through a linked folder", []Path{{"scenario/new.csv", "--out"}, {"alias/new.csv", "--ics"}}, true, "both --out and --ics"},
		{"two outputs, hard links", []Path{{"hard.csv", "--out"}, {"scenario/children.csv", "--ics"}}, true, ""},
		{"standard output once", []Path{{"-", "--out"}, {"x.csv", "--ics"}}, false, ""},
		{"standard output twice", []Path{{"-", "--out"}, {"-", "--ics"}}, true, "standard output"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := Check(tt.outputs, inputs)
			if (err != nil) != tt.refused || (err != nil && !errors.Is(err, ErrRefused)) {
				t.Fatalf("Check = %v, want refused %v", err, tt.refused)
			}
			if err != nil && !strings.Contains(err.Error(), tt.says) {
				t.Errorf("message %q does not say %q", err, tt.says)
			}
		})
	}
	if got := read(t, in); got != "id\n" {
		t.Errorf("Check changed the input: %q", got)
	}
	if err := CheckDir(in, "--out"); !errors.Is(err, ErrRefused) {
		t.Errorf("CheckDir(a file) = %v", err)
	}
	if err := CheckDir("alias", "--out"); err != nil {
		t.Errorf("CheckDir(a link to a folder) = %v", err)
	}
}

// TestCreateRefusesNonRegular: even without Check, a batch never replaces
// anything but an ordinary file.
func TestCreateRefusesNonRegular(t *testing.T) {
	dir := t.TempDir()
	target := filepath.Join(dir, "real.csv")
	write(t, target, "keep\n", 0o644)
	link := filepath.Join(dir, "link.csv")
	if err := os.Symlink(target, link); err != nil {
		t.Fatal(err)
	}
	for _, p := range []string{link, dir, "/dev/null"} {
		var b Batch
		if _, err := b.Create(p); !errors.Is(err, ErrRefused) {
			t.Errorf("Create(%s) = %v, want refused", p, err)
		}
		b.Abort()
	}
	if got := read(t, target); got != "keep\n" {
		t.Errorf("the link's target changed: %q", got)
	}
}

// TestJanitor: Clean removes everything staged and every folder made, tells
// Notify of each path taken and given up, and stops later batches.
func TestJanitor(t *testing.T) {
	dir := t.TempDir()
	var mu sync.Mutex
	live := map[string]bool{}
	j := &Janitor{Notify: func(p string, added bool) {
		mu.Lock()
		defer mu.Unlock()
		if added {
			live[p] = true
		} else {
			delete(live, p)
		}
	}}
	b := Batch{Janitor: j}
	stage(t, &b, filepath.Join(dir, "run", "a.csv"), "a\n")
	stage(t, &b, filepath.Join(dir, "run", "b.csv"), "b\n")
	if len(live) != 3 {
		t.Errorf("Notify knows %d paths, want 3 (two files, one folder): %v", len(live), live)
	}
	if failed := j.Clean(); len(failed) != 0 {
		t.Errorf("Clean could not remove %v", failed)
	}
	if got := names(t, dir); len(got) != 0 {
		t.Errorf("Clean left %v", got)
	}
	if len(live) != 0 {
		t.Errorf("Notify still holds %v", live)
	}
	if err := b.Commit(); !errors.Is(err, ErrStopped) {
		t.Errorf("Commit after Clean = %v, want ErrStopped", err)
	}
	var later Batch
	later.Janitor = j
	if _, err := later.Create(filepath.Join(dir, "c.csv")); !errors.Is(err, ErrStopped) {
		t.Errorf("Create after Clean = %v, want ErrStopped", err)
	}
	if got := names(t, dir); len(got) != 0 {
		t.Errorf("a batch wrote after Clean: %v", got)
	}
	// A committed batch leaves nothing for the janitor.
	j2 := &Janitor{}
	ok := Batch{Janitor: j2, Force: true}
	write(t, filepath.Join(dir, "old.csv"), "old\n", 0o644)
	stage(t, &ok, filepath.Join(dir, "old.csv"), "new\n")
	if err := ok.Commit(); err != nil {
		t.Fatal(err)
	}
	if len(j2.paths) != 0 {
		t.Errorf("janitor still holds %v after a commit", j2.paths)
	}
}

// TestJanitorHold: files put in place and then held are removed by Clean
// (and their new folder with them), and told to Notify so that another
// process could; released ones stay.
func TestJanitorHold(t *testing.T) {
	for _, release := range []bool{false, true} {
		dir := t.TempDir()
		live := map[string]bool{}
		j := &Janitor{Notify: func(p string, added bool) { live[p] = added }}
		b := Batch{Janitor: j}
		a := filepath.Join(dir, "scenario", "a.csv")
		stage(t, &b, a, "a\n")
		if err := b.Commit(); err != nil {
			t.Fatal(err)
		}
		held := []string{a, filepath.Join(dir, "scenario") + string(filepath.Separator)}
		if !j.Hold(held) || !live[a] {
			t.Fatalf("Hold refused or not told: %v", live)
		}
		if release {
			j.Release(held)
		}
		j.Clean()
		got := names(t, dir)
		switch {
		case release && len(got) == 0:
			t.Error("Clean removed released files")
		case !release && len(got) != 0:
			t.Errorf("Clean left %v", got)
		}
		if live[a] {
			t.Errorf("Notify still holds %s", a)
		}
	}
}

// TestCommitKeepsOtherFiles: without Force, Commit replaces a file only
// when it looks like an earlier output of the same kind (the same first
// line, or a CSV header sharing most columns), or is empty; a user's own
// file, or an output of another kind, is refused and nothing is written.
func TestCommitKeepsOtherFiles(t *testing.T) {
	for _, tc := range []struct {
		name, old, now string
		refused        bool
	}{
		{"an earlier output", "link_id,date,amount\nL1,2027-01-04,5\n", "link_id,date,amount\nL2,2027-01-05,6\n", false},
		{"an earlier version's output", "\xef\xbb\xbflink_id,date,amount\r\nL1,x,5\r\n", "link_id,date,amount,basis\nL2,y,6,actual\n", false},
		{"an empty file", "", "a,b\n1,2\n", false},
		{"another output's file", "child_id,carer_id,score\nC1,K1,0.9\n", "carer_id,tier,pay_period,amount\nK1,standard,1,5\n", true},
		{"a user's own file", "my notes\n", "link_id,date\nL1,x\n", true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			target, other := filepath.Join(dir, "m.csv"), filepath.Join(dir, "new.csv")
			write(t, target, tc.old, 0o644)
			var b Batch
			stage(t, &b, other, "n\n")
			stage(t, &b, target, tc.now)
			err := b.Commit()
			if got := errors.Is(err, ErrRefused); got != tc.refused {
				t.Fatalf("Commit error %v, refused %v, want %v", err, got, tc.refused)
			}
			want := tc.now
			if tc.refused {
				want = tc.old
				if _, err := os.Stat(other); err == nil {
					t.Error("a refused batch wrote another of its files")
				}
				if !strings.Contains(err.Error(), "--force") {
					t.Errorf("message does not suggest --force: %v", err)
				}
			}
			if got, _ := os.ReadFile(target); string(got) != want {
				t.Errorf("%s holds %q, want %q", target, got, want)
			}
		})
	}
	// Force replaces anything.
	dir := t.TempDir()
	target := filepath.Join(dir, "m.csv")
	write(t, target, "mine\n", 0o644)
	b := Batch{Force: true}
	stage(t, &b, target, "a,b\n")
	if err := b.Commit(); err != nil {
		t.Fatal(err)
	}
}
