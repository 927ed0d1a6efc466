package assign_test

import (
	"context"
	"fmt"

	"github.com/linkmatch/linkmatch/assign"
)

// Three rows compete for two columns. Row 0 weighs most at column 0, but
// column 0 has one place and row 1 can go nowhere else, so the optimum
// sends row 0 to column 1: it gives up weight to place one more unit. The
// certificate proves it: the prices cover every arc, and they total what
// the placements are worth, 3 units × Big + 190.
func Example() {
	p := &assign.Problem{
		Rows:   3,
		Places: []int32{1, 2}, // column 0 has one place, column 1 two
		Arcs: []assign.Arc{
			{Row: 0, Col: 0, Weight: 90},
			{Row: 0, Col: 1, Weight: 40},
			{Row: 1, Col: 0, Weight: 80},
			{Row: 2, Col: 1, Weight: 70},
		},
		MaxWeight: 100, // no arc weighs more than 100 per unit
	}
	res, err := assign.Solve(context.Background(), p, assign.Options{Mode: assign.Optimal})
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, a := range res.Assignments {
		fmt.Printf("row %d → column %d (weight %d)\n", a.Row, a.Col, p.Arcs[a.Arc].Weight)
	}
	fmt.Printf("%d units, total weight %d, proven %v\n", res.Units, res.Weight, res.Proven)
	c := res.Certificate
	fmt.Printf("Big %d, row prices %v, column prices %v\n", c.Big, c.RowDual, c.ColumnDual)
	var total int64
	for _, u := range c.RowDual {
		total += u // every row needs one unit
	}
	for j, v := range c.ColumnDual {
		total += int64(p.Places[j]) * v
	}
	fmt.Printf("prices total %d = %d × %d + %d\n", total, res.Units, c.Big, res.Weight)
	fmt.Println("certificate check:", assign.CheckOptimal(p, res))
	// Output:
	// row 0 → column 1 (weight 40)
	// row 1 → column 0 (weight 80)
	// row 2 → column 1 (weight 70)
	// 3 units, total weight 190, proven true
	// Big 301, row prices [10 0 40], column prices [381 331]
	// prices total 1093 = 3 × 301 + 190
	// certificate check: <nil>
}

// A group places its rows at one column together or not at all, and a row
// may need several places at one column. Here stable mode keeps column 1
// for the group and row 3, which it ranks higher per unit than row 2, and
// so places fewer units than optimal mode.
func Example_groups() {
	p := &assign.Problem{
		Rows:   4,
		Units:  []int32{1, 1, 2, 1}, // row 2 needs two places at one column
		Places: []int32{2, 3},
		Arcs: []assign.Arc{
			{Row: 0, Col: 0, Weight: 60}, {Row: 0, Col: 1, Weight: 90},
			{Row: 1, Col: 0, Weight: 60}, {Row: 1, Col: 1, Weight: 90},
			{Row: 2, Col: 1, Weight: 150},
			{Row: 3, Col: 1, Weight: 100},
		},
		Groups:    [][]int32{{0, 1}}, // rows 0 and 1 go together
		MaxWeight: 100,
	}
	for _, mode := range []assign.Mode{assign.Optimal, assign.Greedy, assign.Stable} {
		res, err := assign.Solve(context.Background(), p, assign.Options{Mode: mode})
		if err != nil {
			fmt.Println(err)
			return
		}
		fmt.Printf("%-7s %d units, weight %d:", mode, res.Units, res.Weight)
		for _, a := range res.Assignments {
			fmt.Printf(" %d→%d", a.Row, a.Col)
		}
		fmt.Println()
		if mode == assign.Optimal {
			fmt.Println("certificate check:", assign.CheckOptimal(p, res))
		}
	}
	// Output:
	// optimal 5 units, weight 370: 0→0 1→0 2→1 3→1
	// certificate check: <nil>
	// greedy  5 units, weight 370: 0→0 1→0 2→1 3→1
	// stable  3 units, weight 280: 0→1 1→1 3→1
}
