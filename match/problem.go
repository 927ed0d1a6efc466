package match

import (
	"errors"
	"fmt"
	"math"
	"sort"

	"github.com/linkmatch/linkmatch"
	"github.com/linkmatch/linkmatch/assign"
	"github.com/linkmatch/linkmatch/input"
)

// Problem is the choice of links posed to the solver (package assign): one
// row per child and one column per carer, both in id order so that every
// tie the solver breaks by index is broken by id; one arc per eligible
// pair, weighing its score in hundredths of a point; sibling groups as
// groups of rows; already-agreed links as pins.
type Problem struct {
	// ChildIDs and CarerIDs are the ids of the rows and columns, sorted.
	ChildIDs, CarerIDs []string
	// GroupIDs names each sibling group (Solver.Groups[g]); an empty name
	// stands for the group's first child id.
	GroupIDs []string
	// Scores is the score (0–100) of each arc of Solver, as matches.csv
	// writes it, when some pair's score has more than two decimals; it is
	// nil when every score is its arc's weight in hundredths, which saves
	// 8 bytes a pair on national files (see score).
	Scores []float64
	// ChildIndex and CarerIndex give, for each row and column, the index of
	// the child or carer in the slices BuildProblem was given (nil for a
	// problem read from pairs.csv).
	ChildIndex, CarerIndex []int32
	// Approval is, for each column, the date a carer still in assessment
	// expects the fostering panel's approval, zero for an approved carer:
	// a link with a carer in assessment is provisional (seed 002, the
	// assessment of a carer before approval; Fostering Services (England)
	// Regulations 2011, reg. 26–27). Nil for a problem read from pairs.csv.
	Approval []linkmatch.Date
	// TimeLeft is, for each column, how many more children or sibling
	// groups the carer's offered time holds (TimePlaces less current
	// links); nil when time is not counted (a problem read from
	// pairs.csv, whose places already hold it). It is Solver.Slots.
	TimeLeft []int32
	// Lowered lists, in column order, the carers whose places Solve
	// lowered to their TimeLeft (certificate.csv's places rows).
	Lowered []int32
	Solver  assign.Problem
}

// scoreScale turns a 0–100 score into an exact integer weight: hundredths
// of a point, the precision pairs.csv writes scores with.
const scoreScale = 100

// maxWeight is the weight of a perfect score, the most one link can
// weigh: the solver's MaxWeight, so its Big is 10000 × children + 1 (the
// value certificate.csv reports).
const maxWeight = 100 * scoreScale

// scoreWeight is a score's weight: the score in hundredths, rounded.
func scoreWeight(s float64) int64 { return int64(math.Round(s * scoreScale)) }

// score is the score of arc k. Without Scores it is the weight over 100:
// for a score with at most two decimals that division gives back exactly
// the float64 the score was read or rounded to, both being the correctly
// rounded value of the same decimal.
func (p *Problem) score(k int32) float64 {
	if p.Scores != nil {
		return p.Scores[k]
	}
	return float64(p.Solver.Arcs[k].Weight) / scoreScale
}

// addArc appends an arc for a pair with score s (0–100), keeping Scores
// only once some score needs it.
func (p *Problem) addArc(row, col int32, s float64) {
	w := scoreWeight(s)
	if p.Scores == nil && float64(w)/scoreScale != s {
		scores := make([]float64, len(p.Solver.Arcs), cap(p.Solver.Arcs))
		for k := range scores {
			scores[k] = p.score(int32(k))
		}
		p.Scores = scores
	}
	if p.Scores != nil {
		p.Scores = append(p.Scores, s)
	}
	p.Solver.Arcs = append(p.Solver.Arcs, assign.Arc{Row: row, Col: col, Weight: w})
}

// BuildProblem turns the scored pairs of children and carers (pairs index
// the two slices, as Scorer results do) into the solver's problem. Places
// are each carer's capacity less current links, and no more than their
// offered time holds (StepDownPlaces: the step-down stages of that many
// children at once). Each score is first rounded to two decimals, as
// pairs.csv writes it, so that "match SCENARIO" and "match --pairs
// pairs.csv" solve the same problem. Children
// sharing a sibling_group must go to one carer or none (PRODUCT.md:
// siblings are placed together).
func BuildProblem(children []linkmatch.Child, carers []linkmatch.Carer, pairs []ScoredPair) *Problem {
	p := &Problem{
		Solver: assign.Problem{
			Rows:      len(children),
			Places:    make([]int32, len(carers)),
			MaxWeight: maxWeight,
		},
	}
	var childRow, carerCol []int32
	p.ChildIDs, p.ChildIndex, childRow = byID(len(children), func(i int) string { return children[i].ID })
	p.CarerIDs, p.CarerIndex, carerCol = byID(len(carers), func(i int) string { return carers[i].ID })
	for j, i := range p.CarerIndex {
		if carers[i].Provisional() {
			if p.Approval == nil {
				p.Approval = make([]linkmatch.Date, len(carers))
			}
			p.Approval[j] = carers[i].ApprovalExpected
		}
	}
	// A sibling group shares its sessions (joint, seed 003 and issue 12), so
	// it takes one child's share of the carer's time: a carer gets the
	// places of the largest group eligible there within one share of time,
	// and its time is the solver's slots (assign.Problem.Slots): the
	// solver takes the extra places back from a carer given unrelated
	// children with them.
	size := map[string]int32{}
	for i := range children {
		if g := children[i].SiblingGroup; g != "" {
			size[g]++
		}
	}
	groupSize := make([]int32, len(children)) // of each row's group, 0 outside groups
	for row, i := range p.ChildIndex {
		if g := children[i].SiblingGroup; g != "" {
			groupSize[row] = size[g]
		}
	}
	largest := p.setArcs(pairs, childRow, carerCol, groupSize, 0)
	p.TimeLeft = make([]int32, len(carers))
	for j, i := range p.CarerIndex {
		k := &carers[i]
		left := int32(max(TimePlaces(k.Availability)-k.CurrentLinks, 0))
		p.TimeLeft[j] = left
		places := left
		if left > 0 && largest[j] > 1 {
			places += largest[j] - 1
		}
		p.Solver.Places[j] = min(int32(k.Places()), places)
	}
	p.Solver.Slots = p.TimeLeft
	groups := map[string][]int32{}
	for row, i := range p.ChildIndex {
		if g := children[i].SiblingGroup; g != "" {
			groups[g] = append(groups[g], int32(row))
		}
	}
	names := make([]string, 0, len(groups))
	for g, rows := range groups {
		if len(rows) > 1 {
			names = append(names, g)
		}
	}
	sort.Strings(names)
	for _, g := range names {
		p.Solver.Groups = append(p.Solver.Groups, groups[g])
		p.GroupIDs = append(p.GroupIDs, g)
	}
	return p
}

// byID orders n items by id: their ids sorted, the item at each position,
// and the position of each item.
func byID(n int, id func(i int) string) (ids []string, index, pos []int32) {
	index = make([]int32, n)
	for i := range index {
		index[i] = int32(i)
	}
	sort.SliceStable(index, func(a, b int) bool { return id(int(index[a])) < id(int(index[b])) })
	ids = make([]string, n)
	pos = make([]int32, n)
	for r, i := range index {
		ids[r] = id(int(i))
		pos[i] = int32(r)
	}
	return ids, index, pos
}

// ErrBadPin is matched (errors.Is) by every error about a pinned link.
var ErrBadPin = errors.New("match: link cannot be pinned")

// PinError says why a link cannot be pinned: Column names the pinned.csv
// column at fault ("child_id" or "carer_id", empty when it is the whole
// sibling group), Problem says what is wrong and Hint what to do, in plain
// English.
type PinError struct {
	Column, Problem, Hint string
	// Kind is what sort of input problem it is (input.ErrUnknownName for
	// an id nobody has, input.ErrDuplicate for a child pinned twice,
	// input.ErrConflict for a link the rules or places forbid).
	Kind input.Kind
	// group is the sibling group at fault, when Column is empty.
	group int32
}

func (e *PinError) Error() string { return e.Problem }

// Is reports whether target is ErrBadPin.
func (e *PinError) Is(target error) bool { return target == ErrBadPin }

// PinnedLink is an already-agreed link, by ids.
type PinnedLink struct {
	ChildID, CarerID string
}

// Pin keeps already-agreed links: every mode links each child to its
// carer, using one of the carer's places. The child and carer must be in
// the problem, the pair eligible (a pinned link still passes the hard
// rules), each child pinned once and each carer left with a place for it
// (links use places in the order given). Pin returns one error per link,
// nil for the links it pinned and a *PinError for the others. A sibling
// group must be pinned whole to one carer; Solve checks that.
func (p *Problem) Pin(links []PinnedLink) []error {
	errs := make([]error, len(links))
	rowOf, colOf := indexIDs(p.ChildIDs), indexIDs(p.CarerIDs)
	rows, cols := make([]int32, len(links)), make([]int32, len(links))
	for i, l := range links {
		row, okc := rowOf[l.ChildID]
		col, okk := colOf[l.CarerID]
		switch {
		case !okc:
			errs[i] = &PinError{Column: "child_id", Kind: input.ErrUnknownName, Problem: fmt.Sprintf("there is no child %q", l.ChildID), Hint: "use the id of a child in the children file (or pairs.csv)"}
		case !okk:
			errs[i] = &PinError{Column: "carer_id", Kind: input.ErrUnknownName, Problem: fmt.Sprintf("there is no carer %q", l.CarerID), Hint: "use the id of a carer in the carers file"}
		}
		rows[i], cols[i] = row, col
	}
	p.pinAt(rows, cols, errs)
	return errs
}

// pinAt is Pin for links given by row and column, each pinned unless
// errs already holds an error for it (its ids are not in the problem);
// it sets errs of the links it cannot pin. Choices, which pins one child
// (or sibling group) per alternative, calls it without Pin's index of the
// ids (most of Pin's time on a 500-child scenario).
func (p *Problem) pinAt(rows, cols []int32, errs []error) {
	want := make([]int32, len(p.ChildIDs)) // carer column wanted for each row, or -1
	for i := range want {
		want[i] = -1
	}
	for _, pin := range p.Solver.Pins {
		want[pin.Row] = pin.Col
	}
	for i, row := range rows {
		switch {
		case errs[i] != nil:
		case want[row] >= 0:
			errs[i] = &PinError{Column: "child_id", Kind: input.ErrDuplicate, Problem: fmt.Sprintf("child %s is pinned already", p.ChildIDs[row]), Hint: "a child has at most one link: keep one row"}
		default:
			want[row] = cols[i]
		}
	}
	// One pass over the arcs finds which wanted pairs are eligible.
	found := make([]bool, len(want))
	for _, a := range p.Solver.Arcs {
		if want[a.Row] == a.Col {
			found[a.Row] = true
		}
	}
	left := append([]int32(nil), p.Solver.Places...)
	for _, pin := range p.Solver.Pins {
		left[pin.Col]--
	}
	for i, row := range rows {
		if errs[i] != nil {
			continue
		}
		col := cols[i]
		child, carer := p.ChildIDs[row], p.CarerIDs[col]
		switch {
		case !found[row]:
			errs[i] = &PinError{Column: "carer_id", Kind: input.ErrConflict, Problem: fmt.Sprintf("the link %s–%s is not an eligible pair", child, carer),
				Hint: "a pinned link must still pass the hard rules (age range, places, distance, needs): check the carer or remove the row"}
		case left[col] <= 0:
			errs[i] = &PinError{Column: "carer_id", Kind: input.ErrConflict, Problem: fmt.Sprintf("carer %s has no place left for the link with %s", carer, child),
				Hint: "every pinned link uses one of the carer's places: check capacity and current_links"}
		default:
			left[col]--
			p.Solver.Pins = append(p.Solver.Pins, assign.Pin{Row: row, Col: col})
		}
	}
}

func indexIDs(ids []string) map[string]int32 {
	m := make(map[string]int32, len(ids))
	for i, id := range ids {
		m[id] = int32(i)
	}
	return m
}

// checkPinnedGroups refuses a sibling group pinned in part, or to two
// carers: siblings are linked to one carer together or not at all.
func (p *Problem) checkPinnedGroups() error {
	if bad := p.badPinnedGroups(); len(bad) > 0 {
		return bad[0]
	}
	return nil
}

// badPinnedGroups returns a *PinError for every sibling group pinned in
// part or to different carers, in group order.
func (p *Problem) badPinnedGroups() []*PinError {
	if len(p.Solver.Pins) == 0 {
		return nil
	}
	pinned := make(map[int32]int32, len(p.Solver.Pins))
	for _, pin := range p.Solver.Pins {
		pinned[pin.Row] = pin.Col
	}
	var out []*PinError
	for g, rows := range p.Solver.Groups {
		first, ok0 := pinned[rows[0]]
		for _, r := range rows {
			if col, ok := pinned[r]; ok != ok0 || col != first {
				out = append(out, &PinError{Kind: input.ErrConflict, group: int32(g),
					Problem: fmt.Sprintf("the sibling group %s is pinned in part or to different carers", groupName(p, int32(g))),
					Hint:    "pin every child of the group to the same carer, or none of them"})
				break
			}
		}
	}
	return out
}

// groupName is the sibling group's id, or its first child's id.
func groupName(p *Problem, g int32) string {
	if g < 0 {
		return ""
	}
	if int(g) < len(p.GroupIDs) && p.GroupIDs[g] != "" {
		return p.GroupIDs[g]
	}
	first := p.Solver.Groups[g][0]
	for _, r := range p.Solver.Groups[g] {
		first = min(first, r)
	}
	return p.ChildIDs[first]
}

// approval is the date column j's carer expects approval, and whether the
// carer is still in assessment.
func (p *Problem) approval(j int32) (linkmatch.Date, bool) {
	if int(j) >= len(p.Approval) || p.Approval[j] == 0 {
		return 0, false
	}
	return p.Approval[j], true
}
