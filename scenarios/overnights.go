package scenarios

import (
	"fmt"
	"sort"
	"strings"

	"github.com/linkmatch/linkmatch"
	"github.com/linkmatch/linkmatch/cost"
	"github.com/linkmatch/linkmatch/input"
)

// maxListed caps the ids a message lists before "and N more".
const maxListed = 3

// checkOvernightRates requires an overnight rate when overnights are paid
// per night (scenario.toml [payments] overnight = "per_night", the default)
// and plans can have overnights: some child may stay overnight and some
// carer offers overnights with a bedroom (as plan.Planner decides). For each
// tier of those carers, every rates table in force from the plan start on
// must give an overnight rate for the children's ages, from the youngest
// such child's age on the reference date to 17 (a child leaves care at 18).
// What is missing is an error at the rates file, naming the tier, the ages
// and the table. A rates file with errors of its own is not checked: those
// come first.
func (l *loader) checkOvernightRates() {
	if l.s.Payments.Overnight != linkmatch.OvernightPerNight || l.ratesFile == "" || l.ratesBad || len(l.s.Rates) == 0 {
		return
	}
	var children []string
	youngest := 17
	for _, c := range l.s.Children {
		if !c.Overnight {
			continue
		}
		children = append(children, c.ID)
		if l.today != 0 {
			youngest = min(youngest, max(linkmatch.AgeOn(c.DateOfBirth, l.today), 0))
		} else {
			youngest = 0
		}
	}
	carers := map[linkmatch.Tier][]string{}
	for _, k := range l.s.Carers {
		if k.Overnight && k.Bedrooms >= 1 {
			carers[k.Tier] = append(carers[k.Tier], k.ID)
		}
	}
	if len(children) == 0 || len(carers) == 0 {
		return
	}
	tiers := make([]linkmatch.Tier, 0, len(carers))
	for t := range carers {
		tiers = append(tiers, t)
	}
	sort.Slice(tiers, func(i, j int) bool { return tiers[i] < tiers[j] })
	for _, tier := range tiers {
		for _, m := range cost.MissingRates(l.s.Rates, l.s.Plan.Start, tier, linkmatch.KindOvernight, cost.AgeRange{Min: youngest, Max: 17}) {
			ages := make([]string, len(m.Ages))
			for i, a := range m.Ages {
				ages[i] = a.String()
			}
			l.ps.Fail(input.ErrMissingValue, l.ratesFile, 0, 0, "unit",
				`add overnight rows for those ages, or pay each night as a day and a half with overnight = "day_and_half" under [payments] in scenario.toml`,
				"overnights are paid per night, and children who may stay overnight (%s) could be linked with %s carers offering overnights (%s), but the rates from %s give no %s overnight rate for ages %s",
				listIDs(children), tier, listIDs(carers[tier]), m.EffectiveFrom, tier, strings.Join(ages, ", "))
		}
	}
}

// listIDs writes up to maxListed ids, then how many more.
func listIDs(ids []string) string {
	if len(ids) <= maxListed {
		return strings.Join(ids, ", ")
	}
	return fmt.Sprintf("%s and %d more", strings.Join(ids[:maxListed], ", "), len(ids)-maxListed)
}
