package plan

import (
	"strings"
	"testing"

	"github.com/linkmatch/linkmatch/input"
)

// TestTimelineBlamesTheMistypedRow: a link's rows naming two pairings are
// a problem at the rows naming the pairing fewer rows name (the later ones
// on a tie), at the cell that differs, and those rows are left out.
func TestTimelineBlamesTheMistypedRow(t *testing.T) {
	const head = "link_id,child_id,carer_id,date,kind\n"
	for _, tc := range []struct {
		name, rows string
		want       []string // problems, as file:line:column (column)
		kept       int
	}{
		{"the first row is wrong", "L1,C1,K9,2027-01-04,half_day\nL1,C1,K1,2027-01-05,half_day\nL1,C1,K1,2027-01-06,half_day\n",
			[]string{"t.csv:2:7 (carer_id)"}, 2},
		{"a later row is wrong", "L1,C1,K1,2027-01-04,half_day\nL1,C1,K1,2027-01-05,half_day\nL1,C2,K1,2027-01-06,half_day\n",
			[]string{"t.csv:4:4 (child_id)"}, 2},
		{"a tie: the later pairing is blamed", "L1,C1,K1,2027-01-04,half_day\nL1,C1,K2,2027-01-05,half_day\n",
			[]string{"t.csv:3:7 (carer_id)"}, 1},
		{"one pairing: nothing to say", "L1,C1,K1,2027-01-04,half_day\nL2,C1,K2,2027-01-05,half_day\n", nil, 2},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var ps input.Problems
			sessions, lines := ParseTimeline([]byte(head+tc.rows), "t.csv", &ps)
			if len(ps.List) != len(tc.want) {
				t.Fatalf("problems %v, want %v", ps.List, tc.want)
			}
			for i, p := range ps.List {
				if !strings.HasPrefix(p.Error(), tc.want[i]+":") {
					t.Errorf("problem %q, want it at %s", p.Error(), tc.want[i])
				}
			}
			if len(sessions) != tc.kept || len(lines) != tc.kept {
				t.Errorf("%d sessions and %d lines kept, want %d", len(sessions), len(lines), tc.kept)
			}
		})
	}
}
