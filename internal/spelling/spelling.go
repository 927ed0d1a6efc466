// Package spelling finds the known name an unknown one was most likely
// meant to be: a column heading or a setting typed with a letter missing,
// swapped or doubled, in another case, or with spaces or hyphens for
// underscores. It backs the "did you mean …?" of the input checks, so that
// a misspelt optional column or setting is refused rather than silently
// ignored (tryout: a misspelt medication column emptied signed agreements).
//
// Closeness is the optimal string alignment distance (Damerau, "A technique
// for computer detection and correction of spelling errors", CACM 7(3),
// 1964: insertion, deletion, substitution and transposition of adjacent
// letters each count one), after folding case and separators.
package spelling

import "strings"

// Fold lower-cases name, trims it and writes spaces, hyphens and dots as
// underscores, so that "Date of birth" and "date-of-birth" both fold to
// "date_of_birth".
func Fold(name string) string {
	name = strings.ToLower(strings.TrimSpace(name))
	return strings.Map(func(r rune) rune {
		switch r {
		case ' ', '-', '.':
			return '_'
		}
		return r
	}, name)
}

// Near returns the known name closest to name when it is close enough to
// be a misspelling of it, and "" otherwise. Close enough: equal once folded,
// or within one edit of a known name of up to 5 letters, or two edits of a
// longer one; a name of fewer than 3 letters matches only when folded equal.
// Ties go to the first in known, so callers list names in a fixed order.
func Near(name string, known []string) string {
	f := Fold(name)
	best, bestD := "", -1
	for _, k := range known {
		fk := Fold(k)
		if f == fk {
			return k
		}
		if len(f) < 3 || len(fk) < 3 {
			continue
		}
		limit := 1
		if len(fk) > 5 {
			limit = 2
		}
		if d := Distance(f, fk); d <= limit && (bestD < 0 || d < bestD) {
			best, bestD = k, d
		}
	}
	return best
}

// Distance is the optimal string alignment distance between a and b,
// counted in bytes (names are ASCII): the fewest insertions, deletions,
// substitutions and swaps of adjacent letters that turn a into b.
func Distance(a, b string) int {
	// Three rows of the dynamic programme: two back (for swaps), one back, now.
	prev2 := make([]int, len(b)+1)
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			d := min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
			if i > 1 && j > 1 && a[i-1] == b[j-2] && a[i-2] == b[j-1] {
				d = min(d, prev2[j-2]+1)
			}
			cur[j] = d
		}
		prev2, prev, cur = prev, cur, prev2
	}
	return prev[len(b)]
}

// Prefix returns the first of known that name was likely cut short from or
// run on past: once folded, one starts with the other, give or take one
// edit (max_distance for max_distance_km, matching for match). Both must be
// at least 4 letters long, so that short words do not match everything;
// "" when none is.
func Prefix(name string, known []string) string {
	f := Fold(name)
	for _, k := range known {
		if fk := Fold(k); f != fk && (nearPrefix(f, fk) || nearPrefix(fk, f)) {
			return k
		}
	}
	return ""
}

// nearPrefix reports whether b starts with a, or with a string one edit
// from it when a has 6 letters or more; a must be at least 4 letters.
func nearPrefix(a, b string) bool {
	if len(a) < 4 || len(b) < len(a)-1 {
		return false
	}
	if strings.HasPrefix(b, a) {
		return true
	}
	if len(a) < 6 {
		return false
	}
	for l := len(a) - 1; l <= len(a)+1 && l <= len(b); l++ {
		if Distance(a, b[:l]) <= 1 {
			return true
		}
	}
	return false
}
