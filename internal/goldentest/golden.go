// Package goldentest compares what a test produced with a golden file
// under testdata (STYLE.md, after go/doc's tests), rewrites the file when
// the test runs with -update, and shows a difference as the lines that
// changed, each with its line number, so a failure says where a timeline
// or a CSV moved rather than printing its first bytes.
package goldentest

import (
	"bytes"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

var update = flag.Bool("update", false, "rewrite the golden files under testdata/ (review the diff before committing)")

// Updating reports whether the test binary runs with -update.
func Updating() bool { return *update }

// Check compares got with the golden file at path; with -update it writes
// got there instead (creating the folder).
func Check(t testing.TB, path string, got []byte) {
	t.Helper()
	if *update {
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run the test with -update to create it)", err)
	}
	if d := Diff(want, got); d != "" {
		t.Errorf("%s differs from the golden file; review the difference and run the test with -update if the change is right:\n%s", path, d)
	}
}

// maxShown caps the changed lines a difference shows.
const maxShown = 40

// maxCells caps the table the line-by-line comparison fills (the lines
// that differ between the first and the last change, one against the
// other); beyond it the difference shows the first changed lines only.
const maxCells = 16 << 20

// Diff returns the lines that differ between want and got, as "-N want"
// and "+N got" lines with their line numbers in each, each run of changes
// after a " N" line of context; "" when they are equal. It compares lines
// by their longest common subsequence, so a line inserted early does not
// make every later line look changed.
func Diff(want, got []byte) string {
	if bytes.Equal(want, got) {
		return ""
	}
	a, b := lines(want), lines(got)
	// The common head and tail need no table.
	pre := 0
	for pre < len(a) && pre < len(b) && a[pre] == b[pre] {
		pre++
	}
	suf := 0
	for suf < len(a)-pre && suf < len(b)-pre && a[len(a)-1-suf] == b[len(b)-1-suf] {
		suf++
	}
	ma, mb := a[pre:len(a)-suf], b[pre:len(b)-suf]
	var ops []op
	if (len(ma)+1)*(len(mb)+1) <= maxCells {
		ops = lcsOps(ma, mb)
	} else {
		ops = naiveOps(ma, mb)
	}
	return render(a, b, pre, ops)
}

// lines splits text into lines; a final line end does not make an empty
// last line, but a missing one is shown.
func lines(text []byte) []string {
	s := string(text)
	if s == "" {
		return nil
	}
	out := strings.Split(s, "\n")
	if out[len(out)-1] == "" {
		return out[:len(out)-1]
	}
	out[len(out)-1] += "⏎ (no line end)"
	return out
}

// op is one step of an edit script over the middle lines: keep, delete
// (from want) or insert (from got).
type op struct {
	kind byte // ' ', '-', '+'
	a, b int  // indexes into the middle of want and got
}

// lcsOps is the edit script of a longest common subsequence of lines
// (the textbook dynamic programme, Cormen et al., Introduction to
// Algorithms, §15.4).
func lcsOps(a, b []string) []op {
	n, m := len(a), len(b)
	// l[i][j] is the LCS length of a[i:] and b[j:].
	l := make([][]int32, n+1)
	for i := range l {
		l[i] = make([]int32, m+1)
	}
	for i := n - 1; i >= 0; i-- {
		for j := m - 1; j >= 0; j-- {
			if a[i] == b[j] {
				l[i][j] = l[i+1][j+1] + 1
			} else {
				l[i][j] = max(l[i+1][j], l[i][j+1])
			}
		}
	}
	var ops []op
	i, j := 0, 0
	for i < n || j < m {
		switch {
		case i < n && j < m && a[i] == b[j]:
			ops = append(ops, op{' ', i, j})
			i, j = i+1, j+1
		case i < n && (j == m || l[i+1][j] >= l[i][j+1]): // deletions first
			ops = append(ops, op{'-', i, j})
			i++
		default:
			ops = append(ops, op{'+', i, j})
			j++
		}
	}
	return ops
}

// naiveOps pairs the middle lines up one for one, for inputs too large
// for lcsOps.
func naiveOps(a, b []string) []op {
	var ops []op
	for k := 0; k < max(len(a), len(b)); k++ {
		switch {
		case k < len(a) && k < len(b) && a[k] == b[k]:
			ops = append(ops, op{' ', k, k})
		default:
			if k < len(a) {
				ops = append(ops, op{'-', k, k})
			}
			if k < len(b) {
				ops = append(ops, op{'+', k, k})
			}
		}
	}
	return ops
}

// render writes the changes of ops (over the lines after the common head
// of pre lines), numbering lines from 1 in want (-) and got (+).
func render(a, b []string, pre int, ops []op) string {
	var sb strings.Builder
	fmt.Fprintf(&sb, "want %d lines, got %d lines\n", len(a), len(b))
	shown, hidden := 0, 0
	lastContext := -1
	for k, o := range ops {
		if o.kind == ' ' {
			continue
		}
		if shown == maxShown {
			hidden++
			continue
		}
		// One line of context before each run of changes.
		if k > 0 && ops[k-1].kind == ' ' && k-1 != lastContext {
			c := ops[k-1]
			fmt.Fprintf(&sb, " %d %s\n", pre+c.a+1, a[pre+c.a])
			lastContext = k - 1
		} else if k == 0 && pre > 0 {
			fmt.Fprintf(&sb, " %d %s\n", pre, a[pre-1])
		}
		if o.kind == '-' {
			fmt.Fprintf(&sb, "-%d %s\n", pre+o.a+1, a[pre+o.a])
		} else {
			fmt.Fprintf(&sb, "+%d %s\n", pre+o.b+1, b[pre+o.b])
		}
		shown++
	}
	if len(ops) == 0 { // only the line ends differ
		sb.WriteString("(the lines are equal; only line ends or a final line end differ)\n")
	}
	if hidden > 0 {
		fmt.Fprintf(&sb, "… and %d more changed lines\n", hidden)
	}
	return sb.String()
}
