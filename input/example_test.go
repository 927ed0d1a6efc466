package input_test

import (
	"errors"
	"fmt"

	"github.com/linkmatch/linkmatch/input"
)

func ExampleProblems() {
	var ps input.Problems
	ps.Fail(input.ErrOutOfRange, "carers.csv", 4, 29, "capacity", "a link carer works with 1 to 4 children",
		"%d is outside the allowed range %d–%d", 5, 1, 4)
	ps.Warn(input.ErrUnknownName, "carers.csv", 1, 120, "shoe_size", "it will be ignored", "unknown column %q", "shoe_size")
	err := ps.Err()
	var inv *input.InvalidError
	if errors.As(err, &inv) {
		for _, p := range inv.Problems {
			fmt.Println(p)
		}
	}
	fmt.Println(errors.Is(err, input.ErrInvalid), errors.Is(err, input.ErrOutOfRange), errors.Is(err, input.ErrDuplicate))
	// Output:
	// carers.csv:1:120 (shoe_size): warning: unknown column "shoe_size" — it will be ignored
	// carers.csv:4:29 (capacity): 5 is outside the allowed range 1–4 — a link carer works with 1 to 4 children
	// true true false
}
