package match

import (
	"io"
	"strconv"

	"github.com/linkmatch/linkmatch/internal/output"
)

// WriteMatches writes matches.csv: child_id, carer_id, score, then mode,
// sibling_group and pinned ("yes" for a kept, already-agreed link), one row
// per link in child-ID order.
func WriteMatches(w io.Writer, p *SolveProblem, res *SolveResult) error {
	out := output.NewCSV(w)
	out.Header("child_id", "carer_id", "score", "mode", "sibling_group", "pinned")
	mode := res.Mode.String()
	var num []byte
	for _, a := range res.Assignments {
		out.String(p.ChildIDs[a.Child])
		out.String(p.CarerIDs[a.Carer])
		num = strconv.AppendFloat(num[:0], a.Score, 'f', -1, 64)
		out.Raw(string(num))
		out.Raw(mode)
		out.String(groupName(p, a.Group))
		if a.Pinned {
			out.Raw("yes")
		} else {
			out.Raw("no")
		}
		out.End()
	}
	return out.Flush()
}

// WriteUnmatched writes unmatched.csv: child_id, reason, then code,
// eligible_carers, full_carers and sibling_group, in child-ID order.
func WriteUnmatched(w io.Writer, p *SolveProblem, res *SolveResult) error {
	group := make(map[int32]int32)
	for g, mem := range p.SiblingGroups {
		for _, c := range mem {
			group[c] = int32(g)
		}
	}
	out := output.NewCSV(w)
	out.Header("child_id", "reason", "code", "eligible_carers", "full_carers", "sibling_group")
	for _, u := range res.Unmatched {
		out.String(p.ChildIDs[u.Child])
		out.String(u.Reason)
		out.Raw(u.Code)
		out.Int(int64(u.Eligible))
		out.Int(int64(u.Full))
		g, ok := group[u.Child]
		if !ok {
			g = -1
		}
		out.String(groupName(p, g))
		out.End()
	}
	return out.Flush()
}

// WritePairs writes the problem's candidates as pairs.csv (child_id,
// carer_id, score) in input order: for synthetic benchmark files and tests.
func WritePairs(w io.Writer, p *SolveProblem) error {
	out := output.NewCSV(w)
	out.Header("child_id", "carer_id", "score")
	var num []byte
	for _, c := range p.Candidates {
		out.String(p.ChildIDs[c.Child])
		out.String(p.CarerIDs[c.Carer])
		num = strconv.AppendFloat(num[:0], c.Score, 'f', -1, 64)
		out.Raw(string(num))
		out.End()
	}
	return out.Flush()
}

// WriteCarerPlaces writes a minimal carers.csv (id, capacity) giving each
// carer its places, for synthetic benchmark files and tests.
func WriteCarerPlaces(w io.Writer, p *SolveProblem) error {
	out := output.NewCSV(w)
	out.Header("id", "capacity")
	for j, id := range p.CarerIDs {
		out.String(id)
		out.Int(int64(p.Places[j]))
		out.End()
	}
	return out.Flush()
}
