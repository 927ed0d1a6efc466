// Package workbook writes linkmatch's spreadsheet workbook (issue 16): one
// sheet per table, each with its header frozen, a filter on every column,
// dates stored as dates, money as numbers in pounds shown with two
// decimals, and text stored as text — never as a formula, so a cell such
// as "=HYPERLINK(…)" from an input file is shown, not run (OWASP, "CSV
// Injection": a spreadsheet evaluates only cells typed as formulas).
//
// A Sheet is a table of strings as a CSV file holds it, with a type per
// column; a cell that does not read as its column's type is kept as text,
// so nothing is lost. The file is written with excelize (github.com/
// xuri/excelize/v2), one row at a time.
package workbook

import (
	"archive/zip"
	"bytes"
	"errors"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode"

	"github.com/xuri/excelize/v2"

	"github.com/linkmatch/linkmatch"
)

// Type is how a column's cells are stored.
type Type uint8

// Column types.
const (
	Text   Type = iota // as written
	Int                // a whole number
	Number             // a decimal number, as written
	Money              // pounds, shown with two decimals (#,##0.00)
	Date               // YYYY-MM-DD, shown as a date (yyyy-mm-dd)
)

// Column is a sheet's column: its header and type.
type Column struct {
	Name string
	Type Type
}

// Sheet is one table of the workbook. Rows hold cells as a CSV file writes
// them, one per column.
type Sheet struct {
	Name    string
	Columns []Column
	Rows    [][]string
}

// MaxRows is how many rows a sheet can hold below its header: Excel's limit
// of 1,048,576 rows, less the header.
const MaxRows = 1<<20 - 1

// ErrTooManyRows is returned for a sheet with more rows than MaxRows.
var ErrTooManyRows = errors.New("workbook: more rows than a spreadsheet can hold")

// Write writes sheets as an .xlsx workbook, in order.
func Write(w io.Writer, sheets []Sheet) error {
	f := excelize.NewFile()
	defer f.Close()
	if err := f.SetDocProps(&excelize.DocProperties{Creator: "linkmatch", Title: "linkmatch workbook"}); err != nil {
		return err
	}
	st, err := newStyles(f)
	if err != nil {
		return err
	}
	for i, s := range sheets {
		if len(s.Rows) > MaxRows {
			return fmt.Errorf("%w: %s has %d rows, a sheet holds at most %d; open the CSV file instead", ErrTooManyRows, s.Name, len(s.Rows), MaxRows)
		}
		if i == 0 {
			if err := f.SetSheetName("Sheet1", s.Name); err != nil {
				return fmt.Errorf("workbook: sheet %q: %w", s.Name, err)
			}
		} else if _, err := f.NewSheet(s.Name); err != nil {
			return fmt.Errorf("workbook: sheet %q: %w", s.Name, err)
		}
		if err := writeSheet(f, &s, st, i); err != nil {
			return fmt.Errorf("workbook: sheet %q: %w", s.Name, err)
		}
	}
	var buf bytes.Buffer
	if err := f.Write(&buf); err != nil {
		return err
	}
	return canonical(w, buf.Bytes())
}

// canonical rewrites an .xlsx file (a zip archive) with its parts in name
// order, which puts [Content_Types].xml first as Excel writes it. excelize
// writes streamed sheets in an order that varies from run to run; the
// parts themselves do not, so this makes the same sheets give the same
// bytes (STYLE.md: deterministic outputs). The parts are copied still
// compressed.
func canonical(w io.Writer, data []byte) error {
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		return err
	}
	parts := slices.Clone(zr.File)
	slices.SortFunc(parts, func(a, b *zip.File) int { return strings.Compare(a.Name, b.Name) })
	zw := zip.NewWriter(w)
	for _, p := range parts {
		raw, err := p.OpenRaw()
		if err != nil {
			return err
		}
		dst, err := zw.CreateRaw(&p.FileHeader)
		if err != nil {
			return err
		}
		if _, err := io.Copy(dst, raw); err != nil {
			return err
		}
	}
	return zw.Close()
}

// styles are the cell styles of the column types.
type styles struct{ header, money, date, number int }

func newStyles(f *excelize.File) (styles, error) {
	var s styles
	var err error
	if s.header, err = f.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true}}); err != nil {
		return s, err
	}
	// Built-in number format 4 is "#,##0.00".
	if s.money, err = f.NewStyle(&excelize.Style{NumFmt: 4}); err != nil {
		return s, err
	}
	dateFmt := "yyyy-mm-dd"
	if s.date, err = f.NewStyle(&excelize.Style{CustomNumFmt: &dateFmt}); err != nil {
		return s, err
	}
	// Built-in format 0 ("General") shows a number as stored.
	s.number, err = f.NewStyle(&excelize.Style{NumFmt: 0})
	return s, err
}

func writeSheet(f *excelize.File, s *Sheet, st styles, index int) error {
	sw, err := f.NewStreamWriter(s.Name)
	if err != nil {
		return err
	}
	n := len(s.Columns)
	if n == 0 {
		return errors.New("no columns")
	}
	for j, c := range s.Columns {
		if err := sw.SetColWidth(j+1, j+1, width(c, s.Rows, j)); err != nil {
			return err
		}
	}
	if err := sw.SetPanes(&excelize.Panes{Freeze: true, YSplit: 1, TopLeftCell: "A2", ActivePane: "bottomLeft"}); err != nil {
		return err
	}
	header := make([]any, n)
	for j, c := range s.Columns {
		header[j] = excelize.Cell{StyleID: st.header, Value: c.Name}
	}
	if err := sw.SetRow("A1", header); err != nil {
		return err
	}
	row := make([]any, n)
	for i, r := range s.Rows {
		for j, c := range s.Columns {
			v := ""
			if j < len(r) {
				v = r[j]
			}
			row[j] = cell(c.Type, v, st)
		}
		ref, err := excelize.CoordinatesToCellName(1, i+2)
		if err != nil {
			return err
		}
		if err := sw.SetRow(ref, row); err != nil {
			return err
		}
	}
	last, err := excelize.CoordinatesToCellName(n, max(len(s.Rows), 1)+1)
	if err != nil {
		return err
	}
	// A table gives every column a filter button; its name must be unique
	// in the workbook and a plain word.
	disable := false
	if err := sw.AddTable(&excelize.Table{Range: "A1:" + last, Name: tableName(s.Name, index), StyleName: "TableStyleLight1", ShowRowStripes: &disable}); err != nil {
		return err
	}
	return sw.Flush()
}

// cell converts one CSV cell to a typed cell. Text, and any value that
// does not read as its type, is stored as a string: an inline string,
// which a spreadsheet shows and never evaluates.
func cell(t Type, v string, st styles) any {
	if v == "" {
		return nil
	}
	switch t {
	case Int:
		if n, err := strconv.ParseInt(v, 10, 64); err == nil {
			return n
		}
	case Number:
		if x, err := strconv.ParseFloat(v, 64); err == nil && plainNumber(v) {
			return excelize.Cell{StyleID: st.number, Value: x}
		}
	case Money:
		if p, err := linkmatch.ParseGBP(strings.TrimPrefix(v, "-")); err == nil {
			x := float64(p) / 100
			if strings.HasPrefix(v, "-") {
				x = -x
			}
			return excelize.Cell{StyleID: st.money, Value: x}
		}
	case Date:
		if d, err := linkmatch.ParseDate(v); err == nil {
			return excelize.Cell{StyleID: st.date, Value: d.Time(time.UTC)}
		}
	}
	return v
}

// plainNumber accepts what our CSV files write for numbers: digits with an
// optional sign and decimal point, never "NaN", "Inf" or an exponent.
func plainNumber(v string) bool {
	for i, r := range v {
		if !(r >= '0' && r <= '9' || r == '.' || (i == 0 && r == '-')) {
			return false
		}
	}
	return true
}

// width is a column's width in characters: its header's or its longest
// cell's among the first rows, within 8 and 60.
func width(c Column, rows [][]string, j int) float64 {
	w := len([]rune(c.Name)) + 3
	for i := 0; i < len(rows) && i < 200; i++ {
		if j < len(rows[i]) {
			w = max(w, len([]rune(rows[i][j]))+1)
		}
	}
	if c.Type == Date {
		w = max(w, 12)
	}
	return float64(min(max(w, 8), 60))
}

// tableName makes an Excel table name from a sheet name: letters, digits
// and underscores, starting with a letter, unique by the sheet's position.
func tableName(sheet string, index int) string {
	var b strings.Builder
	b.WriteString("T")
	b.WriteString(strconv.Itoa(index + 1))
	b.WriteByte('_')
	for _, r := range sheet {
		if r < unicode.MaxASCII && (unicode.IsLetter(r) || unicode.IsDigit(r)) {
			b.WriteRune(r)
		} else {
			b.WriteByte('_')
		}
	}
	return b.String()
}
