package plan

import (
	"bytes"
	"context"
	"errors"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/linkmatch/linkmatch"
)

// siblingPair is TestSiblingsMoveTogether's pair with one carer: C01 (13,
// high complexity) sets the pace, C02 (7, low) follows it.
func siblingPair() []PlanInput {
	carer := linkmatch.Carer{ID: "K01", Capacity: 2, Bedrooms: 2, Overnight: true, Availability: linkmatch.AvailWeekends | linkmatch.AvailEvenings}
	a := linkmatch.Child{ID: "C01", DateOfBirth: testStart.AddYears(-13), Complexity: linkmatch.ComplexityHigh, Overnight: true, SiblingGroup: "S1"}
	b := linkmatch.Child{ID: "C02", DateOfBirth: testStart.AddYears(-7), Complexity: linkmatch.ComplexityLow, Overnight: true, SiblingGroup: "S1"}
	return []PlanInput{link(a, carer), link(b, carer)}
}

// movesOf returns each child's move day.
func movesOf(sessions []linkmatch.Session) map[string]linkmatch.Date {
	out := map[string]linkmatch.Date{}
	for _, s := range sessions {
		if s.Kind == linkmatch.KindMilestone && strings.Contains(s.Activity, "moves") {
			out[s.ChildID] = s.Date
		}
	}
	return out
}

// TestSiblingDecision: a review's decision recorded against either sibling
// with one carer changes the stages they share (the finance-replan tryout
// found one against the sibling who does not set the pace ignored); the
// same decision written against both applies once; two different
// decisions on one day are refused.
func TestSiblingDecision(t *testing.T) {
	links := siblingPair()
	first, err := newTestPlanner(t, Options{}).PlanAll(context.Background(), links)
	if err != nil {
		t.Fatal(err)
	}
	rec, _ := lived(t, first.Sessions)
	before := movesOf(first.Sessions)["C01"]
	review := testStart.AddDays(7*20 + 4) // a Friday in Developing
	asOf := review.AddDays(3)
	hold := func(link string, w int) Decision {
		return Decision{LinkID: link, Date: review, Stage: "Developing", Outcome: OutcomeHold, Weeks: w}
	}
	tests := []struct {
		name    string
		dec     []Decision
		want    linkmatch.Date // both children's move; 0: an error
		problem string         // a DecisionError's column
	}{
		{name: "on the sibling who sets the pace", dec: []Decision{hold("L-C01-K01", 3)}, want: before.AddDays(21)},
		{name: "on the other sibling", dec: []Decision{hold("L-C02-K01", 3)}, want: before.AddDays(21)},
		{name: "the same decision on both", dec: []Decision{hold("L-C01-K01", 3), hold("L-C02-K01", 3)}, want: before.AddDays(21)},
		{name: "different decisions on one day", dec: []Decision{hold("L-C01-K01", 3), hold("L-C02-K01", 2)}, problem: "outcome"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			p := newTestPlanner(t, Options{AsOf: asOf, Actuals: rec.Sessions, Decisions: tc.dec})
			res, err := p.PlanAll(context.Background(), links)
			if tc.problem != "" {
				var de *DecisionError
				if !errors.As(err, &de) || de.Column != tc.problem {
					t.Fatalf("got %v, want a problem in the %s column", err, tc.problem)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			moves := movesOf(res.Sessions)
			if moves["C01"] != tc.want || moves["C02"] != tc.want {
				t.Errorf("moves %v, want both on %s", moves, tc.want)
			}
			changed := map[string]bool{}
			for _, c := range res.Changes {
				changed[c.LinkID] = true
				if c.Reason != reasonHold {
					t.Errorf("%s %s: reason %q, want hold", c.RowID, c.Change, c.Reason)
					break
				}
			}
			if !changed["L-C01-K01"] || !changed["L-C02-K01"] {
				t.Errorf("changes for %v, want both siblings re-planned", changed)
			}
		})
	}
}

// TestHandAddedRow: a row added to the timeline by hand (an empty row_id)
// is kept, given a row id that the timeline written, the calendar and
// changes.csv all show (the finance-replan tryout found the timeline kept
// it without one while the calendar numbered it and changes.csv said
// nothing).
func TestHandAddedRow(t *testing.T) {
	links := fixtureLinks()
	first, err := newTestPlanner(t, Options{}).PlanAll(context.Background(), links)
	if err != nil {
		t.Fatal(err)
	}
	asOf := linkmatch.MustParseDate("2027-06-01")
	sessions := slices.Clone(first.Sessions)
	i := slices.IndexFunc(sessions, func(s linkmatch.Session) bool { return s.Date >= asOf.AddDays(14) && s.Kind == linkmatch.KindHalfDay })
	extra := sessions[i]
	extra.Date, extra.EndDate, extra.Activity, extra.RowID = extra.Date.AddDays(1), extra.EndDate.AddDays(1), "extra tea", ""
	sessions = append(sessions, extra)
	rec, _ := lived(t, sessions)
	res, timeline := replan(t, links, rec, Options{AsOf: asOf})
	if len(res.Changes) != 1 {
		t.Fatalf("changes %+v, want the row added by hand alone", res.Changes)
	}
	c := res.Changes[0]
	if c.Change != ChangeAdded || c.Reason != reasonByHand || c.NewDate != extra.Date || c.RowID == "" || !strings.HasPrefix(c.RowID, rowIDPrefix(extra.LinkID, extra.Stage, extra.Kind)) {
		t.Errorf("change %+v, want the extra tea added by hand with a row id of its own", c)
	}
	if !bytes.Contains(timeline, []byte(",extra tea,,"+c.RowID+",")) {
		t.Errorf("the timeline does not give the extra tea its row id %s", c.RowID)
	}
	var ics bytes.Buffer
	london, err := time.LoadLocation(LondonTZID)
	if err != nil {
		t.Fatal(err)
	}
	if err := WriteICS(&ics, res.Sessions, london, asOf); err != nil {
		t.Fatal(err)
	}
	if n := bytes.Count(ics.Bytes(), []byte("UID:"+c.RowID+"@linkmatch")); n != 1 {
		t.Errorf("the calendar has %d events %s, want 1", n, c.RowID)
	}
	// Re-planned again, the row keeps its id and nothing changes.
	rec2, _ := lived(t, res.Sessions)
	if again, _ := replan(t, links, rec2, Options{AsOf: asOf}); len(again.Changes) != 0 {
		t.Errorf("re-planning again: changes %+v", again.Changes)
	}
}

// TestEndInReplan: --end on a re-plan: an end before the as-of date is
// refused (the timeline before it records what happened); one less than 28
// days after the as-of date ends there but is warned of (short_notice); a
// full 28 days is not; nothing of the link is planned after its end.
func TestEndInReplan(t *testing.T) {
	links := fixtureLinks()
	first, err := newTestPlanner(t, Options{}).PlanAll(context.Background(), links)
	if err != nil {
		t.Fatal(err)
	}
	rec, _ := lived(t, first.Sessions)
	asOf := linkmatch.MustParseDate("2027-06-01")
	const id = "L-C01-K01"
	tests := []struct {
		name  string
		end   linkmatch.Date
		short int // days short of 28; -1: refused
	}{
		{"before the as-of date", asOf.AddDays(-31), -1},
		{"the day before the as-of date", asOf.AddDays(-1), -1},
		{"9 days' notice", asOf.AddDays(9), 19},
		{"on the as-of date", asOf, 28},
		{"28 days' notice", asOf.AddDays(28), 0},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			opt := Options{Start: testStart, AsOf: asOf, Actuals: rec.Sessions, Ends: map[string]linkmatch.Date{id: tc.end}}
			p, err := NewPlanner(DefaultTemplate(), defaultCalendar(2026, 2029), opt)
			if tc.short < 0 {
				if !errors.Is(err, ErrBadOption) || !strings.Contains(err.Error(), "before the as-of date") {
					t.Fatalf("got %v, want the end refused", err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			res, err := p.PlanAll(context.Background(), links)
			if err != nil {
				t.Fatal(err)
			}
			var warned []Warning
			for _, w := range res.Warnings {
				if w.Problem == ProblemShortNotice {
					warned = append(warned, w)
				}
			}
			switch {
			case tc.short == 0 && len(warned) != 0:
				t.Errorf("warned %+v with full notice", warned)
			case tc.short > 0 && (len(warned) != 1 || warned[0].LinkID != id || warned[0].Short != tc.short || warned[0].To != tc.end):
				t.Errorf("warnings %+v, want one %d days short", warned, tc.short)
			}
			for _, s := range res.Sessions {
				if s.LinkID == id && s.EndDate > tc.end && s.Date >= asOf {
					t.Errorf("%s %s on %s, after the link ends on %s", s.Kind, s.Activity, s.Date, tc.end)
				}
			}
		})
	}
}

// TestReplanMovesOnWorkingDays: a review's decision never puts the move on
// a weekend or a bank holiday (the finance-replan tryout found a hold's
// move on the Summer bank holiday and a step back's on a Saturday).
func TestReplanMovesOnWorkingDays(t *testing.T) {
	links := fixtureLinks()[:1] // C01: Developing from 2027-03-08
	first, err := newTestPlanner(t, Options{}).PlanAll(context.Background(), links)
	if err != nil {
		t.Fatal(err)
	}
	rec, _ := lived(t, first.Sessions)
	cal := defaultCalendar(2026, 2029)
	friday := linkmatch.MustParseDate("2027-05-28")
	var decisions []Decision
	for w := 1; w <= 8; w++ {
		decisions = append(decisions, Decision{Date: friday, Stage: "Developing", Outcome: OutcomeHold, Weeks: w})
	}
	decisions = append(decisions,
		Decision{Date: friday, Stage: "Developing", Outcome: OutcomeStepBack},
		Decision{Date: friday, Stage: "Developing", Outcome: OutcomeStepBack, Weeks: 1},
		Decision{Date: friday, Stage: "Developing", Outcome: OutcomeAdvance})
	for _, dec := range decisions {
		t.Run(dec.String(), func(t *testing.T) {
			dec.LinkID = links[0].Link.ID
			res, _ := replan(t, links, rec, Options{AsOf: friday.AddDays(3), Decisions: []Decision{dec}})
			move := movesOf(res.Sessions)["C01"]
			if move == 0 {
				t.Fatal("no move")
			}
			if cal.Weekend(move) {
				t.Errorf("the move is on %s (%s), not a working day", move, move.Weekday())
			}
			if stage := res.Stages[dec.LinkID]; stageOnDay(stage, move) != "Move" || stageOnDay(stage, move.AddDays(-1)) == "Move" {
				t.Errorf("the Move stage does not begin on the move day %s", move)
			}
		})
	}
}

// TestMoveOntoLinkWorkerSlot: a session moved onto the child's weekly
// link-worker time moves that session within its week rather than
// cancelling it (seed 003 §4: at least one a week); changes.csv gives each
// row its own reason; and the sessions ahead the family finder recorded as
// cancelled or moved are listed too (the finance-replan tryout found the
// link-worker session cancelled, a rearranged tea blamed on the clash, and
// the recorded ones missing).
func TestMoveOntoLinkWorkerSlot(t *testing.T) {
	links := fixtureLinks()
	first, err := newTestPlanner(t, Options{}).PlanAll(context.Background(), links)
	if err != nil {
		t.Fatal(err)
	}
	asOf := linkmatch.MustParseDate("2027-04-05")
	const id = "L-C01-K01"
	sessions := slices.Clone(first.Sessions)
	find := func(from linkmatch.Date, kind linkmatch.SessionKind) int {
		return slices.IndexFunc(sessions, func(s linkmatch.Session) bool { return s.LinkID == id && s.Kind == kind && s.Date >= from })
	}
	lw := find(asOf.AddDays(14), linkmatch.KindLinkWorker)
	monday := sessions[lw].Date.AddDays(-((int(sessions[lw].Date.Weekday()) + 6) % 7))
	mover := find(monday.AddDays(-7), linkmatch.KindHalfDay) // a tea the week before
	cancelled := find(asOf, linkmatch.KindHalfDay)
	rearranged := find(sessions[mover].Date.AddDays(14), linkmatch.KindHalfDay)
	if lw < 0 || mover < 0 || cancelled < 0 || rearranged < 0 || cancelled == mover || rearranged == mover {
		t.Fatal("the fixture has not the sessions this test needs")
	}
	m := &sessions[mover]
	m.Status, m.MovedTo, m.MovedAt, m.MovedTime = linkmatch.StatusMoved, sessions[lw].Date, sessions[lw].Start, true
	sessions[cancelled].Status = linkmatch.StatusCancelled
	sessions[rearranged].Status = linkmatch.StatusMoved
	rec, _ := lived(t, sessions)
	res, _ := replan(t, links, rec, Options{AsOf: asOf})

	week := 0
	for _, s := range res.Sessions {
		if s.LinkID == id && s.Kind == linkmatch.KindLinkWorker && s.Date >= monday && s.Date < monday.AddDays(7) {
			week++
			if s.Date == sessions[lw].Date && s.Start == sessions[lw].Start {
				t.Errorf("the link-worker session stays at %s %s, the time the tea moved to", s.Date, s.Start)
			}
		}
	}
	if week != 1 {
		t.Errorf("%d link-worker sessions in the week of %s, want 1", week, monday)
	}
	reasons := map[string]string{}
	for _, c := range res.AllChanges() {
		if c.Reason == reasonRecorded && c.Change == ChangeCancelled && c.OldDate == sessions[cancelled].Date {
			reasons["cancelled"] = c.Reason
		}
		switch c.RowID {
		case sessions[lw].RowID:
			reasons["link worker"] = c.Change.String() + " " + c.Reason
		case sessions[rearranged].RowID:
			reasons["rearranged"] = c.Change.String() + " " + c.Reason
		case sessions[mover].RowID:
			reasons["mover"] = c.Change.String() + " " + c.Reason
		}
	}
	want := map[string]string{"link worker": "moved clash", "rearranged": "moved rearranged", "mover": "moved recorded", "cancelled": reasonRecorded}
	for k, w := range want {
		if reasons[k] != w {
			t.Errorf("%s: %q in changes.csv, want %q", k, reasons[k], w)
		}
	}
	if n := len(res.Ahead); n != 2 {
		t.Errorf("%d sessions ahead recorded, want 2 (the cancelled and the dated move)", n)
	}
}

// TestCarriedOverReviews: a link carried into next year's plan after the
// move, with no review since the move known, has a review planned now and
// the next within 3 months of it (reg 33(2)(b)), then every 6 months; the
// finance-replan tryout found the 3-month review dropped (a review then 6
// months later).
func TestCarriedOverReviews(t *testing.T) {
	d := linkmatch.MustParseDate
	on := d("2027-09-06")
	in := fixtureLinks()[0]
	in.Child.LastReview = d("2027-05-20") // before the move
	in.Link.Started, in.Link.Stage, in.Link.StageSince, in.Link.StageUntil = d("2027-01-04"), "Move", d("2027-08-31"), d("2027-09-19")
	p := newTestPlanner(t, Options{Start: on})
	res, err := p.PlanAll(context.Background(), []PlanInput{in})
	if err != nil {
		t.Fatal(err)
	}
	var reviews []linkmatch.Date
	for _, s := range res.Sessions {
		if s.Kind == linkmatch.KindReview {
			reviews = append(reviews, s.Date)
		}
	}
	if len(reviews) < 3 {
		t.Fatalf("reviews %v, want at least three", reviews)
	}
	if reviews[0] > on.AddDays(reviewLeadDays) {
		t.Errorf("first review %s, want by %s (none since the move is known)", reviews[0], on.AddDays(reviewLeadDays))
	}
	if reviews[1] > reviews[0].AddMonths(secondReviewMonths) {
		t.Errorf("second review %s, more than 3 months after the first on %s", reviews[1], reviews[0])
	}
	for k := 2; k < len(reviews); k++ {
		if reviews[k] > reviews[k-1].AddMonths(reviewMonths) {
			t.Errorf("review %s, more than 6 months after %s", reviews[k], reviews[k-1])
		}
	}
	for _, w := range res.Warnings {
		if w.Problem == ProblemNoReview {
			t.Errorf("warned %+v", w)
		}
	}
}

// TestMovedBeforeAsOfPastEnd: a session dated before the as-of date but
// recorded as moved to a day after an --end given now (the end is decided
// after the move was agreed) does not happen: the ending wins, as for a
// session dated from the as-of date on (TestMovedPastPlanEnd). Before, the
// re-plan kept it at its new day, after the link ended, and cost paid it.
// Its row stays in the timeline (it is the record of what was agreed), now
// cancelled with a note saying why, and changes.csv lists it.
func TestMovedBeforeAsOfPastEnd(t *testing.T) {
	links := fixtureLinks()
	first, err := newTestPlanner(t, Options{}).PlanAll(context.Background(), links)
	if err != nil {
		t.Fatal(err)
	}
	const id = "L-C01-K01"
	asOf := linkmatch.MustParseDate("2027-06-01")
	end := asOf.AddDays(30)
	moveTo := end.AddDays(3)
	rows := slices.Clone(first.Sessions)
	at := -1
	for i, s := range rows {
		if s.LinkID == id && s.Kind.Paid() && s.Date < asOf {
			at = i // the link's last paid session before the as-of date
		}
	}
	if at < 0 {
		t.Fatalf("%s has no paid session before %s", id, asOf)
	}
	rows[at].Status, rows[at].MovedTo, rows[at].MovedAt, rows[at].MovedTime = linkmatch.StatusMoved, moveTo, linkmatch.Clock(16*60+30), true
	rec, _ := lived(t, rows)
	opt := Options{AsOf: asOf, Ends: map[string]linkmatch.Date{id: end}}
	res, once := replan(t, links, rec, opt)
	kept := slices.IndexFunc(res.Sessions, func(s linkmatch.Session) bool { return s.RowID == rows[at].RowID })
	if kept < 0 {
		t.Fatalf("the row %s, before the as-of date, left the timeline", rows[at].RowID)
	}
	if s := res.Sessions[kept]; s.Status != linkmatch.StatusCancelled || s.Date != rows[at].Date || !strings.Contains(s.Notes, "moved to "+moveTo.String()) {
		t.Errorf("the session moved past the end is %s on %s (notes %q), want cancelled on %s with a note of the move", statusText(&s), s.Date, s.Notes, rows[at].Date)
	}
	for _, s := range occurring(res.Sessions) {
		if s.LinkID == id && s.EndDate > end {
			t.Errorf("%s %s on %s, after the link ends on %s", s.Kind, s.RowID, s.Date, end)
		}
	}
	found := false
	for _, c := range res.Changes {
		if c.RowID == rows[at].RowID {
			found = true
			if c.Change != ChangeCancelled || c.Reason != reasonPastEnd || !strings.Contains(c.Why, "moved to "+moveTo.String()) || !strings.Contains(c.Why, "the link ends on "+end.String()) {
				t.Errorf("change %+v, want cancelled, %q, saying where it was moved and when the link ends", c, reasonPastEnd)
			}
		}
	}
	if !found {
		t.Errorf("changes.csv does not list the session moved past the end (%s)", rows[at].RowID)
	}
	// Re-planning again from the re-planned timeline changes nothing.
	rec2, _ := lived(t, res.Sessions)
	again, twice := replan(t, links, rec2, opt)
	if !bytes.Equal(once, twice) || len(again.Changes) != 0 {
		t.Errorf("re-planning again changed %d rows: %+v", len(again.Changes), again.Changes)
	}
}
