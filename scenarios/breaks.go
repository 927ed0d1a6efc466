package scenarios

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"regexp"
	"slices"
	"strings"

	"github.com/linkmatch/linkmatch"
	"github.com/linkmatch/linkmatch/input"
	"github.com/linkmatch/linkmatch/internal/inputfile"
	"github.com/linkmatch/linkmatch/internal/table"
)

// This file reads what Family Link short breaks (seed 002, issue 17) add to
// a scenario: the template, checked against the scenario's scheme; each
// child's assessed breaks and the practical details of their written
// agreement; each carer's offer; and every carer's approval status, which
// all schemes share.

// maxCarersPerChild: one carer per child wherever possible, a second only
// when one cannot give the whole entitlement (issue 17).
const maxCarersPerChild = 2

// Bounds on a carer's offer: sanity bounds that catch typos, not policy.
const (
	// maxSessionsPerMonth: two sessions a day, every day, is more than any
	// Family Link carer offers (seed 002: "several sessions per week").
	maxSessionsPerMonth = 62
	// maxPerWeek: two sessions a day for a week.
	maxPerWeek = 14
	// maxNightsPerMonth: every night of a month.
	maxNightsPerMonth = 31
)

// Columns of children.csv and carers.csv for short breaks and approval.
var (
	childBreakColumns = []string{"breaks", "activities", "pick_up", "drop_off", "medication", "equipment"}
	// agreementColumns are the children.csv columns a short-breaks
	// written agreement prints (plan.Agreement).
	agreementColumns  = []string{"activities", "pick_up", "drop_off", "medication", "equipment"}
	carerBreakColumns = []string{"status", "approval_expected", "sessions_per_month", "most_per_week", "overnights_per_month", "break_kinds"}
)

// TemplateInfo is what loading needs of a stage template: its name and
// scheme, and its kinds of break — which kinds it offers, how many nights
// each keeps a child away, and whether a carer's availability can ever
// hold one. Package plan's templates provide it (plan.TemplateInfo); the
// caller passes a TemplateReader in LoadOptions, so this package need not
// import plan.
type TemplateInfo interface {
	Name() string
	Scheme() linkmatch.Scheme
	BreakNames() []string
	BreakNights(kind string) (nights int, ok bool)
	BreakFits(kind string, a linkmatch.Availability) bool
}

// TemplateReader parses a stage template: data, named display in
// problems, or, when data is nil, the built-in template of scheme.
// Problems are an *input.InvalidError.
type TemplateReader func(data []byte, display string, scheme linkmatch.Scheme) (TemplateInfo, error)

// loadTemplate reads the template scenario.toml names, or takes the
// scheme's built-in one, and checks that it plans the scenario's scheme: a
// short-breaks scenario whose template has a move stage is refused at the
// template's move line (the child lives at home; there is no move), and a
// step-down scenario with a short-breaks template at scenario.toml's
// template line. Without a reader (LoadOptions.Templates) only the file's
// presence is checked.
func (l *loader) loadTemplate(rel, tomlDisplay string, at keyPos) {
	var data []byte
	display := ""
	if rel != "" {
		var err error
		data, display, err = l.read(rel, inputfile.TOML)
		if err != nil {
			l.fileProblem(rel, display, err)
			return
		}
		l.s.Texts.Template = data
	}
	if l.templates == nil {
		return
	}
	t, err := l.templates(data, display, l.s.Scheme)
	var inv *input.InvalidError
	switch {
	case errors.As(err, &inv):
		for _, p := range inv.Problems {
			l.ps.Add(p)
		}
	case err != nil:
		l.ps.Fail(input.ErrMalformed, display, 0, 0, "", "check the template", "%v", err)
	}
	switch {
	case err != nil && l.s.Scheme == linkmatch.SchemeShortBreaks:
		// A short-breaks template that says so reports its move stage
		// itself; one that does not (a step-down template with errors) is
		// told here, once.
		if line, col, ok := moveLine(data); ok && !movesReported(inv) {
			l.ps.Fail(input.ErrConflict, display, line, col, "stage.move", "a short-breaks template has no move: remove move = true, and start from the built-in short-breaks template (plan/defaults/short_breaks.toml)",
				"the scenario is for short breaks, but its template has a move stage")
		}
	case err != nil:
	case l.s.Scheme == linkmatch.SchemeShortBreaks && t.Scheme() != linkmatch.SchemeShortBreaks:
		line, col, _ := moveLine(data)
		l.ps.Fail(input.ErrConflict, display, line, col, "stage.move", `the child lives at home in short breaks: use a short-breaks template (scheme = "short_breaks", with kinds of break and no move)`,
			"the scenario is for short breaks, but its template has a move stage")
	case l.s.Scheme == linkmatch.SchemeStepDown && t.Scheme() == linkmatch.SchemeShortBreaks && l.schemeBad:
		// scenario.toml's scheme is misspelt, which is reported: the
		// template is left unused, without blaming it for the typo.
	case l.s.Scheme == linkmatch.SchemeStepDown && t.Scheme() == linkmatch.SchemeShortBreaks:
		l.ps.Fail(input.ErrConflict, tomlDisplay, at.line, at.col, "template", `add scheme = "short_breaks" to scenario.toml, or name a step-down template`,
			"the template %s is for short breaks, but the scenario is step-down", rel)
	default:
		l.s.Template = t
	}
}

// moveRE finds a stage's move = true in a template's text.
var moveRE = regexp.MustCompile(`^\s*move\s*=\s*true\b`)

// moveLine returns the place of the first "move = true" in a template.
func moveLine(data []byte) (line, col int, ok bool) {
	sc := bufio.NewScanner(bytes.NewReader(data))
	for n := 1; sc.Scan(); n++ {
		text := sc.Text()
		if moveRE.MatchString(text) {
			return n, len(text) - len(strings.TrimLeft(text, " \t")) + 1, true
		}
	}
	return 0, 0, false
}

// shortBreaks reports whether the scenario plans short breaks with a
// usable template.
func (l *loader) shortBreaks() bool {
	return l.s.Scheme == linkmatch.SchemeShortBreaks && l.s.Template != nil
}

// schemeColumn checks, in a short-breaks scenario, that the header of r
// has col, which the scheme requires: when it has not, that is one problem
// at the header (line 1), and the rows are not each blamed for it.
func (l *loader) schemeColumn(r *table.Reader, col, hint string) {
	if l.s.Scheme != linkmatch.SchemeShortBreaks || r.Has(col) {
		return
	}
	if l.missingCols == nil {
		l.missingCols = map[string]bool{}
	}
	l.missingCols[col] = true
	r.Problems.Fail(input.ErrMissingColumn, r.File, 1, 0, col, "add a column headed "+col+": "+hint,
		"the column %q is required in a short-breaks scenario (scheme = \"short_breaks\") but missing", col)
}

// readChildBreaks reads the short-breaks columns of a child's row: the
// assessed breaks (required in a short-breaks scenario; every kind one the
// template offers) and the written agreement's practical details.
func (l *loader) readChildBreaks(r *table.Reader, c *linkmatch.Child) bool {
	c.Activities = r.List("activities", false)
	c.PickUp, c.DropOff = r.Get("pick_up"), r.Get("drop_off")
	c.Medication, c.Equipment = r.Get("medication"), r.Get("equipment")
	text := r.Get("breaks")
	if l.s.Scheme != linkmatch.SchemeShortBreaks {
		if text != "" && !l.schemeBad {
			r.Warn(input.ErrConflict, "breaks", `it is ignored: breaks belong to short-breaks scenarios (scheme = "short_breaks")`, "breaks are given in a step-down scenario")
		}
		return true
	}
	example := "for example 2 after_school + 1 overnight per month"
	if t := l.s.Template; t != nil && len(t.BreakNames()) > 0 {
		example = "for example 2 " + t.BreakNames()[0] + " per month"
	}
	if l.missingCols["breaks"] {
		return false // reported once, at the header
	}
	if text == "" {
		r.Fail(input.ErrMissingValue, "breaks", "give the short breaks the child is assessed for, "+example, "the child has no breaks")
		return false
	}
	bs, err := linkmatch.ParseBreaks(text)
	if err != nil {
		r.Fail(input.ErrBadValue, "breaks", "write NUMBER KIND terms joined by +, then per month, "+example, "%v", err)
		return false
	}
	c.Breaks = bs
	if !l.shortBreaks() {
		return true // the template is wrong, and reported
	}
	var unknown []string
	for _, b := range bs {
		if !l.offers(b.Kind) {
			unknown = append(unknown, b.Kind)
		}
	}
	if len(unknown) > 0 {
		r.Fail(input.ErrUnknownName, "breaks", "use the kinds of break the template offers: "+strings.Join(l.s.Template.BreakNames(), ", "),
			"the template does not offer %s", quoteList(unknown))
		return false
	}
	return true
}

// readCarerStatus reads a carer's approval: status (approved, the default,
// or in_assessment) and approval_expected, the date a carer in assessment
// expects the panel's approval (required for them; seed 002: the
// assessment "will take between four to six months").
func (l *loader) readCarerStatus(r *table.Reader, c *linkmatch.Carer) bool {
	st, ok := r.Enum("status", linkmatch.CarerStatusNames(), linkmatch.StatusApproved.String())
	c.Status, _ = linkmatch.ParseCarerStatus(st)
	d, present, good := r.Date("approval_expected", false)
	ok = ok && good
	c.ApprovalExpected = d
	switch {
	case !ok:
	case c.Status == linkmatch.StatusInAssessment && !present:
		col := "approval_expected"
		if _, at := r.Pos(col); at == 0 {
			col = "status" // the column is missing altogether
		}
		r.Fail(input.ErrMissingValue, col, "give the date the fostering panel is expected to approve the carer (approval_expected, YYYY-MM-DD), so the link can start after it",
			"the carer is in assessment but has no expected approval date")
		return false
	case c.Status == linkmatch.StatusApproved && present:
		r.Warn(input.ErrConflict, "approval_expected", "it is ignored for an approved carer; set status = in_assessment if the carer is still being assessed",
			"an approved carer has an expected approval date")
		c.ApprovalExpected = 0
	case present && l.today != 0 && d <= l.today:
		r.Warn(input.ErrOutOfRange, "approval_expected", "check the date: the carer is treated as approved from the start", "the expected approval %s is not after %s", d, l.refName())
	}
	return ok
}

// readOffer reads what a carer offers a short-breaks scheme: sessions a
// month (required), most a week (default: no weekly limit beyond the
// month), nights a month (default 0) and the kinds of break (default: every
// kind the template offers).
func (l *loader) readOffer(r *table.Reader, c *linkmatch.Carer) bool {
	if l.s.Scheme != linkmatch.SchemeShortBreaks {
		for _, col := range carerBreakColumns[2:] {
			if l.schemeBad {
				break // the scheme is misspelt: that is the problem to report
			}
			if r.Get(col) != "" {
				r.Warn(input.ErrConflict, col, `it is ignored: a carer's offer of short breaks belongs to short-breaks scenarios (scheme = "short_breaks")`, "%s is given in a step-down scenario", col)
				break
			}
		}
		return true
	}
	o := &c.Offer
	if l.missingCols["sessions_per_month"] {
		return false // reported once, at the header
	}
	_, ok := r.Required("sessions_per_month", "give how many sessions a month the carer offers, for example 4 (seed 002: from one or two a month to several a week)")
	var good bool
	o.SessionsPerMonth, good = r.Int("sessions_per_month", 0, 1, maxSessionsPerMonth, fmt.Sprintf("give whole sessions a month, 1 to %d", maxSessionsPerMonth))
	ok = ok && good
	o.MostPerWeek, good = r.Int("most_per_week", min(o.SessionsPerMonth, maxPerWeek), 1, maxPerWeek, fmt.Sprintf("give the most sessions the carer offers in one week, 1 to %d", maxPerWeek))
	ok = ok && good
	o.OvernightsPerMonth, good = r.Int("overnights_per_month", 0, 0, maxNightsPerMonth, fmt.Sprintf("give the nights a month the carer offers, 0 to %d", maxNightsPerMonth))
	ok = ok && good
	o.Kinds = r.List("break_kinds", true)
	if !ok || !l.shortBreaks() {
		return ok
	}
	var unknown []string
	overnightKind := ""
	for _, k := range o.Kinds {
		nights, offered := l.s.Template.BreakNights(k)
		switch {
		case !offered:
			unknown = append(unknown, k)
		case nights > 0 && overnightKind == "":
			overnightKind = k
		}
	}
	switch {
	case len(unknown) > 0:
		r.Fail(input.ErrUnknownName, "break_kinds", "use the kinds of break the template offers: "+strings.Join(l.s.Template.BreakNames(), ", "),
			"the template does not offer %s", quoteList(unknown))
		return false
	case overnightKind != "" && o.OvernightsPerMonth == 0:
		r.Fail(input.ErrConflict, "overnights_per_month", "give the nights a month the carer offers, or remove the overnight kinds from break_kinds",
			"the carer offers %s breaks but no nights a month", overnightKind)
		return false
	case o.OvernightsPerMonth > 0 && c.Bedrooms == 0 && r.Get("bedrooms") != "":
		r.Fail(input.ErrConflict, "overnights_per_month", "an overnight stay needs a spare bedroom: check bedrooms or overnights_per_month",
			"the carer offers %d nights a month but has no spare bedroom", o.OvernightsPerMonth)
		return false
	case o.MostPerWeek > o.SessionsPerMonth:
		r.Warn(input.ErrConflict, "most_per_week", "the month's sessions limit the week anyway", "%d a week is more than the %d sessions a month", o.MostPerWeek, o.SessionsPerMonth)
	}
	o.Kinds = l.usableKinds(r, c)
	if r.Get("overnight") == "" {
		c.Overnight = o.OvernightsPerMonth > 0
	}
	if c.Overnight && c.Bedrooms == 0 && r.Get("bedrooms") == "" {
		c.Bedrooms = 1 // the carer offers nights: at least the one bedroom a stay needs
	}
	return true
}

// usableKinds returns the kinds of break a carer offers that their
// availability can hold (plan.BreakKind.FitsAvailability): a day out needs
// a free day, an after-school break a free weekday evening. A kind the row
// lists but the availability cannot hold is left out with a warning, so
// that matching never gives a carer breaks they can never plan.
func (l *loader) usableKinds(r *table.Reader, c *linkmatch.Carer) []string {
	listed := c.Offer.Kinds != nil
	kinds := c.Offer.Kinds
	if !listed {
		kinds = l.s.Template.BreakNames()
	}
	usable := []string{}
	var left []string
	for _, k := range kinds {
		switch {
		case l.s.Template.BreakFits(k, c.Availability):
			usable = append(usable, k)
		case listed:
			left = append(left, k)
		}
	}
	if len(left) > 0 {
		r.Warn(input.ErrConflict, "break_kinds", "they are left out: widen availability, or remove them from break_kinds",
			"the carer's availability (%s) has no time for %s breaks", strings.Join(c.Availability.Words(), ";"), quoteList(left))
	}
	return usable
}

// offers reports whether the scenario's template offers kind.
func (l *loader) offers(kind string) bool {
	_, ok := l.s.Template.BreakNights(kind)
	return ok
}

// movesReported says whether the template's own problems already name a
// move stage.
func movesReported(inv *input.InvalidError) bool {
	if inv == nil {
		return false
	}
	return slices.ContainsFunc(inv.Problems, func(p input.Problem) bool { return p.ColumnName == "stage.move" })
}
