package scenarios

import (
	"github.com/linkmatch/linkmatch/internal/english"
	"slices"
	"strings"

	"github.com/linkmatch/linkmatch"
	"github.com/linkmatch/linkmatch/input"
	"github.com/linkmatch/linkmatch/internal/table"
)

var childrenSpec = table.Spec{
	Required: []string{"id", "date_of_birth", "home_authority"},
	Optional: append([]string{"lon", "needs", "complexity", "overnight", "sibling_group", "known_adults",
		"home_name", "preferences", "exclusions", "last_review",
		"staying_put", "link_worker_slot", "move_lat", "move_lon", "move_postcode"}, childBreakColumns...),
	OneOf: [][]string{{"lat", "postcode"}},
	Name:  "children",
}

// adultAge: the scheme is for children in care; at 18 a young person
// leaves care (Children Act 1989), so a child must be under 18 on the
// reference date. A link may continue past a later 18th birthday only as a
// Staying Put arrangement the child's row asks for (staying_put).
const adultAge = 18

func toLowerTrim(s string) string { return strings.ToLower(strings.TrimSpace(s)) }

// loadChildren reads children.csv (INTERFACE.md). Rows with an error are
// left out of the scenario; every error is reported.
func (l *loader) loadChildren(rel string) {
	spec := childrenSpec
	if l.s.Scheme == linkmatch.SchemeShortBreaks {
		spec.Guarded, spec.GuardedBy = agreementColumns, "the written agreements"
	}
	r := l.open(rel, spec)
	if r == nil {
		return
	}
	l.schemeColumn(r, "breaks", "the short breaks each child is assessed for, for example 2 after_school + 1 overnight per month")
	hint := r.RowsHint()
	l.s.Children = slices.Grow(l.s.Children, hint)
	l.childRows = slices.Grow(l.childRows, hint)
	if len(l.allChildIDs) == 0 {
		l.allChildIDs = make(map[string]bool, hint)
	}
	seen := make(table.Seen, hint)
	rows := 0
	for r.Next() {
		rows++
		rp := capture(r, "id", "home_authority", "sibling_group", "known_adults", "needs")
		id, ok := r.Required("id", "give every child an id, such as C001 (never a name)")
		ok = ok && seen.First(r, "id", id, "id", "give each child a different id")
		if id != "" {
			l.allChildIDs[id] = true
		}
		c, good := l.readChild(r, id)
		if ok && good {
			l.s.Children = append(l.s.Children, c)
			l.childRows = append(l.childRows, rp)
		}
	}
	if rows == 0 && r.NoRows() {
		r.Problems.Fail(input.ErrMissingValue, r.File, 0, 0, "", "add one row per child below the header", "the file has no children")
	}
}

// readChild reads the current row of children.csv after its id, reporting
// every problem; ok is false when there was one.
func (l *loader) readChild(r *table.Reader, id string) (c linkmatch.Child, ok bool) {
	c = linkmatch.Child{ID: id}
	ok = l.readChildDates(r, &c)
	var good bool
	c.HomeAuthority, good = r.Required("home_authority", "name the council responsible for the child, for example Somerset")
	ok = ok && good

	c.Lat, c.Lon, c.Postcode, good = l.readLocation(r)
	ok = ok && good

	c.Needs = r.List("needs", true)
	if bad := l.unknownNeeds(c.Needs); len(bad) > 0 {
		r.Fail(input.ErrUnknownName, "needs", "use needs from the vocabulary ("+strings.Join(l.needNames(), ", ")+"), or add a row to needs.csv",
			"unknown need%s %s", plural(len(bad)), quoteList(bad))
		ok = false
	}
	cx, good := r.Enum("complexity", linkmatch.ComplexityNames(), linkmatch.ComplexityMedium.String())
	c.Complexity, _ = linkmatch.ParseComplexity(cx)
	ok = ok && good
	c.Overnight, good = r.YesNo("overnight", false)
	ok = ok && good
	c.SiblingGroup = r.Get("sibling_group")
	if c.SiblingGroup != "" {
		l.siblingCounts[c.SiblingGroup]++
	}
	c.KnownAdults = r.List("known_adults", false)
	c.HomeName = r.Get("home_name")
	c.Preferences = r.List("preferences", true)
	if ex, err := parseExclusions(r.Get("exclusions")); err != nil {
		r.Fail(input.ErrBadValue, "exclusions", "separate zones with ; and write each as authority:NAME or circle:LAT,LON,KM (quote the cell, since it holds commas)", "%v", err)
		ok = false
	} else {
		c.Exclusions = ex
	}
	good = l.readChildPlan(r, &c)
	ok = ok && good
	good = l.readChildBreaks(r, &c)
	return c, ok && good
}

// readChildPlan reads the optional columns the step-down plan uses:
// staying_put, link_worker_slot and the long-term placement's location
// (move_lat and move_lon, or move_postcode).
func (l *loader) readChildPlan(r *table.Reader, c *linkmatch.Child) bool {
	ok := true
	var good bool
	c.StayingPut, good = r.YesNo("staying_put", false)
	ok = ok && good
	if v := r.Get("link_worker_slot"); v != "" {
		slot, err := linkmatch.ParseWeeklySlot(v)
		if err != nil {
			r.Fail(input.ErrBadValue, "link_worker_slot", "write the day and times of the child's weekly link-worker session, for example tue 17:30-18:30, or leave it empty for the plan's default", "%v", err)
			ok = false
		}
		c.LinkWorker = slot
	}
	c.MoveLat, c.MoveLon, c.MovePostcode, c.HasMove, good = l.readPlace(r, "move_", false)
	return ok && good
}

// readChildDates reads date_of_birth and last_review and checks them
// against the scenario's reference date (plan start, else today).
func (l *loader) readChildDates(r *table.Reader, c *linkmatch.Child) bool {
	dob, _, ok := r.Date("date_of_birth", true)
	c.DateOfBirth = dob
	if ok && l.today != 0 {
		switch {
		case dob > l.today:
			r.Fail(input.ErrOutOfRange, "date_of_birth", "check the date; it must be on or before "+l.today.String(),
				"the date of birth is after %s", l.refName())
			ok = false
		case linkmatch.AgeOn(dob, l.today) >= adultAge:
			r.Fail(input.ErrOutOfRange, "date_of_birth", "link care is for children under 18; remove this young person or check the date",
				"the child is %d on %s", linkmatch.AgeOn(dob, l.today), l.refName())
			ok = false
		}
	}
	last, present, good := r.Date("last_review", false)
	c.LastReview = last
	if present && good {
		if last < dob && ok {
			r.Fail(input.ErrConflict, "last_review", "check the date", "the last review %s is before the date of birth", last)
			good = false
		} else if l.today != 0 && last > l.today {
			r.Warn(input.ErrOutOfRange, "last_review", "check the date; a last review is normally in the past", "the last review is after %s", l.refName())
		}
	}
	return ok && good
}

// refName names the reference date in messages.
func (l *loader) refName() string {
	if l.s.Plan.Start != 0 && l.s.Plan.Start == l.today {
		return "the plan start " + l.today.String()
	}
	return "today (" + l.today.String() + ")"
}

func (l *loader) unknownNeeds(needs []string) []string {
	var bad []string
	for _, n := range needs {
		if _, ok := l.needs[n]; !ok {
			bad = append(bad, n)
		}
	}
	return bad
}

func (l *loader) needNames() []string {
	out := make([]string, 0, len(l.needs))
	for _, n := range l.s.Needs {
		out = append(out, n.Name)
	}
	return out
}

func plural(n int) string { return english.S(n) }

func quoteList(xs []string) string {
	q := make([]string, len(xs))
	for i, x := range xs {
		q[i] = `"` + x + `"`
	}
	return strings.Join(q, ", ")
}

// sortedKeys returns m's keys in order, for deterministic messages.
func sortedKeys[V any](m map[string]V) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	slices.Sort(out)
	return out
}
