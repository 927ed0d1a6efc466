package plan

import (
	"bytes"
	"errors"
	"reflect"
	"strings"
	"testing"

	"github.com/linkmatch/linkmatch"
	"github.com/linkmatch/linkmatch/input"
)

func TestTimelineRoundTrip(t *testing.T) {
	in := []linkmatch.Session{
		{LinkID: "L1", ChildID: "C1", CarerID: "K1", Date: linkmatch.MustParseDate("2027-01-09"), Start: 17 * 60,
			EndDate: linkmatch.MustParseDate("2027-01-09"), End: 19*60 + 30, Kind: linkmatch.KindHalfDay,
			Stage: "building", Location: "community", Notes: "dinner, then a walk"},
		{LinkID: "L1", ChildID: "C1", CarerID: "K1", Date: linkmatch.MustParseDate("2027-01-16"), Start: 10 * 60,
			EndDate: linkmatch.MustParseDate("2027-01-17"), End: 17 * 60, Kind: linkmatch.KindDayAndHalf,
			Stage: "developing", Location: "carer's home", Notes: `said "yes"`},
	}
	var buf bytes.Buffer
	if err := WriteTimeline(&buf, in); err != nil {
		t.Fatal(err)
	}
	var ps input.Problems
	got, lines := ParseTimeline(buf.Bytes(), "timeline.csv", &ps)
	if err := ps.Err(); err != nil {
		t.Fatalf("%v\n%s", err, buf.String())
	}
	if !reflect.DeepEqual(got, in) {
		t.Errorf("round trip:\n got %+v\nwant %+v", got, in)
	}
	if !reflect.DeepEqual(lines, []int{2, 3}) {
		t.Errorf("lines %v, want [2 3] (after the header)", lines)
	}
}

func TestReadTimelineProblems(t *testing.T) {
	const hdr = "link_id,child_id,carer_id,date,start,end_date,end,kind\n"
	tests := []struct {
		name, row string
		line, col int
		column    string
	}{
		{"bad date", "L1,C1,K1,2027-02-30,10:00,,12:00,half_day", 2, 10, "date"},
		{"bad start", "L1,C1,K1,2027-02-03,25:00,,12:00,half_day", 2, 21, "start"},
		{"bad end", "L1,C1,K1,2027-02-03,10:00,,9.30,half_day", 2, 28, "end"},
		{"bad kind", "L1,C1,K1,2027-02-03,10:00,,12:00,sleepover", 2, 34, "kind"},
		{"end before start", "L1,C1,K1,2027-02-03,10:00,,09:00,half_day", 2, 28, "end"},
		{"end date before date", "L1,C1,K1,2027-02-03,10:00,2027-02-02,12:00,overnight", 2, 27, "end_date"},
		{"missing link", ",C1,K1,2027-02-03,10:00,,12:00,half_day", 2, 1, "link_id"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var ps input.Problems
			got, _ := ParseTimeline([]byte(hdr+tc.row+"\n"), "timeline.csv", &ps)
			if len(got) != 0 {
				t.Errorf("got %d sessions, want none", len(got))
			}
			err := ps.Err()
			if !errors.Is(err, input.ErrInvalid) {
				t.Fatalf("err = %v, want invalid", err)
			}
			var inv *input.InvalidError
			if !errors.As(err, &inv) || len(inv.Problems) != 1 {
				t.Fatalf("want one problem, got %v", err)
			}
			p := inv.Problems[0]
			if p.File != "timeline.csv" || p.Line != tc.line || p.Column != tc.col || p.ColumnName != tc.column {
				t.Errorf("problem at %s:%d:%d (%s), want line %d col %d (%s): %v", p.File, p.Line, p.Column, p.ColumnName, tc.line, tc.col, tc.column, p)
			}
		})
	}
}

func TestReadTimelineLinkOwner(t *testing.T) {
	data := "link_id,child_id,carer_id,date,kind\nL1,C1,K1,2027-02-03,half_day\nL1,C2,K1,2027-02-04,half_day\n"
	var ps input.Problems
	got, lines := ParseTimeline([]byte(data), "t.csv", &ps)
	if len(got) != 1 || ps.ErrorCount() != 1 {
		t.Fatalf("got %d sessions and %v", len(got), ps.Err())
	}
	if len(lines) != 1 || lines[0] != 2 {
		t.Errorf("lines %v, want [2]: the row kept is the first", lines)
	}
	if p := ps.List[0]; p.Line != 3 || !errors.Is(p, input.ErrConflict) || !strings.Contains(p.Message, "t.csv:2") {
		t.Errorf("problem %v, want a conflict at line 3 naming t.csv:2", p)
	}
}

func TestReadTimelineDefaults(t *testing.T) {
	data := "\xef\xbb\xbflink_id,child_id,carer_id,date,kind,extra\r\nL1,C1,K1,2027-02-03,MILESTONE,x\r\n"
	var ps input.Problems
	got, _ := ParseTimeline([]byte(data), "t.csv", &ps)
	if err := ps.Err(); err != nil {
		t.Fatal(err)
	}
	if len(ps.Warnings()) != 1 {
		t.Errorf("want one warning for the unknown column, got %v", ps.List)
	}
	want := linkmatch.Session{LinkID: "L1", ChildID: "C1", CarerID: "K1", Date: linkmatch.MustParseDate("2027-02-03"),
		EndDate: linkmatch.MustParseDate("2027-02-03"), Kind: linkmatch.KindMilestone}
	if len(got) != 1 || got[0] != want {
		t.Errorf("got %+v, want %+v", got, want)
	}
}

func FuzzReadTimeline(f *testing.F) {
	f.Add([]byte("link_id,child_id,carer_id,date,start,end_date,end,kind,stage,location,notes\nL1,C1,K1,2027-01-09,17:00,2027-01-09,19:30,half_day,building,community,dinner\n"))
	f.Add([]byte("link_id,child_id,carer_id,date,kind\nL1,C1,K1,2027-02-30,x\n\"unterminated"))
	f.Add([]byte("date,kind\n,,,\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		var ps input.Problems
		got, lines := ParseTimeline(data, "t.csv", &ps)
		if len(lines) != len(got) {
			t.Fatalf("%d sessions but %d lines", len(got), len(lines))
		}
		for _, s := range got {
			if s.EndDate < s.Date || (s.EndDate == s.Date && s.End < s.Start) {
				t.Fatalf("accepted a session ending before it starts: %+v", s)
			}
		}
		if len(got) > 0 {
			var buf bytes.Buffer
			if err := WriteTimeline(&buf, got); err != nil {
				t.Fatal(err)
			}
		}
	})
}

func TestSummariseWarnings(t *testing.T) {
	for _, tc := range []struct {
		name string
		in   []Warning
		want string
	}{
		{"none", nil, "none: every plan has what its template asks for"},
		{"one", []Warning{{LinkID: "L1", Problem: ProblemEndsAt18}}, "1 for 1 link (1 plan ending at 18) — see plan_warnings.csv"},
		{"several", []Warning{{LinkID: "L1", Problem: ProblemShortSessions}, {LinkID: "L1", Problem: ProblemShortSessions}, {LinkID: "L2", Problem: ProblemGap}},
			"3 for 2 links (2 stages short of sessions, 1 long gap in contact) — see plan_warnings.csv"},
	} {
		if got := SummariseWarnings(tc.in); got != tc.want {
			t.Errorf("%s: %q, want %q", tc.name, got, tc.want)
		}
	}
}

func TestTimelineStatus(t *testing.T) {
	d := linkmatch.MustParseDate
	tests := []struct {
		cell string
		want linkmatch.Session
		ok   bool
	}{
		{"", linkmatch.Session{}, true},
		{"done", linkmatch.Session{Status: linkmatch.StatusDone}, true},
		{"Cancelled", linkmatch.Session{Status: linkmatch.StatusCancelled}, true},
		{"moved", linkmatch.Session{Status: linkmatch.StatusMoved}, true},
		{"moved 2027-05-12", linkmatch.Session{Status: linkmatch.StatusMoved, MovedTo: d("2027-05-12")}, true},
		{"moved 2027-05-12 10:00", linkmatch.Session{Status: linkmatch.StatusMoved, MovedTo: d("2027-05-12"), MovedAt: 600, MovedTime: true}, true},
		{"done 2027-05-12", linkmatch.Session{}, false},
		{"moved 12/05/2027", linkmatch.Session{}, false},
		{"moved 2027-05-12 10.00", linkmatch.Session{}, false},
		{"postponed", linkmatch.Session{}, false},
	}
	for _, tc := range tests {
		t.Run(tc.cell, func(t *testing.T) {
			var s linkmatch.Session
			ok := parseStatus(tc.cell, &s)
			if ok != tc.ok || (ok && s != tc.want) {
				t.Fatalf("parseStatus(%q) = %+v, %v; want %+v, %v", tc.cell, s, ok, tc.want, tc.ok)
			}
			if ok && tc.cell != "" && statusText(&s) != strings.ToLower(tc.cell) {
				t.Errorf("written back as %q", statusText(&s))
			}
		})
	}
	var ps input.Problems
	ParseTimeline([]byte("link_id,child_id,carer_id,date,kind,status\nL1,C1,K1,2027-02-03,half_day,postponed\n"), "timeline.csv", &ps)
	var p input.Problem
	if err := ps.Err(); !errors.As(err, &p) || p.ColumnName != "status" || p.Line != 2 || p.Column != 30 || !errors.Is(err, input.ErrBadValue) {
		t.Errorf("a bad status: got %v", err)
	}
}

// TestTimelineKeptVerbatim: a kept row is written back as recorded, even
// where its cells are not as linkmatch writes them; a row with a cell a
// spreadsheet takes as a formula is written neutralised instead.
func TestTimelineKeptVerbatim(t *testing.T) {
	hdr := strings.Join(timelineColumns[:], ",") + "\n"
	rows := "L1,C1,K1,2027-02-03,16:30,2027-02-03,18:00,half_day,Building,community, tea ,\"said \"\"yes\"\"\",L1/building/half_day/1,Done\r\n" +
		"L1,C1,K1,2027-02-04,16:30,2027-02-04,18:00,half_day,Building,community,tea,\"=HYPERLINK(\"\"x\"\")\",L1/building/half_day/2,done\r\n"
	var ps input.Problems
	rec := ReadActuals([]byte(hdr+rows), "timeline.csv", ActualsCheck{}, &ps)
	if err := ps.Err(); err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := WriteTimelineKept(&buf, rec.Sessions, []int32{1, 2}, rec); err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(buf.String(), "\n")
	if want := strings.Split(rows, "\r\n")[0]; lines[1] != want {
		t.Errorf("kept row\n got %s\nwant %s", lines[1], want)
	}
	if !strings.Contains(lines[2], "'=HYPERLINK") {
		t.Errorf("a formula kept as it was: %s", lines[2])
	}
}

func FuzzTimelineStatus(f *testing.F) {
	for _, s := range []string{"", "done", "moved 2027-05-12 10:00", "moved 2027-13-01", "cancelled x"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, cell string) {
		var s linkmatch.Session
		if !parseStatus(cell, &s) {
			return
		}
		var back linkmatch.Session
		if !parseStatus(statusText(&s), &back) || back != s {
			t.Errorf("%q read as %+v, written as %q, read back as %+v", cell, s, statusText(&s), back)
		}
	})
}
