package panel

import (
	"context"
	"errors"
	"slices"
	"strings"

	"github.com/linkmatch/linkmatch"
	"github.com/linkmatch/linkmatch/match"
	"github.com/linkmatch/linkmatch/report"
)

// costs totals costs.csv's rows by calendar month and by carer. A row
// counts in the month of its date, as costs.csv dates it (a week's
// retainer on its first paid day).
func costs(out *Outputs) report.Costs {
	var c report.Costs
	if len(out.Costs) == 0 {
		return c
	}
	c.From, _ = linkmatch.ParseDate(out.Run.Totals["costed_from"])
	c.To, _ = linkmatch.ParseDate(out.Run.Totals["costed_to"])
	c.Note = strings.TrimSpace(out.Run.Totals["cost_notes"] + " " + out.Run.Totals["unpriced"])
	months := map[linkmatch.Date]*report.MonthCost{}
	monthLinks := map[linkmatch.Date]map[string]bool{}
	carers := map[string]*report.CarerCost{}
	carerLinks := map[string]map[string]bool{}
	var first, last linkmatch.Date
	for i, it := range out.Costs {
		if i == 0 || it.Date < first {
			first = it.Date
		}
		last = max(last, it.Date)
		y, mo, _ := it.Date.Civil()
		key := linkmatch.DateOf(y, mo, 1)
		mc := months[key]
		if mc == nil {
			mc = &report.MonthCost{Month: key}
			months[key], monthLinks[key] = mc, map[string]bool{}
		}
		kc := carers[it.CarerID]
		if kc == nil {
			kc = &report.CarerCost{CarerID: it.CarerID}
			carers[it.CarerID], carerLinks[it.CarerID] = kc, map[string]bool{}
		}
		monthLinks[key][it.LinkID], carerLinks[it.CarerID][it.LinkID] = true, true
		for _, t := range []*[4]*linkmatch.Pence{{&mc.Retainer, &mc.Sessions, &mc.Mileage, &mc.Total}, {&kc.Retainer, &kc.Sessions, &kc.Mileage, &kc.Total}} {
			addItem(t, it)
		}
		addItem(&[4]*linkmatch.Pence{&c.Retainer, &c.Sessions, &c.Mileage, &c.Total}, it)
	}
	if c.From == 0 || c.To == 0 {
		c.From, c.To = first, last
	}
	for key, mc := range months {
		mc.Links = len(monthLinks[key])
		c.Months = append(c.Months, *mc)
	}
	slices.SortFunc(c.Months, func(a, b report.MonthCost) int { return int(a.Month - b.Month) })
	for id, kc := range carers {
		kc.Links = len(carerLinks[id])
		c.Carers = append(c.Carers, *kc)
	}
	slices.SortFunc(c.Carers, func(a, b report.CarerCost) int { return strings.Compare(a.CarerID, b.CarerID) })
	return c
}

// addItem adds one cost row to a retainer, sessions, mileage and total.
func addItem(t *[4]*linkmatch.Pence, it CostItem) {
	switch it.Item {
	case "retainer":
		*t[0] += it.Amount
	case "mileage":
		*t[2] += it.Amount
	default:
		*t[1] += it.Amount
	}
	*t[3] += it.Amount
}

// certificate is the run's certificate, checked against the scenario
// scored again: the problem is posed as the run posed it (with its pinned
// links) and the recorded links and prices must prove optimality there.
func certificate(ctx context.Context, in Inputs, mode string) (report.Certificate, error) {
	out := in.Outputs
	if out.Certificate == nil || mode != "optimal" {
		return report.Certificate{}, nil
	}
	cert := report.Certificate{Present: true}
	for _, r := range out.Certificate {
		cert.Prices = append(cert.Prices, report.Price{Kind: r.Kind, ID: r.ID, CarerID: r.CarerID, Value: r.Value})
	}
	scored, err := in.Scorer.ScoreAll(ctx)
	if err != nil {
		return cert, err
	}
	sc := in.Scenario
	p := match.BuildProblem(sc.Children, sc.Carers, scored.Pairs)
	var pins, links []match.PinnedLink
	for _, m := range out.Matches {
		l := match.PinnedLink{ChildID: m.ChildID, CarerID: m.CarerID}
		links = append(links, l)
		if m.Pinned {
			pins = append(pins, l)
		}
	}
	err = errors.Join(p.Pin(pins)...)
	if err == nil {
		err = match.CheckRecorded(p, links, out.Certificate)
	}
	if err != nil {
		cert.CheckError = err.Error()
		return cert, nil
	}
	cert.Checked = true
	return cert, nil
}
