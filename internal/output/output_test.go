package output

import (
	"bytes"
	"encoding/csv"
	"errors"
	"io"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf8"
)

func TestCSVNeutralisesFormulas(t *testing.T) {
	var b bytes.Buffer
	c := NewCSV(&b)
	c.Header("id", "note", "n")
	for _, s := range []string{"=SUM(A1)", "+44", "-1", "@cmd", "\tx", "\rx", "plain", "a,b", `say "hi"`} {
		c.String("K1")
		c.String(s)
		c.Float(-1.5, 2)
		c.End()
	}
	if err := c.Flush(); err != nil {
		t.Fatal(err)
	}
	want := "id,note,n\n" +
		"K1,'=SUM(A1),-1.50\n" +
		"K1,'+44,-1.50\n" +
		"K1,'-1,-1.50\n" +
		"K1,'@cmd,-1.50\n" +
		"K1,'\tx,-1.50\n" +
		"K1,\"'\rx\",-1.50\n" +
		"K1,plain,-1.50\n" +
		"K1,\"a,b\",-1.50\n" +
		"K1,\"say \"\"hi\"\"\",-1.50\n"
	if b.String() != want {
		t.Errorf("got\n%q\nwant\n%q", b.String(), want)
	}
}

// FuzzGuardRoundTrip: whatever a text cell holds, the cell String writes
// reads back (encoding/csv, then Unguard) as exactly that text, and never
// starts with what a spreadsheet runs as a formula.
func FuzzGuardRoundTrip(f *testing.F) {
	for _, s := range []string{"=SUM(A1)", "-17", "'=x", "''+1", "'", "'plain", "plain", "@", "\tx", "a,b"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if s == "" || !utf8.ValidString(s) || strings.ContainsAny(s, "\r\n") {
			t.Skip() // a blank row is no row; encoding/csv changes line ends inside quoted fields
		}
		var b bytes.Buffer
		c := NewCSV(&b)
		c.String(s)
		c.End()
		if err := c.Flush(); err != nil {
			t.Fatal(err)
		}
		rec, err := csv.NewReader(&b).Read()
		if err != nil {
			t.Fatalf("%q written as %q: %v", s, b.String(), err)
		}
		if needsNeutral(rec[0]) && rec[0][0] != '\'' {
			t.Errorf("%q written as %q, which a spreadsheet runs", s, rec[0])
		}
		if got := Unguard(rec[0]); got != s {
			t.Errorf("%q written as %q reads back as %q", s, rec[0], got)
		}
	})
}

func TestWriteFileAtomic(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "sub", "out.csv")
	if err := WriteFile(path, func(w io.Writer) error { _, err := io.WriteString(w, "a\n"); return err }); err != nil {
		t.Fatal(err)
	}
	boom := errors.New("boom")
	err := WriteFile(path, func(w io.Writer) error {
		if _, err := io.WriteString(w, "half"); err != nil {
			return err
		}
		return boom
	})
	if !errors.Is(err, boom) {
		t.Fatalf("err = %v", err)
	}
	got, err := os.ReadFile(path)
	if err != nil || string(got) != "a\n" {
		t.Errorf("failed write changed the file: %q", got)
	}
	entries, err := os.ReadDir(filepath.Dir(path))
	if err != nil || len(entries) != 1 {
		t.Errorf("temporary files left behind: %v", entries)
	}
}

func TestBatchAbortLeavesNothing(t *testing.T) {
	dir := t.TempDir()
	var b Batch
	for _, n := range []string{"matches.csv", "unmatched.csv"} {
		w, err := b.Create(filepath.Join(dir, n))
		if err != nil {
			t.Fatal(err)
		}
		if _, err := io.WriteString(w, "x\n"); err != nil {
			t.Fatal(err)
		}
	}
	b.Abort()
	if entries, err := os.ReadDir(dir); err != nil || len(entries) != 0 {
		t.Errorf("abort left %v (%v)", entries, err)
	}
	// Folders made for the outputs go too.
	var nested Batch
	if _, err := nested.Create(filepath.Join(dir, "run", "a", "x.csv")); err != nil {
		t.Fatal(err)
	}
	nested.Abort()
	if entries, err := os.ReadDir(dir); err != nil || len(entries) != 0 {
		t.Errorf("abort left the folders it made: %v (%v)", entries, err)
	}
	var ok Batch
	w, err := ok.Create(filepath.Join(dir, "a.csv"))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := io.WriteString(w, "y\n"); err != nil {
		t.Fatal(err)
	}
	if err := ok.Commit(); err != nil {
		t.Fatal(err)
	}
	if got, err := os.ReadFile(filepath.Join(dir, "a.csv")); err != nil || string(got) != "y\n" {
		t.Errorf("commit wrote %q (%v)", got, err)
	}
}

// TestFloatNeverNegativeZero: a number that rounds to zero is written
// without a sign, whatever the decimals; other numbers keep theirs.
func TestFloatNeverNegativeZero(t *testing.T) {
	tests := []struct {
		f        float64
		decimals int
		want     string
	}{
		{math.Copysign(0, -1), -1, "0"},
		{math.Copysign(0, -1), 2, "0.00"},
		{-0.004, 2, "0.00"},
		{-0.0000001, 6, "0.000000"},
		{-0.005, 1, "0.0"},
		{-0.06, 1, "-0.1"},
		{-1.5, 2, "-1.50"},
		{-3.1021, -1, "-3.1021"},
		{0.25, -1, "0.25"},
	}
	for _, tt := range tests {
		if got := string(appendFloat(nil, tt.f, tt.decimals)); got != tt.want {
			t.Errorf("appendFloat(%v, %d) = %q, want %q", tt.f, tt.decimals, got, tt.want)
		}
	}
}

// TestRefuseExisting: a folder's files are replaced only with force, and
// the refusal names at most three of them, relative to the folder.
func TestRefuseExisting(t *testing.T) {
	dir := t.TempDir()
	var targets []string
	for _, name := range []string{"a.csv", "b.csv", "c.csv", "d.csv", "e.csv"} {
		p := filepath.Join(dir, name)
		targets = append(targets, p)
		if name != "e.csv" {
			if err := os.WriteFile(p, []byte("x"), 0o644); err != nil {
				t.Fatal(err)
			}
		}
	}
	if err := RefuseExisting(dir, targets, true, "the demo"); err != nil {
		t.Errorf("with force: %v", err)
	}
	if err := RefuseExisting(dir, targets[4:], false, "the demo"); err != nil {
		t.Errorf("nothing there: %v", err)
	}
	err := RefuseExisting(dir, targets, false, "the demo")
	if !errors.Is(err, ErrRefused) || !strings.Contains(err.Error(), "a.csv, b.csv, c.csv, and 1 more, which the demo would replace") {
		t.Errorf("err = %v, want a refusal naming a.csv, b.csv, c.csv and 1 more", err)
	}
}

// TestCreateFinish: a file finished before Commit (written on its own
// goroutine) is not in place until Commit, is put in place whole by it,
// and is removed by an Abort instead.
func TestCreateFinish(t *testing.T) {
	dir := t.TempDir()
	var b Batch
	w, finish, err := b.CreateFinish(filepath.Join(dir, "timeline.csv"))
	if err != nil {
		t.Fatal(err)
	}
	done := make(chan error)
	go func() {
		_, err := io.WriteString(w, strings.Repeat("row\n", 1<<18)) // beyond the write buffer
		if err == nil {
			err = finish()
		}
		done <- err
	}()
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(dir, "timeline.csv")); !errors.Is(err, os.ErrNotExist) {
		t.Fatalf("finished but not committed: the file is in place (%v)", err)
	}
	w2, err := b.Create(filepath.Join(dir, "run.json"))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := io.WriteString(w2, "{}\n"); err != nil {
		t.Fatal(err)
	}
	if err := b.Commit(); err != nil {
		t.Fatal(err)
	}
	if got, err := os.ReadFile(filepath.Join(dir, "timeline.csv")); err != nil || string(got) != strings.Repeat("row\n", 1<<18) {
		t.Errorf("commit put %d bytes in place (%v), want %d", len(got), err, 4<<18)
	}
	if got, err := os.ReadFile(filepath.Join(dir, "run.json")); err != nil || string(got) != "{}\n" {
		t.Errorf("commit wrote %q (%v)", got, err)
	}

	var a Batch
	w, finish, err = a.CreateFinish(filepath.Join(dir, "costs.csv"))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := io.WriteString(w, "x\n"); err != nil {
		t.Fatal(err)
	}
	if err := finish(); err != nil {
		t.Fatal(err)
	}
	a.Abort()
	if _, err := os.Stat(filepath.Join(dir, "costs.csv")); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("abort left a finished file in place (%v)", err)
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 2 {
		t.Errorf("abort left temporary files: %v", entries)
	}
}
