package plan

import (
	"cmp"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"unicode"
	"unsafe"

	"github.com/linkmatch/linkmatch"
	"github.com/linkmatch/linkmatch/internal/hugepage"
)

// Row ids (timeline.csv's row_id, the iCalendar UID) name an event for
// good: "<link id>/<stage>/<kind>/<n>", the link's n-th row of that kind
// in that stage, counted in date order (issue 13: "same link, stage, kind
// and ordinal within the stage"). A re-plan gives a row planned again the
// id of the recorded row it replaces — the same time first, then the same
// activity, then the same kind in the same stage, in date order — so a
// calendar sees an unchanged event as unchanged and a moved one as moved.
// A new row takes the next number never used for its link, stage and kind,
// so a cancelled event's id never comes back.

// rowIDPrefix is a row id without its number.
func rowIDPrefix(link, stage string, kind linkmatch.SessionKind) string {
	return string(appendPrefix(nil, link, stage, kind))
}

// appendPrefix appends a row id's prefix, "<link>/<stage slug>/<kind>/",
// to b.
func appendPrefix(b []byte, link, stage string, kind linkmatch.SessionKind) []byte {
	b = append(b, link...)
	b = append(b, '/')
	b = appendSlug(b, stage)
	b = append(b, '/')
	b = append(b, kind.String()...)
	return append(b, '/')
}

// appendSlug appends a stage name as ids write it: lower case letters and
// digits, words joined by "-".
func appendSlug(b []byte, s string) []byte {
	start, dash := len(b), false
	for _, c := range s {
		c = unicode.ToLower(c)
		if (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') {
			if dash && len(b) > start {
				b = append(b, '-')
			}
			b = append(b, byte(c))
			dash = false
		} else {
			dash = true
		}
	}
	return b
}

// ordinal returns the number at the end of a row id with the given
// prefix, or 0.
func ordinal(id, prefix string) int {
	rest, ok := strings.CutPrefix(id, prefix)
	if !ok {
		return 0
	}
	n, err := strconv.Atoi(rest)
	if err != nil || n < 1 {
		return 0
	}
	return n
}

// ids hands out row ids for one link: the next number for each stage and
// kind, after every number already used. A national plan numbers a
// million rows, so numbers are counted in a slice by stage and kind, each
// prefix is built once per link and each id costs one allocation, its
// string.
type ids struct {
	link   string
	stages []Stage
	n      []int    // by stage index × kind
	pre    []string // prefixes, the same way
	// other counts stages no template has (a renamed stage in a recorded
	// timeline), by prefix.
	other map[string]int
	buf   []byte
}

func newIDs(link string, stages []Stage) *ids {
	return &ids{link: link, stages: stages, n: make([]int, len(stages)*kinds), pre: make([]string, len(stages)*kinds)}
}

// kinds is the number of session kinds: a slot for each.
const kinds = int(linkmatch.KindStayingPut) + 1

// slot returns the counter of stage si and kind, building its prefix the
// first time.
func (u *ids) slot(si int, kind linkmatch.SessionKind) int {
	i := si*kinds + int(kind)
	if u.pre[i] == "" {
		u.buf = appendPrefix(u.buf[:0], u.link, u.stages[si].Name, kind)
		u.pre[i] = string(u.buf)
	}
	return i
}

// stageIndex finds a recorded row's stage in the template (any case).
func (u *ids) stageIndex(name string) int {
	for i := range u.stages {
		if strings.EqualFold(u.stages[i].Name, name) {
			return i
		}
	}
	return -1
}

// use notes a row id already taken.
func (u *ids) use(s *linkmatch.Session) {
	if int(s.Kind) >= kinds {
		return
	}
	if si := u.stageIndex(s.Stage); si >= 0 {
		i := u.slot(si, s.Kind)
		u.n[i] = max(u.n[i], ordinal(s.RowID, u.pre[i]))
		return
	}
	p := rowIDPrefix(u.link, s.Stage, s.Kind)
	if u.other == nil {
		u.other = map[string]int{}
	}
	u.other[p] = max(u.other[p], ordinal(s.RowID, p))
}

// next returns the next row id for a new row of kind in stage si (an
// index of the template's stages).
func (u *ids) next(si int, kind linkmatch.SessionKind) string {
	u.buf = u.appendNext(u.buf[:0], si, kind)
	return string(u.buf)
}

// appendNext appends the next row id for a new row of kind in stage si to
// b.
func (u *ids) appendNext(b []byte, si int, kind linkmatch.SessionKind) []byte {
	i := u.slot(si, kind)
	u.n[i]++
	return strconv.AppendInt(append(b, u.pre[i]...), int64(u.n[i]), 10)
}

// nextNamed returns the next row id for a row named only by its stage's
// name (a recorded timeline without ids).
func (u *ids) nextNamed(stage string, kind linkmatch.SessionKind) string {
	if si := u.stageIndex(stage); si >= 0 && int(kind) < kinds {
		return u.next(si, kind)
	}
	p := rowIDPrefix(u.link, stage, kind)
	if u.other == nil {
		u.other = map[string]int{}
	}
	u.other[p]++
	return p + strconv.Itoa(u.other[p])
}

// withRowIDs returns sessions with a row id on every row: rows that have
// one keep it; the others are numbered in date order after the numbers in
// use (a timeline written before row ids, or rows added by hand). The
// slice is copied only when a row needs an id.
func withRowIDs(sessions []linkmatch.Session, stages []Stage) []linkmatch.Session {
	if !slices.ContainsFunc(sessions, func(s linkmatch.Session) bool { return s.RowID == "" }) {
		return sessions
	}
	out := slices.Clone(sessions)
	order := make([]int, len(out))
	for i := range order {
		order[i] = i
	}
	slices.SortStableFunc(order, func(a, b int) int { return compareSessions(&out[a], &out[b]) })
	used := map[string]*ids{}
	of := func(link string) *ids {
		u := used[link]
		if u == nil {
			u = newIDs(link, stages)
			used[link] = u
		}
		return u
	}
	for _, i := range order {
		if s := &out[i]; s.RowID != "" {
			of(s.LinkID).use(s)
		}
	}
	for _, i := range order {
		if s := &out[i]; s.RowID == "" {
			s.RowID = of(s.LinkID).nextNamed(s.Stage, s.Kind)
		}
	}
	return out
}

// byLink returns the indexes of sessions by link id, each in date order.
func byLink(sessions []linkmatch.Session) map[string][]int {
	out := map[string][]int{}
	for i := range sessions {
		out[sessions[i].LinkID] = append(out[sessions[i].LinkID], i)
	}
	for _, idx := range out {
		slices.SortStableFunc(idx, func(a, b int) int { return compareSessions(&sessions[a], &sessions[b]) })
	}
	return out
}

// reconcile gives lp's new rows their ids: the id of the recorded row each
// replaces (dropped indexes old), else a new one; and lists the changes.
// A recorded row nothing replaces is cancelled.
func (lp *linkPlan) reconcile(old []linkmatch.Session, dropped []int, used *ids, why reason, rowWhy map[int]reason) []Change {
	whyOf := func(i int) reason { // the recorded row old[i]'s own reason, else its link's
		if r, ok := rowWhy[i]; ok {
			return r
		}
		return why
	}
	news := lp.rows
	pair, taken := lp.pairRows(old, dropped)
	var out []Change
	in := lp.in
	for n := range news {
		s := &news[n].Session
		if pair[n] == 0 {
			s.RowID = used.next(news[n].stage, s.Kind)
			out = append(out, change(in, s, nil, ChangeAdded, why))
			continue
		}
		oi := dropped[pair[n]-1]
		o := &old[oi]
		s.RowID = o.RowID
		switch {
		case o.Date != s.Date || o.Start != s.Start || o.EndDate != s.EndDate || o.End != s.End:
			out = append(out, change(in, s, o, ChangeMoved, whyOf(oi)))
		case o.Kind != s.Kind || o.Activity != s.Activity || o.Location != s.Location || o.Notes != s.Notes || o.Status != linkmatch.StatusPlanned:
			out = append(out, change(in, s, o, ChangeChanged, whyOf(oi)))
		}
	}
	for j, i := range dropped {
		if !taken[j] {
			out = append(out, change(in, nil, &old[i], ChangeCancelled, whyOf(i)))
		}
	}
	return out
}

// pairKey is what a pass of pairRows matches rows on.
type pairKey struct {
	date, end         linkmatch.Date
	start, finish     linkmatch.Clock
	kind              linkmatch.SessionKind
	stage, activity   string
	sameTime, sameAct bool
}

func keyOf(s *linkmatch.Session, sameTime, sameAct bool) pairKey {
	k := pairKey{kind: s.Kind, stage: strings.ToLower(s.Stage), sameTime: sameTime, sameAct: sameAct}
	if sameTime {
		k.date, k.end, k.start, k.finish = s.Date, s.EndDate, s.Start, s.End
	}
	if sameAct {
		k.activity = s.Activity
	}
	return k
}

// pairRows pairs lp's new rows with the recorded rows they replace
// (dropped indexes old): pair[n] is 1 + the index in dropped of new row
// n's, 0 for none; taken says which recorded rows are paired. Passes go
// from the closest match to the loosest: the same time; when only some
// rows were planned again (a clash, a rearrangement), the same activity
// within a week, then the same kind in the same stage within a week,
// nearest first; then the same activity, then the same kind in the same
// stage, in date order (the n-th session of a stage that now falls later).
func (lp *linkPlan) pairRows(old []linkmatch.Session, dropped []int) (pair []int, taken []bool) {
	news := lp.rows
	taken = make([]bool, len(dropped))
	pair = make([]int, len(news))
	type passKind struct{ sameTime, sameAct, near bool }
	passes := []passKind{{true, true, false}, {false, true, false}, {false, false, false}}
	if lp.redo != nil {
		passes = []passKind{{true, true, false}, {false, true, true}, {false, false, true}, {false, true, false}, {false, false, false}}
	}
	for _, pass := range passes {
		queue := map[pairKey][]int{}
		for j, i := range dropped {
			if !taken[j] {
				k := keyOf(&old[i], pass.sameTime, pass.sameAct)
				queue[k] = append(queue[k], j)
			}
		}
		for n := range news {
			if pair[n] != 0 {
				continue
			}
			q := queue[keyOf(&news[n].Session, pass.sameTime, pass.sameAct)]
			best := -1
			for at, j := range q {
				if taken[j] {
					continue
				}
				if !pass.near {
					best = at
					break
				}
				gap := absDays(old[dropped[j]].Date, news[n].Date)
				if gap < 7 && (best < 0 || gap < absDays(old[dropped[q[best]]].Date, news[n].Date)) {
					best = at
				}
			}
			if best >= 0 {
				pair[n], taken[q[best]] = q[best]+1, true
			}
		}
	}
	return pair, taken
}

// assemble puts the kept and new rows of every link, and the recorded rows
// before the as-of date of links no longer planned, into one timeline
// sorted by date, start time and link id; gives new rows their ids; and
// lists the changes.
func (p *Planner) assemble(lps []*linkPlan, order []int, st *settlement, warnings []Warning) *Result {
	res := &Result{Warnings: warnings}
	if p.replanning {
		res.Changes = []Change{}
	}
	// A changed link's new rows take the ids of the rows they replace; the
	// others are numbered in timeline order as they are collected.
	for _, i := range order {
		lp := lps[i]
		why, changed := st.why[lp.idx]
		if !changed {
			continue
		}
		slices.SortFunc(lp.rows, func(a, b row) int { return compareSessions(&a.Session, &b.Session) })
		used := newIDs(lp.in.Link.ID, p.tmpl.Stages)
		for _, j := range st.oldBy[lp.in.Link.ID] {
			used.use(&st.old[j])
		}
		res.Changes = append(res.Changes, lp.reconcile(st.old, st.dropped[lp.idx], used, why, st.rowWhy)...)
	}
	// Links no longer planned: their past stays, their future is cancelled.
	planned := make(map[string]bool, len(lps))
	for _, lp := range lps {
		planned[lp.in.Link.ID] = true
	}
	var gone []int
	for _, id := range sortedKeys(st.oldBy) {
		if planned[id] {
			continue
		}
		for _, j := range st.oldBy[id] {
			s := &st.old[j]
			if s.Date < p.asOf {
				gone = append(gone, j)
				continue
			}
			in := &PlanInput{Link: linkmatch.Link{ID: s.LinkID}, Child: linkmatch.Child{ID: s.ChildID}, Carer: linkmatch.Carer{ID: s.CarerID}}
			res.Changes = append(res.Changes, change(in, nil, s, ChangeCancelled, reason{reasonRemoved, "the link is no longer among the links planned"}))
		}
	}
	p.collect(res, lps, order, st, gone)
	if st.byHand != nil {
		res.Changes = append(res.Changes, handAdded(res, st)...)
	}
	res.Changes = append(res.Changes, st.pastEnd...)
	if p.replanning {
		res.Ahead = p.recordedAhead(res)
	}
	sortChanges(res.Changes)
	res.Stages = make(map[string]LinkStages, len(lps))
	for _, lp := range lps {
		ls := LinkStages{Link: lp.in.Link, Ends: lp.horizon}
		for k, si := range lp.seg.stage {
			if from, to := lp.seg.start[k], min(lp.seg.end(k), lp.horizon); from < to {
				ls.Spans = append(ls.Spans, StageSpan{Stage: p.tmpl.Stages[si].Name, From: from, To: to})
			}
		}
		res.Stages[lp.in.Link.ID] = ls
	}
	return res
}

// collect fills res.Sessions (and res.Recorded) in timeline order. It sorts
// compact keys (day, start, link rank) rather than whole sessions;
// sessions equal on the key fall back to the full order of compareSessions.
func (p *Planner) collect(res *Result, lps []*linkPlan, order []int, st *settlement, gone []int) {
	refs := p.collectRefs(lps, order, st, gone)
	src := collectedRows{lps: lps, old: st.old}
	// The timeline's 180 MB (a national plan) are cleared by the allocator
	// (0.3 s, page faults included) while the rows are sorted (issue 15).
	sessions := make(chan []linkmatch.Session, 1)
	go func(n int) { sessions <- hugepage.Make[linkmatch.Session](n) }(len(refs))
	refs = sortParts(refs, src.compare)
	res.Sessions = <-sessions

	if p.actuals != nil {
		res.Recorded = make([]int32, len(refs))
	}
	inParts(len(refs), func(_, lo, hi int) {
		for i, f := range refs[lo:hi] {
			i += lo
			s, from := src.get(f)
			res.Sessions[i] = *s
			if f.link >= 0 && !f.kept {
				out := &res.Sessions[i]
				in := lps[f.link].in
				out.LinkID, out.ChildID, out.CarerID = in.Link.ID, in.Child.ID, in.Carer.ID
			}
			if res.Recorded != nil {
				res.Recorded[i] = from
			}
		}
	})
	p.numberRows(res, lps, st, refs)
}

// collectRefs lists the rows of the timeline, unsorted, each with its
// sort key: the rows of the links planned (in order), kept and new,
// except any after a link ends, and the old rows of links gone.
func (p *Planner) collectRefs(lps []*linkPlan, order []int, st *settlement, gone []int) []collected {
	linkIDs := make([]string, 0, len(order))
	for _, i := range order {
		linkIDs = append(linkIDs, lps[i].in.Link.ID)
	}
	for _, j := range gone {
		linkIDs = append(linkIDs, st.old[j].LinkID)
	}
	slices.Sort(linkIDs)
	linkIDs = slices.Compact(linkIDs)
	rank := func(id string) uint64 {
		r, _ := slices.BinarySearch(linkIDs, id)
		return uint64(r)
	}
	origin := p.origin(lps, st.old)
	key := func(s *linkmatch.Session, r uint64) uint64 {
		return uint64(uint32(s.Date-origin))<<40 | uint64(uint16(s.Start))<<24 | r
	}
	n := len(gone)
	for _, lp := range lps {
		n += len(lp.kept) + len(lp.rows)
	}
	refs := hugepage.MakeCap[collected](0, n)
	for _, i := range order {
		lp := lps[i]
		r := rank(lp.in.Link.ID)
		for k, rows := range [][]row{lp.kept, lp.rows} {
			for j := range rows {
				s := &rows[j]
				if lp.ends && s.EndDate > lp.horizon.AddDays(-1) && (k == 1 || s.Date >= p.asOf) {
					continue // seed 001 §6: nothing after the link ends
				}
				refs = append(refs, collected{key(&s.Session, r), int32(i), int32(j), k == 0})
			}
		}
	}
	for _, j := range gone {
		refs = append(refs, collected{key(&st.old[j], rank(st.old[j].LinkID)), -1, int32(j), true})
	}
	return refs
}

// collectedRows finds the session a collected row stands for: in a link's
// kept or new rows, or in the old timeline.
type collectedRows struct {
	lps []*linkPlan
	old []linkmatch.Session
}

// get returns f's session and where it was recorded (1 + its index in
// the timeline re-planned; 0 for a new row).
func (c collectedRows) get(f collected) (*linkmatch.Session, int32) {
	switch {
	case f.link < 0:
		return &c.old[f.row], f.row + 1
	case f.kept:
		r := &c.lps[f.link].kept[f.row]
		return &r.Session, r.src
	}
	return &c.lps[f.link].rows[f.row].Session, 0
}

// compare orders collected rows by key, then by compareSessions.
func (c collectedRows) compare(a, b collected) int {
	if c := cmp.Compare(a.key, b.key); c != 0 {
		return c
	}
	// Equal keys are one link's rows (the key holds its rank). A new row
	// has no link id yet (collect sets it), so ties are broken without it:
	// with it, a new row sorted before a kept row of its slot (a cancelled
	// one) and after it once kept, so re-planning twice reordered the
	// timeline.
	sa, _ := c.get(a)
	sb, _ := c.get(b)
	x, y := *sa, *sb
	x.LinkID, y.LinkID = "", ""
	return compareSessions(&x, &y)
}

// collected is a row of the timeline being collected: the link it belongs
// to (its index in lps, or -1 for a link no longer planned) and its index
// in the link's kept rows, new rows or the old timeline.
type collected struct {
	key  uint64
	link int32
	row  int32
	kept bool
}

// numberRows gives the new rows without an id (refs in timeline order)
// their ids, link by link, each link's rows in timeline order (a counting
// sort of the sorted rows by link keeps it), into one buffer cut into one
// string: a national plan's million ids cost two allocations, and each
// link's counters stay in the cache.
func (p *Planner) numberRows(res *Result, lps []*linkPlan, st *settlement, refs []collected) {
	byLink := make([]int32, len(lps)+1)
	for _, f := range refs {
		if f.link >= 0 && !f.kept {
			byLink[f.link+1]++
		}
	}
	for k := 1; k < len(byLink); k++ {
		byLink[k] += byLink[k-1]
	}
	at := slices.Clone(byLink[:len(lps)])
	grouped := make([]int32, byLink[len(lps)])
	for i, f := range refs {
		if f.link >= 0 && !f.kept {
			grouped[at[f.link]] = int32(i)
			at[f.link]++
		}
	}
	// The links are numbered in parts of about as many rows each, one a
	// core; each part cuts its own buffer.
	parts := partsOf(len(grouped))
	firstLink := func(k int) int { // the first link of part k
		if k == parts {
			return len(lps)
		}
		li, _ := slices.BinarySearch(byLink[:len(lps)], int32(k*len(grouped)/parts))
		return li
	}
	eachPart(parts, func(k int) {
		p.numberLinks(res, lps, st, refs, byLink, grouped, firstLink(k), firstLink(k+1))
	})
}

// numberLinks numbers the new rows of links lps[from:to] (numberRows).
func (p *Planner) numberLinks(res *Result, lps []*linkPlan, st *settlement, refs []collected, byLink, grouped []int32, from, to int) {
	size := int(byLink[to] - byLink[from])
	// About 40 bytes an id: "L-C00001-K00001/developing/half_day/12".
	arena := hugepage.MakeCap[byte](0, 44*size)
	cuts := make([]int32, 0, 2*size) // for each row numbered: its index, its id's end in arena
	for li := from; li < to; li++ {
		var u *ids
		rows := lps[li].rows
		for _, i := range grouped[byLink[li]:byLink[li+1]] {
			r := &rows[refs[i].row] // the link's own rows: close together in memory
			if r.RowID != "" {
				continue
			}
			if u == nil {
				u = newIDs(lps[li].in.Link.ID, p.tmpl.Stages)
				for _, j := range st.oldBy[lps[li].in.Link.ID] {
					u.use(&st.old[j])
				}
			}
			arena = u.appendNext(arena, r.stage, r.Kind)
			cuts = append(cuts, i, int32(len(arena)))
		}
	}
	// The ids are cut from the arena itself, as strings.Builder's String
	// does: arena is not written again. Copying it into a string wrote
	// 48 MB of fresh memory more on a national plan (issue 15).
	all, at := unsafe.String(unsafe.SliceData(arena), len(arena)), int32(0)
	for k := 0; k < len(cuts); k += 2 {
		res.Sessions[cuts[k]].RowID = all[at:cuts[k+1]]
		at = cuts[k+1]
	}
}

func absDays(a, b linkmatch.Date) int {
	if a > b {
		return int(a - b)
	}
	return int(b - a)
}

// handAdded lists, as added, the rows of the timeline re-planned that were
// added by hand (an empty row_id) and are still in it, kept or planned
// again at the same time: each now has a row id, written into the timeline
// and used as its calendar event's UID. One the re-plan moved is listed as
// moved already.
func handAdded(res *Result, st *settlement) []Change {
	ids := map[string]bool{}
	for i, hand := range st.byHand {
		if hand {
			ids[st.old[i].RowID] = true
		}
	}
	for _, c := range res.Changes {
		delete(ids, c.RowID)
	}
	var out []Change
	for i := range res.Sessions {
		s := &res.Sessions[i]
		if !ids[s.RowID] {
			continue
		}
		in := &PlanInput{Link: linkmatch.Link{ID: s.LinkID}, Child: linkmatch.Child{ID: s.ChildID}, Carer: linkmatch.Carer{ID: s.CarerID}}
		out = append(out, change(in, s, nil, ChangeAdded, reason{reasonByHand, "a row added to the timeline by hand, given the row id " + s.RowID}))
	}
	return out
}

// rowsByHand marks the rows of a recorded timeline with row ids that have
// none: rows added by hand. nil when no row has an id (a timeline written
// before row ids, numbered as it is read) or every row has one.
func rowsByHand(old []linkmatch.Session) []bool {
	var out []bool
	some := false
	for i := range old {
		if old[i].RowID != "" {
			some = true
			continue
		}
		if out == nil {
			out = make([]bool, len(old))
		}
		out[i] = true
	}
	if !some {
		return nil
	}
	return out
}

// recordedAhead lists the sessions from the as-of date on that the timeline
// re-planned records as cancelled, or moved to a new day, in advance: the
// family finder's own changes, which the calendars send (reason recorded).
// They stay recorded, so every re-plan lists them while they are ahead.
func (p *Planner) recordedAhead(res *Result) []Change {
	var out []Change
	for i, src := range res.Recorded {
		s := &res.Sessions[i]
		if src == 0 || s.Date < p.asOf {
			continue
		}
		in := &PlanInput{Link: linkmatch.Link{ID: s.LinkID}, Child: linkmatch.Child{ID: s.ChildID}, Carer: linkmatch.Carer{ID: s.CarerID}}
		switch {
		case s.Status == linkmatch.StatusCancelled:
			out = append(out, change(in, nil, s, ChangeCancelled, reason{reasonRecorded, "recorded in the timeline as cancelled"}))
		case s.Status == linkmatch.StatusMoved && s.MovedTo != 0:
			now, _ := s.Occurs()
			c := change(in, &now, s, ChangeMoved, reason{reasonRecorded, fmt.Sprintf("recorded in the timeline as moved to %s %s", now.Date, now.Start)})
			out = append(out, c)
		}
	}
	return out
}
