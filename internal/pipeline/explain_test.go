package pipeline

import (
	"context"
	"errors"
	"reflect"
	"testing"

	"github.com/linkmatch/linkmatch/assign"
	"github.com/linkmatch/linkmatch/match"
)

// TestExplainProvesUnchecked: links not proven yet (a problem above
// overlapArcs) are proven within explain, beside the comparison and the
// reasons, which come out as for links proven first; proven is called
// only once they are; and a failed proof is explain's error, proven not
// called.
func TestExplainProvesUnchecked(t *testing.T) {
	ctx := context.Background()
	prep, err := Prepare(loadScenario(t, "", nil), Options{})
	if err != nil {
		t.Fatal(err)
	}
	scored, err := Score(ctx, prep.Scorer, match.ScoreOptions{Top: 3})
	if err != nil {
		t.Fatal(err)
	}
	m, err := chooseLinks(ctx, prep, scored)
	if err != nil {
		t.Fatal(err)
	}
	if m.unchecked {
		t.Fatal("the demo's links were not proven by chooseLinks")
	}
	late := *m
	if err := m.explain(ctx, prep.Pins, nil); err != nil {
		t.Fatal(err)
	}
	late.unchecked = true
	called := false
	if err := late.explain(ctx, prep.Pins, func(*Matched) error { called = true; return nil }); err != nil {
		t.Fatal(err)
	}
	if !called || late.unchecked || !reflect.DeepEqual(late.Compared, m.Compared) || !reflect.DeepEqual(late.Choices, m.Choices) {
		t.Errorf("proven within explain: proven called %v, still unchecked %v, or the comparison or reasons differ", called, late.unchecked)
	}
	bad := late
	links := *m.Links
	solver := *links.Solver
	solver.Certificate = nil
	links.Solver = &solver
	bad.Links, bad.unchecked, called = &links, true, false
	want := Check(bad.Problem, bad.Links)
	err = bad.explain(ctx, prep.Pins, func(*Matched) error { called = true; return nil })
	if want == nil || err == nil || err.Error() != want.Error() || called || !errors.Is(err, assign.ErrCheckFailed) {
		t.Errorf("a bad certificate: explain returned %v, Check %v; proven called %v", err, want, called)
	}
}
