//go:build unix && !linux

package supervise

import "os/exec"

// dieWithParent does nothing where there is no parent-death signal: the
// worker's parent check (watchParent) stops it instead.
func dieWithParent(*exec.Cmd) {}
