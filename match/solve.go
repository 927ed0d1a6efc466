package match

import (
	"context"
	"errors"
	"fmt"
	"math"
	"slices"
	"sort"
)

// Candidate is one eligible child–carer pair offered to the solver: indices
// into SolveProblem.ChildIDs and SolveProblem.CarerIDs, and a score from 0 to
// 100 (higher is better).
type Candidate struct {
	Child, Carer int32
	Score        float64
}

// Pin is an already-agreed link that the solver keeps: the child is linked to
// the carer and uses one of the carer's places.
type Pin struct {
	Child, Carer int32
}

// SolveProblem is the input to Solve: children, carers with the places they
// have left, the eligible pairs with scores, sibling groups and pinned links.
// Children and carers are indexed 0..n-1 and 0..m-1; ties everywhere are
// broken by ID, never by index, so the result does not depend on input order.
type SolveProblem struct {
	ChildIDs []string
	CarerIDs []string
	// Places is how many more children each carer can take (capacity minus
	// current links), before pinned links are counted.
	Places     []int32
	Candidates []Candidate
	// SiblingGroups lists sets of children (indices) that must be linked to
	// the same carer or not at all. A child is in at most one group.
	SiblingGroups [][]int32
	// GroupIDs optionally names each sibling group (for output); when nil the
	// group is named after its first member.
	GroupIDs []string
	// Pinned links are kept as they are. A pinned child in a sibling group
	// requires every member of the group to be pinned to the same carer.
	Pinned []Pin
}

// Mode chooses how links are chosen.
type Mode uint8

// Modes, as spelled on the command line.
const (
	ModeOptimal Mode = iota // most children linked, then highest total score
	ModeStable              // child-proposing deferred acceptance
	ModeGreedy              // fewest options first, each takes its best carer
)

var modeNames = [...]string{"optimal", "stable", "greedy"}

func (m Mode) String() string {
	if int(m) < len(modeNames) {
		return modeNames[m]
	}
	return "unknown"
}

// ParseMode reads "optimal", "stable" or "greedy".
func ParseMode(s string) (Mode, bool) {
	for i, n := range modeNames {
		if n == s {
			return Mode(i), true
		}
	}
	return 0, false
}

// SolveOptions tunes Solve. The zero value solves in optimal mode with the
// default branch-and-bound node limit.
type SolveOptions struct {
	Mode Mode
	// NodeLimit caps the branch-and-bound nodes used for sibling groups
	// (optimal mode); 0 means DefaultNodeLimit.
	NodeLimit int
}

// DefaultNodeLimit is the branch-and-bound node budget. Each node re-solves
// the flow relaxation (well under a second at 7,000 children), so 200 nodes
// bound the extra work by a few minutes at worst; in practice the relaxation
// with sibling groups as single super-children is rarely split at all.
const DefaultNodeLimit = 200

// Assignment is one chosen link.
type Assignment struct {
	Child, Carer int32
	Score        float64
	Pinned       bool
	// Group is the index of the child's sibling group, or -1.
	Group int32
}

// SolveResult is the outcome of Solve.
type SolveResult struct {
	Mode Mode
	// Assignments are sorted by child ID; pinned links are included.
	Assignments []Assignment
	// Unmatched lists every child without a link, sorted by child ID.
	Unmatched []Unmatched
	// Linked is len(Assignments); TotalScore sums their scores.
	Linked     int
	TotalScore float64
	// ScaledTotal is the total in hundredths of a point (each score rounded
	// to hundredths first), the exact integer objective of optimal mode.
	ScaledTotal int64

	// Optimal mode only. Proven is true when the result is proven optimal
	// (branch and bound finished); otherwise BoundLinked and BoundScaled are
	// the best upper bound found (the gap is Bound minus the result).
	Proven      bool
	BoundLinked int
	BoundScaled int64
	Nodes       int
	Certificate *Certificate
}

// Gap returns how many children and how much score (in points) an optimal
// result could have beyond this one: zero when Proven.
func (r *SolveResult) Gap() (links int, score float64) {
	if r.Proven {
		return 0, 0
	}
	return r.BoundLinked - r.Linked, float64(r.BoundScaled-r.ScaledTotal) / scoreScale
}

// ErrBadProblem is matched (errors.Is) by every error about an inconsistent
// SolveProblem: an index out of range, a score outside 0–100, a duplicate
// pair, a child in two groups or an invalid pinned link.
var ErrBadProblem = errors.New("match: invalid problem")

// scoreScale turns a 0–100 score into an exact integer: hundredths of a
// point, the precision scores are written with.
const scoreScale = 100

// maxScaled is the largest scaled score of one link (100 points).
const maxScaled = 100 * scoreScale

// scaleScore rounds a score to hundredths of a point.
func scaleScore(s float64) int64 { return int64(math.Round(s * scoreScale)) }

// Solve chooses links in the requested mode. It honours ctx cancellation.
func Solve(ctx context.Context, p *SolveProblem, opt SolveOptions) (*SolveResult, error) {
	pr, err := prepare(p)
	if err != nil {
		return nil, err
	}
	var res *SolveResult
	switch opt.Mode {
	case ModeOptimal:
		limit := opt.NodeLimit
		if limit <= 0 {
			limit = DefaultNodeLimit
		}
		res, err = solveOptimal(ctx, pr, limit)
	case ModeStable:
		res, err = solveStable(ctx, pr)
	case ModeGreedy:
		res, err = solveGreedy(ctx, pr)
	default:
		return nil, fmt.Errorf("match: unknown mode %d", opt.Mode)
	}
	if err != nil {
		return nil, err
	}
	res.Mode = opt.Mode
	finishResult(pr, res)
	return res, nil
}

// prepared is a SolveProblem checked and reorganised for the solvers: pinned
// links applied, candidates grouped by child in carer-ID order, and the units
// that are matched (single children and sibling groups) in ID order.
type prepared struct {
	p         *SolveProblem
	childRank []int32 // position of each child in ID order
	carerRank []int32
	carerByID []int32 // carers in ID order
	// places left after pinned links.
	places []int32
	pinned []int32 // carer of each pinned child, or -1
	group  []int32 // group of each child, or -1
	// Candidates by child: cand[start[c]:start[c+1]], sorted by carer ID.
	start     []int32
	candCarer []int32
	candScore []int64 // scaled
	candRaw   []float64
	// units in ID order (of their first member): singles and groups that are
	// not pinned.
	units []unit
}

// unit is what the solvers place: one child, or a sibling group of k children.
type unit struct {
	members []int32 // children, in ID order
	group   int32   // -1 for a single child
	// For a group: the carers eligible for every member, in carer-ID order,
	// with the group score (sum of members' scaled scores).
	gCarer []int32
	gScore []int64
}

func (u *unit) size() int32 { return int32(len(u.members)) }

// options returns the unit's eligible carers and their scaled scores.
func (pr *prepared) options(u *unit) ([]int32, []int64) {
	if u.group < 0 {
		c := u.members[0]
		return pr.candCarer[pr.start[c]:pr.start[c+1]], pr.candScore[pr.start[c]:pr.start[c+1]]
	}
	return u.gCarer, u.gScore
}

func badf(format string, args ...any) error {
	return fmt.Errorf("%w: "+format, append([]any{ErrBadProblem}, args...)...)
}

func rankByID(ids []string) (rank, byID []int32) {
	byID = make([]int32, len(ids))
	for i := range byID {
		byID[i] = int32(i)
	}
	sort.SliceStable(byID, func(a, b int) bool { return ids[byID[a]] < ids[byID[b]] })
	rank = make([]int32, len(ids))
	for r, i := range byID {
		rank[i] = int32(r)
	}
	return rank, byID
}

func prepare(p *SolveProblem) (*prepared, error) {
	n, m := len(p.ChildIDs), len(p.CarerIDs)
	if len(p.Places) != m {
		return nil, badf("%d carers but %d places", m, len(p.Places))
	}
	if n > math.MaxInt32/2 || m > math.MaxInt32/2 || len(p.Candidates) > math.MaxInt32-1 {
		return nil, badf("problem too large")
	}
	pr := &prepared{p: p}
	var childByID []int32
	pr.childRank, childByID = rankByID(p.ChildIDs)
	pr.carerRank, pr.carerByID = rankByID(p.CarerIDs)
	pr.places = make([]int32, m)
	for j, pl := range p.Places {
		if pl < 0 {
			return nil, badf("carer %s has %d places", p.CarerIDs[j], pl)
		}
		pr.places[j] = pl
	}
	// Candidates grouped by child, each child's in carer-ID order: a
	// two-pass radix sort (by carer rank, then stably by child), linear in
	// the number of pairs — or, when the input already lists each child's
	// pairs together (as pairs.csv usually does), a sort of each child's
	// run, which reads and writes memory in order (fillGrouped).
	E := len(p.Candidates)
	byCarer := make([]int32, m+1)
	pr.start = make([]int32, n+1)
	for _, c := range p.Candidates {
		if c.Child < 0 || int(c.Child) >= n || c.Carer < 0 || int(c.Carer) >= m {
			return nil, badf("candidate (%d, %d) out of range", c.Child, c.Carer)
		}
		if !(c.Score >= 0 && c.Score <= 100) {
			return nil, badf("score %v for %s–%s is outside 0–100", c.Score, p.ChildIDs[c.Child], p.CarerIDs[c.Carer])
		}
		pr.start[c.Child+1]++
		byCarer[pr.carerRank[c.Carer]+1]++
	}
	for i := 0; i < n; i++ {
		pr.start[i+1] += pr.start[i]
	}
	for j := 0; j < m; j++ {
		byCarer[j+1] += byCarer[j]
	}
	pr.candCarer = make([]int32, E)
	pr.candScore = make([]int64, E)
	pr.candRaw = make([]float64, E)
	if !pr.fillGrouped(p.Candidates) {
		order := make([]int32, E)
		for x, c := range p.Candidates {
			r := pr.carerRank[c.Carer]
			order[byCarer[r]] = int32(x)
			byCarer[r]++
		}
		fill := append([]int32(nil), pr.start[:n]...)
		for _, x := range order {
			c := p.Candidates[x]
			k := fill[c.Child]
			fill[c.Child]++
			pr.candCarer[k] = c.Carer
			pr.candRaw[k] = c.Score
			pr.candScore[k] = scaleScore(c.Score)
		}
	}
	for i := 0; i < n; i++ {
		for k := pr.start[i] + 1; k < pr.start[i+1]; k++ {
			if pr.candCarer[k] == pr.candCarer[k-1] {
				return nil, badf("duplicate pair %s–%s", p.ChildIDs[i], p.CarerIDs[pr.candCarer[k]])
			}
		}
	}
	// Groups.
	pr.group = make([]int32, n)
	for i := range pr.group {
		pr.group[i] = -1
	}
	for g, mem := range p.SiblingGroups {
		if len(mem) == 0 {
			return nil, badf("sibling group %d is empty", g)
		}
		for _, c := range mem {
			if c < 0 || int(c) >= n {
				return nil, badf("sibling group %d: child %d out of range", g, c)
			}
			if pr.group[c] >= 0 {
				return nil, badf("child %s is in two sibling groups", p.ChildIDs[c])
			}
			pr.group[c] = int32(g)
		}
	}
	// Pins.
	pr.pinned = make([]int32, n)
	for i := range pr.pinned {
		pr.pinned[i] = -1
	}
	for _, pin := range p.Pinned {
		if pin.Child < 0 || int(pin.Child) >= n || pin.Carer < 0 || int(pin.Carer) >= m {
			return nil, badf("pinned link (%d, %d) out of range", pin.Child, pin.Carer)
		}
		cid, kid := p.ChildIDs[pin.Child], p.CarerIDs[pin.Carer]
		if pr.pinned[pin.Child] >= 0 {
			return nil, badf("child %s is pinned twice", cid)
		}
		if pr.candIndex(pin.Child, pin.Carer) < 0 {
			return nil, badf("pinned link %s–%s is not an eligible pair", cid, kid)
		}
		if pr.places[pin.Carer] == 0 {
			return nil, badf("pinned link %s–%s: carer %s has no place left", cid, kid, kid)
		}
		pr.places[pin.Carer]--
		pr.pinned[pin.Child] = pin.Carer
	}
	for g, mem := range p.SiblingGroups {
		first := pr.pinned[mem[0]]
		for _, c := range mem {
			if pr.pinned[c] != first {
				return nil, badf("sibling group %d: members must all be pinned to the same carer or none", g)
			}
		}
	}
	// Units in ID order of their first member.
	done := make([]bool, len(p.SiblingGroups))
	for _, c := range childByID {
		if pr.pinned[c] >= 0 {
			continue
		}
		g := pr.group[c]
		if g < 0 {
			pr.units = append(pr.units, unit{members: []int32{c}, group: -1})
			continue
		}
		if done[g] {
			continue
		}
		done[g] = true
		u := unit{group: g, members: append([]int32(nil), p.SiblingGroups[g]...)}
		sort.Slice(u.members, func(a, b int) bool { return pr.childRank[u.members[a]] < pr.childRank[u.members[b]] })
		u.gCarer, u.gScore = pr.intersect(u.members)
		pr.units = append(pr.units, u)
	}
	return pr, nil
}

// candIndex returns the position of pair (c, j) in the candidate arrays, or -1.
func (pr *prepared) candIndex(c, j int32) int32 {
	a, b := pr.start[c], pr.start[c+1]
	r := pr.carerRank[j]
	k := a + int32(sort.Search(int(b-a), func(x int) bool { return pr.carerRank[pr.candCarer[a+int32(x)]] >= r }))
	if k < b && pr.candCarer[k] == j {
		return k
	}
	return -1
}

// intersect returns the carers eligible for every member, with the sum of
// the members' scaled scores.
func (pr *prepared) intersect(members []int32) ([]int32, []int64) {
	c0 := members[0]
	var carers []int32
	var scores []int64
outer:
	for k := pr.start[c0]; k < pr.start[c0+1]; k++ {
		j := pr.candCarer[k]
		sum := pr.candScore[k]
		for _, c := range members[1:] {
			x := pr.candIndex(c, j)
			if x < 0 {
				continue outer
			}
			sum += pr.candScore[x]
		}
		carers = append(carers, j)
		scores = append(scores, sum)
	}
	return carers, scores
}

// fillGrouped fills the candidate arrays when cands lists children in
// non-decreasing index order, sorting each child's run by carer rank (then
// input position, as the radix sort would). It reports false, writing
// nothing, when the input is not in that order.
func (pr *prepared) fillGrouped(cands []Candidate) bool {
	for x := 1; x < len(cands); x++ {
		if cands[x].Child < cands[x-1].Child {
			return false
		}
	}
	var keys []uint64
	for a := 0; a < len(cands); {
		c := cands[a].Child
		b := a + 1
		for b < len(cands) && cands[b].Child == c {
			b++
		}
		keys = keys[:0]
		sorted := true
		for x := a; x < b; x++ {
			k := uint64(pr.carerRank[cands[x].Carer])<<32 | uint64(x-a)
			sorted = sorted && (len(keys) == 0 || keys[len(keys)-1] < k)
			keys = append(keys, k)
		}
		if !sorted {
			slices.Sort(keys)
		}
		k := pr.start[c]
		for _, key := range keys {
			cd := cands[a+int(uint32(key))]
			pr.candCarer[k] = cd.Carer
			pr.candRaw[k] = cd.Score
			pr.candScore[k] = scaleScore(cd.Score)
			k++
		}
		a = b
	}
	return true
}
