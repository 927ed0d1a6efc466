package match

import "context"

// ScoreAll scores every eligible pair and keeps them all in memory: the
// tests' shorthand for ScoreWith with nothing else asked for.
func (s *Scorer) ScoreAll(ctx context.Context) (*Result, error) {
	res, _, err := s.ScoreWith(ctx, ScoreOptions{})
	return res, err
}
