//go:build !unix

package supervise

import (
	"os"

	"github.com/linkmatch/linkmatch/internal/output"
)

// Main runs the command line in this process: child processes with extra
// file descriptors (supervise_unix.go) need a Unix system. A panic of the
// command's own goroutine still exits 1.
func (p Program) Main(args []string) int {
	return p.serve(args, p.recovering(p.Run), os.Stdin, os.Stdout, os.Stderr, &output.Janitor{})
}
