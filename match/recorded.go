package match

import (
	"fmt"
	"slices"
	"sort"
	"strconv"
	"strings"

	"github.com/linkmatch/linkmatch/assign"
	"github.com/linkmatch/linkmatch/input"
	"github.com/linkmatch/linkmatch/internal/table"
)

// CertificateRow is one row of certificate.csv (see WriteCertificate).
type CertificateRow struct {
	Kind, ID, CarerID string
	Value             int64
}

var certificateSpec = table.Spec{Required: []string{"kind", "id", "carer_id", "value"}}

// ParseCertificate reads a certificate.csv written by WriteCertificate,
// naming it display in problems, which go to ps.
func ParseCertificate(data []byte, display string, ps *input.Problems) []CertificateRow {
	r := table.New(display, data, certificateSpec, ps)
	if r == nil {
		return nil
	}
	var out []CertificateRow
	for r.Next() {
		v, err := strconv.ParseInt(strings.TrimSpace(r.Get("value")), 10, 64)
		if err != nil {
			r.Fail(input.ErrBadValue, "value", "the file should be certificate.csv as linkmatch wrote it", "%q is not a whole number", r.Get("value"))
			continue
		}
		out = append(out, CertificateRow{Kind: r.Get("kind"), ID: r.Get("id"), CarerID: r.Get("carer_id"), Value: v})
	}
	return out
}

// CheckRecorded checks links and a certificate that a run recorded
// (matches.csv and certificate.csv) against the problem p, posed again from
// the scenario with the run's pinned links: the links must be eligible and
// within every carer's places, and the certificate must prove them optimal
// (assign.CheckOptimal, which shares no code with the solver). It lets a
// report confirm an earlier run's proof rather than repeat its claim.
func CheckRecorded(p *Problem, links []PinnedLink, cert []CertificateRow) error {
	// The certificate's places rows (a carer's places lowered to what
	// their time holds, Solve) change a copy of the places.
	q := *p
	q.Solver.Places = slices.Clone(p.Solver.Places)
	p = &q
	rowOf, colOf := indexIDs(p.ChildIDs), indexIDs(p.CarerIDs)
	groupOf := map[string]int32{}
	for g := range p.Solver.Groups {
		groupOf[groupName(p, int32(g))] = int32(g)
	}
	rowGroup := make([]int32, len(p.ChildIDs))
	for i := range rowGroup {
		rowGroup[i] = -1
	}
	for g, rows := range p.Solver.Groups {
		for _, r := range rows {
			rowGroup[r] = int32(g)
		}
	}
	arcOf := make(map[[2]int32]int32, len(links))
	want := map[[2]int32]bool{}
	res := &assign.Result{Mode: assign.Optimal}
	for _, l := range links {
		r, ok1 := rowOf[l.ChildID]
		c, ok2 := colOf[l.CarerID]
		if !ok1 || !ok2 {
			return fmt.Errorf("match: the recorded link %s–%s names someone not in the scenario", l.ChildID, l.CarerID)
		}
		want[[2]int32{r, c}] = true
	}
	for k, a := range p.Solver.Arcs {
		if want[[2]int32{a.Row, a.Col}] {
			arcOf[[2]int32{a.Row, a.Col}] = int32(k)
		}
	}
	pinned := map[int32]bool{}
	for _, pin := range p.Solver.Pins {
		pinned[pin.Row] = true
	}
	for key := range want {
		k, ok := arcOf[key]
		if !ok {
			return fmt.Errorf("match: the recorded link %s–%s is not an eligible pair now", p.ChildIDs[key[0]], p.CarerIDs[key[1]])
		}
		res.Assignments = append(res.Assignments, assign.Assignment{Row: key[0], Col: key[1], Arc: k, Pinned: pinned[key[0]], Group: rowGroup[key[0]]})
		res.Units++
		res.Weight += p.Solver.Arcs[k].Weight
	}
	sort.Slice(res.Assignments, func(i, j int) bool { return res.Assignments[i].Row < res.Assignments[j].Row })
	c, err := certificateOf(p, cert, rowOf, colOf, groupOf)
	if err != nil {
		return err
	}
	res.Certificate = c
	return assign.CheckOptimal(&p.Solver, res)
}

// certificateOf turns certificate.csv's rows back into the solver's
// certificate for p.
func certificateOf(p *Problem, rows []CertificateRow, rowOf, colOf map[string]int32, groupOf map[string]int32) (*assign.Certificate, error) {
	c := &assign.Certificate{
		RowDual:    make([]int64, len(p.ChildIDs)),
		GroupDual:  make([]int64, len(p.Solver.Groups)),
		ColumnDual: make([]int64, len(p.CarerIDs)),
	}
	unknown := func(r CertificateRow) error {
		return fmt.Errorf("match: the certificate's row %s %q %q names someone not in the scenario", r.Kind, r.ID, r.CarerID)
	}
	for _, r := range rows {
		switch r.Kind {
		case "big":
			c.Big = r.Value
		case "unit":
			c.Scale = r.Value
		case "child":
			i, ok := rowOf[r.ID]
			if !ok {
				return nil, unknown(r)
			}
			c.RowDual[i] = r.Value
		case "group":
			g, ok := groupOf[r.ID]
			if !ok {
				return nil, unknown(r)
			}
			c.GroupDual[g] = r.Value
		case "carer":
			j, ok := colOf[r.ID]
			if !ok {
				return nil, unknown(r)
			}
			c.ColumnDual[j] = r.Value
		case "fix", "forbid", "exclude":
			d := assign.Decision{Group: -1, Col: -1, Kind: assign.DecisionExclude}
			if g, ok := groupOf[r.ID]; ok {
				d.Group, d.Row = g, p.Solver.Groups[g][0]
			} else if i, ok := rowOf[r.ID]; ok {
				d.Row = i
			} else {
				return nil, unknown(r)
			}
			if r.CarerID != "" {
				j, ok := colOf[r.CarerID]
				if !ok {
					return nil, unknown(r)
				}
				d.Col = j
			}
			switch r.Kind {
			case "fix":
				d.Kind = assign.DecisionFix
			case "forbid":
				d.Kind = assign.DecisionForbid
			}
			c.Decisions = append(c.Decisions, d)
		case "places":
			j, ok := colOf[r.CarerID]
			if !ok {
				return nil, unknown(r)
			}
			p.Solver.Places[j] = int32(min(max(r.Value, 0), int64(p.Solver.Places[j])))
		default:
			return nil, fmt.Errorf("match: the certificate has a row of unknown kind %q", r.Kind)
		}
	}
	return c, nil
}
