package table

import (
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/linkmatch/linkmatch/input"
	"github.com/linkmatch/linkmatch/internal/inputfile"
)

var spec = Spec{Required: []string{"id", "capacity"}, Optional: []string{"tier"}, Name: "carers"}

func TestReaderProblems(t *testing.T) {
	tests := []struct {
		name     string
		data     string
		wantLine int
		wantCol  int
		wantName string
		kind     input.Kind
	}{
		{"missing column", "id\nK1\n", 1, 0, "capacity", input.ErrMissingColumn},
		{"duplicate column", "id,capacity,id\nK1,2,K1\n", 1, 13, "id", input.ErrDuplicate},
		{"empty", "", 0, 0, "", input.ErrMalformed},
		{"not utf8", "id,capacity\nK\xff1,2\n", 2, 2, "", input.ErrMalformed},
		{"bad quote", "id,capacity\n\"K1,2\n", 2, 1, "", input.ErrMalformed},
		{"stray quote reported where its value starts", "id,capacity\nK1,2\nK2,\"3\nK3,4\nK4,5\n", 3, 4, "", input.ErrMalformed},
		{"text after a closing quote", "id,capacity\nK1,\"2\"x\n", 2, 4, "", input.ErrMalformed},
		{"a workbook", "PK\x03\x04\x14\x00\x06\x00\xff", 0, 0, "", input.ErrMalformed},
		{"a file of another kind", "id,date_of_birth,home_authority\nC1,2015-01-01,Somerset\n", 1, 0, "", input.ErrMalformed},
		{"short row", "id,capacity\nK1\n", 2, 0, "", input.ErrMalformed},
		{"unnamed column", "id,,capacity\nK1,x,2\n", 1, 4, "", input.ErrMissingValue},
		{"CR-only line ends", "id,capacity\rK1,2\rK2,3\r", 1, 12, "", input.ErrMalformed},
		{"id too long", "id,capacity\n" + strings.Repeat("K", MaxIDBytes+1) + ",2\n", 2, 1, "id", input.ErrOutOfRange},
		{"id of 1 MB", "id,capacity\n" + strings.Repeat("K", 1<<20) + ",2\n", 2, 1, "id", input.ErrOutOfRange},
		{"id with a control character", "id,capacity\n\"K\x1b1\",2\n", 2, 1, "id", input.ErrBadValue},
		{"cell too long", "id,capacity,tier\nK1,2," + strings.Repeat("x", MaxCellBytes+1) + "\n", 2, 6, "tier", input.ErrOutOfRange},
		{"row too long", "id,capacity," + colNames(20) + "tier\nK1,2," + strings.Repeat(strings.Repeat("x", MaxCellBytes)+",", 20) + "x\n", 2, 0, "", input.ErrOutOfRange},
		{"too many columns", strings.Repeat("c,", MaxColumns) + "id,capacity\nK1,2\n", 1, 0, "", input.ErrOutOfRange},
		{"misspelt optional column", "id,capacity,teir\nK1,2,x\n", 1, 13, "teir", input.ErrUnknownName},
		{"optional column with a space", "id,capacity,Ti er\nK1,2,x\n", 1, 13, "ti er", input.ErrUnknownName},
		{"misspelt required column", "id,capacty\nK1,2\n", 1, 4, "capacty", input.ErrUnknownName},
		{"header name too long", "id,capacity," + strings.Repeat("h", MaxCellBytes+1) + "\nK1,2,x\n", 1, 13, "", input.ErrOutOfRange},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var ps input.Problems
			r := New("carers.csv", []byte(tt.data), spec, &ps)
			for r != nil && r.Next() {
			}
			err := ps.Err()
			if !errors.Is(err, input.ErrInvalid) {
				t.Fatalf("want invalid, got %v", err)
			}
			var inv *input.InvalidError
			if !errors.As(err, &inv) {
				t.Fatal("not an input.InvalidError")
			}
			p := inv.Problems[0]
			for _, q := range inv.Problems {
				if !q.Warning {
					p = q
					break
				}
			}
			if p.File != "carers.csv" || p.Line != tt.wantLine || (tt.wantCol > 0 && p.Column != tt.wantCol) || p.ColumnName != tt.wantName {
				t.Errorf("problem = %+v, want line %d col %d name %q", p, tt.wantLine, tt.wantCol, tt.wantName)
			}
			if !errors.Is(p, tt.kind) || !errors.Is(err, tt.kind) {
				t.Errorf("problem %q is of kind %q, want %q", p.Error(), p.Kind, tt.kind)
			}
		})
	}
}

func TestReaderValues(t *testing.T) {
	data := "\xef\xbb\xbfID, Capacity ,tier,extra\r\nK1,2,standard,x\r\n\r\nK2,9,gold,y\r\nK3,two,,z\r\n"
	var ps input.Problems
	r := New("carers.csv", []byte(data), spec, &ps)
	if r == nil {
		t.Fatalf("header rejected: %v", ps.List)
	}
	var got []string
	for r.Next() {
		capacity, _ := r.Int("capacity", 0, 1, 4, "use 1 to 4")
		tier, _ := r.Enum("tier", []string{"standard", "fostering_plus"}, "standard")
		got = append(got, r.Get("id")+":"+tier+":"+string(rune('0'+capacity)))
	}
	if strings.Join(got, " ") != "K1:standard:2 K2:standard:0 K3:standard:0" {
		t.Errorf("rows = %v", got)
	}
	if w := ps.Warnings(); len(w) != 1 || w[0].ColumnName != "extra" || !errors.Is(w[0], input.ErrUnknownName) || errors.Is(w[0], input.ErrInvalid) {
		t.Errorf("want one unknown-name warning, not an error, for the unknown column; got %+v", w)
	}
	if ps.ErrorCount() != 3 {
		t.Fatalf("want 3 errors, got %v", ps.List)
	}
	// K2: capacity 9 is out of range and tier gold is not a tier; K3:
	// capacity two is not a number.
	var kinds []input.Kind
	for _, q := range ps.List {
		if !q.Warning {
			kinds = append(kinds, q.Kind)
		}
	}
	if want := []input.Kind{input.ErrOutOfRange, input.ErrBadValue, input.ErrBadValue}; !slices.Equal(kinds, want) {
		t.Errorf("kinds = %q, want %q", kinds, want)
	}
	// K2's capacity 9 is on line 4 (the blank line 3 is skipped), column 4.
	var p input.Problem
	for _, q := range ps.List {
		if !q.Warning {
			p = q
			break
		}
	}
	if p.Line != 4 || p.Column != 4 || p.ColumnName != "capacity" {
		t.Errorf("first error at %d:%d (%s), want 4:4 (capacity): %s", p.Line, p.Column, p.ColumnName, p.Error())
	}
	if !strings.Contains(p.Error(), "carers.csv:4:4 (capacity): ") || !strings.Contains(p.Error(), " — ") {
		t.Errorf("message format: %s", p.Error())
	}
}

func TestOneOf(t *testing.T) {
	var ps input.Problems
	r := New("children.csv", []byte("id\nC1\n"), Spec{Required: []string{"id"}, OneOf: [][]string{{"lat", "postcode"}}}, &ps)
	if r != nil || ps.ErrorCount() != 1 || !errors.Is(ps.Err(), input.ErrMissingColumn) {
		t.Fatalf("want one missing-column error, got %v", ps.List)
	}
}

func TestOpenMissing(t *testing.T) {
	var ps input.Problems
	if r := OpenLimit(filepath.Join(t.TempDir(), "nope.csv"), "nope.csv", spec, &ps, inputfile.DefaultMaxCSV); r != nil {
		t.Fatal("opened a missing file")
	}
	if ps.ErrorCount() != 1 || !errors.Is(ps.Err(), input.ErrMissingFile) {
		t.Errorf("want one missing-file error, got %v", ps.List)
	}
}

func colNames(n int) string {
	var b strings.Builder
	for i := range n {
		b.WriteString("c" + strconv.Itoa(i) + ",")
	}
	return b.String()
}

// TestCROnlyNeverLeaksValues: a file with carriage-return line ends is
// refused at its header, so no value of it (a date of birth, say) becomes
// a column name in a warning.
func TestCROnlyNeverLeaksValues(t *testing.T) {
	var ps input.Problems
	r := New("children.csv", []byte("id,date_of_birth\rC1,2012-05-31\rC2,2013-01-02\r"), Spec{Required: []string{"id"}}, &ps)
	if r != nil || ps.ErrorCount() != 1 {
		t.Fatalf("want the file refused with one problem, got %v", ps.List)
	}
	for _, p := range ps.List {
		if strings.Contains(p.Error(), "2012") || strings.Contains(p.ColumnName, "2012") {
			t.Errorf("a value leaked into the problem: %q", p.Error())
		}
	}
	// A carriage return inside a quoted field is data, not a line end.
	ps = input.Problems{}
	if r := New("children.csv", []byte("\"id\r\",x\nC1,y\n"), Spec{}, &ps); r == nil {
		t.Errorf("a quoted carriage return was taken for a line end: %v", ps.List)
	}
}

func TestOpenNotRegular(t *testing.T) {
	for _, path := range []string{"/dev/zero", "/dev/urandom", t.TempDir()} {
		if _, err := os.Stat(path); err != nil {
			continue
		}
		var ps input.Problems
		if r := OpenLimit(path, "carers.csv", spec, &ps, inputfile.DefaultMaxCSV); r != nil {
			t.Fatalf("opened %s", path)
		}
		if ps.ErrorCount() != 1 || !errors.Is(ps.Err(), input.ErrMissingFile) || !strings.Contains(ps.List[0].Message, "not an ordinary file") {
			t.Errorf("%s: want one not-an-ordinary-file error, got %v", path, ps.List)
		}
	}
}

func TestOpenLimit(t *testing.T) {
	path := filepath.Join(t.TempDir(), "carers.csv")
	if err := os.WriteFile(path, []byte("id,capacity\nK1,2\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	var ps input.Problems
	if r := OpenLimit(path, "carers.csv", spec, &ps, 10); r != nil || !errors.Is(ps.Err(), input.ErrOutOfRange) {
		t.Errorf("a file over the limit was read: %v", ps.List)
	}
	ps = input.Problems{}
	if r := OpenLimit(path, "carers.csv", spec, &ps, 100); r == nil {
		t.Errorf("a file under the limit was refused: %v", ps.List)
	}
}

func TestSplitList(t *testing.T) {
	got := SplitList(" Autism ; ;family_contact;", true)
	if strings.Join(got, "|") != "autism|family_contact" {
		t.Errorf("got %q", got)
	}
	if SplitList(" ; ", false) != nil {
		t.Error("want nil for an empty list")
	}
}

func TestYesNoDate(t *testing.T) {
	var ps input.Problems
	r := New("x.csv", []byte("id,capacity,overnight,dob\nK1,1,maybe,2027-02-30\n"), Spec{Required: []string{"id", "capacity"}, Optional: []string{"overnight", "dob"}}, &ps)
	if !r.Next() {
		t.Fatal("no row")
	}
	if _, ok := r.YesNo("overnight", false); ok {
		t.Error("maybe accepted")
	}
	if _, _, ok := r.Date("dob", true); ok {
		t.Error("30 Feb accepted")
	}
	if ps.ErrorCount() != 2 || !errors.Is(ps.List[0], input.ErrBadValue) || !errors.Is(ps.List[1], input.ErrBadValue) {
		t.Errorf("want two bad-value errors, got %v", ps.List)
	}
}

func FuzzReader(f *testing.F) {
	f.Add([]byte("id,capacity,tier\nK1,2,standard\n"))
	f.Add([]byte("\xef\xbb\xbfid,capacity\r\n\"K,1\",3\r\n"))
	f.Add([]byte("id,capacity\n\"unterminated\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		var ps input.Problems
		r := New("f.csv", data, spec, &ps)
		for r != nil && r.Next() {
			r.Int("capacity", 0, 1, 4, "")
			r.Float("capacity", 0, 0, 1, "")
			r.Date("tier", false)
			r.List("tier", true)
		}
		for _, p := range ps.List {
			_ = p.Error()
		}
	})
}

func TestSeenPointsBackToFirst(t *testing.T) {
	var ps input.Problems
	r := New("carers.csv", []byte("id,capacity\nK1,1\nK2,1\nK1,2\n"), spec, &ps)
	seen := Seen{}
	var kept []string
	for r.Next() {
		if seen.First(r, "id", r.Get("id"), "id", "give each carer a different id") {
			kept = append(kept, r.Get("id"))
		}
	}
	if strings.Join(kept, ",") != "K1,K2" || ps.ErrorCount() != 1 || !errors.Is(ps.Err(), input.ErrDuplicate) {
		t.Fatalf("kept %v, problems %v; want one duplicate", kept, ps.List)
	}
	if got := ps.List[0].Error(); got != `carers.csv:4:1 (id): the id "K1" is used again (first at carers.csv:2) — give each carer a different id` {
		t.Errorf("got %s", got)
	}
}

// TestUTF16File: a CSV saved as UTF-16 (Excel's "Unicode text") is one
// problem naming the file and the fix, not a column problem per header
// name read as nonsense.
func TestUTF16File(t *testing.T) {
	var data []byte
	for _, r := range "id,capacity\nK1,2\n" {
		data = append(data, byte(r), 0)
	}
	for _, bom := range [][]byte{nil, {0xff, 0xfe}} {
		var ps input.Problems
		if r := New("carers.csv", append(slices.Clone(bom), data...), spec, &ps); r != nil {
			t.Fatal("a reader over a UTF-16 file")
		}
		if len(ps.List) != 1 {
			t.Fatalf("%d problems, want 1: %v", len(ps.List), ps.List)
		}
		got := ps.List[0].Error()
		if !strings.HasPrefix(got, "carers.csv:1:1: the file is UTF-16 text") || !strings.Contains(got, "CSV UTF-8") || !errors.Is(ps.List[0], input.ErrMalformed) {
			t.Errorf("problem %q", got)
		}
	}
}

// TestNotCommaSeparated: a file separated by tabs (Excel's "Text (Tab
// delimited)") or semicolons is one problem saying so, not one per column.
func TestNotCommaSeparated(t *testing.T) {
	for _, data := range []string{"id\tcapacity\nK1\t2\n", "id;capacity\nK1;2\n"} {
		var ps input.Problems
		if r := New("carers.csv", []byte(data), spec, &ps); r != nil {
			t.Fatalf("%q: a reader", data)
		}
		if len(ps.List) != 1 || !strings.Contains(ps.List[0].Error(), "not commas") || !strings.Contains(ps.List[0].Error(), "CSV UTF-8") {
			t.Errorf("%q: problems %v", data, ps.List)
		}
	}
}

// TestNoRows: a file whose only rows are broken is not reported as having
// no rows; one with only a header is.
func TestNoRows(t *testing.T) {
	for _, tc := range []struct {
		data string
		want bool
	}{
		{"id,capacity\n", true},
		{"id,capacity\n\n", true},
		{"id,capacity\nK1\n", false},
		{"id,capacity\n\"K1,2\n", false},
		{"id,capacity\nK1,2\n", false},
	} {
		var ps input.Problems
		r := New("carers.csv", []byte(tc.data), spec, &ps)
		for r.Next() {
		}
		if r.NoRows() != tc.want {
			t.Errorf("%q: no rows %v, want %v", tc.data, r.NoRows(), tc.want)
		}
	}
}

// A misspelt column is refused with "did you mean", once (not again as a
// missing column); a column close to one the file already has, or far
// from every known one, stays a warning.
func TestReaderMisspeltColumns(t *testing.T) {
	var ps input.Problems
	New("carers.csv", []byte("id,capacty,notes\nK1,2,x\n"), spec, &ps)
	if ps.ErrorCount() != 1 || !strings.Contains(ps.Err().Error(), `carers.csv:1:4 (capacty): unknown column "capacty": did you mean capacity?`) {
		t.Errorf("want one error naming capacity, got %v", ps.List)
	}
	ps = input.Problems{}
	if r := New("carers.csv", []byte("id,capacity,tier,tiers,notes\nK1,2,x,y,z\n"), spec, &ps); r == nil || ps.ErrorCount() != 0 || len(ps.Warnings()) != 2 {
		t.Errorf("want two warnings and no error, got %v", ps.List)
	}
}

// TestReaderMessages: the words of the problems a user most often meets.
func TestReaderMessages(t *testing.T) {
	for _, tc := range []struct{ name, data, want string }{
		{"missing column", "id\nK1\n", `carers.csv:1 (capacity): missing column "capacity" — add it to the header`},
		{"a workbook", "PK\x03\x04\x14\x00", "looks like a spreadsheet workbook (.xlsx or .xls), not CSV text — open it in Excel and save it as CSV"},
		{"a file of another kind", "link_id,child_id,carer_id,date,kind,row_id\nL,C,K,2027-01-04,meeting,x\n", "carers.csv:1: this looks like a timeline file, not a carers file"},
		{"a stray quote", "id,capacity\nK1,\"2\nK2,3\n", "carers.csv:2:4: the quoted value starting here is not closed properly"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var ps input.Problems
			r := New("carers.csv", []byte(tc.data), spec, &ps)
			for r != nil && r.Next() {
			}
			err := ps.Err()
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("got %v, want %q", err, tc.want)
			}
		})
	}
}

// TestUnknownColumnNamesLacking: the warning for an unknown column far
// from any known one names the optional columns the file lacks, not every
// column it may have (tester: all 26 names, none suggested); while a
// guarded column is missing, the unknown column is an error naming it.
func TestUnknownColumnNamesLacking(t *testing.T) {
	spec := Spec{Required: []string{"id"}, Optional: []string{"colour", "medication"}}
	var ps input.Problems
	if New("f.csv", []byte("id,colour,zzz\n1,red,x\n"), spec, &ps) == nil || len(ps.List) != 1 {
		t.Fatalf("problems %v, want one warning", ps.List)
	}
	if p := ps.List[0]; !p.Warning || !strings.HasSuffix(p.Hint, "the file lacks: medication") {
		t.Errorf("warning %+v, want it to name medication only", p)
	}
	spec.Guarded, spec.GuardedBy = []string{"medication"}, "the written agreements"
	ps = input.Problems{}
	if New("f.csv", []byte("id,colour,zzz\n1,red,x\n"), spec, &ps) != nil || len(ps.List) != 1 || ps.List[0].Warning {
		t.Fatalf("problems %v, want one error", ps.List)
	}
	if p := ps.List[0]; p.Column != 11 || !strings.Contains(p.Message, `unknown column "zzz", and f.csv has no medication column`) {
		t.Errorf("error %+v", p)
	}
}
