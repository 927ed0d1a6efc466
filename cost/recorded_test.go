package cost

import (
	"context"
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/linkmatch/linkmatch"
)

// TestCancelledNeverPriced: over generated timelines with sessions recorded
// done, cancelled, moved and to be rearranged, no cost row prices a session
// that did not take place; a moved one is priced on its new day; the rows
// of sessions recorded done are actual, those of sessions moved to a day
// by which the link's sessions are all recorded too, and the others
// (moved ahead, into the plan's future, among them) planned; and
// pricing the recorded timeline costs what pricing only the sessions that
// take place costs.
func TestCancelledNeverPriced(t *testing.T) {
	rt := loadRates(t, "seed001-daycare.csv")
	start := d("2027-01-04")
	for seed := uint64(1); seed <= 5; seed++ {
		sessions, links := synthetic(40, start, 20)
		rng := rand.New(rand.NewPCG(seed, 13))
		asOf := start.AddDays(7 * 10)
		for i := range sessions {
			s := &sessions[i]
			if !s.Kind.Paid() {
				continue
			}
			switch x := rng.IntN(10); {
			case x == 0:
				s.Status = linkmatch.StatusCancelled
			case x == 1:
				s.Status = linkmatch.StatusMoved // to be rearranged
			case x == 2 && s.Kind != linkmatch.KindDayAndHalf:
				s.Status, s.MovedTo = linkmatch.StatusMoved, s.Date.AddDays(1)
			case s.Date < asOf:
				s.Status = linkmatch.StatusDone
			}
		}
		// The first day of each link with a session with the child that
		// records nothing: what is on or after it is the plan.
		unrecorded := map[string]linkmatch.Date{}
		for i := range sessions {
			s := &sessions[i]
			if u, ok := unrecorded[s.LinkID]; s.Kind.WithChild() && s.Status == linkmatch.StatusPlanned && (!ok || s.Date < u) {
				unrecorded[s.LinkID] = s.Date
			}
		}
		opts := Options{Payments: seed000Pay, From: start, To: start.AddDays(7*20 - 1)}
		res, err := Price(context.Background(), sessions, links, rt, opts)
		if err != nil {
			t.Fatal(err)
		}
		for _, r := range res.Rows {
			if r.Item == ItemRetainer {
				continue
			}
			s := &sessions[r.Session]
			want := BasisPlanned
			switch s.Status {
			case linkmatch.StatusCancelled:
				t.Fatalf("a cancelled session priced: %+v", r)
			case linkmatch.StatusMoved:
				if s.MovedTo == 0 {
					t.Fatalf("a session still to be rearranged priced: %+v", r)
				}
				if r.Date != s.MovedTo {
					t.Errorf("a moved session priced on %s, not on %s", r.Date, s.MovedTo)
				}
				if u, ok := unrecorded[s.LinkID]; !ok || s.MovedTo.AddDays(int(s.EndDate-s.Date)) < u {
					want = BasisActual
				}
			case linkmatch.StatusDone:
				want = BasisActual
			}
			if r.Basis != want {
				t.Errorf("%s %s (%s): basis %s, want %s", r.Date, r.ItemName(), s.Status, r.Basis, want)
			}
		}
		// The same as pricing only what takes place, as it takes place.
		var taking []linkmatch.Session
		for i := range sessions {
			if s, ok := sessions[i].Occurs(); ok {
				s.Status = linkmatch.StatusPlanned
				taking = append(taking, s)
			}
		}
		plain, err := Price(context.Background(), taking, links, rt, opts)
		if err != nil {
			t.Fatal(err)
		}
		if plain.Sessions != res.Sessions || plain.Mileage != res.Mileage {
			t.Errorf("sessions %s and mileage %s, but %s and %s for what takes place", res.Sessions, res.Mileage, plain.Sessions, plain.Mileage)
		}
		if res.Cancelled == 0 || res.Actual == 0 || res.Actual >= res.Total {
			t.Errorf("cancelled %d, actual %s of %s", res.Cancelled, res.Actual, res.Total)
		}
	}
}

// TestRetainerBasis: a retainer week is actual when every session of the
// link up to its end is recorded, planned from the first that is not.
func TestRetainerBasis(t *testing.T) {
	rt := loadRates(t, "seed000-example.csv")
	sessions := []linkmatch.Session{
		sess(linkmatch.KindMilestone, "2027-01-04", ""),
		sess(linkmatch.KindHalfDay, "2027-01-06", ""),
		sess(linkmatch.KindHalfDay, "2027-01-13", ""),
		sess(linkmatch.KindHalfDay, "2027-01-20", ""),
	}
	sessions[1].Status, sessions[2].Status = linkmatch.StatusDone, linkmatch.StatusCancelled
	links := map[string]LinkInfo{"L1": {ChildID: "C1", CarerID: "K1", DateOfBirth: d("2012-06-15")}}
	res, err := Price(context.Background(), sessions, links, rt, Options{Payments: seed000Pay, From: d("2027-01-04"), To: d("2027-01-24")})
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, r := range res.Rows {
		got = append(got, r.Date.String()+" "+r.ItemName()+" "+r.Basis.String())
	}
	want := []string{
		"2027-01-04 retainer actual", "2027-01-06 half_day actual",
		"2027-01-11 retainer actual", // the 13th was cancelled: recorded
		"2027-01-18 retainer planned", "2027-01-20 half_day planned",
	}
	if !slices.Equal(got, want) {
		t.Errorf("rows\n got %q\nwant %q", got, want)
	}
	if res.Cancelled != 1 || res.Actual != 2*10000+1493 {
		t.Errorf("cancelled %d, actual %s", res.Cancelled, res.Actual)
	}
}
