// Command benchpairs writes the optimal solver's two benchmark instances as
// files for whole-process comparisons ("linkmatch match --pairs" against
// tools/lemon):
//
//	go run ./tools/benchpairs -out /tmp/bench
//
// writes /tmp/bench/a/pairs.csv and carers.csv (7,000 children, 45,000
// carers with 1–4 places, about 7.5 million pairs) and /tmp/bench/b/… (7,000
// children, 3,500 carers with 1–3 places, about a million pairs). The
// instances are those of the Go benchmarks in package assign
// (syntheticProblem in assign/synthetic_test.go): the same generator, kept
// in step by a golden file both test against.
package main

import (
	"flag"
	"fmt"
	"io"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strconv"

	"github.com/linkmatch/linkmatch/internal/output"
)

func main() {
	if err := run(os.Args[1:], os.Stderr); err != nil {
		fmt.Fprintln(os.Stderr, "benchpairs:", err)
		os.Exit(1)
	}
}

func run(args []string, stderr io.Writer) error {
	fs := flag.NewFlagSet("benchpairs", flag.ContinueOnError)
	fs.SetOutput(stderr)
	out := fs.String("out", "", "folder to write a/ and b/ into (required)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if *out == "" || fs.NArg() != 0 {
		return fmt.Errorf("usage: benchpairs -out DIR")
	}
	for _, in := range benchInstances() {
		if err := in.write(filepath.Join(*out, in.name)); err != nil {
			return err
		}
	}
	return nil
}

// instance names the parameters of one synthetic instance.
type instance struct {
	name                                   string
	children, carers, maxPlaces, pairsEach int
	seed                                   uint64
}

// benchInstances are issue 5's two benchmark instances.
func benchInstances() []instance {
	return []instance{
		{name: "a", children: 7000, carers: 45000, maxPlaces: 4, pairsEach: 1070, seed: 1},
		{name: "b", children: 7000, carers: 3500, maxPlaces: 3, pairsEach: 143, seed: 2},
	}
}

// pair is one eligible child–carer pair with its score (0–100).
type pair struct {
	child, carer int32
	score        float64
}

// synthetic is a generated instance: children C000001…, carers K000001…
// with their places, and the pairs.
type synthetic struct {
	children, carers []string
	places           []int
	pairs            []pair
}

// generate makes the instance: each carer has 1–maxPlaces places and a
// "quality" q, each child about pairsEach eligible carers, and a score is
// 40·q + 60·r rounded to hundredths, r being per-pair noise (q and r
// uniform on [0, 1]), so good carers are wanted by many children, as in
// practice. It must stay in step with syntheticProblem in
// assign/synthetic_test.go.
func (in instance) generate() *synthetic {
	rng := rand.New(rand.NewPCG(in.seed, 0x5eed))
	s := &synthetic{children: make([]string, in.children), carers: make([]string, in.carers), places: make([]int, in.carers)}
	quality := make([]float64, in.carers)
	for j := range s.carers {
		s.carers[j] = fmt.Sprintf("K%06d", j+1)
		s.places[j] = 1 + rng.IntN(in.maxPlaces)
		quality[j] = rng.Float64()
	}
	each := min(in.pairsEach, in.carers)
	s.pairs = make([]pair, 0, in.children*each)
	mark := make([]int32, in.carers)
	for i := range s.children {
		s.children[i] = fmt.Sprintf("C%06d", i+1)
		for d := 0; d < each; {
			j := rng.IntN(in.carers)
			if mark[j] == int32(i+1) {
				continue
			}
			mark[j] = int32(i + 1)
			d++
			score := math.Round((40*quality[j]+60*rng.Float64())*100) / 100
			s.pairs = append(s.pairs, pair{child: int32(i), carer: int32(j), score: score})
		}
	}
	return s
}

// write generates the instance and writes pairs.csv and carers.csv into dir.
func (in instance) write(dir string) error {
	s := in.generate()
	if err := output.WriteFile(filepath.Join(dir, "pairs.csv"), s.writePairs); err != nil {
		return err
	}
	return output.WriteFile(filepath.Join(dir, "carers.csv"), s.writeCarers)
}

// writePairs writes pairs.csv: child_id, carer_id, score, in generation
// order (grouped by child, as "linkmatch score" writes it).
func (s *synthetic) writePairs(w io.Writer) error {
	out := output.NewCSV(w)
	out.Header("child_id", "carer_id", "score")
	var num []byte
	for _, p := range s.pairs {
		out.String(s.children[p.child])
		out.String(s.carers[p.carer])
		num = strconv.AppendFloat(num[:0], p.score, 'f', -1, 64)
		out.Raw(string(num))
		out.End()
	}
	return out.Flush()
}

// writeCarers writes a minimal carers.csv: id, capacity.
func (s *synthetic) writeCarers(w io.Writer) error {
	out := output.NewCSV(w)
	out.Header("id", "capacity")
	for j, id := range s.carers {
		out.String(id)
		out.Int(int64(s.places[j]))
		out.End()
	}
	return out.Flush()
}
