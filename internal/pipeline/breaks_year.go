package pipeline

import (
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"

	"github.com/linkmatch/linkmatch"
	"github.com/linkmatch/linkmatch/input"
	"github.com/linkmatch/linkmatch/internal/output"
	"github.com/linkmatch/linkmatch/match"
	"github.com/linkmatch/linkmatch/plan"
)

// PlannedYear is what one child's plan gives over its first year against
// what the child is assessed for (issue 17: entitlement.csv said what
// matching met a month, not what the year's plan holds): Due is the
// child's assessed breaks a month times twelve, Planned the agreed breaks
// planned with all their carers in the twelve months from the plan start,
// and Reason why Planned is less, in plain words ("" when it is not).
type PlannedYear struct {
	ChildID      string
	Planned, Due int
	Reason       string
}

// Share is Planned as a whole percentage of Due (100 when nothing is due).
func (y PlannedYear) Share() int {
	if y.Due == 0 {
		return 100
	}
	return (200*y.Planned + y.Due) / (2 * y.Due)
}

// PlannedYears says, for each child of shares (a short-breaks result's, in
// its order), the breaks planned in the year from start (sessions of each
// link's agreed breaks: its paid sessions from its first agreed break,
// as the written agreement gives it) against the year's due, with why
// fewer: breaks no carer gives, Introductions (and a carer's approval)
// before the first break, months the plan left short (plan_warnings.csv),
// the end of children's breaks at 18, and a plan that ends sooner.
func PlannedYears(shares []match.BreakShare, planned *plan.Result, agreements []plan.Agreement, start, horizon linkmatch.Date) []PlannedYear {
	yearEnd := start.AddMonths(12)
	byChild := map[string][]*plan.Agreement{}
	for i := range agreements {
		a := &agreements[i]
		byChild[a.ChildID] = append(byChild[a.ChildID], a)
	}
	count := countYearBreaks(planned.Sessions, agreements, start, yearEnd)
	sf := yearShortfalls(planned.Warnings, yearEnd)
	out := make([]PlannedYear, 0, len(shares))
	for _, sh := range shares {
		y := PlannedYear{ChildID: sh.ChildID, Planned: count[sh.ChildID], Due: 12 * sh.Entitled}
		if y.Planned < y.Due {
			y.Reason = strings.Join(sf.whyFewer(sh, byChild[sh.ChildID], start, horizon, yearEnd), "; ")
		}
		out = append(out, y)
	}
	return out
}

// countYearBreaks counts each child's agreed breaks in sessions between
// start and yearEnd: paid sessions of a link from its first agreed break.
func countYearBreaks(sessions []linkmatch.Session, agreements []plan.Agreement, start, yearEnd linkmatch.Date) map[string]int {
	first := map[string]linkmatch.Date{}
	for _, a := range agreements {
		first[a.LinkID] = a.FirstBreak
	}
	count := map[string]int{}
	for i := range sessions {
		// A re-plan keeps what was recorded: a break cancelled, or moved
		// with no new date, is not one the year holds.
		s, ok := sessions[i].Occurs()
		if fb := first[s.LinkID]; ok && fb != 0 && s.Kind.Paid() && s.Date >= fb && s.Date >= start && s.Date < yearEnd {
			count[s.ChildID]++
		}
	}
	return count
}

// shortfalls holds, by child, what the plan's warnings say of the year:
// breaks short in months the carers' time was taken, breaks short in
// months with breaks recorded as cancelled or moved, and the day
// children's breaks end at 18.
type shortfalls struct {
	short, recorded map[string]int
	ends            map[string]linkmatch.Date
}

// yearShortfalls reads the shortfalls of the year ending before yearEnd
// from a plan's warnings.
func yearShortfalls(warnings []plan.Warning, yearEnd linkmatch.Date) shortfalls {
	sf := shortfalls{short: map[string]int{}, recorded: map[string]int{}, ends: map[string]linkmatch.Date{}}
	for _, w := range warnings {
		switch w.Problem {
		case plan.ProblemAgreementShort:
			// A re-plan's month short by what was recorded (its reason
			// begins "recorded:") is not the carers' time.
			switch {
			case w.From >= yearEnd:
			case strings.Contains(w.Why, ": recorded: "):
				sf.recorded[w.ChildID] += w.Short
			default:
				sf.short[w.ChildID] += w.Short
			}
		case plan.ProblemEndsAt18:
			sf.ends[w.ChildID] = w.From
		}
	}
	return sf
}

// whyFewer lists why a child's year holds fewer breaks than due: breaks no
// carer gives, agreements whose breaks begin after start, months left
// short, the end of breaks at 18 and a plan ending before yearEnd.
func (sf shortfalls) whyFewer(sh match.BreakShare, agreements []*plan.Agreement, start, horizon, yearEnd linkmatch.Date) []string {
	var why []string
	if sh.Met < sh.Entitled {
		why = append(why, fmt.Sprintf("no carer gives %d of the %d a month (the reason column)", sh.Entitled-sh.Met, sh.Entitled))
	}
	for _, a := range agreements {
		switch {
		case a.FirstBreak == 0:
			why = append(why, fmt.Sprintf("no agreed break is planned with %s", a.CarerID))
		case a.Provisional && a.FirstBreak > start:
			why = append(why, fmt.Sprintf("breaks with %s begin on %s, after the carer's expected approval (%s) and Introductions", a.CarerID, a.FirstBreak, a.ApprovalExpected))
		case a.FirstBreak > start:
			why = append(why, fmt.Sprintf("breaks with %s begin on %s, after Introductions", a.CarerID, a.FirstBreak))
		}
	}
	switch n := sf.short[sh.ChildID]; {
	case n == 1:
		why = append(why, "1 break short in a month the carer's time was taken (agreement_short in plan_warnings.csv)")
	case n > 1:
		why = append(why, fmt.Sprintf("%d breaks short in months the carers' time was taken (agreement_short in plan_warnings.csv)", n))
	}
	switch n := sf.recorded[sh.ChildID]; {
	case n == 1:
		why = append(why, "1 break short in a month with breaks recorded as cancelled or moved (agreement_short in plan_warnings.csv)")
	case n > 1:
		why = append(why, fmt.Sprintf("%d breaks short in months with breaks recorded as cancelled or moved (agreement_short in plan_warnings.csv)", n))
	}
	if d, ok := sf.ends[sh.ChildID]; ok {
		why = append(why, fmt.Sprintf("children's short breaks end at 18, on %s", d))
	}
	// A plan ending before the year is a reason when the days it
	// leaves out would hold a break at the child's monthly rate.
	if missing := int(yearEnd - horizon - 1); horizon != 0 && sh.Entitled*missing >= 30 {
		why = append(why, fmt.Sprintf("the plan runs to %s, less than a year", horizon))
	}
	return why
}

// PlannedTotals sums the year's planned and due breaks of every child.
func PlannedTotals(ys []PlannedYear) (planned, due int) {
	for _, y := range ys {
		planned += y.Planned
		due += y.Due
	}
	return planned, due
}

// WriteEntitlementPlanned copies entitlement.csv as matching wrote it
// (match.WriteBreakShares) with four columns added for the year's plan:
// planned_year, due_year, planned_share (a percentage) and planned_reason
// (why fewer planned than due). The matching columns are copied byte for
// byte, so the file only extends INTERFACE.md's.
func WriteEntitlementPlanned(w io.Writer, entitlement []byte, ys []PlannedYear) error {
	byChild := make(map[string]PlannedYear, len(ys))
	for _, y := range ys {
		byChild[y.ChildID] = y
	}
	r := csv.NewReader(bytes.NewReader(entitlement))
	var prev int64
	for line := 0; ; line++ {
		rec, err := r.Read()
		if errors.Is(err, io.EOF) {
			return nil
		}
		if err != nil {
			return fmt.Errorf("entitlement.csv: %w", err)
		}
		off := r.InputOffset()
		raw := bytes.TrimRight(entitlement[prev:off], "\r\n")
		prev = off
		var extra bytes.Buffer
		out := output.NewCSV(&extra)
		if line == 0 {
			out.Header("planned_year", "due_year", "planned_share", "planned_reason")
		} else {
			y, ok := byChild[output.Unguard(rec[0])]
			if !ok {
				return fmt.Errorf("entitlement.csv: child %s has no planned year", rec[0])
			}
			out.Int(int64(y.Planned))
			out.Int(int64(y.Due))
			out.Raw(strconv.Itoa(y.Share()) + "%")
			out.String(y.Reason)
			out.End()
		}
		if err := out.Flush(); err != nil {
			return err
		}
		if _, err := fmt.Fprintf(w, "%s,%s", raw, extra.Bytes()); err != nil {
			return err
		}
	}
}

// entitlementColumns are the columns match writes to entitlement.csv
// (match.WriteBreakShares), before the year's plan.
var entitlementColumns = []string{"child_id", "breaks", "entitled", "met", "share_met", "carers", "unmet", "eligible_carers", "reason"}

// PlanEntitlement is entitlement.csv for a plan (linkmatch plan): data is
// the file as match wrote it, or as run or an earlier plan extended it;
// the result keeps its matching columns byte for byte and gives the year's
// plan of planned in place of any planned columns it had. Each child's
// entitled sessions are the file's; what the plan gives them comes from
// agreements (the links planned), so links taken out of matches.csv before
// planning count as no carer. A child whose links in matches.csv are not
// those the file records (matches.csv edited after match wrote it) has
// met, share_met, carers, unmet and reason recomputed from the links
// planned (agreeWithMatches): a tester removed a child from matches.csv
// and read "met 100%" beside "planned 0%", the reason pointing at an
// empty column. A file that is not match's entitlement.csv is an input
// problem of name.
func PlanEntitlement(name string, data []byte, planned *plan.Result, agreements []plan.Agreement, start, horizon linkmatch.Date) ([]byte, []PlannedYear, error) {
	var ps input.Problems
	r := csv.NewReader(bytes.NewReader(data))
	r.FieldsPerRecord = -1
	var kept bytes.Buffer
	var shares []match.BreakShare
	var prev int64
	for line := 1; ; line++ {
		rec, err := r.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			ps.Fail(input.ErrMalformed, name, line, 0, "", "give the entitlement.csv that linkmatch match wrote beside matches.csv", "%v", err)
			return nil, nil, ps.Err()
		}
		raw := bytes.TrimRight(data[prev:r.InputOffset()], "\r\n")
		prev = r.InputOffset()
		if len(rec) < len(entitlementColumns) || line == 1 && !slices.Equal(rec[:len(entitlementColumns)], entitlementColumns) {
			ps.Fail(input.ErrMalformed, name, line, 1, "", "give the entitlement.csv that linkmatch match wrote beside matches.csv",
				"not entitlement.csv as match writes it (%s, then any planned columns)", strings.Join(entitlementColumns, ","))
			return nil, nil, ps.Err()
		}
		if len(rec) > len(entitlementColumns) {
			// Earlier planned columns go: cut the line before the first.
			fl, col := r.FieldPos(len(entitlementColumns))
			if first, _ := r.FieldPos(0); fl != first {
				ps.Fail(input.ErrMalformed, name, line, 1, "", "give the entitlement.csv that linkmatch match wrote beside matches.csv", "a field runs over several lines")
				return nil, nil, ps.Err()
			}
			raw = raw[:col-2]
		}
		if line > 1 {
			raw = agreeWithMatches(raw, rec, agreements)
		}
		kept.Write(raw)
		kept.WriteByte('\n')
		if line == 1 {
			continue
		}
		entitled, err := strconv.Atoi(rec[2])
		if err != nil || entitled < 0 {
			_, col := r.FieldPos(2)
			ps.Fail(input.ErrMalformed, name, line, col, "entitled", "give the entitlement.csv that linkmatch match wrote beside matches.csv", "%q is not a number of sessions a month", rec[2])
			continue
		}
		shares = append(shares, match.BreakShare{ChildID: output.Unguard(rec[0]), Entitled: entitled})
	}
	if err := ps.Err(); err != nil {
		return nil, nil, err
	}
	for i := range shares {
		for _, a := range agreements {
			if a.ChildID == shares[i].ChildID {
				shares[i].Met += a.Breaks.Total()
			}
		}
	}
	ys := PlannedYears(shares, planned, agreements, start, horizon)
	var out bytes.Buffer
	if err := WriteEntitlementPlanned(&out, kept.Bytes(), ys); err != nil {
		return nil, nil, err
	}
	return out.Bytes(), ys, nil
}

// agreeWithMatches returns an entitlement.csv row (raw, read as rec: its
// matching columns) as it is when the links planned (agreements) give the
// child what it records — met, carers and unmet — and otherwise with
// those columns, share_met and the reason recomputed from the links
// planned, the reason saying that matches.csv was changed after match
// wrote the file. The child's assessed breaks are the row's.
func agreeWithMatches(raw []byte, rec []string, agreements []plan.Agreement) []byte {
	child := output.Unguard(rec[0])
	assessed, err := linkmatch.ParseBreaks(output.Unguard(rec[1]))
	if err != nil {
		return raw // not a row match wrote: PlanEntitlement's checks say so
	}
	var carers []string
	var got linkmatch.Breaks
	for _, a := range agreements {
		if a.ChildID != child {
			continue
		}
		carers = append(carers, a.CarerID)
		for _, b := range a.Breaks {
			got = addBreak(got, b)
		}
	}
	slices.Sort(carers)
	var unmet linkmatch.Breaks
	for _, b := range assessed {
		if short := b.PerMonth - got.Count(b.Kind); short > 0 {
			unmet = append(unmet, linkmatch.Break{Kind: b.Kind, PerMonth: short})
		}
	}
	met, was := got.Total(), strings.Join([]string{rec[3], output.Unguard(rec[5]), output.Unguard(rec[6])}, "\x00")
	if was == strings.Join([]string{strconv.Itoa(met), strings.Join(carers, ";"), unmet.String()}, "\x00") {
		return raw
	}
	entitled, _ := strconv.Atoi(rec[2])
	reason := ""
	if len(unmet) > 0 {
		reason = fmt.Sprintf("%s not given: the matches.csv planned has %s, where match linked %s (matches.csv was changed after match wrote this file)",
			unmet, linkedAs(strings.Join(carers, ";"), strconv.Itoa(met), "no link for the child"), linkedAs(output.Unguard(rec[5]), rec[3], "no carer"))
		if old := output.Unguard(rec[8]); old != "" {
			reason += "; as matched: " + old
		}
	}
	var b bytes.Buffer
	out := output.NewCSV(&b)
	out.String(child)
	out.String(output.Unguard(rec[1]))
	out.String(rec[2])
	out.Int(int64(met))
	out.Raw(strconv.Itoa(PlannedYear{Planned: met, Due: entitled}.Share()) + "%")
	out.String(strings.Join(carers, ";"))
	out.String(unmet.String())
	out.String(rec[7])
	out.String(reason)
	out.End()
	if out.Flush() != nil {
		return raw
	}
	return bytes.TrimRight(b.Bytes(), "\r\n")
}

// linkedAs says what a child's links give, in entitlement.csv's terms
// ("K12 for 4 a month"), or none when there are none.
func linkedAs(carers, met, none string) string {
	if carers == "" {
		return none
	}
	return strings.ReplaceAll(carers, ";", " and ") + " for " + met + " a month"
}

// addBreak adds b to bs, kind by kind.
func addBreak(bs linkmatch.Breaks, b linkmatch.Break) linkmatch.Breaks {
	for i := range bs {
		if bs[i].Kind == b.Kind {
			bs[i].PerMonth += b.PerMonth
			return bs
		}
	}
	return append(bs, b)
}
