package plan

import (
	"context"
	"strings"
	"testing"

	"github.com/linkmatch/linkmatch"
)

// TestReviewMissingBeforeMove: a looked-after review before the move that
// is held late or not at all is warned of (review_missing), as one after
// the move is (TestReviewMissing). Both went without a word: the 6-monthly
// review due on 2027-03-15 was held a month late, and with no working day
// in the five weeks before the move the move went ahead with no review
// before it (CPPCR 2010 reg 32(2)). C01 moves on 2027-08-09 in the fixture.
func TestReviewMissingBeforeMove(t *testing.T) {
	d := linkmatch.MustParseDate
	tests := []struct {
		name     string
		from, to linkmatch.Date // closed, inclusive
		due      linkmatch.Date // the warning's day
		says     []string
	}{
		{"6-monthly review held late", d("2027-02-01"), d("2027-04-15"), d("2027-03-15"),
			[]string{"due by 2027-03-15", "held late, on 2027-04-16", "32 days after it was due", "reg 33(2)(c)"}},
		{"no review before the move", d("2027-07-05"), d("2027-08-08"), d("2027-08-08"),
			[]string{"review before the move on 2027-08-09 could not be planned", "reg 32(2)"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			in := fixtureLinks()[0]
			p := newTestPlanner(t, Options{})
			for day := tc.from; day <= tc.to; day++ {
				p.cal.holidays[day] = "closed (test)"
			}
			res, err := p.PlanAll(context.Background(), []PlanInput{in})
			if err != nil {
				t.Fatal(err)
			}
			var got []Warning
			for _, w := range res.Warnings {
				if w.Problem == ProblemNoReview {
					got = append(got, w)
				}
			}
			if len(got) != 1 {
				t.Fatalf("%d review_missing warnings, want 1: %+v", len(got), got)
			}
			w := got[0]
			if w.From != tc.due || w.To != tc.due || w.Short != 1 {
				t.Errorf("warning for %s–%s short %d, want %s", w.From, w.To, w.Short, tc.due)
			}
			for _, s := range tc.says {
				if !strings.Contains(w.Why, s) {
					t.Errorf("why %q does not say %q", w.Why, s)
				}
			}
		})
	}
}

// TestReviewRhythmWithoutLastReview: a child with no last review known
// (children.csv last_review empty) and a slow plan (C03: high complexity,
// aged 15, moving in November 2027) has a looked-after review within 6
// months of the plan's start, saying why, and no two reviews more than 6
// months apart. Before, the first review was the one before the move, ten
// months after the start.
func TestReviewRhythmWithoutLastReview(t *testing.T) {
	in := fixtureLinks()[2]
	if in.Child.LastReview != 0 {
		t.Fatal("the fixture's C03 has a last review")
	}
	p := newTestPlanner(t, Options{})
	res, err := p.PlanAll(context.Background(), []PlanInput{in})
	if err != nil {
		t.Fatal(err)
	}
	last := p.start
	n := 0
	for _, s := range res.Sessions {
		if s.Kind != linkmatch.KindReview {
			continue
		}
		if s.Date > last.AddMonths(reviewMonths) {
			t.Errorf("review on %s, more than 6 months after %s", s.Date, last)
		}
		if n == 0 && !strings.Contains(s.Notes, "no last review is known") {
			t.Errorf("the first review's notes do not say why it is then: %q", s.Notes)
		}
		last = s.Date
		n++
	}
	if n < 2 {
		t.Errorf("%d reviews", n)
	}
}
