package pipeline

import (
	"context"
	"errors"
	"testing"

	"github.com/linkmatch/linkmatch/input"
	"github.com/linkmatch/linkmatch/plan"
)

// TestRunCarriesPinnedLinksOn: a pinned link under way (pinned.csv gives
// its stage) is planned from that stage by a run, not from Introductions.
func TestRunCarriesPinnedLinksOn(t *testing.T) {
	sc := loadScenario(t, `pinned = "pinned.csv"`, map[string]string{
		"pinned.csv": "child_id,carer_id,started,stage,stage_since\nC001,K001,2026-06-01,Preparing,2026-12-14\n",
	})
	prep, err := Prepare(sc, Options{})
	if err != nil {
		t.Fatal(err)
	}
	res, err := Run(context.Background(), prep, RunOptions{Top: 3})
	if err != nil {
		t.Fatal(err)
	}
	id := plan.LinkID("C001", "K001")
	first := ""
	for _, s := range res.Planned.Result.Sessions {
		if s.LinkID == id {
			first = s.Stage
			break
		}
	}
	if first != "Preparing" {
		t.Errorf("the pinned link's plan begins in %q, not Preparing", first)
	}
}

// TestUnderWayProblems: a pinned link under way at a stage the template
// does not have, or begun after the plan's start, is a problem at its cell.
func TestUnderWayProblems(t *testing.T) {
	for _, tc := range []struct {
		name, row string
		col       int
		column    string
		kind      input.Kind
	}{
		{"stage not in the template", "C001,K001,2026-06-01,Fostering", 22, "stage", input.ErrUnknownName},
		{"started after the start", "C001,K001,2027-02-01,Building", 11, "started", input.ErrOutOfRange},
	} {
		t.Run(tc.name, func(t *testing.T) {
			sc := loadScenario(t, `pinned = "pinned.csv"`, map[string]string{"pinned.csv": "child_id,carer_id,started,stage\n" + tc.row + "\n"})
			_, err := Prepare(sc, Options{})
			var inv *input.InvalidError
			if !errors.As(err, &inv) || len(inv.Problems) != 1 {
				t.Fatalf("got %v", err)
			}
			p := inv.Problems[0]
			if p.Line != 2 || p.Column != tc.col || p.ColumnName != tc.column || !errors.Is(p, tc.kind) {
				t.Errorf("got %v", p)
			}
		})
	}
}
