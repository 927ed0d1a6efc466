package linkmatch

import (
	"fmt"
	"strconv"
	"strings"
)

// Pence is an amount of money in whole pence. All money in linkmatch is
// integer pence (STYLE.md); rounding happens once per item, where the item is
// priced, never on totals.
type Pence int64

// ParseGBP reads an amount in pounds such as "14.93", "100" or "0.45". It
// accepts at most two decimal places for money amounts and refuses signs,
// thousands separators and currency symbols, so a typo is never silently
// rounded.
func ParseGBP(s string) (Pence, error) {
	whole, frac, hasDot := strings.Cut(s, ".")
	if whole == "" || !allDigits(whole) || (hasDot && (frac == "" || !allDigits(frac))) {
		return 0, fmt.Errorf("%q is not an amount in pounds like 14.93", s)
	}
	if len(frac) > 2 {
		return 0, fmt.Errorf("%q has more than two decimal places", s)
	}
	if len(whole) > 12 {
		return 0, fmt.Errorf("%q is too large", s)
	}
	w, _ := strconv.ParseInt(whole, 10, 64)
	for len(frac) < 2 {
		frac += "0"
	}
	f, _ := strconv.ParseInt(frac, 10, 64)
	return Pence(w*100 + f), nil
}

func allDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// String formats the amount in pounds with two decimals, "-" for negatives.
func (p Pence) String() string {
	var b [24]byte
	return string(p.Append(b[:0]))
}

// Append appends the amount as String formats it: writers of millions of
// amounts (a national costs.csv and its summary; issue 15) append them to
// their buffer without making a string of each.
func (p Pence) Append(dst []byte) []byte {
	// Formatted by hand rather than with fmt.
	var b [24]byte
	u := uint64(p)
	if p < 0 {
		u = -u // the magnitude, even of the most negative amount
	}
	i := len(b)
	for n := 0; n < 3 || u > 0; n++ {
		if n == 2 {
			i--
			b[i] = '.'
		}
		i--
		b[i] = byte('0' + u%10)
		u /= 10
	}
	if p < 0 {
		i--
		b[i] = '-'
	}
	return append(dst, b[i:]...)
}

// GBP formats the amount for people to read: a pound sign and thousands
// separators, "£116,528.32" ("-£3.50" for a negative). Files keep String's
// plain "116528.32", which spreadsheets read as a number.
func (p Pence) GBP() string {
	s := p.String()
	neg := s[0] == '-'
	if neg {
		s = s[1:]
	}
	whole, frac := s[:len(s)-3], s[len(s)-3:]
	b := make([]byte, 0, len(s)+len(s)/3+3)
	if neg {
		b = append(b, '-')
	}
	b = append(b, "£"...)
	for i := range len(whole) {
		if i > 0 && (len(whole)-i)%3 == 0 {
			b = append(b, ',')
		}
		b = append(b, whole[i])
	}
	return string(append(b, frac...))
}

// Ratio returns p × num / den rounded half up, exactly in integers; used for
// pro-rata amounts such as a weekly retainer for 3 of 7 days.
func (p Pence) Ratio(num, den int64) Pence {
	n := int64(p) * num
	if n >= 0 {
		return Pence((2*n + den) / (2 * den))
	}
	return -Pence((-2*n + den) / (2 * den))
}
