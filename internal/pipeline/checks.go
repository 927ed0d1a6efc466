package pipeline

import (
	"fmt"
	"github.com/linkmatch/linkmatch/internal/english"
	"sort"
	"strings"

	"github.com/linkmatch/linkmatch"
	"github.com/linkmatch/linkmatch/cost"
	"github.com/linkmatch/linkmatch/input"
	"github.com/linkmatch/linkmatch/match"
	"github.com/linkmatch/linkmatch/plan"
	"github.com/linkmatch/linkmatch/scenarios"
)

// The checks Prepare makes that need more than one file at once: links
// pinned by hand against the hard rules, and the rates against the
// sessions plans can hold. Each finds before anything is scored or
// planned what would otherwise stop a run part-way, so that "validate"
// and "run" refuse the same scenarios with the same problems.

// checkPins checks the pinned links as a run pins them (match.Problem's
// PinRows), but on a problem of the pinned pairs alone, each judged by the
// scorer's hard rules (match.Scorer.Check) rather than by scoring every
// pair: both children and carers must exist, each pair must pass the hard
// rules (a pinned link is still a link: Fostering Services (England)
// Regulations 2011 limit a carer to the children of their approval), each
// child be pinned once, each carer have the places, and a sibling group be
// pinned whole to one carer. A pair breaking rules is reported with the
// rules it breaks, at its carer_id cell.
func checkPins(sc *scenarios.Scenario, scorer *match.Scorer, pins Pins, ps *input.Problems) {
	if len(pins.Rows) == 0 {
		return
	}
	children, carers := indexByID(sc)
	var pairs []match.ScoredPair
	keep := make([]match.LinkRow, 0, len(pins.Rows))
	pinnedOn := map[string]int{}
	for _, r := range pins.Rows {
		ci, okc := children[r.ChildID]
		ki, okk := carers[r.CarerID]
		if okc {
			// Found here, not by PinRows, since a row breaking the rules
			// does not reach it but still pins its child.
			if line, twice := pinnedOn[r.ChildID]; twice {
				ps.Fail(input.ErrDuplicate, pins.File, r.Line, r.ChildColumn, "child_id", "a child has at most one link: keep one row",
					"child %s is pinned already, on line %d", r.ChildID, line)
				continue
			}
			pinnedOn[r.ChildID] = r.Line
		}
		if okc && okk {
			pair, _, broken := scorer.Check(ci, ki)
			if broken != 0 {
				ps.Fail(input.ErrConflict, pins.File, r.Line, r.CarerColumn, "carer_id",
					"a pinned link must still pass the hard rules: check the child's and the carer's rows, or remove the link",
					"the link %s–%s breaks %s: %s", r.ChildID, r.CarerID, pluralWord(len(broken.Rules()), "a hard rule", "hard rules"), ruleWords(broken))
				continue
			}
			pairs = append(pairs, pair)
		}
		keep = append(keep, r)
	}
	p := match.BuildProblem(sc.Children, sc.Carers, pairs)
	p.PinRows(keep, pins.File, ps)
}

// checkPlanRows checks the links of a link file that plan is asked to plan
// (matches.csv, perhaps edited by hand) as the matching would have chosen
// them: each pair passes the hard rules (age approval, places, household
// conflicts and the rest, match.Scorer.Check), each child has one link
// (in short breaks, up to [match] max_carers_per_child, who share the
// child's breaks), and no carer has more links than places (capacity less
// current links). Every problem is placed at the row and column of file
// that causes it.
func checkPlanRows(sc *scenarios.Scenario, scorer *match.Scorer, rows []match.LinkRow, file string, ps *input.Problems) {
	children, carers := indexByID(sc)
	perChild := 1
	if sc.Scheme == linkmatch.SchemeShortBreaks {
		perChild = max(sc.Match.MaxCarersPerChild, 1)
	}
	childLines := map[string][]int{}
	used := map[string]int{}
	parties := map[string]int{} // children and sibling groups with each carer
	groups := map[string]bool{} // carer and sibling group seen
	for _, r := range rows {
		ci, okc := children[r.ChildID]
		ki, okk := carers[r.CarerID]
		if !okc || !okk {
			continue // linksToPlan reports ids the scenario does not have
		}
		if lines := childLines[r.ChildID]; len(lines) >= perChild {
			hint := "a child has one link at a time: keep one row for the child"
			if perChild > 1 {
				hint = fmt.Sprintf("at most %d carers share a child's breaks ([match] max_carers_per_child): keep %d rows for the child", perChild, perChild)
			}
			ps.Fail(input.ErrDuplicate, file, r.Line, r.ChildColumn, "child_id", hint,
				"child %s is already linked on line %s", r.ChildID, joinInts(lines))
			continue
		}
		childLines[r.ChildID] = append(childLines[r.ChildID], r.Line)
		if _, _, broken := scorer.Check(ci, ki); broken != 0 {
			ps.Fail(input.ErrConflict, file, r.Line, r.CarerColumn, "carer_id",
				"link the child with a carer who passes the hard rules (linkmatch why SCENARIO CHILD CARER says why not), or check their rows",
				"the link %s–%s breaks %s: %s", r.ChildID, r.CarerID, pluralWord(len(broken.Rules()), "a hard rule", "hard rules"), ruleWords(broken))
			continue
		}
		k := &sc.Carers[ki]
		used[k.ID]++
		if used[k.ID] > k.Places() {
			ps.Fail(input.ErrConflict, file, r.Line, r.CarerColumn, "carer_id",
				"check capacity and current_links in the carers file, or link the child with another carer",
				"carer %s has %d %s (capacity %d, current links %d), and this is link %d", k.ID, k.Places(),
				pluralWord(k.Places(), "place", "places"), k.Capacity, k.CurrentLinks, used[k.ID])
		} else if g := sc.Children[ci].SiblingGroup; sc.Scheme == linkmatch.SchemeStepDown && (g == "" || !groups[k.ID+"\x00"+g]) {
			// The time rule of matching (match.TimePlaces): the stages of
			// more children than the carer's time holds cannot all be
			// planned. A sibling group shares its sessions: it counts once.
			groups[k.ID+"\x00"+g] = g != ""
			parties[k.ID]++
			if time := match.TimePlaces(k.Availability); parties[k.ID]+k.CurrentLinks > time {
				ps.Fail(input.ErrConflict, file, r.Line, r.CarerColumn, "carer_id",
					"link the child with another carer, or check the carer's availability in the carers file",
					"carer %s offers %s: time for %d %s at once (a sibling group counts as one; current links %d), and this is the %d%s",
					k.ID, strings.Join(k.Availability.Words(), " and "), time, pluralWord(time, "child", "children"),
					k.CurrentLinks, parties[k.ID], ordinalSuffix(parties[k.ID]))
			}
		}
	}
}

// joinInts writes line numbers for a message: "4", "4 and 9".
func joinInts(ns []int) string {
	parts := make([]string, len(ns))
	for i, n := range ns {
		parts[i] = fmt.Sprint(n)
	}
	if len(parts) > 1 {
		return strings.Join(parts[:len(parts)-1], ", ") + " and " + parts[len(parts)-1]
	}
	return strings.Join(parts, "")
}

// indexByID gives the index of each child and carer of sc by id.
func indexByID(sc *scenarios.Scenario) (children, carers map[string]int) {
	children = make(map[string]int, len(sc.Children))
	for i := range sc.Children {
		children[sc.Children[i].ID] = i
	}
	carers = make(map[string]int, len(sc.Carers))
	for i := range sc.Carers {
		carers[sc.Carers[i].ID] = i
	}
	return children, carers
}

// ruleWords names the hard rules of set in a sentence: "age approval, no
// place left".
func ruleWords(set match.RuleSet) string {
	rules := set.Rules()
	words := make([]string, len(rules))
	for i, r := range rules {
		words[i] = r.Short()
	}
	return strings.Join(words, ", ")
}

func pluralWord(n int, one, many string) string { return english.Plural(n, one, many) }

// lastChildAge is the oldest age paid at a child's rate: no child-rate
// session is paid from the 18th birthday (package cost; a young person
// staying put after 18 is paid by the week, and a missing Staying Put rate
// leaves those weeks uncosted rather than failing the run).
const lastChildAge = 17

// maxListedIDs caps the ids a message lists before "and N more".
const maxListedIDs = 3

// checkRateCoverage finds, before anything is planned, every session a
// plan could hold that the rates cannot price — which would otherwise
// stop a run at its last stage (cost.Price fails on an unpriceable
// session). Plans run from the plan start to the horizon; each table of
// rates in force in that time must give, for every tier of carers with a
// place, every unit of payment the template's paid sessions use, for
// every age the children have while it is in force, up to 17. A child
// aged 17 at the start is 18 within the plan, but plans and costs stop
// child-rate sessions at 18, so no rate for 18 is needed.
//
// Overnights paid per night are checked when the scenario loads
// (scenarios requires an overnight rate when children who may stay
// overnight could be linked with carers offering overnights); here an
// overnight paid as a day and a half needs full-day and half-day rates.
func checkRateCoverage(p *Prepared, ps *input.Problems) {
	sc := p.Scenario
	if p.Rates == nil || p.Template == nil || sc.Plan.Start == 0 {
		return
	}
	start, horizon := sc.Plan.Start, sc.Plan.Horizon
	if horizon == 0 {
		horizon = start.AddYears(plan.DefaultHorizonYears).AddDays(-1)
	}
	units := paidUnits(p.Template, sc.Payments)
	tiers, tierCarers := carerTiers(sc)
	for _, w := range rateWindows(p.Rates.EffectiveDates(), start, horizon) {
		needed := agesNeeded(sc.Children, w.from, w.to)
		if len(needed) == 0 {
			continue
		}
		for _, tier := range tiers {
			for _, unit := range units {
				var missing []cost.AgeRange
				for _, want := range needed {
					gone, err := p.Rates.Uncovered(w.from, tier, unit, want)
					if err != nil {
						ps.Fail(input.ErrMissingValue, sc.Files.Rates, firstRateLine(sc.Rates, 0), sc.RatePos(firstRateLine(sc.Rates, 0), "effective_from"), "effective_from",
							"add rates in force from the plan start, or start the plan later ([plan] start in scenario.toml)",
							"plans from %s need rates, but %v", start, err)
						return
					}
					missing = append(missing, gone...)
				}
				if len(missing) == 0 {
					continue
				}
				from, unitName, ages := tableFrom(p.Rates.EffectiveDates(), w.from), cost.UnitName(unit), agesText(missing)
				line, col := bandAtFault(sc.Rates, from, tier, unit, missing[0])
				ps.Fail(input.ErrMissingValue, sc.Files.Rates, line, sc.RatePos(line, col), col,
					fmt.Sprintf("add %s %s rates for ages %s to the table in force from %s, or check the children's dates of birth", tier, unitName, ages, from),
					"plans between %s and %s can pay %s carers (%s) for %s sessions with children aged %s (%s), but the rates in force from %s give no %s %s rate for ages %s",
					w.from, w.to, tier, listIDs(tierCarers[tier]), unitName, ages, listIDs(childrenAged(sc.Children, w.from, w.to, missing)),
					from, tier, unitName, ages)
			}
		}
	}
}

// paidUnits are the units of payment (package cost's rate units) that the
// paid sessions of t need: a half day and a full day are paid per
// session, a day and a half as one full day plus one half day (seed 000),
// and an overnight as a day and a half when overnight is
// OvernightDayAndHalf, or with its days in care when a stay is paid its
// days too (StayDays). A stage's overnights paid per night are checked at
// load; a short break's are checked here, per night.
func paidUnits(t *plan.Template, pay linkmatch.Payments) []linkmatch.SessionKind {
	var half, full, night bool
	kinds := make([]linkmatch.SessionKind, 0, 16)
	for _, st := range t.Stages {
		for _, pat := range st.Sessions {
			kinds = append(kinds, pat.Kind)
		}
	}
	for _, b := range t.Breaks {
		kinds = append(kinds, b.Pattern.Kind)
		// A short break's night paid per night: the load-time check covers
		// step-down overnights only (children and carers with overnight =
		// yes), so a short-breaks run without overnight rates failed at
		// costing (tester).
		night = night || (b.Pattern.Kind == linkmatch.KindOvernight && pay.Overnight == linkmatch.OvernightPerNight)
	}
	for _, k := range kinds {
		switch k {
		case linkmatch.KindHalfDay:
			half = true
		case linkmatch.KindFullDay:
			full = true
		case linkmatch.KindDayAndHalf:
			half, full = true, true
		case linkmatch.KindOvernight:
			// A night paid as a day and a half, or a stay paid its days
			// in care as well ([payments] stay_days).
			if pay.Overnight == linkmatch.OvernightDayAndHalf || pay.StayDays {
				half, full = true, true
			}
		}
	}
	var out []linkmatch.SessionKind
	if half {
		out = append(out, linkmatch.KindHalfDay)
	}
	if full {
		out = append(out, linkmatch.KindFullDay)
	}
	if night {
		out = append(out, linkmatch.KindOvernight)
	}
	return out
}

// carerTiers are the tiers of the carers with a place, in order, with
// the ids of each tier's carers.
func carerTiers(sc *scenarios.Scenario) ([]linkmatch.Tier, map[linkmatch.Tier][]string) {
	ids := map[linkmatch.Tier][]string{}
	for i := range sc.Carers {
		if k := &sc.Carers[i]; k.Places() > 0 {
			ids[k.Tier] = append(ids[k.Tier], k.ID)
		}
	}
	tiers := make([]linkmatch.Tier, 0, len(ids))
	for t := range ids {
		tiers = append(tiers, t)
	}
	sort.Slice(tiers, func(i, j int) bool { return tiers[i] < tiers[j] })
	return tiers, ids
}

// window is a stretch of days, from and to inclusive, in which one table
// of rates (or none) is in force.
type window struct{ from, to linkmatch.Date }

// rateWindows splits start…horizon at the dates new tables come into
// force.
func rateWindows(dates []linkmatch.Date, start, horizon linkmatch.Date) []window {
	out := []window{{from: start, to: horizon}}
	for _, d := range dates {
		if last := &out[len(out)-1]; d > last.from && d <= horizon {
			last.to = d.AddDays(-1)
			out = append(out, window{from: d, to: horizon})
		}
	}
	return out
}

// agesNeeded are the ages, up to lastChildAge, that children have on some
// day from…to, as sorted disjoint ranges.
func agesNeeded(children []linkmatch.Child, from, to linkmatch.Date) []cost.AgeRange {
	var has [lastChildAge + 1]bool
	for i := range children {
		lo, hi := childAges(&children[i], from, to)
		for a := lo; a <= hi; a++ {
			has[a] = true
		}
	}
	var out []cost.AgeRange
	for a := 0; a <= lastChildAge; a++ {
		if !has[a] {
			continue
		}
		if n := len(out); n > 0 && out[n-1].Max == a-1 {
			out[n-1].Max = a
		} else {
			out = append(out, cost.AgeRange{Min: a, Max: a})
		}
	}
	return out
}

// childAges is the range of ages, up to lastChildAge, c has on some day
// from…to; lo > hi when none (already past it).
func childAges(c *linkmatch.Child, from, to linkmatch.Date) (lo, hi int) {
	lo = max(linkmatch.AgeOn(c.DateOfBirth, from), 0)
	hi = min(linkmatch.AgeOn(c.DateOfBirth, to), lastChildAge)
	return lo, hi
}

// childrenAged are the ids of the children with an age in ages on some
// day from…to.
func childrenAged(children []linkmatch.Child, from, to linkmatch.Date, ages []cost.AgeRange) []string {
	var out []string
	for i := range children {
		lo, hi := childAges(&children[i], from, to)
		for _, a := range ages {
			if lo <= a.Max && a.Min <= hi {
				out = append(out, children[i].ID)
				break
			}
		}
	}
	return out
}

// tableFrom is the date the table in force on d came into force.
func tableFrom(dates []linkmatch.Date, d linkmatch.Date) linkmatch.Date {
	from := dates[0]
	for _, e := range dates {
		if e <= d {
			from = e
		}
	}
	return from
}

// firstRateLine is the first line of the rates file in the table in force
// from from (any table when from is zero).
// bandAtFault is where a gap in a table's ages is best fixed: the band
// of the same table, tier and unit that ends just below the missing ages
// (its age_max), else the one starting just above them (its age_min),
// else — the tier has no such rates at all — the table's first line.
func bandAtFault(rates []linkmatch.Rate, from linkmatch.Date, tier linkmatch.Tier, unit linkmatch.SessionKind, gap cost.AgeRange) (line int, column string) {
	below, above := -1, -1
	for i := range rates {
		r := &rates[i]
		if r.EffectiveFrom != from || r.Tier != tier || r.Unit != unit {
			continue
		}
		if r.AgeMax < gap.Min && (below < 0 || r.AgeMax > rates[below].AgeMax) {
			below = i
		}
		if r.AgeMin > gap.Max && (above < 0 || r.AgeMin < rates[above].AgeMin) {
			above = i
		}
	}
	switch {
	case below >= 0:
		return rates[below].Line, "age_max"
	case above >= 0:
		return rates[above].Line, "age_min"
	}
	return firstRateLine(rates, from), "effective_from"
}

func firstRateLine(rates []linkmatch.Rate, from linkmatch.Date) int {
	line := 0
	for _, r := range rates {
		if (from == 0 || r.EffectiveFrom == from) && (line == 0 || r.Line < line) {
			line = r.Line
		}
	}
	return line
}

func agesText(ages []cost.AgeRange) string {
	parts := make([]string, len(ages))
	for i, a := range ages {
		parts[i] = a.String()
	}
	return strings.Join(parts, ", ")
}

// listIDs writes up to maxListedIDs ids, then how many more.
func listIDs(ids []string) string {
	if len(ids) <= maxListedIDs {
		return strings.Join(ids, ", ")
	}
	return fmt.Sprintf("%s and %d more", strings.Join(ids[:maxListedIDs], ", "), len(ids)-maxListedIDs)
}

// ordinalSuffix is the suffix of a small ordinal: "st" for 1, "nd" for 2.
func ordinalSuffix(n int) string {
	switch {
	case n%100 >= 11 && n%100 <= 13:
		return "th link"
	case n%10 == 1:
		return "st link"
	case n%10 == 2:
		return "nd link"
	case n%10 == 3:
		return "rd link"
	}
	return "th link"
}
