package plan

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/linkmatch/linkmatch"
)

// stepDownAfterSchool returns the activity, start and end of every step-down
// pattern (sessions, fallbacks, instead) in the after_school window: the
// sessions a timeline shows at those times with those activities are the
// after-school ones.
func stepDownAfterSchool(t *Template) map[string]bool {
	keys := map[string]bool{}
	var add func(p *Pattern)
	add = func(p *Pattern) {
		if p == nil {
			return
		}
		if p.Window == WindowAfterSchool {
			keys[fmt.Sprintf("%s|%s|%s", p.Activity, p.Start, p.End)] = true
		}
		add(p.Fallback)
		add(p.Instead)
	}
	for i := range t.Stages {
		for j := range t.Stages[i].Sessions {
			add(&t.Stages[i].Sessions[j])
		}
	}
	return keys
}

// TestStepDownAfterSchoolOnSchoolDays: a step-down session in the
// after_school window (16:30, timed round the school day) falls only on a
// school day, as short breaks' after-school breaks do (issue 17); in the
// holidays it takes its fallback's daytime slot or another day, or, as a
// last resort, its evening time on a holiday weekday, said so in its notes
// (holidayEvening). Found from the sessions and the calendar's terms alone.
func TestStepDownAfterSchoolOnSchoolDays(t *testing.T) {
	p := newTestPlanner(t, Options{})
	keys := stepDownAfterSchool(p.tmpl)
	for seed := uint64(1); seed <= 3; seed++ {
		t.Run(fmt.Sprint("seed", seed), func(t *testing.T) {
			links := genLinks(seed, 150)
			res, err := newTestPlanner(t, Options{}).PlanAll(context.Background(), links)
			if err != nil {
				t.Fatal(err)
			}
			bad, holidayEvenings := 0, 0
			for _, s := range res.Sessions {
				if !s.Kind.Paid() || !keys[fmt.Sprintf("%s|%s|%s", s.Activity, s.Start, s.End)] || p.cal.SchoolDay(s.Date) {
					continue
				}
				if strings.HasPrefix(s.Notes, holidayEveningNote) && !p.cal.Weekend(s.Date) {
					holidayEvenings++
					continue // the last resort, said to be in the holidays
				}
				if bad++; bad <= 5 {
					t.Errorf("%s %s (%s) %s–%s %q: an after-school session on a day without school", s.LinkID, s.Date, s.Date.Weekday(), s.Start, s.End, s.Activity)
				}
			}
			if bad > 5 {
				t.Errorf("… %d after-school sessions on days without school in all", bad)
			}
			if holidayEvenings == 0 {
				t.Error("no after-school session kept as an evening in the holidays: carers who offer only weekday evenings would go the summer without seeing the child")
			}
		})
	}
}

// TestStepDownHalfTermTakesDaytime: a carer free every day and evening
// sees the child in February half term in the daytime (the after-school
// session's fallback), not at 16:30 as on a school day.
func TestStepDownHalfTermTakesDaytime(t *testing.T) {
	carer := linkmatch.Carer{ID: "K01", Capacity: 1, Bedrooms: 1, Overnight: true}
	child := linkmatch.Child{ID: "C01", DateOfBirth: testStart.AddYears(-9), Overnight: true}
	res := planRules(t, link(child, carer))
	p := newTestPlanner(t, Options{})
	var half []linkmatch.Date
	for d := testStart; d < testStart.AddDays(70); d++ {
		if wd := d.Weekday(); wd != time.Saturday && wd != time.Sunday && !p.cal.SchoolDay(d) {
			half = append(half, d)
		}
	}
	if len(half) == 0 {
		t.Fatal("no half term in the plan's first ten weeks: the test needs one")
	}
	in := 0
	for _, s := range res.Sessions {
		if !s.Kind.Paid() || s.Date < half[0] || s.Date > half[len(half)-1] {
			continue
		}
		in++
		if s.Start >= schoolEnds && s.EndDate == s.Date && s.Date.Weekday() != time.Saturday && s.Date.Weekday() != time.Sunday {
			t.Errorf("%s %s–%s %q: after school in half term (%s to %s)", s.Date, s.Start, s.End, s.Activity, half[0], half[len(half)-1])
		}
	}
	if in == 0 {
		t.Errorf("no session with the child in half term (%s to %s)", half[0], half[len(half)-1])
	}
}
