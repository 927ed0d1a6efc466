package scenarios

import "strings"

// keyPos is where a key's value starts in scenario.toml (1-based), and
// keyCol the column of the key itself (of a [table]'s name after "[").
type keyPos struct{ line, col, keyCol int }

// keyPositions finds the line and column of each "key = value" in a TOML
// document, by dotted key ("match.weights.needs"). BurntSushi/toml keeps key
// positions private, and a problem with a setting should point at it. This
// is a line scanner, not a TOML parser: it understands [table] headers,
// dotted and quoted keys and comments, which is all scenario.toml uses; a key
// it cannot place gets position 0 (the whole file), never a wrong line.
func keyPositions(data []byte) map[string]keyPos {
	pos := map[string]keyPos{}
	prefix := ""
	inMultiline := false
	for i, raw := range strings.Split(string(data), "\n") {
		line := strings.TrimRight(raw, "\r")
		trimmed := strings.TrimSpace(line)
		if inMultiline {
			if strings.Count(line, `"""`)%2 == 1 || strings.Count(line, `'''`)%2 == 1 {
				inMultiline = false
			}
			continue
		}
		if trimmed == "" || trimmed[0] == '#' {
			continue
		}
		indent := len(line) - len(strings.TrimLeft(line, " \t"))
		if strings.HasPrefix(trimmed, "[") && !strings.HasPrefix(trimmed, "[[") {
			end := strings.Index(trimmed, "]")
			if end > 0 {
				prefix = normaliseKey(trimmed[1:end])
				if _, ok := pos[prefix]; !ok {
					pos[prefix] = keyPos{i + 1, indent + 2, indent + 2}
				}
			}
			continue
		}
		eq := strings.Index(line, "=")
		if eq < 0 {
			continue
		}
		key := normaliseKey(line[:eq])
		if key == "" || strings.ContainsAny(key, "[]{},") {
			continue
		}
		valueCol := eq + 1
		for valueCol < len(line) && (line[valueCol] == ' ' || line[valueCol] == '\t') {
			valueCol++
		}
		pos[join(prefix, key)] = keyPos{i + 1, valueCol + 1, indent + 1}
		value := line[eq+1:]
		if strings.Count(value, `"""`)%2 == 1 || strings.Count(value, `'''`)%2 == 1 {
			inMultiline = true
		}
	}
	return pos
}

// normaliseKey turns ` "a" . b ` into "a.b".
func normaliseKey(s string) string {
	parts := strings.Split(s, ".")
	for i, p := range parts {
		p = strings.TrimSpace(p)
		p = strings.Trim(p, `"'`)
		parts[i] = p
	}
	return strings.Join(parts, ".")
}
