package plan

import (
	"bufio"
	"bytes"
	"fmt"
	"strings"
)

// keyLocations maps a TOML key path with array indexes, such as
// "stage[2].session[0].kind", to its line and column. The TOML decoder
// reports one position per key name (the last one seen), which points at the
// wrong stage for arrays of tables; this scan of the text follows each
// [[table]] header instead. It understands the template's plain layout —
// one `key = value` per line under [table] and [[array]] headers — and
// falls back to the nearest table header for anything else.
type keyLocations map[string][2]int

func locateKeys(data []byte) keyLocations {
	loc := keyLocations{}
	counts := map[string]int{} // array header name → elements seen, scoped by parent
	prefix := ""
	sc := bufio.NewScanner(bytes.NewReader(data))
	for line := 1; sc.Scan(); line++ {
		raw := sc.Text()
		s := strings.TrimSpace(raw)
		col := len(raw) - len(strings.TrimLeft(raw, " \t")) + 1
		switch {
		case s == "" || s[0] == '#':
		case strings.HasPrefix(s, "[["):
			name := strings.TrimSpace(strings.Trim(strings.SplitN(s, "#", 2)[0], "[] \t"))
			parent := parentPath(prefix, name)
			key := parent + "|" + name
			i := counts[key]
			counts[key] = i + 1
			prefix = joinPath(parent, lastPart(name)) + fmt.Sprintf("[%d]", i)
			loc[prefix] = [2]int{line, col}
			loc[stripIndexes(prefix)] = [2]int{line, col}
		case s[0] == '[':
			name := strings.TrimSpace(strings.Trim(strings.SplitN(s, "#", 2)[0], "[] \t"))
			prefix = joinPath(parentPath(prefix, name), lastPart(name))
			loc[prefix] = [2]int{line, col}
		default:
			k, _, found := strings.Cut(s, "=")
			if !found {
				continue
			}
			k = strings.Trim(strings.TrimSpace(k), `"`)
			loc[joinPath(prefix, k)] = [2]int{line, col}
		}
	}
	return loc
}

// parentPath resolves the parent of a header name "a.b.c" against the
// current indexed prefix: "stage.session" under "stage[2].gate" is
// "stage[2]".
func parentPath(prefix, name string) string {
	parts := strings.Split(name, ".")
	if len(parts) == 1 {
		return ""
	}
	want := parts[:len(parts)-1]
	cur := strings.Split(prefix, ".")
	var out []string
	for i, w := range want {
		if i < len(cur) && stripIndexes(cur[i]) == w {
			out = append(out, cur[i])
		} else {
			out = append(out, w)
		}
	}
	return strings.Join(out, ".")
}

func lastPart(name string) string {
	i := strings.LastIndexByte(name, '.')
	return name[i+1:]
}

func joinPath(a, b string) string {
	if a == "" {
		return b
	}
	return a + "." + b
}

// find returns the position of path, or of its nearest located ancestor.
func (l keyLocations) find(path string) (line, col int) {
	for p := path; p != ""; {
		if pos, ok := l[p]; ok {
			return pos[0], pos[1]
		}
		i := strings.LastIndexAny(p, ".[")
		if i < 0 {
			break
		}
		p = p[:i]
	}
	return 0, 0
}

// stripIndexes turns "stage[2].session[0].kind" into "stage.session.kind".
func stripIndexes(path string) string {
	var b strings.Builder
	skip := false
	for _, r := range path {
		switch {
		case r == '[':
			skip = true
		case r == ']':
			skip = false
		case !skip:
			b.WriteRune(r)
		}
	}
	return b.String()
}
