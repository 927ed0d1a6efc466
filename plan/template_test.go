package plan

import (
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/linkmatch/linkmatch"
	"github.com/linkmatch/linkmatch/input"
)

func TestDefaultTemplate(t *testing.T) {
	tm := DefaultTemplate()
	want := []string{"Introductions", "Building", "Developing", "Preparing", "Move", "Sustain"}
	if got := strings.Join(tm.StageNames(), ","); got != strings.Join(want, ",") {
		t.Fatalf("stages %s, want %s", got, want)
	}
	if tm.MoveStage() != 4 {
		t.Errorf("move stage %d", tm.MoveStage())
	}
	for _, st := range tm.Stages {
		if st.Gate == nil {
			t.Errorf("%s has no stage-gate review", st.Name)
		}
	}
	// Seed 000: a weekend is Saturday morning to Sunday tea-time, a day and a half.
	p := tm.Stages[3].Sessions[1]
	if p.Kind != linkmatch.KindDayAndHalf || p.Window != WindowWeekendStay || p.EveryWeeks != 2 || p.Instead == nil {
		t.Errorf("Preparing weekends: %+v", p)
	}
	// The after-school sessions of the first three stages fall back to a
	// day without school, keeping everything but the window and times.
	for si := range 3 {
		p := tm.Stages[si].Sessions[0]
		if si == 0 {
			p = tm.Stages[si].Sessions[1]
		}
		f := p.Fallback
		if p.Window != WindowAfterSchool || f == nil || f.Window != WindowDay || f.End <= f.Start ||
			f.Kind != p.Kind || f.Location != p.Location || f.Note != p.Note || f.PerWeek != p.PerWeek || f.Fallback != nil {
			t.Errorf("%s after-school fallback: %+v", tm.Stages[si].Name, f)
		}
	}
}

func TestPacing(t *testing.T) {
	tm := DefaultTemplate()
	// Sustain is open-ended: it runs to the planning horizon, whatever the pace.
	if last := tm.Stages[len(tm.Stages)-1]; last.Until != UntilHorizon || last.Name != "Sustain" {
		t.Errorf("the last stage is %s ending by %d, want Sustain to the horizon", last.Name, last.Until)
	}
	tests := []struct {
		name string
		c    linkmatch.Complexity
		age  int
		want []int // weeks per stage
	}{
		{"medium, aged 8: the base", linkmatch.ComplexityMedium, 8, []int{2, 6, 8, 8, 2}},
		{"high, aged 14: ×1.5×1.25", linkmatch.ComplexityHigh, 14, []int{4, 11, 15, 15, 4}},
		{"low, aged 3: ×0.75×0.75", linkmatch.ComplexityLow, 3, []int{1, 3, 5, 5, 1}},
		{"age outside every band: complexity only", linkmatch.ComplexityLow, 19, []int{2, 5, 6, 6, 2}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			f := tm.Factor(tc.c, tc.age)
			for i, w := range tc.want {
				if got := tm.PacedWeeks(i, f); got != w {
					t.Errorf("%s: %d weeks, want %d", tm.Stages[i].Name, got, w)
				}
			}
		})
	}
}

const smallTemplate = `name = "t"
[[stage]]
name = "A"
weeks = 2
  [[stage.session]]
  kind = "half_day"
  window = "after_school"
  start = "16:30"
  end = "18:00"
  location = "community"
[[stage]]
name = "B"
weeks = 1
move = true
  [[stage.session]]
  kind = "half_day"
  start = "16:30"
  end = "18:00"
  location = "community"
  [[stage.session]]
  kind = %s
  window = "day"
  start = "10:00"
  end = "%s"
  location = "community"
`

func TestParseTemplateProblems(t *testing.T) {
	tests := []struct {
		name       string
		kind, end  string
		line, col  int
		column     string
		wantInText string
	}{
		{"unknown kind in the second stage's second session", `"brunch"`, "16:00", 21, 3, "stage.session.kind", "not a kind of session"},
		{"end before start", `"full_day"`, "09:00", 24, 3, "stage.session.end", "not after its start"},
		{"review is statutory", `"review"`, "16:00", 21, 3, "stage.session.kind", "statutory"},
		{"TOML syntax", `full_day`, "16:00", 21, 10, "", "expected value"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			src := strings.Replace(strings.Replace(smallTemplate, "%s", tc.kind, 1), "%s", tc.end, 1)
			_, err := ParseTemplate([]byte(src), "t.toml")
			var inv *input.InvalidError
			if !errors.As(err, &inv) || !errors.Is(err, input.ErrInvalid) {
				t.Fatalf("err = %v, want an *input.InvalidError", err)
			}
			p := inv.Problems[0]
			if p.File != "t.toml" || p.Line != tc.line || (tc.col != 0 && p.Column != tc.col) || (tc.column != "" && p.ColumnName != tc.column) || !strings.Contains(p.Message, tc.wantInText) {
				t.Errorf("problem %q at %d:%d (%s), want %d:%d (%s) containing %q", p.Message, p.Line, p.Column, p.ColumnName, tc.line, tc.col, tc.column, tc.wantInText)
			}
		})
	}
}

func TestParseTemplateRules(t *testing.T) {
	tests := []struct {
		name, src, want string
		kind            input.Kind
	}{
		{"no stages", `name = "x"`, "no stages", input.ErrMissingValue},
		{"no move", "[[stage]]\nname = \"A\"\nweeks = 1\n", "0 move stages", input.ErrConflict},
		{"move first", "[[stage]]\nname = \"A\"\nweeks = 1\nmove = true\n", "cannot be the first stage", input.ErrConflict},
		{"weeks", "[[stage]]\nname = \"A\"\nweeks = 0\n[[stage]]\nname = \"B\"\nweeks = 1\nmove = true\n", "weeks between 1", input.ErrOutOfRange},
		{"duplicate stage", "[[stage]]\nname = \"A\"\nweeks = 1\n[[stage]]\nname = \"a\"\nweeks = 1\nmove = true\n", "used twice", input.ErrDuplicate},
		{"after school in school hours", "[[stage]]\nname = \"A\"\nweeks = 1\n[[stage.session]]\nkind = \"half_day\"\nstart = \"15:00\"\nend = \"17:00\"\nlocation = \"x\"\n[[stage]]\nname = \"B\"\nweeks = 1\nmove = true\n", "during the school day", input.ErrOutOfRange},
		{"fallback without a window", withFallback("start = \"10:00\"\nend = \"12:00\"\n"), "the fallback has no window", input.ErrMissingValue},
		{"fallback in a window the kind cannot use", withFallback("window = \"weekend_stay\"\nstart = \"10:00\"\nend = \"12:00\"\n"), "cannot use the weekend_stay window", input.ErrConflict},
		{"fallback after school in school hours", withFallback("window = \"after_school\"\nstart = \"15:00\"\nend = \"17:00\"\n"), "during the school day", input.ErrOutOfRange},
		{"fallback ends before it starts", withFallback("window = \"day\"\nstart = \"12:00\"\nend = \"10:00\"\n"), "not after its start", input.ErrConflict},
		{"fallback on a bad day", withFallback("window = \"day\"\nstart = \"10:00\"\nend = \"12:00\"\ndays = [\"funday\"]\n"), "not a day of the week", input.ErrBadValue},
		{"fallback of a milestone", "[[stage]]\nname = \"A\"\nweeks = 1\n[[stage.session]]\nkind = \"milestone\"\nstart = \"09:00\"\nlocation = \"x\"\n[stage.session.fallback]\nwindow = \"day\"\nstart = \"10:00\"\nend = \"12:00\"\n[[stage]]\nname = \"B\"\nweeks = 1\nmove = true\n", "a milestone has no fallback", input.ErrConflict},
		{"fallback of a gate", "[[stage]]\nname = \"A\"\nweeks = 1\n[stage.gate]\nstart = \"10:00\"\nend = \"11:00\"\nlocation = \"x\"\n[stage.gate.fallback]\nwindow = \"day\"\nstart = \"10:00\"\nend = \"12:00\"\n[[stage]]\nname = \"B\"\nweeks = 1\nmove = true\n", "a stage-gate review has no fallback", input.ErrConflict},
		{"open-ended stage before the last", "[[stage]]\nname = \"A\"\nuntil = \"horizon\"\n[[stage]]\nname = \"B\"\nweeks = 1\nmove = true\n", "only the last stage can be open-ended", input.ErrConflict},
		{"until nonsense", "[[stage]]\nname = \"A\"\nweeks = 1\n[[stage]]\nname = \"B\"\nmove = true\nuntil = \"forever\"\n", "not a way for a stage to end", input.ErrBadValue},
		{"negative gap", "max_gap_days = -1\n[[stage]]\nname = \"A\"\nweeks = 1\n[[stage]]\nname = \"B\"\nweeks = 1\nmove = true\n", "out of range", input.ErrOutOfRange},
		{"bad link-worker slot", "link_worker_slot = \"wednesday\"\n[[stage]]\nname = \"A\"\nweeks = 1\n[[stage]]\nname = \"B\"\nweeks = 1\nmove = true\n", "not a weekly time", input.ErrBadValue},
		{"meeting outside working hours", "[[stage]]\nname = \"A\"\nweeks = 1\n[[stage.session]]\nkind = \"meeting\"\nstart = \"18:00\"\nend = \"19:00\"\nlocation = \"x\"\n[[stage]]\nname = \"B\"\nweeks = 1\nmove = true\n", "outside working hours", input.ErrOutOfRange},
		{"gate before working hours", "[[stage]]\nname = \"A\"\nweeks = 1\n[stage.gate]\nstart = \"07:00\"\nend = \"08:00\"\nlocation = \"x\"\n[[stage]]\nname = \"B\"\nweeks = 1\nmove = true\n", "outside working hours", input.ErrOutOfRange},
		{"fallback to a meeting", withFallback("kind = \"meeting\"\nwindow = \"meeting\"\nstart = \"10:00\"\nend = \"11:00\"\n"), "cannot fall back to a meeting", input.ErrConflict},
		{"fallback kind in the wrong window", withFallback("kind = \"full_day\"\nwindow = \"after_school\"\nstart = \"16:30\"\nend = \"19:00\"\n"), "cannot use the after_school window", input.ErrConflict},
		{"bad complexity factor", "[pacing.complexity]\nhigh = 9\n[[stage]]\nname = \"A\"\nweeks = 1\n[[stage]]\nname = \"B\"\nweeks = 1\nmove = true\n", "out of range", input.ErrOutOfRange},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := ParseTemplate([]byte(tc.src), "t.toml")
			if !errors.Is(err, tc.kind) || !errors.Is(err, input.ErrInvalid) {
				t.Errorf("err = %v, want a problem of kind %q", err, tc.kind)
			}
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("err = %v, want it to say %q", err, tc.want)
			}
		})
	}
}

// withFallback is a two-stage template whose after-school session has the
// fallback table body.
func withFallback(body string) string {
	return "[[stage]]\nname = \"A\"\nweeks = 1\n[[stage.session]]\nkind = \"half_day\"\nstart = \"16:30\"\nend = \"18:00\"\nlocation = \"x\"\n" +
		"[stage.session.fallback]\n" + body + "[[stage]]\nname = \"B\"\nweeks = 1\nmove = true\n"
}

func TestParseTemplateFallback(t *testing.T) {
	tm, err := ParseTemplate([]byte(withFallback("window = \"day\"\nstart = \"10:00\"\nend = \"12:00\"\ndays = [\"sun\"]\n")), "t.toml")
	if err != nil {
		t.Fatal(err)
	}
	p := tm.Stages[0].Sessions[0]
	f := p.Fallback
	if f == nil || f.Window != WindowDay || f.Start != 10*60 || f.End != 12*60 || len(f.Days) != 1 || f.Days[0] != time.Sunday || f.Location != "x" {
		t.Errorf("fallback %+v", f)
	}
	if p.Window != WindowAfterSchool || p.Start != 16*60+30 || len(p.Days) != 0 {
		t.Errorf("the fallback changed its pattern: %+v", p)
	}
	// The problem points at the fallback's own key.
	_, err = ParseTemplate([]byte(withFallback("window = \"day\"\nstart = \"1000\"\nend = \"12:00\"\n")), "t.toml")
	var inv *input.InvalidError
	if !errors.As(err, &inv) {
		t.Fatalf("err = %v, want an *input.InvalidError", err)
	}
	if p := inv.Problems[0]; p.Line != 11 || p.ColumnName != "stage.session.fallback.start" {
		t.Errorf("problem %q at line %d (%s), want line 11 (stage.session.fallback.start)", p.Message, p.Line, p.ColumnName)
	}
}

// TestParseTemplateNewKeys: the keys issue 12 added — open-ended stages, the
// gap limit (default before the move only), the link-worker default, a
// fallback of another kind with its own activity, and joint by default.
func TestParseTemplateNewKeys(t *testing.T) {
	src := "max_gap_days = 10\nlink_worker_slot = \"thu 18:00-19:00\"\n" +
		"[[stage]]\nname = \"A\"\nweeks = 2\n" +
		"[[stage.session]]\nkind = \"full_day\"\nwindow = \"day\"\nstart = \"10:00\"\nend = \"16:00\"\nlocation = \"x\"\nactivity = \"a day out\"\n" +
		"[stage.session.fallback]\nkind = \"half_day\"\nwindow = \"after_school\"\nstart = \"16:30\"\nend = \"19:00\"\nactivity = \"an outing after school\"\n" +
		"[[stage]]\nname = \"B\"\nweeks = 1\nmove = true\n" +
		"[[stage]]\nname = \"C\"\nuntil = \"2028-06-30\"\nmax_gap_days = 21\n"
	tm, err := ParseTemplate([]byte(src), "t.toml")
	if err != nil {
		t.Fatal(err)
	}
	// The move stage takes the limit of the next stage that has one, so
	// no gap after the move falls between two limits.
	if tm.MaxGapDays != 10 || tm.Stages[0].MaxGapDays != 10 || tm.Stages[1].MaxGapDays != 21 || tm.Stages[2].MaxGapDays != 21 {
		t.Errorf("gap limits %d: %d, %d, %d; want 10: 10, 21 (the next stage's, from the move), 21", tm.MaxGapDays, tm.Stages[0].MaxGapDays, tm.Stages[1].MaxGapDays, tm.Stages[2].MaxGapDays)
	}
	// Without a later limit, none from the move on.
	noLater, err := ParseTemplate([]byte(strings.Replace(src, "max_gap_days = 21\n", "", 1)), "t.toml")
	if err != nil {
		t.Fatal(err)
	}
	if g := noLater.Stages; g[0].MaxGapDays != 10 || g[1].MaxGapDays != 0 || g[2].MaxGapDays != 0 {
		t.Errorf("gap limits without a later one: %d, %d, %d; want 10, 0, 0", g[0].MaxGapDays, g[1].MaxGapDays, g[2].MaxGapDays)
	}
	if want := (linkmatch.WeeklySlot{Day: time.Thursday, Start: 18 * 60, End: 19 * 60}); tm.LinkWorker != want {
		t.Errorf("link worker %v, want %v", tm.LinkWorker, want)
	}
	if c := tm.Stages[2]; c.Until != UntilDate || c.UntilDate != linkmatch.MustParseDate("2028-06-30") {
		t.Errorf("stage C ends by %d on %s", c.Until, c.UntilDate)
	}
	p := tm.Stages[0].Sessions[0]
	if f := p.Fallback; f == nil || f.Kind != linkmatch.KindHalfDay || f.Activity != "an outing after school" || p.Activity != "a day out" || !p.Joint {
		t.Errorf("pattern %+v, fallback %+v", p, p.Fallback)
	}
}

func TestParseTemplateUnknownKeyWarns(t *testing.T) {
	src := string(defaultTemplateTOML) + "\ncolour = \"blue\"\n"
	// A top-level key after the last table belongs to that table; either
	// way it is unknown, and a warning, not an error.
	if _, err := ParseTemplate([]byte(src), "t.toml"); err != nil {
		t.Fatal(err)
	}
}

// TestParseTemplateMisspeltKey: a key within a letter or two of one the
// table holds is refused with "did you mean", at any depth.
func TestParseTemplateMisspeltKey(t *testing.T) {
	for _, tc := range []struct{ from, to, want string }{
		{"\nmax_gap_days =", "\nmax_gap_dayz =", `did you mean max_gap_days?`},
		{"\npurpose =", "\npurpse =", `did you mean purpose?`},
		{"  per_week = 1", "  per_wek = 1", `did you mean per_week?`},
	} {
		src := strings.Replace(string(defaultTemplateTOML), tc.from, tc.to, 1)
		if src == string(defaultTemplateTOML) {
			t.Fatalf("the default template has no %s", tc.from)
		}
		_, err := ParseTemplate([]byte(src), "t.toml")
		if !errors.Is(err, input.ErrUnknownName) || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: err = %v, want %q", tc.to, err, tc.want)
		}
	}
}

func FuzzParseTemplate(f *testing.F) {
	f.Add(defaultTemplateTOML)
	f.Add([]byte(smallTemplate))
	f.Fuzz(func(t *testing.T, data []byte) {
		tm, err := ParseTemplate(data, "fuzz.toml")
		if err != nil {
			if !errors.Is(err, input.ErrInvalid) {
				t.Fatalf("error %v does not match input.ErrInvalid", err)
			}
			return
		}
		if tm.MoveStage() < 1 {
			t.Fatal("a parsed template without a move stage after the first")
		}
	})
}
