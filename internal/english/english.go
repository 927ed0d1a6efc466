// Package english writes the small pieces of English that counts need, so
// that every message says "1 child" and "2 children", never "1 children"
// (tryout 15). It is the one plural rule of the module: packages that
// write sentences for people use it rather than each keeping their own.
package english

import "strconv"

// Plural is one when n is 1 (or -1) and many otherwise: English uses the
// plural for 0 ("0 carers") and for fractions.
func Plural(n int, one, many string) string {
	if n == 1 || n == -1 {
		return one
	}
	return many
}

// Count is n followed by the noun in the right number: Count(1, "child",
// "children") is "1 child", Count(3, "child", "children") "3 children".
func Count(n int, one, many string) string {
	return strconv.Itoa(n) + " " + Plural(n, one, many)
}

// S is the "s" a regular noun takes for n of it: "" for 1, "s" otherwise.
func S(n int) string { return Plural(n, "", "s") }
