package panel

import (
	"errors"
	"slices"
	"strings"

	"github.com/linkmatch/linkmatch"
	"github.com/linkmatch/linkmatch/cost"
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
	*t[costKind(it.Item)] += it.Amount
	*t[3] += it.Amount
}

// certificate is the run's certificate of its optimal links, checked
// against the scenario scored again (in.Scored: its Check when the run
// checked it already, else its Problem).
func certificate(in Inputs) report.Certificate {
	out := in.Outputs
	cert := report.Certificate{Present: true}
	for _, r := range out.Certificate {
		cert.Prices = append(cert.Prices, report.Price{Kind: r.Kind, ID: r.ID, CarerID: r.CarerID, Value: r.Value})
	}
	chk := in.Scored.Check
	if chk == nil {
		c := CheckCertificate(in.Scored.Problem, out.Matches, out.Certificate)
		chk = &c
	}
	cert.Checked, cert.CheckError = chk.Checked, chk.Error
	return cert
}

// CertificateCheck is the verdict on a run's certificate: Checked when it
// proves the run's links optimal, else Error says why not.
type CertificateCheck struct {
	Checked bool
	Error   string
}

// CheckCertificate checks a run's recorded links (matches.csv's rows) and
// certificate against p, the problem of the scenario scored again: the
// problem is posed as the run posed it (with its pinned links, as the rows
// mark them, whatever pins p has) and the recorded links and prices must
// prove optimality there (match.CheckRecorded).
func CheckCertificate(p *match.Problem, matches []Match, rows []match.CertificateRow) CertificateCheck {
	// A copy without the run's pins shares the arcs and pins afresh.
	q := *p
	q.Solver.Pins = nil
	var pins, links []match.PinnedLink
	for _, m := range matches {
		l := match.PinnedLink{ChildID: m.ChildID, CarerID: m.CarerID}
		links = append(links, l)
		if m.Pinned {
			pins = append(pins, l)
		}
	}
	err := errors.Join(q.Pin(pins)...)
	if err == nil {
		err = match.CheckRecorded(&q, links, rows)
	}
	if err != nil {
		return CertificateCheck{Error: err.Error()}
	}
	return CertificateCheck{Checked: true}
}

// CostItemsOf are a run's priced rows (res.Rows, sorted by link, then date)
// as the report reads them, with the rows of one link in one calendar month
// and of one kind of payment — retainers, sessions, mileage, the three the
// report totals — merged into one item dated on the first of them. The
// report's totals (by month, by carer, by link, and the links in each) are
// those of costs.csv's rows; a national run's 3 million rows become a few
// hundred thousand items (120 MB less held while the report is made; issue
// 15). The costed period comes from run.json's totals, as it does for any
// run that priced anything. Nil when nothing was priced.
func CostItemsOf(res *cost.Result) []CostItem {
	if res == nil {
		return nil
	}
	var out []CostItem
	last := -1 // the item a row of the same link, month and kind adds to
	for i := range res.Rows {
		r := &res.Rows[i]
		l := &res.Links[r.Link]
		name := r.ItemName()
		if last >= 0 {
			it := &out[last]
			y, m, _ := it.Date.Civil()
			ry, rm, _ := r.Date.Civil()
			if it.LinkID == l.ID && y == ry && m == rm && costKind(it.Item) == costKind(name) {
				it.Amount += r.Amount
				continue
			}
		}
		out = append(out, CostItem{LinkID: l.ID, ChildID: l.ChildID, CarerID: l.CarerID, Date: r.Date, Item: name, Amount: r.Amount})
		last = len(out) - 1
	}
	return out
}

// costKind is the part of the totals an item adds to (addItem).
func costKind(item string) int {
	switch item {
	case "retainer":
		return 0
	case "mileage":
		return 2
	}
	return 1
}
