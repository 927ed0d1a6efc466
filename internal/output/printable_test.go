package output

import (
	"slices"
	"testing"
)

func TestPrintable(t *testing.T) {
	tests := []struct{ in, want string }{
		{"plain text — with a dash", "plain text — with a dash"},
		{"\x1b[31mred", `\x1b[31mred`},
		{"a\rb\nc\td", `a\rb\nc\td`},
		{"bidi \u202eevil", `bidi \u202eevil`},
		{"C1\x7f", `C1\x7f`},
		{"bad \xff byte", `bad \xff byte`},
		{"\u0085next line", `\u0085next line`},
	}
	for _, tt := range tests {
		if got := Printable(tt.in); got != tt.want {
			t.Errorf("Printable(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
	if got := Printable("ok"); !slices.Equal([]byte(got), []byte("ok")) {
		t.Error("printable changed plain text")
	}
}
