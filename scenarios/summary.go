package scenarios

// Summary is what a family finder checks before running a match: the size
// of the problem and who is involved.
type Summary struct {
	SiblingGroups int
	// FreePlaces is the carers' capacity minus their current links.
	FreePlaces int
	// ChildAuthorities are the authorities of the children's homes, and
	// CarerAuthorities the carers', each sorted; Authorities counts both
	// together. CarersWithoutAuthority counts carers with none known.
	ChildAuthorities, CarerAuthorities []string
	Authorities                        int
	CarersWithoutAuthority             int
	// BreaksAssessed and BreaksOffered are short breaks' sessions a month:
	// what the children are assessed for and what the carers offer.
	// InAssessment counts carers still being assessed (any scheme).
	BreaksAssessed, BreaksOffered, InAssessment int
}

// Summary sums up the scenario's children and carers.
func (s *Scenario) Summary() Summary {
	var out Summary
	homes, groups, carerAuth, all := map[string]bool{}, map[string]bool{}, map[string]bool{}, map[string]bool{}
	for _, c := range s.Children {
		homes[c.HomeAuthority], all[c.HomeAuthority] = true, true
		if c.SiblingGroup != "" {
			groups[c.SiblingGroup] = true
		}
	}
	for i := range s.Children {
		out.BreaksAssessed += s.Children[i].Breaks.Total()
	}
	for i := range s.Carers {
		out.BreaksOffered += s.Carers[i].Offer.SessionsPerMonth
		if s.Carers[i].Provisional() {
			out.InAssessment++
		}
		out.FreePlaces += s.Carers[i].Places()
		if a := s.Carers[i].Authority; a != "" {
			carerAuth[a], all[a] = true, true
		} else {
			out.CarersWithoutAuthority++
		}
	}
	out.SiblingGroups, out.Authorities = len(groups), len(all)
	out.ChildAuthorities, out.CarerAuthorities = sortedKeys(homes), sortedKeys(carerAuth)
	return out
}
