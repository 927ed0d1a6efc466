package scenarios

import (
	"github.com/linkmatch/linkmatch"
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

// checkLinkIDs refuses ids that would give two different links the same
// link id (linkmatch.LinkID, "L-<child>-<carer>"): child "A" with carer
// "B-C" and child "A-B" with carer "C" are both "L-A-B-C", and a timeline,
// a cost run or a re-plan would take one link's sessions for the other's.
//
// Such a pair needs a child id c2 = c1 + "-" + x, with c1 another child's
// id, and a carer id k1 = x + "-" + k2, with k2 another carer's id. So the
// check splits each id at each "-" — linear in the ids' total length —
// rather than comparing every child–carer pair. Each child id c2 is
// reported once, at its id cell.
func (l *loader) checkLinkIDs() {
	children := make(map[string]bool, len(l.s.Children))
	for _, c := range l.s.Children {
		children[c.ID] = true
	}
	carers := make(map[string]bool, len(l.s.Carers))
	for _, k := range l.s.Carers {
		carers[k.ID] = true
	}
	// byPrefix[x] is a carer k1 = x + "-" + k2 with k2 a carer too.
	type split struct{ k1, k2 string }
	byPrefix := map[string]split{}
	for _, k := range l.s.Carers {
		for i := 0; i < len(k.ID); i++ {
			if k.ID[i] != '-' {
				continue
			}
			x, k2 := k.ID[:i], k.ID[i+1:]
			if _, seen := byPrefix[x]; !seen && carers[k2] {
				byPrefix[x] = split{k.ID, k2}
			}
		}
	}
	if len(byPrefix) == 0 {
		return
	}
	for i, c := range l.s.Children {
		for j := 0; j < len(c.ID); j++ {
			if c.ID[j] != '-' || !children[c.ID[:j]] {
				continue
			}
			sp, ok := byPrefix[c.ID[j+1:]]
			if !ok {
				continue
			}
			l.errorAt(l.childRows[i], input.ErrConflict, "id",
				"rename one of these ids: an id made of another id, a \"-\" and more text makes link ids ambiguous",
				"the link of child %s with carer %s and the link of child %s with carer %s would have the same link id, %s",
				c.ID[:j], sp.k1, c.ID, sp.k2, linkmatch.LinkID(c.ID, sp.k2))
			break
		}
	}
}
