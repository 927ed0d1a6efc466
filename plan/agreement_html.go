package plan

import (
	_ "embed" // the agreement's HTML template is embedded data
	"html/template"
	"io"
	"strconv"
	"strings"

	"github.com/linkmatch/linkmatch"
)

//go:embed defaults/agreement.html
var agreementHTML string

// AgreementMarker is in the head of every agreement page linkmatch writes
// (its generator meta tag): a later plan or run removes a page of a link
// no longer planned only when it holds the marker, so a page a person
// wrote or renamed to agreement-….html is never deleted.
const AgreementMarker = `<meta name="generator" content="linkmatch written agreement">`

// WriteAgreementHTML writes one link's written agreement as a printable,
// self-contained HTML page (no scripts, no links to other files; styles
// inline, with print rules): the breaks agreed, the practical details, the
// dates and reviews, the planned dates of the first three months, anything
// the plan could not fit, and lines for signatures. scenario names the
// scheme at the top. Every value is escaped by html/template, so text from
// input files can never become markup, and characters a printed page would
// not show (bidirectional controls, zero-width characters) are written out
// as [U+XXXX] (Visible), so the words signed are the words stored. Kinds
// of break are in plain words ("after school").
func WriteAgreementHTML(w io.Writer, a *Agreement, scenario string) error {
	t, err := template.New("agreement").Funcs(template.FuncMap{
		"longDate": longDate,
		"join":     func(xs []string) string { return strings.Join(xs, ", ") },
		"plain":    PlainKind,
		"breaks":   PlainBreaks,
	}).Parse(agreementHTML)
	if err != nil {
		return err // the embedded template is checked by tests
	}
	v := visibleAgreement(a)
	return t.Execute(w, struct {
		A        *Agreement
		Terms    []AgreedBreak
		Scenario string
	}{v, sortedTerms(v.Terms), Visible(scenario)})
}

// longDate writes a date as people read it: "Tuesday 2 February 2027";
// "not planned" for none.
func longDate(d linkmatch.Date) string {
	if d == 0 {
		return "not planned"
	}
	y, m, day := d.Civil()
	return d.Weekday().String() + " " + strconv.Itoa(day) + " " + m.String() + " " + strconv.Itoa(y)
}
