package table

import (
	"errors"
	"strconv"
)

// errNotDecimal: the text is not a number in decimal notation.
var errNotDecimal = errors.New("not a decimal number")

// ParseDecimal reads a number written as people and spreadsheets write
// them: an optional sign, digits with an optional decimal point, and an
// optional exponent (1E-05, as Excel saves small numbers). It refuses what
// strconv.ParseFloat would also take but no one types into a table and no
// other tool reads the same way — hexadecimal ("0x1p4"), digits grouped
// with underscores ("1_000"), "Inf" and "NaN" — and it gives 0 for "-0",
// so that no output ever says "-0".
func ParseDecimal(s string) (float64, error) {
	i := 0
	if i < len(s) && (s[i] == '+' || s[i] == '-') {
		i++
	}
	digits := 0
	for ; i < len(s) && s[i] >= '0' && s[i] <= '9'; i++ {
		digits++
	}
	if i < len(s) && s[i] == '.' {
		for i++; i < len(s) && s[i] >= '0' && s[i] <= '9'; i++ {
			digits++
		}
	}
	if digits == 0 {
		return 0, errNotDecimal
	}
	if i < len(s) && (s[i] == 'e' || s[i] == 'E') {
		i++
		if i < len(s) && (s[i] == '+' || s[i] == '-') {
			i++
		}
		exp := 0
		for ; i < len(s) && s[i] >= '0' && s[i] <= '9'; i++ {
			exp++
		}
		if exp == 0 {
			return 0, errNotDecimal
		}
	}
	if i != len(s) {
		return 0, errNotDecimal
	}
	f, err := strconv.ParseFloat(s, 64)
	if err != nil {
		return 0, err // out of range: 1e999
	}
	return f + 0, nil // -0 + 0 is +0
}
