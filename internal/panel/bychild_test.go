package panel

import (
	"math/rand/v2"
	"reflect"
	"testing"

	"github.com/linkmatch/linkmatch"
)

// TestByChild: grouping sessions by child in place gives each child's rows
// in timeline order, as appending them one by one does, whether the rows
// come in runs or scattered (as a plan lists them, by date).
func TestByChild(t *testing.T) {
	rng := rand.New(rand.NewPCG(2, 3))
	for range 500 {
		var sessions []linkmatch.Session
		for range rng.IntN(40) {
			id := []string{"C1", "C2", "C3", "C4"}[rng.IntN(4)]
			for range 1 + rng.IntN(4) { // runs of rows, or single ones
				sessions = append(sessions, linkmatch.Session{ChildID: id, Date: linkmatch.Date(len(sessions))})
			}
		}
		want := map[string][]linkmatch.Session{}
		for _, s := range sessions {
			want[s.ChildID] = append(want[s.ChildID], s)
		}
		if got := byChild(sessions); !reflect.DeepEqual(got, want) {
			t.Fatalf("byChild(%v) = %v, want %v", sessions, got, want)
		}
	}
}
