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

// costs totals costs.csv's rows by calendar month and by carer. The
// months are the cost package's own month summary (cost.Summarise, as
// cost-summary.csv's all-links month rows give it), so that a retainer week
// spanning two months is split between them by day exactly as there: the
// panel and the finance officer hold the same "costs by month".
func costs(out *Outputs) report.Costs {
	var c report.Costs
	if len(out.Costs) == 0 {
		return c
	}
	c.From, _ = linkmatch.ParseDate(out.Run.Totals["costed_from"])
	c.To, _ = linkmatch.ParseDate(out.Run.Totals["costed_to"])
	c.Note = strings.TrimSpace(out.Run.Totals["cost_notes"] + " " + out.Run.Totals["unpriced"])
	carers := map[string]*report.CarerCost{}
	carerLinks := map[string]map[string]bool{}
	var first, last linkmatch.Date
	for i, it := range out.Costs {
		if i == 0 || it.Date < first {
			first = it.Date
		}
		last = max(last, it.Date)
		kc := carers[it.CarerID]
		if kc == nil {
			kc = &report.CarerCost{CarerID: it.CarerID}
			carers[it.CarerID], carerLinks[it.CarerID] = kc, map[string]bool{}
		}
		carerLinks[it.CarerID][it.LinkID] = true
		addItem(&[4]*linkmatch.Pence{&kc.Retainer, &kc.Sessions, &kc.Mileage, &kc.Total}, it)
		addItem(&[4]*linkmatch.Pence{&c.Retainer, &c.Sessions, &c.Mileage, &c.Total}, it)
	}
	if c.From == 0 || c.To == 0 {
		c.From, c.To = first, last
	}
	c.Months = out.Months
	if c.Months == nil {
		c.Months = monthCosts(out.Costs, c.From, c.To)
	}
	for id, kc := range carers {
		kc.Links = len(carerLinks[id])
		c.Carers = append(c.Carers, *kc)
	}
	slices.SortFunc(c.Carers, func(a, b report.CarerCost) int { return strings.Compare(a.CarerID, b.CarerID) })
	return c
}

// monthCosts is the all-links month summary of the cost package over the
// costing period from–to, made from costs.csv's rows: each calendar month
// from the first to the last, with the links paid in it, for the report
// of a run's folder (a run hands its own, MonthsOf). The rows are taken
// link by link (cost.LinkTotals), each link active from its first row to
// the last day it is paid for, rather than rebuilt into one cost.Result:
// a national run's 2.4 million held 176 MB at the report's peak (issue
// 15). The period is widened to hold every row, should a row fall outside
// it.
func monthCosts(items []CostItem, from, to linkmatch.Date) []report.MonthCost {
	if len(items) == 0 {
		return nil
	}
	order := make([]int32, len(items))
	payFrom := from
	for i := range items {
		order[i] = int32(i)
		d, _ := itemRow(&items[i])
		from, to = min(from, items[i].Date), max(to, d)
	}
	slices.SortStableFunc(order, func(a, b int32) int {
		if c := strings.Compare(items[a].LinkID, items[b].LinkID); c != 0 {
			return c
		}
		return int(items[a].Date - items[b].Date)
	})
	totals := cost.NewLinkTotals(from, to, payFrom, []cost.PeriodKind{cost.PeriodMonth})
	var rows []cost.Row
	for lo := 0; lo < len(order); {
		first := &items[order[lo]]
		l := cost.Link{ID: first.LinkID, LinkInfo: cost.LinkInfo{ChildID: first.ChildID, CarerID: first.CarerID}, Start: first.Date, End: first.Date}
		rows = rows[:0]
		hi := lo
		for ; hi < len(order) && items[order[hi]].LinkID == l.ID; hi++ {
			end, r := itemRow(&items[order[hi]])
			l.End = max(l.End, end)
			rows = append(rows, r)
		}
		totals.Add(&l, rows)
		lo = hi
	}
	var months []report.MonthCost
	for _, s := range totals.Rows() {
		months = append(months, monthCost(&s))
	}
	return months
}

// MonthsOf gives the all-links month rows of res's cost summary
// (cost.SummaryRows) as the report shows them. A run hands the report the
// months of its own costs (Outputs.Months) rather than having its costs
// rebuilt from their items first (about 5% of a 500-child run's CPU).
func MonthsOf(res *cost.Result) []report.MonthCost {
	var months []report.MonthCost
	for s := range cost.SummaryRows(res, []cost.PeriodKind{cost.PeriodMonth}) {
		if s.ScopeKind != cost.ScopeAllLinks {
			break // the all-links rows come first; the links' and carers' are not read
		}
		months = append(months, monthCost(s))
	}
	return months
}

// monthCost is an all-links month row of the cost summary as the report
// shows it.
func monthCost(s *cost.SummaryRow) report.MonthCost {
	return report.MonthCost{Month: s.Start, Retainer: s.Retainer, Sessions: s.Sessions,
		Mileage: s.Mileage, Total: s.Amount, Links: int(s.Links)}
}

// itemRow is costs.csv's row it as a cost row, and the last day it pays
// for (a retainer's last day; else its date).
func itemRow(it *CostItem) (linkmatch.Date, cost.Row) {
	r := cost.Row{Date: it.Date, Amount: it.Amount, Item: cost.ItemSession}
	end := it.Date
	switch it.Item {
	case "retainer":
		r.Item, r.Days = cost.ItemRetainer, int8(max(it.Days, 1))
		end = it.Date.AddDays(int(r.Days) - 1)
	case "mileage":
		r.Item = cost.ItemMileage
	}
	return end, r
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
// totalled as the report reads them when it is handed the month summary
// too (Outputs.Months, MonthsOf): one item per link and kind of payment —
// its retainers, its sessions, its mileage — dated on the first of its
// rows, named as that row, and with no days. The report's totals (by
// carer, by link, in all, and each carer's links) are those of costs.csv's
// rows; its months are not: they need the rows by month and each
// retainer's days (monthCosts), which is why a run hands them over. A
// national run's 2.1 million rows become 21,000 items (the 2 million
// items of costs.csv's rows merged only where adjacent held 180 MB beside
// the cost writers' rows while the report was made, and took 0.6 s to
// make; issue 15). The costed period comes from run.json's totals, as it
// does for any run that priced anything. Nil when nothing was priced.
func CostItemsOf(res *cost.Result) []CostItem {
	if res == nil || len(res.Rows) == 0 {
		return nil
	}
	rows := res.Rows
	out := make([]CostItem, 0, 3*len(res.Links))
	for lo := 0; lo < len(rows); {
		link := rows[lo].Link
		l := &res.Links[link]
		at := [3]int{-1, -1, -1} // the link's item of each cost.Item
		hi := lo
		for ; hi < len(rows) && rows[hi].Link == link; hi++ {
			r := &rows[hi]
			if k := at[r.Item]; k >= 0 {
				out[k].Amount += r.Amount
				continue
			}
			at[r.Item] = len(out)
			out = append(out, CostItem{LinkID: l.ID, ChildID: l.ChildID, CarerID: l.CarerID, Date: r.Date, Item: r.ItemName(), Amount: r.Amount})
		}
		lo = hi
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
