package inputfile

import (
	"bytes"
	"io"
	"os"
	"path/filepath"
	"testing"
	"testing/iotest"
)

// TestReadAtMost: whatever the size Stat reported — right, too small
// (the file grew, or a /proc file says 0), too large (it shrank) — and
// however the reader hands out its bytes, readAtMost returns the file's
// bytes, stopping at max, as io.ReadAll of a LimitReader does.
func TestReadAtMost(t *testing.T) {
	data := bytes.Repeat([]byte("0123456789abcdef"), 1000) // 16,000 bytes
	cases := []struct {
		name      string
		size, max int64
	}{
		{"size right", 16000, 1 << 20},
		{"size zero", 0, 1 << 20},
		{"grew", 100, 1 << 20},
		{"shrank", 20000, 1 << 20},
		{"over the limit", 16000, 5001},
		{"over the limit, size zero", 0, 5001},
		{"limit exactly", 16000, 16000},
	}
	for _, tc := range cases {
		for name, r := range map[string]func() io.Reader{
			"whole":      func() io.Reader { return bytes.NewReader(data) },
			"one byte":   func() io.Reader { return iotest.OneByteReader(bytes.NewReader(data)) },
			"data + EOF": func() io.Reader { return iotest.DataErrReader(bytes.NewReader(data)) },
		} {
			t.Run(tc.name+"/"+name, func(t *testing.T) {
				got, err := readAtMost(r(), tc.size, tc.max)
				if err != nil {
					t.Fatal(err)
				}
				want, err := io.ReadAll(io.LimitReader(bytes.NewReader(data), tc.max))
				if err != nil {
					t.Fatal(err)
				}
				if !bytes.Equal(got, want) {
					t.Fatalf("got %d bytes, want %d", len(got), len(want))
				}
			})
		}
	}
}

// TestReadAtMostHalves: a file read in two halves at once gives the same
// bytes, whether Stat's size was right, too small (the file grew: the
// rest is read after the halves) or too large (it shrank), and stopping
// at max.
func TestReadAtMostHalves(t *testing.T) {
	data := bytes.Repeat([]byte("0123456789abcdef"), 1000) // 16,000 bytes
	path := filepath.Join(t.TempDir(), "pairs.csv")
	if err := os.WriteFile(path, data, 0o644); err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		name      string
		size, max int64
	}{
		{"size right", 16000, 1 << 20},
		{"grew", 9001, 1 << 20},
		{"shrank", 20001, 1 << 20},
		{"shrank below half", 40000, 1 << 20},
		{"over the limit", 16000, 5001},
		{"limit exactly", 16000, 16000},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			f, err := os.Open(path)
			if err != nil {
				t.Fatal(err)
			}
			defer f.Close()
			got, err := readAtMostSplit(f, tc.size, tc.max, 1000)
			if err != nil {
				t.Fatal(err)
			}
			want := data[:min(int64(len(data)), tc.max)]
			if !bytes.Equal(got, want) {
				t.Fatalf("got %d bytes, want %d", len(got), len(want))
			}
		})
	}
}
