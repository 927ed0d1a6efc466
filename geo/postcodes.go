package geo

import "strings"

// NormalisePostcode returns a UK postcode in its standard form: upper case,
// no spaces except one before the three-character inward code ("ta1 1aa"
// and "TA11AA" become "TA1 1AA"). It checks the shape only: an outward code
// of 2–4 characters starting with a letter, and an inward code of a digit
// and two letters (BS 7666). ok is false for anything else.
func NormalisePostcode(s string) (pc string, ok bool) {
	var b strings.Builder
	for _, r := range s {
		switch {
		case r == ' ' || r == '\t' || r == '\u00a0':
		case r >= 'a' && r <= 'z':
			b.WriteRune(r - 'a' + 'A')
		case r >= 'A' && r <= 'Z' || r >= '0' && r <= '9':
			b.WriteRune(r)
		default:
			return "", false
		}
	}
	c := b.String()
	if len(c) < 5 || len(c) > 7 {
		return "", false
	}
	out, in := c[:len(c)-3], c[len(c)-3:]
	isLetter := func(x byte) bool { return x >= 'A' && x <= 'Z' }
	if !isLetter(out[0]) || in[0] < '0' || in[0] > '9' || !isLetter(in[1]) || !isLetter(in[2]) {
		return "", false
	}
	return out + " " + in, true
}
