package workbook

import (
	"bytes"
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"
)

func testSheets() []Sheet {
	return []Sheet{
		{Name: "links", Columns: []Column{{"child_id", Text}, {"score", Number}, {"rank", Int}, {"amount_gbp", Money}, {"date", Date}, {"why", Text}},
			Rows: [][]string{
				{"C001", "61.81", "2", "1234.5", "2027-01-04", "=HYPERLINK(\"http://example.invalid\",\"click\")"},
				{"+C002", "84.38", "1", "-0.05", "2027-02-30", "@SUM(A1:A2)"},
				{"C003", "NaN", "x", "12.345", "", "-1+1"},
			}},
		{Name: "costs by month", Columns: []Column{{"month", Text}, {"total_gbp", Money}}, Rows: nil},
	}
}

func open(t *testing.T, b []byte) *excelize.File {
	t.Helper()
	f, err := excelize.OpenReader(bytes.NewReader(b))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if err := f.Close(); err != nil {
			t.Error(err)
		}
	})
	return f
}

// TestWrite reads a workbook back: sheets in order, headers, numbers and
// dates typed and formatted, text that looks like a formula stored as
// text with no formula, a bad value kept as text, a frozen header and a
// filter on every sheet.
func TestWrite(t *testing.T) {
	var b bytes.Buffer
	if err := Write(&b, testSheets()); err != nil {
		t.Fatal(err)
	}
	f := open(t, b.Bytes())
	if got := f.GetSheetList(); strings.Join(got, "|") != "links|costs by month" {
		t.Fatalf("sheets %q", got)
	}
	tests := []struct {
		cell, want string
		typ        excelize.CellType
	}{
		{"A1", "child_id", excelize.CellTypeInlineString},
		{"B2", "61.81", excelize.CellTypeUnset}, // a number
		{"C2", "2", excelize.CellTypeUnset},
		{"D2", "1,234.50", excelize.CellTypeUnset},
		{"D3", "-0.05", excelize.CellTypeUnset},
		{"E2", "2027-01-04", excelize.CellTypeUnset},
		{"E3", "2027-02-30", excelize.CellTypeInlineString}, // not a date: kept as text
		{"F2", "=HYPERLINK(\"http://example.invalid\",\"click\")", excelize.CellTypeInlineString},
		{"A3", "+C002", excelize.CellTypeInlineString},
		{"F3", "@SUM(A1:A2)", excelize.CellTypeInlineString},
		{"B4", "NaN", excelize.CellTypeInlineString},
		{"C4", "x", excelize.CellTypeInlineString},
		{"D4", "12.345", excelize.CellTypeInlineString}, // three decimals are not money
		{"F4", "-1+1", excelize.CellTypeInlineString},
	}
	for _, tt := range tests {
		got, err := f.GetCellValue("links", tt.cell)
		if err != nil {
			t.Fatal(err)
		}
		if got != tt.want {
			t.Errorf("%s = %q, want %q", tt.cell, got, tt.want)
		}
		typ, err := f.GetCellType("links", tt.cell)
		if err != nil {
			t.Fatal(err)
		}
		if typ != tt.typ {
			t.Errorf("%s has type %v, want %v", tt.cell, typ, tt.typ)
		}
		if formula, err := f.GetCellFormula("links", tt.cell); err != nil || formula != "" {
			t.Errorf("%s holds a formula %q (%v)", tt.cell, formula, err)
		}
	}
	raw, err := f.GetCellValue("links", "E2", excelize.Options{RawCellValue: true})
	if err != nil {
		t.Fatal(err)
	}
	if raw != "46391" { // 4 January 2027 as a spreadsheet day number
		t.Errorf("E2 stored as %q, want the day number 46391", raw)
	}
	for _, s := range f.GetSheetList() {
		panes, err := f.GetPanes(s)
		if err != nil || !panes.Freeze || panes.YSplit != 1 {
			t.Errorf("%s: panes %+v, %v", s, panes, err)
		}
		tables, err := f.GetTables(s)
		if err != nil || len(tables) != 1 || !strings.HasPrefix(tables[0].Range, "A1:") {
			t.Errorf("%s: tables %+v, %v", s, tables, err)
		}
	}
}

// TestDeterministic: the same sheets give the same bytes, however excelize
// orders the parts it streams (it varies from run to run: many sheets make
// a difference likely).
func TestDeterministic(t *testing.T) {
	var sheets []Sheet
	for i := range 12 {
		s := testSheets()[0]
		s.Name = fmt.Sprintf("sheet %d", i)
		sheets = append(sheets, s)
	}
	var first []byte
	for range 5 {
		var b bytes.Buffer
		if err := Write(&b, sheets); err != nil {
			t.Fatal(err)
		}
		if first == nil {
			first = b.Bytes()
		} else if !bytes.Equal(first, b.Bytes()) {
			t.Fatal("the same sheets give different bytes")
		}
	}
	open(t, first) // still a workbook
}

func TestTooManyRows(t *testing.T) {
	s := Sheet{Name: "big", Columns: []Column{{"a", Text}}, Rows: make([][]string, MaxRows+1)}
	if err := Write(&bytes.Buffer{}, []Sheet{s}); !errors.Is(err, ErrTooManyRows) {
		t.Fatalf("err = %v, want ErrTooManyRows", err)
	}
}

func TestTableName(t *testing.T) {
	if got := tableName("costs by month", 4); got != "T5_costs_by_month" {
		t.Errorf("got %q", got)
	}
}
