package plan

import (
	"errors"
	"slices"
	"testing"
	"time"

	"github.com/linkmatch/linkmatch"
	"github.com/linkmatch/linkmatch/input"
)

var day = linkmatch.MustParseDate

func TestEaster(t *testing.T) {
	// Published Easter Sundays.
	for y, want := range map[int]string{2024: "2024-03-31", 2025: "2025-04-20", 2026: "2026-04-05", 2027: "2027-03-28", 2028: "2028-04-16", 2038: "2038-04-25"} {
		if got := Easter(y); got != day(want) {
			t.Errorf("Easter %d = %s, want %s", y, got, want)
		}
	}
}

// TestBankHolidaysData cross-checks the embedded GOV.UK list against the
// statutory rule: two independent sources for the same dates.
func TestBankHolidaysData(t *testing.T) {
	data := DefaultBankHolidays(2026, 2028)
	if len(data) != 24 {
		t.Fatalf("%d bank holidays for 2026–2028, want 8 a year", len(data))
	}
	var rule []linkmatch.Date
	for y := 2026; y <= 2028; y++ {
		for _, h := range EnglandBankHolidays(y) {
			rule = append(rule, h.Date)
		}
	}
	for _, h := range data {
		if wd := h.Date.Weekday(); wd == time.Saturday || wd == time.Sunday {
			t.Errorf("%s (%s) is at a weekend", h.Date, h.Name)
		}
		if !slices.Contains(rule, h.Date) {
			t.Errorf("%s (%s) is not what the rule gives", h.Date, h.Name)
		}
	}
	// The brief's 2027 dates, including both Christmas substitutes.
	for _, s := range []string{"2027-01-01", "2027-03-26", "2027-03-29", "2027-05-03", "2027-05-31", "2027-08-30", "2027-12-27", "2027-12-28"} {
		if !slices.ContainsFunc(data, func(h BankHoliday) bool { return h.Date == day(s) }) {
			t.Errorf("%s missing", s)
		}
	}
	// Beyond the data, the rule: 2029 has Christmas on a Tuesday.
	if got := DefaultBankHolidays(2029, 2029); len(got) != 8 || got[7].Date != day("2029-12-26") {
		t.Errorf("2029 by rule: %v", got)
	}
}

// defaultCalendar is the calendar a scenario without terms or bank-holiday
// files plans with (internal/pipeline builds it the same way).
func defaultCalendar(fromYear, toYear int) *Calendar {
	c, err := NewCalendar(DefaultTerms(fromYear, toYear), DefaultBankHolidays(fromYear, toYear))
	if err != nil {
		panic(err) // the generated terms never overlap
	}
	return c.WithClosed(linkmatch.DefaultClosedDays(), linkmatch.DefaultClosedAfternoons())
}

func TestDefaultCalendar(t *testing.T) {
	c := defaultCalendar(2026, 2028)
	tests := []struct {
		date   string
		school bool
		why    string
	}{
		{"2027-01-04", true, "spring term starts"},
		{"2027-01-09", false, "a Saturday"},
		{"2027-02-16", false, "February half term"},
		{"2027-03-24", true, "spring term"},
		{"2027-03-29", false, "Easter Monday"},
		{"2027-04-06", false, "Easter holiday"},
		{"2027-04-12", true, "summer term"},
		{"2027-06-01", false, "May half term"},
		{"2027-07-22", true, "last day of the school year"},
		{"2027-08-10", false, "summer holiday"},
		{"2027-09-06", true, "autumn term"},
		{"2027-10-27", false, "October half term"},
		{"2027-12-21", false, "Christmas holiday"},
	}
	for _, tc := range tests {
		if got := c.SchoolDay(day(tc.date)); got != tc.school {
			t.Errorf("%s (%s): school day %v", tc.date, tc.why, got)
		}
	}
	if got := c.WorkingDaysAfter(day("2027-12-20"), 5); got != day("2027-12-29") {
		t.Errorf("5 working days after 2027-12-20 = %s (Christmas substitutes skipped)", got)
	}
}

func TestReadTermsProblems(t *testing.T) {
	var ps input.Problems
	terms := ParseTerms([]byte("start,end,name\n2027-01-04,2027-02-12,spring 1\n2027-02-10,2027-03-26,overlaps\n2027-04-12,2027-04-01,backwards\n2027-13-01,2027-05-21,\n"), "terms.csv", &ps)
	err := ps.Err()
	var inv *input.InvalidError
	if !errors.As(err, &inv) || len(inv.Problems) != 3 {
		t.Fatalf("err = %v, want 3 problems", err)
	}
	want := []struct{ line, col int }{{3, 1}, {4, 12}, {5, 1}}
	for i, p := range inv.Problems {
		if p.Line != want[i].line || p.Column != want[i].col {
			t.Errorf("problem %d at %d:%d, want %d:%d: %v", i, p.Line, p.Column, want[i].line, want[i].col, p)
		}
	}
	if len(terms) != 1 {
		t.Errorf("%d good terms", len(terms))
	}
}

func TestReadBankHolidays(t *testing.T) {
	var ps input.Problems
	got := ParseBankHolidays([]byte("date,name\n2027-05-03,Early May\n2027-05-03,again\n"), "bh.csv", &ps)
	if err := ps.Err(); err != nil || len(got) != 1 || len(ps.Warnings()) != 1 {
		t.Errorf("got %v, err %v, warnings %v", got, err, ps.Warnings())
	}
}

// TestClosedDays: closed days recur every year by month and day, a closed
// day's afternoon is closed too, and a calendar without them closes
// nothing.
func TestClosedDays(t *testing.T) {
	c := defaultCalendar(2026, 2029)
	open, err := NewCalendar(nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		date              string
		closed, afternoon bool
	}{
		{"2027-12-24", false, true},
		{"2027-12-25", true, true},
		{"2027-12-26", true, true},
		{"2027-12-27", false, false}, // the substitute bank holiday is not closed by name
		{"2028-01-01", true, true},
		{"2028-12-25", true, true},
		{"2028-01-02", false, false},
	}
	for _, tt := range tests {
		t.Run(tt.date, func(t *testing.T) {
			d := linkmatch.MustParseDate(tt.date)
			if got := c.Closed(d); got != tt.closed {
				t.Errorf("Closed = %v, want %v", got, tt.closed)
			}
			if got := c.ClosedAfternoon(d); got != tt.afternoon {
				t.Errorf("ClosedAfternoon = %v, want %v", got, tt.afternoon)
			}
			if open.Closed(d) || open.ClosedAfternoon(d) {
				t.Error("a calendar without closed days closes a day")
			}
		})
	}
}
