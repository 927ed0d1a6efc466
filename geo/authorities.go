package geo

import (
	"slices"
	"strings"
)

// AuthorityRow is one line of the `linkmatch authorities` output.
type AuthorityRow struct {
	Authority  string
	Code       string
	Neighbours []string // names, sorted
}

// Rows lists every authority with its neighbours, both sorted by name
// (byte order, so the output is the same everywhere).
func (g *Graph) Rows() []AuthorityRow {
	rows := make([]AuthorityRow, len(g.adj))
	for i := range g.adj {
		a := g.b.auth[i]
		nb := make([]string, len(g.adj[i]))
		for k, j := range g.adj[i] {
			nb[k] = g.b.auth[j].Name
		}
		slices.Sort(nb)
		rows[i] = AuthorityRow{Authority: a.Name, Code: a.Code, Neighbours: nb}
	}
	slices.SortFunc(rows, func(x, y AuthorityRow) int { return strings.Compare(x.Authority, y.Authority) })
	return rows
}
