package output

import (
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Printable escapes what a terminal would act on rather than show: control
// characters (an ESC in a column name could recolour or rewrite the
// screen; a carriage return could hide the start of a line), the Unicode
// controls that reverse the direction of text, and bytes that are not
// UTF-8. Each is written as Go writes it in a quoted string (\x1b, \r,
// \u202e), so a problem always prints as one honest line.
func Printable(s string) string {
	if !needsEscape(s) {
		return s
	}
	var b strings.Builder
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == utf8.RuneError && size == 1:
			b.WriteString(`\x` + strconv.FormatUint(uint64(s[i]), 16))
		case escapeRune(r):
			q := strconv.QuoteRuneToASCII(r)
			b.WriteString(q[1 : len(q)-1])
		default:
			b.WriteString(s[i : i+size])
		}
		i += size
	}
	return b.String()
}

func needsEscape(s string) bool {
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		if (r == utf8.RuneError && size == 1) || escapeRune(r) {
			return true
		}
		i += size
	}
	return false
}

// escapeRune: C0 and C1 controls and DEL, and the bidirectional formatting
// characters (Unicode's Bidi_Control property).
func escapeRune(r rune) bool {
	return unicode.IsControl(r) || unicode.Is(unicode.Bidi_Control, r)
}
