package match

import (
	"bytes"
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/linkmatch/linkmatch/internal/table"
)

func pairsProblem() *SolveProblem {
	return &SolveProblem{CarerIDs: []string{"K1", "K2"}, Places: []int32{1, 2}}
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
			ps := &table.Problems{}
			ReadPairs([]byte(tc.data), "pairs.csv", pairsProblem(), ps)
			err := ps.Err()
			var ie *table.InvalidError
			if !errors.As(err, &ie) || !errors.Is(err, table.ErrInvalid) {
				t.Fatalf("want an InvalidError, got %v", err)
			}
			got := ie.Problems[0]
			if got.Line != tc.line || got.Column != tc.col || got.ColumnName != tc.column {
				t.Fatalf("got %d:%d (%s) %q, want %d:%d (%s)", got.Line, got.Column, got.ColumnName, got.Error(), tc.line, tc.col, tc.column)
			}
		})
	}
}

func TestReadPairsCapsProblems(t *testing.T) {
	var b strings.Builder
	b.WriteString("child_id,carer_id,score\n")
	for i := 0; i < 500; i++ {
		b.WriteString("C1,nobody,5\n")
	}
	ps := &table.Problems{}
	ReadPairs([]byte(b.String()), "pairs.csv", pairsProblem(), ps)
	if n := ps.ErrorCount(); n != maxListedProblems+1 {
		t.Fatalf("%d problems listed", n)
	}
}

func TestPairsRoundTripAndSolve(t *testing.T) {
	p := SyntheticSolveProblem(40, 15, 3, 6, 7)
	dir := t.TempDir()
	var pb, cb bytes.Buffer
	if err := WritePairs(&pb, p); err != nil {
		t.Fatal(err)
	}
	if err := WriteCarerPlaces(&cb, p); err != nil {
		t.Fatal(err)
	}
	pp, cp := filepath.Join(dir, "pairs.csv"), filepath.Join(dir, "carers.csv")
	os.WriteFile(pp, pb.Bytes(), 0o644)
	os.WriteFile(cp, cb.Bytes(), 0o644)
	q, warn, err := LoadPairsProblem(pp, cp)
	if err != nil || len(warn) > 0 {
		t.Fatal(err, warn)
	}
	if len(q.Candidates) != len(p.Candidates) {
		t.Fatalf("%d pairs read, %d written", len(q.Candidates), len(p.Candidates))
	}
	for i, c := range q.Candidates {
		if c.Score != p.Candidates[i].Score {
			t.Fatalf("pair %d: score %v read as %v", i, p.Candidates[i].Score, c.Score)
		}
	}
	a, _ := Solve(context.Background(), p, SolveOptions{})
	b, _ := Solve(context.Background(), q, SolveOptions{})
	if a.Linked != b.Linked || a.ScaledTotal != b.ScaledTotal {
		t.Fatal("different results after a round trip")
	}
	var m1, m2 bytes.Buffer
	WriteMatches(&m1, p, a)
	WriteMatches(&m2, q, b)
	if !bytes.Equal(m1.Bytes(), m2.Bytes()) {
		t.Fatal("matches.csv differs after a round trip")
	}
	var un bytes.Buffer
	if err := WriteUnmatched(&un, q, b); err != nil {
		t.Fatal(err)
	}
	if err := WriteCertificate(&bytes.Buffer{}, q, b); err != nil {
		t.Fatal(err)
	}
}

func FuzzReadPairs(f *testing.F) {
	f.Add([]byte("child_id,carer_id,score\nC1,K1,50\nC2,K2,1e1\n"))
	f.Add([]byte("score,carer_id,child_id,extra\n\"5\",K1,\"C\"\"1\",x\n"))
	f.Add([]byte("child_id,carer_id,score\r\nC1,K1,50.123456789012345678\r\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		p := pairsProblem()
		ps := &table.Problems{}
		ReadPairs(data, "pairs.csv", p, ps)
		if ps.ErrorCount() == 0 {
			for _, c := range p.Candidates {
				if !(c.Score >= 0 && c.Score <= 100) {
					t.Fatalf("score %v accepted", c.Score)
				}
			}
			if _, err := Solve(context.Background(), p, SolveOptions{}); err != nil {
				t.Fatalf("a file read without problems fails to solve: %v", err)
			}
		}
	})
}
