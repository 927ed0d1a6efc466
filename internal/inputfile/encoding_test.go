package inputfile

import (
	"testing"
	"unicode/utf16"
)

// utf16le encodes s as UTF-16 little-endian, without a byte order mark.
func utf16le(s string) []byte {
	var b []byte
	for _, u := range utf16.Encode([]rune(s)) {
		b = append(b, byte(u), byte(u>>8))
	}
	return b
}

func utf16be(s string) []byte {
	var b []byte
	for _, u := range utf16.Encode([]rune(s)) {
		b = append(b, byte(u>>8), byte(u))
	}
	return b
}

// TestUTF16 tells UTF-16 files (Excel's "Unicode text") from UTF-8 ones,
// with or without a byte order mark.
func TestUTF16(t *testing.T) {
	head := "id,date_of_birth,home_authority,lat,lon\nC1,2012-05-14,Bath,51.3,-2.3\n"
	for _, tc := range []struct {
		name string
		data []byte
		want bool
	}{
		{"UTF-8", []byte(head), false},
		{"UTF-8 with BOM", append([]byte("\xef\xbb\xbf"), head...), false},
		{"UTF-8, accents", []byte("id,nom\nC1,Zoë Brontë\n"), false},
		{"short", []byte("a\n"), false},
		{"UTF-16LE with BOM", append([]byte{0xff, 0xfe}, utf16le(head)...), true},
		{"UTF-16BE with BOM", append([]byte{0xfe, 0xff}, utf16be(head)...), true},
		{"UTF-16LE", utf16le(head), true},
		{"UTF-16BE", utf16be(head), true},
		{"UTF-16LE, tabs", utf16le("id\tdate_of_birth\thome_authority\n"), true},
	} {
		if got := UTF16(tc.data); got != tc.want {
			t.Errorf("%s: %v, want %v", tc.name, got, tc.want)
		}
	}
}
