package main

import (
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

func TestMatchPinned(t *testing.T) {
	dir := t.TempDir()
	pairs := filepath.Join(dir, "pairs.csv")
	carers := filepath.Join(dir, "carers.csv")
	writeFile(t, pairs, "child_id,carer_id,score\nC1,K1,90\nC1,K2,10\nC2,K1,80\n")
	writeFile(t, carers, "id,capacity\nK1,1\nK2,1\n")
	// Without a pin, optimal links both children: C1–K2 and C2–K1.
	// Pinning C1 to K1 keeps that link and leaves C2 unlinked.
	pinned := filepath.Join(dir, "pinned.csv")
	writeFile(t, pinned, "child_id,carer_id\nC1,K1\n")
	out := filepath.Join(dir, "m", "matches.csv")
	code, _, stderr := runCapture(t, "match", "--pairs", pairs, "--carers", carers, "--pinned", pinned, "--out", out, "--quiet")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	data := readFile(t, out)
	if !strings.Contains(string(data), "C1,K1,90.00,1,") || !strings.Contains(string(data), ",optimal,,yes") || strings.Contains(string(data), "C2,") {
		t.Errorf("matches:\n%s", data)
	}

	tests := []struct {
		name, pins, has string
	}{
		{"unknown carer", "child_id,carer_id\nC1,K9\n", "pinned.csv:2:4 (carer_id)"},
		{"pinned twice", "child_id,carer_id\nC1,K1\nC1,K2\n", "pinned.csv:3:1 (child_id)"},
		{"not eligible", "child_id,carer_id\nC2,K2\n", "not an eligible pair"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			writeFile(t, pinned, tt.pins)
			out := filepath.Join(dir, tt.name, "matches.csv")
			code, _, stderr := runCapture(t, "match", "--pairs", pairs, "--carers", carers, "--pinned", pinned, "--out", out)
			if code != 2 || !strings.Contains(stderr, tt.has) {
				t.Errorf("exit %d, want 2 with %q:\n%s", code, tt.has, stderr)
			}
			if _, err := os.Stat(out); err == nil {
				t.Error("output written for bad pins")
			}
		})
	}
}

// TestMatchRefusesSiblingGroupsTooLarge: sibling groups of so many
// different sizes that the solver's exact arithmetic could overflow are
// refused as invalid input (exit 2) with a message, and nothing is written.
func TestMatchRefusesSiblingGroupsTooLarge(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "s")
	if code, _, stderr := runCapture(t, "generate", "--children", "400", "--carers", "20", "--out", dir, "--quiet"); code != 0 {
		t.Fatal(stderr)
	}
	path := filepath.Join(dir, "children.csv")
	rows := readCSV(t, path)
	col := slices.Index(rows[0], "sibling_group")
	if col < 0 {
		t.Fatal("children.csv has no sibling_group column")
	}
	// Groups of every prime size up to 53: their sizes' least common
	// multiple alone overflows int64.
	r := 1
	for g, k := range []int{2, 3, 5, 7, 11, 13, 17, 19, 23, 29, 31, 37, 41, 43, 47, 53} {
		for i := 0; i < k && r < len(rows); i, r = i+1, r+1 {
			rows[r][col] = fmt.Sprintf("G%d", g)
		}
	}
	writeCSV(t, path, rows)
	out := filepath.Join(t.TempDir(), "matches.csv")
	code, _, stderr := runCapture(t, "match", dir, "--out", out)
	if code != 2 || !strings.Contains(stderr, "sibling groups are too large") {
		t.Fatalf("exit %d, want 2 with a message about sibling groups:\n%s", code, stderr)
	}
	if _, err := os.Stat(out); err == nil {
		t.Error("matches.csv written")
	}
}
