package match

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/linkmatch/linkmatch/assign"
	"github.com/linkmatch/linkmatch/input"
	"github.com/linkmatch/linkmatch/internal/output"
)

func pairsProblem() *Problem {
	return newPairsProblem([]string{"K1", "K2"}, []int32{1, 2})
}

func TestReadPairsErrors(t *testing.T) {
	cases := []struct {
		name, data string
		line, col  int
		column     string
	}{
		{"unknown carer", "child_id,carer_id,score\nC1,K9,50\n", 2, 4, "carer_id"},
		{"score above 100", "child_id,carer_id,score\nC1,K1,100.5\n", 2, 7, "score"},
		{"negative score", "score,child_id,carer_id\n-1,C1,K1\n", 2, 1, "score"},
		{"not a number", "child_id,carer_id,score\nC1,K1,high\n", 2, 7, "score"},
		{"duplicate pair", "child_id,carer_id,score\nC1,K1,5\nC1,K2,5\nC1,K1,6\n", 4, 0, "carer_id"},
		{"missing column", "child_id,carer,score\nC1,K1,5\n", 1, 0, "carer_id"},
		{"empty file", "\n \n", 0, 0, ""},
		{"not UTF-8", "child_id,carer_id,score\nC\xff1,K1,5\n", 2, 2, ""},
		{"quoted unknown carer", "child_id,carer_id,score\n\"C,1\",\"K9\",50\n", 2, 7, "carer_id"},
		{"short row", "child_id,carer_id,score\nC1,K1\n", 2, 0, ""},
		{"CRLF and BOM, bad score", "\xef\xbb\xbfchild_id,carer_id,score\r\nC1,K1,7x\r\n", 2, 7, "score"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			ps := &input.Problems{}
			readPairs([]byte(tc.data), "pairs.csv", pairsProblem(), ps)
			err := ps.Err()
			var ie *input.InvalidError
			if !errors.As(err, &ie) || !errors.Is(err, input.ErrInvalid) {
				t.Fatalf("want an InvalidError, got %v", err)
			}
			got := ie.Problems[0]
			if got.Line != tc.line || got.Column != tc.col || got.ColumnName != tc.column {
				t.Fatalf("got %d:%d (%s) %q, want %d:%d (%s)", got.Line, got.Column, got.ColumnName, got.Error(), tc.line, tc.col, tc.column)
			}
		})
	}
}

// TestReadPairsMisspeltColumn: a required column spelt nearly right is
// named in the hint, with the message other files give.
func TestReadPairsMisspeltColumn(t *testing.T) {
	ps := &input.Problems{}
	readPairs([]byte("child_id,carer_id,scor\nC1,K1,5\n"), "pairs.csv", pairsProblem(), ps)
	want := `pairs.csv:1 (score): missing column "score" — did you mean the column "scor"? rename it score`
	if err := ps.Err(); err == nil || !strings.Contains(err.Error(), want) {
		t.Errorf("got %v, want %q", err, want)
	}
}

func TestReadPairsCapsProblems(t *testing.T) {
	var b strings.Builder
	b.WriteString("child_id,carer_id,score\n")
	for i := 0; i < 500; i++ {
		b.WriteString("C1,nobody,5\n")
	}
	ps := &input.Problems{}
	readPairs([]byte(b.String()), "pairs.csv", pairsProblem(), ps)
	if n := ps.ErrorCount(); n != maxListedProblems+1 {
		t.Fatalf("%d problems listed", n)
	}
}

// TestReadPairsInHalves: a file read in two halves at once gives what
// reading it in one piece gives — children in order of appearance across
// the halves, pairs and their lines in file order, scores that are not
// whole hundredths, duplicates found across the halves, and problems in
// line order within the cap.
func TestReadPairsInHalves(t *testing.T) {
	cases := map[string]func(i int) string{
		"clean":            func(i int) string { return fmt.Sprintf("C%d,K%d,%d\n", i%37, 1+i%2, i%101) },
		"fine scores":      func(i int) string { return fmt.Sprintf("C%d,K%d,%d.333\n", i/2, 1+i%2, i%100) },
		"duplicates":       func(i int) string { return fmt.Sprintf("C%d,K%d,50\n", i%7, 1+i%2) },
		"many problems":    func(i int) string { return []string{"C1,nobody,5\n", "C2,K1,101\n", "C3,K2,5,6\n", "C4,K1,50\n"}[i%4] },
		"blank lines, CRs": func(i int) string { return []string{"\n", "C5,K2,7\r\n", " C6 , K1 ,8\n"}[i%3] },
	}
	for name, row := range cases {
		t.Run(name, func(t *testing.T) {
			var b strings.Builder
			b.WriteString("child_id,carer_id,score\n")
			for i := 0; i < 700; i++ {
				b.WriteString(row(i))
			}
			data := []byte(b.String())
			one, two := pairsProblem(), pairsProblem()
			ps1, ps2 := &input.Problems{}, &input.Problems{}
			readPairsVia(data, "pairs.csv", one, ps1, false, len(data))
			readPairsVia(data, "pairs.csv", two, ps2, false, 64)
			if a, b := fmt.Sprint(one.ChildIDs, one.Solver.Arcs, one.Scores), fmt.Sprint(two.ChildIDs, two.Solver.Arcs, two.Scores); a != b {
				t.Fatalf("in one piece %s\nin halves %s", a, b)
			}
			if a, b := fmt.Sprint(ps1.List), fmt.Sprint(ps2.List); a != b {
				t.Fatalf("in one piece %s\nin halves %s", a, b)
			}
		})
	}
}

// smallPairs are the small synthetic instance that tools/benchpairs keeps
// as its golden output: 40 children, 15 carers, 240 pairs.
const smallPairs = "../tools/benchpairs/testdata/small/"

// loadPairs reads pairs.csv and carers.csv from files, as "match --pairs"
// does, failing the test on any problem, warnings included.
func loadPairs(t *testing.T, pairsPath, carersPath string) *Problem {
	t.Helper()
	pairs, err := os.ReadFile(pairsPath)
	if err != nil {
		t.Fatal(err)
	}
	carers, err := os.ReadFile(carersPath)
	if err != nil {
		t.Fatal(err)
	}
	var ps input.Problems
	p := ReadPairsProblem(pairs, pairsPath, carers, carersPath, &ps)
	if p == nil || len(ps.List) > 0 {
		t.Fatalf("problems: %v", ps.List)
	}
	return p
}

// TestPairsRoundTripAndSolve reads pairs.csv and carers.csv, writes the
// problem back out, reads that again, and checks that nothing changed: the
// same pairs with the same scores, and the same matches.csv.
func TestPairsRoundTripAndSolve(t *testing.T) {
	p := loadPairs(t, smallPairs+"pairs.csv", smallPairs+"carers.csv")
	if len(p.Solver.Arcs) != 240 || len(p.ChildIDs) != 40 || len(p.CarerIDs) != 15 {
		t.Fatalf("read %d pairs, %d children, %d carers", len(p.Solver.Arcs), len(p.ChildIDs), len(p.CarerIDs))
	}
	dir := t.TempDir()
	pp, cp := filepath.Join(dir, "pairs.csv"), filepath.Join(dir, "carers.csv")
	writeTestPairs(t, pp, cp, p)
	q := loadPairs(t, pp, cp)
	if !slices.Equal(pairList(p), pairList(q)) || !slices.Equal(p.ChildIDs, q.ChildIDs) || !slices.Equal(p.CarerIDs, q.CarerIDs) {
		t.Fatal("the pairs changed in a round trip")
	}
	a, err := Solve(context.Background(), p, assign.Options{})
	if err != nil {
		t.Fatal(err)
	}
	b, err := Solve(context.Background(), q, assign.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if err := assign.CheckOptimal(&q.Solver, b.Solver); err != nil {
		t.Fatal(err)
	}
	var m1, m2, un, cert bytes.Buffer
	if err := WriteMatches(&m1, p, a, mustChoices(t, p, a)); err != nil {
		t.Fatal(err)
	}
	if err := WriteMatches(&m2, q, b, mustChoices(t, q, b)); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(m1.Bytes(), m2.Bytes()) {
		t.Fatal("matches.csv differs after a round trip")
	}
	if got := bytes.Count(m1.Bytes(), []byte("\n")) - 1; got != a.Linked {
		t.Fatalf("matches.csv has %d links, the result %d", got, a.Linked)
	}
	if err := WriteUnmatched(&un, q, b); err != nil {
		t.Fatal(err)
	}
	if got := bytes.Count(un.Bytes(), []byte("\n")) - 1; got != len(p.ChildIDs)-a.Linked {
		t.Fatalf("unmatched.csv has %d children, want %d", got, len(p.ChildIDs)-a.Linked)
	}
	if err := WriteCertificate(&cert, q, b); err != nil {
		t.Fatal(err)
	}
	if !bytes.HasPrefix(cert.Bytes(), []byte("kind,id,carer_id,value\nbig,,,400001\nunit,,,1\n")) {
		t.Fatalf("certificate.csv starts:\n%.80s", cert.String())
	}
}

// pairList lists a problem's pairs as text, sorted.
func pairList(p *Problem) []string {
	var out []string
	for k, a := range p.Solver.Arcs {
		out = append(out, fmt.Sprintf("%s %s %v %d %d", p.ChildIDs[a.Row], p.CarerIDs[a.Col], p.score(int32(k)), a.Weight, p.Solver.Places[a.Col]))
	}
	slices.Sort(out)
	return out
}

// writeTestPairs writes p's pairs in reverse order (so the reader numbers
// children differently) and its carers, also reversed.
func writeTestPairs(t *testing.T, pairsPath, carersPath string, p *Problem) {
	t.Helper()
	var pb, cb bytes.Buffer
	pb.WriteString("child_id,carer_id,score\n")
	for k := len(p.Solver.Arcs) - 1; k >= 0; k-- {
		a := p.Solver.Arcs[k]
		fmt.Fprintf(&pb, "%s,%s,%s\n", p.ChildIDs[a.Row], p.CarerIDs[a.Col], strconv.FormatFloat(p.score(int32(k)), 'f', -1, 64))
	}
	cb.WriteString("id,capacity\n")
	for j := len(p.CarerIDs) - 1; j >= 0; j-- {
		fmt.Fprintf(&cb, "%s,%d\n", p.CarerIDs[j], p.Solver.Places[j])
	}
	if err := os.WriteFile(pairsPath, pb.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(carersPath, cb.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
}

func FuzzReadPairs(f *testing.F) {
	f.Add([]byte("child_id,carer_id,score\nC1,K1,50\nC2,K2,1e1\n"))
	f.Add([]byte("score,carer_id,child_id,extra\n\"5\",K1,\"C\"\"1\",x\n"))
	f.Add([]byte("child_id,carer_id,score\r\nC1,K1,50.123456789012345678\r\n"))
	f.Add([]byte("extra,child_id,carer_id,score\nx, C1 ,K1,50\n\nC2,K2,50\ny,C1,K2,101\nz,C1,K3,5,6\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		p := pairsProblem()
		ps := &input.Problems{}
		readPairs(data, "pairs.csv", p, ps)
		if bytes.IndexByte(data, '"') < 0 {
			// The fast path reads an unquoted file as encoding/csv does,
			// in one piece or (above a few bytes) in two halves at once.
			q := pairsProblem()
			qs := &input.Problems{}
			readPairsVia(data, "pairs.csv", q, qs, true, parallelReadBytes)
			h := pairsProblem()
			hs := &input.Problems{}
			readPairsVia(data, "pairs.csv", h, hs, false, 8)
			want := fmt.Sprint(q.ChildIDs, q.Solver.Arcs, q.Scores)
			for name, got := range map[string]*Problem{"fast path": p, "two halves": h} {
				if a := fmt.Sprint(got.ChildIDs, got.Solver.Arcs, got.Scores); a != want {
					t.Fatalf("%s read %s, encoding/csv %s", name, a, want)
				}
			}
			if a, b, c := fmt.Sprint(ps.List), fmt.Sprint(hs.List), fmt.Sprint(qs.List); a != c || b != c {
				t.Fatalf("fast path found %s, two halves %s, encoding/csv %s", a, b, c)
			}
		}
		if ps.ErrorCount() == 0 {
			for k := range p.Solver.Arcs {
				if s := p.score(int32(k)); !(s >= 0 && s <= 100) {
					t.Fatalf("score %v accepted", s)
				}
			}
			p.sortByID()
			if _, err := Solve(context.Background(), p, assign.Options{}); err != nil {
				t.Fatalf("a file read without problems fails to solve: %v", err)
			}
		}
	})
}

// TestPairsCarersRangeChecked: "match --pairs" checks carers.csv's capacity
// and current_links as a scenario's carers.csv is checked (1–4 places,
// current links from 0 to the capacity), each problem at its cell.
func TestPairsCarersRangeChecked(t *testing.T) {
	pairs := []byte("child_id,carer_id,score\nC1,K1,50\n")
	cases := []struct {
		name, carers string
		line, col    int
		column       string
		kind         input.Kind
	}{
		{"capacity 0", "id,capacity\nK1,0\n", 2, 4, "capacity", input.ErrOutOfRange},
		{"capacity 5", "id,capacity\nK1,5\n", 2, 4, "capacity", input.ErrOutOfRange},
		{"capacity a million", "id,capacity\nK1,1000000\n", 2, 4, "capacity", input.ErrOutOfRange},
		{"capacity missing", "id,capacity\nK1,\n", 2, 4, "capacity", input.ErrMissingValue},
		{"current links negative", "id,capacity,current_links\nK1,2,-1\n", 2, 6, "current_links", input.ErrOutOfRange},
		{"current links above capacity", "id,capacity,current_links\nK1,2,3\n", 2, 6, "current_links", input.ErrConflict},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			ps := &input.Problems{}
			if p := ReadPairsProblem(pairs, "pairs.csv", []byte(tc.carers), "carers.csv", ps); p != nil {
				t.Fatal("a problem was built from carers that break the ranges")
			}
			var ie *input.InvalidError
			if !errors.As(ps.Err(), &ie) {
				t.Fatalf("want an InvalidError, got %v", ps.Err())
			}
			got := ie.Problems[0]
			if got.File != "carers.csv" || got.Line != tc.line || got.Column != tc.col || got.ColumnName != tc.column || got.Kind != tc.kind {
				t.Errorf("got %q (%s), want carers.csv:%d:%d (%s) of kind %q", got.Error(), got.Kind, tc.line, tc.col, tc.column, tc.kind)
			}
		})
	}
}

// TestPairsUnmatchedReasonIsTrue: with --pairs, a child whose only carers
// have every place taken by current links is unlinked because there is no
// place left — not because other children needed those carers, which
// nobody did — and a child who lost a carer to another child is told so.
func TestPairsUnmatchedReasonIsTrue(t *testing.T) {
	carers := []byte("id,capacity,current_links\nK1,2,2\nK2,1,0\n")
	pairs := []byte("child_id,carer_id,score\nC1,K1,90\nC2,K2,80\nC3,K2,70\nC3,K1,60\n")
	ps := &input.Problems{}
	p := ReadPairsProblem(pairs, "pairs.csv", carers, "carers.csv", ps)
	if p == nil {
		t.Fatal(ps.Err())
	}
	for _, mode := range []assign.Mode{assign.Optimal, assign.Stable, assign.Greedy} {
		res, err := Solve(context.Background(), p, assign.Options{Mode: mode})
		if err != nil {
			t.Fatal(err)
		}
		reasons := map[string]string{}
		for _, u := range res.Unmatched {
			reasons[p.ChildIDs[u.Child]] = u.Reason
		}
		if r := reasons["C1"]; r != "No place left: K1 has every place taken (capacity less current links)." {
			t.Errorf("%s: C1's reason %q, want no place left", mode, r)
		}
		if r := reasons["C3"]; !strings.Contains(r, "1 had no place left") || !strings.Contains(r, "1 was needed by") ||
			!strings.HasSuffix(r, ". K2 went to C2; K1 was already full (capacity less current links).") {
			t.Errorf("%s: C3's reason %q, want one carer full from the start and one needed by another child", mode, r)
		}
	}
}

// TestGuardedIDsReadBack: ids that start like a spreadsheet formula are
// written guarded with a quote (WriteMatches), and reading the file back
// (ReadLinks, and pairs.csv through ReadPairsProblem) gives the ids
// themselves.
func TestGuardedIDsReadBack(t *testing.T) {
	ids := []string{"=C1", "+C2", "-C3", "@C4", "'=C5", "C6"}
	// Two places each: a carer's time holds two children (TimePlaces).
	carers := []byte("id,capacity\n'-K1,2\n'@K2,2\n+K3,2\n")
	var pairs strings.Builder
	pairs.WriteString("child_id,carer_id,score\n")
	for i, id := range ids {
		fmt.Fprintf(&pairs, "%s,%s,%d\n", guardedCell(id), guardedCell([]string{"-K1", "@K2", "+K3"}[i%3]), 50+i)
	}
	ps := &input.Problems{}
	p := ReadPairsProblem([]byte(pairs.String()), "pairs.csv", carers, "carers.csv", ps)
	if p == nil {
		t.Fatal(ps.Err())
	}
	res, err := Solve(context.Background(), p, assign.Options{})
	if err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	if err := WriteMatches(&out, p, res, mustChoices(t, p, res)); err != nil {
		t.Fatal(err)
	}
	rows := ReadLinks(out.Bytes(), "matches.csv", ps)
	if err := ps.Err(); err != nil {
		t.Fatalf("%v\n%s", err, out.String())
	}
	var got []string
	for _, r := range rows {
		got = append(got, r.ChildID)
		if r.CarerID != "-K1" && r.CarerID != "@K2" && r.CarerID != "+K3" {
			t.Errorf("carer %q read back", r.CarerID)
		}
	}
	want := slices.Clone(ids)
	slices.Sort(want)
	slices.Sort(got)
	if !slices.Equal(got, want) {
		t.Errorf("ids read back %q, want %q\n%s", got, want, out.String())
	}
}

// guardedCell is id as a spreadsheet-safe CSV writer writes it.
func guardedCell(id string) string {
	var b bytes.Buffer
	c := output.NewCSV(&b)
	c.String(id)
	c.End()
	if err := c.Flush(); err != nil {
		panic(err)
	}
	return strings.TrimSuffix(b.String(), "\n")
}
