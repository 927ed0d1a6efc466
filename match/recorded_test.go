package match

import (
	"bytes"
	"errors"
	"math/rand/v2"
	"testing"

	"github.com/linkmatch/linkmatch/assign"
	"github.com/linkmatch/linkmatch/input"
)

// TestCheckRecorded: an optimal result written to certificate.csv and read
// back is confirmed against the problem posed again; a weakened price, a
// link dropped or a link changed is caught.
func TestCheckRecorded(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 16))
	checked := 0
	for it := 0; it < 200; it++ {
		s := randomParts(rng, 1+rng.IntN(8), 1+rng.IntN(5))
		p := BuildProblem(s.children, s.carers, s.pairs)
		res, err := Solve(t.Context(), p, assign.Options{})
		if err != nil {
			t.Fatal(err)
		}
		var b bytes.Buffer
		if err := WriteCertificate(&b, p, res); err != nil {
			t.Fatal(err)
		}
		var ps input.Problems
		rows := ParseCertificate(b.Bytes(), "certificate.csv", &ps)
		if err := ps.Err(); err != nil {
			t.Fatal(err)
		}
		var links []PinnedLink
		for _, a := range res.Assignments {
			links = append(links, PinnedLink{ChildID: p.ChildIDs[a.Child], CarerID: p.CarerIDs[a.Carer]})
		}
		if err := CheckRecorded(p, links, rows); err != nil {
			t.Fatalf("iteration %d: the recorded optimum is refused: %v", it, err)
		}
		checked++
		if len(links) > 0 {
			if err := CheckRecorded(p, links[1:], rows); err == nil {
				t.Fatalf("iteration %d: a dropped link passed", it)
			}
		}
		for i, r := range rows {
			if r.Kind != "child" && r.Kind != "carer" && r.Kind != "group" || r.Value == 0 {
				continue
			}
			weak := append([]CertificateRow(nil), rows...)
			weak[i].Value--
			if err := CheckRecorded(p, links, weak); !errors.Is(err, assign.ErrCheckFailed) {
				t.Fatalf("iteration %d: a weakened price (%+v) gave %v", it, r, err)
			}
			break
		}
	}
	if checked == 0 {
		t.Fatal("nothing checked")
	}
}

func TestParseCertificateProblems(t *testing.T) {
	var ps input.Problems
	ParseCertificate([]byte("kind,id,carer_id,value\nbig,,,x\n"), "certificate.csv", &ps)
	if ps.Err() == nil {
		t.Fatal("a bad value was accepted")
	}
}
