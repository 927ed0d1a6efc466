// Command places writes, from a carers.csv, the places "linkmatch match
// --pairs" gives each carer (match.ReadCarerPlaces: capacity less current
// links, and no more than the carer's offered time holds), as a carers
// file both programs read (tools/lemon/compare.sh), so that they solve the
// same problem: capacity 4 (the most a link carer may have, seed 001 §3)
// and current_links 4 less the places.
//
//	go run ./tools/lemon/places CARERS.csv > places.csv
package main

import (
	"bufio"
	"fmt"
	"os"

	"github.com/linkmatch/linkmatch/input"
	"github.com/linkmatch/linkmatch/match"
)

// maxCapacity is the most children a link carer works with (seed 001 §3),
// the largest capacity carers.csv allows.
const maxCapacity = 4

func main() {
	if len(os.Args) != 2 {
		fmt.Fprintln(os.Stderr, "usage: places CARERS.csv > places.csv")
		os.Exit(2)
	}
	data, err := os.ReadFile(os.Args[1])
	if err != nil {
		fmt.Fprintln(os.Stderr, "places:", err)
		os.Exit(2)
	}
	var ps input.Problems
	ids, places := match.ReadCarerPlaces(data, os.Args[1], &ps)
	if err := ps.Err(); err != nil {
		fmt.Fprintln(os.Stderr, "places:", err)
		os.Exit(2)
	}
	w := bufio.NewWriter(os.Stdout)
	fmt.Fprintln(w, "id,capacity,current_links")
	for i, id := range ids {
		fmt.Fprintf(w, "%s,%d,%d\n", id, maxCapacity, maxCapacity-places[i])
	}
	if err := w.Flush(); err != nil {
		fmt.Fprintln(os.Stderr, "places:", err)
		os.Exit(1)
	}
}
