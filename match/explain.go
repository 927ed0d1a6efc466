package match

// Check scores one pair directly, without the spatial index: the pair with
// its score and components when eligible, else the hard rules it breaks
// (every one of them, not just the first) with a zero score. child and
// carer index the slices given to NewScorer.
func (s *Scorer) Check(child, carer int) (ScoredPair, Parts, RuleSet) {
	c := &s.cs[s.cpos[child]]
	r := s.rank[carer]
	k := &s.ks[r]
	p, parts, broken := s.pair(c, r, chord2(&c.vec, &k.vec))
	p.Child, p.Carer = int32(child), int32(carer)
	return p, parts, broken
}

// Parts returns the components of an eligible pair.
func (s *Scorer) Parts(p ScoredPair) Parts {
	_, parts, _ := s.Check(int(p.Child), int(p.Carer))
	return parts
}
