package plan

import (
	"errors"
	"strings"
	"testing"

	"github.com/linkmatch/linkmatch"
	"github.com/linkmatch/linkmatch/input"
)

func TestParseProgress(t *testing.T) {
	const hdr = "link_id,date,stage,outcome,notes\n"
	chk := ProgressCheck{
		Template: DefaultTemplate(),
		Known:    func(id string) bool { return id == "L-C01-K01" || id == "L-C02-K01" },
		AsOf:     linkmatch.MustParseDate("2027-06-01"),
	}
	good := []struct {
		row  string
		want Decision
	}{
		{"L-C01-K01,2027-05-28,developing,hold 3,not ready", Decision{Outcome: OutcomeHold, Weeks: 3, Stage: "Developing"}},
		{"L-C01-K01,2027-05-28,Developing,Hold 2 weeks,", Decision{Outcome: OutcomeHold, Weeks: 2, Stage: "Developing"}},
		{"L-C01-K01,2027-05-28,Preparing,advance,", Decision{Outcome: OutcomeAdvance, Stage: "Preparing"}},
		{"L-C01-K01,2027-05-28,Building,step_back,", Decision{Outcome: OutcomeStepBack, Stage: "Building"}},
		{"L-C01-K01,2027-05-28,Building,step back 4,", Decision{Outcome: OutcomeStepBack, Weeks: 4, Stage: "Building"}},
		{"L-C01-K01,2027-06-01,Building,step-back,", Decision{Outcome: OutcomeStepBack, Stage: "Building"}},
	}
	for _, tc := range good {
		t.Run(tc.row, func(t *testing.T) {
			var ps input.Problems
			got, places := ParseProgress([]byte(hdr+tc.row+"\n"), "progress.csv", chk, &ps)
			if err := ps.Err(); err != nil {
				t.Fatal(err)
			}
			if len(got) != 1 || places[0].Line != 2 || places[0].Columns["stage"] != 22 {
				t.Fatalf("got %v at %v", got, places)
			}
			g := got[0]
			if g.Outcome != tc.want.Outcome || g.Weeks != tc.want.Weeks || g.Stage != tc.want.Stage || g.LinkID != "L-C01-K01" {
				t.Errorf("got %+v, want %+v", g, tc.want)
			}
		})
	}
	bad := []struct {
		name, rows string
		line, col  int
		column     string
		kind       input.Kind
		say        string // the message says this
	}{
		{"unknown link", "L-C09-K01,2027-05-28,Developing,hold 3,", 2, 1, "link_id", input.ErrUnknownName, ""},
		{"outcome not one of the three", "L-C01-K01,2027-05-28,Developing,pause,", 2, 33, "outcome", input.ErrBadValue, ""},
		{"hold without weeks", "L-C01-K01,2027-05-28,Developing,hold,", 2, 33, "outcome", input.ErrBadValue, ""},
		{"hold too long", "L-C01-K01,2027-05-28,Developing,hold 200,", 2, 33, "outcome", input.ErrBadValue, "1 to 104 weeks"},
		{"hold of no weeks", "L-C01-K01,2027-05-28,Developing,hold 0,", 2, 33, "outcome", input.ErrBadValue, "1 to 104 weeks"},
		{"step back too long", "L-C01-K01,2027-05-28,Developing,step_back 300,", 2, 33, "outcome", input.ErrBadValue, "a step_back is 1 to 104 weeks"},
		{"stage not in the template", "L-C01-K01,2027-05-28,Fostering,hold 3,", 2, 22, "stage", input.ErrUnknownName, ""},
		{"after the as-of date", "L-C01-K01,2027-06-02,Developing,hold 3,", 2, 11, "date", input.ErrOutOfRange, ""},
		{"bad date", "L-C01-K01,28/05/2027,Developing,hold 3,", 2, 11, "date", input.ErrBadValue, ""},
		{"twice on a day", "L-C01-K01,2027-05-28,Developing,hold 3,\nL-C01-K01,2027-05-28,Developing,advance,", 3, 11, "date", input.ErrDuplicate,
			"link L-C01-K01 already has a decision for the review on 2027-05-28 (at progress.csv:2)"},
	}
	for _, tc := range bad {
		t.Run(tc.name, func(t *testing.T) {
			var ps input.Problems
			got, _ := ParseProgress([]byte(hdr+tc.rows+"\n"), "progress.csv", chk, &ps)
			err := ps.Err()
			var p input.Problem
			if !errors.As(err, &p) {
				t.Fatalf("no problem: %v (decisions %v)", err, got)
			}
			if p.Line != tc.line || p.Column != tc.col || p.ColumnName != tc.column || !errors.Is(err, tc.kind) || !errors.Is(err, input.ErrInvalid) {
				t.Errorf("got %v (line %d col %d), want %d:%d (%s) %v", err, p.Line, p.Column, tc.line, tc.col, tc.column, tc.kind)
			}
			if msg := err.Error(); !strings.Contains(msg, tc.say) || strings.ContainsRune(msg, 0) {
				t.Errorf("got %q, want it to say %q (and no internal key)", msg, tc.say)
			}
		})
	}
}

func FuzzParseProgress(f *testing.F) {
	f.Add([]byte("link_id,date,stage,outcome,notes\nL-C01-K01,2027-05-28,Developing,hold 3,x\n"))
	f.Add([]byte("link_id,date,stage,outcome\nL1,2027-05-28,Building,step back 2\nL1,2027-05-29,Building,advance\n"))
	tmpl := DefaultTemplate()
	chk := ProgressCheck{Template: tmpl, AsOf: linkmatch.MustParseDate("2030-01-01")}
	f.Fuzz(func(t *testing.T, data []byte) {
		var ps input.Problems
		got, places := ParseProgress(data, "progress.csv", chk, &ps)
		if len(got) != len(places) {
			t.Fatalf("%d decisions in %d places", len(got), len(places))
		}
		for _, d := range got {
			if d.LinkID == "" || tmpl.Stage(d.Stage) < 0 || d.Weeks < 0 || d.Weeks > maxStageWeeks || (d.Outcome == OutcomeHold && d.Weeks < 1) {
				t.Errorf("an impossible decision passed: %+v", d)
			}
		}
	})
}
