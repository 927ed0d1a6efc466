package plan

import (
	"bytes"
	"context"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/linkmatch/linkmatch"
)

// TestGoldenLife follows one link's life (issue 13): agreed on the plan's
// start; its first overnight cancelled; held at Developing for three more
// weeks by the stage-gate review; then, after the move, a session moved to
// another day and one cancelled in advance. Each step re-plans from the
// timeline as lived, and the timeline, the changes and the calendar of
// each step are golden files. The link's carer has a second child, whose
// plan must not change.
func TestGoldenLife(t *testing.T) {
	london, err := time.LoadLocation(LondonTZID)
	if err != nil {
		t.Fatal(err)
	}
	links := fixtureLinks()[:2] // C01 and C02 share carer K01
	const id = "L-C01-K01"

	// Agreed: the first plan.
	first, err := newTestPlanner(t, Options{}).PlanAll(context.Background(), links)
	if err != nil {
		t.Fatal(err)
	}
	var ics0 bytes.Buffer
	if err := WriteICS(&ics0, rowsOf(first.Sessions, id), london, testStart); err != nil {
		t.Fatal(err)
	}

	// The Developing stage-gate review holds the stage three more weeks.
	gate := findRow(t, first.Sessions, id, "Developing", linkmatch.KindMeeting, "stage-gate review")
	asOf1 := gate.Date.AddDays(1)
	lived1 := slices.Clone(first.Sessions)
	for i := range lived1 {
		s := &lived1[i]
		switch {
		case s.Date >= asOf1 || !s.Kind.Paid():
		case s.LinkID == id && s.Kind == linkmatch.KindOvernight && s.Stage == "Developing":
			s.Status = linkmatch.StatusCancelled // the child was unwell
		default:
			s.Status = linkmatch.StatusDone
		}
	}
	rec1, actuals1 := lived(t, lived1)
	hold := Decision{LinkID: id, Date: gate.Date, Stage: "Developing", Outcome: OutcomeHold, Weeks: 3, Notes: "not ready for regular overnights"}
	step1, timeline1 := replan(t, links, rec1, Options{AsOf: asOf1, Decisions: []Decision{hold}})
	if got, want := linesBefore(t, timeline1, asOf1), linesBefore(t, actuals1, asOf1); !slices.Equal(got, want) {
		t.Error("the rows before the review are not as recorded")
	}
	if !slices.Equal(rowsOf(rec1.Sessions, "L-C02-K01"), rowsOf(step1.Sessions, "L-C02-K01")) {
		t.Error("the hold for C01 changed C02's plan")
	}
	if !slices.ContainsFunc(rowsOf(step1.Sessions, id), func(s linkmatch.Session) bool {
		return s.Kind == linkmatch.KindOvernight && s.Date >= asOf1 && s.Stage == "Developing"
	}) {
		t.Error("the cancelled first overnight is not planned again in the extra weeks")
	}
	var ics1 bytes.Buffer
	if err := UpdateICS(&ics1, rowsOf(step1.Sessions, id), london, asOf1, ics0.Bytes()); err != nil {
		t.Fatal(err)
	}

	// After the move: a session moved to another day, one cancelled ahead.
	move := findRow(t, step1.Sessions, id, "Move", linkmatch.KindMilestone, "the child moves to the long-term foster carer")
	asOf2 := move.Date.AddDays(21)
	lived2 := slices.Clone(step1.Sessions)
	moved, ahead := false, false
	for i := range lived2 {
		s := &lived2[i]
		switch {
		case !s.Kind.Paid() || s.Status != linkmatch.StatusPlanned:
		case s.Date < asOf2 && s.LinkID == id && s.Date > move.Date && !moved:
			s.Status, s.MovedTo, s.MovedAt, s.MovedTime = linkmatch.StatusMoved, s.Date.AddDays(2), 17*60, true
			moved = true
		case s.Date < asOf2:
			s.Status = linkmatch.StatusDone
		case s.LinkID == id && !ahead:
			s.Status, ahead = linkmatch.StatusCancelled, true // the carer is away
		}
	}
	rec2, actuals2 := lived(t, lived2)
	step2, timeline2 := replan(t, links, rec2, Options{AsOf: asOf2, Decisions: []Decision{hold}})
	if got, want := linesBefore(t, timeline2, asOf2), linesBefore(t, actuals2, asOf2); !slices.Equal(got, want) {
		t.Error("the rows before the second re-plan are not as recorded")
	}
	if len(step2.Changes) != 0 {
		t.Errorf("nothing new was decided, yet %d rows changed", len(step2.Changes))
	}
	var ics2 bytes.Buffer
	if err := UpdateICS(&ics2, rowsOf(step2.Sessions, id), london, asOf2, ics1.Bytes()); err != nil {
		t.Fatal(err)
	}
	if !bytes.Contains(ics2.Bytes(), []byte("STATUS:CANCELLED")) {
		t.Error("the session cancelled ahead is not cancelled in the calendar")
	}

	var ch1, ch2 bytes.Buffer
	if err := WriteChanges(&ch1, step1.Changes); err != nil {
		t.Fatal(err)
	}
	if err := WriteChanges(&ch2, step2.Changes); err != nil {
		t.Fatal(err)
	}
	golden(t, "life_1_timeline.csv", onlyLink(t, timeline1, id))
	golden(t, "life_1_changes.csv", ch1.Bytes())
	golden(t, "life_1.ics", ics1.Bytes())
	golden(t, "life_2_timeline.csv", onlyLink(t, timeline2, id))
	golden(t, "life_2.ics", ics2.Bytes())
	for _, c := range step1.Changes {
		if c.LinkID != id || c.Reason != reasonHold {
			t.Errorf("unexpected change %+v", c)
		}
	}
	checkCalendarUpdate(t, ics0.Bytes(), ics1.Bytes(), step1.Changes)
}

// findRow returns the first row of link id in stage with kind and activity.
func findRow(t *testing.T, sessions []linkmatch.Session, id, stage string, kind linkmatch.SessionKind, activity string) linkmatch.Session {
	t.Helper()
	for _, s := range sessions {
		if s.LinkID == id && s.Stage == stage && s.Kind == kind && s.Activity == activity {
			return s
		}
	}
	t.Fatalf("no %s %q in %s for %s", kind, activity, stage, id)
	return linkmatch.Session{}
}

// onlyLink keeps a timeline's header and the lines of one link.
func onlyLink(t *testing.T, timeline []byte, id string) []byte {
	t.Helper()
	lines := strings.SplitAfter(string(timeline), "\n")
	out := lines[0]
	for _, l := range lines[1:] {
		if strings.HasPrefix(l, id+",") {
			out += l
		}
	}
	return []byte(out)
}

// checkCalendarUpdate: an event whose row did not change keeps its
// SEQUENCE 0 and DTSTAMP; a moved one has SEQUENCE 1; a cancelled one is
// still there, STATUS:CANCELLED.
func checkCalendarUpdate(t *testing.T, before, after []byte, changes []Change) {
	t.Helper()
	events := func(b []byte) map[string]string {
		out := map[string]string{}
		for _, ev := range strings.Split(string(b), "BEGIN:VEVENT")[1:] {
			i := strings.Index(ev, "UID:")
			uid := strings.TrimSpace(strings.SplitN(ev[i+4:], "\n", 2)[0])
			out[uid] = ev
		}
		return out
	}
	old, now := events(before), events(after)
	for uid, ev := range old {
		if _, ok := now[uid]; !ok {
			t.Errorf("event %s dropped from the updated calendar", uid)
		} else if ev == now[uid] && !strings.Contains(ev, "SEQUENCE:0") {
			t.Errorf("unchanged event %s has a SEQUENCE", uid)
		}
	}
	for _, c := range changes {
		ev := now[c.RowID+"@linkmatch"]
		switch c.Change {
		case ChangeMoved:
			if !strings.Contains(ev, "SEQUENCE:1") {
				t.Errorf("moved event %s is not SEQUENCE 1", c.RowID)
			}
		case ChangeCancelled:
			if !strings.Contains(ev, "STATUS:CANCELLED") {
				t.Errorf("cancelled event %s is not cancelled", c.RowID)
			}
		}
	}
}
