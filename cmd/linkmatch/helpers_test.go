package main

import (
	"bytes"
	"context"
	"encoding/csv"
	"io"
	"path/filepath"
	"testing"

	"github.com/linkmatch/linkmatch/internal/cli"
)

// Exit codes (INTERFACE.md): 0 success; 1 failure while running; 2 bad
// usage or invalid input.
const (
	exitOK      = cli.ExitOK
	exitFailure = cli.ExitFailure
	exitInvalid = cli.ExitInvalid
)

// run runs one command line against the given streams, as main does but
// in this process and without a janitor.
func run(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) error {
	return runWith(ctx, args, stdin, stdout, stderr, nil)
}

// settle gives the error of a command stopped by a signal as that.
func settle(ctx context.Context, err error) error { return cli.Settle(ctx, err) }

// readCSV returns a CSV file's rows, header first (rows may differ in
// length), failing the test when the file cannot be read or is not CSV.
func readCSV(t testing.TB, path string) [][]string {
	t.Helper()
	r := csv.NewReader(bytes.NewReader(readFile(t, path)))
	r.FieldsPerRecord = -1
	rows, err := r.ReadAll()
	if err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	return rows
}

// costJanuary runs "cost" on dir's scenario and timeline.csv from 4 to 31
// January 2027 into dir/costs.csv, failing the test unless it succeeds; it
// returns what cost printed and the costs file's path.
func costJanuary(t testing.TB, dir string) (stdout, costs string) {
	t.Helper()
	costs = filepath.Join(dir, "costs.csv")
	var out, errs bytes.Buffer
	err := run(context.Background(), []string{"cost", dir, "--timeline", filepath.Join(dir, "timeline.csv"),
		"--from", "2027-01-04", "--to", "2027-01-31", "--out", costs, "--quiet"}, nil, &out, &errs)
	if err != nil {
		t.Fatalf("cost: %v\n%s", err, errs.String())
	}
	return out.String(), costs
}

// writeCSV writes rows to path as CSV, failing the test when it cannot.
func writeCSV(t testing.TB, path string, rows [][]string) {
	t.Helper()
	var b bytes.Buffer
	if err := csv.NewWriter(&b).WriteAll(rows); err != nil {
		t.Fatal(err)
	}
	writeFile(t, path, b.String())
}
