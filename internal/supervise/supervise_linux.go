//go:build linux

package supervise

import (
	"os/exec"
	"syscall"
)

// dieWithParent asks Linux to send the child SIGTERM when the supervisor
// dies, even by SIGKILL (prctl PR_SET_PDEATHSIG, see prctl(2)): the child
// then stops as on any SIGTERM, removing its temporary files and writing
// nothing. The worker's own parent check (watchParent) covers the moment
// before the setting takes effect and other systems.
func dieWithParent(cmd *exec.Cmd) {
	cmd.SysProcAttr = &syscall.SysProcAttr{Pdeathsig: syscall.SIGTERM}
}
