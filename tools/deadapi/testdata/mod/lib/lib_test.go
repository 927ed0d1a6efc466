package lib

import "testing"

// A test's use does not count.
func TestDead(t *testing.T) {
	if Dead() != 1 {
		t.Fatal("Dead")
	}
}
