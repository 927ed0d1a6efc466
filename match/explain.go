package match

// Check scores one pair directly, without the spatial index: the pair's
// score when eligible, else the hard rules it breaks (every one of them,
// not just the first). child and carer index the slices given to NewScorer.
func (s *Scorer) Check(child, carer int) (ScoredPair, RuleSet) {
	c := &s.cs[s.cpos[child]]
	r := s.rank[carer]
	k := &s.ks[r]
	p, broken := s.pair(c, r, haversineKm(c.lat, c.lon, c.cosLat, k.lat, k.lon, k.cosLat))
	p.Child, p.Carer = int32(child), int32(carer)
	if broken != 0 {
		p.Score = 0
	}
	return p, broken
}
