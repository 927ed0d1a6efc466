package plan

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/linkmatch/linkmatch"
)

// TestReplanKeepsThePast: re-planning from an as-of date with extensions
// and endings leaves every row before the date exactly as it was, and the
// new plan still satisfies every invariant.
func TestReplanKeepsThePast(t *testing.T) {
	for seed := uint64(1); seed <= 4; seed++ {
		t.Run(fmt.Sprint("seed", seed), func(t *testing.T) {
			links := genLinks(seed, 120)
			before, err := sessionsOf(newTestPlanner(t, Options{}).PlanAll(context.Background(), links))
			if err != nil {
				t.Fatal(err)
			}
			asOf := testStart.AddDays(70 + int(seed)*9)
			ends := map[string]linkmatch.Date{links[0].Link.ID: asOf.AddDays(40), links[1].Link.ID: asOf.AddDays(5)}
			p := newTestPlanner(t, Options{AsOf: asOf, Extend: map[string]int{"Developing": 3, "sustain": 1}, Ends: ends})
			after, err := sessionsOf(p.PlanAll(context.Background(), links))
			if err != nil {
				t.Fatal(err)
			}
			checkInvariants(t, p, links, after)
			var old, kept []linkmatch.Session
			for _, s := range before {
				if s.Date < asOf {
					if e, ok := ends[s.LinkID]; !ok || s.EndDate <= e {
						old = append(old, s)
					}
				}
			}
			for _, s := range after {
				if s.Date < asOf {
					kept = append(kept, s)
				}
			}
			if len(old) != len(kept) {
				t.Fatalf("%d rows before %s, %d kept", len(old), asOf, len(kept))
			}
			for i := range old {
				if old[i] != kept[i] {
					t.Fatalf("row %d changed:\n%+v\n%+v", i, old[i], kept[i])
				}
			}
			for id, end := range ends {
				checkEnding(t, after, id, end, asOf)
			}
		})
	}
}

// checkEnding: nothing after the end (seed 001 §6), 28 days' notice where
// there was time for it, and a placement support meeting before notice.
func checkEnding(t *testing.T, got []linkmatch.Session, id string, end, asOf linkmatch.Date) {
	t.Helper()
	var notice, meeting, last linkmatch.Date
	for _, s := range got {
		if s.LinkID != id {
			continue
		}
		if s.EndDate > end {
			t.Errorf("%s: %s on %s after the link ends on %s", id, s.Kind, s.Date, end)
		}
		switch {
		case s.Kind == linkmatch.KindMilestone && strings.Contains(s.Activity, "notice"):
			notice = s.Date
		case s.Kind == linkmatch.KindMeeting && strings.Contains(s.Activity, "placement support meeting"):
			meeting = s.Date
		case s.Kind == linkmatch.KindMilestone && strings.Contains(s.Activity, "link ends"):
			last = s.Date
		}
	}
	if last != end {
		t.Errorf("%s: ends %s, want %s", id, last, end)
	}
	want := max(end.AddDays(-noticeDays), asOf)
	if notice != want {
		t.Errorf("%s: notice on %s, want %s", id, notice, want)
	}
	if meeting == 0 || (end.AddDays(-noticeDays) > asOf && meeting >= notice) {
		t.Errorf("%s: placement support meeting on %s, notice on %s", id, meeting, notice)
	}
}

func TestReviewsAndVisits(t *testing.T) {
	links := fixtureLinks()
	p := newTestPlanner(t, Options{})
	got, err := sessionsOf(p.PlanAll(context.Background(), links))
	if err != nil {
		t.Fatal(err)
	}
	// C01's last review was 2026-09-15: the next is due by 2027-03-15 (reg 33(2)(c)).
	var c01 []linkmatch.Date
	for _, s := range got {
		if s.LinkID == "L-C01-K01" && s.Kind == linkmatch.KindReview {
			c01 = append(c01, s.Date)
		}
	}
	if len(c01) == 0 || c01[0] > day("2027-03-15") || c01[0] < day("2027-02-15") {
		t.Errorf("C01's reviews %v: the first should fall in the four weeks up to 2027-03-15", c01)
	}
	// C03 turned 16 on 2027-06-30: its first review after that considers
	// Staying Put, and every later one keeps planning for 18.
	first, later := 0, 0
	for _, s := range got {
		if s.LinkID != "L-C03-K02" || !strings.Contains(s.Notes, "Staying Put") {
			continue
		}
		if s.Kind != linkmatch.KindReview || s.Date < day("2027-06-30") {
			t.Errorf("Staying Put noted on %s %s", s.Kind, s.Date)
		}
		switch {
		case strings.Contains(s.Notes, "first review since the 16th birthday"):
			first++
		case strings.Contains(s.Notes, "planning for 18"):
			later++
		}
	}
	if first != 1 || later == 0 {
		t.Errorf("Staying Put: %d first reviews since 16, %d later ones; want 1 and some", first, later)
	}
}

func TestPlannerOptions(t *testing.T) {
	tm, cal := DefaultTemplate(), defaultCalendar(2026, 2029)
	if _, err := NewPlanner(tm, cal, Options{Start: testStart, Extend: map[string]int{"Nope": 1}}); !errors.Is(err, ErrUnknownStage) {
		t.Errorf("unknown stage: %v", err)
	}
	if _, err := NewPlanner(tm, cal, Options{Start: testStart, AsOf: testStart.AddDays(-1)}); !errors.Is(err, ErrBadOption) {
		t.Errorf("as-of before start: %v", err)
	}
	p, err := NewPlanner(tm, cal, Options{Start: testStart, Ends: map[string]linkmatch.Date{"L-X-Y": testStart.AddDays(60)}})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := p.PlanAll(context.Background(), fixtureLinks()); !errors.Is(err, ErrUnknownLink) {
		t.Errorf("unknown link: %v", err)
	}
	links := fixtureLinks()
	links[1].Link.ID = links[0].Link.ID
	if _, err := newTestPlanner(t, Options{}).PlanAll(context.Background(), links); !errors.Is(err, ErrBadOption) {
		t.Errorf("duplicate link id: %v", err)
	}
}

func TestPlanHonoursCancellation(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := newTestPlanner(t, Options{}).PlanAll(ctx, genLinks(1, 100)); !errors.Is(err, context.Canceled) {
		t.Errorf("err = %v, want context.Canceled", err)
	}
}

// TestPlanDeterministic: the order links are given in does not matter.
func TestPlanDeterministic(t *testing.T) {
	links := genLinks(9, 80)
	a, err := sessionsOf(newTestPlanner(t, Options{}).PlanAll(context.Background(), links))
	if err != nil {
		t.Fatal(err)
	}
	rev := make([]PlanInput, len(links))
	for i := range links {
		rev[len(links)-1-i] = links[i]
	}
	b, err := sessionsOf(newTestPlanner(t, Options{}).PlanAll(context.Background(), rev))
	if err != nil {
		t.Fatal(err)
	}
	if len(a) != len(b) {
		t.Fatalf("%d rows, then %d", len(a), len(b))
	}
	for i := range a {
		if a[i] != b[i] {
			t.Fatalf("row %d differs: %+v vs %+v", i, a[i], b[i])
		}
	}
}
