package plan

import (
	"io"
	"sort"

	"github.com/linkmatch/linkmatch/internal/output"
)

// WriteStages writes stages.csv: link_id, child_id, carer_id, stage, from,
// to — each link's stages as the plan dates them (the first and the last
// day, inclusive), links by id and stages in order. These are the dates
// plan_warnings.csv gives a stage's warnings, so the report's stage table,
// which reads them, agrees with its warnings; siblings, planned together,
// share them. A stage the plan never reaches (it ends at 18, or at the
// horizon) has no row.
func WriteStages(w io.Writer, stages map[string]LinkStages) error {
	ids := make([]string, 0, len(stages))
	for id := range stages {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	c := output.NewCSV(w)
	c.Header("link_id", "child_id", "carer_id", "stage", "from", "to")
	for _, id := range ids {
		ls := stages[id]
		for _, sp := range ls.Spans {
			if sp.To <= sp.From {
				continue
			}
			c.String(id)
			c.String(ls.Link.ChildID)
			c.String(ls.Link.CarerID)
			c.String(sp.Stage)
			c.Raw(sp.From.String())
			c.Raw(sp.To.AddDays(-1).String())
			c.End()
		}
	}
	return c.Flush()
}
