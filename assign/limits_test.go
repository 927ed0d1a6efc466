package assign

import (
	"context"
	"errors"
	"math"
	"testing"
)

// groupsOfSizes makes a problem of rows rows of one unit, the first of
// which form one group of each size given; it has one column and no arcs.
func groupsOfSizes(rows int, sizes ...int) *Problem {
	p := &Problem{Rows: rows, Places: []int32{1}, MaxWeight: maxW}
	r := int32(0)
	for _, k := range sizes {
		var g []int32
		for ; len(g) < k; r++ {
			g = append(g, r)
		}
		p.Groups = append(p.Groups, g)
	}
	return p
}

func sizesFrom(lo, hi int) []int {
	var s []int
	for k := lo; k <= hi; k++ {
		s = append(s, k)
	}
	return s
}

// edgeWeight is the largest MaxWeight for which three one-unit rows pass
// the guard: 4·3·(Big + W) < 2^63 with Big = 3W + 1.
const edgeWeight = (math.MaxInt64/12 - 1) / 4

func TestLimitsRefuseOverflow(t *testing.T) {
	primes := []int{2, 3, 5, 7, 11, 13, 17, 19, 23, 29, 31, 37, 41, 43, 47}
	cases := []struct {
		name string
		p    *Problem
	}{
		{"weight bound × units overflows Big", &Problem{Rows: 3, Places: []int32{1}, MaxWeight: math.MaxInt64 / 2}},
		{"just over the edge", &Problem{Rows: 3, Places: []int32{3}, MaxWeight: edgeWeight + 1}},
		{"groups of coprime sizes: objective overflows", groupsOfSizes(400, primes...)},
		{"groups of coprime sizes: their lcm overflows", groupsOfSizes(400, append(primes, 53)...)},
		{"groups of every size 2–19 among 7,000 rows (package comment)", groupsOfSizes(7000, sizesFrom(2, 19)...)},
		{"one row needing 2^31−1 places", &Problem{Rows: 2, Units: []int32{math.MaxInt32, 1}, Places: []int32{1}, MaxWeight: maxW}},
		{"a group needing more than 2^31−1 places", &Problem{Rows: 2, Units: []int32{1 << 30, 1 << 30}, Places: []int32{1}, Groups: [][]int32{{0, 1}}}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			for _, mode := range []Mode{Optimal, Stable, Greedy} {
				_, err := Solve(context.Background(), tc.p, Options{Mode: mode})
				var le *LimitError
				if !errors.Is(err, ErrTooLarge) || !errors.As(err, &le) || le.What == "" {
					t.Fatalf("%v: want a *LimitError, got %v", mode, err)
				}
				if errors.Is(err, ErrBadProblem) {
					t.Fatalf("%v: a limit is not an invalid problem: %v", mode, err)
				}
			}
		})
	}
}

func TestLimitsAcceptWhatFits(t *testing.T) {
	cases := []struct {
		name string
		p    *Problem
	}{
		{"at the edge", &Problem{Rows: 3, Places: []int32{2, 1}, MaxWeight: edgeWeight,
			Arcs: []Arc{{0, 0, edgeWeight}, {1, 0, edgeWeight - 1}, {2, 0, edgeWeight}, {2, 1, 1}}}},
		{"groups of every size 2–16 among 7,000 rows (package comment)", groupsOfSizes(7000, sizesFrom(2, 16)...)},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			res, err := Solve(context.Background(), tc.p, Options{})
			if err != nil {
				t.Fatal(err)
			}
			if err := CheckOptimal(tc.p, res); err != nil {
				t.Fatal(err)
			}
			if tc.p.Rows <= 7 {
				if u, w := bruteForce(t, tc.p); res.Units != u || res.Weight != w {
					t.Fatalf("got %d/%d, brute force %d/%d", res.Units, res.Weight, u, w)
				}
			}
		})
	}
}
