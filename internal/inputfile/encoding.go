package inputfile

// UTF16 reports whether data looks like UTF-16 text: it begins with a
// UTF-16 byte order mark, or, without one, every other byte of its first
// line is zero (ASCII letters saved as UTF-16). Excel's "Unicode text" and
// Notepad's "Unicode" save such files; read as UTF-8 their header is
// nonsense, so the readers say what the file is instead.
func UTF16(data []byte) bool {
	if len(data) >= 2 && (data[0] == 0xff && data[1] == 0xfe || data[0] == 0xfe && data[1] == 0xff) {
		return true
	}
	n := min(len(data), 64)
	if n < 4 {
		return false
	}
	even, odd := 0, 0 // zero bytes at even and odd offsets
	for i := 0; i < n; i++ {
		if data[i] == 0 {
			if i%2 == 0 {
				even++
			} else {
				odd++
			}
		}
	}
	half := n / 2
	return odd >= half*3/4 && even <= half/8 || even >= half*3/4 && odd <= half/8
}

// UTF16Message and UTF16Hint report a UTF-16 file (UTF16).
const (
	UTF16Message = `the file is UTF-16 text (Excel's "Unicode text"), not UTF-8, so its columns cannot be read`
	UTF16Hint    = "open it in Excel and save it again with File → Save As → CSV UTF-8 (Comma delimited) (*.csv)"
)
