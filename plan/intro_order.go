package plan

import (
	"github.com/linkmatch/linkmatch"
)

// introOrder is the range of days [floor, ceil] a session of pattern
// spec.pat may take in a short-breaks link's stage before the agreed breaks
// (Introductions) so that the stage's visits keep the template's order:
// not before the day of any session of an earlier pattern of the stage,
// and not after the day of any session of a later one (ceil 0: no bound).
// The template lists Introductions in order (seed 002: meeting the family
// at home with the social worker, then a first short visit with a parent,
// then longer visits), and each pattern's from_week alone did not keep it:
// a provisional link, whose Introductions wait for the carer's approval,
// had "a longer visit" before its first short visit, and (generate
// --scheme short_breaks --children 100 --carers 150 --seed 7,
// L-C00003-K00041) before the first meeting at home. ok is false when no
// bound applies (step-down, the agreed stage).
func (p *Planner) introOrder(pt party, spec rowSpec) (floor, ceil linkmatch.Date, ok bool) {
	if p.tmpl.Scheme != linkmatch.SchemeShortBreaks || spec.pat < 0 || p.tmpl.Stages[spec.stage].Agreed {
		return 0, 0, false
	}
	for _, lp := range pt {
		for i := range lp.rows {
			r := &lp.rows[i]
			if int(r.seg) != spec.seg || r.pat < 0 || r.pat == spec.pat {
				continue
			}
			if r.pat < spec.pat {
				floor = max(floor, r.Date)
			} else if ceil == 0 || r.Date < ceil {
				ceil = r.Date
			}
		}
	}
	return floor, ceil, true
}

// outOfOrder reports whether slot s is outside the bounds of introOrder.
func outOfOrder(s slot, floor, ceil linkmatch.Date, ok bool) bool {
	return ok && (s.date < floor || (ceil != 0 && s.date > ceil))
}
