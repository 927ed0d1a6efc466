package match

import (
	"errors"
	"fmt"
	"io"
	"math"

	"github.com/linkmatch/linkmatch/internal/output"
)

// WriteMatches writes matches.csv: child_id, carer_id, score, rank (the
// carer's rank in the child's shortlist) and why (Choice.Why), then mode,
// sibling_group and pinned ("yes" for a kept, already-agreed link), then
// provisional ("yes" when the carer is still being assessed) and
// approval_expected, one row per link in child-id order. Scores have two
// decimals in every mode (scoreDecimals). choices are Choices(p, res), one per link.
func WriteMatches(w io.Writer, p *Problem, res *SolveResult, choices []Choice) error {
	if len(choices) != len(res.Assignments) {
		return fmt.Errorf("match: %d choices for %d links", len(choices), len(res.Assignments))
	}
	out := output.NewCSV(w)
	out.Header("child_id", "carer_id", "score", "rank", "why", "mode", "sibling_group", "pinned", "provisional", "approval_expected")
	mode := res.Mode.String()
	for i, a := range res.Assignments {
		out.String(p.ChildIDs[a.Child])
		out.String(p.CarerIDs[a.Carer])
		out.Float(a.Score, scoreDecimals(a.Score))
		out.Int(int64(choices[i].Rank))
		out.String(choices[i].Why)
		out.Raw(mode)
		out.String(groupName(p, a.Group))
		if a.Pinned {
			out.Raw("yes")
		} else {
			out.Raw("no")
		}
		if d, ok := p.approval(a.Carer); ok {
			out.Raw("yes")
			out.Raw(d.String())
		} else {
			out.Raw("no")
			out.Raw("")
		}
		out.End()
	}
	return out.Flush()
}

// WriteUnmatched writes unmatched.csv: child_id, reason, then code,
// eligible_carers, full_carers and sibling_group, in child-id order.
func WriteUnmatched(w io.Writer, p *Problem, res *SolveResult) error {
	group := make(map[int32]int32)
	for g, rows := range p.Solver.Groups {
		for _, r := range rows {
			group[r] = int32(g)
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

// WriteCertificate writes the optimality certificate (assign.Certificate)
// as CSV with columns kind, id, carer_id, value: one row "big" and one
// "unit" with the weight constants Big and Scale, a "child", "group" or
// "carer" row per dual price (children and carers in id order, only
// non-zero prices; every group), and a "fix", "forbid" or "exclude" row per
// branch-and-bound decision about a sibling group.
func WriteCertificate(w io.Writer, p *Problem, res *SolveResult) error {
	if res.Solver == nil || res.Solver.Certificate == nil {
		return errors.New("match: the result has no certificate (only optimal mode has one)")
	}
	cert := res.Solver.Certificate
	out := output.NewCSV(w)
	out.Header("kind", "id", "carer_id", "value")
	row := func(kind, id, carer string, v int64) {
		out.Raw(kind)
		out.String(id)
		out.String(carer)
		out.Int(v)
		out.End()
	}
	row("big", "", "", cert.Big)
	row("unit", "", "", cert.Scale)
	for r, v := range cert.RowDual {
		if v != 0 {
			row("child", p.ChildIDs[r], "", v)
		}
	}
	for g, v := range cert.GroupDual {
		row("group", groupName(p, int32(g)), "", v)
	}
	for j, v := range cert.ColumnDual {
		if v != 0 {
			row("carer", p.CarerIDs[j], "", v)
		}
	}
	// The places Solve lowered to what a carer's time holds: part of the
	// problem the certificate proves.
	for _, j := range p.Lowered {
		row("places", "", p.CarerIDs[j], int64(p.Solver.Places[j]))
	}
	for _, d := range cert.Decisions {
		id, carer := p.ChildIDs[d.Row], ""
		if d.Group >= 0 {
			id = groupName(p, d.Group)
		}
		if d.Col >= 0 {
			carer = p.CarerIDs[d.Col]
		}
		row(d.Kind.String(), id, carer, 0)
	}
	return out.Flush()
}

// scoreDecimals is how many decimals matches.csv writes a score with: two,
// whatever the mode, so that 73.5 reads 73.50 as pairs.csv writes it; all
// of them (-1) for a score given with more (a pairs.csv of the user's own,
// which is written as given).
func scoreDecimals(s float64) int {
	if math.Round(s*scoreScale)/scoreScale == s {
		return 2
	}
	return -1
}
