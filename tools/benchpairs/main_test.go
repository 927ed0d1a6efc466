package main

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"

	"github.com/linkmatch/linkmatch/internal/goldentest"
)

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
		goldentest.Check(t, filepath.Join("testdata", "small", name), got)
	}
}

func TestRunNeedsOut(t *testing.T) {
	var stderr bytes.Buffer
	if err := run(nil, &stderr); err == nil {
		t.Fatal("no error without -out")
	}
}
