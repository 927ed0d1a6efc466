package linkmatch

// LinkID is the id of the link between a child and a carer, as timelines,
// costs and re-plans name it: "L-<child id>-<carer id>". It depends on the
// two ids alone, so a re-plan or a cost run finds the same link whatever
// else was matched. Ids that themselves contain "-" can make two links
// share an id (child "A" with carer "B-C", child "A-B" with carer "C");
// loading a scenario refuses ids that would.
func LinkID(childID, carerID string) string { return "L-" + childID + "-" + carerID }
