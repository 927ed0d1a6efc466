package panel

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/planar"

	"github.com/linkmatch/linkmatch"
	"github.com/linkmatch/linkmatch/geo"
	"github.com/linkmatch/linkmatch/match"
	"github.com/linkmatch/linkmatch/plan"
	"github.com/linkmatch/linkmatch/report"
	"github.com/linkmatch/linkmatch/scenarios"
)

// Inputs are what Build needs: the scenario and its scorer (built as the
// run built them), the plan template (for move dates), the run's outputs,
// and notes to put first.
type Inputs struct {
	Scenario *scenarios.Scenario
	Scorer   *match.Scorer
	Template *plan.Template
	Outputs  *Outputs
	// Top is how many carers each child's list shows (the chosen one and
	// the runners-up); 0 means the run's own shortlist size, or 5.
	Top   int
	Notes []string
	// Scored, when set, is the scenario scored as Scorer scores it with
	// the shortlists of Top carers — "linkmatch run" hands over its own
	// scoring, which scoring again would repeat exactly. Unset, Build
	// scores the scenario itself.
	Scored *Scored
}

// Scored is one scoring of the scenario, with what the report reads of it.
type Scored struct {
	// Shortlist is every child's shortlist (match.Scorer.Shortlist).
	Shortlist []match.ShortlistEntry
	// Problem is the solver's problem of every eligible pair
	// (match.BuildProblem), with or without its pins: the certificate is
	// checked against it, pinned as matches.csv says (CheckCertificate).
	Problem *match.Problem
	// Check, when set, is that check made already (by a run, against its
	// own problem, before letting the problem go): Problem is not needed.
	Check *CertificateCheck
}

// DefaultTop is the shortlist size when neither the caller nor run.json
// says: the run command's default.
const DefaultTop = 5

// Build makes the report's model: each child's link as the outputs record
// it, explained by the scenario's scores.
func Build(ctx context.Context, in Inputs) (*report.Model, error) {
	sc, out := in.Scenario, in.Outputs
	top := in.Top
	if top <= 0 {
		top = out.Run.Top
	}
	if top <= 0 {
		top = DefaultTop
	}
	var err error
	m := &report.Model{
		Title: sc.Name, PlanStart: sc.Plan.Start, Mode: "optimal", Notes: in.Notes,
		Proven: out.Run.Totals["proven_optimal"] == "true", Comparisons: out.Run.comparisons(),
		WarningSummary: out.Run.Totals["plan_warnings"],
	}
	if len(out.Matches) > 0 && out.Matches[0].Mode != "" {
		m.Mode = out.Matches[0].Mode
	}
	checkCert := out.Certificate != nil && m.Mode == "optimal"
	if in.Scored == nil || (checkCert && in.Scored.Problem == nil && in.Scored.Check == nil) {
		if in.Scored, err = score(ctx, in, top, checkCert); err != nil {
			return nil, err
		}
	}
	b := newBuilder(in, in.Scored.Shortlist)
	m.Notes = append(m.Notes, b.notes...)
	for _, i := range idOrder(len(sc.Children), func(i int) string { return sc.Children[i].ID }) {
		c, notes := b.child(i)
		m.Children = append(m.Children, c)
		m.Notes = append(m.Notes, notes...)
		if c.Link != nil {
			m.TotalScore += c.Link.Score
		}
	}
	linked := map[string]int{}
	for _, mt := range out.Matches {
		linked[mt.CarerID]++
	}
	for _, i := range idOrder(len(sc.Carers), func(i int) string { return sc.Carers[i].ID }) {
		k := &sc.Carers[i]
		m.Carers = append(m.Carers, report.Carer{ID: k.ID, Authority: k.Authority, Lat: k.Lat, Lon: k.Lon, Linked: linked[k.ID]})
	}
	m.Areas = areas(sc)
	m.Costs = costs(out)
	if checkCert {
		m.Certificate = certificate(in)
	}
	return m, nil
}

// score scores the scenario once, for every child's shortlist of top
// carers and, when the certificate is to be checked, the solver's problem.
func score(ctx context.Context, in Inputs, top int, problem bool) (*Scored, error) {
	res, short, err := in.Scorer.ScoreWith(ctx, match.ScoreOptions{Top: top})
	if err != nil {
		return nil, err
	}
	out := &Scored{Shortlist: short}
	if problem {
		out.Problem = match.BuildProblem(in.Scenario.Children, in.Scenario.Carers, res.Pairs)
	}
	return out, nil
}

// builder holds the outputs indexed by child and link.
type builder struct {
	in        Inputs
	short     map[int32][]match.ShortlistEntry
	matches   map[string]*Match
	unmatched map[string]string
	sessions  map[string][]linkmatch.Session // by child id
	warnings  map[string][]report.Warning    // by link id
	cost      map[string]linkmatch.Pence     // by link id
	moves     map[string]linkmatch.Date      // by link id
	carerIdx  map[string]int
	notes     []string
}

func newBuilder(in Inputs, short []match.ShortlistEntry) *builder {
	out := in.Outputs
	b := &builder{in: in, short: map[int32][]match.ShortlistEntry{}, matches: map[string]*Match{}, unmatched: map[string]string{},
		sessions: map[string][]linkmatch.Session{}, warnings: map[string][]report.Warning{}, cost: map[string]linkmatch.Pence{},
		carerIdx: map[string]int{}}
	for _, e := range short {
		b.short[e.Child] = append(b.short[e.Child], e)
	}
	for i := range out.Matches {
		b.matches[out.Matches[i].ChildID] = &out.Matches[i]
	}
	for _, u := range out.Unmatched {
		b.unmatched[u.ChildID] = u.Reason
	}
	b.sessions = byChild(out.Sessions)
	for _, w := range out.Warnings {
		// The page writes "what. Why": the reason starts a sentence there.
		b.warnings[w.LinkID] = append(b.warnings[w.LinkID], report.Warning{Stage: w.Stage, Problem: w.Problem, What: w.What, Why: sentenceCase(w.Why), From: w.From, To: w.To})
	}
	for _, c := range out.Costs {
		b.cost[c.LinkID] += c.Amount
	}
	if in.Template != nil {
		b.moves = plan.MoveDates(in.Template, out.Sessions)
	}
	for i := range in.Scenario.Carers {
		b.carerIdx[in.Scenario.Carers[i].ID] = i
	}
	return b
}

// byChild groups sessions by child id, keeping each child's rows in their
// order, and returns each child's rows. A plan lists its rows by date, so a
// child's rows are scattered through the timeline: rather than copy them
// (a national timeline is 1.1 million rows, 200 MB, which a copy would hold
// alongside the original through the report; issue 15), byChild reorders
// sessions in place — a stable counting sort by each child's first row,
// applied as a permutation of cycles — and shares each child's run.
func byChild(sessions []linkmatch.Session) map[string][]linkmatch.Session {
	group := map[string]int32{} // child id → group, in order of first row
	ids := []string{}
	of := make([]int32, len(sessions))
	for i := range sessions {
		id := sessions[i].ChildID
		g, ok := group[id]
		if !ok {
			g = int32(len(ids))
			group[id] = g
			ids = append(ids, id)
		}
		of[i] = g
	}
	start := make([]int32, len(ids)+1) // each group's first place
	for _, g := range of {
		start[g+1]++
	}
	for g := range ids {
		start[g+1] += start[g]
	}
	out := make(map[string][]linkmatch.Session, len(ids))
	next := append([]int32(nil), start[:len(ids)]...)
	for i, g := range of { // of becomes each row's place
		of[i] = next[g]
		next[g]++
	}
	for i := range sessions { // follow each cycle of the permutation
		for int(of[i]) != i {
			d := of[i]
			sessions[i], sessions[d] = sessions[d], sessions[i]
			of[i], of[d] = of[d], d
		}
	}
	for g, id := range ids {
		out[id] = sessions[start[g]:start[g+1]:start[g+1]]
	}
	return out
}

// child is one child's part of the report, and notes about anything the
// scenario no longer agrees with.
func (b *builder) child(i int) (report.Child, []string) {
	sc, s := b.in.Scenario, b.in.Scorer
	ch := &sc.Children[i]
	c := report.Child{ID: ch.ID, Age: linkmatch.AgeOn(ch.DateOfBirth, sc.Plan.Start), HomeAuthority: ch.HomeAuthority,
		Complexity: ch.Complexity.String(), SiblingGroup: ch.SiblingGroup, Lat: ch.Lat, Lon: ch.Lon}
	if b := sc.Boundaries; b != nil {
		// Where the home is, not who placed the child: out-of-area
		// placements are what panels and Ofsted look at.
		if j, ok := b.Locate(geo.LatLon(ch.Lat, ch.Lon)); ok {
			c.HomeIn = b.Name(j)
		}
	}
	for _, n := range ch.Needs {
		c.Needs = append(c.Needs, strings.ReplaceAll(n, "_", " "))
	}
	mt := b.matches[ch.ID]
	for _, e := range b.short[int32(i)] {
		if e.Rank == 0 {
			c.Diagnosis = e.Explanation
			continue
		}
		k := &sc.Carers[e.Pair.Carer]
		c.Candidates = append(c.Candidates, report.Candidate{Rank: e.Rank, CarerID: k.ID, Score: float64(e.Pair.Score),
			DistanceKm: float64(e.Pair.RoadKm), Border: e.Pair.Border, Explanation: e.Explanation, Chosen: mt != nil && mt.CarerID == k.ID})
	}
	if mt == nil {
		c.NotLinked = b.unmatched[ch.ID]
		if c.NotLinked == "" {
			c.NotLinked = "Not in the run's matches or unmatched lists."
		}
		return c, nil
	}
	ki, ok := b.carerIdx[mt.CarerID]
	if !ok {
		c.NotLinked = "Linked with " + mt.CarerID + ", who is no longer in the scenario."
		return c, []string{fmt.Sprintf("%s's carer %s is no longer in the scenario's carers.", ch.ID, mt.CarerID)}
	}
	k := &sc.Carers[ki]
	pair, _, broken := s.Check(i, ki)
	// The child's shortlist counts their eligible carers, and matches.csv
	// gives the carer's rank: Why, which ranks the pair among every carer
	// within reach, is needed only for a matches.csv older than ranks.
	eligible := 0
	if es := b.short[int32(i)]; len(es) > 0 {
		eligible = es[0].Eligible
	}
	rank := mt.Rank
	if rank == 0 {
		why := s.Why(i, ki)
		rank, eligible = why.Rank, why.EligibleCarers
	}
	id := plan.LinkID(ch.ID, k.ID)
	l := &report.Link{ID: id, CarerID: k.ID, CarerAuthority: k.Authority, CarerLat: k.Lat, CarerLon: k.Lon,
		Score: mt.Score, Rank: rank, Eligible: eligible, Why: mt.Why, Border: pair.Border,
		DistanceKm: b.roadKm(i, ki, pair, broken), Pinned: mt.Pinned, Sessions: b.sessions[ch.ID], Warnings: b.warnings[id],
		Cost: b.cost[id], Move: b.moves[id]}
	for _, st := range b.in.Outputs.Stages[id] {
		l.Stages = append(l.Stages, report.StageDates{Name: st.Stage, From: st.From, To: st.To})
	}
	for _, comp := range s.Components(i, ki) {
		l.Components = append(l.Components, report.Component{Name: comp.Component.String(), Value: comp.Value, Weight: comp.Weight, Points: comp.Points})
	}
	var notes []string
	if broken == 0 {
		l.Explanation = s.Explain(pair)
	} else {
		l.Explanation = "The scenario as it is now would not allow this link."
		notes = append(notes, fmt.Sprintf("The link %s–%s breaks a rule in the scenario as it is now: run the scenario again.", ch.ID, k.ID))
	}
	c.Link = l
	return c, notes
}

// roadKm is the pair's road distance: the scorer's when the pair is
// eligible, else the scenario's trip estimate.
func (b *builder) roadKm(child, carer int, p match.ScoredPair, broken match.RuleSet) float64 {
	if broken == 0 {
		return float64(p.RoadKm)
	}
	sc := b.in.Scenario
	return sc.Trip(&sc.Children[child], &sc.Carers[carer]).RoadKm
}

func idOrder(n int, id func(int) string) []int {
	order := make([]int, n)
	for i := range order {
		order[i] = i
	}
	slices.SortStableFunc(order, func(a, b int) int { return strings.Compare(id(a), id(b)) })
	return order
}

// areas are the scenario's authorities for the map, each labelled at the
// centroid of its largest polygon, or the middle of its bounding box when
// the centroid falls outside it.
func areas(sc *scenarios.Scenario) []report.Area {
	b := sc.Boundaries
	if b == nil {
		return nil
	}
	var out []report.Area
	for i := 0; i < b.Len(); i++ {
		a := b.Authority(i)
		ar := report.Area{Name: a.Name}
		var largest orb.Polygon
		bestArea := -1.0
		for _, poly := range a.Geometry {
			rings := make([][][2]float64, len(poly))
			for j, ring := range poly {
				rings[j] = make([][2]float64, len(ring))
				for k, pt := range ring {
					rings[j][k] = [2]float64{pt[0], pt[1]}
				}
			}
			ar.Polygons = append(ar.Polygons, rings)
			if area := planar.Area(poly); area > bestArea {
				largest, bestArea = poly, area
			}
		}
		if largest != nil {
			label, _ := planar.CentroidArea(largest)
			if !planar.PolygonContains(largest, label) {
				label = largest.Bound().Center()
			}
			ar.LabelLon, ar.LabelLat = label[0], label[1]
		}
		out = append(out, ar)
	}
	slices.SortFunc(out, func(x, y report.Area) int { return strings.Compare(x.Name, y.Name) })
	return out
}

// sentenceCase starts s with a capital letter.
func sentenceCase(s string) string {
	r, n := utf8.DecodeRuneInString(s)
	if n == 0 || !unicode.IsLower(r) {
		return s
	}
	return string(unicode.ToUpper(r)) + s[n:]
}
