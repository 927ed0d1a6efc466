package plan

import (
	"github.com/linkmatch/linkmatch"
)

// sessionsOf keeps the tests that look only at sessions short.
func sessionsOf(r *Result, err error) ([]linkmatch.Session, error) {
	if err != nil {
		return nil, err
	}
	return r.Sessions, nil
}
