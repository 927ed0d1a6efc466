package match

import (
	"bytes"
	"context"
	"math/rand/v2"
	"reflect"
	"slices"
	"testing"

	"github.com/linkmatch/linkmatch/match/generate"
)

// TestScoreWith checks that one scoring gives what three give: the pairs of
// ScoreAll, the shortlist of Shortlist and the pairs.csv of WritePairsCSV,
// byte for byte, whatever the number of workers; and that progress counts
// every child once, in order.
func TestScoreWith(t *testing.T) {
	sc, err := generate.Generate(context.Background(), generate.Options{Children: 150, Carers: 600, Seed: 3})
	if err != nil {
		t.Fatal(err)
	}
	for _, workers := range []int{1, 3} {
		s, err := NewScorer(sc.Children, sc.Carers, nil, Options{MaxDistanceKm: 40, On: sc.Start, Workers: workers})
		if err != nil {
			t.Fatal(err)
		}
		want, err := s.ScoreAll(t.Context())
		if err != nil {
			t.Fatal(err)
		}
		wantShort, err := s.Shortlist(t.Context(), 4)
		if err != nil {
			t.Fatal(err)
		}
		var wantCSV bytes.Buffer
		if _, err := WritePairsCSV(t.Context(), &wantCSV, s); err != nil {
			t.Fatal(err)
		}
		var csv bytes.Buffer
		var seen []int
		got, short, err := s.ScoreWith(t.Context(), ScoreOptions{Top: 4, PairsCSV: &csv, Progress: func(done int) { seen = append(seen, done) }})
		if err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(got.Pairs, want.Pairs) || !reflect.DeepEqual(got.Start, want.Start) || !reflect.DeepEqual(got.Children, want.Children) {
			t.Errorf("workers %d: ScoreWith's pairs differ from ScoreAll's", workers)
		}
		if !reflect.DeepEqual(short, wantShort) {
			t.Errorf("workers %d: ScoreWith's shortlist differs from Shortlist's", workers)
		}
		// Without pairs.csv the components are not kept for every pair, and
		// the shortlist's are worked out again (partsOf): the same numbers.
		_, shortOnly, err := s.ScoreWith(t.Context(), ScoreOptions{Top: 4})
		if err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(shortOnly, wantShort) {
			t.Errorf("workers %d: ScoreWith's shortlist without pairs.csv differs from Shortlist's", workers)
		}
		if !bytes.Equal(csv.Bytes(), wantCSV.Bytes()) {
			t.Errorf("workers %d: ScoreWith's pairs.csv differs from WritePairsCSV's", workers)
		}
		if len(seen) == 0 || seen[len(seen)-1] != len(sc.Children) || !slices.IsSorted(seen) {
			t.Errorf("workers %d: progress %v, want rising to %d", workers, seen, len(sc.Children))
		}
	}
}

// TestBestOf checks the shortlist's selection against a stable sort of
// every pair by weight on random scores with many ties.
func TestBestOf(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	for trial := range 2000 {
		n, top := rng.IntN(30), 1+rng.IntN(6)
		pairs := make([]ScoredPair, n)
		for i := range pairs {
			pairs[i].Score = float32(rng.IntN(8)) * 12.5 // few values: many ties
			if rng.IntN(4) == 0 {
				pairs[i].Score += 0.004 // rounds to the same hundredth
			}
		}
		idx := make([]int32, n)
		for i := range idx {
			idx[i] = int32(i)
		}
		slices.SortStableFunc(idx, func(a, b int32) int {
			return int(scoreWeight(float64(pairs[b].Score)) - scoreWeight(float64(pairs[a].Score)))
		})
		want := idx[:min(top, n)]
		if got := bestOf(pairs, top, nil); !slices.Equal(got, want) {
			t.Fatalf("trial %d: bestOf(top %d) = %v, want %v (scores %v)", trial, top, got, want, pairs)
		}
	}
}

// TestWhyRankAgainstEveryPair checks Why's rank and count of eligible
// carers, which read only the carers within reach, against every eligible
// pair ScoreAll finds, for eligible and ineligible pairs alike.
func TestWhyRankAgainstEveryPair(t *testing.T) {
	sc, err := generate.Generate(context.Background(), generate.Options{Children: 60, Carers: 900, Seed: 5})
	if err != nil {
		t.Fatal(err)
	}
	s, err := NewScorer(sc.Children, sc.Carers, nil, Options{MaxDistanceKm: 30, On: sc.Start})
	if err != nil {
		t.Fatal(err)
	}
	res, err := s.ScoreAll(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	rng := rand.New(rand.NewPCG(7, 8))
	for j := range res.Children {
		child := int(res.Children[j].Child)
		pairs := res.Pairs[res.Start[j]:res.Start[j+1]]
		for range 20 {
			carer := rng.IntN(len(sc.Carers))
			if len(pairs) > 0 && rng.IntN(2) == 0 {
				carer = int(pairs[rng.IntN(len(pairs))].Carer)
			}
			w := s.Why(child, carer)
			mine := scoreWeight(w.Score)
			rank, eligible := 1, 0
			for _, p := range pairs {
				eligible++
				if int(p.Carer) == carer {
					continue
				}
				ow := scoreWeight(float64(p.Score))
				if ow > mine || (ow == mine && s.rank[p.Carer] < s.rank[carer]) {
					rank++
				}
			}
			if w.Rank != rank || w.EligibleCarers != eligible {
				t.Fatalf("%s–%s: Why says rank %d of %d, every pair says %d of %d", w.ChildID, w.CarerID, w.Rank, w.EligibleCarers, rank, eligible)
			}
		}
	}
}

// TestPairStore: pairs added in runs of any length come back in order,
// whole, however well the number of children predicts the number of
// pairs (runs growing, shrinking, or all at the end).
func TestPairStore(t *testing.T) {
	rng := rand.New(rand.NewPCG(9, 9))
	for _, shape := range []string{"random", "growing", "shrinking", "late"} {
		const chunks = 200
		b := pairStore{children: 32 * chunks}
		var want []ScoredPair
		for k := range chunks {
			n := rng.IntN(5000)
			switch shape {
			case "growing":
				n = 10 * k * k
			case "shrinking":
				n = 10 * (chunks - k) * (chunks - k)
			case "late":
				n = 0
				if k == chunks-1 {
					n = 100_000
				}
			}
			run := make([]ScoredPair, n)
			for i := range run {
				run[i].Child = int32(len(want) + i)
			}
			b.add(run, 32*(k+1))
			want = append(want, run...)
		}
		if !slices.Equal(b.pairs, want) {
			t.Fatalf("%s: the store holds %d pairs, want the %d added, in order", shape, len(b.pairs), len(want))
		}
	}
}
