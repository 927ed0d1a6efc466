package output

import (
	"bytes"
	"errors"
	"io"
	"os"
	"path/filepath"
	"testing"
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
