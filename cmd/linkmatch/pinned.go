package main

import (
	"errors"

	"github.com/linkmatch/linkmatch/internal/table"
	"github.com/linkmatch/linkmatch/match"
)

var pinnedSpec = table.Spec{Required: []string{"child_id", "carer_id"}, Optional: []string{"score", "link_id", "agreed", "notes"}}

// readPinned reads pinned.csv — links already agreed (child_id, carer_id),
// which every mode keeps and which use one of the carer's places — and
// adds them to p. A child or carer the problem does not know, or a child
// pinned twice, is a problem at its place.
func readPinned(path string, p *match.SolveProblem, ps *table.Problems) {
	r := table.Open(path, path, pinnedSpec, ps)
	if r == nil {
		return
	}
	children := make(map[string]int32, len(p.ChildIDs))
	for i, id := range p.ChildIDs {
		children[id] = int32(i)
	}
	carers := make(map[string]int32, len(p.CarerIDs))
	for i, id := range p.CarerIDs {
		carers[id] = int32(i)
	}
	seen := table.Seen{}
	for r.Next() {
		childID, ok1 := r.Required("child_id", "give the child's id")
		carerID, ok2 := r.Required("carer_id", "give the carer's id")
		if !ok1 || !ok2 {
			continue
		}
		child, okc := children[childID]
		if !okc {
			r.Errorf("child_id", "use the id of a child in the children file (or pairs.csv)", "there is no child %q", childID)
		}
		carer, okk := carers[carerID]
		if !okk {
			r.Errorf("carer_id", "use the id of a carer in the carers file", "there is no carer %q", carerID)
		}
		if !okc || !okk {
			continue
		}
		if !seen.First(r, "child_id", childID, "pinned child", "a child has at most one link: keep one row") {
			continue
		}
		p.Pinned = append(p.Pinned, match.Pin{Child: child, Carer: carer})
	}
}

// addPinned adds the pinned links of path (if any) to p; bad rows make the
// input invalid (exit 2).
func addPinned(path string, p *match.SolveProblem) error {
	if path == "" {
		return nil
	}
	var ps table.Problems
	readPinned(path, p, &ps)
	return ps.Err()
}

// pinnedUsage turns the solver's refusal of a pinned link (not an eligible
// pair, no place left) into invalid input: exit 2, naming the file.
func pinnedUsage(path string, err error) error {
	if path != "" && errors.Is(err, match.ErrBadProblem) {
		return usagef("%s: %v", path, err)
	}
	return err
}
