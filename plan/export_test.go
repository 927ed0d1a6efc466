package plan

import (
	"testing"

	"github.com/linkmatch/linkmatch"
)

// GoldenForTest lets the external tests (package plan_test, which may
// import scenarios) share the -update golden helper.
func GoldenForTest(t *testing.T, name string, got []byte) { golden(t, name, got) }

// sessionsOf keeps the tests that look only at sessions short.
func sessionsOf(r *Result, err error) ([]linkmatch.Session, error) {
	if err != nil {
		return nil, err
	}
	return r.Sessions, nil
}
