package inputfile

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestReadTOMLDepth(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "scenario.toml")
	deep := "name = \"x\"\na = " + strings.Repeat("{b = ", 7000) + "1" + strings.Repeat("}", 7000) + "\n"
	if err := os.WriteFile(path, []byte(deep), 0o644); err != nil {
		t.Fatal(err)
	}
	_, err := Read(path, TOML, Limits{})
	var ie *Error
	if !errors.Is(err, ErrTooDeep) || !errors.As(err, &ie) {
		t.Fatalf("Read error = %v, want ErrTooDeep", err)
	}
	if ie.Line != 2 || ie.Col != 5+5*(MaxTOMLDepth) {
		t.Errorf("too deep at %d:%d, want 2:%d (the first brace past the limit)", ie.Line, ie.Col, 5+5*MaxTOMLDepth)
	}
	if _, err := Read(path, CSV, Limits{}); err != nil {
		t.Errorf("a CSV file is not checked as TOML: %v", err)
	}
}

func TestCheckTOMLDepth(t *testing.T) {
	nest := func(open, close string, n int) string {
		return strings.Repeat(open, n) + "1" + strings.Repeat(close, n)
	}
	tests := []struct {
		name string
		toml string
		ok   bool
		line int
	}{
		{"scenario", "name = \"a\"\n[match.weights]\nneeds = 2 # a comment [[[[[[[[[[[[[[[[[[[[\n", true, 0},
		{"inline tables at the limit", "a = " + nest("{b = ", "}", MaxTOMLDepth), true, 0},
		{"inline tables past the limit", "a = " + nest("{b = ", "}", MaxTOMLDepth+1), false, 1},
		{"arrays past the limit", "\n\na = " + nest("[", "]", MaxTOMLDepth+1), false, 3},
		{"arrays over lines", "a = [\n" + nest("[\n", "]\n", MaxTOMLDepth+1), false, MaxTOMLDepth + 1},
		{"dotted key past the limit", strings.Repeat("a.", MaxTOMLDepth) + "a = 1\n", false, 1},
		{"dotted key in an inline table", "x = {" + strings.Repeat("a.", MaxTOMLDepth) + "b = 1}\n", false, 1},
		{"header past the limit", "[" + strings.Repeat("a.", MaxTOMLDepth) + "a]\n", false, 1},
		{"array of tables", "[[stages]]\nname = \"Intro\"\n[[stages.sessions]]\nkind = \"meeting\"\ndays = [\"tue\", \"thu\"]\n", true, 0},
		{"brackets in strings", `a = "[[[[[[[[[[[[[[[[[[[[{{{{{{{{{{{{{{{{{{{{"` + "\nb = '[[[[[[[[[[[[[[[[[[[[['\n" +
			"c = \"\"\"\n[[[[[[[[[[[[[[[[[[[[[[\n\"\"\"\nd = '''[[[[[[[[[[[[[[[[[[[[[[[['''\n", true, 0},
		{"escaped quote in a string", `a = "\"[[[[[[[[[[[[[[[[[[[[[[["` + "\n", true, 0},
		{"numbers are not keys", "a = 1.5\nb = 2020-01-01T10:00:00.5\n", true, 0},
		{"many shallow tables", strings.Repeat("x = [1, [2, {a = 3}]]\n", 1000), true, 0},
		{"line after multi-line string", "a = \"\"\"\n\n\n\"\"\"\nb = " + nest("[", "]", MaxTOMLDepth+1), false, 5},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			line, _, ok := CheckTOMLDepth([]byte(tt.toml))
			if ok != tt.ok || (!ok && line != tt.line) {
				t.Errorf("CheckTOMLDepth = line %d, ok %v; want line %d, ok %v", line, ok, tt.line, tt.ok)
			}
		})
	}
}

// FuzzCheckTOMLDepth: the scan never panics, and a too-deep array on a
// line of its own after any text without strings or comments (which could
// swallow it) is always caught.
func FuzzCheckTOMLDepth(f *testing.F) {
	for _, s := range []string{"a = 1\n", "[a.b]\nc = {d = [1, 2]}\n", "a = \"\"\"x\n\"\"\"\n", "# c\n[[t]]\n", "a = '", `a = "\`, "a = [[[", "]]]}}"} {
		f.Add(s)
	}
	deep := "\nz = " + strings.Repeat("[", MaxTOMLDepth+1) + strings.Repeat("]", MaxTOMLDepth+1) + "\n"
	f.Fuzz(func(t *testing.T, s string) {
		CheckTOMLDepth([]byte(s))
		if strings.ContainsAny(s, "\"'#") {
			return
		}
		if _, _, ok := CheckTOMLDepth([]byte(s + deep)); ok {
			t.Errorf("%q followed by a too-deep array was accepted", s)
		}
	})
}
