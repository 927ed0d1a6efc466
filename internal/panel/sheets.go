package panel

import (
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io/fs"
	"strings"

	"github.com/linkmatch/linkmatch/internal/workbook"
)

// sheetFiles are the workbook's sheets taken whole from a run's CSV files,
// in the order the workbook lists them; "costs by month" follows the
// timeline. A file marked optional is left out when the run has none.
var sheetFiles = []struct {
	sheet, file string
	optional    bool
}{
	{"links", FileMatches, false},
	{"shortlist", FileShortlist, false},
	{"unmatched", FileUnmatched, false},
	{"timeline", FileTimeline, false},
	{"carer statements", FileStatements, true},
}

// Sheets are the workbook of a run: links, shortlist, unmatched, timeline
// and carer statements as the run's CSV files hold them (typed by column,
// see ColumnType), and costs by month from its costs.
func Sheets(fsys fs.FS, out *Outputs) ([]workbook.Sheet, error) {
	var sheets []workbook.Sheet
	for _, f := range sheetFiles {
		data, err := fs.ReadFile(fsys, f.file)
		if errors.Is(err, fs.ErrNotExist) && f.optional {
			continue
		}
		if err != nil {
			return nil, fmt.Errorf("%s: %w", f.file, err)
		}
		s, err := sheetOfCSV(f.sheet, data)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", f.file, err)
		}
		sheets = append(sheets, s)
		if f.sheet == "timeline" {
			sheets = append(sheets, monthSheet(out))
		}
	}
	return sheets, nil
}

// sheetOfCSV reads a whole CSV file as a sheet.
func sheetOfCSV(name string, data []byte) (workbook.Sheet, error) {
	r := csv.NewReader(bytes.NewReader(bytes.TrimPrefix(data, []byte("\xef\xbb\xbf"))))
	r.FieldsPerRecord = -1
	recs, err := r.ReadAll()
	if err != nil {
		return workbook.Sheet{}, err
	}
	if len(recs) == 0 {
		return workbook.Sheet{}, errors.New("the file is empty")
	}
	s := workbook.Sheet{Name: name, Rows: recs[1:]}
	for _, h := range recs[0] {
		s.Columns = append(s.Columns, workbook.Column{Name: h, Type: ColumnType(h)})
	}
	return s, nil
}

// ColumnType is how the workbook stores a column of linkmatch's CSV
// files, by its header: dates as dates, amounts in pounds as money, counts
// as whole numbers, scores, distances and quantities as numbers, and the
// rest (ids, times of day, words) as text.
func ColumnType(header string) workbook.Type {
	h := strings.ToLower(header)
	switch {
	case h == "date" || strings.HasSuffix(h, "_date") || h == "from" || h == "to" || h == "effective_from" ||
		h == "started" || h == "stage_since" || strings.HasPrefix(h, "period_") && (strings.HasSuffix(h, "start") || strings.HasSuffix(h, "end")):
		return workbook.Date
	case strings.HasSuffix(h, "_gbp"):
		return workbook.Money
	case h == "rank" || h == "eligible_carers" || h == "full_carers" || h == "short_by" || h == "links" || h == "days" ||
		h == "border_steps" || h == "age" || h == "sessions" || h == "paid_sessions" || h == "existing_links" || h == "active_links":
		return workbook.Int
	case h == "score" || h == "quantity" || h == "miles" || h == "value" || strings.HasPrefix(h, "distance_") ||
		strings.HasSuffix(h, "_minutes") || strings.HasSuffix(h, "_component"):
		return workbook.Number
	}
	return workbook.Text
}

// monthSheet is the costs of all links by calendar month.
func monthSheet(out *Outputs) workbook.Sheet {
	s := workbook.Sheet{Name: "costs by month"}
	for _, h := range []string{"month", "month_start", "links", "retainer_gbp", "sessions_gbp", "mileage_gbp", "total_gbp"} {
		t := ColumnType(h)
		if h == "month_start" {
			t = workbook.Date
		}
		s.Columns = append(s.Columns, workbook.Column{Name: h, Type: t})
	}
	for _, m := range costs(out).Months {
		y, mo, _ := m.Month.Civil()
		s.Rows = append(s.Rows, []string{fmt.Sprintf("%04d-%02d", y, int(mo)), m.Month.String(), fmt.Sprint(m.Links),
			m.Retainer.String(), m.Sessions.String(), m.Mileage.String(), m.Total.String()})
	}
	return s
}
