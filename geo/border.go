package geo

import "strconv"

// Relation says how a carer's authority relates to a child's.
type Relation uint8

// Relations, in the words used in pairs.csv.
const (
	Unknown   Relation = iota // no boundaries, or a point outside every authority
	Same                      // both in the same authority
	Neighbour                 // the authorities share a border
	Distant                   // further apart; see Border.Steps
)

var relationWords = [...]string{Unknown: "unknown", Same: "same", Neighbour: "neighbour", Distant: "distant"}

// String returns "unknown", "same", "neighbour" or "distant".
func (r Relation) String() string {
	if int(r) < len(relationWords) {
		return relationWords[r]
	}
	return "Relation(" + strconv.Itoa(int(r)) + ")"
}

// MarshalText encodes the relation as its String form.
func (r Relation) MarshalText() ([]byte, error) { return []byte(r.String()), nil }

// Border is the border relation between a carer's and a child's authority.
type Border struct {
	Relation Relation
	// Steps is the number of authority borders crossed on the shortest
	// chain of neighbours: 0 same, 1 neighbour, ≥ 2 distant. It is -1 when
	// the relation is Unknown or when no chain exists (distant across the
	// sea).
	Steps int
}

// Border classifies authority indices carer and child (as returned by
// Locate; -1 means not located). A nil graph gives Unknown, so callers
// without boundaries need no special case.
func (g *Graph) Border(carer, child int) Border {
	if g == nil || carer < 0 || child < 0 || carer >= len(g.adj) || child >= len(g.adj) {
		return Border{Relation: Unknown, Steps: -1}
	}
	switch s, _ := g.Steps(carer, child); s {
	case 0:
		return Border{Relation: Same, Steps: 0}
	case 1:
		return Border{Relation: Neighbour, Steps: 1}
	default:
		return Border{Relation: Distant, Steps: s}
	}
}

// BorderOf locates both points and classifies them; see Border.
func (g *Graph) BorderOf(carer, child Point) Border {
	if g == nil {
		return Border{Relation: Unknown, Steps: -1}
	}
	a, _ := g.b.Locate(carer)
	c, _ := g.b.Locate(child)
	return g.Border(a, c)
}
