package match

import (
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"github.com/linkmatch/linkmatch/internal/hugepage"
	"io"
	"strings"
	"unicode/utf8"

	"github.com/linkmatch/linkmatch"
	"github.com/linkmatch/linkmatch/assign"
	"github.com/linkmatch/linkmatch/input"
	"github.com/linkmatch/linkmatch/internal/output"
	"github.com/linkmatch/linkmatch/internal/spelling"
	"github.com/linkmatch/linkmatch/internal/table"
)

// maxListedProblems caps how many problems a pairs file reports one by one;
// a file with millions of bad rows is summarised by a count instead.
const maxListedProblems = 100

// carersPairsSpec is carers.csv as read by "match --pairs": only id,
// capacity, current_links and availability matter, the other columns are
// accepted quietly.
var carersPairsSpec = table.Spec{
	Required: []string{"id", "capacity"},
	Optional: []string{"current_links", "lat", "lon", "postcode", "authority", "tier", "experience_years",
		"skills", "age_min", "age_max", "overnight", "bedrooms", "availability", "max_travel_km", "household", "attributes", "name"},
	Name: "carers",
}

// ReadPairsProblem reads carers.csv (carers, named carersName in
// problems) and pairs.csv (pairs, named pairsName) — INTERFACE.md, "match
// --pairs" — into a Problem. Every problem in either file goes into ps; the
// Problem is nil when any is an error. Children are those named in
// pairs.csv.
func ReadPairsProblem(pairs []byte, pairsName string, carers []byte, carersName string, ps *input.Problems) *Problem {
	before := ps.ErrorCount()
	ids, places := ReadCarerPlaces(carers, carersName, ps)
	if ps.ErrorCount() > before {
		return nil
	}
	p := newPairsProblem(ids, places)
	readPairs(pairs, pairsName, p, ps)
	if ps.ErrorCount() > before {
		return nil
	}
	p.sortByID()
	return p
}

// hugeMemory gives the solver its per-arc arrays through internal/hugepage:
// backed by huge pages once a command has enabled them (match --pairs),
// plain make otherwise.
type hugeMemory struct{}

func (hugeMemory) Int32s(n, c int) []int32 { return hugepage.MakeCap[int32](n, c) }
func (hugeMemory) Int64s(n, c int) []int64 { return hugepage.MakeCap[int64](n, c) }

// newPairsProblem starts a problem of carers (in carers.csv order) and no
// children yet, for readPairs.
func newPairsProblem(carerIDs []string, places []int32) *Problem {
	return &Problem{CarerIDs: carerIDs, Solver: assign.Problem{Places: places, MaxWeight: maxWeight, Memory: hugeMemory{}}}
}

// sortByID renumbers the rows and columns of a problem read from files in
// id order, as Problem promises, moving arcs' rows and columns in place.
func (p *Problem) sortByID() {
	var childRow, carerCol []int32
	p.ChildIDs, _, childRow = byID(len(p.ChildIDs), func(i int) string { return p.ChildIDs[i] })
	var carerOrder []int32
	p.CarerIDs, carerOrder, carerCol = byID(len(p.CarerIDs), func(i int) string { return p.CarerIDs[i] })
	places := make([]int32, len(carerOrder))
	for j, i := range carerOrder {
		places[j] = p.Solver.Places[i]
	}
	p.Solver.Places = places
	for k := range p.Solver.Arcs {
		a := &p.Solver.Arcs[k]
		a.Row, a.Col = childRow[a.Row], carerCol[a.Col]
	}
	p.Solver.Rows = len(p.ChildIDs)
}

// ReadCarerPlaces reads a carers.csv for "match --pairs": each carer's id
// and the places the solver gives them (capacity less current links, and
// no more than the carer's offered time holds when the file has an
// availability column). tools/lemon writes these for the LEMON peer, so
// that both solve one problem.
func ReadCarerPlaces(data []byte, display string, ps *input.Problems) ([]string, []int32) {
	r := table.New(display, data, carersPairsSpec, ps)
	if r == nil {
		return nil, nil
	}
	var ids []string
	var places []int32
	seen := map[string]int{}
	for r.Next() {
		id, ok := r.Required("id", "give every carer an id")
		if !ok {
			continue
		}
		if prev, dup := seen[id]; dup {
			r.Fail(input.ErrDuplicate, "id", "carer ids must be unique", "carer %q already appears on line %d", id, prev)
			continue
		}
		seen[id] = r.Line()
		capacity, cur, ok := r.Places() // the checks of a scenario's carers.csv
		if !ok {
			continue
		}
		ids = append(ids, id)
		// Places as BuildProblem gives them: no more than the carer's
		// offered time holds (StepDownPlaces), when the file says what
		// time they offer (a scenario's carers.csv); a file of places
		// alone (id, capacity, current_links) is taken as it is. Unknown
		// words are the scenario's validate to report; here they offer
		// nothing.
		if !r.Has("availability") {
			places = append(places, int32(max(capacity-cur, 0)))
			continue
		}
		k := linkmatch.Carer{Capacity: capacity, CurrentLinks: cur}
		for _, w := range r.List("availability", true) {
			f, _ := linkmatch.ParseAvailabilityWord(w)
			k.Availability |= f
		}
		k.Availability = k.Availability.Normalize()
		places = append(places, int32(StepDownPlaces(&k)))
	}
	return ids, places
}

// pairsReader is the state of one read: the fast path scans bytes for the
// common unquoted file; a file with a double quote anywhere goes through
// encoding/csv instead, which handles quoting fully.
type pairsReader struct {
	file                                string
	ps                                  *input.Problems
	p                                   *Problem
	carerIdx                            map[string]int32
	childIdx                            map[string]int32
	lines                               []int32 // line of each candidate, for duplicate reports
	errs                                int
	hidden                              input.Kind // the kind of the first problem not listed
	colChild, colCarer, colScore, nCols int
	names                               []string
	// split is the size of half a file above which its halves are read
	// at once (parallelReadBytes, less in tests).
	split int
}

func (pr *pairsReader) errorf(kind input.Kind, line, col int, name, hint, format string, args ...any) {
	pr.errs++
	switch {
	case pr.errs <= maxListedProblems:
		pr.ps.Fail(kind, pr.file, line, col, name, hint, format, args...)
	case pr.errs == maxListedProblems+1:
		pr.hidden = kind
	}
}

// readPairs reads pairs.csv from data into p (whose carers must be set,
// from newPairsProblem), adding children as they appear (numbered in that
// order until sortByID) and recording problems in ps. Columns are found by
// header name: child_id, carer_id and score are required, other columns are
// ignored. File names in problems are display.
func readPairs(data []byte, display string, p *Problem, ps *input.Problems) {
	readPairsVia(data, display, p, ps, false, parallelReadBytes)
}

// readPairsVia is readPairs; with viaCSV, every file goes through
// encoding/csv, and a file of more than twice split bytes is read in two
// halves at once (both for the test that the fast path reads the same).
func readPairsVia(data []byte, display string, p *Problem, ps *input.Problems, viaCSV bool, split int) {
	r := &pairsReader{file: display, ps: ps, p: p, carerIdx: make(map[string]int32, len(p.CarerIDs)), childIdx: map[string]int32{},
		split: split}
	for j, id := range p.CarerIDs {
		r.carerIdx[id] = int32(j)
	}
	for i, id := range p.ChildIDs {
		r.childIdx[id] = int32(i)
	}
	data = bytes.TrimPrefix(data, []byte("\xef\xbb\xbf"))
	if len(bytes.TrimSpace(data)) == 0 {
		ps.Fail(input.ErrMalformed, display, 0, 0, "", "the file needs a header row (child_id,carer_id,score) and at least one data row", "the file is empty")
		return
	}
	// The encoding is checked on the other core while this one reads; the
	// read's problems are kept aside until the file proves to be UTF-8.
	valid := make(chan bool, 1)
	go func() { valid <- utf8.Valid(data) }()
	all := ps
	ps = &input.Problems{}
	r.ps = ps
	defer func() {
		if !<-valid {
			line, col := table.FirstInvalidUTF8(data)
			all.Fail(input.ErrMalformed, display, line, col, "", "save the file as UTF-8 (in Excel: Save As → CSV UTF-8)", "the file is not UTF-8 text")
			return
		}
		for _, pb := range ps.List {
			all.Add(pb)
		}
	}()
	// One candidate per line at most: sizing the arrays once avoids
	// regrowing hundreds of megabytes on national files, whose page faults
	// were most of the read's system time. The lines are counted in the
	// first 64 KB and the rest estimated, with an eighth to spare (a pass
	// to count them all cost as much as a tenth of the read).
	rows := estimateLines(data)
	if arcs := p.Solver.Arcs; cap(arcs)-len(arcs) < rows {
		p.Solver.Arcs = append(hugepage.MakeCap[assign.Arc](0, len(arcs)+rows), arcs...)
	}
	r.lines = hugepage.MakeCap[int32](0, rows)
	if viaCSV || bytes.IndexByte(data, '"') >= 0 {
		r.readQuoted(data)
	} else {
		r.readFast(data)
	}
	if r.errs == 0 {
		r.checkDuplicates()
	}
	if r.errs > maxListedProblems {
		ps.Fail(r.hidden, display, 0, 0, "", "fix the problems listed and run again", "%d more problems not listed", r.errs-maxListedProblems)
	}
}

// header finds the columns by name; false when a required one is missing.
func (r *pairsReader) header(names []string, cols []int) bool {
	r.colChild, r.colCarer, r.colScore, r.nCols = -1, -1, -1, len(names)
	r.names = names
	for i, h := range names {
		switch strings.ToLower(strings.TrimSpace(h)) {
		case "child_id":
			r.colChild = i
		case "carer_id":
			r.colCarer = i
		case "score":
			r.colScore = i
		}
	}
	ok := true
	for _, c := range []struct {
		name string
		at   int
	}{{"child_id", r.colChild}, {"carer_id", r.colCarer}, {"score", r.colScore}} {
		if c.at < 0 {
			hint := "add it to the header (the first line)"
			for _, h := range names {
				if spelling.Near(h, []string{c.name}) != "" {
					hint = fmt.Sprintf("did you mean the column %q? rename it %s", h, c.name)
					break
				}
			}
			r.errorf(input.ErrMissingColumn, 1, 0, c.name, hint, "missing column %q", c.name)
			ok = false
		}
	}
	return ok
}

// row handles one data row given its fields and their 1-based byte columns.
func (r *pairsReader) row(line int, fields [][]byte, cols []int) {
	if len(fields) != r.nCols {
		if len(fields) == 1 && len(bytes.TrimSpace(fields[0])) == 0 {
			return // blank line
		}
		r.errorf(input.ErrMalformed, line, 0, "", "every row needs one value per header column", "this row has %d values but the header has %d columns", len(fields), r.nCols)
		return
	}
	child := unguard(bytes.TrimSpace(fields[r.colChild]))
	carer := unguard(bytes.TrimSpace(fields[r.colCarer]))
	score := bytes.TrimSpace(fields[r.colScore])
	if len(child) == 0 {
		r.errorf(input.ErrMissingValue, line, cols[r.colChild], "child_id", "give the child's id", "this value is required but empty")
		return
	}
	j, ok := r.carerIdx[string(carer)]
	if !ok {
		if len(carer) == 0 {
			r.errorf(input.ErrMissingValue, line, cols[r.colCarer], "carer_id", "give the carer's id", "this value is required but empty")
		} else {
			r.errorf(input.ErrUnknownName, line, cols[r.colCarer], "carer_id", "every carer_id must be an id in carers.csv", "unknown carer %q", carer)
		}
		return
	}
	s, ok := parseScore(score)
	if !ok {
		r.errorf(input.ErrBadValue, line, cols[r.colScore], "score", "write the score as a number from 0 to 100, for example 72.5", "%q is not a number", score)
		return
	}
	if !(s >= 0 && s <= 100) {
		r.errorf(input.ErrOutOfRange, line, cols[r.colScore], "score", "scores run from 0 to 100", "%s is outside the allowed range 0–100", score)
		return
	}
	r.p.addArc(r.child(child), j, s)
	r.lines = append(r.lines, int32(line))
}

// child returns the row of a child id, adding the child when new.
func (r *pairsReader) child(id []byte) int32 {
	i, ok := r.childIdx[string(id)]
	if !ok {
		i = int32(len(r.p.ChildIDs))
		s := string(id)
		r.childIdx[s] = i
		r.p.ChildIDs = append(r.p.ChildIDs, s)
	}
	return i
}

// unguard is output.Unguard for a cell of the fast reader: an id written
// guarded against spreadsheet formulas ("'-17") reads as the id ("-17").
// Only a cell starting with a quote is looked at twice.
func unguard(b []byte) []byte {
	if len(b) > 1 && b[0] == '\'' && len(output.Unguard(string(b))) < len(b) {
		return b[1:]
	}
	return b
}

// parseScore reads a plain decimal (digits, optional point, at most 15
// significant digits) directly; anything else goes to table.ParseDecimal,
// which refuses hexadecimal, underscores and "-0".
// Both give the correctly rounded float64: m / 10^d with m < 2^53 and
// d ≤ 15 is one correctly rounded IEEE division of exact values.
func parseScore(b []byte) (float64, bool) {
	var m int64
	digits, frac, point := 0, 0, false
	for _, c := range b {
		switch {
		case c >= '0' && c <= '9':
			m = m*10 + int64(c-'0')
			digits++
			if point {
				frac++
			}
		case c == '.' && !point:
			point = true
		default:
			digits = 99
		}
		if digits > 15 {
			break
		}
	}
	if digits > 0 && digits <= 15 {
		return float64(m) / pow10[frac], true
	}
	f, err := table.ParseDecimal(string(b))
	if err != nil {
		return 0, false
	}
	return f, true
}

var pow10 = [...]float64{1, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15}

// readFast reads an unquoted file: the header, then the rows — a large
// file's two halves at once, each on its own core, merged in file order.
func (r *pairsReader) readFast(data []byte) {
	head := data
	end := bytes.IndexByte(data, '\n')
	if end < 0 {
		data = nil
	} else {
		head, data = data[:end], data[end+1:]
	}
	fields, cols := splitFields(bytes.TrimSuffix(head, []byte{'\r'}))
	names := make([]string, len(fields))
	for i, f := range fields {
		names[i] = string(f)
	}
	if !r.header(names, cols) {
		return
	}
	mid := len(data) / 2
	k := bytes.IndexByte(data[mid:], '\n')
	if mid < r.split || k < 0 {
		r.readRows(data, 2)
		return
	}
	mid += k + 1
	sub := &pairsReader{file: r.file, ps: &input.Problems{}, carerIdx: r.carerIdx, childIdx: map[string]int32{},
		p:     &Problem{CarerIDs: r.p.CarerIDs, Solver: assign.Problem{Arcs: hugepage.MakeCap[assign.Arc](0, cap(r.p.Solver.Arcs)/2)}},
		lines: hugepage.MakeCap[int32](0, cap(r.lines)/2), colChild: r.colChild, colCarer: r.colCarer, colScore: r.colScore,
		nCols: r.nCols, names: r.names}
	done := make(chan struct{})
	go func() {
		sub.readRows(data[mid:], 1) // lines counted from its start, renumbered by merge
		close(done)
	}()
	last := r.readRows(data[:mid], 2)
	<-done
	r.merge(sub, last)
}

// parallelReadBytes is the size of half a file below which it is read on
// one core: splitting costs a count of the first half's lines and a merge.
const parallelReadBytes = 1 << 20

// readRows reads data rows, the first of them on line first. A row with
// the header's number of fields whose child, carer and score are all fine
// is read from just the fields it needs (the rest are counted, not split);
// any other row goes through row with every field split, which reports it
// exactly.
// It returns the number of the last line.
func (r *pairsReader) readRows(data []byte, first int) int {
	need := max(r.colChild, r.colCarer, r.colScore) + 1
	lastIdx := int32(-1) // the child of the previous row: files list a child's pairs together
	var lastChild []byte
	line := first - 1
	for ; len(data) > 0; line++ {
		end := bytes.IndexByte(data, '\n')
		var ln []byte
		if end < 0 {
			ln, data = data, nil
		} else {
			ln, data = data[:end], data[end+1:]
		}
		if n := len(ln); n > 0 && ln[n-1] == '\r' {
			ln = ln[:n-1]
		}
		if bytes.Count(ln, comma) == r.nCols-1 {
			var f [3][]byte // child, carer, score
			rest := ln
			for k := 0; k < need; k++ {
				c := bytes.IndexByte(rest, ',')
				v := rest
				if c >= 0 {
					v, rest = rest[:c], rest[c+1:]
				}
				switch k {
				case r.colChild:
					f[0] = bytes.TrimSpace(v)
				case r.colCarer:
					f[1] = bytes.TrimSpace(v)
				case r.colScore:
					f[2] = bytes.TrimSpace(v)
				}
			}
			if j, ok := r.carerIdx[string(f[1])]; ok && len(f[0]) > 0 {
				if s, ok := parseScore(f[2]); ok && s >= 0 && s <= 100 {
					i := lastIdx
					if i < 0 || !bytes.Equal(f[0], lastChild) {
						i = r.child(f[0])
						lastIdx, lastChild = i, f[0]
					}
					r.p.addArc(i, j, s)
					r.lines = append(r.lines, int32(line+1))
					continue
				}
			}
		}
		fields, cols := splitFields(ln)
		r.row(line+1, fields, cols)
	}
	return line
}

// splitFields splits a line at every comma, with each field's 1-based
// byte column.
func splitFields(ln []byte) ([][]byte, []int) {
	var fields [][]byte
	var cols []int
	start := 0
	for k := 0; k <= len(ln); k++ {
		if k == len(ln) || ln[k] == ',' {
			fields = append(fields, ln[start:k])
			cols = append(cols, start+1)
			start = k + 1
		}
	}
	return fields, cols
}

// merge appends what sub read of the rest of the file, which starts after
// line last: its children (those new to r numbered after r's), pairs,
// lines and problems, renumbering sub's lines and keeping within the cap
// on problems listed.
func (r *pairsReader) merge(sub *pairsReader, last int) {
	for k := range sub.lines {
		sub.lines[k] += int32(last)
	}
	for k := range sub.ps.List {
		if sub.ps.List[k].Line > 0 {
			sub.ps.List[k].Line += last
		}
	}
	rows := make([]int32, len(sub.p.ChildIDs))
	for i, id := range sub.p.ChildIDs {
		rows[i] = r.child([]byte(id))
	}
	p, q := r.p, sub.p
	if p.Scores != nil || q.Scores != nil {
		scores := make([]float64, 0, len(p.Solver.Arcs)+len(q.Solver.Arcs))
		for k := range p.Solver.Arcs {
			scores = append(scores, p.score(int32(k)))
		}
		for k := range q.Solver.Arcs {
			scores = append(scores, q.score(int32(k)))
		}
		p.Scores = scores
	}
	for _, a := range q.Solver.Arcs {
		a.Row = rows[a.Row]
		p.Solver.Arcs = append(p.Solver.Arcs, a)
	}
	r.lines = append(r.lines, sub.lines...)
	listed := min(r.errs, maxListedProblems)
	for _, pb := range sub.ps.List {
		if listed < maxListedProblems {
			r.ps.Add(pb)
			listed++
		}
	}
	if r.errs <= maxListedProblems && r.errs+sub.errs > maxListedProblems {
		// The first problem not listed is sub's.
		if k := maxListedProblems - r.errs; k < len(sub.ps.List) {
			r.hidden = sub.ps.List[k].Kind
		} else {
			r.hidden = sub.hidden
		}
	}
	r.errs += sub.errs
}

var comma = []byte{','}

// estimateLines estimates the lines of data from its first 64 KB, with an
// eighth to spare; exact for a smaller file.
func estimateLines(data []byte) int {
	const sample = 64 << 10
	if len(data) <= sample {
		return bytes.Count(data, []byte{'\n'}) + 1
	}
	n := bytes.Count(data[:sample], []byte{'\n'}) + 1
	return int(int64(len(data)) * int64(n) / sample * 9 / 8)
}

func (r *pairsReader) readQuoted(data []byte) {
	cr := csv.NewReader(bytes.NewReader(data))
	cr.FieldsPerRecord = -1
	cr.ReuseRecord = true
	first := true
	var fields [][]byte
	var cols []int
	for {
		rec, err := cr.Read()
		if err == io.EOF {
			return
		}
		if err != nil {
			var pe *csv.ParseError
			if errors.As(err, &pe) {
				r.errorf(input.ErrMalformed, pe.Line, pe.Column, "", "a field with a comma or quote must be wrapped in double quotes, with inner quotes doubled", "%v", pe.Err)
			} else {
				r.errorf(input.ErrMalformed, 0, 0, "", "", "cannot read the file: %v", err)
			}
			return
		}
		fields, cols = fields[:0], cols[:0]
		line, _ := cr.FieldPos(0)
		for i, f := range rec {
			_, c := cr.FieldPos(i)
			fields = append(fields, []byte(f))
			cols = append(cols, c)
		}
		if first {
			first = false
			if !r.header(append([]string(nil), rec...), cols) {
				return
			}
			continue
		}
		r.row(line, fields, cols)
	}
}

// checkDuplicates reports every pair given twice, with both lines, in
// linear time (pairs bucketed by child, then a stamp per carer).
func (r *pairsReader) checkDuplicates() {
	n, m := len(r.p.ChildIDs), len(r.p.CarerIDs)
	arcs := r.p.Solver.Arcs
	start := make([]int32, n+1)
	for _, a := range arcs {
		start[a.Row+1]++
	}
	for i := 0; i < n; i++ {
		start[i+1] += start[i]
	}
	order := hugepage.Make[int32](len(arcs))
	fill := append([]int32(nil), start[:n]...)
	for x, a := range arcs {
		order[fill[a.Row]] = int32(x)
		fill[a.Row]++
	}
	stamp := make([]int32, m) // child+1 that last used the carer
	where := make([]int32, m) // candidate index of that use
	for i := 0; i < n; i++ {
		for _, x := range order[start[i]:start[i+1]] {
			j := arcs[x].Col
			if stamp[j] == int32(i+1) {
				line := int(r.lines[x])
				r.errorf(input.ErrDuplicate, line, 0, "carer_id", "give each child–carer pair once", "the pair %s–%s already appears on line %d", r.p.ChildIDs[i], r.p.CarerIDs[j], r.lines[where[j]])
				continue
			}
			stamp[j], where[j] = int32(i+1), x
		}
	}
}
