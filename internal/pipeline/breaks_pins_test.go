package pipeline

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/linkmatch/linkmatch/assign"
	"github.com/linkmatch/linkmatch/input"
)

// TestBreaksPinsOneRefusal: pinned links for short breaks were refused
// twice, by run (noPins) and by match (runout's own words), with different
// messages. Both commands now refuse them through noPins: the same error,
// naming the pinned file.
func TestBreaksPinsOneRefusal(t *testing.T) {
	sc := loadBNES(t)
	pinned := &Source{Name: "pins.csv", Data: []byte("child_id,carer_id\nC01,K01\n")}
	_, runErr := Prepare(sc, Options{Pinned: pinned})
	pins, err := ReadPins(sc, pinned)
	if err != nil {
		t.Fatal(err)
	}
	scorer, err := NewScorer(sc, sc.Plan.Start)
	if err != nil {
		t.Fatal(err)
	}
	job, err := ScoreForMatch(context.Background(), sc, scorer, pins)
	if err != nil {
		t.Fatal(err)
	}
	_, matchErr := job.SolveBreaks(context.Background(), assign.Optimal)
	want := "pins.csv: pinned links are not supported for short breaks — remove the pinned file from scenario.toml (or --pinned): short breaks do not support pinned links yet"
	if runErr == nil || matchErr == nil || runErr.Error() != matchErr.Error() {
		t.Fatalf("run: %v\nmatch: %v\nwant the same refusal", runErr, matchErr)
	}
	var bad *input.InvalidError
	if !errors.As(matchErr, &bad) || !strings.Contains(matchErr.Error(), want) {
		t.Errorf("got  %q (%T)\nwant bad input saying %q", matchErr, matchErr, want)
	}
}
