package match

import (
	"io"
	"strconv"
	"strings"

	"github.com/linkmatch/linkmatch"
	"github.com/linkmatch/linkmatch/internal/output"
)

// WriteBreakMatches writes a short-breaks matches.csv: the columns of
// WriteMatches (child_id, carer_id, score, mode, sibling_group, pinned),
// then breaks (the link's agreed breaks a month, as children.csv writes
// them: "plan --matches" reads it), sessions_per_month, phase ("one
// carer", or "part" for a second carer or part of the breaks), and
// provisional and approval_expected for a carer still in assessment. A
// child with two carers has two rows.
func WriteBreakMatches(w io.Writer, children []linkmatch.Child, carers []linkmatch.Carer, res *BreaksResult) error {
	out := output.NewCSV(w)
	out.Header("child_id", "carer_id", "score", "mode", "sibling_group", "pinned", "breaks", "sessions_per_month", "phase", "provisional", "approval_expected")
	var num []byte
	for _, l := range res.Links {
		c := &carers[l.Carer]
		out.String(l.ChildID)
		out.String(l.CarerID)
		num = strconv.AppendFloat(num[:0], l.Score, 'f', 2, 64)
		out.Raw(string(num))
		out.Raw(res.Mode.String())
		out.String(children[l.Child].SiblingGroup)
		out.Raw("no")
		out.String(l.Breaks.String())
		out.Int(int64(l.Breaks.Total()))
		if l.Phase == 1 {
			out.Raw("one carer")
		} else {
			out.Raw("part")
		}
		if c.Provisional() {
			out.Raw("yes")
			out.Raw(c.ApprovalExpected.String())
		} else {
			out.Raw("no")
			out.Raw("")
		}
		out.End()
	}
	return out.Flush()
}

// WriteBreakShares writes entitlement.csv: for every child with breaks,
// what they are assessed for and what the links give, a month — child_id,
// breaks, entitled, met, share_met (a percentage), carers, unmet,
// eligible_carers and, when not all is met, the reason in plain words.
func WriteBreakShares(w io.Writer, children []linkmatch.Child, res *BreaksResult) error {
	out := output.NewCSV(w)
	out.Header("child_id", "breaks", "entitled", "met", "share_met", "carers", "unmet", "eligible_carers", "reason")
	for _, s := range res.Shares {
		out.String(s.ChildID)
		out.String(children[s.Child].Breaks.String())
		out.Int(int64(s.Entitled))
		out.Int(int64(s.Met))
		out.Raw(strconv.Itoa(int(s.Share()*100+0.5)) + "%")
		out.String(strings.Join(s.Carers, ";"))
		out.String(s.Unmet.String())
		out.Int(int64(s.EligibleCarers))
		out.String(s.Reason)
		out.End()
	}
	return out.Flush()
}

// WriteBreakUnmatched writes unmatched.csv for short breaks: the children
// with no carer at all — child_id, reason, code, eligible_carers and
// sibling_group, in child id order. The code is turns_18_too_soon (the
// child turns 18 before Introductions and three months of breaks could be
// done: BreaksOptions.TooLate), no_eligible_carer (no carer passes the
// hard rules) or no_room (eligible carers, but none offers the
// breaks, or has room left for them). A tester found no_room given for
// both of the last two.
func WriteBreakUnmatched(w io.Writer, children []linkmatch.Child, res *BreaksResult) error {
	out := output.NewCSV(w)
	out.Header("child_id", "reason", "code", "eligible_carers", "sibling_group")
	for _, s := range res.Shares {
		if s.Met > 0 {
			continue
		}
		out.String(s.ChildID)
		out.String(s.Reason)
		switch {
		case s.TooLate: // whatever carers are eligible, as the reason says
			out.Raw(codeTooSoon18)
		case s.EligibleCarers == 0:
			out.Raw(codeNoEligible)
		default:
			out.Raw(codeNoRoomBreaks)
		}
		out.Int(int64(s.EligibleCarers))
		out.String(children[s.Child].SiblingGroup)
		out.End()
	}
	return out.Flush()
}
