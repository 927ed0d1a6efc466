package inputfile

// MaxTOMLDepth is the deepest nesting CheckTOMLDepth allows: inline tables
// and arrays inside one another, plus the parts of a dotted key or table
// header ([match.weights] is 2). linkmatch's own files need at most 4.
//
// Why check at all: github.com/BurntSushi/toml (v1.6.0) keeps a copy of
// the whole key path for every level of nesting, so its memory grows with
// the square of the depth — 4,000 nested inline tables (24 kB) allocate
// 1.8 GB, and a 40 kB file exhausts memory; a long dotted key does the
// same (BurntSushi/toml issue #496). 16 levels cost at most a few hundred
// path entries per key.
const MaxTOMLDepth = 16

// CheckTOMLDepth scans TOML text without parsing it and reports whether its
// nesting stays within MaxTOMLDepth; when it does not, line and col
// (1-based, col in bytes) say where it first went too deep. It
// understands just enough TOML to find the nesting: comments, the four
// kinds of string, table headers, dotted keys, inline tables and arrays.
// It accepts anything it does not understand, leaving the parser to
// report syntax errors.
func CheckTOMLDepth(data []byte) (line, col int, ok bool) {
	s := tomlScan{data: data, line: 1, lineStart: 0}
	return s.run()
}

type tomlScan struct {
	data      []byte
	i         int
	line      int
	lineStart int
	stack     []byte // '{' or '[' for each open inline table or array
	keyParts  int    // parts of the key being read (1 + dots)
	inKey     bool   // reading a key (before '='), not a value
}

func (s *tomlScan) pos() (int, int) { return s.line, s.i - s.lineStart + 1 }

// run scans the whole text once and reports the first place nesting goes
// deeper than MaxTOMLDepth (ok false). It is long because it is the
// scanner's one loop: each byte's meaning depends on the state the bytes
// before it left, and the states read best side by side.
func (s *tomlScan) run() (int, int, bool) {
	s.inKey = true
	atLineStart := true
	for s.i < len(s.data) {
		c := s.data[s.i]
		switch {
		case c == '\n':
			s.line++
			s.i++
			s.lineStart = s.i
			if len(s.stack) == 0 {
				s.inKey, s.keyParts = true, 0
				atLineStart = true
			}
			continue
		case c == ' ' || c == '\t' || c == '\r':
			s.i++
			continue
		case c == '#':
			for s.i < len(s.data) && s.data[s.i] != '\n' {
				s.i++
			}
			continue
		case c == '"' || c == '\'':
			s.skipString()
			if s.inKey && s.keyParts == 0 {
				s.keyParts = 1
			}
			atLineStart = false
			continue
		}
		if atLineStart && c == '[' && len(s.stack) == 0 {
			// A table header: [a.b] or [[a.b]]; its parts count as depth.
			if line, col, ok := s.header(); !ok {
				return line, col, false
			}
			atLineStart = false
			continue
		}
		atLineStart = false
		if s.inKey {
			switch c {
			case '.':
				s.keyParts++
				if len(s.stack)+s.keyParts > MaxTOMLDepth {
					l, cl := s.pos()
					return l, cl, false
				}
			case '=':
				s.inKey = false
			case '}': // an empty inline table {}
				s.pop()
			default:
				if s.keyParts == 0 {
					s.keyParts = 1
				}
			}
			s.i++
			continue
		}
		switch c {
		case '{', '[':
			s.stack = append(s.stack, c)
			if len(s.stack) > MaxTOMLDepth {
				l, cl := s.pos()
				return l, cl, false
			}
			if c == '{' {
				s.inKey, s.keyParts = true, 0
			}
		case '}', ']':
			s.pop()
		case ',':
			if len(s.stack) > 0 && s.stack[len(s.stack)-1] == '{' {
				s.inKey, s.keyParts = true, 0
			}
		}
		s.i++
	}
	return 0, 0, true
}

// pop closes the innermost inline table or array; after it, the scan is in
// the enclosing value (or back at the top level).
func (s *tomlScan) pop() {
	if len(s.stack) > 0 {
		s.stack = s.stack[:len(s.stack)-1]
	}
	s.inKey = false
}

// header scans a table header from its first '[' to the closing ']'.
func (s *tomlScan) header() (int, int, bool) {
	parts := 1
	s.i++
	if s.i < len(s.data) && s.data[s.i] == '[' {
		s.i++
	}
	for s.i < len(s.data) {
		switch c := s.data[s.i]; c {
		case '\n':
			return 0, 0, true // malformed; the parser will say so
		case '"', '\'':
			s.skipString()
			continue
		case '.':
			parts++
			if parts > MaxTOMLDepth {
				l, cl := s.pos()
				return l, cl, false
			}
		case ']':
			for s.i < len(s.data) && s.data[s.i] == ']' {
				s.i++
			}
			return 0, 0, true
		}
		s.i++
	}
	return 0, 0, true
}

// skipString moves past a basic ("…", with backslash escapes), literal
// ('…') or multi-line (between three double or three single quotes)
// string, counting its lines.
func (s *tomlScan) skipString() {
	q := s.data[s.i]
	multi := s.i+2 < len(s.data) && s.data[s.i+1] == q && s.data[s.i+2] == q
	if multi {
		s.i += 3
	} else {
		s.i++
	}
	for s.i < len(s.data) {
		c := s.data[s.i]
		switch {
		case c == '\\' && q == '"':
			if s.i+1 < len(s.data) && s.data[s.i+1] == '\n' {
				s.line++
				s.lineStart = s.i + 2
			}
			s.i += 2
			continue
		case c == '\n':
			if !multi {
				return // unterminated; the parser will say so
			}
			s.line++
			s.lineStart = s.i + 1
		case c == q && !multi:
			s.i++
			return
		case c == q && s.i+2 < len(s.data) && s.data[s.i+1] == q && s.data[s.i+2] == q:
			s.i += 3
			// A multi-line string may end with up to two more quotes.
			for k := 0; k < 2 && s.i < len(s.data) && s.data[s.i] == q; k++ {
				s.i++
			}
			return
		}
		s.i++
	}
}
