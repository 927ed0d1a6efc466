package runout

// This file stages what "linkmatch match" writes.

import (
	"io"
	"path/filepath"

	"github.com/linkmatch/linkmatch/assign"
	"github.com/linkmatch/linkmatch/internal/output"
	"github.com/linkmatch/linkmatch/internal/pipeline"
	"github.com/linkmatch/linkmatch/match"
	"github.com/linkmatch/linkmatch/scenarios"
)

// MatchFiles are the paths "linkmatch match" writes; Certificate is ""
// when none is asked for.
type MatchFiles struct {
	Matches, Unmatched, Certificate string
}

// WriteMatch writes matches.csv, unmatched.csv and, when asked, the
// certificate once it is checked: all or none. Stable links are always
// checked, since the help promises them stable.
func WriteMatch(b *output.Batch, f MatchFiles, p *match.Problem, res *match.SolveResult, choices []match.Choice) error {
	defer b.Abort()
	if err := b.Write(f.Matches, func(w io.Writer) error { return match.WriteMatches(w, p, res, choices) }); err != nil {
		return err
	}
	if err := b.Write(f.Unmatched, func(w io.Writer) error { return match.WriteUnmatched(w, p, res) }); err != nil {
		return err
	}
	if f.Certificate != "" || res.Mode == assign.Stable {
		// Optimal links are proven when their certificate is written;
		// stable links always, since the help promises them stable.
		if err := pipeline.Check(p, res); err != nil {
			return err
		}
	}
	if f.Certificate != "" {
		if err := b.Write(f.Certificate, func(w io.Writer) error { return match.WriteCertificate(w, p, res) }); err != nil {
			return err
		}
	}
	return b.Commit()
}

// WriteBreakMatch writes what "linkmatch match" writes for a short-breaks
// scenario: matches.csv (with each link's agreed breaks) and unmatched.csv
// at their paths, entitlement.csv beside unmatched.csv (the matches may be
// on standard output) and, when a certificate is asked for, the first
// phase's certificate at its path and the second's beside it as
// certificate-parts.csv: all or none.
func WriteBreakMatch(b *output.Batch, f MatchFiles, sc *scenarios.Scenario, res *match.BreaksResult) error {
	defer b.Abort()
	cert2 := ""
	if f.Certificate != "" {
		cert2 = "certificate-parts.csv"
	}
	dir := filepath.Dir(f.Unmatched)
	for _, out := range breakMatchWriters(sc, res, f.Certificate, cert2) {
		path := filepath.Join(dir, out.Name)
		switch out.Name {
		case "matches.csv":
			path = f.Matches
		case "unmatched.csv":
			path = f.Unmatched
		case f.Certificate:
			path = f.Certificate
		}
		if err := b.Write(path, out.Write); err != nil {
			return err
		}
	}
	return b.Commit()
}
