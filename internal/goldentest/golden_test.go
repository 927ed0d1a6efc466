package goldentest

import (
	"strings"
	"testing"
)

func TestDiff(t *testing.T) {
	tests := []struct {
		name, want, got string
		diff            string // "" when equal
	}{
		{"equal", "a\nb\n", "a\nb\n", ""},
		{"one line changed", "a\nb\nc\n", "a\nB\nc\n", "want 3 lines, got 3 lines\n 1 a\n-2 b\n+2 B\n"},
		{"line inserted keeps later numbers apart", "a\nb\nc\n", "a\nx\nb\nc\n", "want 3 lines, got 4 lines\n 1 a\n+2 x\n"},
		{"line deleted", "a\nb\nc\n", "a\nc\n", "want 3 lines, got 2 lines\n 1 a\n-2 b\n"},
		{"first line", "a\nb\n", "z\nb\n", "want 2 lines, got 2 lines\n-1 a\n+1 z\n"},
		{"two runs", "a\nb\nc\nd\ne\n", "a\nB\nc\nd\nE\n", "want 5 lines, got 5 lines\n 1 a\n-2 b\n+2 B\n 4 d\n-5 e\n+5 E\n"},
		{"missing final line end", "a\nb\n", "a\nb", "want 2 lines, got 2 lines\n 1 a\n-2 b\n+2 b⏎ (no line end)\n"},
		{"empty got", "a\n", "", "want 1 lines, got 0 lines\n-1 a\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Diff([]byte(tt.want), []byte(tt.got)); got != tt.diff {
				t.Errorf("Diff:\n%s\nwant:\n%s", got, tt.diff)
			}
		})
	}
}

// TestDiffCapsLines: a file that changed everywhere shows the first
// maxShown changed lines and says how many more there are.
func TestDiffCapsLines(t *testing.T) {
	var a, b strings.Builder
	for i := 0; i < 100; i++ {
		a.WriteString("same\n")
		a.WriteString("old\n")
		b.WriteString("same\n")
		b.WriteString("new\n")
	}
	d := Diff([]byte(a.String()), []byte(b.String()))
	if n := strings.Count(d, "\n-") + strings.Count(d, "\n+"); n != maxShown {
		t.Errorf("%d changed lines shown, want %d:\n%s", n, maxShown, d)
	}
	if !strings.Contains(d, "… and 160 more changed lines") {
		t.Errorf("no count of the lines not shown:\n%s", d)
	}
}
