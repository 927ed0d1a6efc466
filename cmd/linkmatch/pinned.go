package main

import (
	"errors"

	"github.com/linkmatch/linkmatch/assign"
	"github.com/linkmatch/linkmatch/internal/table"
	"github.com/linkmatch/linkmatch/match"
)

var pinnedSpec = table.Spec{Required: []string{"child_id", "carer_id"}, Optional: append([]string{"score", "link_id", "agreed", "notes"}, underWayColumns...)}

// readPinned reads pinned.csv — links already agreed (child_id, carer_id),
// which every mode keeps — and pins them in p; match decides which links
// may be pinned. Every problem is reported at its row and column.
func readPinned(path string, p *match.Problem, ps *table.Problems) {
	r := table.Open(path, path, pinnedSpec, ps)
	if r == nil {
		return
	}
	type place struct{ line, child, carer int }
	var links []match.PinnedLink
	var at []place
	seen := table.Seen{}
	for r.Next() {
		childID, ok1 := r.Required("child_id", "give the child's id")
		carerID, ok2 := r.Required("carer_id", "give the carer's id")
		if !ok1 || !ok2 {
			continue
		}
		if !seen.First(r, "child_id", childID, "pinned child", "a child has at most one link: keep one row") {
			continue
		}
		line, childCol := r.Pos("child_id")
		_, carerCol := r.Pos("carer_id")
		links = append(links, match.PinnedLink{ChildID: childID, CarerID: carerID})
		at = append(at, place{line, childCol, carerCol})
	}
	for i, err := range p.Pin(links) {
		var pe *match.PinError
		if !errors.As(err, &pe) {
			continue
		}
		col := at[i].carer
		if pe.Column == "child_id" {
			col = at[i].child
		}
		ps.Errorf(path, at[i].line, col, pe.Column, pe.Hint, "%s", pe.Problem)
	}
}

// addPinned adds the pinned links of path (if any) to p; bad rows make the
// input invalid (exit 2).
func addPinned(path string, p *match.Problem) error {
	if path == "" {
		return nil
	}
	var ps table.Problems
	readPinned(path, p, &ps)
	return ps.Err()
}

// pinnedUsage turns a refusal that the input causes — a sibling group
// pinned in part, or sibling groups too large to solve exactly — into
// invalid input: exit 2, naming the pinned file when there is one.
func pinnedUsage(path string, err error) error {
	switch {
	case path != "" && errors.Is(err, match.ErrBadPin):
		return usagef("%s: %v", path, err)
	case errors.Is(err, match.ErrBadPin), errors.Is(err, assign.ErrTooLarge):
		return usagef("%v", err)
	}
	return err
}
