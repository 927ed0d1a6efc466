//go:build unix

package inputfile

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"

	"github.com/linkmatch/linkmatch/input"
)

func TestRead(t *testing.T) {
	dir := t.TempDir()
	regular := filepath.Join(dir, "children.csv")
	if err := os.WriteFile(regular, []byte("id\nC1\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	link := filepath.Join(dir, "link.csv")
	if err := os.Symlink(regular, link); err != nil {
		t.Fatal(err)
	}
	fifo := filepath.Join(dir, "fifo.csv")
	if err := syscall.Mkfifo(fifo, 0o644); err != nil {
		t.Skipf("cannot make a FIFO here: %v", err)
	}
	zeroLink := filepath.Join(dir, "zero.csv")
	if err := os.Symlink("/dev/zero", zeroLink); err != nil {
		t.Fatal(err)
	}
	big := filepath.Join(dir, "big.csv")
	if err := os.WriteFile(big, []byte(strings.Repeat("x", 2*MB+1)), 0o644); err != nil {
		t.Fatal(err)
	}
	small := Limits{CSV: 2 * MB}
	tests := []struct {
		name string
		path string
		lim  Limits
		want error // nil: read
	}{
		{"regular file", regular, Limits{}, nil},
		{"symbolic link to a regular file", link, Limits{}, nil},
		{"folder", dir, Limits{}, ErrNotRegular},
		{"FIFO with no writer", fifo, Limits{}, ErrNotRegular},
		{"/dev/zero", "/dev/zero", Limits{}, ErrNotRegular},
		{"/dev/urandom", "/dev/urandom", Limits{}, ErrNotRegular},
		{"symbolic link to /dev/zero", zeroLink, Limits{}, ErrNotRegular},
		{"over the limit", big, small, ErrTooLarge},
		{"limit raised", big, small.Raised(3), nil},
		{"missing", filepath.Join(dir, "none.csv"), Limits{}, fs.ErrNotExist},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if _, err := os.Stat(tt.path); tt.want != fs.ErrNotExist && err != nil {
				t.Skipf("%s: %v", tt.path, err)
			}
			data, err := Read(tt.path, CSV, tt.lim)
			if tt.want == nil {
				if err != nil || len(data) == 0 {
					t.Fatalf("Read = %d bytes, %v; want the file", len(data), err)
				}
				return
			}
			if !errors.Is(err, tt.want) {
				t.Fatalf("Read error = %v, want %v", err, tt.want)
			}
			var ps input.Problems
			if !Problem(&ps, "x.csv", err, "check the path") || !errors.Is(ps.Err(), input.ErrInvalid) {
				t.Fatalf("Problem did not record an error: %v", ps.List)
			}
			if p := ps.List[0]; p.File != "x.csv" || p.Hint == "" || p.Message == "" {
				t.Errorf("problem %+v lacks its file, message or hint", p)
			}
		})
	}
}
