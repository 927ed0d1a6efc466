package runout

// This file stages what "linkmatch plan" writes.

import (
	"io"
	"path/filepath"

	"github.com/linkmatch/linkmatch"
	"github.com/linkmatch/linkmatch/internal/output"
	"github.com/linkmatch/linkmatch/plan"
	"github.com/linkmatch/linkmatch/scenarios"
)

// PlanFiles are the paths "linkmatch plan" writes. Changes, Carry, ICS,
// ICSDir and Agreements are "" when not asked for; the links carried over
// are those under way on CarryDay. Agreements defaults to the folder of
// Warnings (Timeline may be standard output).
type PlanFiles struct {
	Timeline, Warnings, Changes, Carry, ICS, ICSDir, Agreements string
	CarryDay                                                    linkmatch.Date
	// Entitlement is, for short breaks, where entitlement.csv with the
	// year's plan goes (pipeline.PlanEntitlement gives EntitlementCSV);
	// "" writes none.
	Entitlement    string
	EntitlementCSV []byte
}

// WritePlan writes the timeline (rows kept from the actuals byte for
// byte), the warnings, the changes when re-planning, the links to carry
// over, the calendars and, for short breaks, the written agreements: all
// or none. Calendar events changed now are stamped with stamp, the day the
// plan starts from. Written agreements linkmatch wrote earlier into the
// agreements' folder for links no longer planned are removed with the
// same commit; removed names them.
func WritePlan(b *output.Batch, f PlanFiles, s *scenarios.Scenario, planned *plan.Result, rec *plan.Recorded, stamp linkmatch.Date, agreements []plan.Agreement) (removed []string, err error) {
	defer b.Abort()
	if err := b.Write(f.Timeline, func(w io.Writer) error {
		return plan.WriteTimelineKept(w, planned.Sessions, planned.Recorded, rec)
	}); err != nil {
		return nil, err
	}
	if err := b.Write(f.Warnings, func(w io.Writer) error { return plan.WriteWarnings(w, planned.Warnings) }); err != nil {
		return nil, err
	}
	if f.Changes != "" {
		if err := b.Write(f.Changes, func(w io.Writer) error { return plan.WriteChanges(w, planned.AllChanges()) }); err != nil {
			return nil, err
		}
	}
	if f.Carry != "" {
		if err := b.Write(f.Carry, func(w io.Writer) error { return plan.WriteUnderWay(w, planned.UnderWayOn(f.CarryDay)) }); err != nil {
			return nil, err
		}
	}
	if err := WriteCalendars(b, planned.Sessions, f.ICS, f.ICSDir, stamp, rec); err != nil {
		return nil, err
	}
	if s.Scheme == linkmatch.SchemeShortBreaks {
		dir := f.Agreements
		if dir == "" {
			dir = filepath.Dir(f.Warnings) // the timeline may be standard output
		}
		var names []string
		for _, out := range AgreementWriters(agreements, s.Name) {
			names = append(names, out.Name)
			if err := b.Write(filepath.Join(dir, out.Name), out.Write); err != nil {
				return nil, err
			}
		}
		for _, stale := range staleAgreements(dir, names) {
			b.Remove(stale)
			removed = append(removed, filepath.Base(stale))
		}
		if f.Entitlement != "" {
			if err := b.Write(f.Entitlement, func(w io.Writer) error { _, err := w.Write(f.EntitlementCSV); return err }); err != nil {
				return nil, err
			}
		}
	}
	if err := b.Commit(); err != nil {
		return nil, err
	}
	return removed, nil
}
