package match

import (
	"bytes"
	"context"
	"encoding/csv"
	"fmt"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/linkmatch/linkmatch"
	"github.com/linkmatch/linkmatch/assign"
	"github.com/linkmatch/linkmatch/match/generate"
)

// firstChoiceRe reads what a "why this carer" sentence says about the
// child's first choice: its places, who took them, how many are free and
// what the child's sibling group needs.
var firstChoiceRe = regexp.MustCompile(`The first choice, (\S+) \([0-9.]+\), (?:still has (\w+) places? free|had (\w+) places?, which went to ((?:[^.]|\.[0-9])*?)|has (\w+) places?: (\w+) places? went to ((?:[^.]|\.[0-9])*?), and (\w+) places? (?:is|are) free)(?:, but (.*?) needs (\w+) places? together)?\.(?:\s|$)`)

// wordCount reads countWords' words back.
func wordCount(t *testing.T, s string) int {
	t.Helper()
	if i := slices.Index([]string{"no", "one", "two", "three", "four"}, s); i >= 0 {
		return i
	}
	n, err := strconv.Atoi(s)
	if err != nil {
		t.Fatalf("%q is not a count", s)
	}
	return n
}

// TestChoiceSentencesAgreeWithMatches: over generated scenarios, in every
// mode, each "why this carer" sentence states about the first choice only
// what the matching shows — its places, the children who hold them, the
// places left free and what the child's sibling group needs — and never
// both that a place is free and that none is left. A child alone never
// misses a first choice with a place free (every mode would have given it),
// so a free place is only ever named with a group it is too few for.
func TestChoiceSentencesAgreeWithMatches(t *testing.T) {
	for _, o := range []generate.Options{{Children: 60, Carers: 200, Seed: 1}, {Children: 120, Carers: 300, Seed: 2}, {Children: 60, Carers: 90, Seed: 7}} {
		sc, err := generate.Generate(context.Background(), o)
		if err != nil {
			t.Fatal(err)
		}
		// Some carers are still in assessment: their links are flagged.
		for i := range sc.Carers {
			if i%7 == 3 {
				sc.Carers[i].Status, sc.Carers[i].ApprovalExpected = linkmatch.StatusInAssessment, sc.Start.AddDays(40+i%30)
			}
		}
		s, err := NewScorer(sc.Children, sc.Carers, nil, Options{MaxDistanceKm: 40, On: sc.Start})
		if err != nil {
			t.Fatal(err)
		}
		scored, err := s.ScoreAll(t.Context())
		if err != nil {
			t.Fatal(err)
		}
		for _, mode := range []assign.Mode{assign.Optimal, assign.Stable, assign.Greedy} {
			t.Run(fmt.Sprintf("%dx%d seed %d %v", o.Children, o.Carers, o.Seed, mode), func(t *testing.T) {
				p := BuildProblem(sc.Children, sc.Carers, scored.Pairs)
				res, err := Solve(t.Context(), p, assign.Options{Mode: mode})
				if err != nil {
					t.Fatal(err)
				}
				cs := mustChoices(t, p, res)
				checkChoiceSentences(t, sc.Carers, p, res, cs)
				checkMatchesCSV(t, sc.Carers, p, res, cs)
			})
		}
	}
}

func checkChoiceSentences(t *testing.T, carers []linkmatch.Carer, p *Problem, res *SolveResult, cs []Choice) {
	t.Helper()
	held := map[int32][]string{} // children at each carer
	for _, a := range res.Assignments {
		held[a.Carer] = append(held[a.Carer], p.ChildIDs[a.Child])
	}
	flagged, explained := 0, 0
	for _, c := range cs {
		a := res.Assignments[c.Assignment]
		k := &carers[p.CarerIndex[a.Carer]]
		if got := strings.Contains(c.Why, "Provisional: "+k.ID+" is still being assessed"); got != k.Provisional() {
			t.Errorf("%s: provisional flag %v for carer %s in assessment %v: %s", p.ChildIDs[a.Child], got, k.ID, k.Provisional(), c.Why)
		} else if got {
			flagged++
		}
		if strings.Contains(c.Why, "free") && strings.Contains(c.Why, "no place left") {
			t.Errorf("%s: a place both free and not left: %s", p.ChildIDs[a.Child], c.Why)
		}
		if c.First < 0 || a.Pinned {
			if strings.Contains(c.Why, "The first choice") {
				t.Errorf("%s: a first choice named for the first choice: %s", p.ChildIDs[a.Child], c.Why)
			}
			continue
		}
		m := firstChoiceRe.FindStringSubmatch(c.Why)
		if m == nil {
			t.Errorf("%s: no first choice in %q", p.ChildIDs[a.Child], c.Why)
			continue
		}
		explained++
		places, holders := int(p.Solver.Places[c.First]), held[c.First]
		free := places - len(holders)
		need := p.needs(a)
		var saidPlaces, saidTaken, saidFree int
		var saidWho string
		switch {
		case m[2] != "":
			saidPlaces, saidFree = wordCount(t, m[2]), wordCount(t, m[2])
		case m[3] != "":
			saidPlaces, saidTaken, saidWho = wordCount(t, m[3]), wordCount(t, m[3]), m[4]
		default:
			saidPlaces, saidTaken, saidWho, saidFree = wordCount(t, m[5]), wordCount(t, m[6]), m[7], wordCount(t, m[8])
		}
		if m[1] != p.CarerIDs[c.First] || saidPlaces != places || saidFree != free || (saidTaken != 0 && saidTaken != len(holders)) {
			t.Errorf("%s: says %s has %d places, %d taken, %d free; it has %d, held by %v: %s",
				p.ChildIDs[a.Child], m[1], saidPlaces, saidTaken, saidFree, places, holders, c.Why)
		}
		for _, h := range holders {
			if saidWho != "" && !strings.Contains(saidWho, h) && !strings.Contains(saidWho, "sibling group") {
				t.Errorf("%s: %s holds a place at %s but is not named: %s", p.ChildIDs[a.Child], h, m[1], c.Why)
			}
		}
		if free > 0 && free >= need {
			if a.Group < 0 && res.Mode != assign.Optimal {
				t.Errorf("%s (%v): its first choice %s has %d places free, yet it went elsewhere: %s", p.ChildIDs[a.Child], res.Mode, m[1], free, c.Why)
			}
			if m[9] != "" {
				t.Errorf("%s: says %s needs more than %d free places, but needs %d: %s", p.ChildIDs[a.Child], m[9], free, need, c.Why)
			}
		}
		if free > 0 && free < need && (m[9] == "" || wordCount(t, m[10]) != need) {
			t.Errorf("%s: %d free places at %s are too few for the %d needed, and the sentence does not say so: %s", p.ChildIDs[a.Child], free, m[1], need, c.Why)
		}
	}
	if flagged == 0 || explained == 0 {
		t.Errorf("%d links flagged provisional, %d first choices explained: the scenario tests nothing", flagged, explained)
	}
}

// checkMatchesCSV: matches.csv writes every score with two decimals and
// flags each link with a carer in assessment.
func checkMatchesCSV(t *testing.T, carers []linkmatch.Carer, p *Problem, res *SolveResult, cs []Choice) {
	t.Helper()
	var buf bytes.Buffer
	if err := WriteMatches(&buf, p, res, cs); err != nil {
		t.Fatal(err)
	}
	rows, err := csv.NewReader(&buf).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	col := map[string]int{}
	for i, h := range rows[0] {
		col[h] = i
	}
	twoDecimals := regexp.MustCompile(`^\d+\.\d\d$`)
	for i, r := range rows[1:] {
		a := res.Assignments[i]
		k := &carers[p.CarerIndex[a.Carer]]
		if !twoDecimals.MatchString(r[col["score"]]) {
			t.Errorf("%s: score %q, want two decimals", r[col["child_id"]], r[col["score"]])
		}
		want, date := "no", ""
		if k.Provisional() {
			want, date = "yes", k.ApprovalExpected.String()
		}
		if r[col["provisional"]] != want || r[col["approval_expected"]] != date {
			t.Errorf("%s–%s: provisional %q %q, want %q %q", r[col["child_id"]], k.ID, r[col["provisional"]], r[col["approval_expected"]], want, date)
		}
	}
}
