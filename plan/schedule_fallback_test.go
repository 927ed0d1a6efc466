package plan

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/linkmatch/linkmatch"
)

// withoutFallbacks returns a copy of t whose patterns have no fallback window.
func withoutFallbacks(t *Template) *Template {
	c := *t
	c.Stages = make([]Stage, len(t.Stages))
	for i, st := range t.Stages {
		st.Sessions = append([]Pattern(nil), st.Sessions...)
		for j := range st.Sessions {
			st.Sessions[j].Fallback = nil
			if in := st.Sessions[j].Instead; in != nil {
				in2 := *in
				in2.Fallback = nil
				st.Sessions[j].Instead = &in2
			}
		}
		c.Stages[i] = st
	}
	return &c
}

func planWith(t *testing.T, tm *Template, opt Options, links []PlanInput) (*Planner, []linkmatch.Session) {
	t.Helper()
	if opt.Start == 0 {
		opt.Start = testStart
	}
	p, err := NewPlanner(tm, defaultCalendar(2026, 2029), opt)
	if err != nil {
		t.Fatal(err)
	}
	got, err := sessionsOf(p.PlanAll(context.Background(), links))
	if err != nil {
		t.Fatal(err)
	}
	checkInvariants(t, p, links, got)
	return p, got
}

// TestWeekendOnlyCarerGetsIntroductions: a carer free only at weekends
// cannot take the after-school sessions, so the default template's
// fallbacks meet the child at a weekend instead, while the day outs and
// the first overnight stay exactly where they were without fallbacks.
func TestWeekendOnlyCarerGetsIntroductions(t *testing.T) {
	carer := linkmatch.Carer{ID: "K01", Capacity: 1, Bedrooms: 1, Overnight: true, Availability: linkmatch.AvailWeekends}
	child := linkmatch.Child{ID: "C01", DateOfBirth: linkmatch.MustParseDate("2018-05-01"), Complexity: linkmatch.ComplexityMedium, Overnight: true}
	links := []PlanInput{{Link: linkmatch.Link{ID: LinkID(child.ID, carer.ID), ChildID: child.ID, CarerID: carer.ID}, Child: child, Carer: carer}}

	tm := DefaultTemplate()
	p, got := planWith(t, tm, Options{}, links)
	_, before := planWith(t, withoutFallbacks(tm), Options{}, links)

	intro := tm.Stages[0].Sessions[1]
	perStage := map[string]int{}
	firstNotes := 0
	for _, s := range got {
		if s.Kind != linkmatch.KindHalfDay {
			continue
		}
		perStage[s.Stage]++
		if wd := s.Date.Weekday(); wd != time.Saturday && wd != time.Sunday && p.cal.SchoolDay(s.Date) {
			t.Errorf("%s %s session on a school day %s", s.Stage, s.Kind, s.Date)
		}
		if s.Notes == intro.FirstNote {
			firstNotes++
		}
	}
	// Medium complexity, aged 8: the base weeks, one session a week (the
	// last weekend of each stage comes after the stage-gate review on its
	// Friday, so its session is planned on an earlier weekend: see
	// TestWeekendOnlyCarerLastWeekend).
	for _, want := range []struct {
		stage string
		n     int
	}{{"Introductions", 2}, {"Building", 6}, {"Developing", 6}} {
		if perStage[want.stage] < want.n {
			t.Errorf("%s: %d half-day sessions, want at least %d", want.stage, perStage[want.stage], want.n)
		}
	}
	if firstNotes != 1 {
		t.Errorf("%d sessions carry the first meeting's note, want 1", firstNotes)
	}
	checkOnlyAdds(t, before, got)
	for _, s := range before {
		if s.Kind == linkmatch.KindHalfDay && s.Stage != "Preparing" && s.Stage != "Move" && s.Stage != "Sustain" {
			t.Errorf("without fallbacks %s has an after-school session on %s", s.Stage, s.Date)
		}
	}
}

// checkOnlyAdds checks that every session of before is in after (notes
// aside: the first note may move to an earlier fallback session).
func checkOnlyAdds(t *testing.T, before, after []linkmatch.Session) {
	t.Helper()
	key := func(s *linkmatch.Session) string {
		return fmt.Sprint(s.LinkID, s.Date, s.Start, s.EndDate, s.End, s.Kind, s.Stage, s.Location)
	}
	have := map[string]bool{}
	for i := range after {
		have[key(&after[i])] = true
	}
	missing := 0
	for i := range before {
		if strings.HasPrefix(before[i].Notes, "an extra session") {
			continue // closes a gap the fallbacks may have closed already
		}
		if before[i].Activity == linkmatch.ActivityNotReady {
			continue // the child did not meet the carer without the fallbacks
		}
		if k := key(&before[i]); !have[k] {
			if missing++; missing <= 10 {
				t.Errorf("the fallbacks displaced %s", k)
			}
		}
	}
}

// TestFallbacksOnlyAdd: fallbacks are planned after every link's sessions in
// their own windows, so they never displace one, even of the carer's other
// links; and every plan still meets the invariants.
func TestFallbacksOnlyAdd(t *testing.T) {
	for seed := uint64(1); seed <= 3; seed++ {
		t.Run(fmt.Sprint("seed", seed), func(t *testing.T) {
			links := genLinks(seed, 150)
			_, with := planWith(t, DefaultTemplate(), Options{}, links)
			_, without := planWith(t, withoutFallbacks(DefaultTemplate()), Options{}, links)
			checkOnlyAdds(t, without, with)
			if len(with) <= len(without) {
				t.Errorf("%d sessions with fallbacks, %d without: the fallbacks added nothing", len(with), len(without))
			}
		})
	}
}

// TestFallbackTakesFirstNote: for a carer free on Mondays and at weekends
// (and no other weekday evening),
// Introductions starting on the early May bank holiday 2027 (a Monday in
// the summer term) has no after-school slot in its first week, so that
// week's meeting falls back to the day window, planned after the second
// week's after-school meeting; the first meeting's note goes to the earlier
// session all the same. (Easter Monday no longer serves: the week after it
// is the Easter holidays, with no after-school slot either.)
func TestFallbackTakesFirstNote(t *testing.T) {
	start := linkmatch.MustParseDate("2027-05-03")
	if _, bh := defaultCalendar(2027, 2027).holidays[start]; !bh {
		t.Fatalf("%s is not a bank holiday", start)
	}
	carer := linkmatch.Carer{ID: "K01", Capacity: 1, Availability: linkmatch.AvailMon | linkmatch.AvailWeekends}
	child := linkmatch.Child{ID: "C01", DateOfBirth: linkmatch.MustParseDate("2018-05-01"), Complexity: linkmatch.ComplexityMedium,
		LinkWorker: linkmatch.WeeklySlot{Day: time.Thursday, Start: 17*60 + 30, End: 18*60 + 30}}
	links := []PlanInput{{
		Link: linkmatch.Link{ID: LinkID(child.ID, carer.ID), ChildID: child.ID, CarerID: carer.ID}, Child: child, Carer: carer,
	}}
	tm := DefaultTemplate()
	intro := tm.Stages[0].Sessions[1]
	_, got := planWith(t, tm, Options{Start: start}, links)
	var meetings []linkmatch.Session
	for _, s := range got {
		if s.Stage == "Introductions" && s.Kind == linkmatch.KindHalfDay {
			meetings = append(meetings, s)
		}
	}
	if len(meetings) != 2 {
		t.Fatalf("%d Introductions meetings, want 2: %v", len(meetings), meetings)
	}
	first, second := meetings[0], meetings[1]
	if first.Date.AddDays(7) > second.Date || first.Start != intro.Fallback.Start || second.Start != intro.Start {
		t.Errorf("want a fallback meeting in week 1 and an after-school one in week 2, got %s %s and %s %s", first.Date, first.Start, second.Date, second.Start)
	}
	if first.Notes != intro.FirstNote || second.Notes != intro.Note {
		t.Errorf("notes %q, %q: want the first note on the earlier meeting", first.Notes, second.Notes)
	}
}

// TestWeekendOnlyCarerLastWeekend: for a carer free only at weekends, the
// last weekend of each stage comes after the stage's review on its Friday
// (a stage's sessions end before its review), so that week's session is
// planned on an earlier weekend of the stage, saying why, before the
// review: Introductions has both its meetings and Building all six meals
// out. Before, each such stage was a session short (Introductions one
// meeting of two), with a short_sessions warning.
func TestWeekendOnlyCarerLastWeekend(t *testing.T) {
	carer := linkmatch.Carer{ID: "K01", Capacity: 1, Bedrooms: 1, Overnight: true, Availability: linkmatch.AvailWeekends}
	child := linkmatch.Child{ID: "C01", DateOfBirth: linkmatch.MustParseDate("2018-05-01"), Complexity: linkmatch.ComplexityMedium, Overnight: true}
	links := []PlanInput{{Link: linkmatch.Link{ID: LinkID(child.ID, carer.ID), ChildID: child.ID, CarerID: carer.ID}, Child: child, Carer: carer}}
	p, err := NewPlanner(DefaultTemplate(), defaultCalendar(2026, 2029), Options{Start: testStart})
	if err != nil {
		t.Fatal(err)
	}
	res, err := p.PlanAll(context.Background(), links)
	if err != nil {
		t.Fatal(err)
	}
	checkInvariants(t, p, links, res.Sessions)
	gates := map[string]linkmatch.Date{}
	for _, s := range res.Sessions {
		if s.Kind == linkmatch.KindMeeting && strings.Contains(s.Activity, "stage-gate review") {
			gates[s.Stage] = s.Date
		}
	}
	count := map[string]int{}
	caught := map[string]int{}
	for _, s := range res.Sessions {
		if !s.Kind.Paid() {
			continue
		}
		count[s.Stage+"/"+s.Activity]++
		if strings.Contains(s.Notes, catchUpNote) {
			caught[s.Stage]++
			if g, ok := gates[s.Stage]; !ok || s.EndDate >= g.AddDays(-(int(g.Weekday())+6)%7) {
				t.Errorf("%s %s on %s, not on a weekend before the week of its review (%s)", s.Stage, s.Activity, s.Date, g)
			}
		}
	}
	for _, want := range []struct {
		key string
		n   int
	}{{"Introductions/meeting the child at the residential home", 2}, {"Building/a meal out or a community activity", 6}} {
		if count[want.key] != want.n {
			t.Errorf("%s: %d sessions, want %d", want.key, count[want.key], want.n)
		}
	}
	if caught["Introductions"] != 1 || caught["Building"] == 0 {
		t.Errorf("sessions planned earlier by stage: %v", caught)
	}
	for _, w := range res.Warnings {
		if w.Problem == ProblemShortSessions && (w.Stage == "Introductions" || w.Stage == "Building") {
			t.Errorf("warning %s %s: %s", w.Stage, w.What, w.Why)
		}
	}
}

// checkFromWeeks checks that no session of a pattern with from_week falls
// before that week of its stage (a session planned earlier in the stage
// included), sessions added to close a gap in contact aside.
func checkFromWeeks(t *testing.T, tm *Template, res *Result) {
	t.Helper()
	type key struct{ stage, activity string }
	from := map[key]int{}
	for _, st := range tm.Stages {
		for _, pat := range st.Sessions {
			if pat.FromWeek > 1 {
				from[key{st.Name, pat.Activity}] = pat.FromWeek
				if pat.Instead != nil {
					from[key{st.Name, pat.Instead.Activity}] = pat.FromWeek
				}
			}
		}
	}
	for _, s := range res.Sessions {
		w, ok := from[key{s.Stage, s.Activity}]
		if !ok || strings.HasPrefix(s.Notes, fillNote) {
			continue
		}
		for _, sp := range res.Stages[s.LinkID].Spans {
			if sp.Stage == s.Stage {
				if s.Date < sp.From.AddDays(7*(w-1)) {
					t.Errorf("%s %s %s on %s, before week %d of the stage (from %s)", s.LinkID, s.Stage, s.Activity, s.Date, w, sp.From)
				}
				break
			}
		}
	}
}

// TestCatchUpKeepsFromWeek: a session planned earlier in its stage, in
// place of one its last week could not hold, is never earlier than its
// pattern's from_week (the demo's C007 had its first overnight stay in
// week 4 of Developing, which the template starts in week 5).
func TestCatchUpKeepsFromWeek(t *testing.T) {
	for seed := uint64(1); seed <= 3; seed++ {
		links := genLinks(seed, 150)
		p := newTestPlanner(t, Options{})
		res, err := p.PlanAll(context.Background(), links)
		if err != nil {
			t.Fatal(err)
		}
		checkFromWeeks(t, p.tmpl, res)
	}
}
