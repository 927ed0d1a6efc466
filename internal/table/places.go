package table

import "github.com/linkmatch/linkmatch/input"

// Bounds on a carer's places, for every file that gives them (carers.csv
// of a scenario, and of "match --pairs"): "carers will work with between
// 1-4 children" (seed 001 §3).
const (
	minCapacity, maxCapacity = 1, 4
)

// Places reads a carer's capacity (required, 1–4) and current_links (how
// many of those places are taken already, 0 up to the capacity; empty
// means 0) from the current row, reporting every problem at its cell; ok
// is false when there was one. Both readers of carers.csv use it, so a
// file one accepts the other accepts too.
func (r *Reader) Places() (capacity, current int, ok bool) {
	_, ok = r.Required("capacity", "give how many children the carer can link with, 1 to 4 (seed 001 §3)")
	var good bool
	capacity, good = r.Int("capacity", 0, minCapacity, maxCapacity, "a link carer works with 1 to 4 children (seed 001 §3)")
	ok = ok && good
	current, good = r.Int("current_links", 0, 0, maxCapacity, "give how many children the carer is already linked with, 0 or more")
	ok = ok && good
	if ok && current > capacity {
		r.Fail(input.ErrConflict, "current_links", "current_links cannot be more than capacity; raise capacity or check the number",
			"%d current links is more than the capacity of %d", current, capacity)
		ok = false
	}
	return capacity, current, ok
}
