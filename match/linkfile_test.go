package match

import (
	"errors"
	"fmt"
	"slices"
	"testing"

	"github.com/linkmatch/linkmatch"
	"github.com/linkmatch/linkmatch/input"
)

func TestReadLinks(t *testing.T) {
	tests := []struct {
		name, data string
		want       []LinkRow
		problem    string // "line:col (column) kind" of the only problem, "" for none
	}{
		{"matches.csv as match writes it, no warnings", "child_id,carer_id,score,mode,sibling_group,pinned\nC1,K1,81.5,optimal,S1,no\nC2,K2,70,optimal,,yes\n",
			[]LinkRow{{ChildID: "C1", CarerID: "K1", Score: 81.5, Line: 2, ChildColumn: 1, CarerColumn: 4}, {ChildID: "C2", CarerID: "K2", Score: 70, Line: 3, ChildColumn: 1, CarerColumn: 4}}, ""},
		{"pinned.csv with notes", "child_id,carer_id,agreed,notes\nC1,K1,2026-12-01,panel\n",
			[]LinkRow{{ChildID: "C1", CarerID: "K1", Line: 2, ChildColumn: 1, CarerColumn: 4}}, ""},
		{"link ids kept", "link_id,child_id,carer_id\nL9,C1,K1\n",
			[]LinkRow{{ChildID: "C1", CarerID: "K1", LinkID: "L9", Line: 2, ChildColumn: 4, CarerColumn: 7}}, ""},
		{"same link twice", "child_id,carer_id\nC1,K1\nC1,K1\n",
			[]LinkRow{{ChildID: "C1", CarerID: "K1", Line: 2, ChildColumn: 1, CarerColumn: 4}}, "3:1 (child_id) duplicate"},
		{"same child, two carers, is two links", "child_id,carer_id\nC1,K1\nC1,K2\n",
			[]LinkRow{{ChildID: "C1", CarerID: "K1", Line: 2, ChildColumn: 1, CarerColumn: 4}, {ChildID: "C1", CarerID: "K2", Line: 3, ChildColumn: 1, CarerColumn: 4}}, ""},
		{"score out of range", "child_id,carer_id,score\nC1,K1,101\n", nil, "2:7 (score) value out of range"},
		{"a link under way", "child_id,carer_id,started,stage,stage_since\nC1,K1,2026-01-05,Developing,2026-03-02\n",
			[]LinkRow{{ChildID: "C1", CarerID: "K1", Line: 2, ChildColumn: 1, CarerColumn: 4, UnderWay: UnderWay{Stage: "Developing",
				Started: linkmatch.MustParseDate("2026-01-05"), StageSince: linkmatch.MustParseDate("2026-03-02"), StartedColumn: 7, StageColumn: 18, SinceColumn: 29}}}, ""},
		{"a date but no stage", "child_id,carer_id,started,stage\nC1,K1,2026-01-05,\n", nil, "2:18 (stage) missing value"},
		{"stage begun before the link", "child_id,carer_id,started,stage,stage_since\nC1,K1,2026-01-05,Building,2025-12-01\n", nil, "2:27 (stage_since) conflicting values"},
		{"a bad date", "child_id,carer_id,started,stage\nC1,K1,5/1/2026,Building\n", nil, "2:7 (started) bad value"},
		{"missing carer", "child_id,carer_id\nC1,\n", nil, "2:4 (carer_id) missing value"},
		{"missing column", "child_id\nC1\n", nil, "1:0 (carer_id) missing column"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var ps input.Problems
			got := ReadLinks([]byte(tt.data), "links.csv", &ps)
			if !slices.Equal(got, tt.want) {
				t.Errorf("rows\n got %+v\nwant %+v", got, tt.want)
			}
			var problems []string
			for _, p := range ps.List {
				problems = append(problems, formatProblem(p))
			}
			switch {
			case tt.problem == "" && len(problems) > 0:
				t.Errorf("problems %q, want none (not even warnings)", problems)
			case tt.problem != "" && (len(problems) != 1 || problems[0] != tt.problem):
				t.Errorf("problems %q, want only %q", problems, tt.problem)
			}
		})
	}
}

func formatProblem(p input.Problem) string {
	return fmt.Sprintf("%d:%d (%s) %s", p.Line, p.Column, p.ColumnName, p.Kind)
}

// TestPinRows: a link that cannot be pinned is a problem at its row and
// the column at fault, with a kind; the others are pinned.
func TestPinRows(t *testing.T) {
	p := pairsProblem() // carers K1 (1 place), K2 (2 places)
	readPairs([]byte("child_id,carer_id,score\nC1,K1,90\nC2,K1,80\nC3,K2,50\n"), "pairs.csv", p, &input.Problems{})
	p.sortByID()
	var ps input.Problems
	rows := ReadLinks([]byte("child_id,carer_id\nC1,K1\nC9,K1\nC2,K1\nC3,K1\n"), "pinned.csv", &ps)
	p.PinRows(rows, "pinned.csv", &ps)
	want := []string{"3:1 (child_id) unknown name", "4:4 (carer_id) conflicting values", "5:4 (carer_id) conflicting values"}
	var got []string
	for _, q := range ps.List {
		got = append(got, formatProblem(q))
		if q.File != "pinned.csv" || !errors.Is(q, input.ErrInvalid) {
			t.Errorf("problem %v", q)
		}
	}
	if !slices.Equal(got, want) {
		t.Errorf("problems\n got %q\nwant %q", got, want)
	}
	if len(p.Solver.Pins) != 1 {
		t.Errorf("%d links pinned, want C1–K1 alone", len(p.Solver.Pins))
	}
}

func FuzzReadLinks(f *testing.F) {
	f.Add([]byte("child_id,carer_id,score\nC1,K1,81.5\n"))
	f.Add([]byte("link_id,child_id,carer_id\nL1,C1,K1\nL1,C2,K2\n"))
	f.Add([]byte("child_id,carer_id\n\"C,1\",K1\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		var ps input.Problems
		rows := ReadLinks(data, "links.csv", &ps)
		for _, r := range rows {
			if r.ChildID == "" || r.CarerID == "" || r.Line < 2 || r.Score < 0 || r.Score > 100 {
				t.Fatalf("row %+v", r)
			}
		}
		for _, p := range ps.List {
			if p.Kind == "" {
				t.Fatalf("problem without a kind: %v", p)
			}
		}
	})
}
