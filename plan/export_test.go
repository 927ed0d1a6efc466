package plan

import "testing"

// GoldenForTest lets the external tests (package plan_test, which may
// import scenarios) share the -update golden helper.
func GoldenForTest(t *testing.T, name string, got []byte) { golden(t, name, got) }
