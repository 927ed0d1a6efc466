package plan

import "github.com/linkmatch/linkmatch"

// planLink plans one link's new rows, most constrained first: the ending
// (seed 001 §6) and the statutory reviews (regs 32–33) take the carer's
// time before anything optional; then the stage gates, the social worker's
// visits (reg 28) and finally the template's sessions, stage by stage.
func (p *Planner) planLink(lp *linkPlan, d *diary) {
	p.planEnding(lp, d)
	p.planReviews(lp, d)
	for si := range p.tmpl.Stages {
		p.planGate(lp, d, si)
	}
	p.planVisits(lp, d)
	var buf []slot
	for si := range p.tmpl.Stages {
		st := &p.tmpl.Stages[si]
		for pi := range st.Sessions {
			buf = p.planPattern(lp, d, si, pi, buf)
		}
	}
}

// planGate places stage si's stage-gate review in its last week, as late as
// possible (the review looks back on the whole stage), else earlier in the
// stage.
func (p *Planner) planGate(lp *linkPlan, d *diary, si int) {
	st := &p.tmpl.Stages[si]
	if st.Gate == nil {
		return
	}
	g := st.Gate
	n := needs{carer: true}
	first, last := lp.stageStart[si], lp.stageStart[si+1].AddDays(-1)
	for day := last; day >= first; day-- {
		s, ok := meetingSlot(p.cal, lp.avail, day, g.Start, g.End)
		if ok && p.fits(lp, d, s, n) {
			lp.add(d, s, n, linkmatch.KindMeeting, si, patGate, st.Name, g.Location, g.Note)
			return
		}
	}
}

// planPattern places pattern pi of stage si week by week: in week FromWeek
// of the stage and every EveryWeeks weeks after, PerWeek times, up to Max.
// A week with no free slot is skipped (the template's pattern is a target,
// not a promise), except that a pattern with Max keeps trying later weeks.
func (p *Planner) planPattern(lp *linkPlan, d *diary, si, pi int, buf []slot) []slot {
	st := &p.tmpl.Stages[si]
	pat := &st.Sessions[pi]
	eff := pat
	if pat.NeedsOvernight() && !lp.overnights {
		if pat.Instead == nil {
			return buf
		}
		eff = pat.Instead
	}
	ci := lp.patIndex(si, pi)
	first, end := lp.stageStart[si], lp.stageStart[si+1]
	n := needsOf(eff)
	if eff.Window == WindowStageStart {
		if lp.count[ci] == 0 && first >= lp.lower && first < lp.horizon {
			lp.add(d, slot{first, first, eff.Start, eff.End}, n, eff.Kind, si, pi, st.Name, eff.Location, noteFor(eff, 0))
			lp.count[ci]++
		}
		return buf
	}
	weeks := int(end-first) / 7
	for w := pat.FromWeek - 1; w < weeks; w += pat.EveryWeeks {
		ws := first.AddDays(7 * w)
		we := ws.AddDays(7)
		if ws >= lp.horizon {
			break
		}
		if we <= lp.lower {
			continue
		}
		placed := 0
		for k := 0; k < pat.PerWeek; k++ {
			if pat.Max > 0 && lp.count[ci] >= pat.Max {
				return buf
			}
			buf = p.candidates(lp, eff, ws, we, buf)
			for _, s := range buf {
				if s.endDate >= end || !p.fits(lp, d, s, n) {
					continue
				}
				lp.add(d, s, n, eff.Kind, si, pi, st.Name, eff.Location, noteFor(eff, lp.count[ci]))
				lp.count[ci]++
				placed++
				break
			}
		}
		// A pattern limited by Max that found nothing tries the next week.
		if placed == 0 && pat.Max > 0 && pat.EveryWeeks > 1 {
			w -= pat.EveryWeeks - 1
		}
	}
	return buf
}

// needsOf says whose time a template session takes: meetings are for the
// adults; every other session is with the child and paid (seed 001 §6: a
// carer is paid for time with the child, in or away from their home).
func needsOf(pat *Pattern) needs {
	switch pat.Kind {
	case linkmatch.KindMilestone:
		return needs{}
	case linkmatch.KindMeeting:
		return needs{carer: true, joint: pat.Joint}
	}
	return needs{carer: true, child: true, paid: true, joint: pat.Joint}
}

func noteFor(pat *Pattern, count int) string {
	if count == 0 && pat.FirstNote != "" {
		return pat.FirstNote
	}
	return pat.Note
}
