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
		for pi := range p.tmpl.Stages[si].Sessions {
			buf = p.planPattern(lp, d, si, pi, buf)
		}
	}
}

// planFallbacks places the link's sessions that found no slot in their own
// window in their pattern's fallback window, in the same weeks. PlanAll
// calls it once every link has planned its own-window sessions, so a
// fallback never takes a day or a carer's time that a session in its own
// window (of this link or of the carer's other links) could have had.
func (p *Planner) planFallbacks(lp *linkPlan, d *diary) {
	if lp.short == nil {
		return
	}
	var buf []slot
	for si := range p.tmpl.Stages {
		for pi := range p.tmpl.Stages[si].Sessions {
			if weeks := lp.short[lp.patIndex(si, pi)]; len(weeks) > 0 {
				buf = p.planFallback(lp, d, si, pi, weeks, buf)
			}
		}
	}
}

// effective returns the pattern planned for pat in this link: pat, or what
// replaces it when overnights are not agreed; nil when it is left out.
func (lp *linkPlan) effective(pat *Pattern) *Pattern {
	if pat.NeedsOvernight() && !lp.overnights {
		return pat.Instead
	}
	return pat
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

// planPattern places pattern pi of stage si week by week in its own window:
// in week FromWeek of the stage and every EveryWeeks weeks after, PerWeek
// times, up to Max. A week with no free slot is skipped (the template's
// pattern is a target, not a promise), except that a pattern with Max keeps
// trying later weeks. When the pattern has a fallback window, it records in
// lp.short the first day of the week of each session it could not place (a
// week short of two sessions is listed twice), for planFallbacks.
func (p *Planner) planPattern(lp *linkPlan, d *diary, si, pi int, buf []slot) []slot {
	st := &p.tmpl.Stages[si]
	pat := &st.Sessions[pi]
	eff := lp.effective(pat)
	if eff == nil {
		return buf
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
		if placed < pat.PerWeek && eff.Fallback != nil {
			if lp.short == nil {
				lp.short = make([][]linkmatch.Date, len(lp.count))
			}
			for range pat.PerWeek - placed {
				lp.short[ci] = append(lp.short[ci], ws)
			}
		}
		// A pattern limited by Max that found nothing tries the next week.
		if placed == 0 && pat.Max > 0 && pat.EveryWeeks > 1 {
			w -= pat.EveryWeeks - 1
		}
	}
	return buf
}

// planFallback places pattern pi of stage si in its fallback window, once
// for each week in weeks (those planPattern left short), up to Max. The
// link's first session of the pattern keeps the pattern's first note,
// whichever window it ended up in.
func (p *Planner) planFallback(lp *linkPlan, d *diary, si, pi int, weeks []linkmatch.Date, buf []slot) []slot {
	st := &p.tmpl.Stages[si]
	pat := &st.Sessions[pi]
	fb := lp.effective(pat).Fallback
	ci := lp.patIndex(si, pi)
	end := lp.stageStart[si+1]
	n := needsOf(fb)
	placed := false
	for _, ws := range weeks {
		if pat.Max > 0 && lp.count[ci] >= pat.Max {
			break
		}
		buf = p.candidates(lp, fb, ws, ws.AddDays(7), buf)
		for _, s := range buf {
			if s.endDate >= end || !p.fits(lp, d, s, n) {
				continue
			}
			lp.add(d, s, n, fb.Kind, si, pi, st.Name, fb.Location, noteFor(fb, lp.count[ci]))
			lp.count[ci]++
			placed = true
			break
		}
	}
	if placed && fb.FirstNote != "" {
		lp.moveFirstNote(si, pi, fb)
	}
	return buf
}

// moveFirstNote gives the first note of pattern pi of stage si to the
// link's earliest session of it: a fallback placed after the pattern's own
// window may come before the session that took the first note.
func (lp *linkPlan) moveFirstNote(si, pi int, pat *Pattern) {
	for _, r := range lp.kept {
		if r.stage == si && r.pat == pi {
			return // the first session is in the past, kept as it was
		}
	}
	first := -1
	for i := range lp.rows {
		r := &lp.rows[i]
		if r.stage != si || r.pat != pi {
			continue
		}
		r.Notes = pat.Note
		if first < 0 || r.Date < lp.rows[first].Date || (r.Date == lp.rows[first].Date && r.Start < lp.rows[first].Start) {
			first = i
		}
	}
	lp.rows[first].Notes = pat.FirstNote
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
