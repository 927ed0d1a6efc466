package match

import (
	"math/rand/v2"
	"reflect"
	"strings"
	"testing"

	"github.com/linkmatch/linkmatch"
	"github.com/linkmatch/linkmatch/assign"
)

// siblingsFixture: K1 has two places. The sibling group S1 (C1, C2) scores
// 80.5 each there; C3 scores 90 at K1 and 60 at K2; the siblings have
// nowhere else to go. The optimum gives K1 to S1 and C3 its second choice.
func siblingsFixture() *Problem {
	children := []linkmatch.Child{{ID: "C1", SiblingGroup: "S1"}, {ID: "C2", SiblingGroup: "S1"}, {ID: "C3"}}
	carers := []linkmatch.Carer{{ID: "K1", Capacity: 2}, {ID: "K2", Capacity: 1}}
	pairs := []ScoredPair{
		{Child: 0, Carer: 0, Score: 80.5}, {Child: 1, Carer: 0, Score: 80.5},
		{Child: 2, Carer: 0, Score: 90}, {Child: 2, Carer: 1, Score: 60},
	}
	return BuildProblem(children, carers, pairs)
}

func TestChoicesSiblings(t *testing.T) {
	p := siblingsFixture()
	res, err := Solve(t.Context(), p, assign.Options{})
	if err != nil {
		t.Fatal(err)
	}
	cs := mustChoices(t, p, res)
	if len(cs) != 3 {
		t.Fatalf("%d choices", len(cs))
	}
	c3 := cs[2]
	if p.ChildIDs[res.Assignments[2].Child] != "C3" || c3.Rank != 2 || c3.Eligible != 2 || p.CarerIDs[c3.First] != "K1" {
		t.Fatalf("C3's choice = %+v", c3)
	}
	if c3.Alternative == nil || !c3.Alternative.Possible || c3.Alternative.Linked != 1 || c3.Alternative.ScaledTotal != 9000 {
		t.Fatalf("C3's alternative = %+v, want 1 child linked, total 90.00", c3.Alternative)
	}
	want := "K2 is C3's 2nd choice of 2 eligible carers. The first choice, K1 (90.00), had two places, which went to the sibling group S1 (161.00 together there). Giving C3 K1 instead would link 1 child rather than 3."
	if c3.Why != want {
		t.Errorf("why:\n got %s\nwant %s", c3.Why, want)
	}
	for _, c := range cs[:2] {
		if c.Rank != 1 || c.First != -1 || c.Alternative != nil || !strings.HasPrefix(c.Why, "K1 is C") || !strings.HasSuffix(c.Why, "'s only eligible carer.") {
			t.Errorf("sibling's choice = %+v", c)
		}
	}
}

func TestChoicesSentences(t *testing.T) {
	// C1 and C2 both prefer K1 (one place); C2 scores more there, so C1
	// takes K2, losing 10 points of total score rather than a child.
	children := []linkmatch.Child{{ID: "C1"}, {ID: "C2"}}
	carers := []linkmatch.Carer{{ID: "K1", Capacity: 1}, {ID: "K2", Capacity: 1}, {ID: "K3", Capacity: 1}}
	pairs := []ScoredPair{{0, 0, 70, 0, 0, 0}, {0, 1, 65, 0, 0, 0}, {1, 0, 90, 0, 0, 0}, {1, 2, 75, 0, 0, 0}}
	p := BuildProblem(children, carers, pairs)
	tests := []struct {
		name  string
		mode  assign.Mode
		pin   bool
		opt   ChoiceOptions
		link  int
		wantA bool
		want  string
	}{
		{name: "optimal", want: "K2 is C1's 2nd choice of 2 eligible carers. The first choice, K1 (70.00), had one place, which went to C2 (90.00 there). " +
			"Giving C1 K1 instead would link as many children with a total score 10.00 lower (145.00 rather than 155.00).", wantA: true},
		{name: "over the budget", opt: ChoiceOptions{MaxResolveArcs: 3},
			want: "K2 is C1's 2nd choice of 2 eligible carers. The first choice, K1 (70.00), had one place, which went to C2 (90.00 there). " +
				"What giving C1 K1 instead would change was not worked out, to keep a problem this large quick."},
		// Greedy takes C1 first (ties of options go by id): C2 loses K1.
		{name: "greedy", mode: assign.Greedy, link: 1,
			want: "K3 is C2's 2nd choice of 2 eligible carers. The first choice, K1 (90.00), had one place, which went to C1 (70.00 there)."},
		{name: "pinned", pin: true, want: "K2 is C1's 2nd choice of 2 eligible carers. The link was already agreed (pinned), so it was kept."},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			q := *p
			q.Solver.Pins = nil
			if tt.pin {
				if errs := q.Pin([]PinnedLink{{"C1", "K2"}}); errs[0] != nil {
					t.Fatal(errs[0])
				}
			}
			res, err := Solve(t.Context(), &q, assign.Options{Mode: tt.mode})
			if err != nil {
				t.Fatal(err)
			}
			cs, err := Choices(t.Context(), &q, res, tt.opt)
			if err != nil {
				t.Fatal(err)
			}
			c := cs[tt.link]
			if got := c.Why; got != tt.want {
				t.Errorf("why:\n got %s\nwant %s", got, tt.want)
			}
			if (c.Alternative != nil) != tt.wantA {
				t.Errorf("alternative %+v, want one: %v", c.Alternative, tt.wantA)
			}
		})
	}
}

// TestChoicesImpossible: a first choice the sibling group cannot have is
// explained, not solved.
func TestChoicesImpossible(t *testing.T) {
	children := []linkmatch.Child{{ID: "C1", SiblingGroup: "S"}, {ID: "C2", SiblingGroup: "S"}}
	carers := []linkmatch.Carer{{ID: "K1", Capacity: 2}, {ID: "K2", Capacity: 2}}
	// K2 is C1's first choice but not eligible for C2.
	pairs := []ScoredPair{{0, 0, 50, 0, 0, 0}, {0, 1, 95, 0, 0, 0}, {1, 0, 50, 0, 0, 0}}
	p := BuildProblem(children, carers, pairs)
	res, err := Solve(t.Context(), p, assign.Options{})
	if err != nil {
		t.Fatal(err)
	}
	cs := mustChoices(t, p, res)
	want := "K1 is C1's 2nd choice of 2 eligible carers. The first choice, K2 (95.00), still has two places free. The sibling group S cannot have K2 instead: the link C2–K2 is not an eligible pair."
	if cs[0].Why != want || cs[0].Alternative == nil || cs[0].Alternative.Possible {
		t.Errorf("choice %+v\nwant why %s", cs[0], want)
	}
}

// TestChoicesProperties checks, on random problems with sibling groups,
// full carers and ties: ranks by brute force; a first choice exactly when
// the rank is above 1; no alternative better than a proven optimum; the
// same answer on one worker and on four.
func TestChoicesProperties(t *testing.T) {
	rng := rand.New(rand.NewPCG(16, 3))
	for it := 0; it < 300; it++ {
		s := randomParts(rng, 1+rng.IntN(8), 1+rng.IntN(5))
		p := BuildProblem(s.children, s.carers, s.pairs)
		res, err := Solve(t.Context(), p, assign.Options{})
		if err != nil {
			t.Fatal(err)
		}
		cs, err := Choices(t.Context(), p, res, ChoiceOptions{Workers: 1})
		if err != nil {
			t.Fatal(err)
		}
		again, err := Choices(t.Context(), p, res, ChoiceOptions{Workers: 4})
		if err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(cs, again) {
			t.Fatalf("iteration %d: choices depend on the number of workers", it)
		}
		for i, c := range cs {
			a := res.Assignments[i]
			rank, eligible := 1, 0
			for _, arc := range p.Solver.Arcs {
				if arc.Row != a.Child {
					continue
				}
				eligible++
				mine := scoreWeight(a.Score)
				if arc.Col != a.Carer && (arc.Weight > mine || (arc.Weight == mine && arc.Col < a.Carer)) {
					rank++
				}
			}
			if c.Rank != rank || c.Eligible != eligible {
				t.Fatalf("iteration %d, link %d: rank %d of %d, brute force %d of %d", it, i, c.Rank, c.Eligible, rank, eligible)
			}
			if (c.First >= 0) != (rank > 1) {
				t.Fatalf("iteration %d, link %d: first choice %d at rank %d", it, i, c.First, rank)
			}
			if alt := c.Alternative; alt != nil && alt.Possible && res.Proven {
				if alt.Linked > res.Linked || (alt.Linked == res.Linked && alt.ScaledTotal > res.ScaledTotal) {
					t.Fatalf("iteration %d, link %d: the alternative (%d, %d) beats the optimum (%d, %d)",
						it, i, alt.Linked, alt.ScaledTotal, res.Linked, res.ScaledTotal)
				}
			}
			if c.Why == "" {
				t.Fatalf("iteration %d, link %d: no sentence", it, i)
			}
		}
	}
}

// TestChoicesLargeProblem: past MaxProblemArcs no alternative is worked
// out, and the sentence says so.
func TestChoicesLargeProblem(t *testing.T) {
	p := siblingsFixture()
	res, err := Solve(t.Context(), p, assign.Options{})
	if err != nil {
		t.Fatal(err)
	}
	cs, err := Choices(t.Context(), p, res, ChoiceOptions{MaxProblemArcs: 3})
	if err != nil {
		t.Fatal(err)
	}
	if cs[2].Alternative != nil || !strings.Contains(cs[2].Why, "was not worked out") {
		t.Errorf("choice %+v", cs[2])
	}
}
