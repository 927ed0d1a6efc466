package runout

// This file stages what "linkmatch cost" writes.

import (
	"io"

	"github.com/linkmatch/linkmatch/cost"
	"github.com/linkmatch/linkmatch/internal/output"
)

// CostFiles are the paths "linkmatch cost" writes; Summary and Statements
// are "" when not asked for.
type CostFiles struct {
	Costs, Summary, Statements string
}

// WriteCosts writes costs.csv and, when asked, the summary and the carers'
// statements, all or none; it returns the paths written.
func WriteCosts(b *output.Batch, f CostFiles, res *cost.Result) ([]string, error) {
	outputs := []struct {
		path string
		fn   func(io.Writer) error
	}{
		{f.Costs, func(w io.Writer) error { return cost.WriteCosts(w, res) }},
		{f.Summary, func(w io.Writer) error { return cost.WriteSummary(w, res.Summary) }},
		{f.Statements, func(w io.Writer) error { return cost.WriteStatements(w, res) }},
	}
	var written []string
	for _, o := range outputs {
		if o.path == "" {
			continue
		}
		if err := b.Write(o.path, o.fn); err != nil {
			b.Abort()
			return nil, err
		}
		written = append(written, o.path)
	}
	return written, b.Commit()
}
