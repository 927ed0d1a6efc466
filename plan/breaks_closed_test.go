package plan

import (
	"context"
	"testing"
	"time"

	"github.com/linkmatch/linkmatch"
)

func TestClosedBetween(t *testing.T) {
	cal := defaultCalendar(2026, 2030).WithClosed(linkmatch.DefaultClosedDays(), nil)
	d := linkmatch.MustParseDate
	for _, c := range []struct {
		name        string
		first, last string
		want        bool
	}{
		{"Christmas Day on a Saturday", "2027-12-25", "2027-12-25", true},
		{"Boxing Day on a Sunday", "2027-12-26", "2027-12-26", true},
		{"the substitute bank holiday is not closed here", "2027-12-27", "2027-12-27", false},
		{"an overnight into Christmas morning", "2027-12-24", "2027-12-25", true},
		{"New Year's Day", "2028-01-01", "2028-01-01", true},
		{"Christmas Eve", "2027-12-24", "2027-12-24", false},
		{"a weekend stay over New Year", "2027-12-31", "2028-01-02", true},
	} {
		t.Run(c.name, func(t *testing.T) {
			if got := cal.ClosedBetween(d(c.first), d(c.last)); got != c.want {
				t.Errorf("ClosedBetween(%s, %s) = %v, want %v", c.first, c.last, got, c.want)
			}
		})
	}
	if cal.WithClosed(nil, nil).ClosedBetween(d("2027-12-25"), d("2027-12-25")) {
		t.Error("no closed days given, yet Christmas is closed")
	}
	if !cal.WithClosed([]linkmatch.MonthDay{{Month: time.July, Day: 4}}, nil).ClosedBetween(d("2027-07-04"), d("2027-07-04")) {
		t.Error("a scenario's own closed day is not kept")
	}
}

// TestNoBreaksAtChristmas: links starting on Christmas Day plan nothing
// with the child or family on 25 and 26 December or 1 January, even when
// they fall at a weekend (2027) — neither Introductions nor breaks.
func TestNoBreaksAtChristmas(t *testing.T) {
	links := genBreakLinks(2, 40)
	start := linkmatch.MustParseDate("2027-12-25")
	cal := defaultCalendar(2026, 2030).WithClosed(linkmatch.DefaultClosedDays(), nil)
	p, err := NewPlanner(DefaultShortBreaksTemplate(), cal, Options{Start: start, Horizon: start.AddYears(1).AddDays(-1)})
	if err != nil {
		t.Fatal(err)
	}
	res, err := p.PlanAll(context.Background(), links)
	if err != nil {
		t.Fatal(err)
	}
	if errs := p.VerifyBreaks(links, res); len(errs) > 0 {
		t.Errorf("%d rules broken, the first: %v", len(errs), errs[0])
	}
	n := 0
	for _, s := range res.Sessions {
		if !s.Kind.WithChild() && s.Kind != linkmatch.KindMeeting && s.Kind != linkmatch.KindReview {
			continue
		}
		n++
		if cal.ClosedBetween(s.Date, s.EndDate) {
			t.Errorf("%s: %s on %s to %s", s.LinkID, s.Activity, s.Date, s.EndDate)
		}
	}
	if n == 0 {
		t.Fatal("nothing planned")
	}
}
