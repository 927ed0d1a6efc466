package cost

import (
	"context"
	"errors"
	"math/rand/v2"
	"reflect"
	"testing"

	"github.com/linkmatch/linkmatch"
)

// TestPriceAnyCores: the result is the same whether the links are priced
// one after another or in parts on 2 or 3 goroutines — with shared trips,
// sessions recorded as done, cancelled or moved, existing links with no
// sessions, and a link with no facts given (the same PricingError).
func TestPriceAnyCores(t *testing.T) {
	rt := loadRates(t, "seed001-daycare.csv")
	start := d("2027-01-04")
	rng := rand.New(rand.NewPCG(15, 3))
	for _, n := range []int{1, 2, 5, 40} {
		sessions, links := synthetic(n, start, 10)
		for i := range sessions {
			s := &sessions[i]
			switch rng.IntN(8) {
			case 0:
				s.Status = linkmatch.StatusCancelled
			case 1:
				s.Status, s.MovedTo = linkmatch.StatusMoved, s.Date.AddDays(1)
			case 2:
				s.Status = linkmatch.StatusDone
			}
		}
		links["L99999"] = LinkInfo{ChildID: "C99999", CarerID: "K00000", Existing: true}
		opts := Options{Payments: seed000Pay, From: start, To: start.AddDays(7*10 - 1)}
		want, err := price(context.Background(), sessions, links, rt, opts, 1)
		if err != nil {
			t.Fatal(err)
		}
		// A link with no facts fails, listing its sessions.
		unknown := append(sessions[:len(sessions):len(sessions)], linkmatch.Session{LinkID: "L00000X", Date: start, Kind: linkmatch.KindHalfDay})
		_, wantErr := price(context.Background(), unknown, links, rt, opts, 1)
		var pe *PricingError
		if !errors.As(wantErr, &pe) {
			t.Fatalf("no PricingError for a link with no facts: %v", wantErr)
		}
		for _, workers := range []int{2, 3} {
			got, err := price(context.Background(), sessions, links, rt, opts, workers)
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(got, want) {
				t.Fatalf("%d links, %d workers: the result differs from the links priced in turn", n, workers)
			}
			if _, err := price(context.Background(), unknown, links, rt, opts, workers); !reflect.DeepEqual(err, wantErr) {
				t.Fatalf("%d links, %d workers: error %v, want %v", n, workers, err, wantErr)
			}
		}
	}
}

// TestGatherRows: the parts' rows are put together in order, in place
// when each fits its place, and elsewhere when one outgrew its place.
func TestGatherRows(t *testing.T) {
	row := func(n int) Row { return Row{Link: int32(n), Amount: linkmatch.Pence(n)} }
	for _, outgrow := range []bool{false, true} {
		buf := make([]Row, 0, 6)
		parts := []pricePart{{est: 3}, {est: 3}}
		parts[0].c.rows = append(buf[0:0:3], row(1), row(2))
		parts[1].c.rows = buf[3:3:6]
		if outgrow {
			parts[1].c.rows = buf[3:3:3]
		}
		parts[1].c.rows = append(parts[1].c.rows, row(3), row(4))
		got := gatherRows(buf, parts)
		if want := []Row{row(1), row(2), row(3), row(4)}; !reflect.DeepEqual(got, want) {
			t.Fatalf("outgrown %t: %v, want %v", outgrow, got, want)
		}
		if inPlace := &got[0] == &buf[:1][0]; inPlace == outgrow {
			t.Fatalf("outgrown %t: in place %t", outgrow, inPlace)
		}
	}
}
