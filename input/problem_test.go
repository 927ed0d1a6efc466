package input

import (
	"errors"
	"testing"
)

func TestProblemError(t *testing.T) {
	tests := []struct {
		name string
		p    Problem
		want string
	}{
		{"full place", Problem{File: "carers.csv", Line: 4, Column: 12, ColumnName: "capacity", Message: "9 is outside the allowed range 1–4", Hint: "use 1 to 4"},
			"carers.csv:4:12 (capacity): 9 is outside the allowed range 1–4 — use 1 to 4"},
		{"whole line", Problem{File: "carers.csv", Line: 4, Message: "this row has 3 values"}, "carers.csv:4: this row has 3 values"},
		{"whole file", Problem{File: "rates.csv", Message: "file not found", Hint: "check the name"}, "rates.csv: file not found — check the name"},
		{"setting", Problem{File: "scenario.toml", ColumnName: "carers", Message: "missing"}, "scenario.toml (carers): missing"},
		{"warning", Problem{File: "children.csv", Line: 1, Column: 5, ColumnName: "shoe_size", Message: "unknown column", Warning: true},
			"children.csv:1:5 (shoe_size): warning: unknown column"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := tt.p.Error(); got != tt.want {
				t.Errorf("got  %s\nwant %s", got, tt.want)
			}
		})
	}
}

func TestKinds(t *testing.T) {
	var ps Problems
	ps.Warn(ErrUnknownName, "children.csv", 1, 5, "shoe_size", "", "unknown column")
	if err := ps.Err(); err != nil {
		t.Fatalf("warnings alone gave %v", err)
	}
	w := ps.List[0]
	if !errors.Is(w, ErrUnknownName) || errors.Is(w, ErrInvalid) {
		t.Errorf("a warning matches its kind but never ErrInvalid")
	}

	ps.Fail(ErrDuplicate, "carers.csv", 3, 1, "id", "give each carer a different id", "the id %q is used again", "K1")
	ps.Add(Problem{File: "carers.csv", Line: 2, Message: "no kind given"})
	err := ps.Err()
	tests := []struct {
		target error
		want   bool
	}{
		{ErrInvalid, true},
		{ErrDuplicate, true},     // the duplicate is an error
		{ErrUnknownName, false},  // only a warning has this kind
		{ErrOutOfRange, false},   // nobody has this kind
		{errors.New("x"), false}, // nor anything else
	}
	for _, tt := range tests {
		if got := errors.Is(err, tt.target); got != tt.want {
			t.Errorf("errors.Is(err, %v) = %v, want %v", tt.target, got, tt.want)
		}
	}
	var inv *InvalidError
	if !errors.As(err, &inv) || len(inv.Problems) != 3 {
		t.Fatalf("errors.As gives %v", inv)
	}
	if p := inv.Problems; p[0].Line != 2 || p[1].Line != 3 || p[2].File != "children.csv" {
		t.Errorf("problems not sorted by file, then line: %v", inv.Problems)
	}
	var first Problem
	if !errors.As(err, &first) || first.File != "carers.csv" || first.Line != 2 || first.Kind != "" {
		t.Errorf("errors.As(err, &Problem) = %+v, want the first error, carers.csv:2", first)
	}
	if ps.ErrorCount() != 2 || len(ps.Warnings()) != 1 {
		t.Errorf("%d errors and %d warnings, want 2 and 1", ps.ErrorCount(), len(ps.Warnings()))
	}
}
