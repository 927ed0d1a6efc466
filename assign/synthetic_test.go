package assign

import (
	"bufio"
	"bytes"
	"math"
	"math/rand/v2"
	"os"
	"strconv"
	"strings"
	"testing"
)

// syntheticProblem makes a deterministic random instance for benchmarks:
// rows (children) 0…, columns (carers) with 1–maxPlaces places each, and
// about arcsPerRow arcs per row. A weight is a score 40·q + 60·r rounded
// to hundredths and written in hundredths, where q is a per-column
// "quality" and r is per-arc noise (both uniform on [0, 1]), so good
// columns are wanted by many rows, as in practice.
//
// tools/benchpairs writes the same instances as pairs.csv and carers.csv
// (with ids C000001…, K000001…) for whole-process comparisons; the two
// must stay in step, which TestSyntheticMatchesBenchpairs checks.
func syntheticProblem(rows, cols, maxPlaces, arcsPerRow int, seed uint64) *Problem {
	rng := rand.New(rand.NewPCG(seed, 0x5eed))
	p := &Problem{Rows: rows, Places: make([]int32, cols), MaxWeight: 10000}
	quality := make([]float64, cols)
	for j := range p.Places {
		p.Places[j] = int32(1 + rng.IntN(maxPlaces))
		quality[j] = rng.Float64()
	}
	arcsPerRow = min(arcsPerRow, cols)
	p.Arcs = make([]Arc, 0, rows*arcsPerRow)
	mark := make([]int32, cols)
	for i := 0; i < rows; i++ {
		for d := 0; d < arcsPerRow; {
			j := rng.IntN(cols)
			if mark[j] == int32(i+1) {
				continue
			}
			mark[j] = int32(i + 1)
			d++
			s := math.Round((40*quality[j]+60*rng.Float64())*100) / 100
			p.Arcs = append(p.Arcs, Arc{Row: int32(i), Col: int32(j), Weight: int64(math.Round(s * 100))})
		}
	}
	return p
}

// TestSyntheticMatchesBenchpairs reads the small instance tools/benchpairs
// keeps as its golden output and checks syntheticProblem makes the same
// arcs and places.
func TestSyntheticMatchesBenchpairs(t *testing.T) {
	const dir = "../tools/benchpairs/testdata/small/"
	p := syntheticProblem(40, 15, 3, 6, 7)
	pairs := readCSV(t, dir+"pairs.csv")
	if len(pairs) != len(p.Arcs) {
		t.Fatalf("pairs.csv has %d pairs, syntheticProblem %d arcs", len(pairs), len(p.Arcs))
	}
	for k, rec := range pairs {
		row, col := idNumber(t, rec[0])-1, idNumber(t, rec[1])-1
		s, err := strconv.ParseFloat(rec[2], 64)
		if err != nil {
			t.Fatal(err)
		}
		want := Arc{Row: int32(row), Col: int32(col), Weight: int64(math.Round(s * 100))}
		if p.Arcs[k] != want {
			t.Fatalf("pair %d: pairs.csv has %+v, syntheticProblem %+v", k, want, p.Arcs[k])
		}
	}
	carers := readCSV(t, dir+"carers.csv")
	if len(carers) != len(p.Places) {
		t.Fatalf("carers.csv has %d carers, syntheticProblem %d columns", len(carers), len(p.Places))
	}
	for j, rec := range carers {
		if got := strconv.Itoa(int(p.Places[j])); rec[1] != got || idNumber(t, rec[0]) != j+1 {
			t.Fatalf("carer %d: carers.csv has %v, syntheticProblem %s places", j, rec, got)
		}
	}
}

// readCSV returns the rows after the header of a simple, unquoted CSV file.
func readCSV(t *testing.T, path string) [][]string {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var out [][]string
	sc := bufio.NewScanner(bytes.NewReader(data))
	for first := true; sc.Scan(); first = false {
		if !first {
			out = append(out, strings.Split(sc.Text(), ","))
		}
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}

// idNumber reads the number of an id such as C000012.
func idNumber(t *testing.T, id string) int {
	t.Helper()
	n, err := strconv.Atoi(id[1:])
	if err != nil {
		t.Fatalf("id %q: %v", id, err)
	}
	return n
}

// withGroups turns k disjoint runs of two or three rows of p into groups
// that can share a column: each later row gets arcs to the first row's
// columns (replacing its own), with its own weights. It is deterministic
// for a seed.
func withGroups(p *Problem, k int, seed uint64) *Problem {
	rng := rand.New(rand.NewPCG(seed, 0x9a0e))
	byRow := make([][]Arc, p.Rows)
	for _, a := range p.Arcs {
		byRow[a.Row] = append(byRow[a.Row], a)
	}
	r := 0
	for g := 0; g < k && r+3 <= p.Rows; g++ {
		size := 2 + rng.IntN(2)
		rows := make([]int32, size)
		for x := range rows {
			rows[x] = int32(r + x)
		}
		for _, other := range rows[1:] {
			byRow[other] = byRow[other][:0]
			for _, a := range byRow[rows[0]] {
				w := a.Weight/2 + int64(rng.IntN(5001))
				byRow[other] = append(byRow[other], Arc{Row: other, Col: a.Col, Weight: w})
			}
		}
		p.Groups = append(p.Groups, rows)
		r += size + rng.IntN(40)
	}
	p.Arcs = p.Arcs[:0]
	for _, as := range byRow {
		p.Arcs = append(p.Arcs, as...)
	}
	return p
}
