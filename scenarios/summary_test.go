package scenarios

import (
	"reflect"
	"testing"

	"github.com/linkmatch/linkmatch"
)

func TestSummary(t *testing.T) {
	s := &Scenario{
		Children: []linkmatch.Child{
			{ID: "C1", HomeAuthority: "Somerset", SiblingGroup: "S1"},
			{ID: "C2", HomeAuthority: "Somerset", SiblingGroup: "S1"},
			{ID: "C3", HomeAuthority: "Devon"},
		},
		Carers: []linkmatch.Carer{
			{ID: "K1", Capacity: 3, CurrentLinks: 1, Authority: "Dorset"},
			{ID: "K2", Capacity: 1, Authority: "Somerset"},
			{ID: "K3", Capacity: 2, CurrentLinks: 2},
		},
	}
	want := Summary{
		SiblingGroups:          1,
		FreePlaces:             2 + 1 + 0,
		ChildAuthorities:       []string{"Devon", "Somerset"},
		CarerAuthorities:       []string{"Dorset", "Somerset"},
		Authorities:            3, // Devon, Dorset, Somerset
		CarersWithoutAuthority: 1,
	}
	if got := s.Summary(); !reflect.DeepEqual(got, want) {
		t.Errorf("Summary = %+v, want %+v", got, want)
	}
}
