package scenarios

import (
	"github.com/linkmatch/linkmatch/input"
	"github.com/linkmatch/linkmatch/internal/table"
)

// crossCheck finds problems that involve more than one row or file, once
// every file has been read.
func (l *loader) crossCheck() {
	carers := l.allCarerIDs
	// Known adults (Lifelong Links, seed 004) must be carers of this
	// scenario, or the relationship can never count. Only checked when the
	// carers file loaded, to avoid one error per child for a missing file.
	if len(carers) > 0 {
		for i, c := range l.s.Children {
			var missing []string
			for _, id := range c.KnownAdults {
				if !carers[id] {
					missing = append(missing, id)
				}
			}
			if len(missing) > 0 {
				l.errorAt(l.childRows[i], input.ErrUnknownName, "known_adults", "known_adults lists carer ids from carers.csv, separated by ;",
					"no carer has the id%s %s", plural(len(missing)), quoteList(missing))
			}
		}
	}

	// Sibling groups: siblings are linked to the same carer or none (the
	// Ofsted figure of 37% separated from a sibling, PRODUCT.md). Members
	// under different authorities need those councils to agree; a group of
	// one is probably a typo in the group name.
	first := map[string]int{}
	for i, c := range l.s.Children {
		if c.SiblingGroup == "" {
			continue
		}
		j, seen := first[c.SiblingGroup]
		if !seen {
			first[c.SiblingGroup] = i
			continue
		}
		if o := l.s.Children[j]; o.HomeAuthority != c.HomeAuthority {
			l.warnAt(l.childRows[i], input.ErrConflict, "home_authority", "siblings under different councils need both councils to agree the link",
				"sibling group %q: %s is under %s but %s (%s) is under %s", c.SiblingGroup, c.ID, c.HomeAuthority,
				o.ID, table.Describe(l.childRows[j].file, l.childRows[j].line), o.HomeAuthority)
		}
	}
	for _, g := range sortedKeys(first) {
		if l.siblingCounts[g] == 1 {
			l.warnAt(l.childRows[first[g]], input.ErrUnknownName, "sibling_group", "check the group name: siblings share exactly the same sibling_group",
				"sibling group %q has only one child", g)
		}
	}

	if l.s.Files.Boundaries == "" {
		for i, c := range l.s.Carers {
			if c.Authority == "" {
				l.warnAt(l.carerRows[i], input.ErrMissingValue, "authority", "give the carer's council, or name a boundaries file in scenario.toml so it can be found from lat and lon",
					"carer %s has no authority, so borders cannot be scored for them", c.ID)
			}
		}
	}
}
