package match

import (
	"context"
	"io"

	"github.com/linkmatch/linkmatch"
	"github.com/linkmatch/linkmatch/geo"
	"github.com/linkmatch/linkmatch/internal/output"
)

// pairsHeader returns the columns of pairs.csv as WritePairsCSV writes them:
// INTERFACE.md's child_id, carer_id, score (0–100), distance_km and border
// (same, neighbour, distant, unknown), then border_steps, distance_miles,
// travel_minutes and one column per score component (needs_component …
// preferences_component, each 0–1).
func pairsHeader() []string {
	h := []string{"child_id", "carer_id", "score", "distance_km", "border", "border_steps", "distance_miles", "travel_minutes"}
	for _, c := range linkmatch.Components() {
		h = append(h, c.String()+"_component")
	}
	return h
}

// chunkWriter appends to a chunk's buffer.
type chunkWriter struct{ ch *Chunk }

func (w chunkWriter) Write(p []byte) (int, error) {
	w.ch.Buf = append(w.ch.Buf, p...)
	return len(p), nil
}

// WritePairsCSV scores every eligible pair and writes pairs.csv to w in
// child id then carer id order, formatting on every scoring worker at once
// and writing in order, so memory stays small whatever the scenario's size.
// It returns the number of pairs written.
func WritePairsCSV(ctx context.Context, w io.Writer, s *Scorer) (int, error) {
	head := output.NewCSV(w)
	head.Header(pairsHeader()...)
	if err := head.Flush(); err != nil {
		return 0, err
	}
	n := 0
	err := s.Stream(ctx, func(ch *Chunk) error {
		c := output.NewCSV(chunkWriter{ch})
		s.formatPairs(c, ch.Pairs, ch.Parts)
		return c.Flush()
	}, func(ch *Chunk) error {
		n += len(ch.Pairs)
		_, err := w.Write(ch.Buf)
		return err
	})
	return n, err
}

func (s *Scorer) formatPairs(c *output.CSV, ps []ScoredPair, parts []Parts) {
	for i, p := range ps {
		c.String(s.children[p.Child].ID)
		c.String(s.carers[p.Carer].ID)
		c.Float(float64(p.Score), 2)
		km := float64(p.RoadKm)
		c.Float(km, 1)
		c.Raw(p.Border.String())
		c.Int(int64(p.Steps))
		c.Float(km/geo.KmPerMile, 1)
		c.Float(s.minutes(p), 0)
		for _, v := range parts[i] {
			c.Float(float64(v), 3)
		}
		c.End()
	}
}
