package cost

// This file prices a timeline that records what happened (issue 13: a
// re-planned timeline carries the actuals before its as-of date): a
// cancelled session is not paid, a moved one is paid on the day it moved
// to, and every row says whether its figure comes from what was recorded
// (basis "actual") or from the plan (basis "planned").

import (
	"slices"

	"github.com/linkmatch/linkmatch"
)

// Basis says where a cost row's figure comes from.
type Basis uint8

// Bases of a cost row.
const (
	// BasisPlanned: the row prices the plan as it stands.
	BasisPlanned Basis = iota
	// BasisActual: the row prices what the timeline records as having
	// happened — a session recorded done, or moved to the day it is paid
	// on, and the retainer of a week every session of which is recorded.
	BasisActual
)

func (b Basis) String() string {
	if b == BasisActual {
		return "actual"
	}
	return "planned"
}

// occurring returns the sessions as they take place (linkmatch.Session's
// Occurs: a moved session on its new day) and, per session, whether it
// takes place at all; sessions itself when none records a status.
func occurring(sessions []linkmatch.Session) ([]linkmatch.Session, []bool) {
	if !slices.ContainsFunc(sessions, func(s linkmatch.Session) bool { return s.Status != linkmatch.StatusPlanned }) {
		return sessions, nil
	}
	out := make([]linkmatch.Session, len(sessions))
	off := make([]bool, len(sessions))
	for i := range sessions {
		s, ok := sessions[i].Occurs()
		if !ok {
			s, off[i] = sessions[i], true
		}
		out[i] = s
	}
	return out, off
}

// taking keeps the indexes of sessions that take place.
func taking(idx []int, off []bool) []int {
	if off == nil {
		return idx
	}
	out := make([]int, 0, len(idx))
	for _, i := range idx {
		if !off[i] {
			out = append(out, i)
		}
	}
	return out
}

// takingByLink keeps, per link, the indexes of sessions that take place.
func takingByLink(byLink map[string][]int, off []bool) map[string][]int {
	if off == nil {
		return byLink
	}
	out := make(map[string][]int, len(byLink))
	for id, idx := range byLink {
		out[id] = taking(idx, off)
	}
	return out
}

// recordedTo returns the last day up to which every session of a link with
// the child (idx, in date order) has its outcome recorded: the day before
// its first session with no status, or its last recorded one when every
// session is recorded; 0 when its first session is not. A retainer week
// ending by then is paid on the record.
func recordedTo(sessions []linkmatch.Session, idx []int) linkmatch.Date {
	var last linkmatch.Date
	for _, i := range idx {
		s := &sessions[i]
		if !s.Kind.WithChild() {
			continue
		}
		if s.Status == linkmatch.StatusPlanned {
			if last == 0 {
				return 0
			}
			return s.Date.AddDays(-1)
		}
		last = max(last, s.EndDate)
	}
	return last
}

// basisOf is the basis of the rows of a session as it takes place (s, a
// moved one on its new day) of a link whose sessions are recorded up to
// recorded (recordedTo): a session recorded done is actual; so is one moved
// to a day by which the link's sessions are recorded. A session moved to a
// later day (ahead of what is recorded: the re-plan's future) has not
// happened yet and is planned.
func basisOf(s *linkmatch.Session, recorded linkmatch.Date) Basis {
	switch {
	case s.Status == linkmatch.StatusDone:
		return BasisActual
	case s.Status == linkmatch.StatusMoved && s.EndDate <= recorded:
		return BasisActual
	}
	return BasisPlanned
}
