package output

import (
	"bufio"
	"bytes"
	"fmt"
	"os"
	"strings"
)

// maxFirstLine bounds how much of a file is read to find its first line.
const maxFirstLine = 64 << 10

// checkReplace refuses to replace target with the staged file tmp when
// target exists, is not empty and does not look like an earlier output of
// the same kind: its first line (a CSV header, "BEGIN:VCALENDAR", an HTML
// doctype) is not the one linkmatch is about to write there, nor a CSV
// header sharing at least half its columns (an earlier version's output
// with a column added or renamed). A user's own file, or linkmatch's
// output of another kind (a matches.csv given as --statements), is then
// kept (tester: cost --statements replaced the user's matches file).
func checkReplace(target, tmp string) error {
	old, ok := firstLine(target)
	if !ok || old == "" {
		return nil // nothing there, or nothing in it, to lose
	}
	now, _ := firstLine(tmp)
	if sameKind(old, now) {
		return nil
	}
	return &RefusedError{Path: target,
		Reason: fmt.Sprintf("already exists and is not an earlier output of this kind (it begins %s; linkmatch would write %s), so replacing it could lose your data",
			clip(old), clip(now)),
		Hint: "write to another file or folder, or add --force to replace it"}
}

// firstLine returns the first line of the regular file at path, without a
// byte-order mark or line end; ok is false when there is no such file.
func firstLine(path string) (line string, ok bool) {
	st, err := os.Lstat(path)
	if err != nil || !st.Mode().IsRegular() {
		return "", false
	}
	f, err := os.Open(path)
	if err != nil {
		return "", false
	}
	defer f.Close()
	r := bufio.NewReaderSize(f, 4096)
	b, _ := r.Peek(maxFirstLine)
	b = bytes.TrimPrefix(b, []byte("\xef\xbb\xbf"))
	if i := bytes.IndexByte(b, '\n'); i >= 0 {
		b = b[:i]
	}
	return strings.TrimRight(string(b), "\r"), true
}

// sameKind reports whether two first lines are those of files of one kind:
// equal, or CSV headers sharing at least half the columns of the larger.
func sameKind(a, b string) bool {
	if a == b {
		return true
	}
	if !strings.Contains(a, ",") || !strings.Contains(b, ",") {
		return false
	}
	ca, cb := strings.Split(a, ","), strings.Split(b, ",")
	in := map[string]bool{}
	for _, c := range ca {
		in[c] = true
	}
	shared := 0
	for _, c := range cb {
		if in[c] {
			shared++
		}
	}
	return 2*shared >= max(len(ca), len(cb))
}

// clip quotes a first line for a message, cut to a readable length.
func clip(s string) string {
	const most = 60
	if len(s) > most {
		s = strings.ToValidUTF8(s[:most], "") + "…"
	}
	return fmt.Sprintf("%q", s)
}
