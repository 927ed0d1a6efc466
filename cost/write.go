package cost

import (
	"fmt"
	"io"
	"iter"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/linkmatch/linkmatch"
	"github.com/linkmatch/linkmatch/internal/output"
)

// costColumns returns the columns of costs.csv: INTERFACE.md's link_id,
// child_id, carer_id, date, item, quantity, rate_gbp and amount_gbp, then
// the explanation of every number: the ISO week, the retainer days, the
// round-trip miles, the carer's tier, the child's age and age band on the
// date, the effective date and source line of each rate used, the rule in
// words, the unit the line's rate and quantity are in, as rates.csv names
// units (retainer_week, half_day, full_day, overnight, staying_put_week,
// mileage_mile), and the basis: actual when the row prices what the
// timeline records as having happened, planned when it prices the plan.
// basis stays the last column, as it was before the unit came. (Before
// issue 13 the rule was in a column named basis; the words moved to rule.)
func costColumns() []string {
	return []string{
		"link_id", "child_id", "carer_id", "date", "item", "quantity", "rate_gbp", "amount_gbp",
		"week", "days", "miles", "tier", "age", "band", "effective_from", "rate_source", "rule", "unit", "basis",
	}
}

// summaryColumns returns the columns of the cost summary (--summary,
// cost-summary.csv): the scope (all, a carer or a link), the period, the
// amounts, and the budget view: links active, link-weeks, the weekly cost
// per link, the cumulative spend and notes.
func summaryColumns() []string {
	return []string{
		"scope", "scope_kind", "period_kind", "period", "period_start", "period_end",
		"amount_gbp", "retainer_gbp", "sessions_gbp", "mileage_gbp", "paid_sessions", "miles", "links",
		"active_links", "link_weeks", "weekly_cost_per_link_gbp", "cumulative_gbp", "notes",
	}
}

// statementColumns returns the columns of carer_statements.csv.
func statementColumns() []string {
	return []string{
		"carer_id", "tier", "pay_period", "period_start", "period_end", "children", "existing_links", "active_links",
		"retainer_gbp", "sessions_gbp", "paid_sessions", "mileage_gbp", "miles", "amount_gbp", "cumulative_gbp", "notes",
	}
}

// WriteCosts writes res.Rows as costs.csv, one line per priced item in the
// order of res.Rows, but a session paid at several rates (a day and a
// half, a stay paid its nights and days in care, nights paid as a day and
// a half) is one line per rate (Row.parts): every line is a quantity of one
// unit at one rates.csv rate. The rate_source column names the rates file
// and line of each rate used ("rates.csv:7"), from res.Rates.File.
func WriteCosts(w io.Writer, res *Result) error {
	cw := costWriter{c: output.NewCSV(w), res: res, weekKey: linkmatch.Date(-1 << 31), weekLabels: map[linkmatch.Date]string{}, rules: ruleMemo{}}
	cw.c.Header(costColumns()...)
	for i := range res.Rows {
		r := &res.Rows[i]
		l := &res.Links[r.Link]
		ps, n := r.parts(res.Rates)
		if n == 0 {
			cw.line(r, l, cw.rules.rule(r, l, res), unitOf(r))
			continue
		}
		for k, p := range ps[:n] {
			// The part as a row of its own: its quantity of one unit, at
			// one rate, from one rates.csv line.
			pr := *r
			pr.Quantity, pr.Rate, pr.Amount = float64(p.quantity), res.Rates.Rate(int(p.rate)).Amount, p.amount
			pr.Rates[0], pr.NRates = p.rate, 1
			cw.line(&pr, l, cw.rules.partRule(r, l, res, ps[:n], k), UnitName(p.unit))
		}
	}
	if err := cw.c.Flush(); err != nil {
		return fmt.Errorf("write costs: %w", err)
	}
	return nil
}

// costWriter writes the lines of costs.csv, keeping what repeats from one
// line to the next.
type costWriter struct {
	c          *output.CSV
	res        *Result
	b          []byte
	weekKey    linkmatch.Date
	weekLabel  string
	weekLabels map[linkmatch.Date]string
	rules      ruleMemo
}

// line writes one line of costs.csv: row r of link l, with its rule and
// the unit its rate is per.
func (cw *costWriter) line(r *Row, l *Link, rule, unit string) {
	c := cw.c
	c.String(l.ID)
	c.String(l.ChildID)
	c.String(l.CarerID)
	c.Appended(r.Date.Append)
	c.Raw(r.ItemName())
	switch {
	case r.Item == ItemRetainer, r.Kind == linkmatch.KindStayingPut && r.Days > 0:
		c.Raw(weeks(r.Days))
	case r.Item == ItemMileage:
		c.Appended(func(b []byte) []byte { return appendTenths(b, r.MilesTenths) })
	default:
		c.Int(int64(r.Quantity))
	}
	c.Appended(r.Rate.Append)
	c.Appended(r.Amount.Append)
	if mon := mondayOf(r.Date); mon != cw.weekKey {
		// Rows go link by link, each link's by date: the weeks repeat.
		label, ok := cw.weekLabels[mon]
		if !ok {
			y, w := mon.Time(time.UTC).ISOWeek()
			label = fmt.Sprintf("%04d-W%02d", y, w)
			cw.weekLabels[mon] = label
		}
		cw.weekLabel, cw.weekKey = label, mon
	}
	c.Raw(cw.weekLabel)
	if r.Item == ItemRetainer || r.Kind == linkmatch.KindStayingPut && r.Days > 0 {
		c.Int(int64(r.Days))
	} else {
		c.Raw("")
	}
	if r.Item == ItemMileage {
		c.Appended(func(b []byte) []byte { return appendTenths(b, r.MilesTenths) })
	} else {
		c.Raw("")
	}
	c.Raw(r.Tier.String())
	if l.DateOfBirth == 0 {
		c.Raw("") // an existing link: the child is not known
	} else {
		c.Int(int64(r.Age))
	}
	cw.b = writeRateSource(c, cw.b, r, cw.res.Rates, &cw.res.Payments)
	c.String(rule)
	c.Raw(unit)
	c.Raw(r.Basis.String())
	c.End()
}

// unitOf is the unit of a costs.csv line's rate and quantity, as rates.csv
// names units: retainer_week, mileage_mile, or the session's (a
// staying_put_week, a half_day, a full_day, an overnight's nights).
func unitOf(r *Row) string {
	switch r.Item {
	case ItemRetainer:
		return UnitName(UnitRetainerWeek)
	case ItemMileage:
		return UnitName(UnitMileageMile)
	}
	return UnitName(r.Kind)
}

// writeRateSource writes the band, effective_from and rate_source cells of
// one row: for a session, the age band, effective date and rates file line
// of each rate used (a day and a half uses two; a band or date shared by
// both is written once); for a retainer or a trip, the scenario.toml setting
// it comes from, or "default" when scenario.toml does not give it (pay). b
// is scratch space, returned for reuse.
func writeRateSource(c *output.CSV, b []byte, r *Row, rates *RateTable, pay *linkmatch.Payments) []byte {
	if r.Item == ItemRetainer || r.Item == ItemMileage {
		// The retainer and mileage do not depend on age: no band. From the
		// rates file when its table in force gives them, else scenario.toml.
		c.Raw("")
		if r.NRates == 0 {
			c.Raw("")
			switch {
			case r.Item == ItemRetainer && pay.RetainerDefault:
				c.Raw("default (scenario.toml sets no [payments] retainer_weekly_gbp)")
			case r.Item == ItemRetainer:
				c.Raw("scenario.toml [payments] retainer_weekly_gbp")
			case pay.MileageDefault:
				c.Raw("default (scenario.toml sets no [payments] mileage_gbp_per_mile)")
			default:
				c.Raw("scenario.toml [payments] mileage_gbp_per_mile")
			}
			return b
		}
		used := rates.Rate(int(r.Rates[0]))
		c.Raw(used.EffectiveFrom.String())
		b = append(append(append(b[:0], rates.File...), ':'), strconv.Itoa(used.Line)...)
		c.String(string(b))
		return b
	}
	var used [len(Row{}.Rates)]linkmatch.Rate
	for k := 0; k < int(r.NRates); k++ {
		used[k] = rates.Rate(int(r.Rates[k]))
	}
	b = b[:0]
	for k := 0; k < int(r.NRates); k++ {
		if slices.ContainsFunc(used[:k], func(u linkmatch.Rate) bool { return sameBand(u, used[k]) }) {
			continue
		}
		if len(b) > 0 {
			b = append(b, ';')
		}
		b = strconv.AppendInt(b, int64(used[k].AgeMin), 10)
		b = append(b, " to "...)
		b = strconv.AppendInt(b, int64(used[k].AgeMax), 10)
	}
	c.Raw(string(b))
	b = b[:0]
	for k := 0; k < int(r.NRates); k++ {
		if slices.ContainsFunc(used[:k], func(u linkmatch.Rate) bool { return u.EffectiveFrom == used[k].EffectiveFrom }) {
			continue
		}
		if len(b) > 0 {
			b = append(b, ';')
		}
		b = append(b, used[k].EffectiveFrom.String()...)
	}
	c.Raw(string(b))
	b = b[:0]
	for k := 0; k < int(r.NRates); k++ {
		if k > 0 {
			b = append(b, ';')
		}
		b = append(b, rates.File...)
		b = append(b, ':')
		b = strconv.AppendInt(b, int64(used[k].Line), 10)
	}
	c.String(string(b))
	return b
}

func sameBand(a, b linkmatch.Rate) bool { return a.AgeMin == b.AgeMin && a.AgeMax == b.AgeMax }

// ruleMemo keeps the rule of the rows whose rule depends only on the
// fields of ruleKey — trips and sessions, which repeat, link after link,
// the same few sentences — so that a national costs.csv (2.4 million
// rows; issue 15) does not build each again.
type ruleMemo map[ruleKey]string

// ruleKey is every field of a Row that rule reads for a trip or a
// session other than Staying Put.
type ruleKey struct {
	item               Item
	kind               linkmatch.SessionKind
	stay, familyBrings bool
	nRates             int8
	rates              [3]int32
	nights, full, half int16
	shared             int16
	milesTenths        int64
	rate, amount       linkmatch.Pence
	// part is 1 + the line's index for a line of a session paid at several
	// rates (Row.parts), 0 otherwise.
	part int8
}

// ruleMemoMax bounds the sentences a ruleMemo keeps.
const ruleMemoMax = 1 << 16

// rule is rule(r, l, res), from the memo when r is a trip or a session
// whose sentence has been made before.
func (m ruleMemo) rule(r *Row, l *Link, res *Result) string {
	var k ruleKey
	switch {
	case r.Item == ItemMileage:
		k = ruleKey{item: r.Item, kind: r.Kind, milesTenths: r.MilesTenths, rate: r.Rate, shared: r.Shared}
	case r.Item == ItemSession && r.Kind != linkmatch.KindStayingPut:
		k = ruleKey{item: r.Item, kind: r.Kind, stay: r.Stay, familyBrings: r.FamilyBrings, nRates: r.NRates, rates: r.Rates,
			nights: r.Nights, full: r.FullDays, half: r.HalfDays, rate: r.Rate, amount: r.Amount}
	default:
		return rule(r, l, res)
	}
	if s, ok := m[k]; ok {
		return s
	}
	s := rule(r, l, res)
	if len(m) < ruleMemoMax {
		m[k] = s
	}
	return s
}

// partRule is partRule for line k of parts, the lines of session r, from
// the memo when made before.
func (m ruleMemo) partRule(r *Row, l *Link, res *Result, parts []part, k int) string {
	key := ruleKey{item: r.Item, kind: r.Kind, stay: r.Stay, familyBrings: r.FamilyBrings, nRates: r.NRates, rates: r.Rates,
		nights: r.Nights, full: r.FullDays, half: r.HalfDays, rate: r.Rate, amount: r.Amount, part: int8(k + 1)}
	if s, ok := m[key]; ok {
		return s
	}
	s := partRule(r, res.Rates, parts[k], k, len(parts))
	if r.FamilyBrings {
		s += familyBringsWords
	}
	if len(m) < ruleMemoMax {
		m[key] = s
	}
	return s
}

// appendTenths appends a count of tenths as tenths formats it.
func appendTenths(b []byte, n int64) []byte {
	b = strconv.AppendInt(b, n/10, 10)
	b = append(b, '.')
	return strconv.AppendInt(b, n%10, 10)
}

// weeks formats days/7 to four decimals without trailing zeros: "1",
// "0.7143". The rule column gives the exact fraction.
func weeks(days int8) string {
	if days >= 0 && int(days) < len(weeksOf) {
		return weeksOf[days]
	}
	return formatWeeks(days)
}

// weeksOf holds weeks of 0 to 7 days, the days of a week's retainer.
var weeksOf = func() (w [8]string) {
	for d := range w {
		w[d] = formatWeeks(int8(d))
	}
	return w
}()

func formatWeeks(days int8) string {
	s := strconv.FormatFloat(float64(days)/7, 'f', 4, 64)
	s = strings.TrimRight(s, "0")
	return strings.TrimSuffix(s, ".")
}

// tenths formats a count of tenths as "27.3".
func tenths(n int64) string {
	return strconv.FormatInt(n/10, 10) + "." + strconv.FormatInt(n%10, 10)
}

// rule says in words how a row's amount was reached. It is read by
// finance officers and carers, so it cites no seed; the rules' sources are
// in the package documentation.
func rule(r *Row, l *Link, res *Result) string {
	rates := res.Rates
	switch r.Item {
	case ItemRetainer:
		s := "weekly retainer per child"
		if r.Days != 7 {
			s = strconv.Itoa(int(r.Days)) + " of 7 days of the weekly retainer per child, pro rata by day"
		}
		switch {
		case l.Existing:
			s += ", for a link the carer already has outside this scenario's plans"
		case l.Ends == EndOngoing && r.Date.AddDays(int(r.Days)-1) == res.To:
			s += "; the link is ongoing, costed to the end of the period"
		case l.Ends != EndOngoing && r.Date.AddDays(int(r.Days)-1) == l.End:
			s += "; the link ends on " + l.End.String() + ", " + endWhy(l)
		case l.StayingPut && r.Date.AddDays(int(r.Days)) == linkmatch.Birthday(l.DateOfBirth, adultAge):
			s += "; the retainer is paid per child, so it stops at the 18th birthday; the link continues as Staying Put"
		}
		return s
	case ItemMileage:
		s := "round trip " + tenths(r.MilesTenths) + " miles for the " + r.Kind.String() + " at £" + r.Rate.String() + " a mile"
		switch {
		case r.Shared == 1:
			s += "; one trip for this child and a sibling together (a joint session or meeting), claimed once, on this link"
		case r.Shared > 1:
			s += "; one trip for this child and " + strconv.Itoa(int(r.Shared)) + " siblings together (a joint session or meeting), claimed once, on this link"
		}
		return s
	}
	switch r.Kind {
	case linkmatch.KindStayingPut:
		s := "a week with Staying Put time, at £" + r.Rate.String() + ", the staying_put_week rate for the tier and age band: the young person is 18 or over and stays on with the carer; the allowance is weekly, so any time in the week (even one tea) is paid for the week"
		if r.Session < 0 {
			s = "a week of the Staying Put arrangement after the plan ends (it continues until it is ended, at 21 at most), at £" + r.Rate.String() + ", the staying_put_week rate for the tier and age band: one week's allowance for each week"
		}
		if r.Days > 0 && r.Days < 7 {
			s += "; " + strconv.Itoa(int(r.Days)) + " of 7 days at £" + r.Rate.String() + " a week, pro rata by day: " + partWeekWhy(r, l, res)
		}
		return s
	}
	s := sessionRule(r, rates)
	if r.FamilyBrings {
		s += familyBringsWords
	}
	return s
}

// familyBringsWords end the rule of a session for which no trip is
// claimed because the family brings and collects the child.
const familyBringsWords = "; no mileage: the family brings and collects the child (children.csv pick_up and drop_off)"

// sessionRule explains a paid session's amount: the rates used and how
// many of each.
func sessionRule(r *Row, rates *RateTable) string {
	if r.Stay {
		return stayRule(r, rates)
	}
	switch r.Kind {
	case linkmatch.KindDayAndHalf:
		full, _ := r.rateOf(rates, linkmatch.KindFullDay)
		half, _ := r.rateOf(rates, linkmatch.KindHalfDay)
		return "day and a half paid as full day " + full.Amount.String() + " + half day " + half.Amount.String()
	case linkmatch.KindOvernight:
		return count(int(r.Nights), "night") + " at " + nightWords(r, rates)
	case linkmatch.KindFullDay:
		return "full day at " + r.Rate.String() + ", the full_day rate for the tier and age band"
	}
	return "half day at " + r.Rate.String() + ", the half_day rate for the tier and age band"
}

// nightWords is what one night of r is paid: the overnight rate, or a
// full day and a half day ([payments] overnight = "day_and_half").
func nightWords(r *Row, rates *RateTable) string {
	if night, ok := r.rateOf(rates, linkmatch.KindOvernight); ok {
		return "the overnight rate " + night.Amount.String()
	}
	full, _ := r.rateOf(rates, linkmatch.KindFullDay)
	half, _ := r.rateOf(rates, linkmatch.KindHalfDay)
	return "a day and a half each (full day " + full.Amount.String() + " + half day " + half.Amount.String() + ")"
}

// stayRule explains a stay paid its nights and days in care: each count,
// its rate, and the total.
func stayRule(r *Row, rates *RateTable) string {
	var b strings.Builder
	b.WriteString("a stay paid its nights and its days in care ([payments] stay_days): ")
	b.WriteString(count(int(r.Nights), "night"))
	b.WriteString(" at ")
	b.WriteString(nightWords(r, rates))
	if r.FullDays > 0 {
		full, _ := r.rateOf(rates, linkmatch.KindFullDay)
		b.WriteString(" + " + count(int(r.FullDays), "full day") + " at " + full.Amount.String())
	}
	if r.HalfDays > 0 {
		half, _ := r.rateOf(rates, linkmatch.KindHalfDay)
		b.WriteString(" + " + count(int(r.HalfDays), "half day") + " at " + half.Amount.String())
	}
	b.WriteString(" = " + r.Amount.String())
	return b.String()
}

// count writes n and a noun, plural when n is not 1.
func count(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return strconv.Itoa(n) + " " + noun + "s"
}

// WriteSummary writes summary rows (Result.Summary) as CSV: the --summary
// file of "linkmatch cost" and the demo's cost-summary.csv.
func WriteSummary(w io.Writer, rows []SummaryRow) error {
	return writeSummary(w, func(yield func(*SummaryRow) bool) {
		_ = yieldAll(rows, yield)
	})
}

// WriteSummaryOf writes the summary of res by DefaultPeriods, the rows of
// Result.Summary, as WriteSummary does, making each row as it is written
// (SummaryRows) rather than reading res.Summary: a run's cost-summary.csv
// without the 430 MB a national summary holds (issue 15).
func WriteSummaryOf(w io.Writer, res *Result) error {
	return writeSummary(w, SummaryRows(res, DefaultPeriods()))
}

func writeSummary(w io.Writer, rows iter.Seq[*SummaryRow]) error {
	c := output.NewCSV(w)
	c.Header(summaryColumns()...)
	for s := range rows {
		c.String(s.Scope)
		c.Raw(s.ScopeKind.String())
		c.Raw(s.Kind.String())
		c.Raw(s.Period)
		c.Appended(s.Start.Append)
		c.Appended(s.End.Append)
		c.Appended(s.Amount.Append)
		c.Appended(s.Retainer.Append)
		c.Appended(s.Sessions.Append)
		c.Appended(s.Mileage.Append)
		c.Int(int64(s.PaidSessions))
		c.Appended(func(b []byte) []byte { return appendTenths(b, s.MilesTenths) })
		c.Int(int64(s.Links))
		c.Int(int64(s.ActiveLinks))
		c.Float(float64(s.ActiveDays)/7, 2) // link-weeks to two decimals: 30 days "4.29"
		if p, ok := s.WeeklyPerLink(); ok {
			c.Appended(p.Append)
		} else {
			c.Raw("")
		}
		c.Appended(s.Cumulative.Append)
		c.String(s.Notes)
		c.End()
	}
	if err := c.Flush(); err != nil {
		return fmt.Errorf("write cost summary: %w", err)
	}
	return nil
}

// WriteStatements writes carer_statements.csv: for each carer, what they
// will be paid in each 4-weekly pay period of the costing (the carer and
// pay period rows of the summary, made from res.Rows as they are written,
// so res.Summary need not be held): the children they are linked with,
// the retainers, sessions and mileage, and the running total. A pay period
// in which a carer has nothing to be paid and no active link is left out.
func WriteStatements(w io.Writer, res *Result) error {
	tier := map[string]linkmatch.Tier{}
	for i := range res.Links {
		tier[res.Links[i].CarerID] = res.Links[i].Tier
	}
	c := output.NewCSV(w)
	c.Header(statementColumns()...)
	// A carer's pay periods do not depend on the other kinds of period.
	z := newSummariser(res, []PeriodKind{PeriodPayPeriod})
	for s := range func(yield func(*SummaryRow) bool) { z.carers(yield) } {
		c.String(s.Scope)
		c.Raw(tier[s.Scope].String())
		c.Raw(s.Period)
		c.Appended(s.Start.Append)
		c.Appended(s.End.Append)
		c.String(strings.Join(s.Children, ";"))
		c.Int(int64(s.Existing))
		c.Int(int64(s.ActiveLinks))
		c.Appended(s.Retainer.Append)
		c.Appended(s.Sessions.Append)
		c.Int(int64(s.PaidSessions))
		c.Appended(s.Mileage.Append)
		c.Appended(func(b []byte) []byte { return appendTenths(b, s.MilesTenths) })
		c.Appended(s.Amount.Append)
		c.Appended(s.Cumulative.Append)
		c.String(s.Notes)
		c.End()
	}
	if err := c.Flush(); err != nil {
		return fmt.Errorf("write carer statements: %w", err)
	}
	return nil
}

// partWeekWhy says why a staying_put_week row is paid for part of its
// week: the arrangement begins on the 18th birthday, or the link ends, that
// week, or the costing period covers only part of it.
func partWeekWhy(r *Row, l *Link, res *Result) string {
	mon := mondayOf(r.Date)
	sun := mon.AddDays(6)
	switch b18 := linkmatch.Birthday(l.DateOfBirth, adultAge); {
	case b18 > mon && b18 <= sun:
		return "the arrangement begins on the 18th birthday, " + b18.String()
	case l.End >= mon && l.End < sun:
		return "the link ends on " + l.End.String() + ", " + endWhy(l)
	case res.From > mon || res.To < sun:
		return "the costing period covers only part of the week"
	}
	return "the arrangement is in force only part of the week"
}
