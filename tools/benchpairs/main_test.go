package main

import (
	"bytes"
	"flag"
	"os"
	"path/filepath"
	"testing"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata")

// small is the instance kept as a golden file. assign's
// TestSyntheticMatchesBenchpairs reads the same file, so the two generators
// cannot drift apart unnoticed.
var small = instance{name: "small", children: 40, carers: 15, maxPlaces: 3, pairsEach: 6, seed: 7}

func TestGolden(t *testing.T) {
	dir := t.TempDir()
	if err := small.write(dir); err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{"pairs.csv", "carers.csv"} {
		got, err := os.ReadFile(filepath.Join(dir, name))
		if err != nil {
			t.Fatal(err)
		}
		golden := filepath.Join("testdata", "small", name)
		if *update {
			if err := os.MkdirAll(filepath.Dir(golden), 0o755); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(golden, got, 0o644); err != nil {
				t.Fatal(err)
			}
		}
		want, err := os.ReadFile(golden)
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(got, want) {
			t.Errorf("%s differs from %s (run with -update after checking why)", name, golden)
		}
	}
}

func TestRunNeedsOut(t *testing.T) {
	var stderr bytes.Buffer
	if err := run(nil, &stderr); err == nil {
		t.Fatal("no error without -out")
	}
}
