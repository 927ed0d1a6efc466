package assign

import (
	"context"
	"errors"
	"testing"
)

// countingCtx is a context whose Err reports cancellation from its
// cancelAt-th call on, counting the calls: a deterministic stand-in for
// a cancellation arriving mid-solve.
type countingCtx struct {
	context.Context
	calls, cancelAt, after int
}

func (c *countingCtx) Err() error {
	c.calls++
	if c.cancelAt > 0 && c.calls >= c.cancelAt {
		c.after++
		return context.Canceled
	}
	return nil
}

// TestCancelMidSolve cancels optimal solves of a scarce instance and of
// one with sibling groups at several points and checks that Solve
// returns context.Canceled, having stopped at the first look at the
// context after the cancellation; and that a solve that is not cancelled
// looks at the context throughout (so a cancellation is seen promptly).
func TestCancelMidSolve(t *testing.T) {
	if testing.Short() {
		t.Skip("medium instances")
	}
	for name, p := range map[string]*Problem{
		"scarce": benchInstanceScarce(),
		"groups": benchInstanceGroups(),
	} {
		t.Run(name, func(t *testing.T) {
			full := &countingCtx{Context: context.Background()}
			res, err := Solve(full, p, Options{})
			if err != nil {
				t.Fatal(err)
			}
			t.Logf("%d looks at the context, %d relaxations", full.calls, res.Nodes)
			if full.calls < 4 {
				t.Fatalf("the solve looked at the context only %d times", full.calls)
			}
			if name == "groups" && res.Nodes < 2 {
				t.Fatal("the instance needs no branch and bound")
			}
			for _, at := range []int{1, 2, full.calls / 4, full.calls / 2, full.calls - 1} {
				c := &countingCtx{Context: context.Background(), cancelAt: at}
				if _, err := Solve(c, p, Options{}); !errors.Is(err, context.Canceled) {
					t.Fatalf("cancelled at look %d of %d: got %v", at, full.calls, err)
				}
				if c.after != 1 {
					t.Fatalf("cancelled at look %d: %d more looks before returning", at, c.after-1)
				}
			}
		})
	}
}
