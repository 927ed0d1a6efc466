package pipeline

import (
	"errors"

	"github.com/linkmatch/linkmatch/assign"
	"github.com/linkmatch/linkmatch/match"
	"github.com/linkmatch/linkmatch/plan"
)

// InputCaused reports whether a stage refused err because of what it was
// given, so that the command exits 2 (bad input) rather than 1: scoring
// settings the scorer refuses, links that cannot be pinned, sibling groups
// too large to solve exactly, and planning options the template or links
// cannot honour (an unknown stage or link, a date before the start).
func InputCaused(err error) bool {
	for _, kind := range []error{match.ErrOptions, match.ErrBadPin, assign.ErrTooLarge,
		plan.ErrUnknownStage, plan.ErrUnknownLink, plan.ErrBadOption} {
		if errors.Is(err, kind) {
			return true
		}
	}
	return false
}
