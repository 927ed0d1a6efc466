package plan

import (
	"fmt"
	"strings"
	"unicode"

	"github.com/linkmatch/linkmatch"
)

// Visible returns s with every character a printed page would not show
// written out as [U+XXXX]: bidirectional controls (U+202A–U+202E,
// U+2066–U+2069, the marks U+200E, U+200F and U+061C), zero-width and
// other format characters (Unicode category Cf, U+FEFF included), and
// control characters other than tab and newline. Text from input files
// reaches a written agreement that a family and a carer sign; a
// right-to-left override in a child's pick-up note, say, could make the
// printed words read differently from the stored ones (the "Trojan
// Source" class of spoofing, CVE-2021-42574). Showing the characters keeps
// what is signed what is stored (issue 17).
func Visible(s string) string {
	if !strings.ContainsFunc(s, hidden) {
		return s
	}
	var b strings.Builder
	for _, r := range s {
		if hidden(r) {
			fmt.Fprintf(&b, "[U+%04X]", r)
		} else {
			b.WriteRune(r)
		}
	}
	return b.String()
}

// hidden reports whether r prints as nothing, or reorders what follows.
func hidden(r rune) bool {
	if r == '\t' || r == '\n' {
		return false
	}
	return unicode.Is(unicode.Cf, r) || unicode.IsControl(r) || r == unicode.ReplacementChar
}

// visibleAgreement returns a copy of a with every string that comes from
// input passed through Visible.
func visibleAgreement(a *Agreement) *Agreement {
	c := *a
	c.LinkID, c.ChildID, c.CarerID = Visible(a.LinkID), Visible(a.ChildID), Visible(a.CarerID)
	c.PickUp, c.DropOff, c.Medication, c.Equipment = Visible(a.PickUp), Visible(a.DropOff), Visible(a.Medication), Visible(a.Equipment)
	c.Activities = visibleAll(a.Activities)
	c.Shortfalls = visibleAll(a.Shortfalls)
	c.Terms = make([]AgreedBreak, len(a.Terms))
	for i, t := range a.Terms {
		t.Kind, t.Activity, t.Location, t.Usual = Visible(t.Kind), Visible(t.Activity), Visible(t.Location), Visible(t.Usual)
		t.PickUp, t.DropOff = Visible(t.PickUp), Visible(t.DropOff)
		c.Terms[i] = t
	}
	c.Others = make([]OtherCarer, len(a.Others))
	for i, o := range a.Others {
		o.LinkID, o.CarerID = Visible(o.LinkID), Visible(o.CarerID)
		c.Others[i] = o
	}
	c.FirstMonths = make([]linkmatch.Session, len(a.FirstMonths))
	for i, s := range a.FirstMonths {
		s.Activity, s.Location, s.Notes = Visible(s.Activity), Visible(s.Location), Visible(s.Notes)
		c.FirstMonths[i] = s
	}
	return &c
}

func visibleAll(xs []string) []string {
	if xs == nil {
		return nil
	}
	out := make([]string, len(xs))
	for i, x := range xs {
		out[i] = Visible(x)
	}
	return out
}
