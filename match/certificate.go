package match

import (
	"errors"
	"fmt"
	"io"
	"sort"

	"github.com/linkmatch/linkmatch/internal/output"
)

// Certificate proves an optimal-mode result optimal by LP duality.
//
// With every link worth Unit·(Big + s) (s the score in hundredths; a sibling
// group of k placed at one carer is worth k·Unit·Big + Unit·S, S the members'
// summed scaled scores), the links are an optimal solution of
//
//	maximise Σ w·x  s.t. each child (or group, per unit) ≤ 1 (k) units,
//	                    each carer ≤ its places, x ≥ 0,
//
// and the certificate is a feasible solution of its dual — a price U ≥ 0
// per child (per unit of a group) and V ≥ 0 per carer place with U + V ≥ w on
// every eligible pair — with equal objective. Everything is integer, so the
// check is exact. Big = 10000·n + 1 makes the objective lexicographic (see
// solve_bb.go).
//
// With sibling groups the certificate covers the flow problem after the
// branch-and-bound decisions listed in Decisions (a group fixed to a carer
// leaves the problem with that carer's places; an excluded group leaves it;
// a forbidden pair is removed). Optimality over all decisions rests on the
// branch and bound, reported by SolveResult.Proven.
type Certificate struct {
	Big, Unit int64
	ChildDual []int64 // U per child index (0 for pinned and grouped children)
	GroupDual []int64 // U per sibling group, per unit
	CarerDual []int64 // V per carer index
	Decisions []GroupDecision
}

// GroupDecision is a branch-and-bound decision about a sibling group. Kind is
// "fix" (the group is linked to Carer), "forbid" (never to Carer) or
// "exclude" (not linked; Carer is -1).
type GroupDecision struct {
	Group, Carer int32
	Kind         string
}

// ErrNotOptimal is matched by every error of CheckOptimal and CheckFeasible.
var ErrNotOptimal = errors.New("match: certificate check failed")

func notOpt(format string, args ...any) error {
	return fmt.Errorf("%w: "+format, append([]any{ErrNotOptimal}, args...)...)
}

// pairIndex looks up candidate scores by (child, carer), built independently
// of the solver's own structures.
type pairIndex struct {
	keys   []uint64
	scores []float64
}

func newPairIndex(cands []Candidate) *pairIndex {
	idx := make([]int, len(cands))
	for i := range idx {
		idx[i] = i
	}
	key := func(c Candidate) uint64 { return uint64(uint32(c.Child))<<32 | uint64(uint32(c.Carer)) }
	sort.Slice(idx, func(a, b int) bool { return key(cands[idx[a]]) < key(cands[idx[b]]) })
	pi := &pairIndex{keys: make([]uint64, len(cands)), scores: make([]float64, len(cands))}
	for i, x := range idx {
		pi.keys[i], pi.scores[i] = key(cands[x]), cands[x].Score
	}
	return pi
}

func (pi *pairIndex) get(child, carer int32) (float64, bool) {
	k := uint64(uint32(child))<<32 | uint64(uint32(carer))
	i := sort.Search(len(pi.keys), func(i int) bool { return pi.keys[i] >= k })
	if i < len(pi.keys) && pi.keys[i] == k {
		return pi.scores[i], true
	}
	return 0, false
}

// CheckFeasible checks that res's links are allowed: every link is an
// eligible pair with its score, no child is linked twice, no carer beyond its
// places, pinned links are kept and sibling groups are linked whole to one
// carer or not at all.
func CheckFeasible(p *SolveProblem, res *SolveResult) error {
	_, err := checkFeasible(p, res, newPairIndex(p.Candidates))
	return err
}

func checkFeasible(p *SolveProblem, res *SolveResult, pi *pairIndex) ([]int32, error) {
	n, m := len(p.ChildIDs), len(p.CarerIDs)
	carerOf := make([]int32, n)
	for i := range carerOf {
		carerOf[i] = -1
	}
	load := make([]int32, m)
	for _, a := range res.Assignments {
		if a.Child < 0 || int(a.Child) >= n || a.Carer < 0 || int(a.Carer) >= m {
			return nil, notOpt("link (%d, %d) out of range", a.Child, a.Carer)
		}
		if carerOf[a.Child] >= 0 {
			return nil, notOpt("child %s linked twice", p.ChildIDs[a.Child])
		}
		s, ok := pi.get(a.Child, a.Carer)
		if !ok {
			return nil, notOpt("link %s–%s is not an eligible pair", p.ChildIDs[a.Child], p.CarerIDs[a.Carer])
		}
		if s != a.Score {
			return nil, notOpt("link %s–%s has score %v, pair has %v", p.ChildIDs[a.Child], p.CarerIDs[a.Carer], a.Score, s)
		}
		carerOf[a.Child] = a.Carer
		load[a.Carer]++
	}
	for j := range load {
		if load[j] > p.Places[j] {
			return nil, notOpt("carer %s has %d links but %d places", p.CarerIDs[j], load[j], p.Places[j])
		}
	}
	for _, pin := range p.Pinned {
		if carerOf[pin.Child] != pin.Carer {
			return nil, notOpt("pinned link %s–%s was not kept", p.ChildIDs[pin.Child], p.CarerIDs[pin.Carer])
		}
	}
	for g, mem := range p.SiblingGroups {
		for _, c := range mem {
			if carerOf[c] != carerOf[mem[0]] {
				return nil, notOpt("sibling group %d is split", g)
			}
		}
	}
	if res.Linked != len(res.Assignments) {
		return nil, notOpt("Linked is %d but there are %d links", res.Linked, len(res.Assignments))
	}
	return carerOf, nil
}

// CheckOptimal checks res (an optimal-mode result) against its certificate:
// the links are feasible, the duals are feasible on every eligible pair of
// the problem left after pinned links and branch-and-bound decisions, and
// the primal and dual objectives are equal. A nil error proves the links
// optimal for that problem.
func CheckOptimal(p *SolveProblem, res *SolveResult) error {
	cert := res.Certificate
	if cert == nil {
		return notOpt("no certificate")
	}
	pi := newPairIndex(p.Candidates)
	carerOf, err := checkFeasible(p, res, pi)
	if err != nil {
		return err
	}
	n, m := len(p.ChildIDs), len(p.CarerIDs)
	if len(cert.ChildDual) != n || len(cert.CarerDual) != m || len(cert.GroupDual) != len(p.SiblingGroups) {
		return notOpt("certificate sizes do not match the problem")
	}
	pinned := make([]bool, n)
	places := append([]int32(nil), p.Places...)
	for _, pin := range p.Pinned {
		pinned[pin.Child] = true
		places[pin.Carer]--
	}
	group := make([]int32, n)
	for i := range group {
		group[i] = -1
	}
	big, unit := int64(maxScaled)*int64(n)+1, int64(1)
	for g, mem := range p.SiblingGroups {
		for _, c := range mem {
			group[c] = int32(g)
		}
		if !pinned[mem[0]] && len(mem) > 1 {
			unit = lcm(unit, int64(len(mem)))
		}
	}
	if cert.Big != big || cert.Unit != unit {
		return notOpt("certificate Big/Unit %d/%d, want %d/%d", cert.Big, cert.Unit, big, unit)
	}
	gone := make([]bool, len(p.SiblingGroups))
	forbid := map[[2]int32]bool{}
	for _, d := range cert.Decisions {
		if d.Group < 0 || int(d.Group) >= len(gone) {
			return notOpt("decision about unknown group %d", d.Group)
		}
		mem := p.SiblingGroups[d.Group]
		switch d.Kind {
		case "fix":
			if carerOf[mem[0]] != d.Carer {
				return notOpt("group %d is fixed to carer %d but not linked to it", d.Group, d.Carer)
			}
			gone[d.Group] = true
			places[d.Carer] -= int32(len(mem))
		case "exclude":
			if carerOf[mem[0]] >= 0 {
				return notOpt("group %d is excluded but linked", d.Group)
			}
			gone[d.Group] = true
		case "forbid":
			forbid[[2]int32{d.Group, d.Carer}] = true
		default:
			return notOpt("unknown decision %q", d.Kind)
		}
	}
	for j, v := range cert.CarerDual {
		if v < 0 {
			return notOpt("carer %s has a negative dual", p.CarerIDs[j])
		}
	}
	// Dual feasibility on single children's pairs; primal and dual objectives.
	var primal, dual int64
	for j, v := range cert.CarerDual {
		dual += int64(places[j]) * v
	}
	gScore := make([]map[int32]int64, len(p.SiblingGroups))
	gCount := make([]map[int32]int, len(p.SiblingGroups))
	for _, c := range p.Candidates {
		if pinned[c.Child] {
			continue
		}
		s := scaleScore(c.Score)
		if g := group[c.Child]; g >= 0 {
			if gScore[g] == nil {
				gScore[g], gCount[g] = map[int32]int64{}, map[int32]int{}
			}
			gScore[g][c.Carer] += s
			gCount[g][c.Carer]++
			continue
		}
		if places[c.Carer] < 1 {
			continue // a carer without places carries no link (x ≤ 0)
		}
		if w := unit * (big + s); cert.ChildDual[c.Child]+cert.CarerDual[c.Carer] < w {
			return notOpt("pair %s–%s: duals %d + %d < weight %d", p.ChildIDs[c.Child], p.CarerIDs[c.Carer], cert.ChildDual[c.Child], cert.CarerDual[c.Carer], w)
		}
	}
	for i := 0; i < n; i++ {
		if pinned[i] || group[i] >= 0 {
			continue
		}
		if cert.ChildDual[i] < 0 {
			return notOpt("child %s has a negative dual", p.ChildIDs[i])
		}
		dual += cert.ChildDual[i]
		if j := carerOf[i]; j >= 0 {
			s, _ := pi.get(int32(i), j)
			primal += unit * (big + scaleScore(s))
		}
	}
	for g, mem := range p.SiblingGroups {
		if pinned[mem[0]] || gone[g] {
			continue
		}
		k := int64(len(mem))
		U := cert.GroupDual[g]
		if U < 0 {
			return notOpt("group %d has a negative dual", g)
		}
		dual += k * U
		for j, s := range gScore[g] {
			if gCount[g][j] != len(mem) || int64(places[j]) < k || forbid[[2]int32{int32(g), j}] {
				continue
			}
			if w := unit*big + unit/k*s; U+cert.CarerDual[j] < w {
				return notOpt("group %d at carer %s: duals %d + %d < weight %d", g, p.CarerIDs[j], U, cert.CarerDual[j], w)
			}
			if carerOf[mem[0]] == j {
				primal += k * (unit*big + unit/k*s)
			}
		}
	}
	if primal != dual {
		return notOpt("primal objective %d differs from dual objective %d", primal, dual)
	}
	return nil
}

// WriteCertificate writes the certificate as CSV with columns kind, id,
// carer_id, value: one row "big" and one "unit" with the weight constants,
// a "child", "group" or "carer" row per dual price (in ID order), and a
// "fix", "forbid" or "exclude" row per branch-and-bound decision.
func WriteCertificate(w io.Writer, p *SolveProblem, res *SolveResult) error {
	cert := res.Certificate
	if cert == nil {
		return errors.New("match: the result has no certificate (only optimal mode has one)")
	}
	out := output.NewCSV(w)
	out.Header("kind", "id", "carer_id", "value")
	row := func(kind, id, carer string, v int64) {
		out.Raw(kind)
		out.String(id)
		out.String(carer)
		out.Int(v)
		out.End()
	}
	row("big", "", "", cert.Big)
	row("unit", "", "", cert.Unit)
	_, childByID := rankByID(p.ChildIDs)
	for _, c := range childByID {
		if v := cert.ChildDual[c]; v != 0 {
			row("child", p.ChildIDs[c], "", v)
		}
	}
	for g, v := range cert.GroupDual {
		row("group", groupName(p, int32(g)), "", v)
	}
	_, carerByID := rankByID(p.CarerIDs)
	for _, j := range carerByID {
		if v := cert.CarerDual[j]; v != 0 {
			row("carer", p.CarerIDs[j], "", v)
		}
	}
	for _, d := range cert.Decisions {
		carer := ""
		if d.Carer >= 0 {
			carer = p.CarerIDs[d.Carer]
		}
		row(d.Kind, groupName(p, d.Group), carer, 0)
	}
	return out.Flush()
}

// groupName is the sibling group's ID, or its first member's ID.
func groupName(p *SolveProblem, g int32) string {
	if g < 0 {
		return ""
	}
	if int(g) < len(p.GroupIDs) && p.GroupIDs[g] != "" {
		return p.GroupIDs[g]
	}
	best := ""
	for _, c := range p.SiblingGroups[g] {
		if id := p.ChildIDs[c]; best == "" || id < best {
			best = id
		}
	}
	return best
}
