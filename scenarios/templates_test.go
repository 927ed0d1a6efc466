package scenarios

import (
	"github.com/linkmatch/linkmatch"
	"github.com/linkmatch/linkmatch/plan"
)

// planTemplates is the template reader commands pass (through
// internal/pipeline): plan's templates, so that tests check rows against
// them as a real load does.
func planTemplates(data []byte, display string, scheme linkmatch.Scheme) (TemplateInfo, error) {
	t, err := plan.ReadTemplateInfo(data, display, scheme)
	if err != nil {
		return nil, err
	}
	return t, nil
}
